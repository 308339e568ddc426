/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce queue calls on a fake /dev: regular files (and a FIFO) stand in for
 * the char device, so open/mmap/poll work and the uacce ioctls fail. Checks
 * O_CLOEXEC, region sizes from sysfs, mmap offsets, handle validation (bad,
 * released, double release, inherited across fork), wait semantics, EBUSY
 * (uacce_open_hook.c) and the log lines the failures leave.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <uadk/wd.h>
#include "wd_uacce.h"
#include "test_util.h"

static char top[256], sysdir[300], devdir[300], logpath[300];
static long page;

static void write_file(const char *path, const char *val)
{
	assert_int_equal(td_write_file(path, val), 0);
}

static void attr(const char *name, const char *a, const char *val)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/%s/%s", sysdir, name, a);
	write_file(path, val);
}

/* sysfs entry plus a regular file of `pages` pages as its /dev node */
static void fake_dev(const char *name, const char *dus, int pages)
{
	char path[600];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", sysdir, name);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/device", sysdir, name);
	assert_int_equal(mkdir(path, 0755), 0);
	attr(name, "api", "vacc_v1\n");
	attr(name, "flags", "1\n");
	attr(name, "algorithms", "zlib\ndeflate\n");
	attr(name, "available_instances", "3\n");
	attr(name, "device/numa_node", "0\n");
	attr(name, "region_mmio_size", "4096\n");
	if (dus)
		attr(name, "region_dus_size", dus);
	if (pages < 0)
		return;
	snprintf(path, sizeof(path), "%s/%s", devdir, name);
	fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, pages * page), 0);
	close(fd);
}

/* The device called name, read through discovery (caller frees). */
static struct uacce_dev *get_dev(const char *name)
{
	struct uacce_dev_list *list = wd_get_accel_list("zlib"), *l;
	struct uacce_dev *d = NULL;

	for (l = list; l; l = l->next)
		if (!strcmp(strrchr(l->dev->dev_root, '/') + 1, name))
			d = wd_clone_dev(l->dev);
	wd_free_list_accels(list);
	assert_non_null(d);
	return d;
}

static handle_t open_q(const char *name)
{
	struct uacce_dev *d = get_dev(name);
	handle_t h = wd_request_ctx(d);

	free(d);
	assert_true(h != 0);
	return h;
}

/* Capture the library's stderr between cap_begin() and cap_end(). */
static int saved_err = -1;

static void cap_begin(void)
{
	int fd = open(logpath, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);

	assert_true(fd >= 0);
	fflush(stderr);
	saved_err = dup(2);
	assert_true(saved_err >= 0);
	assert_true(dup2(fd, 2) == 2);
	close(fd);
}

static const char *cap_end(void)
{
	static char buf[8192];
	FILE *f;
	size_t n;

	fflush(stderr);
	dup2(saved_err, 2);
	close(saved_err);
	f = fopen(logpath, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static int setup(void **state)
{
	(void)state;
	page = sysconf(_SC_PAGESIZE);
	snprintf(top, sizeof(top), "/tmp/wd-uacceq-XXXXXX");
	assert_non_null(mkdtemp(top));
	snprintf(sysdir, sizeof(sysdir), "%s/sys", top);
	snprintf(devdir, sizeof(devdir), "%s/dev", top);
	snprintf(logpath, sizeof(logpath), "%s/log", top);
	assert_int_equal(mkdir(sysdir, 0755), 0);
	assert_int_equal(mkdir(devdir, 0755), 0);
	setenv("WD_UACCE_SYSFS", sysdir, 1);
	setenv("WD_UACCE_DEVFS", devdir, 1);
	setenv("WD_NODE_SYSFS", "/nonexistent-node", 1);
	fake_dev("vacc-0", "16384\n", 5);	/* page 0 mmio, pages 1-4 dus */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(td_rm_tree(top), 0);
	assert_int_equal(wdi_uacce_live_ctxs(), 0);	/* every test released its queues */
	return 0;
}

static void test_request_release(void **state)
{
	int fd, marker = 0;
	handle_t h;

	(void)state;
	h = open_q("vacc-0");
	assert_true(wdi_uacce_ctx_valid(h));
	assert_int_equal(wdi_uacce_live_ctxs(), 1);
	fd = wdi_uacce_ctx_fd(h);
	assert_true(fd > 2);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	assert_string_equal(wd_ctx_get_api(h), "vacc_v1");
	assert_string_equal(wd_ctx_get_dev_name(h), "vacc-0");
	assert_int_equal(wd_get_numa_id(h), 0);
	assert_int_equal(wd_is_sva(h), 1);
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_MMIO), 4096);
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_DUS), 16384);
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_SS), 0);
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_MAX), 0);
	assert_string_equal(wdi_uacce_ctx_dev(h)->api, "vacc_v1");
	assert_null(wd_ctx_get_priv(h));
	assert_int_equal(wd_ctx_set_priv(h, &marker), 0);
	assert_ptr_equal(wd_ctx_get_priv(h), &marker);
	wd_release_ctx(h);
	assert_false(wdi_uacce_ctx_valid(h));
	assert_int_equal(wdi_uacce_live_ctxs(), 0);
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* the fd was closed */
	assert_int_equal(errno, EBADF);
}

