/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU cipher driver's struct cc_class, driven directly: every row of
 * the SEC cipher table against OpenSSL (its own default library context,
 * fetched here independently) at many lengths, in place and out of place,
 * with UADK's IV write-back and chaining; AES-XTS and SM4 against the
 * published vectors in python3-cryptography-vectors; SM4-XTS-GB against
 * the example of GB/T 17964-2021; CBC-CS1/2/3 against the textbook
 * definition (CBC over the zero-padded message, then the addendum's
 * reordering) for AES (also OpenSSL's CTS) and SM4; the own XTS and CBC-CS
 * constructions run over AES against OpenSSL's AES-XTS and AES-CBC-CTS;
 * the ipsec-mb lanes against single requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include "cipher_internal.h"

extern struct cc_class cc_cipher_class;
extern struct wd_msg_hdr *cc_stub_done[];
extern unsigned int cc_stub_ndone;

#define MAXLEN		(64 * 1024 + 64)

static unsigned long checks;

#define CHECK_MEM(a, b, n) do { checks++; assert_memory_equal((a), (b), (n)); } while (0)
#define CHECK_INT(a, b) do { checks++; assert_int_equal((a), (b)); } while (0)

static __u8 *pt, *ct, *buf, *buf2, *refbuf;

static struct cipher_state *sess_new(__u8 alg, __u8 mode, int own, const __u8 *key, __u32 klen)
{
	struct wd_alg_spec spec = { .alg = alg, .mode = mode, .key_len = klen };
	struct cipher_state *st = calloc(1, cc_cipher_class.state_size);

	assert_non_null(st);
	st->own_modes = own;
	CHECK_INT(cc_cipher_class.init(st, &spec), 0);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, klen), 0);
	return st;
}

static void sess_free(struct cipher_state *st)
{
	cc_cipher_class.fini(st);
	free(st);
}

static void fill_msg(struct wd_cipher_msg *m, struct cipher_state *st, int enc, const __u8 *in,
		     __u8 *out, __u32 len, __u8 *iv, __u8 ivlen)
{
	memset(m, 0, sizeof(*m));
	m->alg = st->alg;
	m->mode = st->mode;
	m->encrypt = (__u8)enc;
	m->iv_len = ivlen;
	m->len = len;
	m->in = in;
	m->out = out;
	m->iv = iv;
	m->hdr.result = 12345;
	m->status = 12345;
}

static int drive(struct cipher_state *st, int enc, const __u8 *in, __u8 *out, __u32 len,
		 __u8 *iv, __u8 ivlen)
{
	struct wd_cipher_msg m;

	fill_msg(&m, st, enc, in, out, len, iv, ivlen);
	cc_cipher_class.run(st, &m.hdr);
	CHECK_INT(m.status, 0);
	return m.hdr.result;
}

/* OpenSSL from the default library context: the reference. */
static void ref(const char *name, const char *cts, int enc, const __u8 *key, const __u8 *iv,
		const __u8 *in, __u8 *out, __u32 len)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	OSSL_PARAM prm[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	int n1 = 0, n2 = 0;

	assert_non_null(c);
	if (cts)
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							   (char *)cts, 0);
	assert_int_equal(EVP_CipherInit_ex2(x, c, key, iv, enc, prm), 1);
	EVP_CIPHER_CTX_set_padding(x, 0);
	assert_int_equal(EVP_CipherUpdate(x, out, &n1, in, (int)len), 1);
	assert_int_equal(EVP_CipherFinal_ex(x, out + n1, &n2), 1);
	assert_int_equal(n1 + n2, (int)len);
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
}

/* CBC-CS by the addendum's definition, from plain CBC over P || 0-pad. */
static void ref_cs(const char *cbc, __u8 mode, const __u8 *key, const __u8 *iv, const __u8 *in,
		   __u8 *out, __u32 len)
{
	__u32 m = (len + 15) / 16, d = len % 16;
	__u8 *p = calloc(1, m * 16), *c = malloc(m * 16), tmp[16];

	memcpy(p, in, len);
	ref(cbc, NULL, 1, key, iv, p, c, m * 16);
	if (!d) {
		if (mode == WD_CIPHER_CBC_CS3 && m >= 2) {
			memcpy(tmp, c + 16 * (m - 2), 16);
			memcpy(c + 16 * (m - 2), c + 16 * (m - 1), 16);
			memcpy(c + 16 * (m - 1), tmp, 16);
		}
		memcpy(out, c, len);
	} else {
		memcpy(out, c, 16 * (m - 2));
		if (mode == WD_CIPHER_CBC_CS1) {
			memcpy(out + 16 * (m - 2), c + 16 * (m - 2), d);
			memcpy(out + 16 * (m - 2) + d, c + 16 * (m - 1), 16);
		} else {
			memcpy(out + 16 * (m - 2), c + 16 * (m - 1), 16);
			memcpy(out + 16 * (m - 1), c + 16 * (m - 2), d);
		}
	}
	free(p);
	free(c);
}

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

