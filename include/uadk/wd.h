/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive core API (libwd), source- and binary-compatible with Linaro UADK v2.
 *
 * Return convention: 0 on success or a negative WD_E* code. Handles are
 * uintptr_t values; 0 means "no handle".
 */
#ifndef WD_UADK_WD_H
#define WD_UADK_WD_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#if defined(__has_include)
#if __has_include(<numa.h>)
#include <numa.h>	/* UADK clients expect libnuma's declarations here */
#endif
#endif

#include "uacce.h"

#ifdef __cplusplus
extern "C" {
#endif

#define PATH_STR_SIZE		256
#define MAX_ATTR_STR_SIZE	384
#define WD_NAME_SIZE		64
#define MAX_DEV_NAME_LEN	256
#define LINUX_CRTDIR_SIZE	1
#define LINUX_PRTDIR_SIZE	2
#define WD_CTX_CNT_NUM		1024
#define CRYPTO_MAX_ALG_NAME	128
#ifndef NUMA_NO_NODE
#define NUMA_NO_NODE		(-1)
#endif

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x)	(sizeof(x) / sizeof((x)[0]))
#endif

/* UADK spells the handle type as a macro; keep it so clients that #ifdef it work. */
#ifndef handle_t
#define handle_t uintptr_t
#endif

/* Status and error codes (values identical to UADK). Functions return -WD_E*. */
#define WD_SUCCESS		0
#define WD_STREAM_END		1
#define WD_STREAM_START		2
#define WD_SOFT_COMPUTING	3
#define WD_EIO			EIO
#define WD_EAGAIN		EAGAIN
#define WD_ENOMEM		ENOMEM
#define WD_EACCES		EACCES
#define WD_EBUSY		EBUSY
#define WD_EEXIST		EEXIST
#define WD_ENODEV		ENODEV
#define WD_EINVAL		EINVAL
#define WD_ETIMEDOUT		ETIMEDOUT
#define WD_ADDR_ERR		61	/* bad address in a request */
#define WD_HW_EACCESS		62	/* device refused access (reset, stopped) */
#define WD_SGL_ERR		63	/* bad scatter-gather list */
#define WD_VERIFY_ERR		64	/* verification failed */
#define WD_OUT_EPARA		66	/* output buffer too small / bad output */
#define WD_IN_EPARA		67	/* input data invalid (corrupt, truncated) */
#define WD_ENOPROC		68	/* request was not processed */

#define WD_HANDLE_ERR(h)	((long long)(h))
#define WD_IS_ERR(h)		((uintptr_t)(h) > (uintptr_t)(-1000))

enum wd_buff_type {
	WD_FLAT_BUF,
	WD_SGL_BUF,
};

enum wd_alg_type {
	WD_CIPHER,
	WD_DIGEST,
	WD_AEAD,
};

/* Caller-supplied memory operations (kept for layout compatibility). */
typedef void *(*wd_alloc)(void *usr, size_t size);
typedef void (*wd_free)(void *usr, void *va);
typedef void *(*wd_map)(void *usr, void *va, size_t sz);
typedef void (*wd_unmap)(void *usr, void *va, void *dma, size_t sz);
typedef __u32 (*wd_bufsize)(void *usr);

struct wd_mm_ops {
	wd_alloc alloc;
	wd_free free;
	wd_map iova_map;
	wd_unmap iova_unmap;
	wd_bufsize get_bufsize;
	void *usr;
	bool sva_mode;
};

struct wd_dtb {
	char *data;	/* buffer start */
	__u32 dsize;	/* bytes of data */
	__u32 bsize;	/* bytes of buffer */
};

/* Scatter-gather element for WD_SGL_BUF requests. */
struct wd_datalist {
	void *data;
	__u32 len;
	struct wd_datalist *next;
};

