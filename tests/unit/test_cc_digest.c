/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_digest driven through its struct cc_class: published vectors
 * (python3-cryptography-vectors, read at run time; a missing file fails),
 * cross-checks against OpenSSL EVP at many lengths, long hashes split at
 * random block boundaries and moved between sessions, and bad requests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "cc.h"

#define VEC_DIR	"/usr/lib/python3/dist-packages/cryptography_vectors/"

extern const struct wd_driver *cc_test_registered;

static const struct cc_class *cls;
static unsigned long checks;
static __u64 rng_state = 0x9e3779b97f4a7c15ull;

static __u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (__u32)(rng_state >> 16);
}

static void rnd_fill(__u8 *p, size_t n)
{
	while (n--)
		*p++ = (__u8)rnd();
}

/* name, EVP name, block, MAC bytes, state bytes */
static const struct alg_info {
	const char *evp;
	__u32 block, mac, full;
} algs[] = {
	[WD_DIGEST_SM3] = { "SM3", 64, 32, 32 },
	[WD_DIGEST_MD5] = { "MD5", 64, 16, 16 },
	[WD_DIGEST_SHA1] = { "SHA1", 64, 20, 20 },
	[WD_DIGEST_SHA256] = { "SHA256", 64, 32, 32 },
	[WD_DIGEST_SHA224] = { "SHA224", 64, 28, 32 },
	[WD_DIGEST_SHA384] = { "SHA384", 128, 48, 64 },
	[WD_DIGEST_SHA512] = { "SHA512", 128, 64, 64 },
	[WD_DIGEST_SHA512_224] = { "SHA512-224", 128, 28, 64 },
	[WD_DIGEST_SHA512_256] = { "SHA512-256", 128, 32, 64 },
};

#define NHASH	(WD_DIGEST_SHA512_256 + 1)

/* ---- driver access ---- */

static void *sess_new(__u32 alg, __u32 mode, const __u8 *key, __u32 klen)
{
	struct wd_alg_spec spec = { .alg = alg, .mode = mode, .key_len = klen };
	void *st = calloc(1, cls->state_size);

	assert_non_null(st);
	assert_int_equal(cls->init(st, &spec), 0);
	if (key || klen)
		assert_int_equal(cls->set_key(st, WD_KEY_AUTH, key, klen), 0);
	return st;
}

static void sess_free(void *st)
{
	cls->fini(st);
	free(st);
}

static int run(void *st, __u32 alg, __u32 mode, int stage, int resume, const __u8 *in,
	       __u32 in_len, __u8 *out, __u32 out_len, __u64 done, const __u8 *iv, __u32 iv_len)
{
	struct wd_digest_msg m;

	memset(&m, 0, sizeof(m));
	m.alg = (__u8)alg;
	m.mode = (__u8)mode;
	m.stage = (__u8)stage;
	m.resume = (__u8)resume;
	m.in = in;
	m.in_len = in_len;
	m.out = out;
	m.out_len = out_len;
	m.done_len = done;
	m.iv = iv;
	m.iv_len = iv_len;
	m.status = -1;
	cls->run(st, &m.hdr);
	if (!m.hdr.result)
		assert_int_equal(m.status, 0);
	return m.hdr.result;
}

static void oneshot(void *st, __u32 alg, __u32 mode, const __u8 *in, __u32 len, __u8 *out,
		    __u32 out_len, const __u8 *iv)
{
	assert_int_equal(run(st, alg, mode, WD_DIGEST_ONESHOT, 0, in, len, out, out_len, 0, iv,
			     iv ? 16 : 0), 0);
}

static void check_eq(const __u8 *got, const __u8 *want, size_t n, const char *what, size_t len)
{
	checks++;
	if (memcmp(got, want, n))
		fail_msg("%s: mismatch at message length %zu", what, len);
}

/* ---- OpenSSL references ---- */

static void ref_hash(__u32 alg, const __u8 *in, size_t len, __u8 *md)
{
	EVP_MD *md_alg = EVP_MD_fetch(NULL, algs[alg].evp, NULL);
	unsigned int n;

	assert_non_null(md_alg);
	assert_int_equal(EVP_Digest(in, len, md, &n, md_alg, NULL), 1);
	EVP_MD_free(md_alg);
}

static void ref_mac(const char *mac, const char *pname, const char *pval, const __u8 *key,
		    size_t klen, const __u8 *in, size_t len, __u8 *out)
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, mac, NULL);
	EVP_MAC_CTX *c;
	OSSL_PARAM p[2];
	size_t n;

	assert_non_null(m);
	c = EVP_MAC_CTX_new(m);
	assert_non_null(c);
	p[0] = OSSL_PARAM_construct_utf8_string(pname, (char *)pval, 0);
	p[1] = OSSL_PARAM_construct_end();
	assert_int_equal(EVP_MAC_init(c, key, klen, p), 1);
	assert_int_equal(EVP_MAC_update(c, in, len), 1);
	assert_int_equal(EVP_MAC_final(c, out, &n, 64), 1);
	EVP_MAC_CTX_free(c);
	EVP_MAC_free(m);
}

