// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target: arbitrary bytes into decompression through the public
 * wd_comp API, cross-checked against zlib.
 *
 * Input: [ctl][seed][payload...]
 *   ctl bits 0-1  format: 0 deflate, 1 zlib, 2 gzip, 3 deflate
 *   ctl bits 2-3  mode: 0/3 one-shot wd_do_comp_sync, 1 wd_do_comp_strm with
 *                 chunked input and output, 2 wd_do_comp_sync2
 *   ctl bit 4     one-shot dst: small (drawn from seed, <= 4 KiB) or 1 MiB
 *   ctl bits 5-6  stream chunk sizes: tiny, small, large, mixed
 *   seed          drives the chunk sizes
 *
 * Invariants (abort on violation):
 *   - a valid request returns 0; the data outcome is in req->status only
 *   - req->src_len <= given, req->dst_len <= given; ASan guards the buffers
 *     (every src chunk and dst buffer is an exact-size allocation)
 *   - status in the documented set for the call
 *   - one-shot WD_SUCCESS: all input consumed and zlib decodes the same
 *     input to the same bytes; zlib success that fits dst: WD_SUCCESS too;
 *     zlib failure: not WD_SUCCESS, except where zlib stops at an invalid
 *     Huffman symbol that libdeflate (the one-shot decoder) remaps by design
 *   - stream: WD_SUCCESS consumed all input, WD_EAGAIN filled dst,
 *     WD_STREAM_END output equals zlib's decode of the consumed prefix,
 *     WD_IN_EPARA only when zlib rejects the input too; progress is bounded
 *
 * WD_FUZZ_ALLOW_OVERREAD=N (environment, default 0) tolerates a stream or
 * sync2 reporting up to N bytes past the end of the stream as consumed, so
 * that a known read-ahead bug does not hide everything else.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

#define BIG_DST		(1u << 20)
#define STREAM_CAP	(1u << 20)	/* total stream output we follow */
#define TINY_CAP	(16u << 10)	/* ... when the output chunks are tiny */
#define MAX_STEPS	400000

static handle_t sess[3];	/* decompress sessions: deflate, zlib, gzip */
static uint32_t allow_overread;
static const char *const fmt_name[] = { "deflate", "zlib", "gzip" };

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "fuzz_decompress: " __VA_ARGS__);	\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char alg[] = "deflate";
	int ret, f;

	(void)argc;
	(void)argv;
	if (getenv("WD_FUZZ_ALLOW_OVERREAD"))
		allow_overread = (uint32_t)strtoul(getenv("WD_FUZZ_ALLOW_OVERREAD"), NULL, 0);
	ret = wd_comp_init2_(alg, SCHED_POLICY_RR, TASK_INSTR, NULL);
	if (ret)
		FAIL("wd_comp_init2_(TASK_INSTR): %d", ret);
	for (f = 0; f < 3; f++) {
		struct sched_params p = { .numa_id = -1, .type = WD_DIR_DECOMPRESS };
		struct wd_comp_sess_setup ss = {
			.alg_type = (enum wd_comp_alg_type)f, .op_type = WD_DIR_DECOMPRESS,
			.sched_param = &p,
		};

		sess[f] = wd_comp_alloc_sess(&ss);
		if (!sess[f])
			FAIL("wd_comp_alloc_sess(%s) failed", fmt_name[f]);
	}
	return 0;
}

/* --- zlib as the reference decoder -------------------------------------- */

enum { REF_OK, REF_BAD, REF_BIG };

/* zlib's message for the last REF_BAD (NULL: none) */
static const char *ref_msg;

/*
 * The one-shot decoder is libdeflate, which by design maps a few invalid
 * Huffman symbols to valid ones instead of failing (its own tests say so:
 * checksums, not the DEFLATE layer, detect corruption), and lets a
 * dynamic header's code-length run (16/17/18) go past the header's count
 * of lengths, ignoring the excess, where zlib says "invalid bit length
 * repeat" (a 16 with no previous length, zlib's other case, libdeflate
 * refuses too). So a one-shot success where zlib stops at exactly such a
 * symbol or header is libdeflate's known leniency, provided everything
 * zlib decoded before it matches.
 */
