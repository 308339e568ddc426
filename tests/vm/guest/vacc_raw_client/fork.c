// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client fork: a forked child cannot use or stop its parent's
 * queue (inherited fds are refused, the rings are not inherited) but can
 * open its own; a client that exits or is killed with work in flight
 * gives its queue back.
 */
#include "raw.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static int fork_child(struct vq *q1, int fd2)
{
	struct vacc_sqe s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4096);
	struct vacc_cqe c;
	struct vq q3;
	void *p;
	int r, e;

	n_fail = n_pass = 0;
	r = ioctl(q1->fd, VACC_IOCTL_WAKE);
	e = errno;
	CHECK(r == -1 && e == EPERM, "fork child: WAKE on inherited fd: EPERM",
	      "r %d errno %d", r, e);
	r = ioctl(fd2, UACCE_CMD_START_Q);
	e = errno;
	CHECK(r == -1 && e == EPERM,
	      "fork child: START_Q on inherited fd: EPERM", "r %d errno %d",
	      r, e);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	e = errno;
	CHECK(p == MAP_FAILED && e == EPERM,
	      "fork child: mmap of inherited fd: EPERM", "errno %d", e);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, q1->fd, 0);
	CHECK(p == MAP_FAILED, "fork child: mmap of parent's mapped queue fails",
	      "mapped");
	/* the parent checks its queue survived this */
	ioctl(q1->fd, UACCE_CMD_PUT_Q);
	r = touch(&q1->ctrl->sq_tail);
	CHECK(r == SIGSEGV, "fork child: parent's rings are not inherited",
	      "signal %d", r);
	if (q_open(&q3)) {
		notok("fork child: own queue", "%s", strerror(errno));
		return 1;
	}
	memset(dbuf, 0, 4096);
	c = q_run(&q3, &s);
	CHECK(c.status == VACC_ST_OK && !memcmp(dbuf, data, 4096),
	      "fork child: memcpy on its own queue", "status %u", c.status);
	q_close(&q3);
	return n_fail ? 1 : 0;
}

/* Submit work and die without cleaning up (exit or SIGKILL). */
static void busy_child(int kill_self)
{
	struct vacc_sqe s;
	unsigned char *big = xalloc(1 << 20);
	struct vq q;
	int i;

	if (q_open(&q))
		_exit(3);
	for (i = 0; i < 64; i++) {
		s = mk(VACC_OP_COMPRESS, VACC_FMT_GZIP, big, 1 << 20, big,
		       1 << 20);
		q_submit(&q, &s);
	}
	usleep(1000);
	if (kill_self)
		kill(getpid(), SIGKILL);
	_exit(0);
}

static int wait_instances(long want, int ms)
{
	uint64_t t0 = now_ms();

	while (sysfs_long("available_instances") != want) {
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		usleep(10000);
	}
	return 0;
}

int cmd_fork(void)
{
	long avail = sysfs_long("available_instances");
	struct vacc_sqe s;
	struct vacc_cqe c;
	struct vq q1;
	int fd2, st, k;
	pid_t pid;

	if (q_open(&q1)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	fd2 = q_open_fd();
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fork_child(&q1, fd2));
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork child checks",
	      "status %x", st);
	s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4096);
	c = q_run(&q1, &s);
	CHECK(c.status == VACC_ST_OK &&
	      !(ld32(&q1.ctrl->flags) & VACC_CTRL_DEAD),
	      "parent queue works after the child (its PUT_Q was ignored)",
	      "status %u flags %x", c.status, q1.ctrl->flags);
	close(fd2);
	q_close(&q1);

	for (k = 0; k < 2; k++) {
		pid = fork();
		if (pid == 0)
			busy_child(k);
		waitpid(pid, &st, 0);
		CHECK(!wait_instances(avail, 20000),
		      k ? "SIGKILL with work in flight: queue released" :
			  "exit with work in flight: queue released",
		      "available_instances %ld, want %ld",
		      sysfs_long("available_instances"), avail);
	}
	return 0;
}