/* HMAC: the zero-padded key is all that counts, so an empty key is the key "\0". */
static void ref_hmac(__u32 alg, const __u8 *key, size_t klen, const __u8 *in, size_t len,
		     __u8 *out)
{
	static const __u8 zero;

	if (!klen)
		key = &zero, klen = 1;
	ref_mac("HMAC", OSSL_MAC_PARAM_DIGEST, algs[alg].evp, key, klen, in, len, out);
}

static const char *aes_name(size_t klen, const char *mode)
{
	static char name[32];

	snprintf(name, sizeof(name), "AES-%zu-%s", klen * 8, mode);
	return name;
}

static void ref_ecb(const __u8 *key, size_t klen, const __u8 in[16], __u8 out[16])
{
	EVP_CIPHER *ci = EVP_CIPHER_fetch(NULL, aes_name(klen, "ECB"), NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n;

	assert_non_null(ci);
	assert_int_equal(EVP_EncryptInit_ex2(c, ci, key, NULL, NULL), 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_int_equal(EVP_EncryptUpdate(c, out, &n, in, 16), 1);
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(ci);
}

/* GCM tag of AAD only under a 12-byte nonce. */
static void ref_gcm_aad(const __u8 *key, size_t klen, const __u8 nonce[12], const __u8 *aad,
			size_t len, __u8 tag[16])
{
	EVP_CIPHER *ci = EVP_CIPHER_fetch(NULL, aes_name(klen, "GCM"), NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	__u8 dummy[16];
	int n;

	assert_non_null(ci);
	assert_int_equal(EVP_EncryptInit_ex2(c, ci, key, nonce, NULL), 1);
	if (len)
		assert_int_equal(EVP_EncryptUpdate(c, NULL, &n, aad, (int)len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(c, dummy, &n), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag), 1);
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(ci);
}

/*
 * GMAC for any J0: GHASH(A) = GCM-tag(N, A) ^ E_K(N || 1) for some nonce N,
 * and our tag is GHASH(A) ^ E_K(J0).
 */
static void ref_gmac(const __u8 *key, size_t klen, const __u8 j0[16], const __u8 *in, size_t len,
		     __u8 tag[16])
{
	static const __u8 nonce[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	__u8 ctr[16], e[16];
	int i;

	ref_gcm_aad(key, klen, nonce, in, len, tag);
	memcpy(ctr, nonce, 12);
	ctr[12] = ctr[13] = ctr[14] = 0;
	ctr[15] = 1;
	ref_ecb(key, klen, ctr, e);
	for (i = 0; i < 16; i++)
		tag[i] ^= e[i];
	ref_ecb(key, klen, j0, e);
	for (i = 0; i < 16; i++)
		tag[i] ^= e[i];
}

/* XCBC (RFC 3566 §4), built independently on EVP's AES-128-ECB. */
static void ref_xcbc(const __u8 key[16], const __u8 *in, size_t len, __u8 mac[16])
{
	__u8 k1[16], k2[16], k3[16], c[16], e[16];
	size_t i, off = 0;

	memset(c, 1, 16);
	ref_ecb(key, 16, c, k1);
	memset(c, 2, 16);
	ref_ecb(key, 16, c, k2);
	memset(c, 3, 16);
	ref_ecb(key, 16, c, k3);
	memset(e, 0, 16);
	while (len - off > 16) {
		for (i = 0; i < 16; i++)
			c[i] = e[i] ^ in[off + i];
		ref_ecb(k1, 16, c, e);
		off += 16;
	}
	memset(c, 0, 16);
	memcpy(c, in + off, len - off);
	if (len && len - off == 16) {
		for (i = 0; i < 16; i++)
			c[i] ^= e[i] ^ k2[i];
	} else {
		c[len - off] = 0x80;
		for (i = 0; i < 16; i++)
			c[i] ^= e[i] ^ k3[i];
	}
	ref_ecb(k1, 16, c, mac);
}


/* ---- vector files: "Name = value" records separated by blank lines ---- */

#define VEC_FIELDS	16

struct vrec {
	char *name[VEC_FIELDS], *val[VEC_FIELDS];	/* this record */
	char *sname[VEC_FIELDS], *sval[VEC_FIELDS];	/* [Name = value] section headers */
	int n, sn;
};

typedef void vec_fn(const struct vrec *r, void *arg);

static const char *vget(const struct vrec *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcasecmp(r->name[i], name))
			return r->val[i];
	for (i = 0; i < r->sn; i++)
		if (!strcasecmp(r->sname[i], name))
			return r->sval[i];
	return NULL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
		*--e = 0;
	return s;
}

static void vrec_clear(struct vrec *r, int section)
{
	int i;

	for (i = 0; i < r->n; i++)
		free(r->name[i]), free(r->val[i]);
	r->n = 0;
	if (section) {
		for (i = 0; i < r->sn; i++)
			free(r->sname[i]), free(r->sval[i]);
		r->sn = 0;
	}
}

/* Calls fn per record; returns how many. A missing file fails the test. */
static int vec_file(const char *rel, vec_fn *fn, void *arg)
{
	char path[512], *line = NULL;
	struct vrec r = { .n = 0 };
	size_t cap = 0;
	int count = 0;
	FILE *f;

	snprintf(path, sizeof(path), VEC_DIR "%s", rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("vector file %s missing (install python3-cryptography-vectors)", path);
	for (;;) {
		ssize_t got = getline(&line, &cap, f);
		char *l = got < 0 ? NULL : trim(line), *eq;
		int sect;

		if (!l || !*l) {
			if (r.n) {
				fn(&r, arg);
				count++;
			}
			vrec_clear(&r, 0);
			if (!l)
				break;
			continue;
		}
		if (*l == '#')
			continue;
		sect = *l == '[';
		if (sect) {
			l++;
			if (strchr(l, ']'))
				*strchr(l, ']') = 0;
		}
		eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq = 0;
		if (sect) {
			int i;

			/* a new header of a name replaces the old one */
			for (i = 0; i < r.sn; i++)
				if (!strcasecmp(r.sname[i], trim(l)))
					break;
			if (i == r.sn) {
				assert_true(r.sn < VEC_FIELDS);
				r.sname[r.sn++] = strdup(trim(l));
			} else {
				free(r.sval[i]);
			}
			r.sval[i] = strdup(trim(eq + 1));
		} else {
			assert_true(r.n < VEC_FIELDS);
			r.name[r.n] = strdup(trim(l));
			r.val[r.n++] = strdup(trim(eq + 1));
		}
	}
	vrec_clear(&r, 1);
	free(line);
	fclose(f);
	return count;
}

static __u8 *unhex(const char *h, size_t *len)
{
	size_t n = h ? strlen(h) / 2 : 0, i;
	__u8 *b = malloc(n + 1);

	assert_non_null(b);
	for (i = 0; i < n; i++) {
		unsigned int v;

		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		b[i] = (__u8)v;
	}
	*len = n;
	return b;
}

/* ---- long hashes ---- */

/*
 * The message in PART requests cut at random block boundaries, then LAST
 * with the tail; half-way the state moves to a second session (as
 * STREAM_DOING in another session would) through a copy of out.
 */
static void stream_mac(__u32 alg, __u32 mode, const __u8 *key, __u32 klen, const __u8 *msg,
		       size_t len, __u8 *mac, __u32 mac_len)
{
	const struct alg_info *a = &algs[alg];
	void *s1 = sess_new(alg, mode, key, klen), *s2 = sess_new(alg, mode, key, klen);
	void *cur = s1;
	__u8 state[64], moved[64];
	size_t done = 0;
	int parts = 0;

	while (len - done >= a->block && rnd() % 4) {
		size_t blocks = (len - done) / a->block;
		size_t n = (1 + rnd() % blocks) * a->block;

		assert_int_equal(run(cur, alg, mode, WD_DIGEST_PART, parts > 0, msg + done, (__u32)n,
				     state, a->full, done, NULL, 0), 0);
		done += n;
		if (++parts == 1 || rnd() % 2) {
			memcpy(moved, state, sizeof(state));
			memset(state, 0xee, sizeof(state));
			memcpy(state, moved, a->full);
			cur = cur == s1 ? s2 : s1;
		}
	}
	memcpy(mac, state, a->full);
	assert_int_equal(run(cur, alg, mode, WD_DIGEST_LAST, parts > 0, msg + done,
			     (__u32)(len - done), mac, mac_len, done, NULL, 0), 0);
	sess_free(s1);
	sess_free(s2);
}

/* ---- published vectors ---- */

struct vec_arg {
	__u32 alg;
	__u32 klen;	/* AES MACs: key bytes expected */
	int used;
};

static void hash_vec(const struct vrec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *len_s = vget(r, "Len"), *msg_s = vget(r, "Msg"), *md_s = vget(r, "MD");
	__u32 mac_len = algs[va->alg].mac;
	__u8 out[64], *msg, *md;
	size_t mlen, dlen, bits;
	void *st;

	if (!len_s || !msg_s || !md_s)
		return;
	bits = strtoul(len_s, NULL, 10);
	if (bits % 8)
		return;
	msg = unhex(msg_s, &mlen);
	md = unhex(md_s, &dlen);
	assert_int_equal(dlen, mac_len);
	assert_true(mlen >= bits / 8);
	st = sess_new(va->alg, WD_DIGEST_NORMAL, NULL, 0);
	oneshot(st, va->alg, WD_DIGEST_NORMAL, msg, (__u32)(bits / 8), out, mac_len, NULL);
	check_eq(out, md, mac_len, algs[va->alg].evp, bits / 8);
	stream_mac(va->alg, WD_DIGEST_NORMAL, NULL, 0, msg, bits / 8, out, mac_len);
	check_eq(out, md, mac_len, "stream", bits / 8);
	sess_free(st);
	free(msg);
	free(md);
	va->used++;
}

static void test_hash_vectors(void **unused)
{
	static const struct { const char *file; __u32 alg; } files[] = {
		{ "hashes/MD5/rfc-1321.txt", WD_DIGEST_MD5 },
		{ "hashes/SM3/oscca.txt", WD_DIGEST_SM3 },
		{ "hashes/SHA1/SHA1ShortMsg.rsp", WD_DIGEST_SHA1 },
		{ "hashes/SHA1/SHA1LongMsg.rsp", WD_DIGEST_SHA1 },
		{ "hashes/SHA2/SHA224ShortMsg.rsp", WD_DIGEST_SHA224 },
		{ "hashes/SHA2/SHA224LongMsg.rsp", WD_DIGEST_SHA224 },
		{ "hashes/SHA2/SHA256ShortMsg.rsp", WD_DIGEST_SHA256 },
		{ "hashes/SHA2/SHA256LongMsg.rsp", WD_DIGEST_SHA256 },
		{ "hashes/SHA2/SHA384ShortMsg.rsp", WD_DIGEST_SHA384 },
		{ "hashes/SHA2/SHA384LongMsg.rsp", WD_DIGEST_SHA384 },
		{ "hashes/SHA2/SHA512ShortMsg.rsp", WD_DIGEST_SHA512 },
		{ "hashes/SHA2/SHA512LongMsg.rsp", WD_DIGEST_SHA512 },
		{ "hashes/SHA2/SHA512_224ShortMsg.rsp", WD_DIGEST_SHA512_224 },
		{ "hashes/SHA2/SHA512_224LongMsg.rsp", WD_DIGEST_SHA512_224 },
		{ "hashes/SHA2/SHA512_256ShortMsg.rsp", WD_DIGEST_SHA512_256 },
		{ "hashes/SHA2/SHA512_256LongMsg.rsp", WD_DIGEST_SHA512_256 },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct vec_arg va = { .alg = files[i].alg };

		vec_file(files[i].file, hash_vec, &va);
		if (va.used < 5)
			fail_msg("%s: only %d vectors used", files[i].file, va.used);
	}
}

/* GB/T 32905-2016 Appendix A, examples 1 and 2 (as printed in the standard). */
static void test_sm3_gbt(void **unused)
{
	static const __u8 md1[32] = {
		0x66, 0xc7, 0xf0, 0xf4, 0x62, 0xee, 0xed, 0xd9, 0xd1, 0xf2, 0xd4, 0x6b, 0xdc, 0x10,
		0xe4, 0xe2, 0x41, 0x67, 0xc4, 0x87, 0x5c, 0xf2, 0xf7, 0xa2, 0x29, 0x7d, 0xa0, 0x2b,
		0x8f, 0x4b, 0xa8, 0xe0 };
	static const __u8 md2[32] = {
		0xde, 0xbe, 0x9f, 0xf9, 0x22, 0x75, 0xb8, 0xa1, 0x38, 0x60, 0x48, 0x89, 0xc1, 0x8e,
		0x5a, 0x4d, 0x6f, 0xdb, 0x70, 0xe5, 0x38, 0x7e, 0x57, 0x65, 0x29, 0x3d, 0xcb, 0xa3,
		0x9c, 0x0c, 0x57, 0x32 };
	void *st = sess_new(WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0);
	__u8 msg[64], out[64];
	int i;

	(void)unused;
	oneshot(st, WD_DIGEST_SM3, WD_DIGEST_NORMAL, (const __u8 *)"abc", 3, out, 32, NULL);
	check_eq(out, md1, 32, "SM3 GB/T example 1", 3);
	for (i = 0; i < 16; i++)
		memcpy(msg + 4 * i, "abcd", 4);
	oneshot(st, WD_DIGEST_SM3, WD_DIGEST_NORMAL, msg, 64, out, 32, NULL);
	check_eq(out, md2, 32, "SM3 GB/T example 2", 64);
	stream_mac(WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0, msg, 64, out, 32);
	check_eq(out, md2, 32, "SM3 GB/T example 2 stream", 64);
	sess_free(st);
}

static void hmac_vec(const struct vrec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *key_s = vget(r, "Key"), *msg_s = vget(r, "Msg"), *md_s = vget(r, "MD");
	__u32 mac_len = algs[va->alg].mac;
	size_t klen, mlen, dlen;
	__u8 *key, *msg, *md, out[64];
	void *st;

	if (!key_s || !msg_s || !md_s)
		return;
	key = unhex(key_s, &klen);
	msg = unhex(msg_s, &mlen);
	md = unhex(md_s, &dlen);
	assert_true(dlen <= mac_len);
	/* keys longer than a block (RFC 4231 cases 6, 7) are hashed by the driver */
	st = sess_new(va->alg, WD_DIGEST_HMAC, key, (__u32)klen);
	oneshot(st, va->alg, WD_DIGEST_HMAC, msg, (__u32)mlen, out, (__u32)dlen, NULL);
	check_eq(out, md, dlen, "HMAC vector", mlen);
	stream_mac(va->alg, WD_DIGEST_HMAC, key, (__u32)klen, msg, mlen, out, (__u32)dlen);
	check_eq(out, md, dlen, "HMAC vector stream", mlen);
	sess_free(st);
	free(key);
	free(msg);
	free(md);
	va->used++;
}

static void test_hmac_vectors(void **unused)
{
	static const struct { const char *file; __u32 alg; } files[] = {
		{ "HMAC/rfc-2202-md5.txt", WD_DIGEST_MD5 },
		{ "HMAC/rfc-2202-sha1.txt", WD_DIGEST_SHA1 },
		{ "HMAC/rfc-4231-sha224.txt", WD_DIGEST_SHA224 },
		{ "HMAC/rfc-4231-sha256.txt", WD_DIGEST_SHA256 },
		{ "HMAC/rfc-4231-sha384.txt", WD_DIGEST_SHA384 },
		{ "HMAC/rfc-4231-sha512.txt", WD_DIGEST_SHA512 },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct vec_arg va = { .alg = files[i].alg };

		vec_file(files[i].file, hmac_vec, &va);
		if (va.used < 5)
			fail_msg("%s: only %d vectors used", files[i].file, va.used);
	}
}

static void cmac_vec(const struct vrec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *key_s = vget(r, "KEY"), *msg_s = vget(r, "MESSAGE"), *out_s = vget(r, "OUTPUT");
	size_t klen, mlen, olen;
	__u8 *key, *msg, *want, out[16];
	void *st;

	if (!key_s || !msg_s || !out_s)
		return;
	key = unhex(key_s, &klen);
	msg = unhex(msg_s, &mlen);
	want = unhex(out_s, &olen);
	assert_int_equal(klen, va->klen);
	st = sess_new(WD_DIGEST_AES_CMAC, WD_DIGEST_HMAC, key, (__u32)klen);
	oneshot(st, WD_DIGEST_AES_CMAC, WD_DIGEST_HMAC, msg, (__u32)mlen, out, (__u32)olen, NULL);
	check_eq(out, want, olen, "CMAC vector", mlen);
	sess_free(st);
	free(key);
	free(msg);
	free(want);
	va->used++;
}

static void test_cmac_vectors(void **unused)
{
	static const char *const files[] = {
		"CMAC/nist-800-38b-aes128.txt", "CMAC/nist-800-38b-aes192.txt",
		"CMAC/nist-800-38b-aes256.txt",
	};
	int i;

	(void)unused;
	for (i = 0; i < 3; i++) {
		struct vec_arg va = { .klen = 16 + 8 * i };

		vec_file(files[i], cmac_vec, &va);
		if (va.used < 4)
			fail_msg("%s: only %d vectors used", files[i], va.used);
	}
}

/* GCM vectors with no plaintext and a 96-bit IV are GMAC: J0 = IV || 00000001. */
static void gmac_vec(const struct vrec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *ptlen = vget(r, "PTlen"), *ivlen = vget(r, "IVlen");
	const char *key_s = vget(r, "Key"), *iv_s = vget(r, "IV"), *aad_s = vget(r, "AAD");
	const char *tag_s = vget(r, "Tag");
	size_t klen, ivl, alen, tlen;
	__u8 *key, *iv, *aad, *tag, j0[16], out[16];
	void *st;

	if (!ptlen || !ivlen || strcmp(ptlen, "0") || strcmp(ivlen, "96") || !key_s || !iv_s ||
	    !tag_s || vget(r, "FAIL"))
		return;
	key = unhex(key_s, &klen);
	iv = unhex(iv_s, &ivl);
	aad = unhex(aad_s, &alen);
	tag = unhex(tag_s, &tlen);
	assert_int_equal(klen, va->klen);
	assert_int_equal(ivl, 12);
	memcpy(j0, iv, 12);
	j0[12] = j0[13] = j0[14] = 0;
	j0[15] = 1;
	st = sess_new(WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, key, (__u32)klen);
	oneshot(st, WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, aad, (__u32)alen, out, (__u32)tlen, j0);
	check_eq(out, tag, tlen, "GMAC vector", alen);
	sess_free(st);
	free(key);
	free(iv);
	free(aad);
	free(tag);
	va->used++;
}

static void test_gmac_vectors(void **unused)
{
	static const char *const files[] = {
		"ciphers/AES/GCM/gcmEncryptExtIV128.rsp", "ciphers/AES/GCM/gcmEncryptExtIV192.rsp",
		"ciphers/AES/GCM/gcmEncryptExtIV256.rsp",
	};
	int i;

	(void)unused;
	for (i = 0; i < 3; i++) {
		struct vec_arg va = { .klen = 16 + 8 * i };

		vec_file(files[i], gmac_vec, &va);
		if (va.used < 50)
			fail_msg("%s: only %d vectors used", files[i], va.used);
	}
}

/*
 * RFC 3566 §4.6 test cases 1-7 (key 000102..0f; messages 00 01 02 ... of the
 * given length, case 7: 1000 zero bytes), AES-XCBC-MAC full 128-bit values
 * as printed there; RFC 4434 §4 gives the same value as PRF-128 for the
 * 16-byte key and the 20-byte message.
 */
static void test_xcbc_rfc(void **unused)
{
	static const struct { __u32 len; __u8 mac[16]; } cases[] = {
		{ 0, { 0x75, 0xf0, 0x25, 0x1d, 0x52, 0x8a, 0xc0, 0x1c, 0x45, 0x73, 0xdf, 0xd5,
		       0x84, 0xd7, 0x9f, 0x29 } },
		{ 3, { 0x5b, 0x37, 0x65, 0x80, 0xae, 0x2f, 0x19, 0xaf, 0xe7, 0x21, 0x9c, 0xee,
		       0xf1, 0x72, 0x75, 0x6f } },
		{ 16, { 0xd2, 0xa2, 0x46, 0xfa, 0x34, 0x9b, 0x68, 0xa7, 0x99, 0x98, 0xa4, 0x39,
			0x4f, 0xf7, 0xa2, 0x63 } },
		{ 20, { 0x47, 0xf5, 0x1b, 0x45, 0x64, 0x96, 0x62, 0x15, 0xb8, 0x98, 0x5c, 0x63,
			0x05, 0x5e, 0xd3, 0x08 } },
		{ 32, { 0xf5, 0x4f, 0x0e, 0xc8, 0xd2, 0xb9, 0xf3, 0xd3, 0x68, 0x07, 0x73, 0x4b,
			0xd5, 0x28, 0x3f, 0xd4 } },
		{ 34, { 0xbe, 0xcb, 0xb3, 0xbc, 0xcd, 0xb5, 0x18, 0xa3, 0x06, 0x77, 0xd5, 0x48,
			0x1f, 0xb6, 0xb4, 0xd8 } },
		{ 1000, { 0xf0, 0xda, 0xfe, 0xe8, 0x95, 0xdb, 0x30, 0x25, 0x37, 0x61, 0x10, 0x3b,
			  0x5d, 0x84, 0x52, 0x8f } },
	};
	__u8 key[16], msg[1000], out[16], ref[16];
	void *s96, *s128;
	size_t i, j;

	(void)unused;
	for (i = 0; i < 16; i++)
		key[i] = (__u8)i;
	s96 = sess_new(WD_DIGEST_AES_XCBC_MAC_96, WD_DIGEST_HMAC, key, 16);
	s128 = sess_new(WD_DIGEST_AES_XCBC_PRF_128, WD_DIGEST_NORMAL, key, 16);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (j = 0; j < cases[i].len; j++)
			msg[j] = cases[i].len == 1000 ? 0 : (__u8)j;
		ref_xcbc(key, msg, cases[i].len, ref);
		check_eq(ref, cases[i].mac, 16, "XCBC reference vs RFC 3566", cases[i].len);
		memset(out, 0, sizeof(out));
		oneshot(s96, WD_DIGEST_AES_XCBC_MAC_96, WD_DIGEST_HMAC, msg, cases[i].len, out, 12,
			NULL);
		check_eq(out, cases[i].mac, 12, "XCBC-MAC-96", cases[i].len);
		oneshot(s128, WD_DIGEST_AES_XCBC_PRF_128, WD_DIGEST_NORMAL, msg, cases[i].len, out,
			16, NULL);
		check_eq(out, cases[i].mac, 16, "XCBC-PRF-128", cases[i].len);
	}
	sess_free(s96);
	sess_free(s128);
}

/* ---- random cross-checks against OpenSSL ---- */

#define MAXLEN	(64 * 1024)

static size_t pick_len(int i)
{
	static const size_t fixed[] = { 1024, 4096, 16384, MAXLEN - 1, MAXLEN };
	size_t cap;

	if (i < 300)
		return (size_t)i;
	if (i < 305)
		return fixed[i - 300];
	cap = rnd() % 2 ? 2048 : MAXLEN + 1;	/* two calls: keep their order fixed */

	return rnd() % cap;
}

#define NLEN	340

static void test_hash_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), out[64], want[64];
	__u32 alg;
	int i;

	(void)unused;
	assert_non_null(msg);
	for (alg = 0; alg < NHASH; alg++) {
		void *st = sess_new(alg, WD_DIGEST_NORMAL, NULL, 0);
		__u32 ml = algs[alg].mac;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);

			rnd_fill(msg, len);
			ref_hash(alg, msg, len, want);
			oneshot(st, alg, WD_DIGEST_NORMAL, msg, (__u32)len, out, ml, NULL);
			check_eq(out, want, ml, algs[alg].evp, len);
			if (i % 4 == 0 || len >= 4096) {
				stream_mac(alg, WD_DIGEST_NORMAL, NULL, 0, msg, len, out, ml);
				check_eq(out, want, ml, "hash stream", len);
			}
		}
		/* truncated MAC: only out_len bytes written */
		memset(out, 0xa5, sizeof(out));
		oneshot(st, alg, WD_DIGEST_NORMAL, msg, 100, out, 4, NULL);
		ref_hash(alg, msg, 100, want);
		check_eq(out, want, 4, "truncated", 100);
		assert_int_equal(out[4], 0xa5);
		/* out over the start of in */
		rnd_fill(msg, 200);
		ref_hash(alg, msg, 200, want);
		oneshot(st, alg, WD_DIGEST_NORMAL, msg, 200, msg, ml, NULL);
		check_eq(msg, want, ml, "in-place", 200);
		sess_free(st);
	}
	free(msg);
}

