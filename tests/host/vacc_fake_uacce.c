/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake uacce device of vacc_fake_uacce.h. The test binary's open,
 * ioctl and close interpose on libc's for libwd (the executable's
 * definitions come first in symbol lookup). Kept unfortified, so
 * <fcntl.h> declares a plain open() this file can define.
 */
#undef _FORTIFY_SOURCE
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "uadk/uacce.h"
#include "vacc_fake_uacce.h"
#include "../../bench/callgrind_client.h"
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT do { } while (0)
#endif

#define PAGE	4096u

/*
 * mmap and munmap are called through the PLT by the sanitizer's own start
 * (before it can track anything): those interposers are not instrumented.
 */
#if defined(__SANITIZE_THREAD__)
#define FU_NOTSAN __attribute__((no_sanitize_thread))
#else
#define FU_NOTSAN
#endif

struct fq {
	int fd;				/* -1: closed */
	void *mem;			/* our mapping of the queue file */
	size_t size;
	struct fdev dev;
};

static pthread_mutex_t fu_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fu_cfg cfg;
static char root[256], devpath[300];
static struct fq *queues[FU_MAX_QUEUES];
static int nq;
static fdev_hook_fn hook;
static void *hook_arg;
static bool active;

static int put_attr(const char *dir, const char *name, const char *val)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(val, f);
	fputc('\n', f);
	return fclose(f) ? -1 : 0;
}

static size_t dus_size(void)
{
	size_t n = (size_t)cfg.entries * (sizeof(struct vacc_sqe) + sizeof(struct vacc_cqe));

	return (n + PAGE - 1) & ~(size_t)(PAGE - 1);
}

int fu_setup(const struct fu_cfg *c)
{
	char dir[400], num[32];

	cfg = *c;
	if (!cfg.entries)
		cfg.entries = VACC_SQ_ENTRIES;
	if (!cfg.instances)
		cfg.instances = 16;
	snprintf(root, sizeof(root), "%s/vacc-fu.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root))
		return -1;
	snprintf(dir, sizeof(dir), "%s/sys", root);
	mkdir(dir, 0700);
	snprintf(dir, sizeof(dir), "%s/dev", root);
	mkdir(dir, 0700);
	snprintf(devpath, sizeof(devpath), "%s/dev/vacc-0", root);
	snprintf(dir, sizeof(dir), "%s/sys/vacc-0", root);
	mkdir(dir, 0700);
	snprintf(num, sizeof(num), "%d", cfg.instances);
	if (put_attr(dir, "api", VACC_API_NAME) || put_attr(dir, "algorithms", cfg.algs) ||
	    put_attr(dir, "flags", "1") || put_attr(dir, "available_instances", num) ||
	    put_attr(dir, "region_mmio_size", "4096"))
		return -1;
	snprintf(num, sizeof(num), "%zu", dus_size());
	if (put_attr(dir, "region_dus_size", num))
		return -1;
	snprintf(dir, sizeof(dir), "%s/sys", root);
	setenv("WD_UACCE_SYSFS", dir, 1);
	snprintf(dir, sizeof(dir), "%s/dev", root);
	setenv("WD_UACCE_DEVFS", dir, 1);
	__atomic_store_n(&active, true, __ATOMIC_RELEASE);
	return 0;
}

static void *real_mmap(size_t len, int fd)
{
	void *(*real)(void *, size_t, int, int, int, off_t) =
		(void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");

	return real ? real(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;
}

static FU_NOTSAN int real_munmap(void *addr, size_t len)
{
	int (*real)(void *, size_t) = (int (*)(void *, size_t))dlsym(RTLD_NEXT, "munmap");

	return real ? real(addr, len) : -1;
}

void fu_teardown(void)
{
	char cmd[600];
	int i;

	pthread_mutex_lock(&fu_lock);
	for (i = 0; i < nq; i++) {
		fdev_stop(&queues[i]->dev);
		if (queues[i]->fd < 0) {
			fdev_free(&queues[i]->dev);
			real_munmap(queues[i]->mem, queues[i]->size);
			free(queues[i]);
		} else {
			queues[i]->dev.hook = NULL;	/* the library still has it */
		}
	}
	nq = 0;
	hook = NULL;
	__atomic_store_n(&active, false, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&fu_lock);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd))
		fprintf(stderr, "fu_teardown: could not remove %s\n", root);
	unsetenv("WD_UACCE_SYSFS");
	unsetenv("WD_UACCE_DEVFS");
}

struct fdev *fu_dev(int n)
{
	struct fdev *d;

	pthread_mutex_lock(&fu_lock);
	d = n >= 0 && n < nq ? &queues[n]->dev : NULL;
	pthread_mutex_unlock(&fu_lock);
	return d;
}

int fu_ndev(void)
{
	return nq;
}

void fu_set_hook(fdev_hook_fn h, void *arg)
{
	int i;

	pthread_mutex_lock(&fu_lock);
	hook = h;
	hook_arg = arg;
	for (i = 0; i < nq; i++) {
		queues[i]->dev.hook = h;
		queues[i]->dev.hook_arg = arg;
	}
	pthread_mutex_unlock(&fu_lock);
}

void fu_kill(int n)
{
	struct fdev *d = fu_dev(n);

	if (!d)
		return;
	fdev_stop(d);
	fdev_kill(d);
}

/* A new queue on a fresh memfd; its fd, or -1. */
static int queue_new(void)
{
	struct fq *q = calloc(1, sizeof(*q));
	int fd = -1;

	if (!q || nq == FU_MAX_QUEUES)
		goto fail;
	fd = memfd_create("vacc-fu-queue", MFD_CLOEXEC);
	q->size = PAGE + dus_size();
	if (fd < 0 || ftruncate(fd, (off_t)q->size))
		goto fail;
	q->mem = real_mmap(q->size, fd);	/* not our mmap: fu_lock is held */
	if (q->mem == MAP_FAILED)
		goto fail;
	fdev_init_mem(&q->dev, q->mem, (char *)q->mem + PAGE, dus_size(), cfg.entries, 0);
	q->dev.ctrl->max_sessions = cfg.max_sessions;
	if (cfg.max_len)
		q->dev.ctrl->max_len = cfg.max_len;
	q->dev.hook = hook;
	q->dev.hook_arg = hook_arg;
	q->fd = fd;
	queues[nq++] = q;
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	free(q);
	errno = ENOMEM;
	return -1;
}

static struct fq *queue_of(int fd)
{
	int i;

	for (i = 0; i < nq; i++)
		if (queues[i]->fd == fd)
			return queues[i];
	return NULL;
}

static int real_open(const char *sym, const char *path, int flags, mode_t mode)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);

	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(path, flags, mode);
}

