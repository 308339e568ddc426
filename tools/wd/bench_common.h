/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the compression and the crypto bench share on their command lines
 * and in their reports: the limits, the value parsers, the median.
 */
#ifndef WD_BENCH_COMMON_H
#define WD_BENCH_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "uadk/wd.h"

#define BENCH_MAX_ROUNDS	15
#define BENCH_MAX_THREADS	256

/* Each: 0, or -1 when s is not a valid value (out untouched then). */
/* A whole decimal number in [lo, hi]. */
int bench_parse_int(const char *s, int lo, int hi, int *out);
/* Bytes: a positive number, optionally with a k, m or g suffix (binary). */
int bench_parse_size(const char *s, size_t *out);
/* --duration: seconds, more than 0 and at most an hour. */
int bench_parse_duration(const char *s, double *out);
/* --mode sync|async. */
int bench_parse_mode(const char *s, bool *async);
/* --cpu: the first CPU to pin to. */
int bench_parse_cpu(const char *s, int *out);
/* --task instr|cpu|hw|mix: UADK's task type (TASK_INSTR, TASK_HW, TASK_MIX). */
int bench_parse_task(const char *s, int *out);
/* The --task word for a task type. */
const char *bench_task_name(int task);

/*
 * The options both benches have, by their getopt letters: --mode (m),
 * --async (A), --window/--inflight (W), --threads (t), --duration (d),
 * --rounds (r), --cpu (c), --json (j); where each goes.
 */
struct bench_run_args {
	bool *async;
	unsigned *window;
	unsigned max_window;
	int *threads;
	int *rounds;
	int *cpu;
	double *duration;
	bool *json;
	int *task;		/* --task instr|hw|mix (T): TASK_INSTR/HW/MIX; NULL: not taken */
};

/* 1: c is one of them and arg was taken, 0: not one of them, -1: a bad value. */
int bench_parse_run_opt(int c, const char *arg, const struct bench_run_args *a);

/*
 * The drivers that ran wd's requests (wd_sess_get_driver_counts), summed
 * over the sessions a bench closes: add a session before freeing it; the
 * report as a table line or as a JSON object {"name":N,...}.
 */
void bench_drivers_add(handle_t h_sess);
void bench_drivers_text(FILE *f);
void bench_drivers_json(FILE *f);

/*
 * The median of v[0..n) (n <= BENCH_MAX_ROUNDS, v untouched); with lo,
 * also the smallest and the largest into *lo and *hi.
 */
double bench_median(const double *v, int n, double *lo, double *hi);

#endif /* WD_BENCH_COMMON_H */