/* An SVA-less device with the flags' unknown bits set. */
static void test_flags(void **state)
{
	handle_t h;

	(void)state;
	fake_dev("nosva-0", "16384\n", 5);
	attr("nosva-0", "flags", "6\n");
	attr("nosva-0", "device/numa_node", "3\n");
	h = open_q("nosva-0");
	assert_int_equal(wd_is_sva(h), 0);
	assert_int_equal(wd_get_numa_id(h), 3);
	wd_release_ctx(h);
}

/* [start, end) of the mapping that starts at addr, from /proc/self/maps. */
static size_t mapping_size(void *addr)
{
	unsigned long s, e;
	char line[512];
	size_t size = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && s == (unsigned long)addr)
			size = e - s;
	fclose(f);
	return size;
}

static void test_mmap(void **state)
{
	unsigned char *mmio, *dus, buf[4];
	size_t size;
	handle_t h;
	int fd;

	(void)state;
	h = open_q("vacc-0");
	fd = wdi_uacce_ctx_fd(h);
	mmio = wd_ctx_mmap_qfr(h, UACCE_QFRT_MMIO);
	dus = wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS);
	assert_non_null(mmio);
	assert_non_null(dus);
	/* sizes from the attributes, offsets qfrt * page, shared with the file */
	assert_int_equal(mapping_size(mmio), 4096);
	assert_int_equal(mapping_size(dus), 16384);
	memcpy(mmio, "MMIO", 4);
	memcpy(dus, "DUS0", 4);
	dus[16383] = 0x5a;
	assert_int_equal(pread(fd, buf, 4, 0), 4);
	assert_memory_equal(buf, "MMIO", 4);
	assert_int_equal(pread(fd, buf, 4, page), 4);
	assert_memory_equal(buf, "DUS0", 4);
	assert_int_equal(pread(fd, buf, 1, page + 16383), 1);
	assert_int_equal(buf[0], 0x5a);
	assert_ptr_equal(wdi_uacce_ctx_region(h, UACCE_QFRT_DUS, &size), dus);
	assert_int_equal(size, 16384);
	/* a region maps once, as the kernel allows */
	assert_null(wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS));
	assert_null(wd_ctx_mmap_qfr(h, UACCE_QFRT_SS));	/* no such region here */
	assert_null(wd_ctx_mmap_qfr(h, UACCE_QFRT_MAX));
	assert_null(wd_ctx_mmap_qfr(h, (enum uacce_qfrt)-1));
	assert_null(wd_ctx_mmap_qfr(h, (enum uacce_qfrt)99));
	wd_ctx_unmap_qfr(h, UACCE_QFRT_DUS);
	assert_int_equal(mapping_size(dus), 0);
	assert_null(wdi_uacce_ctx_region(h, UACCE_QFRT_DUS, &size));
	assert_int_equal(size, 0);
	wd_ctx_unmap_qfr(h, UACCE_QFRT_DUS);	/* twice: nothing */
	wd_ctx_unmap_qfr(h, (enum uacce_qfrt)99);
	dus = wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS);	/* again after unmap */
	assert_non_null(dus);
	assert_memory_equal(dus, "DUS0", 4);
	/* release unmaps what is still mapped */
	wd_release_ctx(h);
	assert_int_equal(mapping_size(mmio), 0);
	assert_int_equal(mapping_size(dus), 0);
}