static void test_hmac_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), key[300], out[64], want[64];
	__u32 alg;
	int i;

	(void)unused;
	assert_non_null(msg);
	for (alg = 0; alg < NHASH; alg++) {
		__u32 ml = algs[alg].mac, bs = algs[alg].block;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);
			/* any length up to the block, odd ones included; now and then longer */
			__u32 klen = i % 17 == 0 ? 0 : i % 23 == 0 ? bs + 1 + rnd() % 150 :
				     rnd() % (bs + 1);
			__u32 kind = i % 2 ? WD_KEY_CIPHER : WD_KEY_AUTH;
			struct wd_alg_spec spec = { .alg = alg, .mode = WD_DIGEST_HMAC };
			void *st = calloc(1, cls->state_size);

			assert_non_null(st);
			assert_int_equal(cls->init(st, &spec), 0);
			rnd_fill(key, klen);
			rnd_fill(msg, len);
			/* a first key, then the real one: re-keying replaces both pads */
			assert_int_equal(cls->set_key(st, kind, msg, 7), 0);
			assert_int_equal(cls->set_key(st, kind, key, klen), 0);
			ref_hmac(alg, key, klen, msg, len, want);
			oneshot(st, alg, WD_DIGEST_HMAC, msg, (__u32)len, out, ml, NULL);
			check_eq(out, want, ml, "HMAC", len);
			if (i % 4 == 0 || len >= 4096) {
				stream_mac(alg, WD_DIGEST_HMAC, key, klen, msg, len, out, ml);
				check_eq(out, want, ml, "HMAC stream", len);
			}
			sess_free(st);
		}
		/* no set_key at all: the empty key */
		{
			void *st = sess_new(alg, WD_DIGEST_HMAC, NULL, 0);

			ref_hmac(alg, NULL, 0, msg, 77, want);
			oneshot(st, alg, WD_DIGEST_HMAC, msg, 77, out, ml, NULL);
			check_eq(out, want, ml, "HMAC without key", 77);
			sess_free(st);
		}
	}
	free(msg);
}

