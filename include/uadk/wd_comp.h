/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive compression API (libwd_comp), source- and binary-compatible with
 * Linaro UADK v2.10.
 *
 * Results. Every call returns 0 or a negative WD_E* code that describes the
 * *call* (bad arguments, not initialised, no device, busy, timeout). What
 * happened to the *data* is in req->status:
 *   WD_SUCCESS     done (stream: all input consumed, all output flushed)
 *   WD_STREAM_END  stream: the end of the stream was produced / reached
 *   WD_EAGAIN      stream: dst is full; call again with more dst (src_len may be 0)
 *   WD_IN_EPARA    input is corrupt or truncated (decompression)
 *   WD_OUT_EPARA   stateless: dst_len is too small for the whole result
 * On return req->src_len is the input consumed and req->dst_len the output
 * produced; nothing is ever written past the dst_len the caller passed.
 * An async request that the device or driver could not execute at all
 * reaches its callback with src_len = dst_len = 0 and status = the code the
 * sync call would have returned, made positive: WD_ADDR_ERR (a buffer the
 * device cannot reach), WD_HW_EACCESS (the queue was stopped), WD_EIO,
 * WD_ENOMEM, WD_EINVAL (a request the device refuses, e.g. too long).
 *
 * Formats: WD_DEFLATE (raw RFC 1951), WD_ZLIB (RFC 1950), WD_GZIP (RFC 1952).
 * Decompression decodes one stream (gzip: one member) per request, as zlib
 * does, and stops at its end: bytes after it are not consumed (src_len), so
 * concatenated members take one request each. Other algorithms: -WD_EINVAL.
 */
#ifndef WD_UADK_COMP_H
#define WD_UADK_COMP_H

#include "wd_alg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

enum wd_comp_alg_type {
	WD_DEFLATE,
	WD_ZLIB,
	WD_GZIP,
	WD_LZ77_ZSTD,
	WD_LZ4,
	WD_LZ77_ONLY,
	WD_COMP_ALG_MAX,
};

enum wd_comp_op_type {
	WD_DIR_COMPRESS,
	WD_DIR_DECOMPRESS,
	WD_DIR_MAX,
};

/* Levels: see docs/levels.md for the CPU driver's mapping. */
enum wd_comp_level {
	WD_COMP_L1 = 1,
	WD_COMP_L2,
	WD_COMP_L3,
	WD_COMP_L4,
	WD_COMP_L5,
	WD_COMP_L6,
	WD_COMP_L7,
	WD_COMP_L8,
	WD_COMP_L9,
	WD_COMP_L10,
	WD_COMP_L11,
	WD_COMP_L12,
	WD_COMP_L13,
	WD_COMP_L14,
	WD_COMP_L15,
};

/* Largest back-reference distance the compressor may use. */
enum wd_comp_winsz_type {
	WD_COMP_WS_4K,
	WD_COMP_WS_8K,
	WD_COMP_WS_16K,
	WD_COMP_WS_24K,
	WD_COMP_WS_32K,
};

struct wd_comp_req;

typedef void *wd_alg_comp_cb_t(struct wd_comp_req *req, void *cb_param);

struct wd_comp_req {
	union {
		void *src;
		struct wd_datalist *list_src;
	};
	__u32 src_len;		/* in: bytes at src; out: bytes consumed */
	union {
		void *dst;
		struct wd_datalist *list_dst;
	};
	__u32 dst_len;		/* in: room at dst; out: bytes produced */
	wd_alg_comp_cb_t *cb;	/* async completion callback */
	void *cb_param;		/* async: must be non-NULL */
	enum wd_comp_op_type op_type;
	enum wd_buff_type data_fmt;	/* only WD_FLAT_BUF is supported */
	__u32 last;		/* stream: this is the final input */
	__u32 status;		/* data result, see above */
	void *priv;
};

/* Layout-compatible with UADK; not produced by any WarpDrive driver. */
struct wd_lz77_zstd_data {
	void *literals_start;
	void *sequences_start;
	__u32 lit_num;
	__u32 seq_num;
	__u32 lit_length_overflow_cnt;
	__u32 lit_length_overflow_pos;
	void *freq;
	__u32 blk_type;
};

