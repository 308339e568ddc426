/* SPDX-License-Identifier: Apache-2.0 */
/* `wd zip` / `wd unzip` options. */
#ifndef WD_ZIP_OPTS_H
#define WD_ZIP_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include "zip_stream.h"

struct zip_opts {
	bool decompress, to_stdout, keep, force, quiet, verbose, test;
	int level;
	int alg;		/* -1: gzip, or from the suffix when decompressing */
	size_t bsz;
};

/*
 * Parse argv (argv[0] is "zip" or "unzip"); optind is left at the first
 * file. Returns -1 to go on, or the exit status (0 after --help, 2 on a
 * usage error, already reported).
 */
int zip_parse(int argc, char **argv, bool decompress, struct zip_opts *o);

#endif /* WD_ZIP_OPTS_H */
