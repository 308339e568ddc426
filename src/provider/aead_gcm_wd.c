// SPDX-License-Identifier: Apache-2.0
/*
 * A GCM message on WarpDrive: the block request for a message that turns
 * out to be one update, the stream for the others, the odd-size tails in
 * between (aead_gcm.h has the whole design). The caller (aead_gcm.c) has
 * chosen this path for the message: 12-byte IV, AAD within 16 bits, a
 * keyed session.
 */
#include <string.h>
#include <openssl/crypto.h>

#include "aead_gcm.h"

static int submit(struct gcm_ctx *c, enum wd_aead_msg_state st, const void *src, void *dst,
		  size_t in_bytes, size_t assoc, void *mac, size_t mac_bytes)
{
	struct wd_aead_req r;

	/* every field set: a memset here is a slow `rep stos` on some CPUs */
	r.msg_state = st;
	r.src = (void *)src;
	r.dst = dst;
	r.in_bytes = (__u32)in_bytes;
	r.out_bytes = 0;
	r.assoc_bytes = (__u16)assoc;
	r.iv = c->msg_iv;
	r.iv_bytes = GCM_WD_IV;
	r.mac = mac;
	r.mac_bytes = (__u16)mac_bytes;
	r.cb = NULL;
	r.cb_param = NULL;
	return aead_run(&c->b, &r);	/* sets op_type, data_fmt, state */
}

/*
 * The session's tag size for the next request: 16 to encrypt (the tag is
 * cut at Get), the tag's length where a decryption checks it. A request
 * that checks nothing keeps whatever is set (any size is fine for it).
 */
static int tag_size(struct gcm_ctx *c, int checks)
{
	if (c->b.enc)
		return aead_set_authsize(&c->b, AEAD_TAG_MAX);
	if (checks) {
		if (c->taglen == AEAD_UNSET || c->taglen < 8 || c->taglen > AEAD_TAG_MAX) {
			/* short tags of kept messages never get here (short_tag_check) */
			wdp_raise(WDP_R_BAD_ARGUMENT,
				  "a GCM tag of %zu bytes cannot be checked on a message streamed "
				  "on WarpDrive (8..16 bytes); set it before the first update "
				  "(AES then runs the message in software)",
				  c->taglen == AEAD_UNSET ? (size_t)0 : c->taglen);
			return 0;
		}
		return aead_set_authsize(&c->b, (int)c->taglen);
	}
	return c->b.authsize ? 1 : aead_set_authsize(&c->b, AEAD_TAG_MAX);
}

/* Where a request checks the tag (decrypt) or writes it (encrypt). */
static unsigned char *tag_buf(struct gcm_ctx *c, size_t *n)
{
	*n = c->b.enc ? AEAD_TAG_MAX : c->taglen;
	return c->b.enc ? c->wtag : c->tag;
}

/* End whatever stream an earlier message left in the session. */
static int stream_close(struct gcm_ctx *c)
{
	unsigned char scratch[AEAD_TAG_MAX];

	if (!c->stream_open)
		return 1;
	if (!tag_size(c, 0))
		return 0;
	/* a decrypting END "fails" its check against scratch: fine, it ends */
	if (submit(c, AEAD_MSG_END, NULL, NULL, 0, 0, scratch, sizeof(scratch)) < 0)
		return 0;
	c->stream_open = 0;
	return 1;
}

static int stream_begin(struct gcm_ctx *c)
{
	if (!stream_close(c) || !tag_size(c, 0))
		return 0;
	c->blocks = 0;
	c->tail_len = 0;
	c->ks_valid = 0;
	c->phase = PH_STREAM;
	/* without AAD the first MIDDLE/END starts the stream from the IV */
	c->stream_open = 1;
	if (c->aad_len &&
	    submit(c, AEAD_MSG_FIRST, c->b.buf, NULL, 0, c->aad_len, c->wtag, AEAD_TAG_MAX) < 0)
		return 0;
	return 1;
}

/* MIDDLE over a 16-byte multiple, in requests of at most GCM_CHUNK. */
static int middle(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t n)
{
	while (n) {
		size_t k = n < GCM_CHUNK ? n : GCM_CHUNK;

		if (submit(c, AEAD_MSG_MIDDLE, in, out, k, 0, c->wtag, AEAD_TAG_MAX) < 0)
			return 0;
		c->blocks += k / AEAD_BLK;
		in += k;
		out += k;
		n -= k;
	}
	return 1;
}