static void test_rows(void **unused)
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


/* Published vectors: NIST-style "NAME = hex" records, COUNT starts one. */
struct vrec {
	__u8 key[64], iv[16], pt[4096], ct[4096];
	__u32 klen, ivlen, ptlen, ctlen, dul;
};

typedef void (*vec_fn)(const struct vrec *v, const void *arg);

static __u32 unhex(const char *s, __u8 *out, __u32 max)
{
	__u32 n = 0;
	unsigned int b;

	while (s[0] && s[1] && sscanf(s, "%2x", &b) == 1) {
		assert_true(n < max);
		out[n++] = (__u8)b;
		s += 2;
	}
	return n;
}

static int vec_file(const char *rel, vec_fn fn, const void *arg)
{
	static char line[1 << 15];
	static struct vrec v;
	char path[512], *eq, *val;
	int n = 0, pending = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", CC_VECTORS_DIR, rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("vector file missing: %s (install python3-cryptography-vectors)", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!strncasecmp(line, "COUNT", 5)) {
			if (pending) {
				fn(&v, arg);
				n++;
			}
			memset(&v, 0, sizeof(v));
			pending = 1;
			continue;
		}
		eq = strstr(line, " = ");
		if (!pending || !eq)
			continue;
		*eq = 0;
		val = eq + 3;
		if (!strcasecmp(line, "KEY"))
			v.klen = unhex(val, v.key, sizeof(v.key));
		else if (!strcasecmp(line, "IV") || !strcmp(line, "i"))
			v.ivlen = unhex(val, v.iv, sizeof(v.iv));
		else if (!strcasecmp(line, "PLAINTEXT") || !strcmp(line, "PT"))
			v.ptlen = unhex(val, v.pt, sizeof(v.pt));
		else if (!strcasecmp(line, "CIPHERTEXT") || !strcmp(line, "CT"))
			v.ctlen = unhex(val, v.ct, sizeof(v.ct));
		else if (!strcmp(line, "DataUnitLen"))
			v.dul = (__u32)atoi(val);
	}
	if (pending) {
		fn(&v, arg);
		n++;
	}
	fclose(f);
	return n;
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

static int xts_skipped;

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

static void test_aes_xts_vectors(void **unused)
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

static void test_sm4_vectors(void **unused)
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
static void test_sm4_xts_gb(void **unused)
{
	struct vrec v;

	(void)unused;
	memset(&v, 0, sizeof(v));
	v.klen = unhex("2B7E151628AED2A6ABF7158809CF4F3C000102030405060708090A0B0C0D0E0F",
		       v.key, 64);
	v.ivlen = unhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF", v.iv, 16);
	v.ptlen = unhex("6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E51"
			"30C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17", v.pt, 4096);
	v.ctlen = unhex("E9538251C71D7B80BBE4483FEF497BD12C5C581BD6242FC51E08964FB4F60FDB"
			"0BA42F63499279213D318D2C11F6886E903BE7F93A1B3479", v.ct, 4096);
	vec_check(WD_CIPHER_SM4, WD_CIPHER_XTS_GB, 0, &v);
}

/* SM4-XTS (both tweak rules): round trips, and GB differs from IEEE. */
static void test_sm4_xts_roundtrip(void **unused)
{
	static const __u32 lens[] = { 16, 17, 31, 32, 33, 47, 48, 100, 4096, 4097, 65535 };
	struct cipher_state *ieee, *gb;
	__u8 key[32], iv0[16], iv[16];
	size_t i;

	(void)unused;
	RAND_bytes(key, 32);
	ieee = sess_new(WD_CIPHER_SM4, WD_CIPHER_XTS, 0, key, 32);
	gb = sess_new(WD_CIPHER_SM4, WD_CIPHER_XTS_GB, 0, key, 32);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		RAND_bytes(iv0, 16);
		RAND_bytes(pt, lens[i]);
		memcpy(iv, iv0, 16);
		CHECK_INT(drive(ieee, 1, pt, ct, lens[i], iv, 16), 0);
		CHECK_MEM(iv, iv0, 16);
		CHECK_INT(drive(gb, 1, pt, buf, lens[i], iv, 16), 0);
		checks++;
		if (lens[i] == 16)
			assert_memory_equal(ct, buf, 16);
		else
			assert_memory_not_equal(ct, buf, lens[i]);
		CHECK_INT(drive(ieee, 0, ct, buf2, lens[i], iv, 16), 0);
		CHECK_MEM(buf2, pt, lens[i]);
		CHECK_INT(drive(gb, 0, buf, buf, lens[i], iv, 16), 0);
		CHECK_MEM(buf, pt, lens[i]);
	}
	sess_free(ieee);
	sess_free(gb);
}

