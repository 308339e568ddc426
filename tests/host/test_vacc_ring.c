/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc ring protocol (src/drivers/vacc/vacc_ring.c) against a device
 * thread playing the kernel worker on ordinary memory (vacc_fake_dev.c):
 * index wrap-around, full rings, stale completions, sleep/wake, DEAD, and
 * corrupt ctrl pages. `--callgrind N` runs N single-threaded requests for
 * callgrind_vacc.sh (instructions of submit+reap per request).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include "uadk/wd.h"
#include "vacc_ring.h"
#include "vacc_fake_dev.h"

#define ENTRIES 256u
#define NEAR_WRAP (UINT32_MAX - 100u)

static int ring_on(struct vacc_ring *r, struct fdev *d)
{
	return vacc_ring_init(r, d->ctrl, 4096, d->dus, d->dus_size, fdev_doorbell, d);
}

static struct vacc_sqe nop(__u64 ud)
{
	struct vacc_sqe s;

	memset(&s, 0, sizeof(s));
	s.opcode = VACC_OP_NOP;
	s.user_data = ud;
	return s;
}

static struct vacc_sqe copy_sqe(__u64 ud, const void *src, void *dst, __u32 len)
{
	struct vacc_sqe s = nop(ud);

	s.opcode = VACC_OP_MEMCPY;
	s.src = (uintptr_t)src;
	s.dst = (uintptr_t)dst;
	s.src_len = s.dst_len = len;
	return s;
}

/* Reap one completion, spinning (bounded) while the device works. */
static int reap_wait(struct vacc_ring *r, struct vacc_cqe *c)
{
	long i;
	int ret = -WD_EAGAIN;

	for (i = 0; i < 200000000L && ret == -WD_EAGAIN; i++) {
		ret = vacc_ring_reap(r, c);
		if (ret == -WD_EAGAIN && (i & 1023) == 1023)
			sched_yield();
	}
	return ret;
}