/* One accelerator device as read from /sys/class/uacce/<name>. */
struct uacce_dev {
	int flags;			/* UACCE_DEV_SVA ... */
	int numa_id;
	char api[WD_NAME_SIZE];		/* queue format, from sysfs "api" */
	char algs[MAX_ATTR_STR_SIZE];	/* newline-separated algorithm names */
	char dev_root[PATH_STR_SIZE];	/* sysfs directory */
	char char_dev_path[MAX_DEV_NAME_LEN];	/* /dev node */
	unsigned long qfrs_offs[UACCE_QFRT_MAX];	/* region sizes */
};

struct uacce_dev_list {
	struct uacce_dev *dev;
	struct uacce_dev_list *next;
};

/* Memory barriers for rings shared with a device. */
#define rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline uint32_t wd_ioread32(void *addr) { return *(volatile uint32_t *)addr; }
static inline uint64_t wd_ioread64(void *addr) { return *(volatile uint64_t *)addr; }
static inline void wd_iowrite32(void *addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline void wd_iowrite64(void *addr, uint64_t v) { *(volatile uint64_t *)addr = v; }
static inline void *WD_ERR_PTR(uintptr_t error) { return (void *)error; }
static inline long WD_PTR_ERR(const void *ptr) { return (intptr_t)ptr; }

/*
 * Device discovery. The list functions return NULL when no device serves
 * alg_name (always the case on a host without uacce). Free lists with
 * wd_free_list_accels(). Devices with a missing or bad attribute, or
 * isolated after hardware errors (sysfs "isolate" = 1), are left out.
 *
 * wd_get_accel_list: devices whose "algorithms" has alg_name as a whole line.
 * wd_get_accel_dev: a copy (free() it) of the device with a free queue
 *   nearest the calling thread's NUMA node, then with the most free queues;
 *   NULL when there is none.
 * wd_find_dev_by_numa: the same choice for node numa_id (< 0: the calling
 *   thread's node) within list; a device on the nearest node when numa_id
 *   has none. As in UADK, failure is an error pointer, not NULL: test with
 *   WD_IS_ERR(); -WD_EINVAL (list NULL) or -WD_ENODEV (no free queue).
 * wd_get_avail_ctx: free queues (>= 0), -WD_EINVAL (dev NULL), -WD_ENODEV
 *   (no attribute) or -WD_EINVAL (not a non-negative number).
 * wd_is_isolate: 1 isolated, 0 not (or no attribute), < 0 error.
 * wd_clone_dev: a malloc()ed copy, or NULL.
 * wd_get_accel_name: malloc()ed "hisi_zip-0" (no_apdx 0) or "hisi_zip"
 *   (no_apdx 1) from "/dev/hisi_zip-0"; NULL when the path has no '-'.
 */
struct uacce_dev_list *wd_get_accel_list(const char *alg_name);
struct uacce_dev *wd_get_accel_dev(const char *alg_name);
struct uacce_dev *wd_find_dev_by_numa(struct uacce_dev_list *list, int numa_id);
void wd_free_list_accels(struct uacce_dev_list *list);
int wd_get_avail_ctx(struct uacce_dev *dev);
int wd_is_isolate(struct uacce_dev *dev);
struct uacce_dev *wd_clone_dev(struct uacce_dev *dev);
void wd_add_dev_to_list(struct uacce_dev_list *head, struct uacce_dev_list *node);
char *wd_get_accel_name(char *dev_path, int no_apdx);

/*
 * Queues (ctxs) of a uacce device. A ctx is one open of dev->char_dev_path;
 * dev normally comes from wd_get_accel_list() or wd_get_accel_dev().
 *
 * Every call checks its handle against the handles currently open: a handle
 * that is 0, was never returned by wd_request_ctx() or was already released
 * gives -WD_EINVAL (NULL, 0, or nothing for the void calls) and is never
 * dereferenced. After fork(), calls that would reach the device (start,
 * force release, ioctl, mmap, wait) fail with -WD_EACCES in the child: the
 * queue belongs to the parent. Releasing a handle while another thread still
 * uses it remains the caller's error. The library logs failures only when
 * WD_LOG_LEVEL asks for it.
 */

/*
 * wd_request_ctx() - open one queue on dev (O_RDWR | O_CLOEXEC).
 * Returns the handle, or 0 with errno set: EBUSY when the device has no
 * free queue, else why the open failed (EINVAL for dev NULL or without paths).
 */
handle_t wd_request_ctx(struct uacce_dev *dev);

/*
 * wd_release_ctx() - unmap the regions still mapped, close the queue and free
 * the handle (the kernel may free the queue later; see wd_release_ctx_force).
 * 0 is ignored; an invalid or already released handle is only logged.
 */
void wd_release_ctx(handle_t h_ctx);

/*
 * wd_ctx_start() - start the queue (UACCE_CMD_START). 0, -WD_EINVAL,
 * -WD_EACCES, or the ioctl's -errno (the kernel: -EINVAL when already started).
 */
int wd_ctx_start(handle_t h_ctx);

/*
 * wd_release_ctx_force() - stop the queue and free its hardware now
 * (UACCE_CMD_PUT_Q); the handle must still be released with wd_release_ctx().
 * 0, -WD_EINVAL, -WD_EACCES or the ioctl's -errno.
 */
int wd_release_ctx_force(handle_t h_ctx);

/* Caller data kept with the ctx. set: 0 or -WD_EINVAL; get: the data or NULL. */
int wd_ctx_set_priv(handle_t h_ctx, void *priv);
void *wd_ctx_get_priv(handle_t h_ctx);

/*
 * The device's sysfs "api" (queue format, e.g. "hisi_qm_v2"), or NULL. The
 * string belongs to the ctx: valid until wd_release_ctx().
 */
char *wd_ctx_get_api(handle_t h_ctx);

/*
 * wd_ctx_mmap_qfr() - map region qfrt (UACCE_QFRT_MMIO, UACCE_QFRT_DUS) of the
 * queue: MAP_SHARED, read/write, wd_ctx_get_region_size() bytes at page
 * offset qfrt. NULL (errno set when mmap failed) for a bad handle or qfrt, a
 * region of size 0 (its sysfs attribute is hidden), a region already mapped,
 * or a failed mmap().
 */
void *wd_ctx_mmap_qfr(handle_t h_ctx, enum uacce_qfrt qfrt);

/* Unmap a region mapped by wd_ctx_mmap_qfr(); nothing when it is not mapped. */
void wd_ctx_unmap_qfr(handle_t h_ctx, enum uacce_qfrt qfrt);

/*
 * wd_ctx_wait() - wait up to ms milliseconds for completions (poll() POLLIN;
 * interrupted waits are resumed). As in UADK: > 0 when completions may be
 * ready, 0 on timeout, < 0 on error: -WD_EINVAL, -WD_EACCES, -WD_EIO (the
 * device reported an error or hang-up) or poll()'s -errno.
 */
int wd_ctx_wait(handle_t h_ctx, __u16 ms);

/* 1 when the ctx's device shares the process page table (SVA), 0 if not, -WD_EINVAL. */
int wd_is_sva(handle_t h_ctx);

/* NUMA node of the ctx's device (>= 0), or -WD_EINVAL. */
int wd_get_numa_id(handle_t h_ctx);

/*
 * wd_ctx_set_io_cmd() - ioctl(cmd, arg) on the queue (arg may be NULL).
 * The ioctl's result (>= 0), or -WD_EINVAL, -WD_EACCES, or -errno (errno
 * is also left set).
 */
int wd_ctx_set_io_cmd(handle_t h_ctx, unsigned long cmd, void *arg);

/* Size in bytes of region qfrt of the ctx (0: no such region, or bad handle). */
unsigned long wd_ctx_get_region_size(handle_t h_ctx, enum uacce_qfrt qfrt);

/* Device name of the ctx ("hisi_zip-0"), or NULL; valid until wd_release_ctx(). */
char *wd_ctx_get_dev_name(handle_t h_ctx);

/* Library version and log-level queries. */
void wd_get_version(void);
bool wd_need_debug(void);
bool wd_need_info(void);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_WD_H */
