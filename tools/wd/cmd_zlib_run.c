/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd zlib-run [--lib PATH] -- PROGRAM [ARGS...]`: runs PROGRAM with the
 * zlib drop-in (libwd_zlib, soname libz.so.1) preloaded, so every zlib call
 * of the program and of its libraries goes to it. `wd zlib-run --print`
 * prints the library's path instead (for LD_PRELOAD=$(wd zlib-run --print)).
 *
 * The library is, in this order: --lib, $WD_ZLIB_LIB, the installed one
 * (${libdir}/warpdrive/libz.so.1 relative to this executable), the build
 * tree's. Both relative paths are compiled in (tools/wd/CMakeLists.txt), so
 * neither an installed nor a build-tree `wd` depends on where it was built.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "wd_cli.h"

#ifndef WD_ZLIB_REL_INSTALLED
#define WD_ZLIB_REL_INSTALLED "../lib/warpdrive/libz.so.1"
#endif
#ifndef WD_ZLIB_REL_BUILD
#define WD_ZLIB_REL_BUILD "../../src/zlib/warpdrive/libz.so.1"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wd zlib-run [--lib PATH] -- PROGRAM [ARGS...]\n"
		"       wd zlib-run [--lib PATH] --print\n"
		"\n"
		"Runs PROGRAM with WarpDrive's zlib drop-in preloaded (added after any\n"
		"LD_PRELOAD already set). --print prints the library's path.\n"
		"The library: --lib, else $WD_ZLIB_LIB, else the installed one.\n");
}

/* exe_dir/rel, resolved, if it exists; else NULL. */
static char *from_exe(const char *rel)
{
	char exe[PATH_MAX], path[PATH_MAX * 2];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	snprintf(path, sizeof(path), "%s/%s", exe, rel);
	return realpath(path, NULL);
}

static char *find_lib(const char *opt)
{
	const char *env = getenv("WD_ZLIB_LIB");
	char *p;

	if (opt != NULL || (env != NULL && *env)) {
		const char *want = opt != NULL ? opt : env;

		p = realpath(want, NULL);
		if (p == NULL)
			cli_err("zlib-run: %s: %s", want, strerror(errno));
		return p;
	}
	p = from_exe(WD_ZLIB_REL_INSTALLED);
	if (p == NULL)
		p = from_exe(WD_ZLIB_REL_BUILD);
	if (p == NULL)
		cli_err("zlib-run: the zlib drop-in library is not installed (use --lib or WD_ZLIB_LIB)");
	return p;
}

int cmd_zlib_run(int argc, char **argv)
{
	const char *opt_lib = NULL, *old;
	int i, print = 0;
	char *lib, *preload;
	size_t len;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else if (!strcmp(argv[i], "--lib") && i + 1 < argc) {
			opt_lib = argv[++i];
		} else if (!strcmp(argv[i], "--print")) {
			print = 1;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-') {
			cli_err("zlib-run: unknown option '%s'", argv[i]);
			usage(stderr);
			return 2;
		} else {
			break;	/* PROGRAM without "--" */
		}
	}
	if (!print && i >= argc) {
		usage(stderr);
		return 2;
	}
	lib = find_lib(opt_lib);
	if (lib == NULL)
		return 1;
	/* the dynamic loader splits LD_PRELOAD at spaces and colons */
	if (strpbrk(lib, ": \t") != NULL) {
		cli_err("zlib-run: %s: a path with ':' or blanks cannot be preloaded", lib);
		free(lib);
		return 1;
	}
	if (print) {
		printf("%s\n", lib);
		free(lib);
		return 0;
	}
	/* after what is already there: a sanitizer runtime must stay first */
	old = getenv("LD_PRELOAD");
	len = strlen(lib) + (old != NULL ? strlen(old) : 0) + 2;
	preload = malloc(len);
	if (preload == NULL) {
		cli_err("zlib-run: out of memory");
		free(lib);
		return 1;
	}
	if (old != NULL && *old)
		snprintf(preload, len, "%s:%s", old, lib);
	else
		snprintf(preload, len, "%s", lib);
	free(lib);
	if (setenv("LD_PRELOAD", preload, 1) != 0) {
		cli_err("zlib-run: setenv: %s", strerror(errno));
		free(preload);
		return 1;
	}
	free(preload);
	execvp(argv[i], argv + i);
	cli_err("zlib-run: %s: %s", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
