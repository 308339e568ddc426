/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_cipher: every row of the SEC cipher table against OpenSSL at
 * many lengths, in place and out of place, with UADK's IV write-back and
 * chaining; CBC-CS1/2/3 against the textbook definition (and OpenSSL's
 * CTS for AES); the own XTS and CBC-CS constructions over AES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>
#include "cc_cipher_test.h"

struct row {
	__u8 alg, mode;
	__u32 klen;
	const char *ref;	/* OpenSSL name; for CBC-CS the CBC cipher */
	int own;
};

static const struct row rows[] = {
#define AES3(mode, m) \
	{ WD_CIPHER_AES, mode, 16, "AES-128-" m, 0 }, \
	{ WD_CIPHER_AES, mode, 24, "AES-192-" m, 0 }, \
	{ WD_CIPHER_AES, mode, 32, "AES-256-" m, 0 }
	AES3(WD_CIPHER_ECB, "ECB"), AES3(WD_CIPHER_CBC, "CBC"), AES3(WD_CIPHER_CTR, "CTR"),
	AES3(WD_CIPHER_OFB, "OFB"), AES3(WD_CIPHER_CFB, "CFB"),
	AES3(WD_CIPHER_CBC_CS1, "CBC"), AES3(WD_CIPHER_CBC_CS2, "CBC"),
	AES3(WD_CIPHER_CBC_CS3, "CBC"),
	{ WD_CIPHER_AES, WD_CIPHER_XTS, 32, "AES-128-XTS", 0 },
	{ WD_CIPHER_AES, WD_CIPHER_XTS, 64, "AES-256-XTS", 0 },
	/* the own constructions, over AES, against OpenSSL */
	{ WD_CIPHER_AES, WD_CIPHER_XTS, 32, "AES-128-XTS", 1 },
	{ WD_CIPHER_AES, WD_CIPHER_XTS, 64, "AES-256-XTS", 1 },
	{ WD_CIPHER_AES, WD_CIPHER_CBC_CS1, 16, "AES-128-CBC", 1 },
	{ WD_CIPHER_AES, WD_CIPHER_CBC_CS2, 24, "AES-192-CBC", 1 },
	{ WD_CIPHER_AES, WD_CIPHER_CBC_CS3, 32, "AES-256-CBC", 1 },
	{ WD_CIPHER_SM4, WD_CIPHER_ECB, 16, "SM4-ECB", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CBC, 16, "SM4-CBC", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CTR, 16, "SM4-CTR", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_OFB, 16, "SM4-OFB", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CFB, 16, "SM4-CFB", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CBC_CS1, 16, "SM4-CBC", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CBC_CS2, 16, "SM4-CBC", 0 },
	{ WD_CIPHER_SM4, WD_CIPHER_CBC_CS3, 16, "SM4-CBC", 0 },
	{ WD_CIPHER_DES, WD_CIPHER_ECB, 8, "DES-ECB", 0 },
	{ WD_CIPHER_DES, WD_CIPHER_CBC, 8, "DES-CBC", 0 },
	{ WD_CIPHER_3DES, WD_CIPHER_ECB, 16, "DES-EDE-ECB", 0 },
	{ WD_CIPHER_3DES, WD_CIPHER_CBC, 16, "DES-EDE-CBC", 0 },
	{ WD_CIPHER_3DES, WD_CIPHER_ECB, 24, "DES-EDE3-ECB", 0 },
	{ WD_CIPHER_3DES, WD_CIPHER_CBC, 24, "DES-EDE3-CBC", 0 },
};

static bool is_cs(__u8 mode)
{
	return mode >= WD_CIPHER_CBC_CS1 && mode <= WD_CIPHER_CBC_CS3;
}

static bool is_stream(__u8 mode)
{
	return mode == WD_CIPHER_CTR || mode == WD_CIPHER_OFB || mode == WD_CIPHER_CFB;
}

/* The lengths a row's mode takes (the class refuses the others). */
static int lengths(const struct row *r, __u32 *out)
{
	static const __u32 big[] = { 255, 256, 257, 1000, 1024, 4095, 4096, 4097, 16384,
				     65535, 65536 };
	__u32 bs = r->alg >= WD_CIPHER_DES ? 8 : 16, i;
	int n = 0;

	if (r->mode == WD_CIPHER_ECB || r->mode == WD_CIPHER_CBC) {
		for (i = 1; i <= 12; i++)
			out[n++] = i * bs;
		out[n++] = 1024;
		out[n++] = 4096 + bs;
		out[n++] = 65536;
		return n;
	}
	for (i = is_stream(r->mode) ? 1 : 16; i <= 72; i++)
		out[n++] = i;
	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++)
		out[n++] = big[i];
	return n;
}

