/* SPDX-License-Identifier: Apache-2.0 */
/* `wd`: WarpDrive's command-line tool. Uses only the public API. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uadk/warpdrive.h>
#include "wd_cli.h"

void cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("wd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: wd <command> [options]\n"
		"\n"
		"WarpDrive %s: compression and crypto through accelerator queues or the CPU.\n"
		"\n"
		"commands:\n"
		"  info     drivers, devices, algorithms and ctxs (--json)\n"
		"  zip      compress files or stdin (gzip-like flags)\n"
		"  unzip    decompress files or stdin (same as zip -d)\n"
		"  bench    measure the framework against the libraries under it\n"
		"  zlib-run run a program with the zlib drop-in preloaded\n"
		"\n"
		"Run 'wd <command> --help' for the options of a command.\n",
		WARPDRIVE_VERSION);
}

int main(int argc, char **argv)
{
	const char *cmd;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("wd (WarpDrive) %s\n", WARPDRIVE_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "info"))
		return cmd_info(argc - 1, argv + 1);
	if (!strcmp(cmd, "zip"))
		return cmd_zip(argc - 1, argv + 1, false);
	if (!strcmp(cmd, "unzip"))
		return cmd_zip(argc - 1, argv + 1, true);
	if (!strcmp(cmd, "bench"))
		return cmd_bench(argc - 1, argv + 1);
	if (!strcmp(cmd, "zlib-run"))
		return cmd_zlib_run(argc - 1, argv + 1);
	cli_err("unknown command '%s' (try 'wd --help')", cmd);
	return 2;
}
