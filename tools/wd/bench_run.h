/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench` runner: N threads push blocks through one engine (the framework
 * through the public API, or one library directly) for a time or one pass.
 */
#ifndef WD_BENCH_RUN_H
#define WD_BENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bench_direct.h"

/* Engine ids: 0 .. BD_LIB_MAX-1 are the libraries of bench_direct.h. */
#define BR_WD		BD_LIB_MAX
#define BR_ENGINES	(BD_LIB_MAX + 1)

struct br_blocks {
	size_t n;
	unsigned char **ptr;
	size_t *len;
};

struct br_job {
	int engine;		/* BR_WD or enum bd_lib */
	bool decomp;
	int fmt;		/* enum bd_fmt == enum wd_comp_alg_type */
	int level;
	bool async;		/* BR_WD only: wd_do_comp_async + wd_comp_poll */
	unsigned window;	/* async requests in flight per thread */
	unsigned threads;
	int cpu;		/* >= 0: pin thread i to CPU cpu + i */
	double duration;	/* seconds; <= 0: exactly one pass over the blocks */
	bool verify;		/* check every output (compress: with zlib) */
	const struct br_blocks *src;	/* input blocks */
	const struct br_blocks *raw;	/* uncompressed blocks, same index */
	struct br_blocks *keep;	/* one pass only: block i's output goes to keep->ptr[i] */
	size_t dst_cap;		/* room per output (and per keep->ptr[i]) */
	size_t *resume;		/* NULL, or per thread: the block to start at (in), the
				 * next one (out), so timed runs walk the whole corpus */
};

struct br_result {
	double secs;		/* wall time, first start to last finish */
	uint64_t raw_bytes;	/* uncompressed bytes processed */
	uint64_t packed_bytes;	/* compressed bytes processed */
	uint64_t blocks;
};

/* The engine's display name: "wd" or the library's. */
const char *br_engine_name(int engine);

/* wd_comp_init2_() with sync and async ctxs for `threads`; 0 or -WD_E*. */
int br_wd_init(int fmt, unsigned threads, int task);
void br_wd_uninit(void);

/* Run job; 0, or -1 with a message in err. */
int br_run(const struct br_job *job, struct br_result *res, char *err, size_t errlen);

#endif /* WD_BENCH_RUN_H */