/*
 * The long-hash state is the bare chaining value, serialised like a
 * digest: after a PART over a message padded by hand it equals that
 * message's digest (HMAC: the inner hash, the ipad block counted in the
 * padding's length).
 */
static void pad_msg(__u32 alg, const __u8 *msg, size_t len, size_t counted, __u8 *buf,
		    size_t *out_len)
{
	size_t bs = algs[alg].block, lb = bs == 128 ? 16 : 8, n;
	__u64 bits = (__u64)counted * 8;
	int i;

	n = (len + 1 + lb + bs - 1) / bs * bs;
	memset(buf, 0, n);
	memcpy(buf, msg, len);
	buf[len] = 0x80;
	for (i = 0; i < 8; i++) {
		if (alg == WD_DIGEST_MD5)
			buf[n - 8 + i] = (__u8)(bits >> (8 * i));
		else
			buf[n - 1 - i] = (__u8)(bits >> (8 * i));
	}
	*out_len = n;
}

static void test_state_format(void **unused)
{
	__u8 msg[300], buf[600], key[40], state[64], want[64], inner[700];
	__u32 alg;
	size_t n;
	int i;

	(void)unused;
	for (alg = 0; alg < NHASH; alg++) {
		__u32 bs = algs[alg].block, ml = algs[alg].mac;

		for (i = 0; i < 20; i++) {
			size_t len = rnd() % 300;
			void *st = sess_new(alg, WD_DIGEST_NORMAL, NULL, 0);
			void *hm;
			__u32 j;

			rnd_fill(msg, len);
			pad_msg(alg, msg, len, len, buf, &n);
			assert_int_equal(run(st, alg, 0, WD_DIGEST_PART, 0, buf, (__u32)n, state,
					     algs[alg].full, 0, NULL, 0), 0);
			ref_hash(alg, msg, len, want);
			check_eq(state, want, ml, "PART state = digest", len);
			sess_free(st);

			rnd_fill(key, sizeof(key));
			hm = sess_new(alg, WD_DIGEST_HMAC, key, sizeof(key));
			memset(inner, 0, bs);
			memcpy(inner, key, sizeof(key));
			for (j = 0; j < bs; j++)
				inner[j] ^= 0x36;
			memcpy(inner + bs, msg, len);
			pad_msg(alg, msg, len, bs + len, buf, &n);
			assert_int_equal(run(hm, alg, WD_DIGEST_HMAC, WD_DIGEST_PART, 0, buf, (__u32)n,
					     state, algs[alg].full, 0, NULL, 0), 0);
			ref_hash(alg, inner, bs + len, want);
			check_eq(state, want, ml, "HMAC PART state = inner hash", len);
			sess_free(hm);
		}
	}
}

