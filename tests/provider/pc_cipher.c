// SPDX-License-Identifier: Apache-2.0
/*
 * warpdrive's non-AEAD ciphers against OpenSSL's default provider, step by
 * step: every Update's output, length and result, UPDATED_IV and NUM after
 * it, Final, EVP_Cipher, copies taken mid-stream, re-inits that keep the
 * key or the IV, CBC-CTS's three variants, XTS data units and duplicated
 * keys, parameters and the 3DES random key. Run it once per configuration
 * (WarpDrive path, software path, mixed) — see pc.cmake.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>

#include "pc_util.h"

int pc_tls_tests(void);
int pc_async_tests(void);

static const char *const stream_block[] = {
	"AES-128-ECB", "AES-192-ECB", "AES-256-ECB", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
	"AES-128-CTR", "AES-192-CTR", "AES-256-CTR", "AES-128-OFB", "AES-192-OFB", "AES-256-OFB",
	"AES-128-CFB", "AES-192-CFB", "AES-256-CFB", "SM4-ECB", "SM4-CBC", "SM4-CTR", "SM4-OFB",
	"SM4-CFB", "DES-EDE3-ECB", "DES-EDE3-CBC", NULL
};

/* Names an application may use, each must fetch from warpdrive. */
static const char *const aliases[] = {
	"AES128", "AES192", "AES256", "aes-128-cbc", "SM4", "SM4-OFB128", "SM4-CFB128", "DES-EDE3",
	"DES3", "des-ede3-ecb", "2.16.840.1.101.3.4.1.2", "AES-128-CBC-CTS", "AES-256-XTS", NULL
};

static unsigned char data[300000];

static void params(const char *name, const EVP_CIPHER *cw, const EVP_CIPHER *cr);

static size_t msg_len(void)
{
	switch (pc_below(8)) {
	case 0:
		return pc_below(17);
	case 1:
		return 16 * pc_below(70);
	case 2:
		return 20000 + pc_below(250000);
	default:
		return pc_below(1300);
	}
}

static size_t chunk_len(size_t left)
{
	switch (pc_below(5)) {
	case 0:
		return left;
	case 1:
		return pc_below(3);
	case 2:
		return 16 * pc_below(8);
	default:
		return pc_below(left + 1 < 600 ? left + 1 : 600);
	}
}

static void message(const char *name, const EVP_CIPHER *cw, const EVP_CIPHER *cr, int trial)
{
	unsigned char key[64], key2[64], iv[16];
	size_t kl = (size_t)EVP_CIPHER_get_key_length(cr), len = msg_len(), done = 0;
	int enc = trial & 1, block = EVP_CIPHER_get_block_size(cr) > 1;
	int pad = block ? (int)pc_below(2) : 1, inplace = (int)pc_below(2);
	struct pc_pair p, q = { NULL, NULL };
	size_t dup_at = pc_below(4) ? (size_t)-1 : pc_below(len + 1);

	pc_fill(key, kl);
	pc_fill(iv, sizeof(iv));
	pc_fill(data, len);
	if (!pc_pair_new(&p))
		return;
	if (!pc_init(&p, cw, cr, key, iv, enc, NULL))
		goto out;
	EVP_CIPHER_CTX_set_padding(p.w, pad);
	EVP_CIPHER_CTX_set_padding(p.r, pad);
	while (done < len) {
		size_t n = chunk_len(len - done);

		if (n > len - done)
			n = len - done;
		/*
		 * In place is only defined where output keeps pace with input:
		 * held bytes or a held-back block make it partially overlapping.
		 */
		if (inplace && block) {
			n -= n % (size_t)EVP_CIPHER_get_block_size(cr);
			if (!n || (!enc && pad))
				inplace = 0;
		}
		if (done >= dup_at && !q.w) {
			/* a copy mid-stream continues like the original */
			if (!pc_pair_copy(&q, &p))
				break;
		}
		if (!pc_update(&p, data + done, n, inplace))
			break;
		if (q.w)
			pc_update(&q, data + done, n, 0);
		done += n;
	}
	pc_final(&p);
	if (q.w)
		pc_final(&q);
	/* the same context for the next message: keep the key (and CTR's counter) */
	if (pc_init(&p, NULL, NULL, NULL, pc_below(2) ? iv : NULL, enc, NULL)) {
		EVP_CIPHER_CTX_set_padding(p.w, 0);
		EVP_CIPHER_CTX_set_padding(p.r, 0);
		len = block ? 16 * pc_below(40) : pc_below(700);
		pc_update(&p, data, len, 0);
		pc_final(&p);
	}
	/* a new key on the same context */
	pc_fill(key2, kl);
	if (pc_init(&p, NULL, NULL, key2, NULL, enc, NULL)) {
		len = block ? 16 * (1 + pc_below(40)) : pc_below(700);
		pc_update(&p, data, len, 1);
		pc_final(&p);
	}
	(void)name;
out:
	pc_pair_free(&p);
	pc_pair_free(&q);
}

