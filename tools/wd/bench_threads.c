/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The benches' thread harness. Set-up (sessions, buffers, pinning) happens
 * before the barrier so that no thread's timed region includes another's
 * set-up; the wall time spans all threads, as MB/s is over all of them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bench_threads.h"

struct start {
	struct bench_thread *t;
	pthread_barrier_t *bar;
};

int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int bench_fail(struct bench_thread *t, const char *fmt, ...)
{
	va_list ap;

	if (t->err)
		return -1;	/* keep the first: later ones follow from it */
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->err = -1;
	return -1;
}

static void pin(struct bench_thread *t)
{
	int cpu = t->team->cpu;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET((unsigned)(cpu + (int)t->idx) % (unsigned)(ncpu > 0 ? ncpu : 1), &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		bench_fail(t, "cannot pin to CPU %d: %s", cpu + (int)t->idx, strerror(errno));
}

static void *thread_main(void *arg)
{
	struct start *s = arg;
	struct bench_thread *t = s->t;
	const struct bench_team *team = t->team;

	if (team->cpu >= 0)
		pin(t);
	if (!t->err)
		team->setup(t);
	/* Everyone sets up outside the timed region, then all start together. */
	pthread_barrier_wait(s->bar);
	t->t0 = bench_now_ns();
	if (!t->err)
		team->run(t);
	t->t1 = bench_now_ns();
	if (!t->leak)
		team->cleanup(t);
	return NULL;
}

int bench_team_run(const struct bench_team *team, double *secs, char *err, size_t errlen)
{
	unsigned i, nt = team->threads ? team->threads : 1;
	pthread_t *tids = calloc(nt, sizeof(*tids));
	struct start *st = calloc(nt, sizeof(*st));
	pthread_barrier_t bar;
	int64_t t0 = INT64_MAX, t1 = 0;
	int rc = 0;

	*secs = 0;
	if (!tids || !st) {
		snprintf(err, errlen, "out of memory");
		free(tids);
		free(st);
		return -1;
	}
	pthread_barrier_init(&bar, NULL, nt);
	for (i = 0; i < nt; i++) {
		st[i].t = (struct bench_thread *)((char *)team->workers + i * team->size);
		st[i].t->team = team;
		st[i].t->idx = i;
		st[i].bar = &bar;
		if (pthread_create(&tids[i], NULL, thread_main, &st[i])) {
			/* Cannot start: the barrier would never open. */
			fprintf(stderr, "wd: pthread_create failed\n");
			abort();
		}
	}
	for (i = 0; i < nt; i++) {
		struct bench_thread *t = st[i].t;

		pthread_join(tids[i], NULL);
		if (t->err && !rc) {
			snprintf(err, errlen, "thread %u: %s", i, t->msg);
			rc = -1;
		}
		t0 = t->t0 < t0 ? t->t0 : t0;
		t1 = t->t1 > t1 ? t->t1 : t1;
	}
	*secs = (double)(t1 - t0) / 1e9;
	pthread_barrier_destroy(&bar);
	free(tids);
	free(st);
	return rc;
}
