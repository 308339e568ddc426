// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client: the check/report helpers, the sysfs attributes of the
 * device under test, and a queue driven through /dev/vacc-N: open, mmap,
 * UACCE_CMD_START_Q, then submit / reap / wait on the vacc_abi.h rings.
 */
#include "raw.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int n_fail, n_pass;
char dev_name[64];		/* "vacc-N" */

void ok(const char *name)
{
	printf("ok - %s\n", name);
	fflush(stdout);
	n_pass++;
}

void notok(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("not ok - %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	n_fail++;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* ---- sysfs ------------------------------------------------------------- */

int sysfs_read(const char *attr, char *buf, size_t len)
{
	char path[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/uacce/%s/%s", dev_name, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return 0;
}

long sysfs_long(const char *attr)
{
	char buf[64];

	if (sysfs_read(attr, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 0);
}

/* The first uacce device whose api is ours (ids are global to uacce). */
int find_dev(void)
{
	struct dirent *de;
	char best[64] = "";
	char api[64];
	DIR *d;

	d = opendir("/sys/class/uacce");
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "vacc-", 5))
			continue;
		if (strlen(de->d_name) >= sizeof(best))
			continue;
		memcpy(dev_name, de->d_name, strlen(de->d_name) + 1);
		if (sysfs_read("api", api, sizeof(api)) ||
		    strcmp(api, VACC_API_NAME "\n"))
			continue;
		if (!best[0] || atoi(de->d_name + 5) < atoi(best + 5))
			memcpy(best, dev_name, sizeof(best));
	}
	closedir(d);
	if (!best[0])
		return -1;
	memcpy(dev_name, best, sizeof(best));
	return 0;
}

/* ---- queue ------------------------------------------------------------- */

int q_open_fd(void)
{
	char path[96];

	snprintf(path, sizeof(path), "/dev/%s", dev_name);
	return open(path, O_RDWR | O_CLOEXEC);
}

static int q_map(struct vq *q)
{
	void *p;

	q->dus_size = sysfs_long("region_dus_size");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd, 0);
	if (p == MAP_FAILED)
		return -1;
	q->ctrl = p;
	p = mmap(NULL, q->dus_size, PROT_READ | PROT_WRITE, MAP_SHARED, q->fd,
		 PAGE * 1);
	if (p == MAP_FAILED)
		return -1;
	q->sqes = p;
	q->cqes = (void *)((char *)p + q->ctrl->cq_offset);
	return 0;
}

int q_open(struct vq *q)
{
	memset(q, 0, sizeof(*q));
	q->fd = q_open_fd();
	if (q->fd < 0)
		return -1;
	if (q_map(q) || ioctl(q->fd, UACCE_CMD_START_Q) ||
	    q->ctrl->magic != VACC_CTRL_MAGIC) {
		close(q->fd);
		q->fd = -1;
		return -1;
	}
	return 0;
}

void q_close(struct vq *q)
{
	if (q->fd < 0)
		return;
	munmap(q->ctrl, PAGE);
	munmap(q->sqes, q->dus_size);
	close(q->fd);
	q->fd = -1;
}

/* Put an sqe on the ring without ringing the doorbell. */
void q_push(struct vq *q, const struct vacc_sqe *sqe)
{
	uint64_t t0 = now_ms();

	/* a slot is free once its completion was read */
	while (q->sq_tail - q->cq_head >= q->ctrl->sq_entries &&
	       now_ms() - t0 < WAIT_MS)
		sched_yield();
	q->sqes[q->sq_tail & (q->ctrl->sq_entries - 1)] = *sqe;
	q->sq_tail++;
	st32(&q->ctrl->sq_tail, q->sq_tail);
}

/* Ring if the worker sleeps (SQPOLL protocol). */
void q_doorbell(struct vq *q)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ld32(&q->ctrl->flags) & VACC_CTRL_NEED_WAKEUP) {
		q->rings++;
		if (getenv("VACC_TRACE"))
			fprintf(stderr, "ring at sq_tail %u\n", q->sq_tail);
		ioctl(q->fd, VACC_IOCTL_WAKE);
	}
}

void q_submit(struct vq *q, const struct vacc_sqe *sqe)
{
	q_push(q, sqe);
	q_doorbell(q);
}

/* Next completion if there is one now. */
int q_peek(struct vq *q, struct vacc_cqe *out)
{
	struct vacc_cqe *c = &q->cqes[q->cq_head & (q->ctrl->cq_entries - 1)];

	if (ld32(&c->seq) != q->cq_head + 1)
		return 0;
	*out = *c;
	q->cq_head++;
	st32(&q->ctrl->cq_head, q->cq_head);
	return 1;
}

/* Wait for the next completion: @use_poll 1 sleeps in poll(), 0 yields, 2 spins. */
int q_wait(struct vq *q, struct vacc_cqe *out, int ms, int use_poll)
{
	uint64_t t0 = now_ms();
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };

	for (;;) {
		if (q_peek(q, out))
			return 0;
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		if (ld32(&q->ctrl->flags) & VACC_CTRL_DEAD) {
			if (q_peek(q, out))
				return 0;
			return -2;
		}
		if (use_poll == 1)
			poll(&pfd, 1, 50);
		else if (use_poll == 0)
			sched_yield();
		else
			__builtin_ia32_pause();	/* busy poll, no syscall */
	}
}

struct vacc_cqe q_run(struct vq *q, struct vacc_sqe *sqe)
{
	struct vacc_cqe c;

	sqe->user_data = ++q->next_ud;
	q_submit(q, sqe);
	if (q_wait(q, &c, WAIT_MS, 1)) {
		memset(&c, 0, sizeof(c));
		c.status = 0xdead;
	} else if (c.user_data != sqe->user_data) {
		c.status = 0xbad;
	}
	return c;
}

/*
 * Wait until the worker has begun @n loop passes after the one counted in
 * @since (ctrl->passes read earlier): it has looked at the queue again
 * since. -1 after @ms (a hang guard).
 */
int wait_passes(const struct vq *q, uint32_t since, uint32_t n, int ms)
{
	uint64_t t0 = now_ms();

	while (ld32(&q->ctrl->passes) - since < n) {
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		usleep(1000);
	}
	return 0;
}

/*
 * Wait until the device under test has left sysfs. uacce_remove() unmaps
 * every queue's regions before it deletes the device, so from then on our
 * mappings are gone. -1 after @ms (a hang guard).
 */
int wait_dev_gone(int ms)
{
	uint64_t t0 = now_ms();
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/uacce/%s", dev_name);
	while (access(path, F_OK) == 0) {
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		usleep(10000);
	}
	return 0;
}

struct vacc_sqe mk(uint8_t op, uint8_t fmt, const void *src,
		   uint32_t slen, void *dst, uint32_t dlen)
{
	struct vacc_sqe s;

	memset(&s, 0, sizeof(s));
	s.opcode = op;
	s.format = fmt;
	s.src = (uintptr_t)src;
	s.src_len = slen;
	s.dst = (uintptr_t)dst;
	s.dst_len = dlen;
	return s;
}

