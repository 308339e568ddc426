// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client - guest test client that drives /dev/vacc-N directly:
 * open / mmap / UACCE_CMD_START_Q and the vacc_abi.h rings, no WarpDrive
 * library. Results are cross-checked with user-space zlib.
 *
 * build: gcc -O2 -static -I kernel/vacc -o vacc_raw_client \
 *            tests/vm/guest/vacc_raw_client.c -lz
 *
 * usage: vacc_raw_client basic|hostile|fork|wake|exit|hold [noack]
 * Prints "ok - <check>" / "not ok - <check>: <why>"; exit 0 iff all pass.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "vacc_abi.h"

#define UACCE_CMD_START_Q	_IO('W', 0)
#define UACCE_CMD_PUT_Q		_IO('W', 1)
#define PAGE			4096UL
#define WAIT_MS			30000	/* TCG guests are slow */

static int n_fail, n_pass;
static char dev_name[64];		/* "vacc-N" */

static void ok(const char *name)
{
	printf("ok - %s\n", name);
	fflush(stdout);
	n_pass++;
}

static void notok(const char *name, const char *fmt, ...)
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

#define CHECK(cond, name, ...) \
	do { if (cond) ok(name); else notok(name, __VA_ARGS__); } while (0)

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* ---- sysfs ------------------------------------------------------------- */

static int sysfs_read(const char *attr, char *buf, size_t len)
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

static long sysfs_long(const char *attr)
{
	char buf[64];

	if (sysfs_read(attr, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 0);
}

/* The first uacce device whose api is ours (ids are global to uacce). */
static int find_dev(void)
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

struct vq {
	int fd;
	struct vacc_ctrl *ctrl;
	struct vacc_sqe *sqes;
	struct vacc_cqe *cqes;
	size_t dus_size;
	uint32_t sq_tail, cq_head;	/* our copies: we are their writer */
	unsigned int rings;		/* WAKE ioctls issued */
	uint64_t next_ud;
};

static int q_open_fd(void)
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

static int q_open(struct vq *q)
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

static void q_close(struct vq *q)
{
	if (q->fd < 0)
		return;
	munmap(q->ctrl, PAGE);
	munmap(q->sqes, q->dus_size);
	close(q->fd);
	q->fd = -1;
}

static uint32_t ld32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void st32(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Put an sqe on the ring without ringing the doorbell. */
static void q_push(struct vq *q, const struct vacc_sqe *sqe)
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
static void q_doorbell(struct vq *q)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ld32(&q->ctrl->flags) & VACC_CTRL_NEED_WAKEUP) {
		q->rings++;
		if (getenv("VACC_TRACE"))
			fprintf(stderr, "ring at sq_tail %u\n", q->sq_tail);
		ioctl(q->fd, VACC_IOCTL_WAKE);
	}
}

static void q_submit(struct vq *q, const struct vacc_sqe *sqe)
{
	q_push(q, sqe);
	q_doorbell(q);
}

/* Next completion if there is one now. */
static int q_peek(struct vq *q, struct vacc_cqe *out)
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
static int q_wait(struct vq *q, struct vacc_cqe *out, int ms, int use_poll)
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

static struct vacc_cqe q_run(struct vq *q, struct vacc_sqe *sqe)
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

static struct vacc_sqe mk(uint8_t op, uint8_t fmt, const void *src,
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

/* ---- data and zlib ----------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Text-like, compressible data. */
static void gen_data(unsigned char *p, size_t n)
{
	static const char *w[] = { "accelerator ", "queue ", "deflate ",
		"the ", "of ", "submission ", "completion ", "kernel ",
		"0x", "ring ", "\n", "page " };
	size_t i = 0;

	while (i < n) {
		const char *s = w[rnd() % 12];
		char num[24];

		if (rnd() % 5 == 0) {
			snprintf(num, sizeof(num), "%u ", (unsigned)rnd() % 100000);
			s = num;
		}
		while (*s && i < n)
			p[i++] = *s++;
	}
}

static int zwbits(int fmt, int wb)
{
	return fmt == VACC_FMT_RAW ? -wb : fmt == VACC_FMT_ZLIB ? wb : wb + 16;
}

/* User-space zlib compress; @hdr: gzip header with every optional field. */
static size_t zcompress(int fmt, const void *in, size_t n, void *out,
			size_t cap, int hdr)
{
	static unsigned char extra[] = "XYab";
	gz_header h;
	z_stream s;
	size_t r;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, 6, Z_DEFLATED, zwbits(fmt, 15), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	if (hdr && fmt == VACC_FMT_GZIP) {
		memset(&h, 0, sizeof(h));
		h.text = 1;
		h.extra = extra;
		h.extra_len = 4;
		h.name = (Bytef *)"name.txt";
		h.comment = (Bytef *)"a comment";
		h.hcrc = 1;
		h.os = 3;
		deflateSetHeader(&s, &h);
	}
	s.next_in = (void *)in;
	s.avail_in = n;
	s.next_out = out;
	s.avail_out = cap;
	r = deflate(&s, Z_FINISH) == Z_STREAM_END ? s.total_out : 0;
	deflateEnd(&s);
	return r;
}

/* User-space zlib decompress; returns bytes out or -1. */
static long zdecompress(int fmt, const void *in, size_t n, void *out,
			size_t cap)
{
	z_stream s;
	long r;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, zwbits(fmt, 15)) != Z_OK)
		return -1;
	s.next_in = (void *)in;
	s.avail_in = n;
	s.next_out = out;
	s.avail_out = cap;
	r = inflate(&s, Z_FINISH) == Z_STREAM_END ? (long)s.total_out : -1;
	inflateEnd(&s);
	return r;
}

