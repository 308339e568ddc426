/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The streaming loop of `wd zip`: one file descriptor in, one out, through
 * wd_do_comp_strm() with fixed-size buffers, so memory does not grow with
 * the input.
 */
#ifndef WD_CLI_ZIP_STREAM_H
#define WD_CLI_ZIP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "progress.h"

#define ZS_DEFAULT_BLOCK	(256u << 10)
#define ZS_MIN_BLOCK		64u
#define ZS_MAX_BLOCK		(16u << 20)

/* One initialisation of libwd_comp and a session per format used. */
struct zs_engine {
	bool inited;
	bool decompress;
	int level;
	handle_t sess[WD_GZIP + 1];		/* by enum wd_comp_alg_type */
	struct sched_params sched[WD_GZIP + 1];	/* live as long as the session */
	unsigned char *in;
	unsigned char *out;
	size_t bsz;
};

struct zs_stats {
	uint64_t in_bytes;	/* read from the input */
	uint64_t out_bytes;	/* written (or discarded, for -t) */
	const char *warning;	/* done, but say this (gzip's exit status 2) */
};

/* Which side an error belongs to, so the caller can name the right file. */
enum zs_where {
	ZS_ERR_IN,		/* reading the input, or its data is bad */
	ZS_ERR_OUT,		/* writing the output */
	ZS_ERR_ENGINE,		/* the library failed */
};

struct zs_error {
	enum zs_where where;
	char msg[160];
};

/* alg: WD_DEFLATE/WD_ZLIB/WD_GZIP, the format named to wd_comp_init2_(). */
int zs_engine_open(struct zs_engine *e, int alg, bool decompress, int level,
		   size_t bsz, struct zs_error *err);
void zs_engine_close(struct zs_engine *e);

/*
 * Run one whole stream (or, for gzip decompression, all its members) from
 * in_fd to out_fd. out_fd < 0 discards the output (integrity test).
 * Returns 0, or -1 with err filled in.
 */
int zs_run(struct zs_engine *e, int alg, int in_fd, int out_fd,
	   struct zs_stats *st, struct progress *pg, struct zs_error *err);

const char *zs_alg_name(int alg);

#endif /* WD_CLI_ZIP_STREAM_H */
