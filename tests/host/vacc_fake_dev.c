/* SPDX-License-Identifier: Apache-2.0 */
/* The fake vacc worker: see vacc_fake_dev.h. Follows the kernel's protocol. */
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vacc_fake_dev.h"

#define PAGE 4096u

static size_t round_page(size_t n)
{
	return (n + PAGE - 1) & ~(size_t)(PAGE - 1);
}

int fdev_init(struct fdev *d, __u32 entries, __u32 start)
{
	size_t dus_size = round_page((size_t)entries * (sizeof(struct vacc_sqe) +
							 sizeof(struct vacc_cqe)));
	void *ctrl = aligned_alloc(PAGE, PAGE), *dus = aligned_alloc(PAGE, dus_size);
	int ret;

	if (!ctrl || !dus) {
		free(ctrl);
		free(dus);
		memset(d, 0, sizeof(*d));
		return -1;
	}
	ret = fdev_init_mem(d, ctrl, dus, dus_size, entries, start);
	d->own_mem = true;
	return ret;
}

int fdev_init_mem(struct fdev *d, void *ctrl, void *dus, size_t dus_size, __u32 entries,
		  __u32 start)
{
	__u32 i;

	memset(d, 0, sizeof(*d));
	d->sq_n = d->cq_n = entries;
	d->dus_size = dus_size;
	d->ctrl = ctrl;
	d->dus = dus;
	memset(d->ctrl, 0, PAGE);
	memset(d->dus, 0, d->dus_size);
	d->sqes = d->dus;
	d->cqes = (struct vacc_cqe *)((char *)d->dus + (size_t)entries * sizeof(struct vacc_sqe));
	d->ctrl->magic = VACC_CTRL_MAGIC;
	d->ctrl->version = VACC_ABI_VERSION;
	d->ctrl->sq_entries = entries;
	d->ctrl->cq_entries = entries;
	d->ctrl->sq_offset = 0;
	d->ctrl->cq_offset = entries * (__u32)sizeof(struct vacc_sqe);
	d->ctrl->max_len = VACC_MAX_LEN;
	d->ctrl->max_streams = VACC_MAX_STREAMS;
	d->ctrl->max_sessions = VACC_MAX_SESSIONS;
	d->ctrl->sq_tail = d->ctrl->sq_head = start;
	d->ctrl->cq_head = d->ctrl->cq_tail = start;
	d->sq_head = d->cq_tail = start;
	/* as if the ring had run up to start: each entry holds its last lap */
	for (i = 0; i < entries; i++) {
		__u32 n = start - entries + ((i - start) & (entries - 1));

		d->cqes[i].seq = n + 1;
		d->cqes[i].user_data = 0xdeadbeef00000000ull | i;
		d->cqes[i].status = VACC_ST_OK;
	}
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	return 0;
}

