/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every advertised AEAD through wd_do_aead_sync, against OpenSSL: block
 * mode (AEAD_MSG_BLOCK) for each key size, AAD and payload lengths up to
 * > 64 KiB, shorter tags, in place, scatter-gather; a wrong tag or AAD
 * (return 0, state WD_IN_EPARA, as the CPU driver); GCM streams as UADK
 * defines them (wd_aead.h): FIRST carries the AAD, MIDDLE 16-byte
 * multiples, END the tail and the tag (a wrong one: -WD_EINVAL, state
 * WD_IN_EPARA).
 */
#include <stdlib.h>
#include <string.h>
#include "crypto_hw.h"

#define BIG	70000	/* > 64 KiB and whole blocks (authenc) */
#define TAG_MAX	16	/* GCM, CCM */
#define MAC_BUF	64	/* room for any tag (authenc: up to SHA-512's 64 bytes) */

struct aead_case {
	const struct calg *a;
	handle_t h;
	u8 ckey[32], akey[128], iv[16];
	unsigned int cklen, aklen, authsize;
};

static unsigned int iv_len(const struct calg *a)
{
	return a->mode == WD_CIPHER_GCM ? 12 : 16;
}

static unsigned int max_tag(const struct calg *a)
{
	return a->mode == WD_CIPHER_CBC ? dg_mac_len(a->dalg) : TAG_MAX;
}

static handle_t aead_sess(const struct calg *a)
{
	struct wd_aead_sess_setup ss = { .calg = (enum wd_cipher_alg)a->alg,
					 .cmode = (enum wd_cipher_mode)a->mode,
					 .dalg = (enum wd_digest_type)a->dalg,
					 .dmode = a->mode == WD_CIPHER_CBC ? WD_DIGEST_HMAC :
									    WD_DIGEST_NORMAL };

	return wd_aead_alloc_sess(&ss);
}

/* Keys and tag size; the IV for the key (CCM: L = 2 or 4, counter bytes 0). */
static bool aead_key(struct aead_case *c, unsigned int cklen, unsigned int seed,
		     unsigned int authsize)
{
	const struct calg *a = c->a;

	c->cklen = cklen;
	c->authsize = authsize;
	fill(c->ckey, sizeof(c->ckey), seed);
	fill(c->akey, sizeof(c->akey), seed + 100);
	fill(c->iv, sizeof(c->iv), seed + 200);
	if (a->mode == WD_CIPHER_CCM) {
		unsigned int l = seed & 1 ? 4 : 2;

		c->iv[0] = (u8)(l - 1);
		memset(c->iv + 16 - l, 0, l);
	}
	/* HMAC keys: shorter than the hash, and a whole block */
	c->aklen = a->mode != WD_CIPHER_CBC ? 0 : seed & 1 ? dg_block(a->dalg) : 20;
	if (wd_aead_set_ckey(c->h, c->ckey, (__u16)cklen) ||
	    (c->aklen && wd_aead_set_akey(c->h, c->akey, (__u16)c->aklen)) ||
	    wd_aead_set_authsize(c->h, (__u16)authsize)) {
		NOTE("%s: keys %u/%u or tag size %u refused", a->name, cklen, c->aklen, authsize);
		return false;
	}
	return true;
}

/* One sync request; returns the call's code, state in *state. */
static int aead_req(struct aead_case *c, int enc, int msg_state, const void *src, void *dst,
		    size_t alen, size_t len, u8 *mac, bool sgl, __u16 *state)
{
	struct wd_aead_req r = { .op_type = enc ? WD_CIPHER_ENCRYPTION_DIGEST :
						  WD_CIPHER_DECRYPTION_DIGEST,
				 .src = (void *)src, .dst = dst, .mac = mac, .iv = c->iv,
				 .in_bytes = (__u32)len, .out_bytes = (__u32)(alen + len),
				 .iv_bytes = (__u16)iv_len(c->a), .mac_bytes = MAC_BUF,
				 .assoc_bytes = (__u16)alen,
				 .data_fmt = sgl ? WD_SGL_BUF : WD_FLAT_BUF,
				 .msg_state = (enum wd_aead_msg_state)msg_state };
	int ret = wd_do_aead_sync(c->h, &r);

	*state = r.state;
	return ret;
}

