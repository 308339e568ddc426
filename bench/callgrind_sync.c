/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request loop bench/callgrind_sync.sh counts under callgrind: N 4 KiB
 * requests through the public API (<uadk/wd_comp.h>), CPU driver only,
 * deflate level 1 with a 32 KiB window, in four phases:
 *   sync-comp    wd_do_comp_sync, compress
 *   sync-decomp  wd_do_comp_sync, decompress
 *   strm-comp    wd_do_comp_strm, compress, last = 1 (one whole stream per call)
 *   strm-decomp  wd_do_comp_strm, decompress, last = 1
 * Every result is checked (status, length, bytes) outside the library call.
 *
 * Each phase first runs WARMUP requests (first-use costs: scheduler pick,
 * stream state allocation), then zeroes callgrind's counters, runs N
 * requests and dumps the counters under the phase's name, so each dump
 * holds N steady-state requests. The script switches collection on only
 * inside wd_do_comp_sync / wd_do_comp_strm (--toggle-collect), so this
 * program's own loop and checks are never counted. Without valgrind (or
 * without its header) the client requests are no-ops and the program is an
 * ordinary round-trip check.
 *
 * Usage: callgrind_sync [N]    (default 2000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

#include "callgrind_client.h"

#define BLOCK	4096
#define ROOM	(BLOCK + BLOCK / 2)	/* compressed output room, ample for level 1 */
#define WARMUP	16

static unsigned char plain[BLOCK];
static unsigned char packed[ROOM];	/* the sync compressor's output: the decompressors' input */
static __u32 packed_len;
static unsigned char ref[ROOM];		/* the first output of a phase: every later one must match */
static __u32 ref_len;
static unsigned char out[ROOM];

/* A fixed, compressible block: words picked by a fixed LCG, lines of text. */
static void make_block(void)
{
	static const char *const words[] = {
		"queue", "request", "deflate", "window", "session", "driver", "poll",
		"the", "of", "and", "a", "to", "in", "completion", "buffer", "ctx",
	};
	unsigned int seed = 12345, col = 0;
	size_t n = 0;

	while (n < BLOCK) {
		const char *w;
		size_t len;

		seed = seed * 1103515245u + 12345u;
		w = words[(seed >> 16) % (sizeof(words) / sizeof(words[0]))];
		len = strlen(w);
		while (*w && n < BLOCK)
			plain[n++] = (unsigned char)*w++;
		col += (unsigned int)len + 1;
		if (n < BLOCK)
			plain[n++] = col > 64 ? '\n' : ' ';
		if (col > 64)
			col = 0;
	}
}

static void die(const char *phase, long i, const char *what, int ret, __u32 status, __u32 len)
{
	fprintf(stderr, "callgrind_sync: %s request %ld: %s (ret %d, status %u, dst_len %u)\n",
		phase, i, what, ret, status, len);
	exit(1);
}

/* One request; returns the output length after checking ret and status. */
static __u32 one(const char *phase, long i, handle_t sess, int decomp, int strm,
		 const void *src, __u32 src_len, __u32 want_status)
{
	struct wd_comp_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.src = (void *)src;
	req.src_len = src_len;
	req.dst = out;
	req.dst_len = sizeof(out);
	req.op_type = decomp ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	req.last = 1;
	ret = strm ? wd_do_comp_strm(sess, &req) : wd_do_comp_sync(sess, &req);
	if (ret || req.status != want_status || req.src_len != src_len)
		die(phase, i, "bad result", ret, req.status, req.dst_len);
	return req.dst_len;
}

/*
 * WARMUP + n requests of one kind. Compression output must be the same
 * every time (same input, fresh state); decompression must give `plain`.
 */
static void phase(const char *name, handle_t sess, int strm, long n)
{
	int decomp = strstr(name, "decomp") != NULL;
	const void *src = decomp ? (const void *)packed : (const void *)plain;
	__u32 src_len = decomp ? packed_len : BLOCK;
	/* a stream step that ends its stream says so; a one-shot says success */
	__u32 want = strm ? WD_STREAM_END : WD_SUCCESS;
	long i;

	ref_len = 0;
	for (i = -WARMUP; i < n; i++) {
		__u32 len;

		if (i == 0)
			CALLGRIND_ZERO_STATS;
		len = one(name, i, sess, decomp, strm, src, src_len, want);
		if (decomp) {
			if (len != BLOCK || memcmp(out, plain, BLOCK))
				die(name, i, "output differs from the original", 0, want, len);
		} else if (!ref_len) {
			memcpy(ref, out, len);
			ref_len = len;
		} else if (len != ref_len || memcmp(out, ref, len)) {
			die(name, i, "output differs from the first one", 0, want, len);
		}
	}
	CALLGRIND_DUMP_STATS_AT(name);
}

static handle_t sess_new(enum wd_comp_op_type op)
{
	struct wd_comp_sess_setup setup;
	handle_t h;

	memset(&setup, 0, sizeof(setup));
	setup.alg_type = WD_DEFLATE;
	setup.comp_lv = WD_COMP_L1;
	setup.win_sz = WD_COMP_WS_32K;
	setup.op_type = op;
	h = wd_comp_alloc_sess(&setup);
	if (!h) {
		fprintf(stderr, "callgrind_sync: wd_comp_alloc_sess(op %d) failed\n", op);
		exit(1);
	}
	return h;
}

int main(int argc, char **argv)
{
	handle_t comp, decomp, scomp, sdecomp;
	__u32 strm_len;
	long n = argc > 1 ? atol(argv[1]) : 2000;
	int ret;

	if (n <= 0) {
		fprintf(stderr, "usage: callgrind_sync [N > 0]\n");
		return 2;
	}
	make_block();
	ret = wd_comp_init2_("deflate", SCHED_POLICY_RR, TASK_INSTR, NULL);
	if (ret) {
		fprintf(stderr, "callgrind_sync: wd_comp_init2_ = %d\n", ret);
		return 1;
	}
	comp = sess_new(WD_DIR_COMPRESS);
	decomp = sess_new(WD_DIR_DECOMPRESS);
	scomp = sess_new(WD_DIR_COMPRESS);
	sdecomp = sess_new(WD_DIR_DECOMPRESS);

	phase("sync-comp", comp, 0, n);
	memcpy(packed, ref, ref_len);
	packed_len = ref_len;
	phase("sync-decomp", decomp, 0, n);
	phase("strm-comp", scomp, 1, n);
	/* the stream's output is a whole deflate stream too */
	strm_len = ref_len;
	if (one("strm-comp check", 0, decomp, 1, 0, ref, ref_len, WD_SUCCESS) != BLOCK ||
	    memcmp(out, plain, BLOCK))
		die("strm-comp check", 0, "stream output does not decompress to the original", 0,
		    WD_SUCCESS, 0);
	phase("strm-decomp", sdecomp, 1, n);

	printf("callgrind_sync: %ld requests per phase; 4096 -> %u bytes (sync), %u (stream)\n",
	       n, packed_len, strm_len);
	wd_comp_free_sess(sdecomp);
	wd_comp_free_sess(scomp);
	wd_comp_free_sess(decomp);
	wd_comp_free_sess(comp);
	wd_comp_uninit2();
	return 0;
}
