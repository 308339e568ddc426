/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Digest known answers: SHA-1 and SHA-2 (CAVP ShortMsg + LongMsg), MD5
 * (RFC 1321), SM3 (OSCCA examples, and GB/T 32905's own two), HMAC (RFC
 * 2202, RFC 4231), AES-CMAC (SP 800-38B), AES-XCBC (RFC 3566's examples).
 * Every hash and HMAC message of a block or more is hashed a second time
 * as a long hash: block-aligned WD_DIGEST_DOING parts, then WD_DIGEST_END.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kat.h"
#include "sm3_gbt.h"

#define MAXM	(128 * 1024)

static uint8_t msg[MAXM];
static long split_count;	/* messages also checked as DOING parts + END */

struct dkat {
	int alg, mode;
};

/* One-shot, then (a block or more) in DOING parts of 1, 2, 3 blocks + END. */
static void hash_both(const struct tv_rec *r, int alg, int mode, const uint8_t *key,
		      uint32_t klen, const uint8_t *m, uint32_t len, const uint8_t *md,
		      uint32_t mdlen)
{
	uint32_t blk = ct_block_len(alg), off = 0, k = 0, chunk;
	uint8_t out[64];
	handle_t h = ct_digest_sess(alg, mode, key, klen);

	if (!h)
		fail_msg("%s:%d: no session (key %u bytes)", r->file, r->line, klen);
	if (ct_digest(h, m, len, out, mdlen, WD_DIGEST_END, 0))
		fail_msg("%s:%d: one-shot refused", r->file, r->line);
	kat_same(r, "digest", out, md, mdlen);
	wd_digest_free_sess(h);
	if (len < blk)
		return;
	h = ct_digest_sess(alg, mode, key, klen);
	for (chunk = blk; off + chunk <= len; chunk = blk * (1 + (++k % 3))) {
		if (ct_digest(h, m + off, chunk, out, ct_full_len(alg), WD_DIGEST_DOING, 0))
			fail_msg("%s:%d: DOING part at %u refused", r->file, r->line, off);
		off += chunk;
	}
	if (ct_digest(h, m + off, len - off, out, mdlen, WD_DIGEST_END, 0))
		fail_msg("%s:%d: END after %u bytes refused", r->file, r->line, off);
	kat_same(r, "digest in parts", out, md, mdlen);
	wd_digest_free_sess(h);
	split_count++;
}

/* Len (bits) / Msg / MD records: hashes, and HMAC with Key. */
static enum kat_result hash_rec(const struct tv_rec *r, void *arg)
{
	const struct dkat *d = arg;
	uint8_t md[64], key[256], hk[64];
	long bits = tv_int(r, "Len"), n, mdlen, klen = 0;

	mdlen = kat_hex(r, "MD", md, sizeof(md));
	n = kat_hex(r, "Msg", msg, MAXM);
	if (d->mode == WD_DIGEST_NORMAL) {
		if (bits < 0 || bits % 8 || bits / 8 > n)
			fail_msg("%s:%d: Len %ld", r->file, r->line, bits);
		n = bits / 8;	/* "Msg = 00" is the empty message */
	}
	if (d->mode == WD_DIGEST_HMAC) {
		klen = kat_hex(r, "Key", key, sizeof(key));
		/*
		 * UADK takes keys up to its limit (the block size here) and
		 * leaves longer ones to the caller, who hashes them first as
		 * HMAC does (RFC 2104): done here through the plain digest.
		 */
		if (klen > (long)ct_hmac_key_max(d->alg)) {
			handle_t h = ct_digest_sess(d->alg, WD_DIGEST_HMAC, NULL, 0);

			assert_int_equal(wd_digest_set_key(h, key, (uint32_t)klen), -WD_EINVAL);
			wd_digest_free_sess(h);
			h = ct_digest_sess(d->alg, WD_DIGEST_NORMAL, NULL, 0);
			assert_int_equal(ct_digest(h, key, (uint32_t)klen, hk,
						   ct_mac_len(d->alg), WD_DIGEST_END, 0), 0);
			wd_digest_free_sess(h);
			memcpy(key, hk, ct_mac_len(d->alg));
			klen = ct_mac_len(d->alg);
		}
	}
	hash_both(r, d->alg, d->mode, key, (uint32_t)klen, msg, (uint32_t)n, md, (uint32_t)mdlen);
	return KAT_OK;
}

void kat_sha(void **state)
{
	static const struct {
		const char *dir, *name;
		int alg;
	} f[] = {
		{ "hashes/SHA1", "SHA1", WD_DIGEST_SHA1 },
		{ "hashes/SHA2", "SHA224", WD_DIGEST_SHA224 },
		{ "hashes/SHA2", "SHA256", WD_DIGEST_SHA256 },
		{ "hashes/SHA2", "SHA384", WD_DIGEST_SHA384 },
		{ "hashes/SHA2", "SHA512", WD_DIGEST_SHA512 },
		{ "hashes/SHA2", "SHA512_224", WD_DIGEST_SHA512_224 },
		{ "hashes/SHA2", "SHA512_256", WD_DIGEST_SHA512_256 },
	};
	static const char *const kinds[] = { "ShortMsg.rsp", "LongMsg.rsp" };
	struct kat_tally t = { 0 };
	char rel[128];
	size_t i, j;

	(void)state;
	split_count = 0;
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		struct dkat d = { f[i].alg, WD_DIGEST_NORMAL };
		struct kat_tally one = { 0 };

		for (j = 0; j < 2; j++) {
			snprintf(rel, sizeof(rel), "%s/%s%s", f[i].dir, f[i].name, kinds[j]);
			kat_file(&one, rel, "MD", hash_rec, &d);
		}
		kat_report(f[i].name, &one, NULL);
		t.ok += one.ok;
		t.files += one.files;
	}
	printf("SHA          %6ld messages also hashed in DOING parts + END\n", split_count);
	kat_report("SHA-1/SHA-2", &t, NULL);
	assert_true(split_count > 0);
}