/* A different size attribute, and a hidden one: the mapping follows sysfs. */
static void test_region_sizes(void **state)
{
	handle_t h;
	void *p;

	(void)state;
	fake_dev("small-0", "8192\n", 3);
	fake_dev("nodus-0", NULL, 3);
	h = open_q("small-0");
	p = wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS);
	assert_non_null(p);
	assert_int_equal(mapping_size(p), 8192);
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_DUS), 8192);
	wd_release_ctx(h);

	h = open_q("nodus-0");
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_DUS), 0);
	cap_begin();
	p = wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS);
	assert_non_null(strstr(cap_end(), "nodus-0 has no region 1"));
	assert_null(p);
	p = wd_ctx_mmap_qfr(h, UACCE_QFRT_MMIO);
	assert_non_null(p);
	assert_int_equal(mapping_size(p), 4096);
	wd_release_ctx(h);
}

static void test_ioctls_fail_on_a_file(void **state)
{
	const char *log;
	handle_t h;
	int ret;

	(void)state;
	h = open_q("vacc-0");
	cap_begin();
	ret = wd_ctx_start(h);
	log = cap_end();
	assert_int_equal(ret, -ENOTTY);
	assert_non_null(strstr(log, "error: cannot start the queue on vacc-0 (UACCE_CMD_START_Q)"));
	assert_non_null(strstr(log, strerror(ENOTTY)));
	cap_begin();
	ret = wd_release_ctx_force(h);
	log = cap_end();
	assert_int_equal(ret, -ENOTTY);
	assert_non_null(strstr(log, "cannot put the queue on vacc-0 (UACCE_CMD_PUT_Q)"));
	errno = 0;
	assert_int_equal(wd_ctx_set_io_cmd(h, UACCE_CMD_START, NULL), -ENOTTY);
	assert_int_equal(errno, ENOTTY);
	/* a command a regular file answers: FIONREAD counts the bytes left */
	{
		int avail = -1;

		assert_int_equal(wd_ctx_set_io_cmd(h, FIONREAD, &avail), 0);
		assert_int_equal(avail, 5 * page);
	}
	wd_release_ctx(h);
}

static void test_open_failures(void **state)
{
	struct uacce_dev *d;
	const char *log;
	handle_t h;

	(void)state;
	fake_dev("busy-0", "16384\n", -1);	/* its open() fails first: EBUSY */
	d = get_dev("busy-0");
	cap_begin();
	errno = 0;
	h = wd_request_ctx(d);
	log = cap_end();
	assert_true(h == 0);
	assert_int_equal(errno, EBUSY);
	assert_non_null(strstr(log, " info: no free queue on "));
	assert_non_null(strstr(log, "/dev/busy-0"));
	assert_null(strstr(log, "error"));
	free(d);

	fake_dev("gone-0", "16384\n", -1);	/* sysfs entry, no /dev node */
	d = get_dev("gone-0");
	cap_begin();
	errno = 0;
	h = wd_request_ctx(d);
	log = cap_end();
	assert_true(h == 0);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(log, "error: cannot open a queue on "));
	assert_non_null(strstr(log, strerror(ENOENT)));

	/* no device, or one without paths */
	assert_true(wd_request_ctx(NULL) == 0);
	d->char_dev_path[0] = '\0';
	assert_true(wd_request_ctx(d) == 0);
	free(d);
	d = calloc(1, sizeof(*d));
	assert_non_null(d);
	snprintf(d->char_dev_path, sizeof(d->char_dev_path), "%.200s/vacc-0", devdir);
	assert_true(wd_request_ctx(d) == 0);	/* dev_root empty, as UADK refuses */
	memset(d->dev_root, 'x', sizeof(d->dev_root));	/* not terminated */
	assert_true(wd_request_ctx(d) == 0);
	free(d);
	assert_int_equal(wdi_uacce_live_ctxs(), 0);
}

