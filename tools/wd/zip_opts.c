/* SPDX-License-Identifier: Apache-2.0 */
/* `wd zip` / `wd unzip` command line: gzip's everyday flags and ours. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wd_cli.h"
#include "zip_opts.h"

static void usage(FILE *f, bool unzip)
{
	fprintf(f,
		"usage: wd %s [options] [files...]\n"
		"\n"
		"%s files in place (%s), or stdin to stdout when no file\n"
		"or '-' is given. Input files are removed unless -k or -c.\n"
		"\n"
		"  -c, --stdout        write to stdout, keep the input files\n"
		"  -d, --decompress    decompress (as 'wd unzip')\n"
		"  -k, --keep          keep the input files\n"
		"  -f, --force         overwrite outputs; write compressed data to a terminal\n"
		"  -t, --test          check compressed files, write nothing\n"
		"  -1 ... -9           level, 1 fastest (default), 9 best; --fast, --best\n"
		"  --format=FMT        deflate, zlib or gzip (default gzip; when\n"
		"                      decompressing, by default from the suffix:\n"
		"                      .gz/.tgz gzip, .zz zlib, .deflate raw deflate)\n"
		"  -z, -g              zlib format, gzip format\n"
		"  --block-size=N      I/O buffer size (K/M suffixes; default 256K)\n"
		"  -q, --quiet         no warnings, no progress bar\n"
		"  -v, --verbose       print the compression ratio of each file\n"
		"  -h, --help          this help\n"
		"\n"
		"Exit status: 0 ok, 1 an error on some file, 2 usage error.\n",
		unzip ? "unzip" : "zip", unzip ? "Decompress" : "Compress",
		unzip ? "FILE.gz -> FILE" : "FILE -> FILE.gz");
}

static long parse_size(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	int shift = 0;

	if (end == s || v <= 0 || v > (long)ZS_MAX_BLOCK)
		return -1;
	if (*end == 'k' || *end == 'K')
		shift = 10, end++;
	else if (*end == 'm' || *end == 'M')
		shift = 20, end++;
	v <<= shift;
	if (*end || v < (long)ZS_MIN_BLOCK || v > (long)ZS_MAX_BLOCK)
		return -1;
	return v;
}

/* Space saved, as gzip -v shows it: 1 - compressed / uncompressed. */int zip_parse(int argc, char **argv, bool decompress, struct zip_opts *o)
{
	enum { OPT_FORMAT = 256, OPT_BLOCK };
	static const struct option longopts[] = {
		{ "stdout", no_argument, NULL, 'c' },
		{ "to-stdout", no_argument, NULL, 'c' },
		{ "decompress", no_argument, NULL, 'd' },
		{ "uncompress", no_argument, NULL, 'd' },
		{ "keep", no_argument, NULL, 'k' },
		{ "force", no_argument, NULL, 'f' },
		{ "test", no_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "fast", no_argument, NULL, '1' },
		{ "best", no_argument, NULL, '9' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "block-size", required_argument, NULL, OPT_BLOCK },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = decompress ? "unzip" : "zip";
	int c;
	long v;

	*o = (struct zip_opts){ .decompress = decompress, .level = 1, .alg = -1,
				.bsz = ZS_DEFAULT_BLOCK };

	argv[0] = decompress ? "wd unzip" : "wd zip";	/* getopt's message prefix */
	optind = 1;
	while ((c = getopt_long(argc, argv, "cdkftqvhzg123456789", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': o->to_stdout = true; break;
		case 'd': o->decompress = true; break;
		case 'k': o->keep = true; break;
		case 'f': o->force = true; break;
		case 't': o->test = o->decompress = true; break;
		case 'q': o->quiet = true; o->verbose = false; break;
		case 'v': o->verbose = true; o->quiet = false; break;
		case 'z': o->alg = WD_ZLIB; break;
		case 'g': o->alg = WD_GZIP; break;
		case 'h':
			usage(stdout, decompress);
			return 0;
		case OPT_FORMAT:
			for (o->alg = WD_GZIP; o->alg >= 0; o->alg--)
				if (!strcmp(optarg, zs_alg_name(o->alg)))
					break;
			if (o->alg < 0) {
				cli_err("%s: unknown format '%s' (deflate, zlib, gzip)", cmd, optarg);
				return 2;
			}
			break;
		case OPT_BLOCK:
			v = parse_size(optarg);
			if (v < 0) {
				cli_err("%s: bad block size '%s' (%u..%u bytes)", cmd, optarg,
					ZS_MIN_BLOCK, ZS_MAX_BLOCK);
				return 2;
			}
			o->bsz = v;
			break;
		default:
			if (c >= '1' && c <= '9') {
				o->level = WD_COMP_L1 + (c - '1');
				break;
			}
			fprintf(stderr, "Try 'wd %s --help'.\n", cmd);
			return 2;
		}
	}
	return -1;
}
