/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU AEAD driver's struct cc_class, driven directly: NIST GCM and CCM
 * vectors (python3-cryptography-vectors, read at run time), RFC 8998's
 * SM4-GCM/SM4-CCM examples, random cross-checks against OpenSSL called
 * independently (AES-GCM, AES-CCM, CBC + HMAC for authenc) and against a
 * slow reference GCM for SM4, GCM streams split at random 16-byte
 * boundaries, and tag corruption for every algorithm.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

#define VEC_DIR		"/usr/lib/python3/dist-packages/cryptography_vectors/ciphers/AES/"
#define MAXLEN		(64 * 1024 + 64)

static unsigned long checks, vectors;
static __u64 rng_state = 0x9e3779b97f4a7c15ull;

#define CHECK_MEM(a, b, n)	do { assert_memory_equal((a), (b), (n)); checks++; } while (0)
#define CHECK_INT(a, b)		do { assert_int_equal((a), (b)); checks++; } while (0)

static __u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (__u32)(rng_state >> 16);
}

static void fill(__u8 *p, size_t n)
{
	while (n--)
		*p++ = (__u8)rnd();
}

static int is_zero(const __u8 *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* ---- sessions and requests ---- */

static void *sess_open(__u8 calg, __u8 cmode, __u8 dalg, const __u8 *key, __u32 klen, int own)
{
	void *st = calloc(1, cc_aead_class.state_size);
	struct wd_alg_spec spec = {
		.alg = calg, .mode = cmode, .param = WD_AEAD_SPEC_PARAM(dalg, WD_DIGEST_HMAC),
	};

	assert_non_null(st);
	assert_int_equal(cc_aead_class.init(st, &spec), 0);
	if (own)
		aead_ccm_force_own(st);
	assert_int_equal(cc_aead_class.set_key(st, WD_KEY_CIPHER, key, klen), 0);
	return st;
}

static void sess_close(void *st)
{
	cc_aead_class.fini(st);
	free(st);
}

struct req {
	int enc, stage;
	const __u8 *iv, *aad, *in;
	__u8 *out, *mac;
	__u32 aad_len, len;
	__u16 authsize;
};

/* Returns the status (0 / WD_IN_EPARA); the request must have executed. */
static int run(void *st, const struct req *r)
{
	struct aead_state *s = st;
	struct wd_aead_msg m = {
		.calg = s->calg, .cmode = s->cmode, .dalg = s->dalg, .encrypt = r->enc,
		.stage = r->stage, .authsize = r->authsize, .aad_len = r->aad_len, .len = r->len,
		.aad = r->aad, .in = r->in, .out = r->out, .mac = r->mac, .iv = r->iv,
		.iv_len = s->cmode == WD_CIPHER_GCM ? 12 : 16,
	};

	cc_aead_class.run(st, &m.hdr);
	CHECK_INT(m.hdr.result, 0);
	return m.status;
}

/* ---- hex and .rsp files ---- */

static size_t unhex(const char *h, __u8 *out)
{
	size_t n = 0;

	while (h[0] && h[1] && h[0] != '\n' && h[0] != '\r') {
		unsigned v;

		assert_int_equal(sscanf(h, "%2x", &v), 1);
		out[n++] = (__u8)v;
		h += 2;
	}
	return n;
}

#define RSP_MAX 16
struct rsp {
	char name[RSP_MAX][16];
	char *val[RSP_MAX];
	int n;
};

static const char *rsp_get(struct rsp *r, const char *name)
{
	int i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->name[i], name))
			return r->val[i];
	return NULL;
}

static void rsp_set(struct rsp *r, const char *name, const char *val)
{
	int i;

	for (i = 0; i < r->n && strcmp(r->name[i], name); i++)
		;
	if (i == r->n) {
		assert_true(r->n < RSP_MAX);
		snprintf(r->name[r->n++], sizeof(r->name[0]), "%s", name);
	} else {
		free(r->val[i]);
	}
	r->val[i] = strdup(val);
}

/* Per-record fields are forgotten at "Count"; the others (Key, Alen ...) stay. */
static void rsp_new_record(struct rsp *r)
{
	static const char *const per_record = " Adata Payload CT Result PT AAD Tag IV FAIL ";
	char word[20];
	int i;

	for (i = 0; i < r->n; i++) {
		snprintf(word, sizeof(word), " %s ", r->name[i]);
		if (strstr(per_record, word)) {
			free(r->val[i]);
			r->val[i] = strdup("");
		}
	}
}