static void *xalloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static const char *fmt_name[] = { "raw", "zlib", "gzip" };

/* ---- basic ------------------------------------------------------------- */

#define DLEN	(100 * 1024)

static unsigned char *data, *cbuf, *dbuf, *zbuf;
#define CAP	(512 * 1024)

static void test_sysfs(void)
{
	char buf[256];
	int lines = 0;

	CHECK(!sysfs_read("api", buf, sizeof(buf)) &&
	      !strcmp(buf, VACC_API_NAME "\n"), "sysfs api", "'%s'", buf);
	CHECK(sysfs_long("flags") == 0, "sysfs flags == 0", "%ld",
	      sysfs_long("flags"));
	if (!sysfs_read("algorithms", buf, sizeof(buf))) {
		lines += !!strstr(buf, "zlib\n");
		lines += !!strstr(buf, "gzip\n");
		lines += !!strstr(buf, "deflate\n");
		lines += !!strstr(buf, "memcpy\n");
	}
	CHECK(lines == 4, "sysfs algorithms", "'%s'", buf);
	CHECK(sysfs_long("region_mmio_size") == 4096, "sysfs region_mmio_size",
	      "%ld", sysfs_long("region_mmio_size"));
	CHECK(sysfs_long("region_dus_size") == 24576, "sysfs region_dus_size",
	      "%ld", sysfs_long("region_dus_size"));
}

static void test_ctrl(struct vq *q)
{
	struct vacc_ctrl *c = q->ctrl;

	CHECK(c->magic == VACC_CTRL_MAGIC && c->version == VACC_ABI_VERSION &&
	      c->sq_entries == VACC_SQ_ENTRIES &&
	      c->cq_entries == VACC_CQ_ENTRIES && c->sq_offset == 0 &&
	      c->cq_offset == VACC_SQ_ENTRIES * sizeof(struct vacc_sqe) &&
	      c->max_len == VACC_MAX_LEN && c->max_streams == VACC_MAX_STREAMS,
	      "ctrl page fields", "magic %x ver %u sq %u cq %u off %u/%u",
	      c->magic, c->version, c->sq_entries, c->cq_entries,
	      c->sq_offset, c->cq_offset);
}

static void test_nop_memcpy(struct vq *q)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vacc_cqe c = q_run(q, &s);
	unsigned char *big;

	CHECK(c.status == VACC_ST_OK && c.seq == q->cq_head, "nop",
	      "status %u seq %u", c.status, c.seq);

	memset(dbuf, 0, 4096);
	s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4096);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && c.produced == 4096 &&
	      c.consumed == 4096 && !memcmp(data, dbuf, 4096), "memcpy 4 KiB",
	      "status %u produced %u", c.status, c.produced);

	big = xalloc(1 << 20);
	memset(dbuf, 0, CAP);
	gen_data(big, 1 << 20);
	s = mk(VACC_OP_MEMCPY, 0, big, 300001, dbuf, CAP);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && c.produced == 300001 &&
	      !memcmp(big, dbuf, 300001) && dbuf[300001] == 0,
	      "memcpy 300001 bytes (bounce chunks)", "status %u produced %u",
	      c.status, c.produced);
	munmap(big, 1 << 20);

	s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4095);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OVERFLOW, "memcpy dst too small: OVERFLOW",
	      "status %u", c.status);
}

static void test_stateless(struct vq *q, int fmt)
{
	struct vacc_sqe s;
	struct vacc_cqe c;
	char name[128];
	long n;
	size_t zl;

	/* device compress, zlib decompress */
	s = mk(VACC_OP_COMPRESS, fmt, data, DLEN, cbuf, CAP);
	c = q_run(q, &s);
	n = c.status ? -1 : zdecompress(fmt, cbuf, c.produced, dbuf, CAP);
	snprintf(name, sizeof(name), "%s stateless compress, zlib inflates it",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END) &&
	      c.consumed == DLEN && n == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u produced %u inflate %ld", c.status, c.produced,
	      n);

	/* device decompress of its own output, trailing junk left over */
	zl = c.produced;
	memset(cbuf + zl, 0x5a, 100);
	s = mk(VACC_OP_DECOMPRESS, fmt, cbuf, zl + 100, dbuf, CAP);
	memset(dbuf, 0, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name),
		 "%s stateless decompress stops at stream end", fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END) &&
	      c.consumed == zl && c.produced == DLEN &&
	      !memcmp(dbuf, data, DLEN), name,
	      "status %u consumed %u/%zu produced %u", c.status, c.consumed,
	      zl, c.produced);

	/* zlib compress (gzip: with every optional header field) */
	zl = zcompress(fmt, data, DLEN, zbuf, CAP, 1);
	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, DLEN);
	memset(dbuf, 0, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s stateless decompress of zlib output%s",
		 fmt_name[fmt], fmt == VACC_FMT_GZIP ?
		 " (FEXTRA FNAME FCOMMENT FHCRC)" : "");
	CHECK(c.status == VACC_ST_OK && c.consumed == zl &&
	      c.produced == DLEN && !memcmp(dbuf, data, DLEN), name,
	      "status %u consumed %u/%zu produced %u", c.status, c.consumed,
	      zl, c.produced);

	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl - 5, dbuf, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s truncated input: TRUNCATED",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_TRUNCATED, name, "status %u", c.status);

	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, DLEN - 1);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s decompress dst 1 byte short: OVERFLOW",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OVERFLOW, name, "status %u", c.status);

	s = mk(VACC_OP_COMPRESS, fmt, data, DLEN, cbuf, 100);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s compress dst small: OVERFLOW",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OVERFLOW, name, "status %u", c.status);

	/* corrupt: flip a byte in the checksum trailer (raw: in the data) */
	zbuf[fmt == VACC_FMT_RAW ? zl / 2 : zl - (fmt == VACC_FMT_GZIP ? 6 : 2)] ^= 0x55;
	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, CAP);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s corrupt input: DATA_ERR",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_DATA_ERR ||
	      (fmt == VACC_FMT_RAW && c.status != VACC_ST_OK) ||
	      (fmt == VACC_FMT_RAW && memcmp(dbuf, data, DLEN)), name,
	      "status %u", c.status);
}

