/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce queue access: one open of /dev/<name>-<id> is one queue. Handles are
 * pointers to struct wd_ctx_h, checked against a table of live handles (and
 * a magic number) before use, so bad and released handles are refused
 * instead of dereferenced. See wd_uacce.h for the fork() rules.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "uadk/wd.h"
#include "wd_log.h"
#include "wd_uacce.h"
#include "wd_fork.h"

#define CTX_MAGIC	0x7764637478716831ULL	/* "wdctxqh1" */
#define CTX_DEAD	0x6465616471686e64ULL
#define CTX_BUCKETS	128

struct wd_ctx_h {
	__u64 magic;
	struct wd_ctx_h *next;		/* live-handle table chain */
	int fd;
	pid_t owner;			/* process that opened the queue */
	void *priv;
	void *qfrs_base[UACCE_QFRT_MAX];
	unsigned long qfrs_size[UACCE_QFRT_MAX];
	char dev_name[MAX_DEV_NAME_LEN];	/* "hisi_zip-0" */
	struct uacce_dev dev;		/* copy of the device at request time */
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wd_ctx_h *table[CTX_BUCKETS];
static int live;
static pid_t self_pid;	/* getpid() without a system call on every check */

/*
 * fork(): libwd's one handler (src/core/fork.c) calls these, after it has
 * taken the engines' locks, so table_lock is never held by a thread the
 * child does not have. The child learns its pid before anything else runs,
 * so every inherited handle is known as inherited.
 */
void wdi_uacce_fork_prepare(void)
{
	pthread_mutex_lock(&table_lock);
}

void wdi_uacce_fork_parent(void)
{
	pthread_mutex_unlock(&table_lock);
}

void wdi_uacce_fork_child(void)
{
	self_pid = getpid();
	pthread_mutex_unlock(&table_lock);
}

__attribute__((constructor)) static void learn_pid(void)
{
	self_pid = getpid();
}

static unsigned int bucket(uintptr_t h)
{
	return (unsigned int)((h >> 4) ^ (h >> 12)) % CTX_BUCKETS;
}

/* Caller holds table_lock. Compares addresses only: h is never read. */
static struct wd_ctx_h **find_slot(handle_t h)
{
	struct wd_ctx_h **p;

	for (p = &table[bucket(h)]; *p; p = &(*p)->next)
		if ((handle_t)*p == h)
			return (*p)->magic == CTX_MAGIC ? p : NULL;
	return NULL;
}

static struct wd_ctx_h *lookup(handle_t h)
{
	struct wd_ctx_h **p, *c = NULL;

	if (!h)
		return NULL;
	pthread_mutex_lock(&table_lock);
	p = find_slot(h);
	if (p)
		c = *p;	/* *p is a chain link: read it before another insert moves it */
	pthread_mutex_unlock(&table_lock);
	return c;
}

/* A live handle, or NULL with a log line naming the caller. */
static struct wd_ctx_h *ctx_get(handle_t h, const char *fn)
{
	struct wd_ctx_h *c = lookup(h);

	if (!c)
		wd_err("%s: invalid or released ctx handle %#lx", fn, (unsigned long)h);
	return c;
}

static bool inherited(const struct wd_ctx_h *c)
{
	return c->owner != self_pid;
}

/* A live handle of this process, else NULL and *err set. */
static struct wd_ctx_h *ctx_own(handle_t h, const char *fn, int *err)
{
	struct wd_ctx_h *c = ctx_get(h, fn);

