/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zgz: the gz* family, as a transcript of every observable (tests/zlib/zlib_gz.sh
 * compares runs with the system zlib, libwd_zlib preloaded in default mode and
 * under WD_ZLIB=exact).
 *
 *   zgz write DIR   writes DIR's files (zgz_write.c): sizes 0..3 MiB, levels
 *                   1/6/9, gzbuffer sizes, one-byte gzwrite, gzprintf/gzputs/
 *                   gzputc/gzfwrite, gzflush, gzsetparams and gzseek mid-file,
 *                   transparent ("wT") and appended members, trailing junk,
 *                   truncated and corrupted copies (x_*)
 *   zgz read DIR    reads every file of DIR several ways (below)
 *
 * Each line is "WHAT FILE: results". Lines that depend on the compressed
 * bytes start with "B " (gzoffset, file sizes and hashes), and so do in
 * effect all lines about the x_* files (damaged copies of written bytes):
 * the script drops both where the compressed bytes may differ (default mode
 * writes other bytes than zlib's). Bytes read are printed as FNV-1a hashes.
 */
#define _GNU_SOURCE 1	/* dladdr */
#define _LARGEFILE64_SOURCE 1
#include <dirent.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "zfnv.h"
#include "zgz.h"

/* the running hash of everything one read pattern returned */
struct zg_hash {
	uint64_t h;
	size_t n;
};

static void zg_add(struct zg_hash *s, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--) {
		s->h ^= *b++;
		s->h *= 0x100000001b3ull;
		s->n++;
	}
}

static void zg_hinit(struct zg_hash *s)
{
	s->h = 0xcbf29ce484222325ull;
	s->n = 0;
}

/* the state every pattern prints at its end; offsets are the compressed
 * position, so a B line */
static void zg_end(const char *tag, const char *name, gzFile f)
{
	/* one call at a time: gzdirect may read ahead (zlib's gz_look) */
	int eof = gzeof(f), direct = gzdirect(f), err;
	long long tell = gztell(f);
	const char *msg = gzerror(f, &err);

	printf("%s %s: eof %d tell %lld direct %d error %d '%s'\n", tag, name, eof, tell, direct,
	       err, msg);
	printf("B %s %s: offset %lld\n", tag, name, (long long)gzoffset(f));
	printf("%s %s: close_r %d\n", tag, name, gzclose_r(f));
}

/* big reads with gzbuffer size `buf` (0: the default) */
static void zg_read_big(const char *name, unsigned buf, unsigned piece)
{
	static unsigned char out[1 << 20];
	struct zg_hash s;
	char tag[32];
	gzFile f = gzopen(name, "rb");
	int r;

	snprintf(tag, sizeof(tag), "big%u/%u", buf, piece);
	if (!f) {
		printf("%s %s: open failed\n", tag, name);
		return;
	}
	if (buf)
		printf("%s %s: buffer %d\n", tag, name, gzbuffer(f, buf));
	zg_hinit(&s);
	while ((r = gzread(f, out, piece)) > 0) {
		zg_add(&s, out, (size_t)r);
	}
	printf("%s %s: %zu bytes %016llx last %d\n", tag, name, s.n, (unsigned long long)s.h, r);
	zg_end(tag, name, f);
}

/* small calls of every kind: one-byte gzread, gzgetc (the macro and the
 * function), gzungetc, gzfread, then 4099-byte reads */
static void zg_read_small(const char *name)
{
	unsigned char b[4099];
	struct zg_hash s;
	gzFile f = gzopen(name, "rb");
	int i, r, c;
	size_t n;

	if (!f) {
		printf("small %s: open failed\n", name);
		return;
	}
	printf("small %s: direct %d\n", name, gzdirect(f));
	zg_hinit(&s);
	for (i = 0; i < 3000 && (r = gzread(f, b, 1)) == 1; i++)
		zg_add(&s, b, 1);
	printf("small %s: 1-byte reads %d tell %lld\n", name, i, (long long)gztell(f));
	for (i = 0; i < 3000 && (c = i & 1 ? gzgetc(f) : gzgetc_(f)) != -1; i++) {
		b[0] = (unsigned char)c;
		zg_add(&s, b, 1);
	}
	printf("small %s: getc %d tell %lld\n", name, i, (long long)gztell(f));
	/* pushed-back bytes come out first, and count in gztell */
	c = gzungetc('Q', f);
	r = gzungetc('R', f);
	printf("small %s: ungetc %d %d tell %lld\n", name, c, r, (long long)gztell(f));
	r = gzread(f, b, 10);
	printf("small %s: after ungetc read %d %016llx\n", name, r,
	       (unsigned long long)zfnv(b, r > 0 ? (size_t)r : 0));
	n = gzfread(b, 7, 300, f);
	zg_add(&s, b, n * 7);
	printf("small %s: fread %zu tell %lld\n", name, n, (long long)gztell(f));
	while ((r = gzread(f, b, sizeof(b))) > 0)
		zg_add(&s, b, (size_t)r);
	printf("small %s: %zu bytes %016llx last %d\n", name, s.n, (unsigned long long)s.h, r);
	printf("small %s: getc at end %d\n", name, gzgetc(f));
	zg_end("small", name, f);
}