static void test_levels(struct vq *q)
{
	static const struct { int level, wb; } v[] = {
		{ 1, 0 }, { 9, 0 }, { 6, 9 }, { 3, 12 }
	};
	unsigned int i;
	int fmt, bad = 0;

	for (i = 0; i < 4; i++) {
		for (fmt = 0; fmt < VACC_FMT_MAX; fmt++) {
			struct vacc_sqe s = mk(VACC_OP_COMPRESS, fmt, data,
					       DLEN, cbuf, CAP);
			struct vacc_cqe c;
			long n;

			s.level = v[i].level;
			s.win_bits = v[i].wb;
			c = q_run(q, &s);
			n = c.status ? -1 :
				zdecompress(fmt, cbuf, c.produced, dbuf, CAP);
			if (n != DLEN || memcmp(dbuf, data, DLEN)) {
				notok("levels/win_bits", "level %d wb %d %s: "
				      "status %u", v[i].level, v[i].wb,
				      fmt_name[fmt], c.status);
				bad++;
			}
		}
	}
	if (!bad)
		ok("compress levels 1/9 and win_bits 9/12, all formats");
}

/* Stream compress: 7000-byte pieces into 3000-byte dst windows. */
static void test_stream_compress(struct vq *q, int fmt, int slot)
{
	size_t off = 0, olen = 0;
	int first = 1, end = 0, iter = 0;
	char name[96];
	struct vacc_cqe c;
	long n;

	while (!end && iter++ < 10000) {
		size_t piece = DLEN - off < 7000 ? DLEN - off : 7000;
		struct vacc_sqe s = mk(VACC_OP_COMPRESS, fmt, data + off,
				       piece, cbuf + olen, 3000);

		s.flags = VACC_SQE_STREAM | (first ? VACC_SQE_NEW : 0) |
			  (off + piece == DLEN ? VACC_SQE_FINISH : 0);
		s.stream = slot;
		c = q_run(q, &s);
		if (c.status != VACC_ST_OK)
			break;
		off += c.consumed;
		olen += c.produced;
		end = c.flags & VACC_CQE_END;
		first = 0;
	}
	n = end ? zdecompress(fmt, cbuf, olen, dbuf, CAP) : -1;
	snprintf(name, sizeof(name), "%s stream compress in pieces",
		 fmt_name[fmt]);
	CHECK(end && off == DLEN && n == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u end %d off %zu olen %zu inflate %ld", c.status,
	      end, off, olen, n);
}

/* Stream decompress in tiny-to-large pieces, junk after the stream. */
static void test_stream_decompress(struct vq *q, int fmt, int slot)
{
	static const size_t pieces[] = { 1, 2, 1, 3, 5, 1, 700, 4000, 13 };
	size_t zl, off = 0, olen = 0, total;
	int first = 1, end = 0, iter = 0, stall = 0;
	struct vacc_cqe c = { 0 };
	char name[96];

	zl = zcompress(fmt, data, DLEN, zbuf, CAP, 1);
	memset(zbuf + zl, 0xa5, 64);
	total = zl + 64;
	memset(dbuf, 0, DLEN);
	while (!end && iter < 100000 && stall < 3) {
		size_t piece = pieces[iter++ % 9];
		struct vacc_sqe s;

		if (piece > total - off)
			piece = total - off;
		s = mk(VACC_OP_DECOMPRESS, fmt, zbuf + off, piece,
		       dbuf + olen, DLEN - olen < 5000 ? DLEN - olen : 5000);
		s.flags = VACC_SQE_STREAM | (first ? VACC_SQE_NEW : 0);
		s.stream = slot;
		c = q_run(q, &s);
		if (c.status != VACC_ST_OK)
			break;
		stall = c.consumed || c.produced ? 0 : stall + 1;
		off += c.consumed;
		olen += c.produced;
		end = c.flags & VACC_CQE_END;
		first = 0;
	}
	snprintf(name, sizeof(name),
		 "%s stream decompress in 1..4000-byte pieces", fmt_name[fmt]);
	CHECK(end && off == zl && olen == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u end %d consumed %zu/%zu produced %zu",
	      c.status, end, off, zl, olen);
}

