/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive — the sample round-robin scheduler (UADK v2 compatible).
 */
#ifndef WD_UADK_SCHED_H
#define WD_UADK_SCHED_H

#include <linux/types.h>
#include "wd_alg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define INVALID_POS	0xFFFFFFFF

enum sched_policy_type {
	SCHED_POLICY_RR = 0,	/* round robin over the ctxs of a region */
	SCHED_POLICY_NONE,	/* ctx-less requests (CPU work) */
	SCHED_POLICY_SINGLE,	/* one fixed ctx per mode */
	SCHED_POLICY_DEV,	/* regions per device */
	SCHED_POLICY_BUTT,
};

/*
 * A session's scheduling key. numa_id < 0 means "the caller's node";
 * type is the op type (e.g. WD_DIR_COMPRESS), mode the ctx mode.
 */
struct sched_params {
	int numa_id;
	__u8 type;
	__u8 mode;
	__u32 begin;	/* first ctx index of the region (wd_sched_rr_instance) */
	__u32 end;	/* last ctx index of the region, inclusive */
	__u32 dev_id;
};

typedef int (*user_poll_func)(__u32 pos, __u32 expect, __u32 *count);

/* Declare ctxs [begin, end] as the region for (numa_id, type, mode). */
int wd_sched_rr_instance(const struct wd_sched *sched, struct sched_params *param);
/* Allocate an RR scheduler for type_num op types on numa_num nodes. */
struct wd_sched *wd_sched_rr_alloc(__u8 sched_type, __u8 type_num, __u16 numa_num,
				   user_poll_func func);
void wd_sched_rr_release(struct wd_sched *sched);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_SCHED_H */