void kat_md5(void **state)
{
	struct dkat d = { WD_DIGEST_MD5, WD_DIGEST_NORMAL };
	struct kat_tally t = { 0 };

	(void)state;
	kat_file(&t, "hashes/MD5/rfc-1321.txt", "MD", hash_rec, &d);
	kat_report("MD5", &t, NULL);
}

/* GB/T 32905-2016 appendix A: "abc" and "abcd" x 16. */
static void sm3_gbt_examples(void)
{
	struct tv_rec r = { .file = "GB/T 32905", .line = 0 };
	uint8_t m[64];
	int i;

	for (i = 0; i < 64; i++)
		m[i] = (uint8_t)("abcd"[i % 4]);
	hash_both(&r, WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0, m, 3, sm3_gbt_abc, 32);
	r.line = 1;
	hash_both(&r, WD_DIGEST_SM3, WD_DIGEST_NORMAL, NULL, 0, m, 64, sm3_gbt_abcd16, 32);
}

void kat_sm3(void **state)
{
	struct dkat d = { WD_DIGEST_SM3, WD_DIGEST_NORMAL };
	struct kat_tally t = { 0 };

	(void)state;
	kat_file(&t, "hashes/SM3/oscca.txt", "MD", hash_rec, &d);
	sm3_gbt_examples();
	t.ok += 2;
	kat_report("SM3", &t, NULL);
}

void kat_hmac(void **state)
{
	static const struct {
		const char *file;
		int alg;
	} f[] = {
		{ "HMAC/rfc-2202-md5.txt", WD_DIGEST_MD5 },
		{ "HMAC/rfc-2202-sha1.txt", WD_DIGEST_SHA1 },
		{ "HMAC/rfc-4231-sha224.txt", WD_DIGEST_SHA224 },
		{ "HMAC/rfc-4231-sha256.txt", WD_DIGEST_SHA256 },
		{ "HMAC/rfc-4231-sha384.txt", WD_DIGEST_SHA384 },
		{ "HMAC/rfc-4231-sha512.txt", WD_DIGEST_SHA512 },
	};
	struct kat_tally t = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		struct dkat d = { f[i].alg, WD_DIGEST_HMAC };

		kat_file(&t, f[i].file, "MD", hash_rec, &d);
	}
	/* the 80- and 131-byte keys exceed UADK's limit: hashed first (hash_rec) */
	kat_report("HMAC", &t, NULL);
}

/*
 * SP 800-38B examples. UADK's AES-CMAC takes 16-byte keys only and no
 * empty message (facts 4.4): those are checked to be refused.
 */
