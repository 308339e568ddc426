// SPDX-License-Identifier: Apache-2.0
/*
 * CCM: random call sequences run on warpdrive's and the default provider's
 * AES-CCM with the same verdicts and bytes (lengths set or not, AAD in one
 * or more updates, tag and IV lengths set before or after the key, several
 * messages per context with or without getting the tag, copies), TLS 1.2
 * records (CCM and CCM8), and SM4-CCM against the reference of pa_ref.c.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include "pa_test.h"

#define MAXP 20000

static unsigned char ow[MAXP], orf[MAXP];

struct cpair {
	EVP_CIPHER_CTX *c[2];	/* warpdrive, default */
};

/* Each step on both contexts; every result is compared. */
#define BOTH(p, what, expr)							\
	do {									\
		int r_[2];							\
		for (int k_ = 0; k_ < 2; k_++) {				\
			EVP_CIPHER_CTX *c = (p)->c[k_];				\
			unsigned char *o = k_ ? orf : ow;			\
			(void)o;						\
			r_[k_] = (expr);					\
		}								\
		PA_CHECK(r_[0] == r_[1], "%s: warpdrive %d, default %d", what, r_[0], r_[1]); \
		if (r_[0] != r_[1] && pa_verbose)				\
			ERR_print_errors_fp(stderr);				\
		if (pa_verbose > 1)						\
			fprintf(stderr, "    %s: %d %d\n", what, r_[0], r_[1]);	\
		ERR_clear_error();						\
	} while (0)

/*
 * The default provider's CCM final before OpenSSL 3.0.22 did nothing: a
 * message whose payload was never processed (no payload update, or a
 * failed one) got no tag check and no tag, and final succeeded. 3.0.22
 * processes the empty payload there, as warpdrive does (aead_ccm.c). An
 * encryption with no payload update has a tag after final only with the
 * fix; without it, final and the tag of such a message are not compared.
 */
static int ref_final_processes(EVP_CIPHER *ref)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned char key[16] = { 0 }, iv[12] = { 0 }, tag[16], none[1];
	static int said;
	int n, ok;

	ok = c && EVP_EncryptInit_ex2(c, ref, NULL, NULL, NULL) && pa_set_ivlen(c, 12) &&
	     pa_set_tag(c, NULL, 16) && EVP_EncryptInit_ex2(c, NULL, key, iv, NULL) &&
	     EVP_EncryptFinal_ex(c, none, &n) && pa_get_tag(c, tag, 16);
	ERR_clear_error();
	EVP_CIPHER_CTX_free(c);
	if (!ok && !said++)
		fprintf(stderr, "pa_ccm: the default provider's CCM final predates OpenSSL 3.0.22's:"
			" final and the tag of a message with no payload processed are not compared\n");
	return ok;
}