/* Every call on a handle that is not live fails cleanly, never dereferences. */
static void check_dead(handle_t h)
{
	assert_false(wdi_uacce_ctx_valid(h));
	assert_int_equal(wdi_uacce_ctx_fd(h), -WD_EINVAL);
	assert_null(wdi_uacce_ctx_dev(h));
	assert_null(wdi_uacce_ctx_region(h, UACCE_QFRT_MMIO, NULL));
	assert_int_equal(wdi_uacce_ctx_wait(h, 0), -WD_EINVAL);
	assert_int_equal(wd_ctx_start(h), -WD_EINVAL);
	assert_int_equal(wd_release_ctx_force(h), -WD_EINVAL);
	assert_int_equal(wd_ctx_set_io_cmd(h, UACCE_CMD_START, NULL), -WD_EINVAL);
	assert_int_equal(wd_ctx_set_priv(h, &h), -WD_EINVAL);
	assert_null(wd_ctx_get_priv(h));
	assert_null(wd_ctx_get_api(h));
	assert_null(wd_ctx_get_dev_name(h));
	assert_null(wd_ctx_mmap_qfr(h, UACCE_QFRT_MMIO));
	assert_int_equal(wd_ctx_get_region_size(h, UACCE_QFRT_MMIO), 0);
	assert_int_equal(wd_ctx_wait(h, 0), -WD_EINVAL);
	assert_int_equal(wd_is_sva(h), -WD_EINVAL);
	assert_int_equal(wd_get_numa_id(h), -WD_EINVAL);
	wd_ctx_unmap_qfr(h, UACCE_QFRT_MMIO);
	wd_release_ctx(h);
}

static void test_bad_handles(void **state)
{
	long junk[64] = { 0 };
	const char *log;
	handle_t h;

	(void)state;
	check_dead(0);
	check_dead((handle_t)junk);		/* readable memory that is no ctx */
	check_dead((handle_t)0xdeadbeef);	/* not even mapped */
	check_dead((handle_t)-1);
	h = open_q("vacc-0");
	wd_release_ctx(h);
	check_dead(h);				/* released: no use after free (ASan) */
	cap_begin();
	wd_release_ctx(h);			/* double release */
	log = cap_end();
	assert_non_null(strstr(log, "wd_release_ctx: invalid or already released ctx handle"));
	assert_int_equal(wdi_uacce_live_ctxs(), 0);
}

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_wait(void **state)
{
	struct itimerval it = { .it_interval = { 0, 5000 }, .it_value = { 0, 5000 } };
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	char path[600];
	long long t0;
	handle_t h;
	int w;

	(void)state;
	/* a regular file is always readable: ready at once */
	h = open_q("vacc-0");
	assert_int_equal(wd_ctx_wait(h, 1000), 1);
	assert_int_equal(wdi_uacce_ctx_wait(h, 0), 0);
	assert_int_equal(wdi_uacce_ctx_wait(h, -1), 0);
	wd_release_ctx(h);

	/* a FIFO with nothing in it never is: timeouts, then data */
	fake_dev("fifo-0", "16384\n", -1);
	snprintf(path, sizeof(path), "%s/fifo-0", devdir);
	assert_int_equal(mkfifo(path, 0600), 0);
	h = open_q("fifo-0");
	t0 = ms_now();
	assert_int_equal(wd_ctx_wait(h, 30), 0);
	assert_true(ms_now() - t0 >= 25);
	assert_int_equal(wd_ctx_wait(h, 0), 0);
	assert_int_equal(wdi_uacce_ctx_wait(h, 10), -WD_ETIMEDOUT);

	/* signals every 5 ms do not cut the wait short (EINTR is retried) */
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: poll() does see EINTR */
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	t0 = ms_now();
	assert_int_equal(wd_ctx_wait(h, 100), 0);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	sigaction(SIGALRM, &old, NULL);
	assert_true(ms_now() - t0 >= 95);
	assert_true(ms_now() - t0 < 5000);

	w = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	assert_true(w >= 0);
	assert_int_equal(write(w, "x", 1), 1);
	assert_int_equal(wd_ctx_wait(h, 1000), 1);
	assert_int_equal(wdi_uacce_ctx_wait(h, 1000), 0);
	close(w);
	wd_release_ctx(h);
}

