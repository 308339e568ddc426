/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The option values both benches take, parsed one way, so that `--threads`
 * or `--duration` accept the same spellings whichever bench runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdio.h>
#include "bench_common.h"
#include "uadk/warpdrive.h"
#include "wd_cli.h"
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

/* Requests per driver over the run's sessions, added as each session closes. */
#define BC_MAX_DRV	8
static struct wd_sess_driver_count drv_sum[BC_MAX_DRV];
static int drv_n;
static pthread_mutex_t drv_lock = PTHREAD_MUTEX_INITIALIZER;

void bench_drivers_add(handle_t h)
{
	struct wd_sess_driver_count c[BC_MAX_DRV];
	int i, k, n = wd_sess_get_driver_counts(h, c, BC_MAX_DRV);

	pthread_mutex_lock(&drv_lock);
	for (i = 0; i < n && i < BC_MAX_DRV; i++) {
		for (k = 0; k < drv_n && strcmp(drv_sum[k].driver, c[i].driver); k++)
			;
		if (k == drv_n && drv_n == BC_MAX_DRV)
			continue;
		if (k == drv_n)
			drv_sum[drv_n++] = (struct wd_sess_driver_count){ .kind = c[i].kind };
		memcpy(drv_sum[k].driver, c[i].driver, sizeof(drv_sum[k].driver));
		drv_sum[k].requests += c[i].requests;
	}
	pthread_mutex_unlock(&drv_lock);
}

void bench_drivers_text(FILE *f)
{
	int i;

	fputs("  wd requests ran on:", f);
	for (i = 0; i < drv_n; i++)
		fprintf(f, "%s %s (%s) %llu", i ? "," : "", drv_sum[i].driver,
			drv_sum[i].kind == WD_DRIVER_HW ? "device" : "CPU",
			(unsigned long long)drv_sum[i].requests);
	fputs(drv_n ? "\n" : " nothing counted\n", f);
}

void bench_drivers_json(FILE *f)
{
	int i;

	fputc('{', f);
	for (i = 0; i < drv_n; i++) {
		fputs(i ? "," : "", f);
		cli_json_str(f, drv_sum[i].driver);
		fprintf(f, ":%llu", (unsigned long long)drv_sum[i].requests);
	}
	fputc('}', f);
}