/* EVP_Cipher: no buffering, no padding; stream modes keep num across calls. */
static void raw_cipher(const EVP_CIPHER *cw, const EVP_CIPHER *cr)
{
	unsigned char key[64], iv[16];
	int bs = EVP_CIPHER_get_block_size(cr), enc = (int)pc_below(2), i;
	unsigned int mode = EVP_CIPHER_get_mode(cr);
	struct pc_pair p;

	pc_fill(key, sizeof(key));
	pc_fill(iv, sizeof(iv));
	pc_fill(data, 4096);
	if (!pc_pair_new(&p))
		return;
	if (pc_init(&p, cw, cr, key, iv, enc, NULL)) {
		for (i = 0; i < 12; i++) {
			size_t n = pc_below(300);

			if (bs > 1 && (mode == EVP_CIPH_CBC_MODE && !enc))
				n -= n % (size_t)bs;
			pc_cipher(&p, data + 16 * i, n);
		}
	}
	pc_pair_free(&p);
}

static void cts(const char *name)
{
	static const char *const modes[] = { "CS1", "CS2", "CS3" };
	EVP_CIPHER *cw = pc_fetch_wd(name), *cr = pc_fetch_ref(name);
	unsigned char key[32], iv[16];
	char got[8];
	size_t len;
	int m, enc;

	pc_what = name;
	PC_CHECK(cw && cr, "fetch");
	if (cw && cr)
		params(name, cw, cr);
	for (m = 0; cw && cr && m < 3; m++) {
		for (len = 0; len < 200; len += 1 + (len > 70) * 7) {
			for (enc = 0; enc < 2; enc++) {
				OSSL_PARAM prm[2] = {
					OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							       (char *)modes[m], 0),
					OSSL_PARAM_END
				};
				OSSL_PARAM get[2] = {
					OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, got,
							       sizeof(got)),
					OSSL_PARAM_END
				};
				struct pc_pair p;

				pc_fill(key, sizeof(key));
				pc_fill(iv, sizeof(iv));
				pc_fill(data, len);
				if (!pc_pair_new(&p))
					continue;
				if (pc_init(&p, cw, cr, key, iv, enc, prm)) {
					PC_CHECK(EVP_CIPHER_CTX_get_params(p.w, get) &&
						 !strcmp(got, modes[m]), "cts_mode reads back");
					pc_update(&p, data, len, (int)(len & 1));
					pc_update(&p, data, len, 0);	/* one shot only */
					pc_final(&p);
					/* EVP_Cipher is plain CBC, as OpenSSL's */
					if (pc_init(&p, NULL, NULL, NULL, iv, enc, NULL))
						pc_cipher(&p, data, len & ~(size_t)15);
				}
				pc_pair_free(&p);
			}
		}
	}
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

static void xts(const char *name)
{
	EVP_CIPHER *cw = pc_fetch_wd(name), *cr = pc_fetch_ref(name);
	unsigned char key[64], iv[16];
	size_t kl, len;
	struct pc_pair p;
	int t, u, enc;

	pc_what = name;
	PC_CHECK(cw && cr, "fetch");
	if (!cw || !cr)
		goto out;
	params(name, cw, cr);
	kl = (size_t)EVP_CIPHER_get_key_length(cr);
	for (t = 0; t < 60; t++) {
		enc = t & 1;
		pc_fill(key, kl);
		pc_fill(iv, sizeof(iv));
		if (t % 10 == 9)	/* duplicated halves: encryption is refused */
			memcpy(key + kl / 2, key, kl / 2);
		if (!pc_pair_new(&p))
			continue;
		if (pc_init(&p, cw, cr, key, iv, enc, NULL)) {
			for (u = 0; u < 4; u++) {
				len = pc_below(700);
				pc_fill(data, len);
				pc_update(&p, data, len, u & 1);
			}
			pc_final(&p);
			/*
			 * The other direction (OpenSSL keeps a key schedule per direction:
			 * the key must come again); duplicated halves refused encrypting.
			 */
			if (pc_init(&p, NULL, NULL, key, iv, !enc, NULL))
				pc_update(&p, data, 64, 0);
			pc_cipher(&p, data, 48);
		}
		pc_pair_free(&p);
	}
	/* the key length is fixed: setting another fails, the same succeeds */
	if (pc_pair_new(&p)) {
		OSSL_PARAM same[2] = { OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_KEYLEN, &kl),
				       OSSL_PARAM_END };

		pc_init(&p, cw, cr, NULL, NULL, 1, NULL);
		PC_CHECK(EVP_CIPHER_CTX_set_params(p.w, same) == EVP_CIPHER_CTX_set_params(p.r, same),
			 "set keylen");
		PC_CHECK(EVP_CIPHER_CTX_set_key_length(p.w, 16) == EVP_CIPHER_CTX_set_key_length(p.r, 16),
			 "set another keylen");
		ERR_clear_error();
		pc_pair_free(&p);
	}