/* Equal AES-XTS key halves: OpenSSL refuses to encrypt, UADK does not. */
static void test_aes_xts_equal_halves(void **unused)
{
	static const __u32 lens[] = { 16, 33, 512, 4097 };
	__u8 key[64], iv[16];
	size_t i, k;

	(void)unused;
	for (k = 16; k <= 32; k += 16) {
		struct cipher_state *st;

		RAND_bytes(key, k);
		memcpy(key + k, key, k);
		st = sess_new(WD_CIPHER_AES, WD_CIPHER_XTS, 0, key, 2 * k);
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			RAND_bytes(iv, 16);
			RAND_bytes(pt, lens[i]);
			CHECK_INT(drive(st, 1, pt, ct, lens[i], iv, 16), 0);
			/* OpenSSL's default provider still decrypts with equal halves */
			ref(k == 16 ? "AES-128-XTS" : "AES-256-XTS", NULL, 0, key, iv, ct, buf,
			    lens[i]);
			CHECK_MEM(buf, pt, lens[i]);
			CHECK_INT(drive(st, 0, ct, buf2, lens[i], iv, 16), 0);
			CHECK_MEM(buf2, pt, lens[i]);
		}
		sess_free(st);
	}
}

/* ipsec-mb lanes: what they take completes through cc_done, correctly. */
static void test_lanes(void **unused)
{
	enum { N = 48 };
	static struct wd_cipher_msg m[N + 2];
	static __u8 in[N][16384], out[N][16384], ivs[N + 2][16], iv0[N][16];
	static const char *const names[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" };
	struct cipher_state *st, *ctr;
	__u8 key[32];
	__u32 len[N], k, taken, i;
	void *lanes;

	(void)unused;
	for (k = 0; k < 3; k++) {
		RAND_bytes(key, sizeof(key));
		st = sess_new(WD_CIPHER_AES, WD_CIPHER_CBC, 0, key, 16 + 8 * k);
		ctr = sess_new(WD_CIPHER_AES, WD_CIPHER_CTR, 0, key, 16 + 8 * k);
		lanes = cc_cipher_class.lanes_open();
		assert_non_null(lanes);
		cc_stub_ndone = 0;
		taken = 0;
		for (i = 0; i < N; i++) {
			len[i] = i % 6 == 0 ? 16 * (i % 20 + 1) : 16 * (1 + (__u32)rand() % 1024);
			RAND_bytes(in[i], len[i]);
			RAND_bytes(iv0[i], 16);
			memcpy(ivs[i], iv0[i], 16);
			fill_msg(&m[i], st, 1, in[i], i % 3 ? out[i] : in[i], len[i], ivs[i], 16);
			if (i % 3 == 0)
				memcpy(out[i], in[i], len[i]);	/* the plaintext, kept */
			if (cc_cipher_class.mb_submit(NULL, lanes, st, &m[i].hdr) == 1) {
				CHECK_INT(len[i] < CIPHER_LANES_MIN, 1);
				cc_cipher_class.run(st, &m[i].hdr);
			} else {
				CHECK_INT(len[i] >= CIPHER_LANES_MIN, 1);
				taken++;
			}
		}
		/* not the lanes': decryption, other modes */
		fill_msg(&m[N], st, 0, in[1], out[1], 4096, ivs[N], 16);
		CHECK_INT(cc_cipher_class.mb_submit(NULL, lanes, st, &m[N].hdr), 1);
		fill_msg(&m[N + 1], ctr, 1, in[1], out[1], 4096, ivs[N + 1], 16);
		CHECK_INT(cc_cipher_class.mb_submit(NULL, lanes, ctr, &m[N + 1].hdr), 1);
		cc_cipher_class.mb_flush(NULL, lanes);
		CHECK_INT(cc_stub_ndone, taken);
		assert_true(taken > N / 2);
		for (i = 0; i < N; i++) {
			const __u8 *p = i % 3 ? in[i] : out[i];
			__u8 *c = i % 3 ? out[i] : in[i];

			CHECK_INT(m[i].hdr.result, 0);
			CHECK_INT(m[i].status, 0);
			ref(names[k], NULL, 1, key, iv0[i], p, refbuf, len[i]);
			CHECK_MEM(c, refbuf, len[i]);
			CHECK_MEM(ivs[i], refbuf + len[i] - 16, 16);
		}
		cc_cipher_class.lanes_close(lanes);
		sess_free(st);
		sess_free(ctr);
	}
}

/* CTR counter carries: ipsec-mb counts in 32 bits, the driver in 128. */
static void test_ctr_counter_edges(void **unused)
{
	static const char *const names[] = { "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" };
	static const __u32 lens[] = { 1, 16, 17, 255, 256, 1024, 4096 + 7 };
	static const __u32 lows[] = { 0xfffffff0, 0xffffff00, 0xffffffff, 0x7ffffff8 };
	__u8 key[32], iv0[16], iv[16], want[16];
	size_t k, l, w, f;

	(void)unused;
	RAND_bytes(key, sizeof(key));
	for (k = 0; k < 3; k++) {
		struct cipher_state *st = sess_new(WD_CIPHER_AES, WD_CIPHER_CTR, 0, key, 16 + 8 * k);

		for (w = 0; w < 4; w++)
			for (f = 0; f < 3; f++)
				for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
					__u32 b;

					RAND_bytes(iv0, 16);
					/* bytes 8..11: random, all ones, or ones but the top */
					if (f)
						memset(iv0 + 8, 0xff, 4);
					if (f == 2)
						iv0[8] = 0x7f;
					iv0[12] = lows[w] >> 24;
					iv0[13] = lows[w] >> 16;
					iv0[14] = lows[w] >> 8;
					iv0[15] = lows[w];
					RAND_bytes(pt, lens[l]);
					ref(names[k], NULL, 1, key, iv0, pt, refbuf, lens[l]);
					memcpy(iv, iv0, 16);
					CHECK_INT(drive(st, 1, pt, buf, lens[l], iv, 16), 0);
					CHECK_MEM(buf, refbuf, lens[l]);
					memcpy(want, iv0, 16);
					for (b = 0; b < lens[l] / 16; b++) {
						int j = 15;

						while (j >= 0 && ++want[j] == 0)
							j--;
					}
					CHECK_MEM(iv, want, 16);
				}
		sess_free(st);
	}
}