/* Calls fn for every record of a NIST .rsp file; returns how many. */
static int rsp_each(const char *path, void (*fn)(struct rsp *r, void *arg), void *arg)
{
	FILE *f = fopen(path, "r");
	struct rsp r = { .n = 0 };
	char line[4096], name[64], val[4000];
	int records = 0, pending = 0, i;

	if (!f)
		fail_msg("vector file %s missing (python3-cryptography-vectors)", path);
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *tok;

		if (line[0] == '#')
			continue;
		/* a blank line ends a record; section values for the next follow */
		if (line[strspn(line, " \r\n")] == 0) {
			if (pending)
				fn(&r, arg), records++;
			pending = 0;
			continue;
		}
		if (line[0] == '[') {
			/* "[Alen = 0, Plen = 0]" or "[IVlen = 96]": section values */
			for (tok = strtok(p + 1, ",]"); tok; tok = strtok(NULL, ",]"))
				if (sscanf(tok, " %60s = %3990s", name + 1, val) == 2) {
					name[0] = '[';
					rsp_set(&r, name, val);
				}
			continue;
		}
		if (!strncmp(line, "FAIL", 4)) {
			rsp_set(&r, "FAIL", "1");
			continue;
		}
		val[0] = 0;
		if (sscanf(line, " %60s = %3990s", name, val) < 1 || !strchr(line, '='))
			continue;
		if (!strcmp(name, "Count")) {
			if (pending)
				fn(&r, arg), records++;
			rsp_new_record(&r);
			pending = 1;
		}
		rsp_set(&r, name, val);
	}
	if (pending)
		fn(&r, arg), records++;
	fclose(f);
	for (i = 0; i < r.n; i++)
		free(r.val[i]);
	return records;
}

static int sec_int(struct rsp *r, const char *name)
{
	const char *v = rsp_get(r, name);

	return v ? atoi(v) : -1;
}

/* ---- NIST AES-GCM ---- */

static void gcm_vec(struct rsp *r, void *arg)
{
	__u8 key[32], iv[64], pt[128], aad[128], ct[128], tag[16], out[128], mac[16];
	int dec = *(int *)arg, klen, ivlen, len, aadlen, tlen, st;
	void *s;

	if (sec_int(r, "[IVlen") != 96)
		return;
	klen = unhex(rsp_get(r, "Key"), key);
	ivlen = unhex(rsp_get(r, "IV"), iv);
	len = unhex(rsp_get(r, "CT"), ct);
	aadlen = unhex(rsp_get(r, "AAD"), aad);
	tlen = unhex(rsp_get(r, "Tag"), tag);
	assert_int_equal(ivlen, 12);
	vectors++;
	s = sess_open(WD_CIPHER_AES, WD_CIPHER_GCM, 0, key, klen, 0);
	if (!dec) {
		unhex(rsp_get(r, "PT"), pt);
		st = run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, aadlen, len, tlen });
		CHECK_INT(st, 0);
		CHECK_MEM(out, ct, len);
		CHECK_MEM(mac, tag, tlen);
	} else {
		memset(out, 0xaa, sizeof(out));
		memcpy(mac, tag, tlen);
		st = run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, aadlen, len, tlen });
		if (rsp_get(r, "FAIL") && *rsp_get(r, "FAIL")) {
			CHECK_INT(st, WD_IN_EPARA);
			CHECK_INT(is_zero(out, len), 1);
		} else {
			CHECK_INT(st, 0);
			unhex(rsp_get(r, "PT"), pt);
			CHECK_MEM(out, pt, len);
		}
	}
	sess_close(s);
}

static void test_nist_gcm(void **unused)
{
	static const char *const files[] = {
		"gcmEncryptExtIV128.rsp", "gcmEncryptExtIV192.rsp", "gcmEncryptExtIV256.rsp",
		"gcmDecrypt128.rsp", "gcmDecrypt192.rsp", "gcmDecrypt256.rsp",
	};
	char path[256];
	int i, dec;

	(void)unused;
	for (i = 0; i < 6; i++) {
		unsigned long before = vectors;

		dec = i >= 3;
		snprintf(path, sizeof(path), VEC_DIR "GCM/%s", files[i]);
		assert_true(rsp_each(path, gcm_vec, &dec) > 1000);
		assert_true(vectors - before >= 500);	/* the 96-bit IV ones */
	}
}

