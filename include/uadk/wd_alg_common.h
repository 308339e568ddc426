/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive — types shared by every algorithm class (UADK v2 compatible).
 */
#ifndef WD_UADK_ALG_COMMON_H
#define WD_UADK_ALG_COMMON_H

#include <pthread.h>
#include <stdbool.h>
#include "wd.h"
#include "wd_alg.h"
#include "wd_internal.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BYTE_BITS		8
#define BYTE_BITS_SHIFT		3
#define GET_NEGATIVE(val)	(0 - (val))
#define BITS_TO_BYTES(bits)	(((bits) + 7) >> 3)
#define BYTES_TO_BITS(bytes)	((bytes) << 3)
#define MAX_STR_LEN		256
#define CTX_TYPE_INVALID	9999
#define POLL_TIME		1000

/* Key sizes in bytes (UADK's names; clients size their key buffers with them). */
#define MAX_CIPHER_KEY_SIZE	64
#define AES_KEYSIZE_128		16
#define AES_KEYSIZE_192		24
#define AES_KEYSIZE_256		32
#define SM4_KEY_SIZE		16
#define DES_KEY_SIZE		8
#define DES3_2KEY_SIZE		(2 * DES_KEY_SIZE)
#define DES3_3KEY_SIZE		(3 * DES_KEY_SIZE)
#define MAX_HMAC_KEY_SIZE	128U

/*
 * Which drivers an init may bind:
 *  TASK_MIX   queue devices first, CPU drivers as fallback;
 *  TASK_HW    queue devices only (see WD_CPU_AS_HW in the README);
 *  TASK_INSTR CPU drivers only.
 */
enum alg_task_type {
	TASK_MIX = 0x0,
	TASK_HW,
	TASK_INSTR,
	TASK_MAX_TYPE,
};

enum wd_ctx_mode {
	CTX_MODE_SYNC = 0,
	CTX_MODE_ASYNC,
	CTX_MODE_MAX,
};

enum wd_init_type {
	WD_TYPE_V1,
	WD_TYPE_V2,
};

enum wd_mem_type {
	UADK_MEM_AUTO,
	UADK_MEM_USER,
	UADK_MEM_PROXY,
	UADK_MEM_MAX,
};

/* One ctx (queue) as handed to wd_<alg>_init(). */
struct wd_ctx {
	handle_t ctx;
	__u8 op_type;
	__u8 ctx_mode;
};

struct wd_cap_config {
	__u32 ctx_msg_num;	/* async requests in flight per ctx, 1..1024 (0: 1024);
				 * beyond, submit says -WD_EBUSY; above 1024 init says -WD_EINVAL */
	__u32 resv;
};

struct wd_ctx_config {
	__u32 ctx_num;
	struct wd_ctx *ctxs;
	void *priv;
	struct wd_cap_config *cap;
};

struct wd_ctx_nums {
	__u32 sync_ctx_num;
	__u32 async_ctx_num;
};

struct bitmask;

/* Deployment description for wd_<alg>_init2_(); NULL means defaults. */
struct wd_ctx_params {
	__u32 op_type_num;		/* entries in ctx_set_num */
	struct wd_ctx_nums *ctx_set_num;	/* indexed by op type */
	struct bitmask *bmp;		/* NUMA nodes to use (libnuma) */
	struct wd_cap_config *cap;
};

/* A scheduler: picks the ctx for each request and polls async ctxs. */
struct wd_sched {
	const char *name;
	int sched_policy;
	handle_t (*sched_init)(handle_t h_sched_ctx, void *sched_param);
	__u32 (*pick_next_ctx)(handle_t h_sched_ctx, void *sched_key, const int sched_mode);
	int (*poll_policy)(handle_t h_sched_ctx, __u32 expect, __u32 *count);
	handle_t h_sched_ctx;
};

typedef int (*wd_alg_init)(struct wd_ctx_config *config, struct wd_sched *sched);
typedef int (*wd_alg_poll_ctx)(__u32 idx, __u32 expt, __u32 *count);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_ALG_COMMON_H */
