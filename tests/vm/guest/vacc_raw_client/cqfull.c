// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client cqfull: the owner queues work but never reads its
 * completions. The worker must then wait on a timer, not busy-poll: a
 * hostile owner would otherwise burn a CPU per queue on its behalf, in a
 * kthread no cgroup limit reaches. Afterwards the queue resumes normally.
 *
 * The proof counts worker loop passes (ctrl->passes), not CPU time: the CPU
 * share of a worker that wakes every jiffy grows with the cost of a wake,
 * which under TCG on a loaded host is anything. A pass count bounded by
 * the jiffies elapsed holds whatever the host does; a spinning worker makes
 * orders of magnitude more. The CPU ticks are printed as a diagnostic.
 */
#include "raw.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* CPU ticks (utime + stime) of every vacc worker kthread: a diagnostic. */
static long worker_ticks(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long sum = 0;

	while (d && (e = readdir(d))) {
		char path[300], buf[512], *p;
		unsigned long ut, st;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && strstr(buf, "(vacc") &&
		    (p = strrchr(buf, ')')) &&
		    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
			   &ut, &st) == 2)
			sum += (long)(ut + st);
		fclose(f);
	}
	if (d)
		closedir(d);
	return sum;
}

/* Wait until the worker has posted completion number @n (guard: @ms). */
static int wait_cq_tail(const struct vq *q, uint32_t n, int ms)
{
	uint64_t t0 = now_ms();

	while (ld32(&q->ctrl->cq_tail) != n) {
		if (now_ms() - t0 > (uint64_t)ms)
			return -1;
		usleep(1000);
	}
	return 0;
}

/*
 * The most worker passes a blocked worker can begin in @ms milliseconds
 * (whole ms: the real interval is shorter than @ms + 1). Each blocked pass
 * waits on a timeout of at least one jiffy (VACC_CQ_FULL_POLL): it cannot
 * end before jiffies advance, and nothing else ends it here (we send no
 * WAKE meanwhile; SIGKILL comes only with the stop). Jiffies follow the
 * clock: an update that advances them crosses a tick boundary no earlier
 * update crossed, and a late tick catches up in one update, so with
 * HZ <= 1000 at most @ms + 2 updates advance them in the interval, however
 * the host schedules the guest. One pass may be under way at the start and
 * one may end early on a WAKE sent before: @ms + 4, and 4 more for reading
 * the clock and the counter on either side of the interval.
 */
static uint64_t blocked_pass_bound(uint64_t ms)
{
	return ms + 4 + 4;
}

int cmd_cqfull(void)
{
	unsigned int i, n = 0, good = 0, extra = 16, entries;
	long hz = sysconf(_SC_CLK_TCK), ticks;
	uint32_t p0, p1, h0, h1, passes;
	uint64_t t0, t1, ms;
	struct vacc_cqe c;
	struct vacc_sqe s;
	struct vq q;
	int r;

	if (q_open(&q)) {
		notok("cqfull: open queue", "no queue");
		return 1;
	}
	entries = q.ctrl->cq_entries;
	s = mk(VACC_OP_NOP, 0, NULL, 0, NULL, 0);
	for (i = 0; i < entries; i++)
		q_push(&q, &s);
	q_doorbell(&q);
	r = wait_cq_tail(&q, entries, WAIT_MS);
	CHECK(!r, "cqfull: the worker fills the CQ", "cq_tail %u of %u",
	      ld32(&q.ctrl->cq_tail), entries);
	/* more work behind a full CQ (written directly: q_push would wait for us) */
	for (i = 0; i < extra; i++) {
		q.sqes[q.sq_tail & (q.ctrl->sq_entries - 1)] = s;
		st32(&q.ctrl->sq_tail, ++q.sq_tail);
	}
	q_doorbell(&q);
	/* two passes after that: the worker has seen the extra work, and is blocked */
	r = wait_passes(&q, ld32(&q.ctrl->passes), 2, WAIT_MS);
	CHECK(!r, "cqfull: the blocked worker keeps re-polling", "passes %u",
	      ld32(&q.ctrl->passes));

	ticks = worker_ticks();
	t0 = now_ms();
	p0 = ld32(&q.ctrl->passes);
	h0 = ld32(&q.ctrl->sq_head);
	sleep(2);
	h1 = ld32(&q.ctrl->sq_head);
	p1 = ld32(&q.ctrl->passes);
	t1 = now_ms();
	ticks = worker_ticks() - ticks;
	ms = t1 - t0;
	passes = p1 - p0;
	printf("# cqfull: %u worker passes in %llu ms (bound %llu); workers used %ld of "
	       "%llu CPU ticks (%ld per s)\n", passes, (unsigned long long)ms,
	       (unsigned long long)blocked_pass_bound(ms), ticks,
	       (unsigned long long)(ms * hz / 1000), hz);
	CHECK(h0 == entries && h1 == entries,
	      "cqfull: the worker stops consuming at a full CQ",
	      "sq_head %u, then %u; %u completions posted", h0, h1, entries);
	CHECK(passes <= blocked_pass_bound(ms),
	      "cqfull: the blocked worker waits on a timer (passes <= 1 per ms), no spin",
	      "%u passes in %llu ms", passes, (unsigned long long)ms);
	/* read everything: the timer re-poll finds room, the held-back work runs */
	while (n < entries + extra && !q_wait(&q, &c, WAIT_MS, 1)) {
		n++;
		good += c.status == VACC_ST_OK;
	}
	CHECK(n == entries + extra && good == n,
	      "cqfull: every request completes once the owner reads", "%u of %u, %u OK", n,
	      entries + extra, good);
	q_close(&q);
	return 0;
}
