/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vacc ring protocol, user side: see vacc_ring.h and kernel/vacc/vacc_abi.h.
 * The kernel is the only writer of sq_head, cq_tail, flags and the cqes;
 * we are the only writer of sq_tail, cq_head, dead_ack and the sqes. What
 * the kernel wrote is read once into locals before it is checked.
 */
#include <string.h>
#include "uadk/wd.h"
#include "vacc_ring.h"

_Static_assert(sizeof(struct vacc_sqe) == 64, "vacc_sqe is 64 bytes");
_Static_assert(sizeof(struct vacc_cqe) == 32, "vacc_cqe is 32 bytes");

#define LOAD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define LOAD_ACQ(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define STORE_REL(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

static bool pow2_in(__u32 v, __u32 lo, __u32 hi)
{
	return v >= lo && v <= hi && !(v & (v - 1));
}

/* [off, off + n * size) lies in a region of len bytes. */
static bool in_region(__u32 off, __u32 n, __u32 size, size_t len)
{
	return (__u64)off + (__u64)n * size <= (__u64)len;
}

void vacc_ring_kill(struct vacc_ring *r)
{
	if (r->kill_lock)
		pthread_spin_lock(r->kill_lock);
	if (!vacc_ring_is_dead(r)) {
		/* release: our reads of the regions happen before the ack */
		STORE_REL(&r->ctrl->dead_ack, 1u);
		__atomic_store_n(&r->dead, 1, __ATOMIC_RELEASE);
	}
	if (r->kill_lock)
		pthread_spin_unlock(r->kill_lock);
}

int vacc_ring_init(struct vacc_ring *r, void *mmio, size_t mmio_size, void *dus,
		   size_t dus_size, vacc_doorbell_fn db, void *db_arg)
{
	struct vacc_ctrl *c = mmio;
	__u32 sq_n, cq_n, sq_off, cq_off, max_len, max_streams, max_sessions, tail, head;

	memset(r, 0, sizeof(*r));
	if (!c || !dus || mmio_size < sizeof(*c) || ((uintptr_t)dus & (VACC_CACHELINE - 1)))
		return -WD_EINVAL;
	if (LOAD(&c->magic) != VACC_CTRL_MAGIC || LOAD(&c->version) != VACC_ABI_VERSION)
		return -WD_EINVAL;
	sq_n = LOAD(&c->sq_entries);
	cq_n = LOAD(&c->cq_entries);
	sq_off = LOAD(&c->sq_offset);
	cq_off = LOAD(&c->cq_offset);
	max_len = LOAD(&c->max_len);
	max_streams = LOAD(&c->max_streams);
	max_sessions = LOAD(&c->max_sessions);
	if (!pow2_in(sq_n, 1, VACC_RING_MAX_ENTRIES) || !pow2_in(cq_n, sq_n, VACC_RING_MAX_ENTRIES))
		return -WD_EINVAL;
	/* entry alignment keeps every sqe on one cache line and cqe.seq atomic */
	if (sq_off % sizeof(struct vacc_sqe) || cq_off % sizeof(struct vacc_cqe) ||
	    !in_region(sq_off, sq_n, sizeof(struct vacc_sqe), dus_size) ||
	    !in_region(cq_off, cq_n, sizeof(struct vacc_cqe), dus_size))
		return -WD_EINVAL;
	/* the two rings must not overlap */
	if ((__u64)sq_off < (__u64)cq_off + (__u64)cq_n * sizeof(struct vacc_cqe) &&
	    (__u64)cq_off < (__u64)sq_off + (__u64)sq_n * sizeof(struct vacc_sqe))
		return -WD_EINVAL;
	if (!max_len || max_streams > VACC_RING_MAX_STREAMS || max_sessions > VACC_RING_MAX_SESSIONS)
		return -WD_EINVAL;
	tail = LOAD(&c->sq_tail);
	head = LOAD_ACQ(&c->sq_head);
	if (tail - head > sq_n)
		return -WD_EINVAL;
	r->ctrl = c;
	r->sqes = (struct vacc_sqe *)((char *)dus + sq_off);
	r->cqes = (const struct vacc_cqe *)((const char *)dus + cq_off);
	r->sq_entries = sq_n;
	r->sq_mask = sq_n - 1;
	r->cq_mask = cq_n - 1;
	r->max_len = max_len;
	r->max_streams = max_streams;
	r->max_sessions = max_sessions;
	r->doorbell = db;
	r->db_arg = db_arg;
	r->sq_tail = tail;
	r->sq_head = head;
	r->cq_head = LOAD(&c->cq_head);
	if (LOAD_ACQ(&c->flags) & VACC_CTRL_DEAD) {
		vacc_ring_kill(r);
		return -WD_HW_EACCESS;
	}
	return 0;
}