static void test_stream_misc(struct vq *q)
{
	struct vacc_sqe s = mk(VACC_OP_COMPRESS, VACC_FMT_ZLIB, data, 100,
			       cbuf, CAP);
	struct vacc_cqe c;

	s.flags = VACC_SQE_STREAM | VACC_SQE_NEW | VACC_SQE_FINISH |
		  VACC_SQE_RELEASE;
	s.stream = 3;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END),
	      "stream NEW+FINISH+RELEASE in one request", "status %u",
	      c.status);
	s.flags = VACC_SQE_STREAM | VACC_SQE_FINISH;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_BAD_STREAM, "released slot: BAD_STREAM",
	      "status %u", c.status);

	s.flags = VACC_SQE_STREAM | VACC_SQE_NEW;
	s.stream = 4;
	c = q_run(q, &s);
	s.opcode = VACC_OP_DECOMPRESS;
	s.flags = VACC_SQE_STREAM;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_BAD_STREAM,
	      "decompress on a compress slot: BAD_STREAM", "status %u",
	      c.status);
	s.flags = VACC_SQE_STREAM | VACC_SQE_RELEASE;
	s.opcode = VACC_OP_COMPRESS;
	c = q_run(q, &s);
}

static void test_poll(struct vq *q)
{
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vacc_cqe c;
	int r1, r2, ev;

	q_submit(q, &s);
	r1 = poll(&pfd, 1, WAIT_MS);
	ev = pfd.revents;
	q_wait(q, &c, WAIT_MS, 1);
	r2 = poll(&pfd, 1, 0);
	CHECK(r1 == 1 && (ev & POLLIN) && r2 == 0,
	      "poll: POLLIN with an unread cqe, none after reading",
	      "r1 %d r2 %d", r1, r2);
}

static void test_exhaust(void)
{
	long total = sysfs_long("available_instances");
	long before = total;
	int fds[VACC_SQ_ENTRIES], n = 0, err = 0;

	while (n < 64) {
		fds[n] = q_open_fd();
		if (fds[n] < 0) {
			err = errno;
			break;
		}
		n++;
	}
	CHECK(n == before && err == EBUSY &&
	      sysfs_long("available_instances") == 0,
	      "queue exhaustion: EBUSY, available_instances 0",
	      "opened %d of %ld, errno %d", n, before, err);
	while (n--)
		close(fds[n]);
	CHECK(sysfs_long("available_instances") == total,
	      "available_instances restored after close", "%ld",
	      sysfs_long("available_instances"));
}

static void test_put_q(void)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vq q;
	int r;

	if (q_open(&q)) {
		notok("PUT_Q", "open: %s", strerror(errno));
		return;
	}
	q_push(&q, &s);
	q_push(&q, &s);
	r = ioctl(q.fd, UACCE_CMD_PUT_Q);
	CHECK(r == 0 && (ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) &&
	      ld32(&q.ctrl->cq_tail) == 2,
	      "PUT_Q: DEAD published, queued work completed",
	      "r %d flags %x cq_tail %u", r, q.ctrl->flags, q.ctrl->cq_tail);
	r = ioctl(q.fd, UACCE_CMD_START_Q);
	CHECK(r < 0, "START_Q after PUT_Q refused", "r %d", r);
	q_close(&q);
}

static int cmd_basic(void)
{
	long avail = sysfs_long("available_instances");
	struct vq q;
	int fmt;

	test_sysfs();
	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	CHECK(sysfs_long("available_instances") == avail - 1,
	      "available_instances counts the open queue", "%ld -> %ld",
	      avail, sysfs_long("available_instances"));
	test_ctrl(&q);
	test_nop_memcpy(&q);
	for (fmt = 0; fmt < VACC_FMT_MAX; fmt++)
		test_stateless(&q, fmt);
	test_levels(&q);
	for (fmt = 0; fmt < VACC_FMT_MAX; fmt++) {
		test_stream_compress(&q, fmt, fmt);
		test_stream_decompress(&q, fmt, 8 + fmt);
	}
	test_stream_misc(&q);
	test_poll(&q);
	test_exhaust();
	test_put_q();
	q_close(&q);
	return 0;
}

/* ---- hostile ----------------------------------------------------------- */

static unsigned char *ro_page, *gone_page, *guard;	/* guard: rw + none */

static void setup_bad_pages(void)
{
	ro_page = xalloc(PAGE);
	mprotect(ro_page, PAGE, PROT_READ);
	gone_page = xalloc(PAGE);
	munmap(gone_page, PAGE);
	guard = xalloc(2 * PAGE);
	memset(guard, 1, PAGE);
	mprotect(guard + PAGE, PAGE, PROT_NONE);
}

static uint64_t bad_addr(unsigned int i)
{
	static const uint64_t k[] = {
		0, 1, 0xffffffff81000000ull, 0xffff888000000000ull,
		0x8000000000000000ull, 0x00007ffffffff000ull,
		0xfffffffffffff000ull,
	};

	if (i < 7)
		return k[i];
	return (uintptr_t)gone_page;
}

static int good_after(struct vq *q, const char *what)
{
	struct vacc_sqe s = mk(VACC_OP_MEMCPY, 0, data, 8192, dbuf, 8192);
	struct vacc_cqe c;
	char name[128];

	memset(dbuf, 0, 8192);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "good memcpy after %s", what);
	CHECK(c.status == VACC_ST_OK && !memcmp(dbuf, data, 8192), name,
	      "status %u", c.status);
	return c.status == VACC_ST_OK;
}

static void test_mmap_rules(void)
{
	int fd = q_open_fd(), e1, e2, e3, e4, e5;
	void *p;

	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PAGE);
	e1 = p == MAP_FAILED;
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e2 = p == MAP_FAILED;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	e3 = p == MAP_FAILED;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
	e4 = p == MAP_FAILED;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	e5 = p != MAP_FAILED &&
	     mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
	     MAP_FAILED && errno == EEXIST;
	CHECK(e1 && e2 && e3 && e4 && e5,
	      "mmap: bad offset, bad sizes, MAP_PRIVATE refused; once only",
	      "%d %d %d %d %d", e1, e2, e3, e4, e5);
	if (p != MAP_FAILED)
		munmap(p, PAGE);
	close(fd);
}