static bool ld_lenient(int r, const uint8_t *ref, size_t rlen, const uint8_t *dst, uint32_t dlen)
{
	return r == REF_BAD && ref_msg && rlen <= dlen && !memcmp(ref, dst, rlen) &&
	       (!strcmp(ref_msg, "invalid literal/length code") ||
		!strcmp(ref_msg, "invalid distance code") ||
		!strcmp(ref_msg, "invalid bit length repeat"));
}

/*
 * Decode all of in (gzip: every member) into at most cap bytes. REF_OK only
 * if the input is exactly one stream (or gzip members) with nothing after.
 */
static int zref(int fmt, const uint8_t *in, size_t len, uint8_t *out, size_t cap, size_t *olen)
{
	z_stream zs;
	int zr, res = REF_BAD;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, fmt == WD_DEFLATE ? -15 : fmt == WD_ZLIB ? 15 : 31) != Z_OK)
		FAIL("inflateInit2 failed");
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	for (;;) {
		zr = inflate(&zs, Z_FINISH);
		if (zr == Z_STREAM_END) {
			if (!zs.avail_in)
				res = REF_OK;
			else if (fmt == WD_GZIP && inflateReset(&zs) == Z_OK)
				continue;	/* another member */
			break;
		}
		if (zr == Z_BUF_ERROR && !zs.avail_out)
			res = REF_BIG;
		break;		/* corrupt, truncated, or needs a dictionary */
	}
	*olen = (size_t)(zs.next_out - out);
	ref_msg = res == REF_BAD ? zs.msg : NULL;	/* zlib's messages are static strings */
	inflateEnd(&zs);
	return res;
}

/*
 * zref of in[0, used), where `used` is what the library said it consumed for
 * one whole stream; with WD_FUZZ_ALLOW_OVERREAD, also a few bytes shorter.
 */
static int zref_used(int fmt, const uint8_t *in, uint32_t used, uint8_t *out, size_t cap,
		     size_t *olen)
{
	static bool told;
	int r = zref(fmt, in, used, out, cap, olen);

	for (uint32_t k = 1; r != REF_OK && k <= allow_overread && k <= used; k++) {
		if (zref(fmt, in, used - k, out, cap, olen) == REF_OK) {
			if (!told)
				fprintf(stderr, "fuzz_decompress: tolerated: %s stream end reported "
					"%u byte(s) past the end as consumed\n",
					fmt == WD_DEFLATE ? "deflate" : fmt == WD_ZLIB ? "zlib" : "gzip",
					k);
			told = true;
			return REF_OK;
		}
	}
	return r;
}

/* --- helpers ------------------------------------------------------------ */

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		FAIL("out of memory");
	return p;
}

static void check_call(const char *what, int ret, const struct wd_comp_req *req,
		       uint32_t src_len, uint32_t dst_len)
{
	if (ret)
		FAIL("%s: returned %d for a valid request (data errors belong in status)", what,
		     ret);
	if (req->src_len > src_len)
		FAIL("%s: consumed %u of %u", what, req->src_len, src_len);
	if (req->dst_len > dst_len)
		FAIL("%s: produced %u into %u", what, req->dst_len, dst_len);
}

/* --- one-shot ------------------------------------------------------------ */

