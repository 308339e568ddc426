/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The timed run both benches use: N worker threads set up outside the
 * timed region, start together at a barrier, run, and are timed from the
 * first start to the last finish.
 */
#ifndef WD_BENCH_THREADS_H
#define WD_BENCH_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The head of every worker: what the harness fills in and reads back. */
struct bench_thread {
	const struct bench_team *team;
	unsigned idx;		/* 0 .. threads - 1 */
	int64_t t0, t1;		/* the timed region, bench_now_ns() */
	bool leak;		/* requests never completed: skip cleanup() */
	int err;		/* set with msg by bench_fail() */
	char msg[256];
};

/*
 * threads workers, each size bytes beginning with a struct bench_thread.
 * setup() runs on the worker's thread after pinning (not when that failed),
 * run() in the timed region when nothing failed so far, cleanup() last
 * unless leak is set. Each reports failure through bench_fail().
 */
struct bench_team {
	void *workers;
	size_t size;
	unsigned threads;
	int cpu;		/* >= 0: pin thread i to CPU cpu + i */
	int (*setup)(void *w);	/* 0, or -1 after bench_fail() */
	void (*run)(void *w);
	void (*cleanup)(void *w);
};

int64_t bench_now_ns(void);

/* Record the worker's first failure; returns -1. */
__attribute__((format(printf, 2, 3)))
int bench_fail(struct bench_thread *t, const char *fmt, ...);

/*
 * Run the team; *secs gets the wall time. 0, or -1 with the first failing
 * thread's message ("thread N: ...") in err.
 */
int bench_team_run(const struct bench_team *team, double *secs, char *err, size_t errlen);

#endif /* WD_BENCH_THREADS_H */