static int aead_ok(struct aead_case *c, int enc, int msg_state, const void *src, void *dst,
		   size_t alen, size_t len, u8 *mac, bool sgl)
{
	__u16 st;
	int ret = aead_req(c, enc, msg_state, src, dst, alen, len, mac, sgl, &st);

	if (ret || st)
		NOTE("%s %s (stage %d) aad %zu len %zu: ret %d (%s), state %u", c->a->name,
		     enc ? "enc" : "dec", msg_state, alen, len, ret, wd_strerror(ret), st);
	return ret ? ret : st;
}

/* Block mode both ways; -1 when OpenSSL lacks the algorithm. */
static int block_trip(struct aead_case *c, const u8 *msg, size_t alen, size_t len, bool in_place)
{
	size_t tot = alen + len;
	u8 *src = malloc(tot + 1), *dst = malloc(tot + 1), *want = malloc(len + 1);
	u8 tag[MAC_BUF], mac[MAC_BUF];
	int ok = 0;

	if (!src || !dst || !want)
		goto out;
	if (ref_aead(c->a, c->ckey, c->cklen, c->akey, c->aklen, c->iv, msg, alen, msg + alen,
		     want, len, tag, c->authsize)) {
		ok = -1;
		goto out;
	}
	memcpy(src, msg, tot);
	if (aead_ok(c, 1, AEAD_MSG_BLOCK, src, in_place ? src : dst, alen, len, mac, false) ||
	    !same("ciphertext", (in_place ? src : dst) + alen, want, len) ||
	    !same("tag", mac, tag, c->authsize))
		goto out;
	memcpy(src, msg, alen);
	memcpy(src + alen, want, len);
	ok = !aead_ok(c, 0, AEAD_MSG_BLOCK, src, in_place ? src : dst, alen, len, tag, false) &&
	     same("decrypted", (in_place ? src : dst) + alen, msg + alen, len);
out:
	free(src);
	free(dst);
	free(want);
	return ok;
}

/* A wrong tag, then a changed AAD byte: 0 with state WD_IN_EPARA, as the CPU driver. */
static bool tag_fail(struct aead_case *c, const u8 *msg, size_t alen, size_t len)
{
	u8 *src = malloc(alen + len), *dst = malloc(alen + len), tag[MAC_BUF];
	__u16 st1 = 0, st2 = 0;
	int r1 = -1, r2 = -1;
	bool ok = false;

	if (!src || !dst)
		goto out;
	memcpy(src, msg, alen + len);
	if (aead_ok(c, 1, AEAD_MSG_BLOCK, src, dst, alen, len, tag, false))
		goto out;
	memcpy(src + alen, dst + alen, len);	/* the ciphertext */
	tag[c->authsize - 1] ^= 1;
	r1 = aead_req(c, 0, AEAD_MSG_BLOCK, src, dst, alen, len, tag, false, &st1);
	tag[c->authsize - 1] ^= 1;
	src[0] ^= 0x80;
	r2 = aead_req(c, 0, AEAD_MSG_BLOCK, src, dst, alen, len, tag, false, &st2);
	ok = !r1 && st1 == WD_IN_EPARA && !r2 && st2 == WD_IN_EPARA;
	if (!ok)
		NOTE("wrong tag: ret %d state %u; wrong AAD: ret %d state %u (want 0, %d)", r1, st1,
		     r2, st2, WD_IN_EPARA);
out:
	free(src);
	free(dst);
	return ok;
}

