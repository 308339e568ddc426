/* SPDX-License-Identifier: Apache-2.0 */
/* The compression message a driver receives (driver-facing, not installed). */
#ifndef WD_COMP_DRV_H
#define WD_COMP_DRV_H

#include "wd_drv.h"
#include "uadk/wd_comp.h"

struct wd_comp_msg {
	struct wd_msg_hdr hdr;		/* must be first */
	__u8 alg;			/* enum wd_comp_alg_type */
	__u8 op;			/* enum wd_comp_op_type */
	__u8 level;			/* 1..15 */
	__u8 win;			/* enum wd_comp_winsz_type */
	__u8 last;			/* stream (hdr.flags WD_MSG_STREAM): final input */
	/* stream, not last: WDI_COMP_FLUSH_* (wd_comp_priv.h). A driver that
	 * cannot flush refuses such a message (-WD_EINVAL, nothing consumed). */
	__u8 flush;
	/* stream: a preset dictionary for a request that starts a stream */
	const __u8 *dict;
	__u32 dict_len;
	const __u8 *src;
	__u32 src_len;
	__u8 *dst;
	__u32 dst_len;
	/* results */
	__u32 consumed;
	__u32 produced;
	__u32 status;			/* WD_SUCCESS, WD_STREAM_END, WD_EAGAIN, WD_IN_EPARA ... */
	/*
	 * async: a copy of the caller's request. As in UADK the callback gets
	 * this copy, so the caller's req may be a stack variable that is gone
	 * by completion time (DPDK's pattern); buffers must live on.
	 */
	struct wd_comp_req req;
};

#endif /* WD_COMP_DRV_H */
