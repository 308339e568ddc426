/* SPDX-License-Identifier: Apache-2.0 */
/* `wd bench` command line: usage text, value parsers and defaults. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "uadk/wd_alg_common.h"
#include "bench_opts.h"
#include "bench_run.h"
#include "wd_cli.h"

const char *const bench_fmt_names[3] = { "deflate", "zlib", "gzip" };

static void usage(FILE *f)
{
	fputs("usage: wd bench [options]\n"
	      "\n"
	      "Compress and decompress the blocks of an input through WarpDrive (wd) and,\n"
	      "in the same run, through ISA-L, zlib and libdeflate called directly (state\n"
	      "reused, the best way each offers). MB/s = 10^6 uncompressed bytes per second\n"
	      "of wall time over all threads; ratio = uncompressed / compressed; wd/lib =\n"
	      "wd MB/s / lib MB/s. Rounds alternate the engines; medians are reported\n"
	      "(wd/lib and the overhead as medians of the pairs measured in one round).\n"
	      "Decompression: every engine decodes the same blocks, compressed by wd.\n"
	      "Every wd output is checked (compressed blocks decoded by zlib) first.\n"
	      "\n"
	      "  --alg deflate|zlib|gzip   format (default deflate)\n"
	      "  --level N                 1..12 (default 1; ISA-L only for 1-3, zlib 1-9)\n"
	      "  --block-size SIZE         4k, 64k, 1m or bytes (default 64k)\n"
	      "  --mode sync|async         wd API used (default sync; libraries are sync)\n"
	      "  --window N                async requests in flight per thread (default 32)\n"
	      "  --threads N               threads, each on its own slice (default 1)\n"
	      "  --duration SECONDS        per engine per round (default 2)\n"
	      "  --rounds N                interleaved rounds, median reported (default 3)\n"
	      "  --op comp|decomp|both     default both\n"
	      "  --input FILE              default " DEF_INPUT " (bench/make_corpus.sh)\n"
	      "  --max-bytes SIZE          read at most this much input (default 96m)\n"
	      "  --libs LIST               isal,zlib,libdeflate (default all) or none\n"
	      "  --ref LIB                 library for the overhead line (default: the\n"
	      "                            one the CPU driver uses: isal for levels 1-3,\n"
	      "                            libdeflate above and for decompression)\n"
	      "  --cpu N                   pin thread i to CPU N+i (default: not pinned)\n"
	      "  --json                    one JSON object instead of tables\n"
	      "  --task instr|hw|mix       where wd runs requests: CPU driver (default), queue\n"
	      "                            devices only, or devices and the CPU; the report\n"
	      "                            says which drivers ran them\n"
	      "\n"
	      "Ciphers, digests and AEADs: wd bench --alg cbc(aes) --help (any crypto\n"
	      "algorithm name selects the crypto bench).\n", f);
}

static int parse_libs(const char *s, bool *lib)
{
	char buf[128], *tok, *save = NULL;

	memset(lib, 0, BD_LIB_MAX * sizeof(*lib));
	if (!strcmp(s, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int l = bd_lib_from_name(tok);

		if (l < 0)
			return -1;
		lib[l] = true;
	}
	return 0;
}

int bench_parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "alg", 1, NULL, 'a' }, { "level", 1, NULL, 'l' }, { "block-size", 1, NULL, 'b' },
		{ "mode", 1, NULL, 'm' }, { "window", 1, NULL, 'W' }, { "threads", 1, NULL, 't' },
		{ "duration", 1, NULL, 'd' }, { "rounds", 1, NULL, 'r' }, { "op", 1, NULL, 'o' },
		{ "input", 1, NULL, 'i' }, { "max-bytes", 1, NULL, 'M' }, { "libs", 1, NULL, 'L' },
		{ "ref", 1, NULL, 'R' }, { "cpu", 1, NULL, 'c' }, { "json", 0, NULL, 'j' },
		{ "help", 0, NULL, 'h' }, { "task", 1, NULL, 'T' }, { NULL, 0, NULL, 0 },
	};
	int c, v, li = 0;
	const struct bench_run_args run = {
		.async = &o->async, .window = &o->window, .max_window = 1024,
		.threads = &o->threads, .rounds = &o->rounds, .cpu = &o->cpu,
		.duration = &o->duration, .json = &o->json, .task = &o->task,
	};

	*o = (struct opts){ .level = 1, .threads = 1, .rounds = 3, .cpu = -1, .ref = -1,
			    .window = 32, .op = { true, true }, .lib = { true, true, true },
			    .block = 64 << 10, .max_bytes = 96 << 20, .duration = 2.0,
			    .input = DEF_INPUT, .task = TASK_INSTR };
	while ((c = getopt_long(argc, argv, "h", lo, &li)) != -1) {
		switch (c) {
		case 'a':
			for (o->fmt = 0; o->fmt < 3 && strcmp(optarg, bench_fmt_names[o->fmt]); o->fmt++)
				;
			if (o->fmt == 3)
				goto bad;
			break;
		case 'l':
			if (bench_parse_int(optarg, 1, 12, &o->level))
				goto bad;
			break;
		case 'b':
			if (bench_parse_size(optarg, &o->block) || o->block > (64 << 20))
				goto bad;
			break;
		case 'o':
			o->op[0] = !strcmp(optarg, "comp") || !strcmp(optarg, "both");
			o->op[1] = !strcmp(optarg, "decomp") || !strcmp(optarg, "both");
			if (!o->op[0] && !o->op[1])
				goto bad;
			break;
		case 'i':
			o->input = optarg;
			break;
		case 'M':
			if (bench_parse_size(optarg, &o->max_bytes))
				goto bad;
			break;
		case 'L':
			if (parse_libs(optarg, o->lib))
				goto bad;
			break;
		case 'R':
			if ((o->ref = bd_lib_from_name(optarg)) < 0)
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 1;
		default:
			v = bench_parse_run_opt(c, optarg, &run);
			if (v < 0)
				goto bad;
			if (v)
				break;
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		cli_err("bench: unexpected argument '%s'", argv[optind]);
		return 2;
	}
	return 0;
bad:
	cli_err("bench: bad value '%s' for --%s (see wd bench --help)", optarg, lo[li].name);
	return 2;
}