static void one_shot(int fmt, const uint8_t *in, uint32_t len, uint32_t dst_len, bool sync2)
{
	const char *what = sync2 ? "wd_do_comp_sync2" : "wd_do_comp_sync";
	uint8_t *dst = xmalloc(dst_len), *ref = xmalloc((size_t)dst_len + 1);
	struct wd_comp_req req = {
		.src = (void *)in, .src_len = len, .dst = dst, .dst_len = dst_len,
		.op_type = WD_DIR_DECOMPRESS, .data_fmt = WD_FLAT_BUF,
	};
	size_t rlen;
	int ret, r;

	ret = sync2 ? wd_do_comp_sync2(sess[fmt], &req) : wd_do_comp_sync(sess[fmt], &req);
	check_call(what, ret, &req, len, dst_len);
	if (req.status != WD_SUCCESS && req.status != WD_IN_EPARA && req.status != WD_OUT_EPARA)
		FAIL("%s(%s): status %u is not in the documented set", what, fmt_name[fmt],
		     req.status);
	if (req.status == WD_SUCCESS) {
		/* one whole stream (gzip: one member), ending where it says */
		r = zref_used(fmt, in, req.src_len, ref, (size_t)req.dst_len + 1, &rlen);
		if (!sync2 && ld_lenient(r, ref, rlen, dst, req.dst_len))
			goto out;
		if (r != REF_OK || rlen != req.dst_len || memcmp(ref, dst, rlen))
			FAIL("%s(%s): success (%u -> %u bytes) but zlib on the consumed input: "
			     "%d, %zu bytes%s", what, fmt_name[fmt], req.src_len, req.dst_len, r,
			     rlen, r == REF_OK && rlen == req.dst_len ? ", different bytes" : "");
		goto out;
	}
	r = zref(fmt, in, len, ref, (size_t)dst_len + 1, &rlen);
	if (r == REF_OK && !sync2) {
		/* zlib decodes it into dst_len bytes: so must we */
		FAIL("%s(%s): status %u but zlib decodes the input to %zu bytes (dst %u)", what,
		     fmt_name[fmt], req.status, rlen, dst_len);
	} else if (sync2 && req.status == WD_OUT_EPARA && r == REF_BAD && ref_msg &&
		   rlen < dst_len) {
		/*
		 * zlib met a data error (ref_msg; trailing bytes after a whole
		 * stream have none) with room left in dst, and sync2's stream
		 * decoder (ISA-L, which decodes ahead of dst) meets it too. With dst exactly full no decoder can tell
		 * (zlib checks a match's distance only when it has room to
		 * copy). The one-shot decoder, libdeflate, checks that a match
		 * fits before its distance, so a match that is both too long
		 * and too far back is "dst too small" there: either is true.
		 */
		FAIL("%s(%s): WD_OUT_EPARA but zlib found corruption after %zu bytes (dst %u): %s",
		     what, fmt_name[fmt], rlen, dst_len, ref_msg);
	}
out:
	free(dst);
	free(ref);
}

/* --- stream ---------------------------------------------------------------- */

static uint32_t draw(uint32_t *s, int dist, uint32_t max_big)
{
	switch (dist) {
	case 0:
		return 1 + rnd(s) % 16;
	case 1:
		return 1 + rnd(s) % 4096;
	case 2:
		return 1 + rnd(s) % max_big;
	default:
		return rnd(s) % 4 ? 1 + rnd(s) % 512 : 1 + rnd(s) % max_big;
	}
}