/* ---- NIST AES-CCM (OpenSSL path and our own construction) ---- */

static void ccm_iv(__u8 *iv, const __u8 *nonce, int nlen)
{
	iv[0] = 15 - nlen - 1;
	memcpy(iv + 1, nonce, nlen);
	fill(iv + 1 + nlen, 15 - nlen);	/* the counter: must be ignored */
}

static void ccm_vec(struct rsp *r, void *arg)
{
	__u8 key[32], nonce[16], iv[16], aad[64 * 1024], pt[64], ct[80], out[64], mac[16];
	int own = *(int *)arg, klen, nlen, alen, plen, tlen, st;
	int dvpt = rsp_get(r, "Result") != NULL;
	void *s;

	klen = unhex(rsp_get(r, "Key"), key);
	nlen = unhex(rsp_get(r, "Nonce"), nonce);
	alen = sec_int(r, "[Alen") >= 0 ? sec_int(r, "[Alen") : sec_int(r, "Alen");
	plen = sec_int(r, "[Plen") >= 0 ? sec_int(r, "[Plen") : sec_int(r, "Plen");
	tlen = sec_int(r, "[Tlen") >= 0 ? sec_int(r, "[Tlen") : sec_int(r, "Tlen");
	assert_true(alen >= 0 && plen >= 0 && tlen >= 4);
	assert_true(alen <= (int)sizeof(aad) && plen <= (int)sizeof(pt));
	unhex(rsp_get(r, "Adata"), aad);
	unhex(rsp_get(r, "CT"), ct);
	ccm_iv(iv, nonce, nlen);
	vectors++;
	s = sess_open(WD_CIPHER_AES, WD_CIPHER_CCM, 0, key, klen, own);
	if (!dvpt) {
		unhex(rsp_get(r, "Payload"), pt);
		st = run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, alen, plen, tlen });
		CHECK_INT(st, 0);
		CHECK_MEM(out, ct, plen);
		CHECK_MEM(mac, ct + plen, tlen);
	} else {
		memset(out, 0xaa, sizeof(out));
		memcpy(mac, ct + plen, tlen);
		st = run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, alen, plen, tlen });
		if (!strcmp(rsp_get(r, "Result"), "Fail")) {
			CHECK_INT(st, WD_IN_EPARA);
			CHECK_INT(is_zero(out, plen), 1);
		} else {
			CHECK_INT(st, 0);
			unhex(rsp_get(r, "Payload"), pt);
			CHECK_MEM(out, pt, plen);
		}
	}
	sess_close(s);
}

static void test_nist_ccm(void **unused)
{
	static const char *const kinds[] = { "VADT", "VNT", "VPT", "VTT", "DVPT" };
	char path[256];
	int k, b, own;

	(void)unused;
	for (own = 0; own < 2; own++)
		for (k = 0; k < 5; k++)
			for (b = 128; b <= 256; b += 64) {
				snprintf(path, sizeof(path), VEC_DIR "CCM/%s%d.rsp", kinds[k], b);
				assert_true(rsp_each(path, ccm_vec, &own) >= 10);
			}
}

/* ---- references: OpenSSL called directly, and a slow GCM for SM4 ---- */

static EVP_CIPHER_CTX *ref_ctx(const char *name, int enc, const __u8 *key, const __u8 *iv)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

	assert_non_null(c);
	assert_non_null(ctx);
	assert_int_equal(EVP_CipherInit_ex(ctx, c, NULL, key, iv, enc), 1);
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	EVP_CIPHER_free(c);
	return ctx;
}

/* OpenSSL AES-GCM / AES-CCM encryption: ciphertext and a taglen tag. */
static void ref_aead(const char *name, int ccm, const __u8 *key, const __u8 *nonce, int nlen,
		     const __u8 *aad, int alen, const __u8 *in, __u8 *out, int len, __u8 *tag,
		     int taglen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	assert_non_null(c);
	assert_int_equal(EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, nlen, NULL), 1);
	if (ccm)
		assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, taglen, NULL), 1);
	assert_int_equal(EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce), 1);
	if (ccm)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &outl, NULL, len), 1);
	if (alen)
		assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &outl, aad, alen), 1);
	if (len || ccm)
		assert_int_equal(EVP_EncryptUpdate(ctx, out, &outl, len ? in : out, len), 1);
	assert_int_equal(EVP_EncryptFinal_ex(ctx, out, &outl), 1);
	assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, taglen, tag), 1);
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
}