	if (!c) {
		*err = -WD_EINVAL;
		return NULL;
	}
	if (inherited(c)) {
		wd_err("%s: the queue on %s belongs to process %d (handle inherited across fork)",
		       fn, c->dev_name, (int)c->owner);
		*err = -WD_EACCES;
		return NULL;
	}
	*err = 0;
	return c;
}

static bool str_fits(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

handle_t wd_request_ctx(struct uacce_dev *dev)
{
	struct wd_ctx_h *c;
	const char *base;
	int fd, err;

	if (!dev || !dev->char_dev_path[0] || !dev->dev_root[0] ||
	    !str_fits(dev->char_dev_path, sizeof(dev->char_dev_path)) ||
	    !str_fits(dev->dev_root, sizeof(dev->dev_root))) {
		wd_err("wd_request_ctx: no device, or a device without paths");
		return 0;
	}
	fd = open(dev->char_dev_path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		if (err == EBUSY)
			wd_info("no free queue on %s", dev->char_dev_path);
		else
			wd_err("cannot open a queue on %s: %s", dev->char_dev_path, strerror(err));
		errno = err;
		return 0;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		wd_err("wd_request_ctx: out of memory");
		close(fd);
		errno = ENOMEM;
		return 0;
	}
	c->magic = CTX_MAGIC;
	c->fd = fd;
	c->owner = self_pid;
	memcpy(&c->dev, dev, sizeof(c->dev));
	memcpy(c->qfrs_size, dev->qfrs_offs, sizeof(c->qfrs_size));
	base = strrchr(dev->char_dev_path, '/');
	snprintf(c->dev_name, sizeof(c->dev_name), "%s", base ? base + 1 : dev->char_dev_path);

	pthread_mutex_lock(&table_lock);
	c->next = table[bucket((uintptr_t)c)];
	table[bucket((uintptr_t)c)] = c;
	live++;
	pthread_mutex_unlock(&table_lock);
	wd_dbg("queue opened on %s (fd %d)", dev->char_dev_path, fd);
	return (handle_t)c;
}

void wd_release_ctx(handle_t h)
{
	struct wd_ctx_h **p, *c = NULL;
	int i;

	if (!h)
		return;		/* like free(NULL) */
	pthread_mutex_lock(&table_lock);
	p = find_slot(h);
	if (p) {
		c = *p;
		*p = c->next;	/* from here on nobody can look it up */
		live--;
	}
	pthread_mutex_unlock(&table_lock);
	if (!c) {
		wd_err("wd_release_ctx: invalid or already released ctx handle %#lx",
		       (unsigned long)h);
		return;
	}
	/* in a fork child the addresses may hold something else now */
	for (i = 0; i < UACCE_QFRT_MAX; i++)
		if (c->qfrs_base[i] && !inherited(c))
			munmap(c->qfrs_base[i], c->qfrs_size[i]);
	close(c->fd);
	c->magic = CTX_DEAD;
	free(c);
}

/* ioctl on an owned queue: the ioctl's result (>= 0) or -errno, errno kept. */
static int ctx_ioctl(struct wd_ctx_h *c, unsigned long cmd, void *arg)
{
	int ret = ioctl(c->fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

int wd_ctx_start(handle_t h)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wd_ctx_start", &ret);
	if (!c)
		return ret;
	ret = ctx_ioctl(c, UACCE_CMD_START_Q, NULL);
	if (ret < 0)
		wd_err("cannot start the queue on %s (UACCE_CMD_START_Q): %s", c->dev_name,
		       strerror(-ret));
	return ret < 0 ? ret : 0;
}

int wd_release_ctx_force(handle_t h)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wd_release_ctx_force", &ret);
	if (!c)
		return ret;
	ret = ctx_ioctl(c, UACCE_CMD_PUT_Q, NULL);
	if (ret < 0)
		wd_err("cannot put the queue on %s (UACCE_CMD_PUT_Q): %s", c->dev_name,
		       strerror(-ret));
	return ret < 0 ? ret : 0;
}

int wd_ctx_set_io_cmd(handle_t h, unsigned long cmd, void *arg)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wd_ctx_set_io_cmd", &ret);
	if (!c)
		return ret;
	ret = ctx_ioctl(c, cmd, arg);
	/* drivers probe optional commands: not an error of the library's */
	if (ret < 0)
		wd_info("ioctl %#lx on %s: %s", cmd, c->dev_name, strerror(-ret));
	return ret;
}

static bool qfrt_ok(enum uacce_qfrt qfrt)
{
	return (int)qfrt >= 0 && (int)qfrt < UACCE_QFRT_MAX;
}

void *wd_ctx_mmap_qfr(handle_t h, enum uacce_qfrt qfrt)
{
	struct wd_ctx_h *c;
	void *addr = NULL;
	int err;

	c = ctx_own(h, "wd_ctx_mmap_qfr", &err);
	if (!c)
		return NULL;
	if (!qfrt_ok(qfrt)) {
		wd_err("wd_ctx_mmap_qfr: no region %d (0 mmio, 1 dus)", (int)qfrt);
		return NULL;
	}
	if (!c->qfrs_size[qfrt]) {
		wd_err("wd_ctx_mmap_qfr: %s has no region %d (its size attribute is hidden or 0)",
		       c->dev_name, (int)qfrt);
		return NULL;
	}
	pthread_mutex_lock(&table_lock);
	if (c->qfrs_base[qfrt]) {
		/* the kernel refuses a second mapping too (-EEXIST) */
		wd_err("wd_ctx_mmap_qfr: region %d of %s is already mapped", (int)qfrt,
		       c->dev_name);
	} else {
		addr = mmap(NULL, c->qfrs_size[qfrt], PROT_READ | PROT_WRITE, MAP_SHARED, c->fd,
			    (off_t)qfrt * sysconf(_SC_PAGESIZE));
		if (addr == MAP_FAILED) {
			err = errno;
			wd_err("cannot map region %d (%lu bytes) of %s: %s", (int)qfrt,
			       c->qfrs_size[qfrt], c->dev_name, strerror(err));
			errno = err;
			addr = NULL;
		} else {
			c->qfrs_base[qfrt] = addr;
		}
	}
	pthread_mutex_unlock(&table_lock);
	return addr;
}

void wd_ctx_unmap_qfr(handle_t h, enum uacce_qfrt qfrt)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_unmap_qfr");

