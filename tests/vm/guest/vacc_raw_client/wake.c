// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client wake: the SQPOLL doorbell protocol. A parked worker runs
 * new entries only after a WAKE; a submitter rings only in answer to a
 * sleep the worker published, once per sleep, and never strands an entry.
 *
 * Nothing here assumes the host gives the guest CPU time on schedule: how
 * often the worker falls asleep during a hot loop depends on that (a
 * descheduled vCPU looks like an idle submitter), so it is printed, not
 * asserted. What is asserted holds for any interleaving (vacc_abi.h on
 * sleeps, waits, wakeups):
 *   (A) rings <= sleeps (+1 over a window): we ring only after seeing
 *       NEED_WAKEUP following our own tail store; our WAKE clears it, so
 *       the next ring needs a later publication, each counted in sleeps
 *       before the flag is set. At most one sleep published before the
 *       window starts can be answered inside it.
 *   (B) wakeups <= rings (+1 over a window): a wakeup is counted only when
 *       a WAKE arrived during that sleep, and a sleep counts at most one.
 *       At most one sleep can straddle the window start, so at most one
 *       WAKE from before it is counted inside it.
 *   (C) every submission completes (WAIT_MS per completion is a hang
 *       guard): no entry is stranded behind a sleeping worker.
 */
#include "raw.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The kernel-written statistics and our WAKE count at one moment. */
struct wstat {
	uint32_t sleeps, waits, wakeups;
	unsigned int rings;
};

static struct wstat wstat_now(const struct vq *q)
{
	struct wstat w;

	w.rings = q->rings;
	w.wakeups = ld32(&q->ctrl->wakeups);
	w.waits = ld32(&q->ctrl->waits);
	w.sleeps = ld32(&q->ctrl->sleeps);
	return w;
}

/*
 * Parked: NEED_WAKEUP set and every published sleep past its re-check of
 * sq_tail (waits == sleeps, waits read first). Then an entry queued now
 * stays queued until a WAKE: we send none while we wait here, and the CQ
 * is never full in this file, so no timer ends the wait either.
 */
static int parked(const struct vq *q)
{
	uint32_t f = ld32(&q->ctrl->flags);
	uint32_t w = ld32(&q->ctrl->waits);
	uint32_t s = ld32(&q->ctrl->sleeps);

	return (f & VACC_CTRL_NEED_WAKEUP) && s && w == s;
}

static int wait_parked(const struct vq *q)
{
	uint64_t t0 = now_ms();

	while (!parked(q)) {
		if (now_ms() - t0 > WAIT_MS)
			return -1;
		usleep(1000);
	}
	return 0;
}

/* Keep 8 x 64 KiB memcpy in flight: check (A), (B), (C) over the loop. */
static void hot_loop(struct vq *q, int mode, const char *how)
{
	struct vacc_sqe s = mk(VACC_OP_MEMCPY, 0, data, 65536, dbuf, 65536);
	unsigned int inflight = 0, done = 0, seen = 0, rings, sleeps, wakeups;
	const unsigned int total = 1500;
	struct wstat w0, w1;
	struct vacc_cqe c;
	char name[160];

	w0 = wstat_now(q);
	while (done < total) {
		while (inflight < 8) {
			q_push(q, &s);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (ld32(&q->ctrl->flags) & VACC_CTRL_NEED_WAKEUP) {
				seen++;
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
	while (inflight && !q_wait(q, &c, WAIT_MS, 1))
		inflight--;
	w1 = wstat_now(q);
	rings = w1.rings - w0.rings;
	sleeps = w1.sleeps - w0.sleeps;
	wakeups = w1.wakeups - w0.wakeups;
	printf("# hot loop (%s): %u of %u done; worker slept %u times (%u waited), "
	       "NEED_WAKEUP seen %u times, %u WAKEs, %u wakeups\n", how, done, total,
	       sleeps, w1.waits - w0.waits, seen, rings, wakeups);

	snprintf(name, sizeof(name), "hot loop (%u x 64 KiB memcpy, %s): "
		 "every submission completes", total, how);
	CHECK(done == total && !inflight && ld32(&q->ctrl->sq_head) == q->sq_tail,
	      name, "done %u, %u still in flight, sq_head %u sq_tail %u", done,
	      inflight, ld32(&q->ctrl->sq_head), q->sq_tail);
	snprintf(name, sizeof(name), "hot loop (%s): a WAKE only answers a "
		 "published sleep, once (WAKEs <= sleeps + 1)", how);
	CHECK(rings <= sleeps + 1, name, "%u WAKEs, %u sleeps", rings, sleeps);
	snprintf(name, sizeof(name), "hot loop (%s): no wakeup without a WAKE "
		 "(wakeups <= WAKEs + 1)", how);
	CHECK(wakeups <= rings + 1, name, "%u wakeups, %u WAKEs", wakeups, rings);
}

int cmd_wake(void)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct wstat w0, w1;
	struct vacc_cqe c;
	unsigned int i;
	struct vq q;
	int r;

	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	q_run(&q, &s);
	CHECK(!wait_parked(&q), "worker parks (NEED_WAKEUP, waiting) when idle",
	      "flags %x sleeps %u waits %u", ld32(&q.ctrl->flags),
	      ld32(&q.ctrl->sleeps), ld32(&q.ctrl->waits));

	/* parked, no doorbell: nothing happens */
	w0 = wstat_now(&q);
	s.user_data = 1000;
	q_push(&q, &s);
	usleep(200000);
	r = q_peek(&q, &c);
	CHECK(!r, "parked worker ignores sq_tail without the doorbell",
	      "completed");
	q_doorbell(&q);
	r = r ? 0 : q_wait(&q, &c, WAIT_MS, 1);
	w1 = wstat_now(&q);
	CHECK(r == 0 && w1.rings == w0.rings + 1 && w1.wakeups == w0.wakeups + 1,
	      "one WAKE runs it; wakeups counted once",
	      "r %d WAKEs %u wakeups %u->%u", r, w1.rings - w0.rings,
	      w0.wakeups, w1.wakeups);

	/* a burst after idle: the first entry rings, the rest only on a new sleep */
	r = wait_parked(&q);
	w0 = wstat_now(&q);
	for (i = 0; i < 4; i++)
		q_submit(&q, &s);
	for (i = 0; i < 4 && !q_wait(&q, &c, WAIT_MS, 1); i++)
		;
	w1 = wstat_now(&q);
	printf("# burst after idle: %u WAKEs, worker slept %u times meanwhile\n",
	       w1.rings - w0.rings, w1.sleeps - w0.sleeps);
	CHECK(r == 0 && i == 4 && w1.rings - w0.rings >= 1 &&
	      w1.rings - w0.rings <= 1 + (w1.sleeps - w0.sleeps),
	      "burst after idle: one WAKE, more only for sleeps during the burst",
	      "parked %d, %u of 4 done, %u WAKEs, %u sleeps", !r, i,
	      w1.rings - w0.rings, w1.sleeps - w0.sleeps);

	hot_loop(&q, 2, "busy-polling submitter");
	hot_loop(&q, 0, "sched_yield submitter");

	/* from queue open (all counters 0 then, no slack needed) */
	w1 = wstat_now(&q);
	CHECK(w1.rings <= w1.sleeps && w1.wakeups <= w1.rings && w1.waits <= w1.sleeps,
	      "since open: wakeups <= WAKEs <= sleeps, waits <= sleeps",
	      "wakeups %u WAKEs %u sleeps %u waits %u", w1.wakeups, w1.rings,
	      w1.sleeps, w1.waits);
	q_close(&q);
	return 0;
}
