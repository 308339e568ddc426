/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce queues, for WarpDrive's own user-space queue drivers. Never
 * installed; exported from libwd under WD_PRIVATE_2.0 (wdi_*).
 *
 * A queue handle comes from the public wd_request_ctx() (<uadk/wd.h>). It is
 * a pointer to a private struct wd_ctx_h, registered in a table of live
 * handles while it is open: every call looks the handle up there before it
 * touches the struct, so a stale, foreign or garbage handle is refused
 * without being dereferenced. Using a handle while another thread releases
 * it is still the caller's bug.
 *
 * After fork() the child inherits handles but not the queues' mappings
 * (the kernel marks them VM_DONTCOPY), and the queues belong to the parent:
 * in the child every call that would reach the device (start, put, ioctl,
 * mmap, wait) fails with -WD_EACCES; wd_release_ctx() only closes the
 * child's copy of the fd and frees the handle. The process is told apart
 * by a pid that libwd's fork handler refreshes (no system call per check);
 * a child made by a raw clone() that skips fork handlers is not detected.
 */
#ifndef WD_UACCE_H
#define WD_UACCE_H

#include <stdbool.h>
#include <stddef.h>
#include "uadk/wd.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's name for what <uadk/uacce.h> (like UADK) calls UACCE_CMD_START. */
#ifndef UACCE_CMD_START_Q
#define UACCE_CMD_START_Q	UACCE_CMD_START
#endif

/* A region_*_size attribute above this is refused as a bad value. */
#define WDI_UACCE_REGION_MAX	(1UL << 30)

/* Distance reported between nodes whose distance is not listed. */
#define WDI_NUMA_FAR		1000

/*
 * True when h is a live handle from wd_request_ctx() opened by this process
 * (not released; not inherited across fork()).
 */
bool wdi_uacce_ctx_valid(handle_t h);

/*
 * The queue's file descriptor, or -WD_EINVAL (bad handle) / -WD_EACCES
 * (handle inherited across fork()). The handle keeps owning the fd: do not
 * close it; it is closed by wd_release_ctx().
 */
int wdi_uacce_ctx_fd(handle_t h);

/*
 * The device the queue was opened on (a copy taken by wd_request_ctx(): api,
 * flags, numa_id, region sizes in qfrs_offs[]). NULL for a bad handle. Valid
 * until wd_release_ctx().
 */
const struct uacce_dev *wdi_uacce_ctx_dev(handle_t h);

/*
 * Base of region qfrt as mapped by wd_ctx_mmap_qfr(), and its size in *size
 * when size is not NULL. NULL (and *size 0) when the region is not mapped
 * or the handle is bad.
 */
void *wdi_uacce_ctx_region(handle_t h, enum uacce_qfrt qfrt, size_t *size);

/*
 * Wait until the queue reports completions (poll() POLLIN). timeout_ms < 0
 * waits without limit. EINTR is retried with the time left.
 * Returns 0 when completions may be ready, -WD_ETIMEDOUT, -WD_EINVAL (bad
 * handle), -WD_EACCES (inherited across fork()), -WD_EIO (the device
 * reported an error or hang-up on the fd) or another -errno from poll().
 * This is the engine's convention; the public wd_ctx_wait() keeps UADK's
 * (1 ready, 0 timeout, < 0 error).
 */
int wdi_uacce_ctx_wait(handle_t h, int timeout_ms);

/* Handles currently open (live) in this process: for tests and `wd info`. */
int wdi_uacce_live_ctxs(void);

/*
 * NUMA distance between nodes from and to, as device choice uses it:
 * <root>/node<from>/distance (root: env WD_NODE_SYSFS, else
 * /sys/devices/system/node), WDI_NUMA_FAR when that row does not list to,
 * |from - to| when the row cannot be read.
 */
int wdi_uacce_numa_distance(int from, int to);

#ifdef __cplusplus
}
#endif

#endif /* WD_UACCE_H */