/*
 * The key stream block of payload block `blocks`: E(K, IV || J0 + 1 +
 * blocks), GCM's 32-bit counter. The message length limit (2^32 - 2
 * blocks) keeps 2 + blocks below 2^32: the counter never wraps.
 */
static void counter_block(const struct gcm_ctx *c, uint64_t blocks, unsigned char cb[AEAD_BLK])
{
	uint32_t n = (uint32_t)(blocks + 2);

	memcpy(cb, c->msg_iv, GCM_WD_IV);
	cb[12] = (unsigned char)(n >> 24);
	cb[13] = (unsigned char)(n >> 16);
	cb[14] = (unsigned char)(n >> 8);
	cb[15] = (unsigned char)n;
}

static int key_block(struct gcm_ctx *c, unsigned char ks[AEAD_BLK])
{
	unsigned char cb[AEAD_BLK];

	counter_block(c, c->blocks, cb);
	return aead_block(&c->b, cb, ks);
}

/* Payload into an open stream; outputs all len bytes. */
static int feed(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len)
{
	size_t aligned, r, i;

	if (c->tail_len) {
		size_t t = c->tail_len, k = AEAD_BLK - t < len ? AEAD_BLK - t : len;
		unsigned char blk[AEAD_BLK], o[AEAD_BLK];

		if (t + k < AEAD_BLK) {
			/* the block is still not whole: its key stream serves */
			if (!c->ks_valid) {
				if (!key_block(c, c->ks))
					return 0;
				c->ks_valid = 1;
			}
			for (i = 0; i < k; i++) {
				unsigned char x = in[i];	/* in may be out */

				c->tail[t + i] = x;
				out[i] = x ^ c->ks[t + i];
			}
			c->tail_len += k;
			return 1;
		}
		/* the kept bytes and the new ones make a block: stream it */
		memcpy(blk, c->tail, t);
		memcpy(blk + t, in, k);
		if (!middle(c, blk, o, AEAD_BLK))
			return 0;
		memcpy(out, o + t, k);
		OPENSSL_cleanse(blk, sizeof(blk));
		OPENSSL_cleanse(o, sizeof(o));
		c->tail_len = 0;
		c->ks_valid = 0;
		in += k;
		out += k;
		len -= k;
	}
	aligned = len & ~(size_t)(AEAD_BLK - 1);
	r = len - aligned;
	if (aligned && !middle(c, in, out, aligned))
		return 0;
	if (r) {
		if (!key_block(c, c->ks))
			return 0;
		c->ks_valid = 1;
		memcpy(c->tail, in + aligned, r);
		for (i = 0; i < r; i++)
			out[aligned + i] = c->tail[i] ^ c->ks[i];
		c->tail_len = r;
	}
	return 1;
}

/*
 * The first payload update as one block request: b.buf holds the AAD;
 * the input goes behind it (kept for a replay), the output straight to
 * out without AAD, through the buffer with it.
 */
static int spec_run(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len)
{
	size_t a = (size_t)c->aad_len, tn;
	unsigned char *buf = aead_buf(&c->b, a ? 2 * (a + len) : len), *dst, *tag;
	unsigned char cb[AEAD_BLK];
	int r;

	if (!buf || !tag_size(c, 1))
		return 0;
	memcpy(buf + a, in, len);
	dst = a ? buf + a + len : out;
	tag = tag_buf(c, &tn);
	r = submit(c, AEAD_MSG_BLOCK, buf, dst, len, a, tag, tn);
	if (r < 0)
		return 0;
	c->spec_ok = r == 0;
	c->spec_whole = 1;
	c->spec_len = len;
	c->phase = PH_SPEC;
	if (r == 0) {
		if (a)
			memcpy(out, dst + a, len);
		return 1;
	}
	/*
	 * Decrypt, tag mismatch: the driver zeroed its output. Maybe more
	 * updates follow (the tag is for the longer message): the plaintext
	 * is due now either way, from the kept ciphertext (counter J0 + 1).
	 */
	counter_block(c, 0, cb);
	return aead_ctr(&c->b, cb, buf + a, out, len);
}

