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
 * wd_free_list_accels().
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

/* Library version and log-level queries. */
void wd_get_version(void);
bool wd_need_debug(void);
bool wd_need_info(void);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_WD_H */