static void stream(int fmt, const uint8_t *in, uint32_t len, uint32_t seed, int dist)
{
	uint32_t cap = dist == 0 ? TINY_CAP : STREAM_CAP, in_off = 0, out_off = 0, steps, idle = 0;
	uint8_t *out = xmalloc(cap), *ref = NULL;
	bool ended = false, bad = false;
	size_t rlen;
	int r;

	wd_comp_reset_sess(sess[fmt]);
	for (steps = 0; steps < MAX_STEPS; steps++) {
		uint32_t in_chunk = rnd(&seed) % 8 ? draw(&seed, dist, 65536) : 0;
		uint32_t out_chunk = draw(&seed, dist, 65536);
		struct wd_comp_req req = { .op_type = WD_DIR_DECOMPRESS, .data_fmt = WD_FLAT_BUF };
		uint8_t *src, *dst;
		int ret;

		if (in_chunk > len - in_off)
			in_chunk = len - in_off;
		if (out_chunk > cap - out_off)
			out_chunk = cap - out_off;
		if (!out_chunk)
			break;	/* followed far enough */
		/* exact-size copies: any read or write outside is an ASan report */
		src = xmalloc(in_chunk);
		memcpy(src, in + in_off, in_chunk);
		dst = xmalloc(out_chunk);
		req.src = src;
		req.src_len = in_chunk;
		req.dst = dst;
		req.dst_len = out_chunk;
		req.last = in_off + in_chunk == len;
		ret = wd_do_comp_strm(sess[fmt], &req);
		check_call("wd_do_comp_strm", ret, &req, in_chunk, out_chunk);
		memcpy(out + out_off, dst, req.dst_len);
		free(src);
		free(dst);
		in_off += req.src_len;
		out_off += req.dst_len;
		switch (req.status) {
		case WD_SUCCESS:
			if (req.src_len != in_chunk)
				FAIL("wd_do_comp_strm(%s): WD_SUCCESS but consumed %u of %u",
				     fmt_name[fmt], req.src_len, in_chunk);
			break;
		case WD_EAGAIN:
			if (req.dst_len != out_chunk)
				FAIL("wd_do_comp_strm(%s): WD_EAGAIN but dst not full (%u of %u)",
				     fmt_name[fmt], req.dst_len, out_chunk);
			break;
		case WD_STREAM_END:
			ended = true;
			break;
		case WD_IN_EPARA:
			bad = true;
			break;
		default:
			FAIL("wd_do_comp_strm(%s): status %u is not in the documented set",
			     fmt_name[fmt], req.status);
		}
		if (ended || bad)
			break;
		/* all input given with last set, and nothing moves: a caller would spin */
		if (req.last && !req.src_len && !req.dst_len && req.status == WD_SUCCESS) {
			if (++idle > 2)
				FAIL("wd_do_comp_strm(%s): input ended (last set) but the stream "
				     "neither ends nor reports an error", fmt_name[fmt]);
		} else {
			idle = 0;
		}
	}
	if (steps == MAX_STEPS)
		FAIL("wd_do_comp_strm(%s): no end after %d calls (%u/%u in, %u out)",
		     fmt_name[fmt], MAX_STEPS, in_off, len, out_off);
	if (ended) {
		ref = xmalloc((size_t)out_off + 1);
		r = zref_used(fmt, in, in_off, ref, (size_t)out_off + 1, &rlen);
		if (r != REF_OK || rlen != out_off || memcmp(ref, out, rlen))
			FAIL("wd_do_comp_strm(%s): WD_STREAM_END after %u in, %u out, but zlib on "
			     "that input: %d, %zu bytes", fmt_name[fmt], in_off, out_off, r, rlen);
	} else if (bad) {
		ref = xmalloc(cap);
		r = zref(fmt, in, len, ref, cap, &rlen);
		if (r == REF_OK)
			FAIL("wd_do_comp_strm(%s): WD_IN_EPARA but zlib decodes the input (%zu "
			     "bytes)", fmt_name[fmt], rlen);
	}
	free(ref);
	free(out);
	wd_comp_reset_sess(sess[fmt]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t ctl, seed;
	uint32_t len, s;
	int fmt, mode;

	if (size < 2 || size - 2 > (1u << 24))
		return 0;
	ctl = data[0];
	seed = data[1];
	len = (uint32_t)(size - 2);
	fmt = (ctl & 3) == 3 ? WD_DEFLATE : ctl & 3;
	mode = (ctl >> 2) & 3;
	s = 0x9e3779b9u ^ ((uint32_t)seed << 8 | ctl);
	if (mode == 1) {
		stream(fmt, data + 2, len, s, (ctl >> 5) & 3);
	} else {
		uint32_t dst_len = ctl & 0x10 ? BIG_DST : 1 + (rnd(&s) % 4096);

		one_shot(fmt, data + 2, len, dst_len, mode == 2);
	}
	return 0;
}