static bool sgl_trip(struct aead_case *c, const u8 *msg, size_t alen, size_t len)
{
	size_t tot = alen + len;
	u8 *in = malloc(tot), *out = malloc(tot), *want = malloc(len), tag[MAC_BUF],
	   mac[MAC_BUF];
	struct wd_datalist s[2], d[3];
	bool ok = false;

	if (!in || !out || !want ||
	    ref_aead(c->a, c->ckey, c->cklen, c->akey, c->aklen, c->iv, msg, alen, msg + alen,
		     want, len, tag, c->authsize))
		goto out;
	memcpy(in, msg, tot);
	s[0] = (struct wd_datalist){ in, 7, &s[1] };
	s[1] = (struct wd_datalist){ in + 7, (__u32)(tot - 7), NULL };
	d[0] = (struct wd_datalist){ out, (__u32)alen + 5, &d[1] };
	d[1] = (struct wd_datalist){ NULL, 1000, &d[2] };	/* counts for nothing */
	d[2] = (struct wd_datalist){ out + alen + 5, (__u32)(len - 5), NULL };
	ok = !aead_ok(c, 1, AEAD_MSG_BLOCK, s, d, alen, len, mac, true) &&
	     same("sgl ciphertext", out + alen, want, len) && same("sgl tag", mac, tag, c->authsize);
out:
	free(in);
	free(out);
	free(want);
	return ok;
}

/*
 * A GCM stream: FIRST (the AAD), MIDDLE parts, END (tail, tag), both
 * ways, against OpenSSL's one-shot; then END with a wrong tag.
 */
static bool gcm_stream(struct aead_case *c, const u8 *msg, size_t alen, size_t tail)
{
	const size_t mid[2] = { 4096, 272 };
	size_t len = mid[0] + mid[1] + tail, off;
	u8 *out = malloc(len + 1), *want = malloc(len + 1), tag[MAC_BUF], mac[MAC_BUF];
	const u8 *pt = msg + alen;
	int i, enc, r;
	bool ok = false;
	__u16 st;

	if (!out || !want || ref_aead(c->a, c->ckey, c->cklen, NULL, 0, c->iv, msg, alen, pt, want,
				      len, tag, TAG_MAX))
		goto out;
	for (enc = 1; enc >= 0; enc--) {
		const u8 *in = enc ? pt : want;
		u8 *m = enc ? mac : tag;

		if (aead_ok(c, enc, AEAD_MSG_FIRST, msg, NULL, alen, alen, m, false))
			goto out;
		for (i = 0, off = 0; i < 2; off += mid[i++])
			if (aead_ok(c, enc, AEAD_MSG_MIDDLE, in + off, out + off, alen, mid[i], m,
				    false))
				goto out;
		if (aead_ok(c, enc, AEAD_MSG_END, in + off, out + off, alen, tail, m, false) ||
		    !same(enc ? "stream ciphertext" : "stream plaintext", out, enc ? want : pt, len))
			goto out;
		/* encryption writes the whole tag when mac_bytes has room */
		if (enc && !same("stream tag", mac, tag, TAG_MAX))
			goto out;
	}
	/* a wrong tag at END: the call fails and says so in state */
	tag[0] ^= 1;
	if (aead_ok(c, 0, AEAD_MSG_FIRST, msg, NULL, alen, alen, tag, false) ||
	    aead_ok(c, 0, AEAD_MSG_MIDDLE, want, out, alen, mid[0], tag, false))
		goto out;
	r = aead_req(c, 0, AEAD_MSG_END, want + mid[0], out + mid[0], alen, len - mid[0], tag,
		     false, &st);
	ok = r == -WD_EINVAL && st == WD_IN_EPARA;
	if (!ok)
		NOTE("stream END with a wrong tag: ret %d state %u (want %d, %d)", r, st,
		     -WD_EINVAL, WD_IN_EPARA);
out:
	free(out);
	free(want);
	return ok;
}

/* CCM with L = 2 counts 65535 bytes: a longer payload is refused as the CPU driver does. */
static bool ccm_too_long(struct aead_case *c, const u8 *msg)
{
	u8 *dst = malloc(BIG + 2), mac[MAC_BUF];
	__u16 st = 0;
	int r = 0;

	if (dst && aead_key(c, c->cklen, 40, TAG_MAX))	/* even seed: L = 2 */
		r = aead_req(c, 1, AEAD_MSG_BLOCK, msg, dst, 0, BIG + 1, mac, false, &st);
	free(dst);
	if (r != -WD_EINVAL)
		NOTE("L = 2, %d bytes: ret %d (%s), state %u; want %d", BIG + 1, r, wd_strerror(r),
		     st, -WD_EINVAL);
	return r == -WD_EINVAL;
}