static void test_keys(void **unused)
{
	struct wd_alg_spec spec = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct cipher_state *st = calloc(1, cc_cipher_class.state_size);
	__u8 key[32] = { 1 }, iv[16] = { 0 };

	(void)unused;
	CHECK_INT(cc_cipher_class.init(st, &spec), 0);
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), -WD_EINVAL);	/* no key yet */
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_AUTH, key, 16), -WD_EINVAL);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 16), 0);
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), 0);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 32), 0);	/* re-key, other size */
	memset(iv, 0, 16);
	CHECK_INT(drive(st, 1, pt, buf, 64, iv, 16), 0);
	ref("AES-256-CBC", NULL, 1, key, (const __u8[16]){ 0 }, pt, refbuf, 64);
	CHECK_MEM(buf, refbuf, 64);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 0), 0);	/* cleared */
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), -WD_EINVAL);
	cc_cipher_class.fini(st);
	free(st);
	/* what the SEC table lacks, the driver refuses too */
	st = calloc(1, cc_cipher_class.state_size);
	spec.alg = WD_CIPHER_DES;
	spec.mode = WD_CIPHER_CTR;
	CHECK_INT(cc_cipher_class.init(st, &spec), -WD_EINVAL);
	spec.alg = WD_CIPHER_ALG_TYPE_MAX;
	spec.mode = WD_CIPHER_ECB;
	CHECK_INT(cc_cipher_class.init(st, &spec), -WD_EINVAL);
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_aes_xts_vectors),
		cmocka_unit_test(test_sm4_vectors),
		cmocka_unit_test(test_sm4_xts_gb),
		cmocka_unit_test(test_sm4_xts_roundtrip),
		cmocka_unit_test(test_aes_xts_equal_halves),
		cmocka_unit_test(test_lanes),
		cmocka_unit_test(test_ctr_counter_edges),
	};
	int ret;

	/* DES lives in the legacy provider (the reference's context too) */
	if (!OSSL_PROVIDER_load(NULL, "legacy") || !OSSL_PROVIDER_load(NULL, "default"))
		return 1;
	pt = malloc(MAXLEN);
	ct = malloc(MAXLEN);
	buf = malloc(MAXLEN);
	buf2 = malloc(MAXLEN);
	refbuf = malloc(MAXLEN);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	printf("test_cc_cipher: %lu checks, %d AES-XTS vectors skipped (bit-length data units)\n",
	       checks, xts_skipped);
	free(pt);
	free(ct);
	free(buf);
	free(buf2);
	free(refbuf);
	return ret;
}