static void ccm_random(const char *name, size_t klen, int rounds)
{
	EVP_CIPHER *ci[2] = { pa_fetch_wd(name), pa_fetch_ref(name) };
	static unsigned char key[32], iv[16], aad[MAXP], in[MAXP], ct[MAXP], tag[16], t[2][16];
	struct cpair p;
	int n, ref_fixed;

	PA_CHECK(ci[0] && ci[1], "fetch %s", name);
	if (!ci[0] || !ci[1])
		return;
	ref_fixed = ref_final_processes(ci[1]);
	for (int i = 0; i < rounds; i++) {
		int msgs = 1 + pa_rand() % 3, fails = pa_failures, encrypted;

		p.c[0] = EVP_CIPHER_CTX_new();
		p.c[1] = EVP_CIPHER_CTX_new();
		pa_rand_bytes(key, klen);
		for (int j = 0; j < msgs; j++) {
			size_t nlen = 7 + pa_rand() % 7, m = 4 + 2 * (pa_rand() % 7);
			size_t alen = pa_rand() % 3 ? pa_rand_len(500) : 0;
			size_t len = pa_rand_len(MAXP / 2);
			int enc = pa_rand() % 2, late = pa_rand() % 8 == 0;
			int setlen = pa_rand() % 4 != 0, pieces = pa_rand() % 6 == 0 ? 2 : 1;

			if (pa_verbose > 1)
				fprintf(stderr, "  round %d msg %d enc %d nlen %zu m %zu aad %zu/%d "
					"len %zu late %d setlen %d\n", i, j, enc, nlen, m, alen, pieces,
					len, late, setlen);
			if (j && pa_rand() % 2)
				pa_rand_bytes(key, klen);
			pa_rand_bytes(iv, sizeof(iv));
			pa_rand_bytes(aad, alen);
			pa_rand_bytes(in, len);
			if (!enc) {
				/* a real ciphertext and tag, sometimes corrupted */
				pa_ref_ccm(klen == 16 ? "AES-128-ECB" : klen == 24 ? "AES-192-ECB" :
					   "AES-256-ECB", key, klen, iv, nlen, m, aad, alen, in, len,
					   ct, tag, 1);
				memcpy(in, ct, len);
				if (pa_rand() % 5 == 0)
					tag[pa_rand() % m] ^= 2;
			}
			BOTH(&p, "init", EVP_CipherInit_ex2(c, j ? NULL : ci[k_], NULL, NULL, enc, NULL));
			if (!late) {
				BOTH(&p, "ivlen", pa_set_ivlen(c, nlen));
				BOTH(&p, "tag", pa_set_tag(c, enc ? NULL : tag, m));
			}
			BOTH(&p, "key", EVP_CipherInit_ex2(c, NULL, key, late ? NULL : iv, enc, NULL));
			if (late) {
				/* after the key: OpenSSL's context keeps the old M and L */
				BOTH(&p, "late ivlen", pa_set_ivlen(c, nlen));
				BOTH(&p, "late tag", pa_set_tag(c, enc ? NULL : tag, m));
				BOTH(&p, "iv", EVP_CipherInit_ex2(c, NULL, NULL, iv, enc, NULL));
			}
			if (pa_rand() % 6 == 0) {
				EVP_CIPHER_CTX *d[2] = { EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_new() };

				BOTH(&p, "copy", EVP_CIPHER_CTX_copy(d[k_], c));
				EVP_CIPHER_CTX_free(p.c[0]);
				EVP_CIPHER_CTX_free(p.c[1]);
				p.c[0] = d[0];
				p.c[1] = d[1];
			}
			/* outl too: OpenSSL reports len for the length and AAD calls */
			if (setlen)
				BOTH(&p, "length", EVP_CipherUpdate(c, NULL, &n, NULL, (int)len) ? n : -1);
			if (alen) {
				size_t half = pieces > 1 ? alen / 2 : alen;

				BOTH(&p, "aad", EVP_CipherUpdate(c, NULL, &n, aad, (int)half) ? n : -1);
				if (pieces > 1)
					BOTH(&p, "aad 2", EVP_CipherUpdate(c, NULL, &n, aad + half,
									   (int)(alen - half)));
			}
			encrypted = 0;
			if (len || pa_rand() % 2) {
				/* untouched output (a refused call) must compare equal too */
				memset(ow, 0xa5, len);
				memset(orf, 0xa5, len);
				BOTH(&p, "payload", encrypted = EVP_CipherUpdate(c, o, &n, in, (int)len) &&
						    n == (int)len);
				PA_CHECK(!memcmp(ow, orf, len), "%s payload of %zu differs (enc %d)",
					 name, len, enc);
			}
			if (ref_fixed || encrypted) {
				BOTH(&p, "final", EVP_CipherFinal_ex(c, o, &n));
			} else {
				(void)EVP_CipherFinal_ex(p.c[0], ow, &n);
				(void)EVP_CipherFinal_ex(p.c[1], orf, &n);
				ERR_clear_error();
			}
			if (enc && pa_rand() % 3) {
				size_t tl = pa_rand() % 8 ? m : m + 2;
				int got[2];

				for (int k = 0; k < 2; k++)
					got[k] = pa_get_tag(p.c[k], t[k], tl);
				ERR_clear_error();
				/*
				 * Without a payload update OpenSSL may hand out a MAC state
				 * left from an earlier message and moved on since (no tag of
				 * any message): warpdrive refuses that (aead_ccm.c).
				 */
				if (!(got[1] && !got[0] && !encrypted) && (ref_fixed || encrypted))
					PA_CHECK(got[0] == got[1], "get tag: warpdrive %d, default %d",
						 got[0], got[1]);
				if (got[0] && got[1])
					PA_CHECK(!memcmp(t[0], t[1], tl), "%s tags differ", name);
			}
			if (pa_failures != fails) {
				fprintf(stderr, "  in: round %d msg %d enc %d nlen %zu m %zu aad %zu/%d "
					"len %zu late %d setlen %d\n", i, j, enc, nlen, m, alen, pieces,
					len, late, setlen);
				fails = pa_failures;
			}
		}
		EVP_CIPHER_CTX_free(p.c[0]);
		EVP_CIPHER_CTX_free(p.c[1]);
	}
	EVP_CIPHER_free(ci[0]);
	EVP_CIPHER_free(ci[1]);
}