static void gf_mul(__u8 *x, const __u8 *h)
{
	__u8 z[16] = { 0 }, v[16];
	int i, j, lsb;

	memcpy(v, h, 16);
	for (i = 0; i < 128; i++) {
		if (x[i / 8] & (0x80 >> (i % 8)))
			for (j = 0; j < 16; j++)
				z[j] ^= v[j];
		lsb = v[15] & 1;
		for (j = 15; j > 0; j--)
			v[j] = (__u8)(v[j] >> 1 | v[j - 1] << 7);
		v[0] >>= 1;
		if (lsb)
			v[0] ^= 0xe1;
	}
	memcpy(x, z, 16);
}

static void ref_ghash(const __u8 *h, const __u8 *p, size_t n, __u8 *y)
{
	size_t o, k, j;

	for (o = 0; o < n; o += 16) {
		k = n - o < 16 ? n - o : 16;
		for (j = 0; j < k; j++)
			y[j] ^= p[o + j];
		gf_mul(y, h);
	}
}

/* SP 800-38D from the block cipher alone (ECB) and a bitwise GHASH. */
static void ref_gcm(const char *ecb, const __u8 *key, const __u8 *iv, const __u8 *aad, size_t alen,
		    const __u8 *in, __u8 *out, size_t len, __u8 *tag)
{
	EVP_CIPHER_CTX *ctx = ref_ctx(ecb, 1, key, NULL);
	__u8 h[16] = { 0 }, j0[16], ek0[16], ctr[16], ks[16], y[16] = { 0 }, lens[16];
	size_t o, k, j;
	__u32 c;
	int outl, i;

	assert_int_equal(EVP_EncryptUpdate(ctx, h, &outl, h, 16), 1);
	memcpy(j0, iv, 12);
	memset(j0 + 12, 0, 4);
	j0[15] = 1;
	assert_int_equal(EVP_EncryptUpdate(ctx, ek0, &outl, j0, 16), 1);
	memcpy(ctr, j0, 16);
	for (o = 0; o < len; o += 16) {
		c = (__u32)ctr[12] << 24 | ctr[13] << 16 | ctr[14] << 8 | ctr[15];
		c++;
		ctr[12] = c >> 24, ctr[13] = c >> 16, ctr[14] = c >> 8, ctr[15] = c;
		assert_int_equal(EVP_EncryptUpdate(ctx, ks, &outl, ctr, 16), 1);
		k = len - o < 16 ? len - o : 16;
		for (j = 0; j < k; j++)
			out[o + j] = in[o + j] ^ ks[j];
	}
	ref_ghash(h, aad, alen, y);
	ref_ghash(h, out, len, y);
	for (i = 0; i < 8; i++) {
		lens[7 - i] = (__u8)((__u64)alen * 8 >> (8 * i));
		lens[15 - i] = (__u8)((__u64)len * 8 >> (8 * i));
	}
	ref_ghash(h, lens, 16, y);
	for (i = 0; i < 16; i++)
		tag[i] = y[i] ^ ek0[i];
	EVP_CIPHER_CTX_free(ctx);
}

/* ---- RFC 8998 Appendix A: the SM4-GCM and SM4-CCM examples ---- */