bool vacc_ring_has_space(struct vacc_ring *r)
{
	if (vacc_ring_is_dead(r))
		return false;
	if (r->sq_tail - r->sq_head < r->sq_entries)
		return true;
	/* a hostile sq_head beyond sq_tail wraps to "full": never overwrite */
	r->sq_head = LOAD_ACQ(&r->ctrl->sq_head);
	return r->sq_tail - r->sq_head < r->sq_entries;
}

int vacc_ring_submit(struct vacc_ring *r, const struct vacc_sqe *sqe)
{
	__u32 tail = r->sq_tail, flags;

	if (__builtin_expect(vacc_ring_is_dead(r), 0))
		return -WD_HW_EACCESS;
	if (__builtin_expect(tail - r->sq_head >= r->sq_entries, 0) && !vacc_ring_has_space(r))
		return -WD_EBUSY;
	memcpy(&r->sqes[tail & r->sq_mask], sqe, sizeof(*sqe));
	r->sq_tail = tail + 1;
	/* the sqe is visible before the new tail (the worker load-acquires it) */
	STORE_REL(&r->ctrl->sq_tail, tail + 1);
	/*
	 * Store sq_tail, then load flags: a full barrier, paired with the
	 * worker's "set NEED_WAKEUP, full barrier, re-read sq_tail". Either it
	 * sees our tail or we see its flag; never neither.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = LOAD(&r->ctrl->flags);
	if (__builtin_expect((flags & (VACC_CTRL_NEED_WAKEUP | VACC_CTRL_DEAD)) ==
			     VACC_CTRL_NEED_WAKEUP, 0) && r->doorbell) {
		r->doorbells++;
		if (r->doorbell(r->db_arg))
			r->doorbell_errors++;	/* a dead queue shows up in reap */
	}
	return 0;
}

int vacc_ring_reap(struct vacc_ring *r, struct vacc_cqe *out)
{
	__u32 head = r->cq_head;
	const struct vacc_cqe *c;

	if (__builtin_expect(vacc_ring_is_dead(r), 0))
		return -WD_HW_EACCESS;
	c = &r->cqes[head & r->cq_mask];
	if (LOAD_ACQ(&c->seq) == head + 1) {
		/* the entry's fields were written before seq (store-release) */
		out->user_data = LOAD(&c->user_data);
		out->status = LOAD(&c->status);
		out->consumed = LOAD(&c->consumed);
		out->produced = LOAD(&c->produced);
		out->flags = LOAD(&c->flags);
		out->fault_off = LOAD(&c->fault_off);
		out->seq = head + 1;
		r->cq_head = head + 1;
		/* release: the kernel may reuse the entry once it sees cq_head */
		STORE_REL(&r->ctrl->cq_head, head + 1);
		return 0;
	}
	/* nothing new: is the queue dead? (posted completions are read first) */
	if (__builtin_expect(LOAD_ACQ(&r->ctrl->flags) & VACC_CTRL_DEAD, 0)) {
		vacc_ring_kill(r);
		return -WD_HW_EACCESS;
	}
	return -WD_EAGAIN;
}
