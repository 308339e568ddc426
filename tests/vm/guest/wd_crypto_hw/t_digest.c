/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every advertised digest through wd_do_digest_sync, against OpenSSL:
 * one-shot hashes, HMACs and AES MACs of several lengths (0 to > 64 KiB)
 * and key sizes, a truncated MAC, long hashes in WD_DIGEST_DOING parts
 * ended by WD_DIGEST_END (plain and HMAC) equal to the one-shot MAC, and
 * a scatter-gather input.
 */
#include <stdlib.h>
#include <string.h>
#include "crypto_hw.h"

#define BIG	70001

static bool aes_mac(const struct calg *a)
{
	return a->alg == WD_DIGEST_AES_CMAC || a->alg == WD_DIGEST_AES_XCBC_MAC_96 ||
	       a->alg == WD_DIGEST_AES_GMAC;
}

/* GMAC: the nonce OpenSSL gets, and the API's J0 = nonce || 00000001 */
static const u8 nonce[12] = { 0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca,
			      0xf8, 0x88 };
static u8 j0[16];

static handle_t digest_sess(const struct calg *a)
{
	struct wd_digest_sess_setup ss = { .alg = (enum wd_digest_type)a->alg,
					   .mode = (enum wd_digest_mode)a->mode };

	return wd_digest_alloc_sess(&ss);
}

/* One sync request: in_bytes of in, out_bytes into out; 0 or the code (noted). */
static int digest_req(handle_t h, const struct calg *a, const void *in, size_t len, u8 *out,
		      unsigned int out_bytes, int has_next, bool sgl)
{
	struct wd_digest_req r = { .in = (void *)in, .out = out, .in_bytes = (__u32)len,
				   .out_bytes = out_bytes, .out_buf_bytes = 64,
				   .has_next = (__u16)has_next,
				   .data_fmt = sgl ? WD_SGL_BUF : WD_FLAT_BUF };
	int ret;

	if (a->alg == WD_DIGEST_AES_GMAC) {
		r.iv = j0;
		r.iv_bytes = 16;
	}
	ret = wd_do_digest_sync(h, &r);
	if (ret || r.state)
		NOTE("%s of %zu bytes (has_next %d): ret %d (%s), state %u", a->name, len, has_next,
		     ret, wd_strerror(ret), r.state);
	return ret ? ret : r.state;
}

/* A one-shot MAC of len bytes, out_bytes of it, against OpenSSL. -1: no reference. */
static int one_shot(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		    const u8 *msg, size_t len, unsigned int out_bytes)
{
	u8 mac[64] = { 0 }, want[64];
	unsigned int wlen;
	char what[96];

	if (ref_digest(a, key, klen, nonce, msg, len, want, &wlen))
		return -1;
	snprintf(what, sizeof(what), "%s key %u len %zu out %u", a->name, klen, len, out_bytes);
	return !digest_req(h, a, msg, len, mac, out_bytes, WD_DIGEST_END, false) &&
	       same(what, mac, want, out_bytes);
}

/* A long hash: parts of whole blocks (DOING), then END with the tail. */
static bool long_hash(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		      const u8 *msg, size_t tail)
{
	const size_t parts[2] = { 4096, 65536 };
	unsigned int full = dg_full_len(a->alg), mac = dg_mac_len(a->alg), wlen;
	u8 state[64] = { 0 }, want[64];
	size_t off = 0;
	int i;

	if (ref_digest(a, key, klen, nonce, msg, parts[0] + parts[1] + tail, want, &wlen))
		return false;
	for (i = 0; i < 2; off += parts[i++])
		if (digest_req(h, a, msg + off, parts[i], state, full, WD_DIGEST_DOING, false))
			return false;
	return !digest_req(h, a, msg + off, tail, state, mac, WD_DIGEST_END, false) &&
	       same("long hash", state, want, mac);
}

/*
 * A long hash begun in one session and finished in another: STREAM_DOING /
 * STREAM_END with long_data_len = the bytes hashed so far, out = the state.
 */