static void test_rfc8998(void **unused)
{
	/* RFC 8998 (ShangMi Cipher Suites for TLS 1.3), A.1 and A.2 */
	static const char key_h[] = "0123456789ABCDEFFEDCBA9876543210";
	static const char iv_h[] = "00001234567800000000ABCD";
	static const char aad_h[] = "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2";
	static const char pt_h[] = "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
				   "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA";
	static const char gcm_ct_h[] =
		"17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
		"D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D";
	static const char gcm_tag_h[] = "83DE3541E4C2B58177E065A9BF7B62EC";
	static const char ccm_ct_h[] =
		"48AF93501FA62ADBCD414CCE6034D895DDA1BF8F132F042098661572E7483094"
		"FD12E518CE062C98ACEE28D95DF4416BED31A2F04476C18BB40C84A74B97DC5B";
	static const char ccm_tag_h[] = "16842D4FA186F56AB33256971FA110F4";
	__u8 key[16], iv[12], civ[16], aad[20], pt[64], ct[64], tag[16], out[64], mac[16];
	void *s;

	(void)unused;
	unhex(key_h, key), unhex(iv_h, iv), unhex(aad_h, aad), unhex(pt_h, pt);

	unhex(gcm_ct_h, ct), unhex(gcm_tag_h, tag);
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key, 16, 0);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, pt, 64);
	sess_close(s);
	/* the slow reference agrees, so it can judge random SM4-GCM requests */
	ref_gcm("SM4-ECB", key, iv, aad, 20, pt, out, 64, mac);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);

	unhex(ccm_ct_h, ct), unhex(ccm_tag_h, tag);
	ccm_iv(civ, iv, 12);
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16, 0);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, civ, aad, pt, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, civ, aad, ct, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, pt, 64);
	sess_close(s);
}

/* ---- random cross-checks ---- */

static const __u32 lens[] = { 0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 1000,
			      1024, 4095, 4096, 4097, 16384, 65535, 65536 };
#define NLENS (sizeof(lens) / sizeof(lens[0]))

static __u8 *buf_in, *buf_out, *buf_ref, *buf_io, *buf_aad;

static int bufs_setup(void **unused)
{
	(void)unused;
	buf_in = malloc(MAXLEN), buf_out = malloc(MAXLEN), buf_ref = malloc(MAXLEN);
	buf_io = malloc(MAXLEN), buf_aad = malloc(2 * MAXLEN);
	return !(buf_in && buf_out && buf_ref && buf_io && buf_aad);
}

static int bufs_teardown(void **unused)
{
	(void)unused;
	free(buf_in), free(buf_out), free(buf_ref), free(buf_io), free(buf_aad);
	return 0;
}

static __u32 rnd_aad(void)
{
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return 1 + rnd() % 1500;
	default: return 1 + rnd() % 48;
	}
}

/*
 * Encrypt out of place and in place and compare with ct/tag; decrypt both
 * ways back to pt.
 */
static void both_ways(void *s, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *pt,
		      const __u8 *ct, const __u8 *tag, __u32 len, __u16 authsize)
{
	__u8 mac[64];

	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, buf_out, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_out, ct, len);
	CHECK_MEM(mac, tag, authsize);
	memcpy(buf_io, pt, len);
	memset(mac, 0, sizeof(mac));
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, buf_io, buf_io, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_io, ct, len);
	CHECK_MEM(mac, tag, authsize);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, buf_out, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_out, pt, len);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, buf_io, buf_io, mac, alen, len,
					authsize }), 0);
	CHECK_MEM(buf_io, pt, len);
}

static void test_random_gcm(void **unused)
{
	static const char *const names[] = { "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" };
	__u8 key[32], iv[12], tag[16];
	unsigned k, i, r;
	void *s;

	(void)unused;
	for (k = 0; k < 4; k++) {		/* AES-128/192/256, SM4 */
		__u32 klen = k < 3 ? 16 + 8 * k : 16;

		fill(key, sizeof(key));
		s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key, klen, 0);
		for (i = 0; i < NLENS; i++)
			for (r = 0; r < 2; r++) {
				__u32 len = lens[i], alen = rnd_aad();
				__u16 authsize = 8 + rnd() % 9;

				fill(iv, 12), fill(buf_aad, alen), fill(buf_in, len);
				if (k < 3)
					ref_aead(names[k], 0, key, iv, 12, buf_aad, alen, buf_in,
						 buf_ref, len, tag, 16);
				else
					ref_gcm("SM4-ECB", key, iv, buf_aad, alen, buf_in, buf_ref,
						len, tag);
				both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, authsize);
			}
		sess_close(s);
	}
}

