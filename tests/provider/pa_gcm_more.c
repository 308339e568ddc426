// SPDX-License-Identifier: Apache-2.0
/*
 * GCM beyond random messages: TLS 1.2 records (as libssl drives them),
 * generated IVs, the calls OpenSSL refuses (same verdict here), AAD over
 * 64 KiB, payloads over the block request's size, EVP_Cipher().
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include "pa_test.h"

static int tls_setup(EVP_CIPHER_CTX *c, EVP_CIPHER *ci, const unsigned char *key,
		     const unsigned char *fixed, int fixed_len, int enc)
{
	return EVP_CipherInit_ex(c, ci, NULL, key, NULL, enc) &&
	       EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IV_FIXED, fixed_len, (void *)fixed) > 0;
}

/* One record as ssl3_record.c's tls1_enc does it (provided cipher). */
static int tls_record(EVP_CIPHER_CTX *c, unsigned char *rec, size_t payload, uint64_t seq,
		      int enc, int *outl)
{
	unsigned char aad[13];
	size_t reclen = 8 + payload + (enc ? 0 : 16);
	int pad;

	for (int i = 7; i >= 0; i--, seq >>= 8)
		aad[i] = (unsigned char)seq;
	aad[8] = 23;
	aad[9] = 3;
	aad[10] = 3;
	aad[11] = (unsigned char)(reclen >> 8);
	aad[12] = (unsigned char)reclen;
	pad = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_TLS1_AAD, 13, aad);
	if (pad != 16)
		return 0;
	if (enc)
		reclen += 16;
	return EVP_CipherUpdate(c, rec, outl, rec, (int)reclen);
}