static void test_aes_random(void **unused)
{
	__u8 *msg = malloc(MAXLEN), key[32], j0[16], out[16], want[16];
	int i, k;

	(void)unused;
	assert_non_null(msg);
	for (k = 0; k < 3; k++) {
		__u32 klen = 16 + 8 * k;

		for (i = 0; i < NLEN; i++) {
			size_t len = pick_len(i);
			__u32 mode = i % 2 ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL;
			void *st;

			rnd_fill(key, klen);
			rnd_fill(msg, len);
			st = sess_new(WD_DIGEST_AES_CMAC, mode, key, klen);
			ref_mac("CMAC", OSSL_MAC_PARAM_CIPHER, aes_name(klen, "CBC"), key, klen, msg,
				len, want);
			oneshot(st, WD_DIGEST_AES_CMAC, mode, msg, (__u32)len, out, 16, NULL);
			check_eq(out, want, 16, "CMAC", len);
			sess_free(st);

			/* GMAC with a nonce J0, then with an arbitrary J0 */
			st = sess_new(WD_DIGEST_AES_GMAC, mode, key, klen);
			rnd_fill(j0, 16);
			if (i % 2) {
				j0[12] = j0[13] = j0[14] = 0;
				j0[15] = 1;
			}
			ref_gmac(key, klen, j0, msg, len, want);
			oneshot(st, WD_DIGEST_AES_GMAC, mode, msg, (__u32)len, out, 16, j0);
			check_eq(out, want, 16, "GMAC", len);
			sess_free(st);

			if (klen == 16) {
				st = sess_new(WD_DIGEST_AES_XCBC_PRF_128, mode, key, klen);
				ref_xcbc(key, msg, len, want);
				oneshot(st, WD_DIGEST_AES_XCBC_PRF_128, mode, msg, (__u32)len, out, 16,
					NULL);
				check_eq(out, want, 16, "XCBC", len);
				sess_free(st);
			}
		}
	}
	free(msg);
}

