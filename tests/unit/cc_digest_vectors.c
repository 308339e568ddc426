/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_digest against published vectors: python3-cryptography-vectors
 * (read at run time; a missing file fails), GB/T 32905's SM3 examples and
 * RFC 3566's XCBC cases.
 */
#include <stdlib.h>
#include <string.h>
#include "cc_digest_test.h"
#include "sm3_gbt.h"

struct vec_arg {
	__u32 alg;
	__u32 klen;	/* AES MACs: key bytes expected */
	int used;
};

static void hash_vec(const struct tv_rec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *len_s = tv_get(r, "Len"), *msg_s = tv_get(r, "Msg"), *md_s = tv_get(r, "MD");
	__u32 mac_len = algs[va->alg].mac;
	__u8 out[64], *msg, *md;
	size_t mlen, dlen, bits;
	void *st;

	if (!len_s || !msg_s || !md_s)
		return;
	bits = strtoul(len_s, NULL, 10);
	if (bits % 8)
		return;
	msg = cc_unhex_new(msg_s, &mlen);
	md = cc_unhex_new(md_s, &dlen);
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

void test_hash_vectors(void **unused)
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

		cc_vec_each(files[i].file, "MD", hash_vec, &va);
		if (va.used < 5)
			fail_msg("%s: only %d vectors used", files[i].file, va.used);
	}
}

/* GB/T 32905-2016 Appendix A, examples 1 and 2 (sm3_gbt.c). */
void test_sm3_gbt(void **unused)
{
	void *st = sess_new(WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0);
	__u8 msg[64], out[64];
	int i;

	(void)unused;
	oneshot(st, WD_DIGEST_SM3, WD_DIGEST_NORMAL, (const __u8 *)"abc", 3, out, 32, NULL);
	check_eq(out, sm3_gbt_abc, 32, "SM3 GB/T example 1", 3);
	for (i = 0; i < 16; i++)
		memcpy(msg + 4 * i, "abcd", 4);
	oneshot(st, WD_DIGEST_SM3, WD_DIGEST_NORMAL, msg, 64, out, 32, NULL);
	check_eq(out, sm3_gbt_abcd16, 32, "SM3 GB/T example 2", 64);
	stream_mac(WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0, msg, 64, out, 32);
	check_eq(out, sm3_gbt_abcd16, 32, "SM3 GB/T example 2 stream", 64);
	sess_free(st);
}

static void hmac_vec(const struct tv_rec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *key_s = tv_get(r, "Key"), *msg_s = tv_get(r, "Msg"), *md_s = tv_get(r, "MD");
	__u32 mac_len = algs[va->alg].mac;
	size_t klen, mlen, dlen;
	__u8 *key, *msg, *md, out[64];
	void *st;

	if (!key_s || !msg_s || !md_s)
		return;
	key = cc_unhex_new(key_s, &klen);
	msg = cc_unhex_new(msg_s, &mlen);
	md = cc_unhex_new(md_s, &dlen);
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

void test_hmac_vectors(void **unused)
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

		cc_vec_each(files[i].file, "MD", hmac_vec, &va);
		if (va.used < 5)
			fail_msg("%s: only %d vectors used", files[i].file, va.used);
	}
}

static void cmac_vec(const struct tv_rec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *key_s = tv_get(r, "KEY"), *msg_s = tv_get(r, "MESSAGE");
	const char *out_s = tv_get(r, "OUTPUT");
	size_t klen, mlen, olen;
	__u8 *key, *msg, *want, out[16];
	void *st;

	if (!key_s || !msg_s || !out_s)
		return;
	key = cc_unhex_new(key_s, &klen);
	msg = cc_unhex_new(msg_s, &mlen);
	want = cc_unhex_new(out_s, &olen);
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

void test_cmac_vectors(void **unused)
{
	static const char *const files[] = {
		"CMAC/nist-800-38b-aes128.txt", "CMAC/nist-800-38b-aes192.txt",
		"CMAC/nist-800-38b-aes256.txt",
	};
	int i;

	(void)unused;
	for (i = 0; i < 3; i++) {
		struct vec_arg va = { .klen = 16 + 8 * i };

		cc_vec_each(files[i], "COUNT", cmac_vec, &va);
		if (va.used < 4)
			fail_msg("%s: only %d vectors used", files[i], va.used);
	}
}

/* GCM vectors with no plaintext and a 96-bit IV are GMAC: J0 = IV || 00000001. */
static void gmac_vec(const struct tv_rec *r, void *arg)
{
	struct vec_arg *va = arg;
	const char *ptlen = tv_get(r, "PTlen"), *ivlen = tv_get(r, "IVlen");
	const char *key_s = tv_get(r, "Key"), *iv_s = tv_get(r, "IV"), *aad_s = tv_get(r, "AAD");
	const char *tag_s = tv_get(r, "Tag");
	size_t klen, ivl, alen, tlen;
	__u8 *key, *iv, *aad, *tag, j0[16], out[16];
	void *st;

	if (!ptlen || !ivlen || strcmp(ptlen, "0") || strcmp(ivlen, "96") || !key_s || !iv_s ||
	    !tag_s || tv_has(r, "FAIL"))
		return;
	key = cc_unhex_new(key_s, &klen);
	iv = cc_unhex_new(iv_s, &ivl);
	aad = cc_unhex_new(aad_s, &alen);
	tag = cc_unhex_new(tag_s, &tlen);
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

void test_gmac_vectors(void **unused)
{
	static const char *const files[] = {
		"ciphers/AES/GCM/gcmEncryptExtIV128.rsp", "ciphers/AES/GCM/gcmEncryptExtIV192.rsp",
		"ciphers/AES/GCM/gcmEncryptExtIV256.rsp",
	};
	int i;

	(void)unused;
	for (i = 0; i < 3; i++) {
		struct vec_arg va = { .klen = 16 + 8 * i };

		cc_vec_each(files[i], "Count", gmac_vec, &va);
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
void test_xcbc_rfc(void **unused)
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
