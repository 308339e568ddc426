// SPDX-License-Identifier: Apache-2.0
/* The wd_do_comp_strm() loop behind `wd zip` / `wd unzip`. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uadk/warpdrive.h>
#include "zip_stream.h"

/* Consecutive calls that neither consume nor produce before we give up. */
#define ZS_MAX_STALLS	2

static const char *const alg_names[] = {
	[WD_DEFLATE] = "deflate",
	[WD_ZLIB] = "zlib",
	[WD_GZIP] = "gzip",
};

const char *zs_alg_name(int alg)
{
	if (alg < 0 || alg > WD_GZIP)
		return "?";
	return alg_names[alg];
}

static void set_err(struct zs_error *err, enum zs_where where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(struct zs_error *err, enum zs_where where, const char *fmt, ...)
{
	va_list ap;

	err->where = where;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

int zs_engine_open(struct zs_engine *e, int alg, bool decompress, int level,
		   size_t bsz, struct zs_error *err)
{
	int ret;

	memset(e, 0, sizeof(*e));
	e->decompress = decompress;
	e->level = level;
	e->bsz = bsz;
	e->in = malloc(bsz);
	e->out = malloc(bsz);
	if (!e->in || !e->out) {
		set_err(err, ZS_ERR_ENGINE, "out of memory");
		goto fail;
	}
	ret = wd_comp_init2_((char *)zs_alg_name(alg), SCHED_POLICY_RR, TASK_MIX, NULL);
	/* Already initialised (e.g. by a host program) still takes a reference. */
	if (ret && ret != -WD_EEXIST) {
		set_err(err, ZS_ERR_ENGINE, "cannot initialise %s: %s",
			zs_alg_name(alg), wd_strerror(ret));
		goto fail;
	}
	e->inited = true;
	return 0;
fail:
	free(e->in);
	free(e->out);
	e->in = e->out = NULL;
	return -1;
}

void zs_engine_close(struct zs_engine *e)
{
	int i;

	for (i = 0; i <= WD_GZIP; i++)
		if (e->sess[i])
			wd_comp_free_sess(e->sess[i]);
	if (e->inited)
		wd_comp_uninit2();
	free(e->in);
	free(e->out);
	memset(e, 0, sizeof(*e));
}

/* Sessions are made on first use: unzip may meet .gz and .zz in one run. */
static handle_t get_sess(struct zs_engine *e, int alg, struct zs_error *err)
{
	struct wd_comp_sess_setup setup;
	__u8 op = e->decompress ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;

	if (e->sess[alg]) {
		/* Forget whatever an earlier (maybe failed) file left behind. */
		int ret = wd_comp_reset_sess(e->sess[alg]);

		if (ret) {
			set_err(err, ZS_ERR_ENGINE, "cannot reset session: %s", wd_strerror(ret));
			return 0;
		}
		return e->sess[alg];
	}
	e->sched[alg] = (struct sched_params){
		.numa_id = -1,
		.type = op,
		.mode = CTX_MODE_SYNC,
	};
	memset(&setup, 0, sizeof(setup));
	setup.alg_type = alg;
	setup.comp_lv = e->level;
	setup.win_sz = WD_COMP_WS_32K;
	setup.op_type = op;
	setup.sched_param = &e->sched[alg];
	e->sess[alg] = wd_comp_alloc_sess(&setup);
	if (!e->sess[alg])
		set_err(err, ZS_ERR_ENGINE, "cannot allocate a %s session", zs_alg_name(alg));
	return e->sess[alg];
}

/* Fill buf unless EOF comes first; a short count therefore means EOF. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

static int write_full(int fd, const unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

struct zs_in {
	int fd;
	size_t off, len;
	bool eof;
};

static int refill(struct zs_engine *e, struct zs_in *in, struct zs_stats *st,
		  struct progress *pg, struct zs_error *err)
{
	ssize_t n;

	if (in->off < in->len || in->eof)
		return 0;
	n = read_full(in->fd, e->in, e->bsz);
	if (n < 0) {
		set_err(err, ZS_ERR_IN, "read error: %s", strerror(errno));
		return -1;
	}
	in->off = 0;
	in->len = n;
	in->eof = (size_t)n < e->bsz;
	st->in_bytes += n;
	progress_update(pg, st->in_bytes);
	return 0;
}

/* Give up on a library that keeps answering without eating or emitting. */
static int check_stall(int *stalls, bool progress, const char *what, __u32 status,
		       __u32 given, struct zs_error *err)
{
	if (progress) {
		*stalls = 0;
		return 0;
	}
	if (++*stalls < ZS_MAX_STALLS)
		return 0;
	set_err(err, ZS_ERR_ENGINE, "%s makes no progress (status %u, %u bytes offered)",
		what, status, given);
	return -1;
}

/*
 * After the last gzip member comes something that is not a member. gzip -d
 * keeps the output, ignores zero padding and warns about anything else
 * (exit status 2); so do we. Reads to the end.
 */
static int skip_trailing(struct zs_engine *e, struct zs_in *in, struct zs_stats *st,
			 struct progress *pg, struct zs_error *err)
{
	bool zeros = true;

	for (;;) {
		for (; in->off < in->len; in->off++)
			zeros &= e->in[in->off] == 0;
		if (in->eof)
			break;
		if (refill(e, in, st, pg, err))
			return -1;
	}
	/* like gzip: zero padding (tape blocks) silently, anything else with a warning */
	st->warning = zeros ? NULL : "decompression OK, trailing garbage ignored";
	return 0;
}

int zs_run(struct zs_engine *e, int alg, int in_fd, int out_fd,
	   struct zs_stats *st, struct progress *pg, struct zs_error *err)
{
	const char *what = e->decompress ? "decompression" : "compression";
	struct zs_in in = { .fd = in_fd };
	struct wd_comp_req req;
	bool ended = false;	/* decompression: a stream ended, nothing used since */
	bool final = false;	/* decompression: all input used, stream still open */
	int stalls = 0;
	handle_t sess;
	int ret;

	memset(st, 0, sizeof(*st));
	st->warning = NULL;
	sess = get_sess(e, alg, err);
	if (!sess)
		return -1;

	for (;;) {
		__u32 given, consumed, produced;

		if (refill(e, &in, st, pg, err))
			return -1;
		if (ended) {
			if (in.off == in.len)
				return 0;	/* nothing follows: a clean finish */
			if (alg != WD_GZIP) {
				set_err(err, ZS_ERR_IN, "trailing garbage after the end of the %s stream",
					zs_alg_name(alg));
				return -1;
			}
			/* not a gzip member (magic 1f 8b): padding or garbage */
			if (e->in[in.off] != 0x1f ||
			    (in.len - in.off >= 2 && e->in[in.off + 1] != 0x8b))
				return skip_trailing(e, &in, st, pg, err);
			/* Another gzip member: the session starts a new stream by itself. */
			ended = false;
		}

		given = in.len - in.off;
		memset(&req, 0, sizeof(req));
		req.src = e->in + in.off;
		req.src_len = given;
		req.dst = e->out;
		req.dst_len = e->bsz;
		req.op_type = e->decompress ? WD_DIR_DECOMPRESS : WD_DIR_COMPRESS;
		req.data_fmt = WD_FLAT_BUF;
		/*
		 * Compression: the rest of the input is all in this call. A
		 * decompressor finds the end of the stream in the data, so it
		 * gets last = 1 only after it has used everything without
		 * finding it: then "want more" at EOF is a truncated file, and
		 * WD_IN_EPARA before that is corrupt data, not a short file.
		 */
		req.last = e->decompress ? final : in.eof;

		ret = wd_do_comp_strm(sess, &req);
		if (ret < 0) {
			set_err(err, ZS_ERR_ENGINE, "%s failed: %s", what, wd_strerror(ret));
			return -1;
		}
		consumed = req.src_len;
		produced = req.dst_len;
		if (consumed > given || produced > e->bsz) {
			set_err(err, ZS_ERR_ENGINE,
				"library reported %u bytes consumed of %u, %u produced of %zu",
				consumed, given, produced, e->bsz);
			return -1;
		}
		if (produced) {
			if (out_fd >= 0 && write_full(out_fd, e->out, produced)) {
				set_err(err, ZS_ERR_OUT, "write error: %s", strerror(errno));
				return -1;
			}
			st->out_bytes += produced;
		}
		in.off += consumed;

		switch (req.status) {
		case WD_STREAM_END:
			if (e->decompress) {
				/* An "end" that uses nothing, again and again, is a stall too. */
				if (check_stall(&stalls, consumed || produced, what, req.status,
						given, err))
					return -1;
				ended = true;
				final = false;
				continue;
			}
			if (in.eof && in.off == in.len)
				return 0;
			set_err(err, ZS_ERR_ENGINE, "compression ended before the input did");
			return -1;
		case WD_SUCCESS:
			if (!in.eof || in.off < in.len) {
				if (check_stall(&stalls, consumed || produced, what, req.status,
						given, err))
					return -1;
				continue;
			}
			/* All input used; compression was told last = 1, so it is done. */
			if (!e->decompress)
				return 0;
			if (!final) {
				final = true;	/* one more call, with last = 1 */
				continue;
			}
			set_err(err, ZS_ERR_IN, "unexpected end of file");
			return -1;
		case WD_EAGAIN:
			/* dst was full: drain it and call again */
			if (check_stall(&stalls, consumed || produced, what, req.status, given, err))
				return -1;
			continue;
		case WD_IN_EPARA:
			set_err(err, ZS_ERR_IN, "%s", final ? "unexpected end of file" :
				"invalid compressed data -- format violated");
			return -1;
		default:
			set_err(err, ZS_ERR_ENGINE, "%s failed: %s (status %u)", what,
				wd_strerror((int)req.status), req.status);
			return -1;
		}
	}
}