int fdev_doorbell(void *arg)
{
	struct fdev *d = arg;

	__atomic_fetch_add(&d->doorbells, 1, __ATOMIC_RELAXED);
	pthread_mutex_lock(&d->lock);
	d->kicked = true;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

void fdev_log_reset(struct fdev *d)
{
	d->log_n = 0;
}

static __u32 execute(struct fdev *d, const struct vacc_sqe *s, __u32 *consumed, __u32 *produced)
{
	struct fdev_res r;

	*consumed = *produced = 0;
	if (d->log_n < FDEV_LOG_MAX)
		d->log[d->log_n++] = *s;
	if (d->hook && d->hook(d, s, &r, d->hook_arg)) {
		/* as the kernel: a SETUP that fails leaves the slot free */
		if (s->opcode == VACC_OP_CRYPTO_SETUP && r.status != VACC_ST_OK &&
		    s->sess < VACC_MAX_SESSIONS)
			memset(&d->cslots[s->sess], 0, sizeof(d->cslots[0]));
		*consumed = r.consumed;
		*produced = r.produced;
		return r.status;
	}
	if (s->opcode >= VACC_OP_CRYPTO_SETUP && s->opcode <= VACC_OP_AEAD)
		return fdev_crypto(d, s, consumed, produced);
	if (s->flags || s->rsvd0 || s->rsvd1[0] || s->rsvd1[1] || s->rsvd1[2])
		return VACC_ST_BAD_DESC;
	switch (s->opcode) {
	case VACC_OP_NOP:
		return VACC_ST_OK;
	case VACC_OP_MEMCPY:
		if (s->src_len > VACC_MAX_LEN || s->dst_len > VACC_MAX_LEN)
			return VACC_ST_BAD_LEN;
		if (s->src_len > s->dst_len)
			return VACC_ST_OVERFLOW;
		memcpy((void *)(uintptr_t)s->dst, (const void *)(uintptr_t)s->src, s->src_len);
		*consumed = *produced = s->src_len;
		return VACC_ST_OK;
	default:
		return VACC_ST_BAD_DESC;
	}
}

/* Post the completion for sqe s (the caller checked CQ space). */
static void post(struct fdev *d, __u64 user_data, __u32 status, __u32 consumed, __u32 produced)
{
	struct vacc_cqe *c = &d->cqes[d->cq_tail & (d->cq_n - 1)];

	c->user_data = user_data;
	c->status = status;
	c->consumed = consumed;
	c->produced = produced;
	c->flags = 0;
	c->fault_off = 0;
	__atomic_store_n(&c->seq, d->cq_tail + 1, __ATOMIC_RELEASE);
	d->cq_tail++;
	__atomic_store_n(&d->ctrl->cq_tail, d->cq_tail, __ATOMIC_RELEASE);
}

static bool cq_full(struct fdev *d)
{
	return d->cq_tail - __atomic_load_n(&d->ctrl->cq_head, __ATOMIC_ACQUIRE) >= d->cq_n;
}

int fdev_step(struct fdev *d)
{
	__u32 tail = __atomic_load_n(&d->ctrl->sq_tail, __ATOMIC_ACQUIRE), st, in, out;
	struct vacc_sqe s;

	if (tail == d->sq_head || cq_full(d))
		return 0;
	memcpy(&s, &d->sqes[d->sq_head & (d->sq_n - 1)], sizeof(s));
	d->sq_head++;
	__atomic_store_n(&d->ctrl->sq_head, d->sq_head, __ATOMIC_RELEASE);
	st = execute(d, &s, &in, &out);
	post(d, s.user_data, st, in, out);
	__atomic_fetch_add(&d->executed, 1, __ATOMIC_RELAXED);
	return 1;
}

/* Idle: announce sleep, re-check, sleep until the doorbell. */
static void idle_sleep(struct fdev *d)
{
	__atomic_fetch_or(&d->ctrl->flags, VACC_CTRL_NEED_WAKEUP, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&d->ctrl->sq_tail, __ATOMIC_RELAXED) == d->sq_head) {
		pthread_mutex_lock(&d->lock);
		__atomic_fetch_add(&d->sleeps, 1, __ATOMIC_RELAXED);
		__atomic_store_n(&d->asleep, 1, __ATOMIC_RELEASE);
		while (!d->kicked && !__atomic_load_n(&d->stop, __ATOMIC_ACQUIRE))
			pthread_cond_wait(&d->cond, &d->lock);
		d->kicked = false;
		__atomic_store_n(&d->asleep, 0, __ATOMIC_RELEASE);
		pthread_mutex_unlock(&d->lock);
	}
	__atomic_fetch_and(&d->ctrl->flags, ~VACC_CTRL_NEED_WAKEUP, __ATOMIC_RELAXED);
	__atomic_fetch_add(&d->ctrl->wakeups, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
	struct fdev *d = arg;
	long idle = 0;

	while (!__atomic_load_n(&d->stop, __ATOMIC_ACQUIRE)) {
		if (!__atomic_load_n(&d->paused, __ATOMIC_ACQUIRE) && fdev_step(d)) {
			idle = 0;
			continue;
		}
		if (d->idle_spins >= 0 && ++idle > d->idle_spins &&
		    !__atomic_load_n(&d->paused, __ATOMIC_ACQUIRE)) {
			idle_sleep(d);
			idle = 0;
		} else {
			sched_yield();
		}
	}
	return NULL;
}

int fdev_start(struct fdev *d, long idle_spins)
{
	d->idle_spins = idle_spins;
	__atomic_store_n(&d->stop, 0, __ATOMIC_RELEASE);
	if (pthread_create(&d->thread, NULL, worker, d))
		return -1;
	d->running = true;
	return 0;
}

void fdev_stop(struct fdev *d)
{
	if (!d->running)
		return;
	pthread_mutex_lock(&d->lock);
	__atomic_store_n(&d->stop, 1, __ATOMIC_RELEASE);
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	pthread_join(d->thread, NULL);
	d->running = false;
}

void fdev_pause(struct fdev *d, bool on)
{
	__atomic_store_n(&d->paused, on ? 1 : 0, __ATOMIC_RELEASE);
}

int fdev_kill(struct fdev *d)
{
	__u32 tail = __atomic_load_n(&d->ctrl->sq_tail, __ATOMIC_ACQUIRE);
	int n = 0;

	__atomic_fetch_or(&d->ctrl->flags, VACC_CTRL_DEAD, __ATOMIC_SEQ_CST);
	while (d->sq_head != tail && !cq_full(d)) {
		const struct vacc_sqe *s = &d->sqes[d->sq_head & (d->sq_n - 1)];

		post(d, s->user_data, VACC_ST_STOPPED, 0, 0);
		d->sq_head++;
		__atomic_store_n(&d->ctrl->sq_head, d->sq_head, __ATOMIC_RELEASE);
		n++;
	}
	return n;
}

void fdev_free(struct fdev *d)
{
	fdev_stop(d);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	if (d->own_mem) {
		free(d->ctrl);
		free(d->dus);
	}
	d->ctrl = NULL;
	d->dus = NULL;
}
