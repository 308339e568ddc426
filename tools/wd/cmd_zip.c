// SPDX-License-Identifier: Apache-2.0
/* `wd zip` / `wd unzip`: gzip-style file handling around zip_stream. */
#define _GNU_SOURCE	/* renameat2, mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wd_cli.h"
#include "zip_opts.h"
#include "zip_stream.h"


/* Indexed by format for compression; all recognised when decompressing. */
static const struct {
	const char *suf;
	const char *repl;	/* what it becomes when stripped */
	int alg;
} suffixes[] = {
	[WD_DEFLATE] = { ".deflate", "", WD_DEFLATE },
	[WD_ZLIB] = { ".zz", "", WD_ZLIB },
	[WD_GZIP] = { ".gz", "", WD_GZIP },
	{ ".tgz", ".tar", WD_GZIP },
};

#define NSUF (sizeof(suffixes) / sizeof(suffixes[0]))

/* The temp output, for the signal handler to remove. */
static char tmp_path[PATH_MAX];
static volatile sig_atomic_t tmp_live;

static void on_signal(int sig)
{
	if (tmp_live)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* Leave signals ignored by our parent (nohup) ignored. */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static double ratio(const struct zip_opts *o, const struct zs_stats *st)
{
	uint64_t comp = o->decompress ? st->in_bytes : st->out_bytes;
	uint64_t raw = o->decompress ? st->out_bytes : st->in_bytes;

	return raw ? 100.0 * (1.0 - (double)comp / (double)raw) : 0.0;
}

/* Exit status over several files: an error (1) outranks a warning (2). */
static int worst(int a, int b)
{
	return a == 1 || b == 1 ? 1 : a ? a : b;
}

/* Run one stream and report; 0, 1 (error) or 2 (warning). label names the input. */
static int run(struct zs_engine *e, const struct zip_opts *o, int alg, int in_fd,
	       int out_fd, const char *label, const char *out_label, uint64_t size,
	       struct zs_stats *st)
{
	struct progress pg;
	struct zs_error err;
	int ret;

	progress_begin(&pg, label, size, o->quiet);
	ret = zs_run(e, alg, in_fd, out_fd, st, &pg, &err);
	progress_end(&pg);
	if (ret) {
		cli_err("%s: %s", err.where == ZS_ERR_OUT ? out_label : label, err.msg);
		return 1;
	}
	if (st->warning) {
		if (!o->quiet)
			cli_err("%s: %s", label, st->warning);
		return 2;	/* done, with a warning: gzip's exit status */
	}
	return 0;
}

static int do_stdin(struct zs_engine *e, const struct zip_opts *o)
{
	int alg = o->alg < 0 ? WD_GZIP : o->alg;
	struct zs_stats st;
	struct stat sb;
	uint64_t size = 0;
	int ret;

	if (o->decompress && !o->force && isatty(STDIN_FILENO)) {
		cli_err("compressed data not read from a terminal. Use -f to force decompression.");
		return 1;
	}
	if (fstat(STDIN_FILENO, &sb) == 0 && S_ISREG(sb.st_mode))
		size = sb.st_size;
	ret = run(e, o, alg, STDIN_FILENO, o->test ? -1 : STDOUT_FILENO, "stdin", "stdout",
		  size, &st);
	if (ret == 1)
		return 1;
	if (o->verbose)
		fprintf(stderr, o->test ? "stdin:\t OK\n" : "stdin:\t%5.1f%%\n", ratio(o, &st));
	return ret;
}

/* Work out the output name and format; returns 0 or 1 (reported). */
static int out_name(const struct zip_opts *o, const char *name, char *out, size_t outsz,
		    int *alg)
{
	size_t len = strlen(name), i;
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	for (i = 0; i < NSUF; i++) {
		size_t sl = strlen(suffixes[i].suf);

		if (len > sl && !strcmp(name + len - sl, suffixes[i].suf) &&
		    strlen(base) > sl)
			break;
	}
	if (!o->decompress) {
		*alg = o->alg < 0 ? WD_GZIP : o->alg;
		if (i < NSUF) {
			cli_err("%s: already has %s suffix -- unchanged", name, suffixes[i].suf);
			return 1;
		}
		if (snprintf(out, outsz, "%s%s", name, suffixes[*alg].suf) >= (int)outsz)
			goto too_long;
		return 0;
	}
	if (i == NSUF) {
		*alg = o->alg < 0 ? WD_GZIP : o->alg;
		if (o->to_stdout || o->test)
			return 0;	/* no name to make: any suffix will do */
		cli_err("%s: unknown suffix -- ignored", name);
		return 1;
	}
	*alg = o->alg < 0 ? suffixes[i].alg : o->alg;
	if (snprintf(out, outsz, "%.*s%s", (int)(len - strlen(suffixes[i].suf)), name,
		     suffixes[i].repl) >= (int)outsz)
		goto too_long;
	return 0;
too_long:
	cli_err("%s: file name too long", name);
	return 1;
}

/* Give the finished temp file the input's owner, mode and times, then name it. */
static int finish_output(const struct zip_opts *o, int fd, const struct stat *sb,
			 const char *out)
{
	struct timespec ts[2] = { sb->st_atim, sb->st_mtim };
	int ret;

	/* Only root can give files away; failing to is not an error (gzip agrees). */
	if (fchown(fd, sb->st_uid, sb->st_gid) && fchown(fd, -1, sb->st_gid))
		errno = 0;
	if (fchmod(fd, sb->st_mode & 0777) || futimens(fd, ts)) {
		cli_err("%s: cannot set mode/times: %s", out, strerror(errno));
		return 1;
	}
	if (close(fd)) {
		cli_err("%s: write error: %s", out, strerror(errno));
		return 1;
	}
	if (o->force) {
		ret = rename(tmp_path, out);
	} else {
		/* Without -f a file that appeared meanwhile must survive. */
		ret = renameat2(AT_FDCWD, tmp_path, AT_FDCWD, out, RENAME_NOREPLACE);
		if (ret && (errno == EINVAL || errno == ENOSYS))
			ret = rename(tmp_path, out);	/* fs cannot; we checked before */
	}
	if (ret) {
		cli_err("%s: %s", out, errno == EEXIST ? "already exists; not overwritten" :
			strerror(errno));
		return 1;
	}
	return 0;
}

static int do_file(struct zs_engine *e, const struct zip_opts *o, const char *name)
{
	char out[PATH_MAX] = "";
	const char *slash;
	struct zs_stats st;
	struct stat sb, ob;
	int alg, in_fd, out_fd, ret;
	bool warned;

	if (lstat(name, &sb)) {
		cli_err("%s: %s", name, strerror(errno));
		return 1;
	}
	if (S_ISLNK(sb.st_mode)) {
		if (!o->force && !o->to_stdout && !o->test) {
			cli_err("%s: is a symbolic link -- ignored (use -f)", name);
			return 1;
		}
		if (stat(name, &sb)) {
			cli_err("%s: %s", name, strerror(errno));
			return 1;
		}
	}
	/* Before open(): opening a FIFO would wait for a writer. */
	if (S_ISDIR(sb.st_mode)) {
		cli_err("%s: is a directory -- ignored", name);
		return 1;
	}
	if (!S_ISREG(sb.st_mode) && !o->to_stdout && !o->test) {
		cli_err("%s: is not a regular file -- ignored", name);
		return 1;
	}
	if (out_name(o, name, out, sizeof(out), &alg))
		return 1;
	in_fd = open(name, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0 || fstat(in_fd, &sb)) {
		cli_err("%s: %s", name, strerror(errno));
		goto close_in;
	}

	if (o->to_stdout || o->test) {
		ret = run(e, o, alg, in_fd, o->test ? -1 : STDOUT_FILENO, name, "stdout",
			  S_ISREG(sb.st_mode) ? sb.st_size : 0, &st);
		close(in_fd);
		if (ret != 1 && o->verbose)
			fprintf(stderr, o->test ? "%s:\t OK\n" : "%s:\t%5.1f%%\n", name,
				ratio(o, &st));
		return ret;
	}

	if (!o->force && lstat(out, &ob) == 0) {
		cli_err("%s: already exists; not overwritten (use -f)", out);
		goto close_in;
	}
	/* A temp in the output's directory, so the final rename is atomic. */
	slash = strrchr(out, '/');
	if (snprintf(tmp_path, sizeof(tmp_path), "%.*s.%s.XXXXXX",
		     slash ? (int)(slash - out + 1) : 0, out, slash ? slash + 1 : out) >=
	    (int)sizeof(tmp_path)) {
		cli_err("%s: file name too long", out);
		goto close_in;
	}
	out_fd = mkostemp(tmp_path, O_CLOEXEC);
	if (out_fd < 0) {
		cli_err("%s: cannot create: %s", out, strerror(errno));
		goto close_in;
	}
	tmp_live = 1;
	ret = run(e, o, alg, in_fd, out_fd, name, out, sb.st_size, &st);
	warned = ret == 2;
	if (ret == 1)
		close(out_fd);
	else
		ret = finish_output(o, out_fd, &sb, out);
	if (ret)
		unlink(tmp_path);
	tmp_live = 0;
	close(in_fd);
	if (ret)
		return 1;

	if (o->verbose)
		fprintf(stderr, "%s:\t%5.1f%% -- %s %s\n", name, ratio(o, &st),
			o->keep ? "created" : "replaced with", out);
	if (!o->keep && unlink(name)) {
		cli_err("%s: cannot remove: %s", name, strerror(errno));
		return 1;
	}
	return warned ? 2 : 0;

close_in:
	if (in_fd >= 0)
		close(in_fd);
	return 1;
}

int cmd_zip(int argc, char **argv, bool decompress)
{
	struct zip_opts o;
	struct zs_engine e;
	struct zs_error err;
	bool used_stdin = false, to_stdout;
	int i, rc;

	rc = zip_parse(argc, argv, decompress, &o);
	if (rc >= 0)
		return rc;
	rc = 0;
	/* Like gzip, check once up front rather than for each file. */
	to_stdout = (o.to_stdout || optind == argc) && !o.test;
	for (i = optind; i < argc; i++)
		if (!strcmp(argv[i], "-"))
			to_stdout = true;
	if (to_stdout && !o.decompress && !o.force && isatty(STDOUT_FILENO)) {
		cli_err("compressed data not written to a terminal. Use -f to force compression.");
		return 1;
	}
	if (zs_engine_open(&e, o.alg < 0 ? WD_GZIP : o.alg, o.decompress, o.level,
			   o.bsz, &err)) {
		cli_err("%s", err.msg);
		return 1;
	}
	catch_signals();
	if (optind == argc) {
		rc = do_stdin(&e, &o);
	} else {
		for (i = optind; i < argc; i++) {
			if (!strcmp(argv[i], "-")) {
				/* stdin can be read only once */
				if (used_stdin)
					continue;
				used_stdin = true;
				rc = worst(rc, do_stdin(&e, &o));
			} else {
				rc = worst(rc, do_file(&e, &o, argv[i]));
			}
		}
	}
	zs_engine_close(&e);
	return rc;
}