/* gzgets with a 100-byte buffer, then with 2 and 1 (the edge cases) */
static void zg_read_gets(const char *name)
{
	char line[100];
	struct zg_hash s;
	gzFile f = gzopen(name, "rb");
	int lines = 0;
	char *p;

	if (!f) {
		printf("gets %s: open failed\n", name);
		return;
	}
	zg_hinit(&s);
	p = gzgets(f, line, 2);
	printf("gets %s: len 2 %s '%s'\n", name, p ? "ok" : "NULL", p ? line : "");
	p = gzgets(f, line, 1);
	printf("gets %s: len 1 %s\n", name, p ? "ok" : "NULL");
	while (gzgets(f, line, sizeof(line))) {
		zg_add(&s, line, strlen(line) + 1);
		lines++;
	}
	printf("gets %s: %d lines %016llx\n", name, lines, (unsigned long long)s.h);
	zg_end("gets", name, f);
}

/* gzseek forward, backward (a rewind and a re-read), past the end; the
 * 64-bit and the plain calls */
static void zg_read_seek(const char *name)
{
	static const struct {
		long long off;
		int whence;
	} steps[] = {
		{ 1000, SEEK_SET }, { 5000, SEEK_CUR }, { 10, SEEK_SET }, { -5, SEEK_CUR },
		{ -100000, SEEK_CUR }, { 0, SEEK_END }, { 300000, SEEK_SET }, { 1 << 22, SEEK_CUR },
	};
	unsigned char b[100];
	gzFile f = gzopen64(name, "rb");
	size_t i;
	int r;

	if (!f) {
		printf("seek %s: open failed\n", name);
		return;
	}
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		long long at = i & 1 ? (long long)gzseek64(f, steps[i].off, steps[i].whence) :
				       (long long)gzseek(f, (z_off_t)steps[i].off, steps[i].whence);

		r = gzread(f, b, sizeof(b));
		printf("seek %s: %lld/%d -> %lld read %d %016llx tell %lld eof %d\n", name,
		       steps[i].off, steps[i].whence, at, r,
		       (unsigned long long)zfnv(b, r > 0 ? (size_t)r : 0),
		       (long long)gztell64(f), gzeof(f));
		printf("B seek %s: offset %lld\n", name, (long long)gzoffset64(f));
	}
	r = gzrewind(f);
	printf("seek %s: rewind %d tell %lld\n", name, r, (long long)gztell(f));
	r = gzread(f, b, sizeof(b));
	printf("seek %s: read %d %016llx\n", name, r, (unsigned long long)zfnv(b, r > 0 ? (size_t)r : 0));
	gzclearerr(f);
	zg_end("seek", name, f);
}

static int zg_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int zg_read_all(void)
{
	char *names[512];
	int n = 0, i;
	DIR *d = opendir(".");
	struct dirent *e;

	if (!d)
		return 1;
	while ((e = readdir(d)) && n < 512)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), zg_cmp);
	for (i = 0; i < n; i++) {
		printf("file %s:\n", names[i]);
		zg_read_big(names[i], 0, 1 << 20);
		zg_read_big(names[i], 64, 65536);
		zg_read_big(names[i], 1 << 20, 1000);
		zg_read_small(names[i]);
		zg_read_gets(names[i]);
		zg_read_seek(names[i]);
		free(names[i]);
	}
	printf("files %d\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	int ret;

	if (argc != 3 || chdir(argv[2]) != 0) {
		fprintf(stderr, "usage: zgz write|read DIR (an existing directory)\n");
		return 2;
	}
	/* which zlib this run has: the script checks the preloaded runs' */
	{
		Dl_info di;

		if (dladdr((void *)gzopen, &di) && di.dli_fname)
			fprintf(stderr, "zgz: gzopen from %s\n", di.dli_fname);
	}
	/* one line per stdout write would be slow; the order is all that matters */
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	if (!strcmp(argv[1], "write"))
		ret = zgz_write_all();
	else if (!strcmp(argv[1], "read"))
		ret = zg_read_all();
	else
		ret = 2;
	printf("end\n");
	return ret;
}