static void test_random_ccm(void **unused)
{
	static const char *const names[] = { "AES-128-CCM", "AES-192-CCM", "AES-256-CCM" };
	static const __u32 big_aad[] = { 65279, 65280, 70000 };
	__u8 key[32], nonce[13], iv[16], tag[16];
	unsigned k, i, r, own;
	void *s;

	(void)unused;
	for (own = 0; own < 2; own++)
		for (k = 0; k < 3; k++) {
			fill(key, sizeof(key));
			s = sess_open(WD_CIPHER_AES, WD_CIPHER_CCM, 0, key, 16 + 8 * k, own);
			for (i = 0; i < NLENS + 3; i++)
				for (r = 0; r < 2; r++) {
					__u32 len = i < NLENS ? lens[i] : rnd() % 300;
					__u32 alen = i < NLENS ? rnd_aad() : big_aad[i - NLENS];
					__u32 nlen = len >= 65536 ? 7 + rnd() % 6 : 7 + rnd() % 7;
					__u16 authsize = 4 + 2 * (rnd() % 7);

					fill(nonce, nlen), fill(buf_aad, alen), fill(buf_in, len);
					ccm_iv(iv, nonce, nlen);
					ref_aead(names[k], 1, key, nonce, nlen, buf_aad, alen, buf_in,
						 buf_ref, len, tag, authsize);
					both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len,
						  authsize);
				}
			sess_close(s);
		}
	/* SM4-CCM (checked above as AES, and against RFC 8998): round trips */
	fill(key, 16);
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16, 0);
	for (i = 0; i < NLENS; i++) {
		__u32 len = lens[i], alen = rnd_aad(), nlen = len >= 65536 ? 12 : 13;
		__u8 mac[16];

		fill(nonce, nlen), fill(buf_aad, alen), fill(buf_in, len);
		ccm_iv(iv, nonce, nlen);
		CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in, buf_ref, mac,
						alen, len, 16 }), 0);
		memcpy(tag, mac, 16);
		both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, 16);
	}
	sess_close(s);
}

static const struct {
	__u8 dalg;
	const char *md;
	__u32 dlen, maxkey;
} hashes[] = {
	{ WD_DIGEST_SM3, "SM3", 32, 64 },	{ WD_DIGEST_MD5, "MD5", 16, 64 },
	{ WD_DIGEST_SHA1, "SHA1", 20, 64 },	{ WD_DIGEST_SHA256, "SHA256", 32, 64 },
	{ WD_DIGEST_SHA224, "SHA224", 28, 128 },	{ WD_DIGEST_SHA384, "SHA384", 48, 128 },
	{ WD_DIGEST_SHA512, "SHA512", 64, 128 },
	{ WD_DIGEST_SHA512_224, "SHA512-224", 28, 128 },
	{ WD_DIGEST_SHA512_256, "SHA512-256", 32, 128 },
};
#define NHASHES (sizeof(hashes) / sizeof(hashes[0]))

/* OpenSSL CBC, then HMAC(AAD || ciphertext) computed separately */
static void ref_authenc(const char *cbc, const char *md, const __u8 *key, const __u8 *akey,
			__u32 aklen, const __u8 *iv, const __u8 *aad, __u32 alen, const __u8 *in,
			__u8 *out, __u32 len, __u8 *tag)
{
	EVP_CIPHER_CTX *ctx = ref_ctx(cbc, 1, key, iv);
	EVP_MD *m = EVP_MD_fetch(NULL, md, NULL);
	__u8 *cat = malloc(alen + len + 1);
	unsigned int mdlen;
	int outl;

	assert_non_null(m);
	assert_int_equal(EVP_EncryptUpdate(ctx, out, &outl, in, (int)len), 1);
	memcpy(cat, aad, alen);
	memcpy(cat + alen, out, len);
	assert_non_null(HMAC(m, aklen ? akey : (const __u8 *)"", (int)aklen, cat, alen + len, tag,
			     &mdlen));
	free(cat);
	EVP_MD_free(m);
	EVP_CIPHER_CTX_free(ctx);
}