static int fu_open(const char *sym, const char *path, int flags, va_list ap)
{
	mode_t mode = 0;
	int fd;

	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		mode = va_arg(ap, mode_t);
	if (!__atomic_load_n(&active, __ATOMIC_ACQUIRE) || !path || strcmp(path, devpath))
		return real_open(sym, path, flags, mode);
	pthread_mutex_lock(&fu_lock);
	fd = queue_new();
	pthread_mutex_unlock(&fu_lock);
	return fd;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = fu_open("open", path, flags, ap);
	va_end(ap);
	return fd;
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = fu_open("open64", path, flags, ap);
	va_end(ap);
	return fd;
}

/* Inline mode: run the queue to empty on this thread. */
static void run_inline(struct fdev *d)
{
	while (fdev_step(d))
		;
}

static int fu_ioctl(int fd, unsigned long req, void *arg)
{
	int (*real)(int, unsigned long, ...);
	struct fq *q = NULL;

	if (__atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&fu_lock);
		q = queue_of(fd);
		pthread_mutex_unlock(&fu_lock);
	}
	if (!q) {
		real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
		return real ? real(fd, req, arg) : -1;
	}
	if (req == UACCE_CMD_START) {
		if (cfg.inline_mode)
			q->dev.ctrl->flags |= VACC_CTRL_NEED_WAKEUP;
		else if (!cfg.manual && fdev_start(&q->dev, 1000))
			return -1;
		return 0;
	}
	if (req == UACCE_CMD_PUT_Q)
		return 0;
	if (req == VACC_IOCTL_WAKE) {
		if (cfg.inline_mode)
			run_inline(&q->dev);
		else if (!cfg.manual)
			fdev_doorbell(&q->dev);
		return 0;
	}
	errno = ENOTTY;
	return -1;
}

int ioctl(int fd, unsigned long req, ...)
{
	/* a doorbell is a system call: under callgrind, none of it is the library's */
	bool wake = req == VACC_IOCTL_WAKE && cfg.inline_mode;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (wake)
		CALLGRIND_TOGGLE_COLLECT;
	ret = fu_ioctl(fd, req, arg);
	if (wake)
		CALLGRIND_TOGGLE_COLLECT;
	return ret;
}

/*
 * mmap of a queue's file hands out our own mapping (at the offset asked
 * for), and munmap leaves it alone: the library and the fake worker then
 * use the same addresses, so ThreadSanitizer sees the ring's
 * release/acquire pairs (two mappings of one page look unrelated to it).
 */
static FU_NOTSAN void *fu_mmap(const char *sym, void *addr, size_t len, int prot, int flags, int fd,
		     off_t off)
{
	void *(*real)(void *, size_t, int, int, int, off_t);
	struct fq *q = NULL;

	/* before fu_setup (library constructors, the sanitizer's start): not ours */
	if (fd >= 0 && __atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&fu_lock);
		q = queue_of(fd);
		pthread_mutex_unlock(&fu_lock);
	}
	if (q) {
		if (off < 0 || (size_t)off > q->size || len > q->size - (size_t)off) {
			errno = EINVAL;
			return MAP_FAILED;
		}
		return (char *)q->mem + off;
	}
	real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, sym);
	if (!real) {
		errno = ENOSYS;
		return MAP_FAILED;
	}
	return real(addr, len, prot, flags, fd, off);
}

FU_NOTSAN void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return fu_mmap("mmap", addr, len, prot, flags, fd, off);
}

FU_NOTSAN void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return fu_mmap("mmap64", addr, len, prot, flags, fd, off);
}

FU_NOTSAN int munmap(void *addr, size_t len)
{
	int i;

	if (__atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&fu_lock);
		for (i = 0; i < nq; i++) {
			if ((char *)addr >= (char *)queues[i]->mem &&
			    (char *)addr < (char *)queues[i]->mem + queues[i]->size) {
				pthread_mutex_unlock(&fu_lock);
				return 0;	/* ours: unmapped at fu_teardown */
			}
		}
		pthread_mutex_unlock(&fu_lock);
	}
	return real_munmap(addr, len);
}

int close(int fd)
{
	int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
	struct fq *q = NULL;

	if (__atomic_load_n(&active, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&fu_lock);
		q = queue_of(fd);
		if (q)
			q->fd = -1;	/* kept for the test to look at until fu_teardown */
		pthread_mutex_unlock(&fu_lock);
	}
	if (q)
		fdev_stop(&q->dev);
	return real ? real(fd) : -1;
}