/*
 * Keep an update (the first one, or one more): its input behind what is
 * kept, its output by CTR from its offset. The counter starts at the
 * offset's block; the kept bytes before it in that block (r) go through
 * the request too, their output thrown away.
 */
static int keep(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len)
{
	size_t a = (size_t)c->aad_len, o = c->spec_len, r = o % AEAD_BLK, n = a + o + len;
	unsigned char *buf = aead_buf(&c->b, n + r + len), cb[AEAD_BLK];

	if (!buf)
		return 0;
	memcpy(buf + a + o, in, len);
	counter_block(c, o / AEAD_BLK, cb);
	if (!aead_ctr(&c->b, cb, buf + a + o - r, buf + n, r + len))
		return 0;
	memcpy(out, buf + n + r, len);
	OPENSSL_cleanse(buf + n, r + len);
	c->spec_len += len;
	c->spec_whole = 0;
	c->phase = PH_SPEC;
	return 1;
}

/* Past GCM_KEEP_MAX: the kept input goes into a stream, the message on there. */
static int replay(struct gcm_ctx *c)
{
	size_t a = (size_t)c->aad_len, aligned = c->spec_len & ~(size_t)(AEAD_BLK - 1);

	if (!stream_begin(c))
		return 0;
	if (aligned && !middle(c, c->b.buf + a, c->b.buf + a, aligned))
		return 0;
	c->tail_len = c->spec_len - aligned;
	memcpy(c->tail, c->b.buf + a + aligned, c->tail_len);
	c->ks_valid = 0;
	return 1;
}

int gcm_wd_update(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len)
{
	size_t spec_max = c->aad_len ? GCM_COPY_MAX : GCM_SPEC_MAX;

	if (!len)
		return 1;
	switch (c->phase) {
	case PH_AAD:
		/* a decryption checks its tag in the block request: only a tag set for it */
		if (len <= spec_max &&
		    (c->b.enc || (c->tag_fresh && c->taglen != AEAD_UNSET && c->taglen >= 8)))
			return spec_run(c, in, out, len);
		if (len <= GCM_KEEP_MAX)
			return keep(c, in, out, len);
		if (!stream_begin(c))
			return 0;
		break;
	case PH_SPEC:
		if (c->spec_len + len <= GCM_KEEP_MAX)
			return keep(c, in, out, len);
		if (!replay(c))
			return 0;
		break;
	default:
		break;
	}
	return feed(c, in, out, len);
}

void gcm_wd_tag_changed(struct gcm_ctx *c)
{
	/* a block request's verdict was for the old tag: Final checks this one */
	if (c->phase == PH_SPEC && !c->b.enc)
		c->spec_whole = 0;
}

/*
 * A decrypt tag under 8 bytes (wd_aead checks 8..16) on a kept message:
 * the plaintext again by CTR, then an encrypting block request over AAD +
 * plaintext gives the whole tag (its output is the kept ciphertext), and
 * the tag's first bytes are compared here. b.buf: AAD || C, then AAD || P,
 * then the block request's output.
 */
static int short_tag_check(struct gcm_ctx *c)
{
	size_t a = (size_t)c->aad_len, n = a + c->spec_len;
	unsigned char *buf, cb[AEAD_BLK], t[AEAD_TAG_MAX];
	struct wd_aead_req r;
	int ret;

	if (!n) {
		/* nothing at all: GHASH of a zero length block is 0, T = E(K, J0) */
		counter_block(c, (uint64_t)-1, cb);
		if (!aead_block(&c->b, cb, t))
			return 0;
		goto check;
	}
	buf = aead_buf(&c->b, 3 * n);
	if (!buf || !aead_set_authsize(&c->b, AEAD_TAG_MAX))
		return 0;
	memcpy(buf + n, buf, a);
	counter_block(c, 0, cb);
	if (c->spec_len && !aead_ctr(&c->b, cb, buf + a, buf + n + a, c->spec_len))
		return 0;
	r.msg_state = AEAD_MSG_BLOCK;
	r.src = buf + n;
	r.dst = buf + 2 * n;
	r.in_bytes = (__u32)c->spec_len;
	r.out_bytes = 0;
	r.assoc_bytes = (__u16)a;
	r.iv = c->msg_iv;
	r.iv_bytes = GCM_WD_IV;
	r.mac = t;
	r.mac_bytes = AEAD_TAG_MAX;
	r.cb = NULL;
	r.cb_param = NULL;
	ret = aead_run_dir(&c->b, &r, 1);
	OPENSSL_cleanse(buf + n, 2 * n);
	if (ret < 0)
		return 0;
check:
	ret = aead_memcmp(t, c->tag, c->taglen);
	OPENSSL_cleanse(t, sizeof(t));
	if (ret) {
		wdp_raise(WDP_R_TAG_MISMATCH, "GCM tag mismatch");
		return 0;
	}
	return 1;
}

