// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client hostile: what a misbehaving client can do to its queue:
 * bad mmaps, bad addresses and descriptor fields, random garbage, ring
 * indices out of range, scribbled ctrl fields. Each completes with an
 * error (or stalls only this queue) and the queue works afterwards.
 */
#include "raw.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
	T("opcode VACC_OP_MAX", t[n].s.opcode = VACC_OP_MAX, VACC_ST_BAD_DESC);
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
		unsigned int defect = rnd() % 7;

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
			s.opcode = VACC_OP_MAX + rnd() % (256 - VACC_OP_MAX);
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
		case 6:
			/*
			 * a crypto opcode with random class fields on a queue
			 * that never keys a slot: requests find no session, and
			 * a SETUP carries flags, which SETUP never takes
			 */
			s.opcode = VACC_OP_CRYPTO_SETUP + rnd() % 4;
			s.alg = rnd();
			s.sess = rnd() % 2 ? rnd() % VACC_MAX_SESSIONS : rnd();
			s.iv_len = rnd();
			s.tag_len = rnd();
			s.stage = rnd() % 5;
			s.flags = rnd() % 4;
			if (s.opcode == VACC_OP_CRYPTO_SETUP)
				s.flags |= VACC_CSQE_DECRYPT;
			s.rsvd1[0] = rnd() % 2 ? (uintptr_t)data : bad_addr(rnd() % 8);
			s.rsvd1[1] = rnd() % 2 ? rnd() % 64 : rnd();
			s.rsvd1[2] = rnd() % 2 ? (uintptr_t)dbuf : bad_addr(rnd() % 8);
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
	struct vacc_sqe s = mk(VACC_OP_MAX, 0, 0, 0, 0, 0);	/* bad opcode */
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
	int early, late, looked;

	st32(&q->ctrl->cq_head, q->cq_head + 1000);
	s.user_data = 77;
	q_submit(q, &s);
	/* three passes later the worker has seen the entry (and refused it) */
	looked = !wait_passes(q, ld32(&q->ctrl->passes), 3, WAIT_MS);
	early = ld32(&q->ctrl->cq_tail) != q->cq_head ||
		ld32(&q->ctrl->sq_head) != q->sq_tail - 1;
	st32(&q->ctrl->cq_head, q->cq_head);
	late = !q_wait(q, &c, WAIT_MS, 1) && c.user_data == 77;
	CHECK(looked && !early && late, "hostile cq_head stalls the queue, restoring it "
	      "resumes", "worker looked %d, ran early %d, late %d", looked, early, late);
}

/* Garbage in every kernel-written ctrl field changes nothing. */
static void test_scribble_ctrl(struct vq *q)
{
	q->ctrl->sq_head = 0xdeadbeef;
	q->ctrl->cq_tail = 0x12345678;
	q->ctrl->flags = VACC_CTRL_NEED_WAKEUP;	/* DEAD would stop us */
	q->ctrl->wakeups = 7;
	q->ctrl->sleeps = 0xffffffff;
	q->ctrl->waits = 5;
	q->ctrl->passes = 0x80000000u;
	q->ctrl->sq_entries = 3;
	q->ctrl->sq_entries = VACC_SQ_ENTRIES;	/* our own code reads it */
	good_after(q, "scribbling over kernel-written ctrl fields");
}

int cmd_hostile(void)
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