static void test_random_authenc(void **unused)
{
	static const char *const cbcs[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
					    "SM4-CBC" };
	static const __u32 alens[] = { 16, 32, 48, 256, 1008, 4096, 16384, 65536 };
	__u8 key[32], akey[128], iv[16], tag[64];
	unsigned k, h, i;
	void *s;

	(void)unused;
	for (k = 0; k < 4; k++)
		for (h = 0; h < NHASHES; h++) {
			__u32 aklen = h % 3 == 0 ? 0 : 1 + rnd() % hashes[h].maxkey;

			fill(key, sizeof(key)), fill(akey, sizeof(akey));
			s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_CBC,
				      hashes[h].dalg, key, k < 3 ? 16 + 8 * k : 16, 0);
			if (h % 4 == 1)	/* a key, then cleared: the empty key again */
				CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, 20), 0);
			CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, aklen), 0);
			for (i = 0; i < sizeof(alens) / sizeof(alens[0]) + 2; i++) {
				__u32 len = i < 8 ? alens[i] : 16 * (1 + rnd() % 64);
				__u32 alen = rnd_aad();
				__u16 authsize = i % 2 ? hashes[h].dlen : 1 + rnd() % hashes[h].dlen;

				fill(iv, 16), fill(buf_aad, alen), fill(buf_in, len);
				ref_authenc(cbcs[k], hashes[h].md, key, akey, aklen, iv, buf_aad,
					    alen, buf_in, buf_ref, len, tag);
				both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, authsize);
			}
			sess_close(s);
		}
}

/* ---- GCM streams ---- */

static int stream_interleave;	/* a block request in the middle of the stream */

/* FIRST (when AAD), MIDDLE x k at random 16-byte boundaries, END = the rest. */
static int stream(void *s, int enc, const __u8 *iv, const __u8 *aad, __u32 alen,
		  const __u8 *in, __u8 *out, __u32 len, __u8 *mac, __u16 authsize)
{
	__u32 mid = (rnd() % (len / 16 + 1)) * 16, done = 0, n;

	if (alen)
		CHECK_INT(run(s, &(struct req){ enc, AEAD_MSG_FIRST, iv, aad, NULL, NULL, mac,
						alen, 0, authsize }), 0);
	while (done < mid) {
		n = 16 * (1 + rnd() % ((mid - done) / 16));
		if (rnd() % 2)
			n = 16 * (1 + rnd() % (n / 16 < 4 ? n / 16 : 4));
		CHECK_INT(run(s, &(struct req){ enc, AEAD_MSG_MIDDLE, iv, NULL, in + done,
						out + done, mac, alen, n, authsize }), 0);
		done += n;
		if (stream_interleave) {
			__u8 other[100], omac[16];

			CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, NULL, other, other,
							omac, 0, sizeof(other), 16 }), 0);
		}
	}
	return run(s, &(struct req){ enc, AEAD_MSG_END, iv, NULL, len > done ? in + done : NULL,
				     out + done, mac, alen, len - done, authsize });
}

static void test_gcm_streams(void **unused)
{
	__u8 key[32], iv[12], tag[16], mac[16];
	unsigned k, t;
	void *s;

	(void)unused;
	for (k = 0; k < 3; k++) {		/* AES-128, AES-256, SM4 */
		fill(key, sizeof(key));
		s = sess_open(k < 2 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key,
			      k == 1 ? 32 : 16, 0);
		for (t = 0; t < 60; t++) {
			__u32 len = t < 50 ? rnd() % 3000 : rnd() % (MAXLEN - 64);
			__u32 alen = t % 3 ? rnd_aad() : 0;
			__u16 authsize = 8 + rnd() % 9;

			fill(iv, 12), fill(buf_aad, alen), fill(buf_in, len);
			/* block mode (checked against OpenSSL above) is the reference */
			CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in,
							buf_ref, tag, alen, len, 16 }), 0);
			if (t % 7 == 3) {
				/* a stream left half-way, then forgotten */
				stream(s, 1, iv, buf_aad, alen, buf_in, buf_out, len / 2, mac, 16);
				CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_FIRST, iv, buf_aad, NULL,
								NULL, mac, alen + 1, 0, 16 }), 0);
				cc_aead_class.reset(s);
			}
			if (t % 7 == 5 && alen) {
				/* a FIRST while a stream is open restarts it */
				CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_FIRST, key, buf_in, NULL,
								NULL, mac, 7, 0, 16 }), 0);
			}
			memset(mac, 0, 16);
			CHECK_INT(stream(s, 1, iv, buf_aad, alen, buf_in, buf_out, len, mac, authsize),
				  0);
			CHECK_MEM(buf_out, buf_ref, len);
			/* END writes msg->authsize bytes (the class asks for 16 when mac has room) */
			CHECK_MEM(mac, tag, authsize);
			/* decrypt in place, the stream interrupted by a block request */
			memcpy(buf_io, buf_ref, len);
			memcpy(mac, tag, 16);
			stream_interleave = 1;
			CHECK_INT(stream(s, 0, iv, buf_aad, alen, buf_io, buf_io, len, mac,
					 authsize), 0);
			stream_interleave = 0;
			CHECK_MEM(buf_io, buf_in, len);
			/* a wrong tag at END */
			mac[rnd() % authsize] ^= 1 << (rnd() % 8);
			CHECK_INT(stream(s, 0, iv, buf_aad, alen, buf_ref, buf_out, len, mac,
					 authsize), WD_IN_EPARA);
		}
		sess_close(s);
	}
}