/*
 * Initialisation. WarpDrive reference-counts init: every successful
 * wd_comp_init*() (including one that returns -WD_EEXIST because the library
 * is already up) must be paired with one uninit of the same style, and the
 * last uninit frees. UADK frees on the first uninit; this is the safe superset.
 */
int wd_comp_init(struct wd_ctx_config *config, struct wd_sched *sched);
void wd_comp_uninit(void);

/*
 * alg: "deflate", "zlib" or "gzip" (all three are served whichever is named).
 * sched_type: SCHED_POLICY_RR / _NONE / _SINGLE. task_type: enum alg_task_type.
 * ctx_params may be NULL (one sync and one async ctx per op type and node).
 * Returns 0, -WD_EEXIST when already initialised (counted as a reference),
 * -WD_EINVAL, -WD_ENODEV (TASK_HW with no queue device), -WD_ENOMEM.
 */
int wd_comp_init2_(char *alg, __u32 sched_type, int task_type, struct wd_ctx_params *ctx_params);
#define wd_comp_init2(alg, sched_type, task_type) \
	wd_comp_init2_(alg, sched_type, task_type, NULL)
void wd_comp_uninit2(void);

struct wd_comp_sess_setup {
	enum wd_comp_alg_type alg_type;
	enum wd_comp_level comp_lv;	/* 0 means WD_COMP_L1 */
	enum wd_comp_winsz_type win_sz;
	enum wd_comp_op_type op_type;
	void *sched_param;		/* struct sched_params *, may be NULL */
	/*
	 * Devices reach the caller's own virtual addresses (shared virtual
	 * addressing; the CPU driver needs nothing), so WarpDrive takes no
	 * memory pool: mm_ops is not read, and mm_type must be UADK_MEM_AUTO
	 * (UADK_MEM_USER / UADK_MEM_PROXY: wd_comp_alloc_sess returns 0).
	 */
	struct wd_mm_ops mm_ops;
	enum wd_mem_type mm_type;
};

/*
 * Returns a session handle, or 0 on bad setup, a combination no driver of
 * the current init supports, or when not initialised. Handles are opaque
 * numbers: one that was freed, or of an earlier init, gets -WD_EINVAL.
 */
handle_t wd_comp_alloc_sess(struct wd_comp_sess_setup *setup);
void wd_comp_free_sess(handle_t h_sess);
/* Forget stream state so the session can start a new stream. */
int wd_comp_reset_sess(handle_t h_sess);

/* Stateless one-shot: the whole of src in, the whole result in dst. */
int wd_do_comp_sync(handle_t h_sess, struct wd_comp_req *req);
/* Stateful stream step; set last = 1 on the final input. */
int wd_do_comp_strm(handle_t h_sess, struct wd_comp_req *req);
/* A whole stream over large buffers, processed in chunks. */
int wd_do_comp_sync2(handle_t h_sess, struct wd_comp_req *req);
/*
 * Stateless asynchronous request. As in UADK the library copies *req: the
 * callback, run from wd_comp_poll*(), receives that copy (with src_len,
 * dst_len and status filled in) and cb_param; the caller's req may be gone
 * by then, its buffers may not. -WD_EBUSY: no free slot, poll and retry.
 */
int wd_do_comp_async(handle_t h_sess, struct wd_comp_req *req);
/* Reap up to expt completions (0: all) from async ctx idx / from any ctx. */
int wd_comp_poll_ctx(__u32 idx, __u32 expt, __u32 *count);
int wd_comp_poll(__u32 expt, __u32 *count);

/* Init from WD_COMP_CTX_NUM / WD_COMP_ASYNC_POLL_EN / WD_COMP_EPOLL_EN. */
int wd_comp_env_init(struct wd_sched *sched);
void wd_comp_env_uninit(void);
int wd_comp_ctx_num_init(__u32 node, __u32 type, __u32 num, __u8 mode);
void wd_comp_ctx_num_uninit(void);
int wd_comp_get_env_param(__u32 node, __u32 type, __u32 mode, __u32 *num, __u8 *is_enable);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_COMP_H */