/* ---- requests the driver must refuse ---- */

static void test_errors(void **unused)
{
	__u8 msg[256] = { 0 }, out[64], key[16] = { 0 }, iv[16] = { 0 };
	struct wd_alg_spec spec = { .alg = WD_DIGEST_AES_CMAC, .mode = WD_DIGEST_HMAC };
	void *st;

	(void)unused;
	/* PART not block-aligned */
	st = sess_new(WD_DIGEST_SHA256, WD_DIGEST_NORMAL, NULL, 0);
	assert_int_equal(run(st, WD_DIGEST_SHA256, 0, WD_DIGEST_PART, 0, msg, 65, out, 32, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	st = sess_new(WD_DIGEST_SHA512, WD_DIGEST_NORMAL, NULL, 0);
	assert_int_equal(run(st, WD_DIGEST_SHA512, 0, WD_DIGEST_PART, 0, msg, 64, out, 64, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	/* AES MACs: no long hash, no request without a key, GMAC needs a 16-byte iv */
	st = calloc(1, cls->state_size);
	assert_int_equal(cls->init(st, &spec), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, key, 16), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_PART, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_LAST, 1, msg, 16, out, 16, 16,
			     NULL, 0), -WD_EINVAL);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), 0);
	/* a cleared key refuses again */
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, NULL, 0), 0);
	assert_int_equal(run(st, spec.alg, spec.mode, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 0), -WD_EINVAL);
	sess_free(st);
	st = sess_new(WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, key, 16);
	assert_int_equal(run(st, WD_DIGEST_AES_GMAC, 1, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     iv, 12), -WD_EINVAL);
	assert_int_equal(run(st, WD_DIGEST_AES_GMAC, 1, WD_DIGEST_ONESHOT, 0, msg, 16, out, 16, 0,
			     NULL, 16), -WD_EINVAL);
	sess_free(st);
	/* key lengths the AES MACs do not take */
	st = calloc(1, cls->state_size);
	spec.alg = WD_DIGEST_AES_XCBC_MAC_96;
	assert_int_equal(cls->init(st, &spec), 0);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, key, 15), -WD_EINVAL);
	assert_int_equal(cls->set_key(st, WD_KEY_CIPHER, msg, 24), -WD_EINVAL);
	sess_free(st);
	checks += 13;
}