/* ---- tag corruption for every algorithm ---- */

static void corrupt_one(void *s, const __u8 *iv, __u32 len, __u32 alen, __u16 authsize)
{
	__u8 mac[64], bad[64];
	int what;

	fill(buf_aad, alen), fill(buf_in, len);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in, buf_ref, mac, alen,
					len, authsize }), 0);
	for (what = 0; what < 3; what++) {
		memcpy(bad, mac, authsize);
		if (what == 0)
			bad[rnd() % authsize] ^= 1 << (rnd() % 8);
		else if (what == 1 && len)
			buf_ref[rnd() % len] ^= 0x80;
		else if (what == 2 && alen)
			buf_aad[rnd() % alen] ^= 0x01;
		else
			continue;
		memset(buf_out, 0xaa, len);
		CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, buf_aad, buf_ref, buf_out,
						bad, alen, len, authsize }), WD_IN_EPARA);
		CHECK_INT(is_zero(buf_out, len), 1);
		if (what == 1)
			memcpy(buf_io, buf_ref, len);	/* in place: nothing released either */
		if (what == 1) {
			CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, buf_aad, buf_io,
							buf_io, bad, alen, len, authsize }),
				  WD_IN_EPARA);
			CHECK_INT(is_zero(buf_io, len), 1);
		}
	}
}

static void test_tag_corruption(void **unused)
{
	__u8 key[32], iv[16], akey[40];
	unsigned k, h, r;
	void *s;

	(void)unused;
	fill(key, sizeof(key)), fill(akey, sizeof(akey));
	for (k = 0; k < 4; k++) {		/* GCM: AES-128/192/256, SM4 */
		s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key,
			      k < 3 ? 16 + 8 * k : 16, 0);
		for (r = 0; r < 20; r++) {
			fill(iv, 12);
			corrupt_one(s, iv, r ? rnd() % 2000 : 0, r % 3 ? rnd_aad() : 0, 8 + rnd() % 9);
		}
		sess_close(s);
	}
	for (k = 0; k < 3; k++) {		/* CCM: AES (OpenSSL), AES (own), SM4 */
		s = sess_open(k < 2 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16,
			      k == 1);
		for (r = 0; r < 20; r++) {
			fill(iv + 1, 15);
			iv[0] = 1 + rnd() % 7;
			corrupt_one(s, iv, r ? rnd() % 2000 : 0, r % 3 ? rnd_aad() : 0,
				    4 + 2 * (rnd() % 7));
		}
		sess_close(s);
	}
	for (k = 0; k < 2; k++)			/* authenc: AES, SM4 x every hash */
		for (h = 0; h < NHASHES; h++) {
			s = sess_open(k ? WD_CIPHER_SM4 : WD_CIPHER_AES, WD_CIPHER_CBC,
				      hashes[h].dalg, key, 16, 0);
			CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, 32), 0);
			for (r = 0; r < 6; r++) {
				fill(iv, 16);
				corrupt_one(s, iv, 16 * (1 + rnd() % 100), r % 3 ? rnd_aad() : 0,
					    1 + rnd() % hashes[h].dlen);
			}
			sess_close(s);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_gcm),
		cmocka_unit_test(test_nist_ccm),
		cmocka_unit_test(test_rfc8998),
		cmocka_unit_test(test_random_gcm),
		cmocka_unit_test(test_random_ccm),
		cmocka_unit_test(test_random_authenc),
		cmocka_unit_test(test_gcm_streams),
		cmocka_unit_test(test_tag_corruption),
	};
	int ret = cmocka_run_group_tests(tests, bufs_setup, bufs_teardown);

	printf("test_cc_aead: %lu checks, %lu NIST vectors\n", checks, vectors);
	return ret;
}