static bool moved_hash(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		       const u8 *msg)
{
	unsigned int full = dg_full_len(a->alg), mac = dg_mac_len(a->alg), wlen;
	handle_t h2 = digest_sess(a);
	u8 state[64] = { 0 }, want[64];
	struct wd_digest_req r = { .in = (void *)(msg + 4096), .out = state, .in_bytes = 8192,
				   .out_bytes = full, .out_buf_bytes = 64,
				   .has_next = WD_DIGEST_STREAM_DOING, .long_data_len = 4096 };
	bool ok = false;
	int ret;

	if (!h2 || (klen && wd_digest_set_key(h2, key, klen)) ||
	    ref_digest(a, key, klen, nonce, msg, 4096 + 8192 + 100, want, &wlen) ||
	    digest_req(h, a, msg, 4096, state, full, WD_DIGEST_DOING, false))
		goto out;
	ret = wd_do_digest_sync(h2, &r);	/* the second part, in the other session */
	if (ret || r.state) {
		NOTE("STREAM_DOING in a second session: ret %d state %u", ret, r.state);
		goto out;
	}
	r.in = (void *)(msg + 4096 + 8192);
	r.in_bytes = 100;
	r.out_bytes = mac;
	r.has_next = WD_DIGEST_STREAM_END;
	r.long_data_len = 4096 + 8192;
	ret = wd_do_digest_sync(h2, &r);
	if (ret || r.state)
		NOTE("STREAM_END in a second session: ret %d state %u", ret, r.state);
	else
		ok = same("moved long hash", state, want, mac);
	/* the first session's long hash was left open: END closes it */
	digest_req(h, a, msg, 0, state, mac, WD_DIGEST_END, false);
out:
	if (h2)
		wd_digest_free_sess(h2);
	return ok;
}

static bool sgl_hash(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		     const u8 *msg, size_t len)
{
	struct wd_datalist l[3] = { { (void *)msg, 1, &l[1] }, { NULL, 99, &l[2] },
				    { (void *)(msg + 1), (__u32)(len - 1), NULL } };
	unsigned int mac = dg_mac_len(a->alg), wlen;
	u8 out[64], want[64];

	/* an element without data counts for nothing (UADK) */
	return !ref_digest(a, key, klen, nonce, msg, len, want, &wlen) &&
	       !digest_req(h, a, l, len, out, mac, WD_DIGEST_END, true) &&
	       same("sgl", out, want, mac);
}

static void digest_alg(const struct calg *a)
{
	static const size_t lens[] = { 0, 1, 64, 1000, BIG };
	unsigned int mac = dg_mac_len(a->alg), k = 0, klen = 0;
	u8 key[128], *msg = malloc(BIG + 4096);	/* long hashes take 70632 */
	handle_t h = digest_sess(a);
	bool ok = true, no_ref = false;
	size_t i;
	int r;

	CHECK(h != 0, "digest %s: session", a->name);
	if (!h || !msg) {
		free(msg);
		return;
	}
	fill(msg, BIG + 4096, 11);
	do {
		klen = a->keys[k];
		fill(key, sizeof(key), 12 + k);
		if (klen && wd_digest_set_key(h, key, klen)) {
			NOTE("set_key of %u bytes refused", klen);
			ok = false;
			continue;
		}
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			if (!lens[i] && aes_mac(a) && a->alg != WD_DIGEST_AES_GMAC)
				continue;	/* CMAC and XCBC need data (UADK) */
			r = one_shot(h, a, key, klen, msg, lens[i], mac);
			no_ref |= r < 0;
			ok &= r != 0;
		}
	} while (a->keys[k] && a->keys[++k]);
	if (no_ref) {
		printf("# digest %s: no OpenSSL reference here: not checked\n", a->name);
		goto out;
	}
	CHECK(ok, "digest %s: %s, lengths 0..%d, one-shot = OpenSSL", a->name,
	      klen ? "every key size" : "no key", BIG);
	CHECK(one_shot(h, a, key, klen, msg, 1000, mac / 2) == 1,
	      "digest %s: a truncated MAC (%u of %u bytes)", a->name, mac / 2, mac);
	if (dg_full_len(a->alg)) {
		CHECK(long_hash(h, a, key, klen, msg, 1000) && long_hash(h, a, key, klen, msg, 0),
		      "digest %s: long %s in DOING parts (4 KiB, 64 KiB), END with 1000 and 0 "
		      "bytes = OpenSSL one-shot", a->name, klen ? "HMAC" : "hash");
		CHECK(moved_hash(h, a, key, klen, msg), "digest %s: a long %s moved to another "
		      "session (STREAM_DOING, STREAM_END with long_data_len) = OpenSSL", a->name,
		      klen ? "HMAC" : "hash");
		/* after a long hash the session is back to one-shots */
		CHECK(one_shot(h, a, key, klen, msg, 64, mac) == 1,
		      "digest %s: a one-shot after a long hash", a->name);
	}
	CHECK(sgl_hash(h, a, key, klen, msg, 5000), "digest %s: scatter-gather input", a->name);
	check_driver(CLS_DIGEST, h, run.want[CLS_DIGEST], a->name);
out:
	wd_digest_free_sess(h);
	free(msg);
}

void test_digest(void)
{
	const struct calg *list[128];
	int n = calg_advertised(list, 128), i, tested = 0;

	memcpy(j0, nonce, 12);
	j0[15] = 1;
	if (!setup_class(CLS_DIGEST))
		return;
	for (i = 0; i < n; i++)
		if (list[i]->cls == CLS_DIGEST) {
			digest_alg(list[i]);
			tested++;
		}
	CHECK(tested > 0, "digest: %d advertised algorithms tested", tested);
	class_uninit(CLS_DIGEST);
}