static void test_bad_addresses(struct vq *q)
{
	struct vacc_sqe s;
	struct vacc_cqe c;
	unsigned int i;
	int bad = 0;

	for (i = 0; i < 8; i++) {
		s = mk(VACC_OP_MEMCPY, 0, 0, 4096, dbuf, 4096);
		s.src = bad_addr(i);
		c = q_run(q, &s);
		if (c.status != VACC_ST_FAULT || c.fault_off != 0)
			bad++, notok("memcpy bad src", "addr %llx status %u "
				     "off %x", (unsigned long long)s.src,
				     c.status, c.fault_off);
		s = mk(VACC_OP_MEMCPY, 0, data, 4096, 0, 4096);
		s.dst = bad_addr(i);
		c = q_run(q, &s);
		if (c.status != VACC_ST_FAULT ||
		    c.fault_off != VACC_FAULT_DST)
			bad++, notok("memcpy bad dst", "addr %llx status %u "
				     "off %x", (unsigned long long)s.dst,
				     c.status, c.fault_off);
		s = mk(VACC_OP_COMPRESS, i % 3, 0, 4096, cbuf, CAP);
		s.src = bad_addr(i);
		c = q_run(q, &s);
		if (c.status != VACC_ST_FAULT)
			bad++, notok("compress bad src", "addr %llx status %u",
				     (unsigned long long)s.src, c.status);
		s = mk(VACC_OP_COMPRESS, i % 3, data, DLEN, 0, CAP);
		s.dst = bad_addr(i);
		c = q_run(q, &s);
		if (c.status != VACC_ST_FAULT || !(c.fault_off & VACC_FAULT_DST))
			bad++, notok("compress bad dst", "addr %llx status %u",
				     (unsigned long long)s.dst, c.status);
	}
	if (!bad)
		ok("bad src/dst addresses (0, 1, kernel, non-canonical, "
		   "unmapped): FAULT");

	s = mk(VACC_OP_MEMCPY, 0, data, 4096, ro_page, 4096);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_FAULT &&
	      c.fault_off == (0 | VACC_FAULT_DST) && ro_page[0] == 0,
	      "read-only dst page: FAULT, page untouched", "status %u off %x",
	      c.status, c.fault_off);

	s = mk(VACC_OP_MEMCPY, 0, guard, 2 * PAGE, dbuf, 2 * PAGE);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_FAULT && c.fault_off == PAGE,
	      "src faulting at its second page: fault_off 4096",
	      "status %u off %x", c.status, c.fault_off);

	s = mk(VACC_OP_MEMCPY, 0, data, 2 * PAGE, guard, 2 * PAGE);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_FAULT &&
	      (c.fault_off & ~VACC_FAULT_DST) == PAGE &&
	      (c.fault_off & VACC_FAULT_DST),
	      "dst faulting at its second page: fault_off DST|4096",
	      "status %u off %x", c.status, c.fault_off);

	/* compressed data from a read-only page is fine, into it is not */
	s = mk(VACC_OP_DECOMPRESS, VACC_FMT_RAW, ro_page, 16, ro_page, 4096);
	c = q_run(q, &s);
	CHECK(c.status != VACC_ST_OK, "decompress into a read-only page fails",
	      "status %u", c.status);
}

static void test_bad_fields(struct vq *q)
{
	struct { const char *what; struct vacc_sqe s; uint32_t want; } t[32];
	struct vacc_sqe base = mk(VACC_OP_MEMCPY, 0, data, 64, dbuf, 64);
	struct vacc_sqe cb = mk(VACC_OP_COMPRESS, 0, data, 64, cbuf, 4096);
	int n = 0, i, bad = 0;

#define T(w, expr, st) do { t[n].what = w; t[n].s = base; expr; \
		t[n].want = st; n++; } while (0)
	T("opcode 4", t[n].s.opcode = 4, VACC_ST_BAD_DESC);
	T("opcode 255", t[n].s.opcode = 255, VACC_ST_BAD_DESC);
	T("rsvd0", t[n].s.rsvd0 = 1, VACC_ST_BAD_DESC);
	T("rsvd1[0]", t[n].s.rsvd1[0] = 1, VACC_ST_BAD_DESC);
	T("rsvd1[2]", t[n].s.rsvd1[2] = 1ull << 63, VACC_ST_BAD_DESC);
	T("format 3", t[n].s.format = 3, VACC_ST_BAD_DESC);
	T("flags 0x10", t[n].s.flags = 0x10, VACC_ST_BAD_DESC);
	T("memcpy with STREAM", t[n].s.flags = VACC_SQE_STREAM,
	  VACC_ST_BAD_DESC);
	T("src_len > max", t[n].s.src_len = VACC_MAX_LEN + 1, VACC_ST_BAD_LEN);
	T("dst_len > max", t[n].s.dst_len = 0xffffffff, VACC_ST_BAD_LEN);
	base = cb;
	T("level 10", t[n].s.level = 10, VACC_ST_BAD_DESC);
	T("win_bits 8", t[n].s.win_bits = 8, VACC_ST_BAD_DESC);
	T("win_bits 16", t[n].s.win_bits = 16, VACC_ST_BAD_DESC);
	T("NEW without STREAM", t[n].s.flags = VACC_SQE_NEW, VACC_ST_BAD_DESC);
	T("FINISH without STREAM", t[n].s.flags = VACC_SQE_FINISH,
	  VACC_ST_BAD_DESC);
	T("stream 16", (t[n].s.flags = VACC_SQE_STREAM | VACC_SQE_NEW,
			t[n].s.stream = 16), VACC_ST_BAD_STREAM);
	T("stream 255", (t[n].s.flags = VACC_SQE_STREAM,
			 t[n].s.stream = 255), VACC_ST_BAD_STREAM);
	T("unused slot without NEW", (t[n].s.flags = VACC_SQE_STREAM,
				      t[n].s.stream = 15), VACC_ST_BAD_STREAM);
	T("RELEASE of an unused slot", (t[n].s.flags = VACC_SQE_STREAM |
		VACC_SQE_RELEASE, t[n].s.stream = 14), VACC_ST_BAD_STREAM);
	T("compress src_len > max", t[n].s.src_len = 0x80000000u,
	  VACC_ST_BAD_LEN);