static void test_fork(void **state)
{
	int status, marker = 7, fails = 0;
	handle_t h;
	pid_t pid;

	(void)state;
	h = open_q("vacc-0");
	assert_non_null(wd_ctx_mmap_qfr(h, UACCE_QFRT_MMIO));
	assert_int_equal(wd_ctx_set_priv(h, &marker), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		/* the child: the queue is the parent's; reading the ctx is fine */
		fails += wdi_uacce_ctx_valid(h);
		fails += wdi_uacce_ctx_fd(h) != -WD_EACCES;
		fails += wd_ctx_start(h) != -WD_EACCES;
		fails += wd_release_ctx_force(h) != -WD_EACCES;
		fails += wd_ctx_set_io_cmd(h, UACCE_CMD_START, NULL) != -WD_EACCES;
		fails += wd_ctx_wait(h, 0) != -WD_EACCES;
		fails += wdi_uacce_ctx_wait(h, 0) != -WD_EACCES;
		fails += wd_ctx_mmap_qfr(h, UACCE_QFRT_DUS) != NULL;
		fails += wdi_uacce_ctx_region(h, UACCE_QFRT_MMIO, NULL) != NULL;
		fails += wd_ctx_get_priv(h) != &marker;
		fails += strcmp(wd_ctx_get_api(h), "vacc_v1") != 0;
		wd_release_ctx(h);
		fails += wdi_uacce_live_ctxs() != 0;
		_exit(fails);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	/* the parent's handle and mapping are untouched */
	assert_true(wdi_uacce_ctx_valid(h));
	assert_non_null(wdi_uacce_ctx_region(h, UACCE_QFRT_MMIO, NULL));
	assert_int_equal(wd_ctx_wait(h, 0), 1);
	wd_release_ctx(h);
}

/*
 * Like the engine: a child handler, installed after libwd loaded, that
 * releases inherited ctxs in the fork child. libwd's own handlers must let
 * it take the handle table's lock (a deadlock here is killed by the alarm).
 */
static handle_t fork_handle;

static void child_releases(void)
{
	if (fork_handle) {
		alarm(10);
		wd_release_ctx(fork_handle);
		alarm(0);
	}
}

static void test_release_in_atfork_child(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	fork_handle = open_q("vacc-0");
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(wdi_uacce_live_ctxs() == 0 ? 0 : 3);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));	/* not killed by SIGALRM */
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(wdi_uacce_ctx_valid(fork_handle));
	wd_release_ctx(fork_handle);
	fork_handle = 0;
}

static struct uacce_dev *thread_dev;

static void *churn(void *arg)
{
	long bad = 0;
	int i;

	(void)arg;
	for (i = 0; i < 200; i++) {
		handle_t h = wd_request_ctx(thread_dev);

		if (!h || !wdi_uacce_ctx_valid(h) || wd_ctx_set_priv(h, &bad) ||
		    wd_ctx_get_priv(h) != &bad)
			bad++;
		wd_release_ctx(h);
	}
	return (void *)bad;
}

static void test_threads(void **state)
{
	pthread_t t[4];
	void *ret;
	int i;

	(void)state;
	thread_dev = get_dev("vacc-0");
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, NULL), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	free(thread_dev);
	assert_int_equal(wdi_uacce_live_ctxs(), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		T(test_request_release),
		T(test_flags),
		T(test_mmap),
		T(test_region_sizes),
		T(test_ioctls_fail_on_a_file),
		T(test_open_failures),
		T(test_bad_handles),
		T(test_wait),
		T(test_fork),
		T(test_release_in_atfork_child),
		T(test_threads),
	};

	const char *lvl = getenv("WD_LOG_LEVEL");

	/*
	 * Log lines are part of what is tested (cap_begin() catches them). The
	 * level is read once, possibly by a library constructor before main():
	 * start again with it in the environment.
	 */
	(void)argc;
	if (!lvl || strcmp(lvl, "info")) {
		setenv("WD_LOG_LEVEL", "info", 1);
		execv("/proc/self/exe", argv);
		perror("test_uacce_queue: re-exec");
		return 1;
	}
	pthread_atfork(NULL, NULL, child_releases);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
