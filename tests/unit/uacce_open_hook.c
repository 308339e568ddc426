/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_uacce_queue: stands in for a uacce device with no free queue. The
 * test binary's open() interposes on libc's for libwd: a path whose last
 * component starts with "busy-" fails with EBUSY, as the kernel's open does
 * when the driver has no queue left; every other path goes to the real open.
 * Kept apart from the test, and unfortified, so <fcntl.h> declares a plain
 * open() that this file can define.
 */
#undef _FORTIFY_SOURCE
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>

static int busy(const char *path)
{
	const char *base = path ? strrchr(path, '/') : NULL;

	return base && !strncmp(base + 1, "busy-", 5);
}

static int forward(const char *sym, const char *path, int flags, mode_t mode)
{
	int (*real)(const char *, int, ...) = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);

	if (!real) {
		errno = ENOSYS;
		return -1;
	}
	return real(path, flags, mode);
}

static int needs_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (busy(path)) {
		errno = EBUSY;
		return -1;
	}
	return forward("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (needs_mode(flags)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (busy(path)) {
		errno = EBUSY;
		return -1;
	}
	return forward("open64", path, flags, mode);
}