static enum kat_result cmac_rec(const struct tv_rec *r, void *arg)
{
	uint8_t key[32], mac[16], out[16];
	long klen = kat_hex(r, "KEY", key, sizeof(key)), n = kat_hex(r, "MESSAGE", msg, MAXM);
	long mlen = kat_hex(r, "OUTPUT", mac, sizeof(mac));
	struct wd_digest_sess_setup ss = { .alg = WD_DIGEST_AES_CMAC, .mode = WD_DIGEST_HMAC,
					   .sched_param = &ct_sp };
	handle_t h = wd_digest_alloc_sess(&ss);

	(void)arg;
	assert_true(h);
	if (klen != 16) {
		assert_int_equal(wd_digest_set_key(h, key, (uint32_t)klen), -WD_EINVAL);
		wd_digest_free_sess(h);
		return KAT_REFUSED;
	}
	assert_int_equal(wd_digest_set_key(h, key, 16), 0);
	if (!n) {
		assert_int_equal(ct_digest(h, msg, 0, out, 16, WD_DIGEST_END, 0), -WD_EINVAL);
		wd_digest_free_sess(h);
		return KAT_REFUSED;
	}
	if (ct_digest(h, msg, (uint32_t)n, out, (uint32_t)mlen, WD_DIGEST_END, 0))
		fail_msg("%s:%d: CMAC refused", r->file, r->line);
	kat_same(r, "CMAC", out, mac, (size_t)mlen);
	wd_digest_free_sess(h);
	return KAT_OK;
}

void kat_cmac(void **state)
{
	struct kat_tally t = { 0 };

	(void)state;
	kat_dir(&t, "CMAC", "nist-800-38b-aes", ".txt", "COUNT", cmac_rec, NULL);
	kat_report("AES-CMAC", &t, "AES-192/256 keys and empty messages");
}

/*
 * RFC 3566 section 4.6, test cases 2-7 (key 000102..0f; messages 00 01 02
 * ... of the given length, case 7 is 1000 zero bytes); case 1, the empty
 * message, UADK refuses. XCBC-MAC-96 is the first 12 bytes; XCBC-PRF-128
 * with a 16-byte key is the whole MAC (RFC 4434).
 */
void kat_xcbc(void **state)
{
	static const struct {
		uint32_t len;
		const char *mac;
	} c[] = {
		{ 3, "5b376580ae2f19afe7219ceef172756f" },
		{ 16, "d2a246fa349b68a79998a4394ff7a263" },
		{ 20, "47f51b4564966215b8985c63055ed308" },
		{ 32, "f54f0ec8d2b9f3d36807734bd5283fd4" },
		{ 34, "becbb3bccdb518a30677d5481fb6b4d8" },
		{ 1000, "f0dafee895db30253761103b5d84528f" },
	};
	struct tv_rec r = { .file = "RFC 3566" };
	uint8_t key[16], mac[16], out[16];
	struct kat_tally t = { 0 };
	size_t i, j;
	handle_t h96, h128;

	(void)state;
	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	h96 = ct_digest_sess(WD_DIGEST_AES_XCBC_MAC_96, WD_DIGEST_HMAC, key, 16);
	h128 = ct_digest_sess(WD_DIGEST_AES_XCBC_PRF_128, WD_DIGEST_HMAC, key, 16);
	assert_true(h96 && h128);
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		for (j = 0; j < c[i].len; j++)
			msg[j] = c[i].len == 1000 ? 0 : (uint8_t)j;
		tv_unhex(c[i].mac, mac, sizeof(mac));
		r.line = (int)i + 2;
		assert_int_equal(ct_digest(h96, msg, c[i].len, out, 12, WD_DIGEST_END, 0), 0);
		kat_same(&r, "XCBC-MAC-96", out, mac, 12);
		assert_int_equal(ct_digest(h128, msg, c[i].len, out, 16, WD_DIGEST_END, 0), 0);
		kat_same(&r, "XCBC-PRF-128", out, mac, 16);
		t.ok += 2;
	}
	assert_int_equal(ct_digest(h96, msg, 0, out, 12, WD_DIGEST_END, 0), -WD_EINVAL);
	t.refused++;
	wd_digest_free_sess(h96);
	wd_digest_free_sess(h128);
	kat_report("AES-XCBC", &t, "RFC 3566 case 1, the empty message");
}