#undef T
	for (i = 0; i < n; i++) {
		struct vacc_cqe c = q_run(q, &t[i].s);

		if (c.status != t[i].want) {
			notok("bad field", "%s: status %u want %u", t[i].what,
			      c.status, t[i].want);
			bad++;
		}
	}
	if (!bad)
		ok("bad fields: opcode/format/flags/reserved/level/win_bits/"
		   "stream/length rejected with the right status");
}

/* Thousands of random descriptors, each with at least one defect. */
static void test_random(struct vq *q)
{
	unsigned int i, total = 4000, errs = 0, okays = 0, got = 0;
	struct vacc_cqe c;

	for (i = 0; i < total; i++) {
		struct vacc_sqe s;
		unsigned int defect = rnd() % 6;

		memset(&s, 0, sizeof(s));
		s.opcode = 1 + rnd() % 3;
		s.format = rnd() % 3;
		s.level = rnd() % 10;
		s.win_bits = rnd() % 2 ? 0 : 9 + rnd() % 7;
		s.flags = rnd() % 4 ? 0 : VACC_SQE_STREAM |
			  (rnd() % 2 ? VACC_SQE_NEW : 0) |
			  (rnd() % 2 ? VACC_SQE_FINISH : 0);
		if (s.opcode == VACC_OP_MEMCPY)
			s.flags = 0;
		s.stream = rnd() % VACC_MAX_STREAMS;
		s.src = (uintptr_t)data;
		s.src_len = 1 + rnd() % DLEN;
		s.dst = (uintptr_t)cbuf;
		s.dst_len = 1 + rnd() % CAP;
		switch (defect) {
		case 0:
			s.src = bad_addr(rnd() % 8);
			break;
		case 1:
			s.opcode = 4 + rnd() % 252;
			break;
		case 2:
			s.rsvd1[rnd() % 3] = rnd() | 1;
			break;
		case 3:
			s.src_len = VACC_MAX_LEN + 1 + rnd() % 1000;
			break;
		case 4:
			s.flags |= 0x10 << (rnd() % 4);
			break;
		default:
			s.src = bad_addr(rnd() % 8);
			s.dst = bad_addr(rnd() % 8);
			s.rsvd0 = rnd() % 2;
			break;
		}
		s.user_data = i;
		/* ring full by our count: reap before reusing a slot */
		while (q->sq_tail - q->cq_head >= q->ctrl->sq_entries &&
		       !q_wait(q, &c, WAIT_MS, 1)) {
			got++;
			c.status == VACC_ST_OK ? okays++ : errs++;
		}
		q_submit(q, &s);
		while (q_peek(q, &c)) {
			got++;
			c.status == VACC_ST_OK ? okays++ : errs++;
		}
	}
	while (got < total && !q_wait(q, &c, WAIT_MS, 1)) {
		got++;
		c.status == VACC_ST_OK ? okays++ : errs++;
	}
	CHECK(got == total && okays == 0,
	      "4000 random defective descriptors: all complete with errors",
	      "got %u of %u, %u OK", got, total, okays);
}

/* sq_tail far beyond what was written: bounded work, recoverable. */
static void test_hostile_tail(struct vq *q)
{
	struct vacc_sqe s = mk(4, 0, 0, 0, 0, 0);	/* bad opcode */
	unsigned int i, got = 0, errs = 0;
	struct vacc_cqe c;
	uint64_t t0;

	for (i = 0; i < q->ctrl->sq_entries; i++)
		q->sqes[i] = s;
	/* claim 100000 pending */
	q->sq_tail += 100000;
	st32(&q->ctrl->sq_tail, q->sq_tail);
	ioctl(q->fd, VACC_IOCTL_WAKE);
	while (got < 1000 && !q_wait(q, &c, WAIT_MS, 1)) {
		got++;
		errs += c.status != VACC_ST_OK;
	}
	/* stop reading: the worker stalls on the full CQ */
	t0 = now_ms();
	while (ld32(&q->ctrl->cq_tail) - q->cq_head < q->ctrl->cq_entries &&
	       now_ms() - t0 < WAIT_MS)
		usleep(1000);
	usleep(20000);
	/* now sq_head is stable: take the tail back to it */
	q->sq_tail = ld32(&q->ctrl->sq_head);
	st32(&q->ctrl->sq_tail, q->sq_tail);
	while (!q_peek(q, &c) ? 0 : 1) {
		got++;
		errs += c.status != VACC_ST_OK;
	}
	usleep(20000);
	while (q_peek(q, &c)) {
		got++;
		errs += c.status != VACC_ST_OK;
	}
	CHECK(got >= 1000 + q->ctrl->cq_entries && errs == got &&
	      q->cq_head == q->sq_tail,
	      "hostile sq_tail (+100000): bounded, CQ never overrun, recoverable",
	      "got %u errs %u cq_head %u sq_tail %u", got, errs, q->cq_head,
	      q->sq_tail);
	good_after(q, "hostile sq_tail");
}

