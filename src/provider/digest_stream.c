// SPDX-License-Identifier: Apache-2.0
/*
 * The message engine of the digests and HMAC on the WarpDrive path: Update
 * and Final calls become wd_digest requests (digest_int.h says what the
 * context keeps).
 *
 * Up to WDP_MD_HOLD bytes wait in the context, so the common message (one
 * Update, then Final) is one request. Past that, whole blocks go as parts
 * (STREAM_DOING, the running state in and out of `chain`), the rest waits;
 * Final sends what waits as the last request (STREAM_END), or as the whole
 * message (END) when no part was sent. Parts are sent straight from the
 * caller's buffer: only the bytes that complete a waiting block are copied.
 */
#include <string.h>

#include "digest_int.h"

/* A part's size limit: a queue device takes up to 64 MiB per request. */
#define PART_MAX	(16u << 20)

static int run(struct wdp_dsess *ss, struct wd_digest_req *req)
{
	int ret;

	if (req->has_next != WD_DIGEST_END)
		ss->dirty = true;	/* until a last request succeeds */
	ret = wdp_run(WDP_DIGEST, ss->h, req);
	if (ret || req->state) {
		wdp_raise(WDP_R_REQUEST_FAILED, "wd_digest request failed (%d, state %u)", ret,
			  (unsigned int)req->state);
		return 0;
	}
	if (req->has_next == WD_DIGEST_END || req->has_next == WD_DIGEST_STREAM_END)
		ss->dirty = false;
	return 1;
}

/* Whole blocks (len a multiple of the block, > 0) as parts of the message. */
static int send_parts(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s,
		      const unsigned char *in, size_t len)
{
	struct wd_digest_req req;

	while (len) {
		uint32_t n = len > PART_MAX ? PART_MAX : (uint32_t)len;

		memset(&req, 0, sizeof(req));
		req.in = (void *)in;
		req.in_bytes = n;
		req.out = s->chain;
		req.out_bytes = d->full;
		req.out_buf_bytes = sizeof(s->chain);
		req.has_next = WD_DIGEST_STREAM_DOING;
		req.long_data_len = s->sent;	/* 0: a new message, from the IV (or ipad) */
		req.data_fmt = WD_FLAT_BUF;
		if (!run(ss, &req))
			return 0;
		s->sent += n;
		s->chained = true;
		in += n;
		len -= n;
	}
	return 1;
}

static void hold(struct wdp_dstream *s, const unsigned char *in, size_t len)
{
	memcpy(s->hold + s->held, in, len);
	s->held += (uint32_t)len;
	if (s->held > s->touched)
		s->touched = s->held;
}

int wdp_ds_update(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s,
		  const unsigned char *in, size_t len)
{
	size_t whole;

	if (len <= WDP_MD_HOLD - s->held) {
		hold(s, in, len);
		return 1;
	}
	if (s->held) {
		/* complete the waiting bytes to whole blocks, send them */
		size_t fill = (d->block - s->held % d->block) % d->block;

		hold(s, in, fill);	/* fill < len: the hold is a block multiple */
		in += fill;
		len -= fill;
		if (!send_parts(d, ss, s, s->hold, s->held))
			return 0;
		s->held = 0;
		if (len <= WDP_MD_HOLD) {
			hold(s, in, len);
			return 1;
		}
	}
	whole = len - len % d->block;
	if (!send_parts(d, ss, s, in, whole))
		return 0;
	hold(s, in + whole, len - whole);
	return 1;
}

int wdp_ds_final(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s,
		 unsigned char *out)
{
	struct wd_digest_req req;

	memset(&req, 0, sizeof(req));
	req.in = s->hold;
	req.in_bytes = s->held;
	req.out_bytes = d->size;
	req.data_fmt = WD_FLAT_BUF;
	if (s->sent) {
		/* the running state goes in through out, the digest comes back there */
		req.out = s->chain;
		req.out_buf_bytes = sizeof(s->chain);
		req.has_next = WD_DIGEST_STREAM_END;
		req.long_data_len = s->sent;
	} else {
		req.out = out;
		req.out_buf_bytes = d->size;
		/* a session a long message was left in must be told this one is new */
		req.has_next = ss->dirty ? WD_DIGEST_STREAM_END : WD_DIGEST_END;
	}
	if (!run(ss, &req))
		return 0;
	if (s->sent)
		memcpy(out, s->chain, d->size);
	wdp_ds_reset(s);
	return 1;
}

int wdp_ds_flush(const struct wdp_md_desc *d, struct wdp_dsess *ss, struct wdp_dstream *s)
{
	uint32_t whole = s->held - s->held % d->block;

	if (!whole)
		return 1;
	if (!send_parts(d, ss, s, s->hold, whole))
		return 0;
	s->held -= whole;
	memmove(s->hold, s->hold + whole, s->held);
	return 1;
}

void wdp_ds_copy(struct wdp_dstream *dst, const struct wdp_dstream *src)
{
	dst->sent = src->sent;
	dst->held = src->held;
	if (src->sent) {
		memcpy(dst->chain, src->chain, sizeof(dst->chain));
		dst->chained = true;
	}
	memcpy(dst->hold, src->hold, src->held);
	if (dst->held > dst->touched)
		dst->touched = dst->held;
}

