/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The option values both benches take, parsed one way, so that `--threads`
 * or `--duration` accept the same spellings whichever bench runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "uadk/wd_alg_common.h"

int bench_parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int bench_parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'k' || *end == 'K')
		v <<= 10, end++;
	else if (*end == 'm' || *end == 'M')
		v <<= 20, end++;
	else if (*end == 'g' || *end == 'G')
		v <<= 30, end++;
	if (*end || !v)
		return -1;
	*out = (size_t)v;
	return 0;
}

int bench_parse_duration(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (*end || end == s || !(v > 0 && v <= 3600))
		return -1;
	*out = v;
	return 0;
}

int bench_parse_mode(const char *s, bool *async)
{
	if (strcmp(s, "sync") && strcmp(s, "async"))
		return -1;
	*async = !strcmp(s, "async");
	return 0;
}

int bench_parse_cpu(const char *s, int *out)
{
	return bench_parse_int(s, 0, 4095, out);
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_median(const double *v, int n, double *lo, double *hi)
{
	double s[BENCH_MAX_ROUNDS];

	memcpy(s, v, (size_t)n * sizeof(*s));
	qsort(s, (size_t)n, sizeof(*s), cmp_dbl);
	if (lo)
		*lo = s[0], *hi = s[n - 1];
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

int bench_parse_task(const char *s, int *out)
{
	if (!strcmp(s, "instr") || !strcmp(s, "cpu"))
		*out = TASK_INSTR;
	else if (!strcmp(s, "hw"))
		*out = TASK_HW;
	else if (!strcmp(s, "mix"))
		*out = TASK_MIX;
	else
		return -1;
	return 0;
}

const char *bench_task_name(int task)
{
	return task == TASK_HW ? "hw" : task == TASK_MIX ? "mix" : "instr";
}

int bench_parse_run_opt(int c, const char *arg, const struct bench_run_args *a)
{
	int v;

	switch (c) {
	case 'm':
		return bench_parse_mode(arg, a->async) ? -1 : 1;
	case 'A':
		*a->async = true;
		return 1;
	case 'W':
		if (bench_parse_int(arg, 1, (int)a->max_window, &v))
			return -1;
		*a->window = (unsigned)v;
		return 1;
	case 't':
		return bench_parse_int(arg, 1, BENCH_MAX_THREADS, a->threads) ? -1 : 1;
	case 'd':
		return bench_parse_duration(arg, a->duration) ? -1 : 1;
	case 'r':
		return bench_parse_int(arg, 1, BENCH_MAX_ROUNDS, a->rounds) ? -1 : 1;
	case 'c':
		return bench_parse_cpu(arg, a->cpu) ? -1 : 1;
	case 'j':
		*a->json = true;
		return 1;
	case 'T':
		if (!a->task)
			return 0;
		return bench_parse_task(arg, a->task) ? -1 : 1;
	default:
		return 0;
	}
}