/* cq_head pushed ahead (CQ looks full) stalls only this queue. */
static void test_hostile_cq_head(struct vq *q)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vacc_cqe c;
	int early, late;

	st32(&q->ctrl->cq_head, q->cq_head + 1000);
	s.user_data = 77;
	q_submit(q, &s);
	usleep(100000);
	early = ld32(&q->ctrl->cq_tail) != q->cq_head;
	st32(&q->ctrl->cq_head, q->cq_head);
	late = !q_wait(q, &c, WAIT_MS, 1) && c.user_data == 77;
	CHECK(!early && late, "hostile cq_head stalls the queue, restoring it "
	      "resumes", "early %d late %d", early, late);
}

/* Garbage in every kernel-written ctrl field changes nothing. */
static void test_scribble_ctrl(struct vq *q)
{
	q->ctrl->sq_head = 0xdeadbeef;
	q->ctrl->cq_tail = 0x12345678;
	q->ctrl->flags = VACC_CTRL_NEED_WAKEUP;	/* DEAD would stop us */
	q->ctrl->wakeups = 7;
	q->ctrl->sq_entries = 3;
	q->ctrl->sq_entries = VACC_SQ_ENTRIES;	/* our own code reads it */
	good_after(q, "scribbling over kernel-written ctrl fields");
}

static int cmd_hostile(void)
{
	struct vq q;

	setup_bad_pages();
	test_mmap_rules();
	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	test_bad_addresses(&q);
	good_after(&q, "bad addresses");
	test_bad_fields(&q);
	test_random(&q);
	good_after(&q, "random descriptors");
	test_hostile_tail(&q);
	test_hostile_cq_head(&q);
	test_scribble_ctrl(&q);
	q_close(&q);
	return 0;
}

/* ---- fork -------------------------------------------------------------- */

static sigjmp_buf segv_jb;

static void on_fault(int sig)
{
	siglongjmp(segv_jb, sig);
}

/* Read *p; returns the signal it raised, 0 if none. */
static int touch(volatile uint32_t *p)
{
	struct sigaction sa, o1, o2;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, &o1);
	sigaction(SIGBUS, &sa, &o2);
	sig = sigsetjmp(segv_jb, 1);
	if (!sig)
		(void)*p;
	sigaction(SIGSEGV, &o1, NULL);
	sigaction(SIGBUS, &o2, NULL);
	return sig;
}

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

static int cmd_fork(void)
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

/* ---- wake -------------------------------------------------------------- */

static int wait_idle(struct vq *q, int ms)
{
	uint64_t t0 = now_ms();

	while (!(ld32(&q->ctrl->flags) & VACC_CTRL_NEED_WAKEUP)) {
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		usleep(1000);
	}
	return 0;
}

/* Keep 8 x 64 KiB memcpy in flight; a busy worker never asks for WAKE. */
static void hot_loop(struct vq *q, int mode, const char *how)
{
	struct vacc_sqe s = mk(VACC_OP_MEMCPY, 0, data, 65536, dbuf, 65536);
	unsigned int inflight = 0, done = 0, flagged = 0, w0, rings;
	const unsigned int total = 1500;
	struct vacc_cqe c;
	char name[128];

	rings = q->rings;
	w0 = ld32(&q->ctrl->wakeups);
	while (done < total) {
		while (inflight < 8) {
			q_push(q, &s);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (ld32(&q->ctrl->flags) & VACC_CTRL_NEED_WAKEUP) {
				/* the very first one may find it asleep */
				if (done)
					flagged++;
				q->rings++;
				ioctl(q->fd, VACC_IOCTL_WAKE);
			}
			inflight++;
		}
		if (q_wait(q, &c, WAIT_MS, mode))
			break;
		inflight--;
		done++;
	}
	/*
	 * Strictly, flagged must be 0. A guest vCPU descheduled by an
	 * overcommitted host looks exactly like an idle submitter to the
	 * worker, so a rare sleep (<= 0.5%) is tolerated and reported; the
	 * bugs this catches put the worker to sleep for 5% or more.
	 */
	snprintf(name, sizeof(name), "hot loop (%u x 64 KiB memcpy, %s): "
		 "NEED_WAKEUP stays clear (seen %u times)", total, how,
		 flagged);
	CHECK(done == total && flagged * 200 <= total, name,
	      "done %u, flag seen %u times, %u WAKEs, wakeups %u", done,
	      flagged, q->rings - rings, ld32(&q->ctrl->wakeups) - w0);
	while (inflight-- && !q_wait(q, &c, WAIT_MS, 1))
		;
}