out:
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

/* The names in two parameter lists, as a set. */
static int same_names(const OSSL_PARAM *a, const OSSL_PARAM *b)
{
	int na = 0, nb = 0;

	for (const OSSL_PARAM *p = a; p && p->key; p++, na++)
		if (!OSSL_PARAM_locate_const(b, p->key))
			return 0;
	for (const OSSL_PARAM *p = b; p && p->key; p++)
		nb++;
	return na == nb;
}

static void params(const char *name, const EVP_CIPHER *cw, const EVP_CIPHER *cr)
{
	unsigned char k[24];

	PC_CHECK(EVP_CIPHER_get_block_size(cw) == EVP_CIPHER_get_block_size(cr) &&
		 EVP_CIPHER_get_iv_length(cw) == EVP_CIPHER_get_iv_length(cr) &&
		 EVP_CIPHER_get_key_length(cw) == EVP_CIPHER_get_key_length(cr) &&
		 EVP_CIPHER_get_mode(cw) == EVP_CIPHER_get_mode(cr) &&
		 EVP_CIPHER_get_flags(cw) == EVP_CIPHER_get_flags(cr), "constants differ");
	PC_CHECK(same_names(EVP_CIPHER_gettable_params(cw), EVP_CIPHER_gettable_params(cr)),
		 "gettable params");
	PC_CHECK(same_names(EVP_CIPHER_gettable_ctx_params(cw), EVP_CIPHER_gettable_ctx_params(cr)),
		 "gettable ctx params");
	PC_CHECK(same_names(EVP_CIPHER_settable_ctx_params(cw), EVP_CIPHER_settable_ctx_params(cr)),
		 "settable ctx params");
	if (!strncmp(name, "DES-EDE3", 8)) {
		EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();

		PC_CHECK(x && EVP_CipherInit_ex2(x, cw, NULL, NULL, 1, NULL) &&
			 EVP_CIPHER_CTX_rand_key(x, k) > 0, "random key");
		for (int i = 0; i < 24; i++)
			PC_CHECK(__builtin_popcount(k[i]) & 1, "random key parity byte %d", i);
		EVP_CIPHER_CTX_free(x);
	}
}

int main(int argc, char **argv)
{
	int t;

	if (pc_setup(argc, argv))
		return 2;
	for (const char *const *a = aliases; *a; a++) {
		EVP_CIPHER *c = pc_fetch_wd(*a);

		pc_what = *a;
		PC_CHECK(c, "no warpdrive cipher by this name");
		EVP_CIPHER_free(c);
	}
	for (const char *const *n = stream_block; *n; n++) {
		EVP_CIPHER *cw = pc_fetch_wd(*n), *cr = pc_fetch_ref(*n);

		pc_what = *n;
		PC_CHECK(cw && cr, "fetch");
		if (cw && cr) {
			params(*n, cw, cr);
			for (t = 0; t < 80; t++)
				message(*n, cw, cr, t);
			for (t = 0; t < 6; t++)
				raw_cipher(cw, cr);
		}
		EVP_CIPHER_free(cw);
		EVP_CIPHER_free(cr);
	}
	for (t = 128; t <= 256; t += 64) {
		char name[24];

		snprintf(name, sizeof(name), "AES-%d-CBC-CTS", t);
		cts(name);
	}
	xts("AES-128-XTS");
	xts("AES-256-XTS");
	pc_tls_tests();
	pc_async_tests();
	pc_teardown();
	printf("%s: %d failure(s)\n", argv[0], pc_fails);
	return pc_fails ? 1 : 0;
}