static void tls_records(const char *name, size_t klen)
{
	EVP_CIPHER *cw = pa_fetch_wd(name), *cr = pa_fetch_ref(name);
	EVP_CIPHER_CTX *ew = EVP_CIPHER_CTX_new(), *er = EVP_CIPHER_CTX_new(),
		       *dw = EVP_CIPHER_CTX_new(), *dr = EVP_CIPHER_CTX_new();
	static unsigned char r1[20000], r2[20000], pt[20000];
	unsigned char key[32], iv[12];
	int n1, n2;

	pa_rand_bytes(key, klen);
	pa_rand_bytes(iv, 12);
	/* the whole IV (-1): both sides generate the same explicit IVs */
	PA_CHECK(tls_setup(ew, cw, key, iv, -1, 1) && tls_setup(er, cr, key, iv, -1, 1) &&
		 tls_setup(dw, cw, key, iv, 4, 0) && tls_setup(dr, cr, key, iv, 4, 0),
		 "%s: TLS setup", name);
	for (uint64_t seq = 0; seq < 60; seq++) {
		size_t len = pa_rand_len(16384);

		pa_rand_bytes(pt, len);
		memcpy(r1 + 8, pt, len);
		memcpy(r2 + 8, pt, len);
		PA_CHECK(tls_record(ew, r1, len, seq, 1, &n1) && tls_record(er, r2, len, seq, 1, &n2),
			 "%s: TLS encrypt %zu", name, len);
		PA_CHECK(n1 == n2 && n1 == (int)(len + 24) && !memcmp(r1, r2, len + 24),
			 "%s: TLS record of %zu differs", name, len);
		/* each side decrypts the other's record; a bad tag fails and wipes */
		memcpy(r2, r1, len + 24);
		if (seq % 7 == 3)
			r1[8 + len + seq % 16] ^= 0x40;
		n1 = tls_record(dw, r1, len, seq, 0, &n2);
		PA_CHECK(n1 == (seq % 7 != 3), "%s: TLS decrypt verdict %d", name, n1);
		if (n1)
			PA_CHECK(n2 == (int)len && !memcmp(r1 + 8, pt, len), "%s: TLS plaintext", name);
		ERR_clear_error();
		PA_CHECK(tls_record(dr, r2, len, seq, 0, &n2) && !memcmp(r2 + 8, pt, len),
			 "%s: default decrypts warpdrive's record", name);
	}
	EVP_CIPHER_CTX_free(ew);
	EVP_CIPHER_CTX_free(er);
	EVP_CIPHER_CTX_free(dw);
	EVP_CIPHER_CTX_free(dr);
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

/* Encrypt without an IV: a random one; it can be read back and decrypts. */
static void generated_iv(void)
{
	EVP_CIPHER *cw = pa_fetch_wd("AES-128-GCM"), *cr = pa_fetch_ref("AES-128-GCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned char key[16], iv[12], in[100], out[100], back[100], tag[16];
	int n;

	pa_rand_bytes(key, 16);
	pa_rand_bytes(in, 100);
	PA_CHECK(EVP_EncryptInit_ex2(c, cw, key, NULL, NULL) &&
		 EVP_EncryptUpdate(c, out, &n, in, 100) && EVP_EncryptFinal_ex(c, out, &n) &&
		 pa_get_tag(c, tag, 16) && EVP_CIPHER_CTX_get_updated_iv(c, iv, 12),
		 "encrypt with a generated IV");
	EVP_DecryptInit_ex2(c, cr, key, iv, NULL);
	pa_set_tag(c, tag, 16);
	PA_CHECK(EVP_DecryptUpdate(c, back, &n, out, 100) && EVP_DecryptFinal_ex(c, back, &n) &&
		 !memcmp(back, in, 100), "the generated IV decrypts");
	/* decrypting without an IV is refused */
	EVP_DecryptInit_ex2(c, cw, key, NULL, NULL);
	PA_CHECK(!EVP_DecryptUpdate(c, back, &n, out, 100), "decrypt without IV refused");
	ERR_clear_error();
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

/* Misuse: warpdrive says what the default provider says. */
static void refusals(void)
{
	EVP_CIPHER *ci[2] = { pa_fetch_wd("AES-256-GCM"), pa_fetch_ref("AES-256-GCM") };
	unsigned char key[32] = { 1 }, iv[12] = { 2 }, buf[64] = { 0 }, tag[16];
	int r[2][12], n;

	for (int k = 0; k < 2; k++) {
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
		int i = 0;

		EVP_EncryptInit_ex2(c, ci[k], NULL, NULL, NULL);
		r[k][i++] = EVP_EncryptUpdate(c, buf, &n, buf, 16);	/* no key */
		EVP_EncryptInit_ex2(c, NULL, key, iv, NULL);
		r[k][i++] = pa_get_tag(c, tag, 16);	/* no tag before Final */
		r[k][i++] = pa_set_tag(c, tag, 16);	/* tag on encrypt */
		r[k][i++] = EVP_EncryptUpdate(c, buf, &n, buf, 20);
		r[k][i++] = EVP_EncryptUpdate(c, NULL, &n, buf, 5);	/* AAD after payload */
		r[k][i++] = EVP_EncryptFinal_ex(c, buf, &n);
		r[k][i++] = EVP_EncryptFinal_ex(c, buf, &n);	/* twice */
		r[k][i++] = EVP_EncryptUpdate(c, buf, &n, buf, 16);	/* after Final */
		r[k][i++] = pa_set_ivlen(c, 0);
		EVP_DecryptInit_ex2(c, NULL, NULL, iv, NULL);
		r[k][i++] = EVP_DecryptUpdate(c, buf, &n, buf, 16);
		r[k][i++] = EVP_DecryptFinal_ex(c, buf, &n);	/* no tag */
		r[k][i++] = pa_set_tag(c, tag, 17);
		EVP_CIPHER_CTX_free(c);
		ERR_clear_error();
	}
	for (int i = 0; i < 12; i++)
		PA_CHECK(r[0][i] == r[1][i], "refusal %d: warpdrive %d, default %d", i, r[0][i],
			 r[1][i]);
	EVP_CIPHER_free(ci[0]);
	EVP_CIPHER_free(ci[1]);
}

/* Sizes past WarpDrive's limits (AAD) and past the block request (payload). */
static void big(void)
{
	EVP_CIPHER *cw = pa_fetch_wd("AES-128-GCM"), *cr = pa_fetch_ref("AES-128-GCM");
	size_t alen = 70000, len = 300000;
	unsigned char *aad = malloc(alen), *in = malloc(len), *o1 = malloc(len), *o2 = malloc(len);
	unsigned char key[16], iv[12], t1[16], t2[16];
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	pa_rand_bytes(key, 16);
	pa_rand_bytes(iv, 12);
	pa_rand_bytes(aad, alen);
	pa_rand_bytes(in, len);
	for (int k = 0; k < 2; k++) {
		size_t a = k ? alen : 100;	/* the second round: over 64 KiB of AAD */

		EVP_EncryptInit_ex2(c, cw, key, iv, NULL);
		EVP_EncryptUpdate(c, NULL, &n, aad, (int)a);
		EVP_EncryptUpdate(c, o1, &n, in, 100001);
		EVP_EncryptUpdate(c, o1 + 100001, &n, in + 100001, (int)(len - 100001));
		PA_CHECK(EVP_EncryptFinal_ex(c, o1, &n) && pa_get_tag(c, t1, 16), "big encrypt");
		pa_ref_gcm("AES-128-ECB", key, 16, iv, 12, aad, a, in, len, o2, t2, 1);
		PA_CHECK(!memcmp(o1, o2, len) && !memcmp(t1, t2, 16), "big GCM (AAD %zu)", a);
	}
	(void)cr;
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
	free(aad);
	free(in);
	free(o1);
	free(o2);
}

/* EVP_Cipher(): update with out/in, AAD with out NULL, Final with in NULL. */
static void evp_cipher_calls(void)
{
	EVP_CIPHER *cw = pa_fetch_wd("AES-128-GCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned char key[16], iv[12], aad[20], in[77], o1[77], o2[77], t1[16], t2[16];

	pa_rand_bytes(key, 16);
	pa_rand_bytes(iv, 12);
	pa_rand_bytes(aad, 20);
	pa_rand_bytes(in, 77);
	EVP_EncryptInit_ex2(c, cw, key, iv, NULL);
	PA_CHECK(EVP_Cipher(c, NULL, aad, 20) == 20 && EVP_Cipher(c, o1, in, 77) == 77 &&
		 EVP_Cipher(c, NULL, NULL, 0) == 0 && pa_get_tag(c, t1, 16), "EVP_Cipher calls");
	pa_ref_gcm("AES-128-ECB", key, 16, iv, 12, aad, 20, in, 77, o2, t2, 1);
	PA_CHECK(!memcmp(o1, o2, 77) && !memcmp(t1, t2, 16), "EVP_Cipher result");
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(cw);
}

/*
 * A decrypt tag under 8 bytes set late: checked exactly on a message the
 * context kept (up to 1 KiB), refused with an error on one that streamed
 * on WarpDrive (exact again on the software path's configurations). A
 * copy of a streaming context: refused with an error (or exact), and the
 * original goes on right.
 */
static void documented_refusals(void)
{
	EVP_CIPHER *cw = pa_fetch_wd("AES-128-GCM"), *sm = pa_fetch_wd("SM4-GCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new(), *d = EVP_CIPHER_CTX_new();
	static unsigned char in[3000], ct[3000], out[3000];
	unsigned char key[16], iv[12], tag[16], t2[16];
	int n, ok;

	pa_rand_bytes(key, 16);
	pa_rand_bytes(iv, 12);
	pa_rand_bytes(in, sizeof(in));
	for (int k = 0; k < 3; k++) {
		/* kept (300 B, AES), kept (SM4: no software path at all), streamed */
		size_t len = k < 2 ? 300 : 3000;
		const char *ecb = k == 1 ? "SM4-ECB" : "AES-128-ECB";

		pa_ref_gcm(ecb, key, 16, iv, 12, NULL, 0, in, len, ct, tag, 1);
		for (int bad = 0; bad < 2; bad++) {
			memcpy(t2, tag, 16);
			t2[3] ^= (unsigned char)bad;
			EVP_DecryptInit_ex2(c, k == 1 ? sm : cw, key, iv, NULL);
			ok = EVP_DecryptUpdate(c, out, &n, ct, 100) &&
			     EVP_DecryptUpdate(c, out + 100, &n, ct + 100, (int)len - 100);
			PA_CHECK(ok && !memcmp(out, in, len), "decrypt of %zu", len);
			pa_set_tag(c, t2, 4);
			ok = EVP_DecryptFinal_ex(c, out, &n);
			if (k < 2)
				PA_CHECK(ok == !bad, "late 4-byte tag on a kept message: %d (bad %d)",
					 ok, bad);
			else if (!ok)
				PA_CHECK(ERR_peek_error() != 0, "a refusal raises an error");
			ERR_clear_error();
		}
	}
	/* a copy of a streaming message: refused with an error, or exact */
	EVP_EncryptInit_ex2(c, cw, key, iv, NULL);
	EVP_EncryptUpdate(c, out, &n, in, 1000);
	EVP_EncryptUpdate(c, out + 1000, &n, in + 1000, 500);
	if (EVP_CIPHER_CTX_copy(d, c)) {
		EVP_EncryptUpdate(d, out + 1500, &n, in + 1500, 1500);
		PA_CHECK(EVP_EncryptFinal_ex(d, out, &n) && pa_get_tag(d, t2, 16) &&
			 !memcmp(t2, tag, 16) && !memcmp(out, ct, 3000), "the copy goes on exactly");
	} else {
		PA_CHECK(ERR_peek_error() != 0, "a refused copy raises an error");
		ERR_clear_error();
	}
	EVP_EncryptUpdate(c, out + 1500, &n, in + 1500, 1500);
	PA_CHECK(EVP_EncryptFinal_ex(c, out, &n) && pa_get_tag(c, t2, 16) && !memcmp(t2, tag, 16) &&
		 !memcmp(out, ct, 3000), "the original goes on after a copy");
	ERR_clear_error();
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_CTX_free(d);
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(sm);
}

void pa_gcm_more(void)
{
	documented_refusals();
	pa_seed(2);
	tls_records("AES-128-GCM", 16);
	tls_records("AES-256-GCM", 32);
	generated_iv();
	refusals();
	big();
	evp_cipher_calls();
}