static int cmd_wake(void)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	unsigned int w0, rings, i;
	struct vacc_cqe c;
	struct vq q;
	int r;

	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	q_run(&q, &s);
	CHECK(!wait_idle(&q, 5000), "worker sleeps (NEED_WAKEUP) when idle",
	      "flags %x", q.ctrl->flags);

	/* no doorbell: nothing happens */
	w0 = ld32(&q.ctrl->wakeups);
	s.user_data = 1000;
	q_push(&q, &s);
	usleep(200000);
	r = q_peek(&q, &c);
	CHECK(!r, "sleeping worker ignores sq_tail without the doorbell",
	      "completed");
	rings = q.rings;
	q_doorbell(&q);
	r = r ? 0 : q_wait(&q, &c, WAIT_MS, 1);
	CHECK(r == 0 && q.rings == rings + 1 &&
	      ld32(&q.ctrl->wakeups) == w0 + 1,
	      "one WAKE runs it; wakeups counted once",
	      "r %d rings %u wakeups %u->%u", r, q.rings - rings, w0,
	      ld32(&q.ctrl->wakeups));

	/* after idle exactly one ring per burst */
	wait_idle(&q, 5000);
	rings = q.rings;
	for (i = 0; i < 4; i++)
		q_submit(&q, &s);
	for (i = 0; i < 4; i++)
		q_wait(&q, &c, WAIT_MS, 1);
	CHECK(q.rings == rings + 1, "burst after idle: exactly one WAKE",
	      "%u WAKEs", q.rings - rings);

	/* hot loop: keep the worker busy, the flag must stay clear */
	hot_loop(&q, 2, "busy-polling submitter");
	hot_loop(&q, 0, "sched_yield submitter");
	q_close(&q);
	return 0;
}

/* ---- hold: a live client during rmmod ---------------------------------- */

static int cmd_hold(int ack)
{
	unsigned int submitted = 0, completed = 0, stopped = 0, other = 0;
	unsigned char *big = xalloc(1 << 20);
	struct vacc_sqe s;
	struct vacc_cqe c;
	uint64_t t0;
	struct vq q;
	int fd, r;

	if (q_open(&q)) {
		notok("hold: open queue", "%s", strerror(errno));
		return 1;
	}
	fd = open("/tmp/hold.ready", O_CREAT | O_WRONLY | O_APPEND, 0644);
	if (write(fd, "x", 1) != 1)
		perror("ready");
	close(fd);
	printf("hold%s: ready\n", ack ? "" : " noack");
	fflush(stdout);

	if (!ack) {
		/* sleep in poll() until DEAD wakes us, never ack */
		struct pollfd pfd = { .fd = q.fd, .events = POLLIN };

		r = poll(&pfd, 1, 120000);
		CHECK(r == 1 && (ld32(&q.ctrl->flags) & VACC_CTRL_DEAD),
		      "hold noack: poll() woken by DEAD", "r %d flags %x", r,
		      q.ctrl->flags);
		sleep(4);	/* unload gives up waiting after ~2 s */
		r = touch(&q.ctrl->flags);
		CHECK(r == SIGBUS || r == SIGSEGV,
		      "hold noack: regions unmapped after removal",
		      "signal %d", r);
		r = ioctl(q.fd, VACC_IOCTL_WAKE);
		CHECK(r < 0, "hold noack: ioctl after removal fails", "r %d",
		      r);
		close(q.fd);
		return 0;
	}

	t0 = now_ms();
	while (!(ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) &&
	       now_ms() - t0 < 600000) {
		while (submitted - completed < 32) {
			s = mk(VACC_OP_MEMCPY, 0, big, 1 << 20, big, 1 << 20);
			s.user_data = submitted++;
			q_submit(&q, &s);
		}
		r = q_wait(&q, &c, 1000, 1);
		if (r == 0) {
			completed++;
			stopped += c.status == VACC_ST_STOPPED;
			other += c.status != VACC_ST_STOPPED &&
				 c.status != VACC_ST_OK;
		}
	}
	/* DEAD: everything posted before it is visible */
	while (q_peek(&q, &c)) {
		completed++;
		stopped += c.status == VACC_ST_STOPPED;
		other += c.status != VACC_ST_STOPPED && c.status != VACC_ST_OK;
	}
	st32(&q.ctrl->dead_ack, 1);
	CHECK((ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) &&
	      completed == submitted && stopped > 0 && other == 0,
	      "hold: DEAD seen, every request completed (OK or STOPPED)",
	      "submitted %u completed %u stopped %u other %u", submitted,
	      completed, stopped, other);
	/* the regions are off limits now; the fd still answers */
	sleep(3);
	r = ioctl(q.fd, VACC_IOCTL_WAKE);
	CHECK(r < 0, "hold: ioctl after removal fails", "r %d", r);
	close(q.fd);
	return 0;
}

/* ---- main -------------------------------------------------------------- */

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "basic";
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (find_dev()) {
		printf("not ok - find device: no vacc device in /sys/class/uacce\n");
		return 1;
	}
	data = xalloc(CAP);
	cbuf = xalloc(CAP + PAGE);
	dbuf = xalloc(CAP);
	zbuf = xalloc(CAP + PAGE);
	gen_data(data, CAP);

	if (!strcmp(cmd, "basic"))
		r = cmd_basic();
	else if (!strcmp(cmd, "hostile"))
		r = cmd_hostile();
	else if (!strcmp(cmd, "fork"))
		r = cmd_fork();
	else if (!strcmp(cmd, "wake"))
		r = cmd_wake();
	else if (!strcmp(cmd, "hold"))
		r = cmd_hold(!(argc > 2 && !strcmp(argv[2], "noack")));
	else {
		fprintf(stderr, "usage: %s basic|hostile|fork|wake|hold [noack]\n",
			argv[0]);
		return 2;
	}
	printf("# %s: %d passed, %d failed\n", cmd, n_pass, n_fail);
	return r || n_fail ? 1 : 0;
}