int gcm_wd_final(struct gcm_ctx *c)
{
	unsigned char o[AEAD_BLK], *tag;
	size_t tn;
	int r;

	if (c->phase == PH_SPEC && c->spec_whole) {
		if (c->b.enc || c->spec_ok)
			return 1;
		wdp_raise(WDP_R_TAG_MISMATCH, "GCM tag mismatch");
		return 0;
	}
	/* kept (or no payload): a short tag is checked here; streamed: refused */
	if (!c->b.enc && c->taglen < 8 && c->phase != PH_STREAM)
		return short_tag_check(c);
	if (!tag_size(c, 1))
		return 0;
	tag = tag_buf(c, &tn);
	if (c->phase == PH_SPEC) {
		/* the tag of AAD + all that is kept: one block request (output dropped) */
		size_t n = (size_t)c->aad_len + c->spec_len;
		unsigned char *buf = aead_buf(&c->b, 2 * n);

		if (!buf)
			return 0;
		r = submit(c, AEAD_MSG_BLOCK, buf, buf + n, c->spec_len, c->aad_len, tag, tn);
		OPENSSL_cleanse(buf + n, n);
	} else if (c->phase == PH_AAD && c->aad_len) {
		/* no payload: one block request with the AAD alone */
		r = submit(c, AEAD_MSG_BLOCK, c->b.buf, NULL, 0, c->aad_len, tag, tn);
	} else {
		if (c->phase == PH_AAD && !stream_begin(c))
			return 0;
		r = submit(c, AEAD_MSG_END, c->tail, o, c->tail_len, 0, tag, tn);
		if (r >= 0)
			c->stream_open = 0;
		OPENSSL_cleanse(o, sizeof(o));
	}
	if (r < 0)
		return 0;
	if (r) {
		wdp_raise(WDP_R_TAG_MISMATCH, "GCM tag mismatch");
		return 0;
	}
	return 1;
}

int gcm_wd_oneshot(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len,
		   const unsigned char *in, unsigned char *out, size_t len, unsigned char *tag)
{
	size_t aligned = len & ~(size_t)(AEAD_BLK - 1);
	int r;

	/* TLS records carry the full 16-byte tag */
	if (!aead_set_authsize(&c->b, AEAD_TAG_MAX))
		return 0;
	if (len <= GCM_COPY_MAX) {
		/* small: AAD || payload in the buffer, one block request */
		unsigned char *buf = aead_buf(&c->b, 2 * (aad_len + len));

		if (!buf)
			return 0;
		memcpy(buf, aad, aad_len);
		memcpy(buf + aad_len, in, len);
		r = submit(c, AEAD_MSG_BLOCK, buf, buf + aad_len + len, len, aad_len, tag,
			   AEAD_TAG_MAX);
		if (r == 0)
			memcpy(out, buf + 2 * aad_len + len, len);
		return r == 0;
	}
	/* large: a stream, in place, no copy */
	if (!stream_close(c))
		return 0;
	c->stream_open = 1;
	c->blocks = 0;
	if (submit(c, AEAD_MSG_FIRST, aad, NULL, 0, aad_len, c->wtag, AEAD_TAG_MAX) < 0 ||
	    !middle(c, in, out, aligned))
		return 0;
	r = submit(c, AEAD_MSG_END, in + aligned, out + aligned, len - aligned, 0, tag,
		   AEAD_TAG_MAX);
	if (r >= 0)
		c->stream_open = 0;
	return r == 0;
}