static void aead_alg(const struct calg *a)
{
	static const size_t cases[][2] = { { 0, 16 }, { 13, 16 }, { 20, 1024 }, { 20, 48 } };
	struct aead_case c = { .a = a, .h = aead_sess(a) };
	u8 *msg = malloc(BIG + 1024);
	unsigned int k, i, shorter = a->mode == WD_CIPHER_GCM ? 13 : a->mode == WD_CIPHER_CCM ? 10 :
				     12;
	bool ok = true, no_ref = false;
	int r;

	CHECK(c.h != 0, "aead %s: session", a->name);
	if (!c.h || !msg) {
		free(msg);
		return;
	}
	fill(msg, BIG + 1024, 21);
	for (k = 0; a->keys[k]; k++) {
		ok &= aead_key(&c, a->keys[k], 30 + k, max_tag(a));
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			r = block_trip(&c, msg, cases[i][0], cases[i][1] - (k & 1) *
				       (a->mode == WD_CIPHER_CBC ? 0 : 3), false);
			no_ref |= r < 0;
			ok &= r != 0;
		}
		if (a->mode != WD_CIPHER_CBC)	/* AAD only: a MAC (GCM, CCM take it) */
			ok &= block_trip(&c, msg, 20, 0, false) != 0;
	}
	if (no_ref) {
		printf("# aead %s: no OpenSSL reference here: not checked\n", a->name);
		goto out;
	}
	CHECK(ok, "aead %s: every key size, AAD 0..20, payload 0..1024, enc = OpenSSL, dec back",
	      a->name);
	k--;
	/* CCM: L = 4 (odd seed), L = 2 cannot count past 65535 bytes */
	aead_key(&c, a->keys[k], 33, max_tag(a));
	CHECK(block_trip(&c, msg, 64, BIG + (a->mode == WD_CIPHER_CBC ? 0 : 1), false) == 1,
	      "aead %s: %d bytes (> 64 KiB)", a->name, BIG);
	CHECK(block_trip(&c, msg, 20, 4096, true) == 1, "aead %s: in place (dst == src)", a->name);
	if (a->mode == WD_CIPHER_CCM)
		CHECK(ccm_too_long(&c, msg), "aead %s: %d bytes with L = 2 (nonce 13): -WD_EINVAL",
		      a->name, BIG + 1);
	CHECK(aead_key(&c, a->keys[k], 40, shorter) && block_trip(&c, msg, 20, 1024, false) == 1,
	      "aead %s: a %u-byte tag", a->name, shorter);
	CHECK(tag_fail(&c, msg, 20, 1024), "aead %s: wrong tag or AAD: 0, state WD_IN_EPARA",
	      a->name);
	CHECK(sgl_trip(&c, msg, 20, 1024), "aead %s: scatter-gather src and dst", a->name);
	if (a->mode == WD_CIPHER_GCM) {
		aead_key(&c, a->keys[k], 41, TAG_MAX);
		CHECK(gcm_stream(&c, msg, 20, 1003) && gcm_stream(&c, msg, 1, 0),
		      "aead %s: stream FIRST/MIDDLE/END both ways = OpenSSL; wrong tag at END: "
		      "-WD_EINVAL, state WD_IN_EPARA", a->name);
		CHECK(block_trip(&c, msg, 20, 100, false) == 1,
		      "aead %s: block mode again after streams", a->name);
	}
	check_driver(CLS_AEAD, c.h, run.want[CLS_AEAD], a->name);
out:
	wd_aead_free_sess(c.h);
	free(msg);
}

void test_aead(void)
{
	const struct calg *list[128];
	int n = calg_advertised(list, 128), i, tested = 0;

	if (!setup_class(CLS_AEAD))
		return;
	for (i = 0; i < n; i++)
		if (list[i]->cls == CLS_AEAD) {
			aead_alg(list[i]);
			tested++;
		}
	CHECK(tested > 0, "aead: %d advertised algorithms tested", tested);
	class_uninit(CLS_AEAD);
}