	if (!c || !qfrt_ok(qfrt))
		return;
	pthread_mutex_lock(&table_lock);
	if (c->qfrs_base[qfrt] && !inherited(c))
		munmap(c->qfrs_base[qfrt], c->qfrs_size[qfrt]);
	c->qfrs_base[qfrt] = NULL;
	pthread_mutex_unlock(&table_lock);
}

unsigned long wd_ctx_get_region_size(handle_t h, enum uacce_qfrt qfrt)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_get_region_size");

	return c && qfrt_ok(qfrt) ? c->qfrs_size[qfrt] : 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 ready, 0 timed out, -WD_E* / -errno. */
static int ctx_poll(struct wd_ctx_h *c, int timeout_ms)
{
	long long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	int ret, left = timeout_ms;

	for (;;) {
		ret = poll(&pfd, 1, left);
		if (ret >= 0)
			break;
		if (errno != EINTR)
			return -errno;
		if (timeout_ms >= 0) {
			long long rest = deadline - now_ms();

			left = rest > 0 ? (int)rest : 0;
		}
	}
	if (!ret)
		return 0;
	if (pfd.revents & POLLIN)
		return 1;
	if (pfd.revents & POLLNVAL)
		return -WD_EINVAL;
	wd_err("wait on %s: the device reported %s", c->dev_name,
	       pfd.revents & POLLERR ? "an error" : "a hang-up");
	return -WD_EIO;
}

int wd_ctx_wait(handle_t h, __u16 ms)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wd_ctx_wait", &ret);
	if (!c)
		return ret;
	return ctx_poll(c, ms);
}

int wd_is_sva(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_is_sva");

	if (!c)
		return -WD_EINVAL;
	return ((unsigned int)c->dev.flags & UACCE_DEV_SVA) ? 1 : 0;
}

int wd_get_numa_id(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_get_numa_id");

	return c ? c->dev.numa_id : -WD_EINVAL;
}

char *wd_ctx_get_api(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_get_api");

	return c ? c->dev.api : NULL;
}

char *wd_ctx_get_dev_name(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_get_dev_name");

	return c ? c->dev_name : NULL;
}

int wd_ctx_set_priv(handle_t h, void *priv)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_set_priv");

	if (!c)
		return -WD_EINVAL;
	c->priv = priv;
	return 0;
}

void *wd_ctx_get_priv(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wd_ctx_get_priv");

	return c ? c->priv : NULL;
}

/* Private helpers (wd_uacce.h). */

bool wdi_uacce_ctx_valid(handle_t h)
{
	struct wd_ctx_h *c = lookup(h);

	return c && !inherited(c);
}

int wdi_uacce_ctx_fd(handle_t h)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wdi_uacce_ctx_fd", &ret);
	return c ? c->fd : ret;
}

const struct uacce_dev *wdi_uacce_ctx_dev(handle_t h)
{
	struct wd_ctx_h *c = ctx_get(h, "wdi_uacce_ctx_dev");

	return c ? &c->dev : NULL;
}

void *wdi_uacce_ctx_region(handle_t h, enum uacce_qfrt qfrt, size_t *size)
{
	struct wd_ctx_h *c = lookup(h);
	void *base = NULL;

	if (c && qfrt_ok(qfrt) && !inherited(c)) {
		pthread_mutex_lock(&table_lock);
		base = c->qfrs_base[qfrt];
		pthread_mutex_unlock(&table_lock);
	}
	if (size)
		*size = base ? c->qfrs_size[qfrt] : 0;
	return base;
}

int wdi_uacce_ctx_wait(handle_t h, int timeout_ms)
{
	struct wd_ctx_h *c;
	int ret;

	c = ctx_own(h, "wdi_uacce_ctx_wait", &ret);
	if (!c)
		return ret;
	ret = ctx_poll(c, timeout_ms < 0 ? -1 : timeout_ms);
	if (ret == 1)
		return 0;
	return ret ? ret : -WD_ETIMEDOUT;
}

int wdi_uacce_live_ctxs(void)
{
	int n;

	pthread_mutex_lock(&table_lock);
	n = live;
	pthread_mutex_unlock(&table_lock);
	return n;
}
