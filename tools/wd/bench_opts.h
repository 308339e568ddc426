/* SPDX-License-Identifier: Apache-2.0 */
/* `wd bench` options: the command line and its defaults. */
#ifndef WD_BENCH_OPTS_H
#define WD_BENCH_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include "bench_common.h"
#include "bench_direct.h"

#define MAX_ROUNDS	BENCH_MAX_ROUNDS
#define MAX_THREADS	BENCH_MAX_THREADS
#define DEF_INPUT	"corpus/mixed.bin"

struct opts {
	int fmt, level, threads, rounds, cpu, ref;
	int task;			/* --task: TASK_INSTR (default), TASK_HW, TASK_MIX */
	unsigned window;
	bool async, json, op[2];	/* op[0] compress, op[1] decompress */
	bool lib[BD_LIB_MAX];
	size_t block, max_bytes;
	double duration;
	const char *input;
};

extern const char *const bench_fmt_names[3];	/* by enum bd_fmt */

/* Parse argv into o; 0, 1 after --help (exit 0), or 2 on a usage error. */
int bench_parse(int argc, char **argv, struct opts *o);

#endif /* WD_BENCH_OPTS_H */
