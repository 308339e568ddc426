/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive extensions to the UADK API: introspection and error text.
 * UADK clients never need this header; the `wd` tool uses it.
 */
#ifndef WD_UADK_WARPDRIVE_H
#define WD_UADK_WARPDRIVE_H

#include <stddef.h>
#include "wd_alg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WARPDRIVE_VERSION	"2.10.0"

/* Text for a WD_E* / status code (sign ignored). Never NULL. */
const char *wd_strerror(int code);

enum wd_driver_kind {
	WD_DRIVER_CPU = 0,	/* executes on the calling core */
	WD_DRIVER_HW = 1,	/* a queue device */
};

struct wd_driver_info {
	char name[32];
	char desc[96];
	char alg_class[16];	/* "comp", "cipher", ... */
	char algs[128];		/* space-separated */
	int kind;		/* enum wd_driver_kind */
	int priority;
	int available;		/* 1 when it can open ctxs on this host */
};

/*
 * Fill up to max entries; returns the number of registered drivers.
 * algs holds the names that fit in it, whole; wd_get_driver_algs() has
 * them all.
 */
int wd_get_driver_info(struct wd_driver_info *out, int max);

/*
 * Every algorithm of the registered driver named driver, space-separated,
 * into buf (always NUL-terminated when size > 0; whole names only, the
 * first that does not fit ends it). Returns the length of the whole list
 * without the NUL, as snprintf() does, so a call with size 0 sizes the
 * buffer; -WD_ENODEV when no driver has that name, -WD_EINVAL for a NULL
 * name or a NULL buf with size > 0.
 */
int wd_get_driver_algs(const char *driver, char *buf, size_t size);

struct wd_ctx_info {
	char driver[32];
	int numa;
	int op_type;
	int mode;		/* CTX_MODE_SYNC / CTX_MODE_ASYNC */
	__u32 inflight;
};

/*
 * Which driver ran a session's requests (TASK_MIX sends each session to the
 * best driver that serves its algorithm: a queue device, or the CPU).
 * wd_sess_get_driver_counts() takes a session handle of any class
 * (wd_comp, wd_cipher, wd_digest, wd_aead) and fills up to max entries,
 * one per driver that accepted requests of the session since it was
 * allocated, in the order they first did. requests counts the requests
 * handed to that driver (a request split by the library counts once).
 * The counts are exact unless several threads use the session at the
 * same moment (then an increment may be lost; counting never slows the
 * data path with an atomic operation). Returns the number of such drivers
 * (may exceed max), or -WD_EINVAL for an unknown, freed or stale handle or
 * a NULL out with max > 0. Symbol version WARPDRIVE_1.2.
 */
#define WD_HAVE_SESS_DRIVER_COUNTS	1

struct wd_sess_driver_count {
	char driver[32];	/* wd_driver_info.name: "vacc_cipher", "cpu_cipher" ... */
	int kind;		/* enum wd_driver_kind */
	__u64 requests;
};

int wd_sess_get_driver_counts(handle_t h_sess, struct wd_sess_driver_count *out, int max);

/* The ctxs of a class's current init; returns the ctx count. */
int wd_comp_get_ctx_info(struct wd_ctx_info *out, int max);
int wd_cipher_get_ctx_info(struct wd_ctx_info *out, int max);
int wd_digest_get_ctx_info(struct wd_ctx_info *out, int max);
int wd_aead_get_ctx_info(struct wd_ctx_info *out, int max);

/*
 * Learning across small stateless requests (libwd_comp). A compression
 * session whose sync or async stateless requests are small (up to 16 KiB,
 * levels 1-3, the CPU driver) keeps Huffman tables learned from its earlier
 * requests and reuses them when they cost at most 1/64 more than a table
 * made for the request; a decompression session keeps the decode tables of
 * block headers it has seen. Every output is still a complete stream that
 * any decoder reads alone, whatever was dropped or reordered before it;
 * but its bytes depend on the session's history, so a session that needs
 * the same bytes for the same input every time turns learning off.
 * On by default from a session's second small request. wd_comp_set_learning
 * (sess, 0) turns it off for one session: its requests then run as without
 * learning (ISA-L's bytes); WD_COMP_LEARN=0 in the environment turns it off
 * for the process. Returns 0, or -WD_EINVAL for a bad handle or on not 0/1.
 * Symbol version WARPDRIVE_COMP_1.1. See docs/levels.md, "Small pages".
 */
#define WD_HAVE_COMP_LEARNING	1
int wd_comp_set_learning(handle_t h_sess, int on);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_WARPDRIVE_H */