static void wait_asleep(struct fdev *d)
{
	int i;

	for (i = 0; i < 10000 && !__atomic_load_n(&d->asleep, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	assert_int_equal(__atomic_load_n(&d->asleep, __ATOMIC_ACQUIRE), 1);
}

/* Many requests, indices wrapping past UINT32_MAX, up to 200 in flight. */
static void test_wrap_many(void **state)
{
	static __u8 src[256][512], dst[256][512];
	__u64 next_sub = 0, next_done = 0, total = 100000;
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	int i;

	(void)state;
	for (i = 0; i < 256; i++)
		memset(src[i], i + 1, sizeof(src[i]));
	assert_int_equal(fdev_init(&d, ENTRIES, NEAR_WRAP), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	assert_int_equal(fdev_start(&d, 1000), 0);
	while (next_done < total) {
		while (next_sub < total && next_sub - next_done < 200) {
			struct vacc_sqe s = next_sub & 1 ?
				copy_sqe(next_sub, src[next_sub % 256], dst[next_sub % 256],
					 1 + (__u32)(next_sub % 512)) : nop(next_sub);

			assert_int_equal(vacc_ring_submit(&r, &s), 0);
			next_sub++;
		}
		assert_int_equal(reap_wait(&r, &c), 0);
		/* one cqe per sqe, in order */
		assert_int_equal(c.user_data, next_done);
		assert_int_equal(c.status, VACC_ST_OK);
		if (next_done & 1) {
			__u32 len = 1 + (__u32)(next_done % 512);

			assert_int_equal(c.produced, len);
			assert_memory_equal(dst[next_done % 256], src[next_done % 256], len);
			memset(dst[next_done % 256], 0, len);
		}
		next_done++;
	}
	/* the indices really wrapped */
	assert_true(r.sq_tail < NEAR_WRAP && r.cq_head == r.sq_tail);
	assert_int_equal(d.ctrl->cq_head, (__u32)(NEAR_WRAP + total));
	fdev_free(&d);
}

/* A full SQ says -WD_EBUSY; a full CQ stalls the SQ; both recover. */
static void test_full_ring(void **state)
{
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	__u64 i;
	struct vacc_sqe s;

	(void)state;
	assert_int_equal(fdev_init(&d, ENTRIES, NEAR_WRAP + 50), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	fdev_pause(&d, true);
	assert_int_equal(fdev_start(&d, -1), 0);
	for (i = 0; i < ENTRIES; i++) {
		s = nop(i);
		assert_true(vacc_ring_has_space(&r));
		assert_int_equal(vacc_ring_submit(&r, &s), 0);
	}
	s = nop(999);
	assert_false(vacc_ring_has_space(&r));
	assert_int_equal(vacc_ring_submit(&r, &s), -WD_EBUSY);
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	/* the device drains the SQ into the CQ; we do not reap yet */
	fdev_pause(&d, false);
	while (__atomic_load_n(&d.executed, __ATOMIC_ACQUIRE) < ENTRIES)
		sched_yield();
	for (i = ENTRIES; i < 2 * ENTRIES; i++) {
		s = nop(i);
		assert_int_equal(vacc_ring_submit(&r, &s), 0);
	}
	/* CQ full: the device may not consume, so the SQ is full again */
	usleep(20000);
	assert_int_equal(__atomic_load_n(&d.executed, __ATOMIC_ACQUIRE), ENTRIES);
	assert_int_equal(vacc_ring_submit(&r, &s), -WD_EBUSY);
	for (i = 0; i < 2 * ENTRIES; i++) {
		assert_int_equal(reap_wait(&r, &c), 0);
		assert_int_equal(c.user_data, i);
	}
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	s = nop(7);
	assert_int_equal(vacc_ring_submit(&r, &s), 0);
	assert_int_equal(reap_wait(&r, &c), 0);
	assert_int_equal(c.user_data, 7);
	fdev_free(&d);
}

/* A cqe from an earlier lap (or any seq but cq_head + 1) is not new. */
static void test_stale_cqe(void **state)
{
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	struct vacc_sqe s = nop(42);
	__u32 head, slot;

	(void)state;
	assert_int_equal(fdev_init(&d, ENTRIES, UINT32_MAX), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	head = r.cq_head;
	slot = head & (ENTRIES - 1);
	/* fdev_init left last-lap entries everywhere; try other near misses too */
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	d.cqes[slot].seq = head;		/* one behind */
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	d.cqes[slot].seq = head + 2;		/* one ahead */
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	d.cqes[slot].seq = head + 1 - ENTRIES;	/* previous lap */
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	assert_int_equal(r.cq_head, head);
	/* the real completion (seq wraps to 0 here) is taken */
	assert_int_equal(vacc_ring_submit(&r, &s), 0);
	assert_int_equal(fdev_step(&d), 1);
	assert_int_equal(d.cqes[slot].seq, 0);
	assert_int_equal(vacc_ring_reap(&r, &c), 0);
	assert_int_equal(c.user_data, 42);
	/* the same entry is now stale: never taken twice */
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_EAGAIN);
	assert_int_equal(d.ctrl->cq_head, 0);
	fdev_free(&d);
}

/* One doorbell after an idle period; none while the device spins. */
static void test_sleep_wake(void **state)
{
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	struct vacc_sqe s;
	int i;

	(void)state;
	assert_int_equal(fdev_init(&d, ENTRIES, 0), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	assert_int_equal(fdev_start(&d, 100), 0);
	wait_asleep(&d);
	assert_true(d.ctrl->flags & VACC_CTRL_NEED_WAKEUP);
	s = nop(1);
	assert_int_equal(vacc_ring_submit(&r, &s), 0);
	assert_int_equal(reap_wait(&r, &c), 0);
	assert_int_equal(c.user_data, 1);
	assert_int_equal(__atomic_load_n(&d.doorbells, __ATOMIC_ACQUIRE), 1);
	assert_int_equal(r.doorbells, 1);
	/* and again after the next idle period */
	wait_asleep(&d);
	s = nop(2);
	assert_int_equal(vacc_ring_submit(&r, &s), 0);
	assert_int_equal(reap_wait(&r, &c), 0);
	assert_int_equal(__atomic_load_n(&d.doorbells, __ATOMIC_ACQUIRE), 2);
	fdev_free(&d);

	/* a spinning device: a hot loop rings no doorbell */
	assert_int_equal(fdev_init(&d, ENTRIES, 0), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	assert_int_equal(fdev_start(&d, -1), 0);
	for (i = 0; i < 20000; i++) {
		s = nop((__u64)i);
		assert_int_equal(vacc_ring_submit(&r, &s), 0);
		assert_int_equal(reap_wait(&r, &c), 0);
		assert_int_equal(c.user_data, (__u64)i);
	}
	assert_int_equal(__atomic_load_n(&d.doorbells, __ATOMIC_ACQUIRE), 0);
	assert_int_equal(r.doorbells, 0);
	assert_int_equal(__atomic_load_n(&d.sleeps, __ATOMIC_ACQUIRE), 0);
	fdev_free(&d);
}

/* DEAD: in-flight entries come back STOPPED, then the ring is dead for good. */
static void test_dead(void **state)
{
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	struct vacc_sqe s;
	int i;

	(void)state;
	assert_int_equal(fdev_init(&d, ENTRIES, NEAR_WRAP), 0);
	assert_int_equal(ring_on(&r, &d), 0);
	for (i = 0; i < 5; i++) {
		s = nop((__u64)i);
		assert_int_equal(vacc_ring_submit(&r, &s), 0);
	}
	assert_int_equal(fdev_step(&d), 1);		/* one ran before the stop */
	assert_int_equal(fdev_kill(&d), 4);
	assert_int_equal(d.ctrl->dead_ack, 0);
	assert_int_equal(vacc_ring_reap(&r, &c), 0);	/* posted before: still read */
	assert_int_equal(c.status, VACC_ST_OK);
	for (i = 1; i < 5; i++) {
		assert_int_equal(vacc_ring_reap(&r, &c), 0);
		assert_int_equal(c.user_data, (__u64)i);
		assert_int_equal(c.status, VACC_ST_STOPPED);
	}
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_HW_EACCESS);
	assert_int_equal(__atomic_load_n(&d.ctrl->dead_ack, __ATOMIC_ACQUIRE), 1);
	assert_true(vacc_ring_is_dead(&r));
	/* the kernel may unmap now: any access would fault */
	assert_int_equal(mprotect(d.ctrl, 4096, PROT_NONE), 0);
	assert_int_equal(mprotect(d.dus, d.dus_size, PROT_NONE), 0);
	s = nop(9);
	assert_int_equal(vacc_ring_submit(&r, &s), -WD_HW_EACCESS);
	assert_int_equal(vacc_ring_reap(&r, &c), -WD_HW_EACCESS);
	assert_false(vacc_ring_has_space(&r));
	vacc_ring_kill(&r);				/* idempotent, no access */
	assert_int_equal(mprotect(d.ctrl, 4096, PROT_READ | PROT_WRITE), 0);
	assert_int_equal(mprotect(d.dus, d.dus_size, PROT_READ | PROT_WRITE), 0);
	fdev_free(&d);

	/* a queue that is already dead at init is acked and refused */
	assert_int_equal(fdev_init(&d, ENTRIES, 0), 0);
	d.ctrl->flags = VACC_CTRL_DEAD;
	assert_int_equal(ring_on(&r, &d), -WD_HW_EACCESS);
	assert_int_equal(d.ctrl->dead_ack, 1);
	fdev_free(&d);
}

/* Corrupt ctrl pages are refused at init. */
static void test_corrupt_ctrl(void **state)
{
	struct vacc_ring r;
	struct fdev d;
	struct vacc_ctrl good;

	(void)state;
	assert_int_equal(fdev_init(&d, ENTRIES, 0), 0);
	good = *d.ctrl;
	assert_int_equal(ring_on(&r, &d), 0);
#define BAD(stmt) do { *d.ctrl = good; stmt; \
		assert_int_equal(ring_on(&r, &d), -WD_EINVAL); } while (0)
	BAD(d.ctrl->magic = 0x12345678);
	BAD(d.ctrl->version = 2);
	BAD(d.ctrl->sq_entries = 0);
	BAD(d.ctrl->sq_entries = 100);
	BAD(d.ctrl->cq_entries = 255);
	BAD(d.ctrl->cq_entries = 128);			/* cq smaller than sq */
	BAD(d.ctrl->sq_entries = d.ctrl->cq_entries = 1u << 31);
	BAD(d.ctrl->cq_offset = (__u32)d.dus_size);	/* cqes beyond the region */
	BAD(d.ctrl->cq_offset = (__u32)d.dus_size - 16 * 32);
	BAD(d.ctrl->sq_offset = 0xffffffc0u);		/* offset + size overflows u32 */
	BAD(d.ctrl->cq_offset = 100 * 64);		/* overlaps the sqes */
	BAD(d.ctrl->cq_offset = 16390);			/* misaligned */
	BAD(d.ctrl->sq_offset = 32);			/* misaligned sqes */
	BAD(d.ctrl->max_len = 0);
	BAD(d.ctrl->max_streams = 65);
	BAD(d.ctrl->sq_head = 5);			/* sq_tail - sq_head > entries */
#undef BAD
	*d.ctrl = good;
	assert_int_equal(vacc_ring_init(&r, d.ctrl, 100, d.dus, d.dus_size, NULL, NULL),
			 -WD_EINVAL);				/* MMIO region too small */
	assert_int_equal(vacc_ring_init(&r, d.ctrl, 4096, d.dus, 4096, NULL, NULL),
			 -WD_EINVAL);				/* DUS region too small */
	assert_int_equal(vacc_ring_init(&r, NULL, 4096, d.dus, d.dus_size, NULL, NULL),
			 -WD_EINVAL);
	assert_int_equal(ring_on(&r, &d), 0);
	fdev_free(&d);
}

/*
 * callgrind mode: submit + reap of a 4 KiB MEMCPY, the device step on the
 * same thread between them (callgrind_vacc.sh collects only inside
 * vacc_ring_submit and vacc_ring_reap, so the device's work is excluded).
 */
static int callgrind_mode(long n)
{
	static __u8 src[4096], dst[4096];
	struct vacc_ring r;
	struct vacc_cqe c;
	struct fdev d;
	long i;

	memset(src, 0x5a, sizeof(src));
	if (fdev_init(&d, ENTRIES, 0) || ring_on(&r, &d))
		return 1;
	for (i = 0; i < n; i++) {
		struct vacc_sqe s = copy_sqe((__u64)i, src, dst, sizeof(src));

		if (vacc_ring_submit(&r, &s) || fdev_step(&d) != 1 || vacc_ring_reap(&r, &c) ||
		    c.user_data != (__u64)i || c.status != VACC_ST_OK) {
			fprintf(stderr, "request %ld failed\n", i);
			return 1;
		}
	}
	printf("%ld requests, %llu doorbells\n", n, (unsigned long long)r.doorbells);
	fdev_free(&d);
	return memcmp(src, dst, sizeof(src)) != 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap_many),
		cmocka_unit_test(test_full_ring),
		cmocka_unit_test(test_stale_cqe),
		cmocka_unit_test(test_sleep_wake),
		cmocka_unit_test(test_dead),
		cmocka_unit_test(test_corrupt_ctrl),
	};

	if (argc == 3 && !strcmp(argv[1], "--callgrind"))
		return callgrind_mode(atol(argv[2]));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
