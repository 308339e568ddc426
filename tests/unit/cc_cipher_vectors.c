/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_cipher against published vectors: AES-XTS and SM4 from
 * python3-cryptography-vectors (read at run time), SM4-XTS-GB from
 * GB/T 17964-2021.
 */
#include <string.h>
#include "cc_cipher_test.h"

/* Published vectors: NIST-style "NAME = hex" records, COUNT starts one. */
struct vrec {
	__u8 key[64], iv[16], pt[4096], ct[4096];
	__u32 klen, ivlen, ptlen, ctlen, dul;
};

typedef void vec_fn(const struct vrec *v, const void *arg);

struct vec_pass {
	vec_fn *fn;
	const void *arg;
};

/* A field under its name or alt (may be NULL), or nothing: 0 bytes. */
static __u32 field(const struct tv_rec *r, const char *name, const char *alt, __u8 *out,
		   size_t cap)
{
	if (!tv_has(r, name) && alt)
		name = alt;
	return tv_has(r, name) ? (__u32)cc_hex(r, name, out, cap) : 0;
}

static void vec_decode(const struct tv_rec *r, void *arg)
{
	const struct vec_pass *p = arg;
	static struct vrec v;	/* too large for the stack of a test */

	memset(&v, 0, sizeof(v));
	v.klen = field(r, "KEY", NULL, v.key, sizeof(v.key));
	v.ivlen = field(r, "IV", "i", v.iv, sizeof(v.iv));	/* XTS: the tweak */
	v.ptlen = field(r, "PLAINTEXT", "PT", v.pt, sizeof(v.pt));
	v.ctlen = field(r, "CIPHERTEXT", "CT", v.ct, sizeof(v.ct));
	v.dul = tv_has(r, "DataUnitLen") ? (__u32)tv_int(r, "DataUnitLen") : 0;
	p->fn(&v, p->arg);
}

/* fn for every record of a vector file; the count. */
static int vec_file(const char *rel, vec_fn *fn, const void *arg)
{
	struct vec_pass p = { fn, arg };

	return cc_vec_each(rel, "COUNT", vec_decode, &p);
}

/* One vector through a session: encrypt, decrypt, both in place. */
static void vec_check(__u8 alg, __u8 mode, int own, const struct vrec *v)
{
	struct cipher_state *st = sess_new(alg, mode, own, v->key, v->klen);
	__u8 iv[16];
	__u32 len = v->ptlen;

	CHECK_INT(v->ctlen, len);
	memcpy(iv, v->iv, 16);
	CHECK_INT(drive(st, 1, v->pt, buf, len, v->ivlen ? iv : NULL, (__u8)v->ivlen), 0);
	CHECK_MEM(buf, v->ct, len);
	memcpy(iv, v->iv, 16);
	memcpy(buf, v->ct, len);
	CHECK_INT(drive(st, 0, buf, buf, len, v->ivlen ? iv : NULL, (__u8)v->ivlen), 0);
	CHECK_MEM(buf, v->pt, len);
	sess_free(st);
}

int xts_skipped;

static void xts_vec(const struct vrec *v, const void *arg)
{
	(void)arg;
	if (v->dul % 8) {	/* bit-granular data units: not a byte API's */
		xts_skipped++;
		return;
	}
	CHECK_INT(v->ptlen * 8, v->dul);
	vec_check(WD_CIPHER_AES, WD_CIPHER_XTS, 0, v);
	vec_check(WD_CIPHER_AES, WD_CIPHER_XTS, 1, v);
}

void test_aes_xts_vectors(void **unused)
{
	static const char *const files[] = {
		"ciphers/AES/XTS/tweak-128hexstr/XTSGenAES128.rsp",
		"ciphers/AES/XTS/tweak-128hexstr/XTSGenAES256.rsp",
	};
	size_t i;

	(void)unused;
	for (i = 0; i < 2; i++)
		assert_true(vec_file(files[i], xts_vec, NULL) >= 500);
}

static void sm4_vec(const struct vrec *v, const void *arg)
{
	vec_check(WD_CIPHER_SM4, *(const __u8 *)arg, 0, v);
}

void test_sm4_vectors(void **unused)
{
	static const struct { const char *file; __u8 mode; } f[] = {
		{ "ecb", WD_CIPHER_ECB }, { "cbc", WD_CIPHER_CBC }, { "ctr", WD_CIPHER_CTR },
		{ "ofb", WD_CIPHER_OFB }, { "cfb", WD_CIPHER_CFB },
	};
	char rel[128];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(rel, sizeof(rel), "ciphers/SM4/draft-ribose-cfrg-sm4-10-%s.txt", f[i].file);
		assert_true(vec_file(rel, sm4_vec, &f[i].mode) >= 1);
	}
}

/*
 * SM4-XTS, GB/T 17964-2021's example (the standard's own text): key
 * K1 || K2, tweak, a 56-byte data unit (so with stealing).
 */
void test_sm4_xts_gb(void **unused)
{
	struct vrec v;

	(void)unused;
	memset(&v, 0, sizeof(v));
	v.klen = cc_unhex("2B7E151628AED2A6ABF7158809CF4F3C000102030405060708090A0B0C0D0E0F",
			 v.key, 64);
	v.ivlen = cc_unhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF", v.iv, 16);
	v.ptlen = cc_unhex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
			  "30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17", v.pt, 4096);
	v.ctlen = cc_unhex("E9538251C71D7B80BBE4483FEF497BD12C5C581BD6242FC51E08964FB4F60FDB"
			  "0BA42F63499279213D318D2C11F6886E903BE7F93A1B3479", v.ct, 4096);
	vec_check(WD_CIPHER_SM4, WD_CIPHER_XTS_GB, 0, &v);
}