static int tls_rec(EVP_CIPHER_CTX *c, unsigned char *rec, size_t payload, size_t m, uint64_t seq,
		   int enc, int *outl)
{
	unsigned char aad[13];
	size_t reclen = 8 + payload + (enc ? 0 : m);

	for (int i = 7; i >= 0; i--, seq >>= 8)
		aad[i] = (unsigned char)seq;
	aad[8] = 23;
	aad[9] = 3;
	aad[10] = 3;
	aad[11] = (unsigned char)(reclen >> 8);
	aad[12] = (unsigned char)reclen;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_TLS1_AAD, 13, aad) != (int)m)
		return 0;
	return EVP_CipherUpdate(c, rec, outl, rec, (int)(reclen + (enc ? m : 0)));
}

/* As t1_enc.c sets CCM up, then ssl3_record.c's records. */
static void tls_ccm(const char *name, size_t m)
{
	EVP_CIPHER *ci[2] = { pa_fetch_wd(name), pa_fetch_ref(name) };
	EVP_CIPHER_CTX *c[4];
	static unsigned char rec[4][20000], pt[20000];
	unsigned char key[16], fixed[4];
	int n[4];

	pa_rand_bytes(key, 16);
	pa_rand_bytes(fixed, 4);
	for (int k = 0; k < 4; k++) {
		c[k] = EVP_CIPHER_CTX_new();
		PA_CHECK(EVP_CipherInit_ex(c[k], ci[k % 2], NULL, NULL, NULL, k < 2) &&
			 EVP_CIPHER_CTX_ctrl(c[k], EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) > 0 &&
			 EVP_CIPHER_CTX_ctrl(c[k], EVP_CTRL_AEAD_SET_TAG, (int)m, NULL) > 0 &&
			 EVP_CIPHER_CTX_ctrl(c[k], EVP_CTRL_CCM_SET_IV_FIXED, 4, fixed) > 0 &&
			 EVP_CipherInit_ex(c[k], NULL, NULL, key, NULL, -1), "%s TLS setup", name);
	}
	for (uint64_t seq = 0; seq < 40; seq++) {
		size_t len = pa_rand_len(16384);

		pa_rand_bytes(pt, len);
		memcpy(rec[0] + 8, pt, len);
		memcpy(rec[1] + 8, pt, len);
		PA_CHECK(tls_rec(c[0], rec[0], len, m, seq, 1, &n[0]) &&
			 tls_rec(c[1], rec[1], len, m, seq, 1, &n[1]) && n[0] == n[1] &&
			 !memcmp(rec[0], rec[1], len + 8 + m), "%s TLS record of %zu", name, len);
		memcpy(rec[2], rec[1], len + 8 + m);
		memcpy(rec[3], rec[1], len + 8 + m);
		if (seq % 5 == 2) {
			rec[2][8 + len] ^= 1;
			rec[3][8 + len] ^= 1;
		}
		n[2] = tls_rec(c[2], rec[2], len, m, seq, 0, &n[0]);
		n[3] = tls_rec(c[3], rec[3], len, m, seq, 0, &n[1]);
		PA_CHECK(n[2] == n[3] && n[2] == (seq % 5 != 2), "%s TLS decrypt %d/%d", name, n[2],
			 n[3]);
		if (n[2])
			PA_CHECK(!memcmp(rec[2] + 8, pt, len), "%s TLS plaintext", name);
		ERR_clear_error();
	}
	for (int k = 0; k < 4; k++)
		EVP_CIPHER_CTX_free(c[k]);
	EVP_CIPHER_free(ci[0]);
	EVP_CIPHER_free(ci[1]);
}

