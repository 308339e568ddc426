// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client cqfull: the owner queues work but never reads its
 * completions. The worker must then wait on a timer, not busy-poll: a
 * hostile owner would otherwise burn a CPU per queue on its behalf, in a
 * kthread no cgroup limit reaches. Afterwards the queue resumes normally.
 */
#include "raw.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* CPU ticks (utime + stime) of every vacc worker kthread. */
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

int cmd_cqfull(void)
{
	unsigned int i, n = 0, good = 0, extra = 16;
	long hz = sysconf(_SC_CLK_TCK), t0, used;
	struct vacc_cqe c;
	struct vacc_sqe s;
	struct vq q;

	if (q_open(&q)) {
		notok("cqfull: open queue", "no queue");
		return 1;
	}
	s = mk(VACC_OP_NOP, 0, NULL, 0, NULL, 0);
	for (i = 0; i < q.ctrl->cq_entries; i++)
		q_push(&q, &s);
	q_doorbell(&q);
	usleep(200000);
	/* more work behind a full CQ (written directly: q_push would wait for us) */
	for (i = 0; i < extra; i++) {
		q.sqes[q.sq_tail & (q.ctrl->sq_entries - 1)] = s;
		st32(&q.ctrl->sq_tail, ++q.sq_tail);
	}
	q_doorbell(&q);
	usleep(100000);
	CHECK(ld32(&q.ctrl->sq_head) == q.ctrl->cq_entries,
	      "cqfull: the worker stops consuming at a full CQ", "sq_head %u",
	      ld32(&q.ctrl->sq_head));
	t0 = worker_ticks();
	sleep(2);
	used = worker_ticks() - t0;
	CHECK(used * 100 < 2 * hz * 7, "cqfull: the blocked worker uses < 7% of a CPU",
	      "%ld ticks in 2 s (%ld per s)", used, hz);
	printf("# cqfull: workers used %ld of %ld ticks in 2 s\n", used, 2 * hz);
	/* read everything: the held-back work then runs */
	while (n < q.ctrl->cq_entries + extra && !q_wait(&q, &c, 5000, 1)) {
		n++;
		good += c.status == VACC_ST_OK;
	}
	CHECK(n == q.ctrl->cq_entries + extra && good == n,
	      "cqfull: every request completes once the owner reads", "%u of %u, %u OK", n,
	      q.ctrl->cq_entries + extra, good);
	q_close(&q);
	return 0;
}