/* The IV UADK writes back (computed here from the reference's results). */
static void expect_iv(const struct row *r, const __u8 *key, const __u8 *iv0, const __u8 *c,
		      __u32 len, __u8 *iv)
{
	__u32 ivlen = r->alg >= WD_CIPHER_DES ? 8 : 16, i, pad;
	__u8 *z;

	memcpy(iv, iv0, ivlen);
	switch (r->mode) {
	case WD_CIPHER_CBC:
	case WD_CIPHER_CBC_CS1:
	case WD_CIPHER_CBC_CS2:
	case WD_CIPHER_CBC_CS3:
		memcpy(iv, c + len - ivlen, ivlen);
		break;
	case WD_CIPHER_CTR:
		for (i = 0; i < len / 16; i++) {
			int j = 15;

			while (j >= 0 && ++iv[j] == 0)
				j--;
		}
		break;
	case WD_CIPHER_OFB:
		/* the keystream block the last byte used */
		pad = (len + 15) / 16 * 16;
		z = calloc(1, pad);
		ref(r->ref, NULL, 1, key, iv0, z, z, pad);
		memcpy(iv, z + pad - 16, 16);
		free(z);
		break;
	case WD_CIPHER_CFB:
		if (len >= 16) {
			memcpy(iv, c + len - 16, 16);
		} else {
			memmove(iv, iv + len, 16 - len);
			memcpy(iv + 16 - len, c, len);
		}
		break;
	}
}

static void one_length(const struct row *r, __u32 len)
{
	__u32 ivlen = r->mode == WD_CIPHER_ECB ? 0 : r->alg >= WD_CIPHER_DES ? 8 : 16;
	__u8 key[64], iv0[16], iv[16], want_iv[16];
	struct cipher_state *st;
	const char *cts = NULL;
	__u32 a;

	RAND_bytes(key, sizeof(key));
	RAND_bytes(iv0, sizeof(iv0));
	RAND_bytes(pt, len);
	st = sess_new(r->alg, r->mode, r->own, key, r->klen);
	if (is_cs(r->mode)) {
		ref_cs(r->ref, r->mode, key, iv0, pt, refbuf, len);
		if (r->alg == WD_CIPHER_AES) {
			/* OpenSSL's CTS must agree with the definition too */
			static const char *const names[] = { "CS1", "CS2", "CS3" };
			char name[32];

			cts = names[r->mode - WD_CIPHER_CBC_CS1];
			snprintf(name, sizeof(name), "%s-CTS", r->ref);
			ref(name, cts, 1, key, iv0, pt, ct, len);
			CHECK_MEM(ct, refbuf, len);
		}
		memcpy(ct, refbuf, len);
	} else {
		ref(r->ref, NULL, 1, key, ivlen ? iv0 : NULL, pt, ct, len);
	}
	if (r->mode == WD_CIPHER_ECB || r->mode == WD_CIPHER_XTS)
		memcpy(want_iv, iv0, 16);
	else
		expect_iv(r, key, iv0, ct, len, want_iv);

	/* encrypt: out of place, then in place */
	memcpy(iv, iv0, 16);
	CHECK_INT(drive(st, 1, pt, buf, len, ivlen ? iv : NULL, (__u8)ivlen), 0);
	CHECK_MEM(buf, ct, len);
	CHECK_MEM(iv, want_iv, ivlen);
	memcpy(iv, iv0, 16);
	memcpy(buf, pt, len);
	CHECK_INT(drive(st, 1, buf, buf, len, ivlen ? iv : NULL, (__u8)ivlen), 0);
	CHECK_MEM(buf, ct, len);
	CHECK_MEM(iv, want_iv, ivlen);

	/* decrypt: the IV rule reads the ciphertext, which is the input now */
	if (r->mode == WD_CIPHER_CBC || is_cs(r->mode))
		memcpy(want_iv, ct + len - ivlen, ivlen);
	memcpy(iv, iv0, 16);
	CHECK_INT(drive(st, 0, ct, buf, len, ivlen ? iv : NULL, (__u8)ivlen), 0);
	CHECK_MEM(buf, pt, len);
	CHECK_MEM(iv, want_iv, ivlen);
	memcpy(iv, iv0, 16);
	memcpy(buf, ct, len);
	CHECK_INT(drive(st, 0, buf, buf, len, ivlen ? iv : NULL, (__u8)ivlen), 0);
	CHECK_MEM(buf, pt, len);
	CHECK_MEM(iv, want_iv, ivlen);

	/* chaining: two requests split at a block boundary equal one */
	if ((r->mode == WD_CIPHER_CBC || is_stream(r->mode)) && len >= 2 * ivlen) {
		a = len / 2 / ivlen * ivlen;
		memcpy(iv, iv0, 16);
		CHECK_INT(drive(st, 1, pt, buf, a, iv, (__u8)ivlen), 0);
		CHECK_INT(drive(st, 1, pt + a, buf + a, len - a, iv, (__u8)ivlen), 0);
		CHECK_MEM(buf, ct, len);
		memcpy(iv, iv0, 16);
		memcpy(buf2, ct, len);
		CHECK_INT(drive(st, 0, buf2, buf2, a, iv, (__u8)ivlen), 0);
		CHECK_INT(drive(st, 0, buf2 + a, buf2 + a, len - a, iv, (__u8)ivlen), 0);
		CHECK_MEM(buf2, pt, len);
	}
	sess_free(st);
}

void test_rows(void **unused)
{
	__u32 lens[128];
	size_t i;
	int n, j;

	(void)unused;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		n = lengths(&rows[i], lens);
		for (j = 0; j < n; j++)
			one_length(&rows[i], lens[j]);
	}
}