static void sm4_ccm_random(int rounds)
{
	EVP_CIPHER *cw = pa_fetch_wd("SM4-CCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	static unsigned char key[16], iv[16], aad[MAXP], in[MAXP], ref[MAXP];
	unsigned char tag[16], t2[16];
	int n, ok;

	PA_CHECK(cw != NULL, "fetch SM4-CCM");
	for (int i = 0; cw && i < rounds; i++) {
		size_t nlen = 7 + pa_rand() % 7, m = 4 + 2 * (pa_rand() % 7);
		size_t alen = pa_rand() % 3 ? pa_rand_len(500) : 0, len = pa_rand_len(MAXP / 2);
		int enc = pa_rand() % 2, bad = !enc && pa_rand() % 4 == 0;

		pa_rand_bytes(key, 16);
		pa_rand_bytes(iv, 16);
		pa_rand_bytes(aad, alen);
		pa_rand_bytes(in, len);
		pa_ref_ccm("SM4-ECB", key, 16, iv, nlen, m, aad, alen, in, len, ref, tag, enc);
		memcpy(t2, tag, 16);
		if (bad)
			t2[0] ^= 1;
		ok = EVP_CipherInit_ex2(c, cw, NULL, NULL, enc, NULL) && pa_set_ivlen(c, nlen) &&
		     pa_set_tag(c, enc ? NULL : t2, m) &&
		     EVP_CipherInit_ex2(c, NULL, key, iv, enc, NULL) &&
		     EVP_CipherUpdate(c, NULL, &n, NULL, (int)len) &&
		     (!alen || EVP_CipherUpdate(c, NULL, &n, aad, (int)alen));
		PA_CHECK(ok, "SM4-CCM setup");
		ok = EVP_CipherUpdate(c, ow, &n, in, (int)len) && EVP_CipherFinal_ex(c, ow, &n);
		PA_CHECK(ok == !bad, "SM4-CCM verdict %d (enc %d, len %zu, aad %zu)", ok, enc, len,
			 alen);
		if (ok)
			PA_CHECK(!memcmp(ow, ref, len), "SM4-CCM output");
		if (ok && enc)
			PA_CHECK(pa_get_tag(c, t2, m) && !memcmp(t2, tag, m), "SM4-CCM tag");
		ERR_clear_error();
	}
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(cw);
}

/* An empty message (no payload update) ends in Final: with and without AAD. */
static void empty_messages(void)
{
	const char *names[2] = { "AES-128-CCM", "SM4-CCM" }, *ecb[2] = { "AES-128-ECB", "SM4-ECB" };
	unsigned char key[16], iv[13], aad[40], tag[16], t2[16], none[1];
	int n;

	for (int k = 0; k < 2; k++) {
		EVP_CIPHER *cw = pa_fetch_wd(names[k]);
		EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

		for (size_t alen = 0; alen <= 40; alen += 40) {
			for (int enc = 1; enc >= 0; enc--) {
				pa_rand_bytes(key, 16);
				pa_rand_bytes(iv, 13);
				pa_rand_bytes(aad, alen);
				pa_ref_ccm(ecb[k], key, 16, iv, 13, 16, aad, alen, none, 0, none, tag, 1);
				n = EVP_CipherInit_ex2(c, cw, NULL, NULL, enc, NULL) && pa_set_ivlen(c, 13) &&
				    pa_set_tag(c, enc ? NULL : tag, 16) &&
				    EVP_CipherInit_ex2(c, NULL, key, iv, enc, NULL) &&
				    EVP_CipherUpdate(c, NULL, &n, NULL, 0) &&
				    (!alen || EVP_CipherUpdate(c, NULL, &n, aad, (int)alen)) &&
				    EVP_CipherFinal_ex(c, none, &n) &&
				    (!enc || (pa_get_tag(c, t2, 16) && !memcmp(t2, tag, 16)));
				PA_CHECK(n, "%s empty message (aad %zu, enc %d)", names[k], alen, enc);
				ERR_clear_error();
			}
		}
		EVP_CIPHER_CTX_free(c);
		EVP_CIPHER_free(cw);
	}
}

void pa_ccm_tests(void)
{
	empty_messages();
	pa_seed(3);
	ccm_random("AES-128-CCM", 16, 400);
	ccm_random("AES-192-CCM", 24, 100);
	ccm_random("AES-256-CCM", 32, 200);
	tls_ccm("AES-128-CCM", 16);
	tls_ccm("AES-128-CCM", 8);
	sm4_ccm_random(200);
}