/* UADK lets an empty message come with in == NULL. */
static void test_empty_null(void **unused)
{
	static const __u8 j0[16] = { 1 };
	__u8 key[32] = { 7 }, out[64], want[64], state[64];
	__u32 alg;
	void *st;

	(void)unused;
	for (alg = 0; alg <= WD_DIGEST_AES_GMAC; alg++) {
		int hmac;

		for (hmac = 0; hmac < 2; hmac++) {
			__u32 mode = hmac ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL;
			__u32 klen = alg >= NHASH || hmac ? 16 : 0;
			const __u8 *iv = alg == WD_DIGEST_AES_GMAC ? j0 : NULL;
			__u32 n = alg < NHASH ? algs[alg].mac : 12;

			st = sess_new(alg, mode, klen ? key : NULL, klen);
			oneshot(st, alg, mode, (const __u8 *)"", 0, want, n, iv);
			oneshot(st, alg, mode, NULL, 0, out, n, iv);
			check_eq(out, want, n, "empty message, in NULL", 0);
			if (alg < NHASH) {
				/* LAST of a stream with no tail */
				assert_int_equal(run(st, alg, mode, WD_DIGEST_PART, 0, key, 0, state,
						     algs[alg].full, 0, NULL, 0), 0);
				memcpy(out, state, algs[alg].full);
				assert_int_equal(run(st, alg, mode, WD_DIGEST_LAST, 1, NULL, 0, out, n,
						     0, NULL, 0), 0);
				check_eq(out, want, n, "LAST without data", 0);
			}
			sess_free(st);
		}
	}
}

static int setup(void **unused)
{
	(void)unused;
	cls = (const struct cc_class *)cc_test_registered;
	assert_non_null(cls);
	assert_string_equal(cls->drv.name, "cpu_digest");
	assert_int_equal(cls->drv.alg_class, WD_CLASS_DIGEST);
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	printf("[ INFO     ] %lu checks\n", checks);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_sm3_gbt),
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_cmac_vectors),
		cmocka_unit_test(test_gmac_vectors),
		cmocka_unit_test(test_xcbc_rfc),
		cmocka_unit_test(test_hash_random),
		cmocka_unit_test(test_hmac_random),
		cmocka_unit_test(test_state_format),
		cmocka_unit_test(test_aes_random),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_null),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
