/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zgz write: every file the read side reads, made with the gz* writing calls;
 * each call's result is a transcript line (the format: zgz.c). The bytes of
 * every file (and gzoffset) are B lines: default mode compresses otherwise.
 */
#define _LARGEFILE64_SOURCE 1
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include "zfnv.h"
#include "zgz.h"

#define ZG_MAX (3u << 20)
static unsigned char zg_buf[ZG_MAX];

static unsigned char *zg_file(const char *name, size_t *n)
{
	FILE *fp = fopen(name, "rb");
	unsigned char *p;
	long len;

	if (!fp || fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
		if (fp)
			fclose(fp);
		return NULL;
	}
	p = malloc((size_t)len + 1);
	*n = p ? fread(p, 1, (size_t)len, fp) : 0;
	fclose(fp);
	return p;
}

/* the end of every written file: position, error state, close, bytes */
static void zg_wend(const char *name, gzFile f, int close_w)
{
	unsigned char *p;
	size_t n = 0;
	int err;
	const char *msg = gzerror(f, &err);

	printf("end %s: tell %lld direct %d error %d '%s'\n", name, (long long)gztell(f),
	       gzdirect(f), err, msg);
	printf("B end %s: offset %lld\n", name, (long long)gzoffset(f));
	err = close_w ? gzclose_w(f) : gzclose(f);
	printf("end %s: %s %d\n", name, close_w ? "close_w" : "close", err);
	p = zg_file(name, &n);
	printf("B end %s: %zu bytes %016llx\n", name, n, (unsigned long long)(p ? zfnv(p, n) : 0));
	free(p);
}

/* gzwrite calls over data[0..n): one call (pattern 0), 64 KiB calls (1), or
 * 20000 one-byte calls then 4099-byte ones (2); prints the calls' total and
 * any call that took less than given */
static void zg_write(const char *name, gzFile f, const unsigned char *d, size_t n, int pattern)
{
	size_t at = 0, sum = 0;
	int calls = 0;

	while (at < n || (pattern == 0 && calls == 0)) {
		size_t k = pattern == 0 ? n : pattern == 1 ? 65536 : at < 20000 ? 1 : 4099;
		int r;

		if (k > n - at)
			k = n - at;
		r = gzwrite(f, d + at, (unsigned)k);
		calls++;
		if (r != (int)k)
			printf("write %s: call %d of %zu gave %d\n", name, calls, k, r);
		sum += r > 0 ? (size_t)r : 0;
		at += k;
	}
	printf("write %s: %d calls %zu bytes tell %lld\n", name, calls, sum, (long long)gztell(f));
}

/* levels x sizes x (gzbuffer, call pattern) */
static void zg_plain(void)
{
	static const size_t sizes[] = { 0, 1, 5000, 300000, ZG_MAX };
	static const unsigned bufs[][2] = { { 0, 0 }, { 1024, 2 }, { 131072, 1 } };
	static const int levels[] = { 1, 6, 9 };
	char name[64], mode[8];
	size_t l, s, b;

	for (l = 0; l < 3; l++)
		for (s = 0; s < 5; s++)
			for (b = 0; b < 3; b++) {
				gzFile f;

				snprintf(name, sizeof(name), "p_%d_%zu_%u", levels[l], sizes[s], bufs[b][0]);
				snprintf(mode, sizeof(mode), "wb%d", levels[l]);
				f = gzopen(name, mode);
				if (!f) {
					printf("open %s: NULL\n", name);
					continue;
				}
				if (bufs[b][0])
					printf("open %s: buffer %d\n", name, gzbuffer(f, bufs[b][0]));
				zgz_data(zg_buf, sizes[s], (unsigned)(l * 15 + s * 3 + b));
				zg_write(name, f, zg_buf, sizes[s], (int)bufs[b][1]);
				/* too late once written */
				printf("write %s: buffer after %d\n", name, gzbuffer(f, 4096));
				zg_wend(name, f, (int)b & 1);
			}
}

/* gzprintf/gzputs/gzputc/gzfwrite; buffer 64 makes long gzprintf lines fail
 * (zlib's limit: the buffer's size) */
static void zg_print(const char *name, const char *mode, unsigned buf)
{
	gzFile f = gzopen(name, mode);
	long sum = 0;
	int i;

	if (!f)
		return;
	if (buf)
		printf("print %s: buffer %d\n", name, gzbuffer(f, buf));
	for (i = 0; i < 2000; i++)
		sum += gzprintf(f, "line %d %s %5.2f\n", i, i % 7 ? "gzprintf" : "", i / 8.0);
	printf("print %s: printf total %ld tell %lld\n", name, sum, (long long)gztell(f));
	printf("print %s: long printf %d\n", name,
	       gzprintf(f, "%0100d %s\n", 7, "a line longer than a small buffer"));
	printf("print %s: empty printf %d\n", name, gzprintf(f, "%s", ""));
	for (sum = 0, i = 0; i < 500; i++)
		sum += gzputs(f, i & 1 ? "puts line\n" : "another, longer line from gzputs\n");
	printf("print %s: puts total %ld\n", name, sum);
	for (sum = 0, i = 0; i < 5000; i++)
		sum += gzputc(f, "abc\n\0\377"[i % 6]);
	printf("print %s: putc total %ld tell %lld\n", name, sum, (long long)gztell(f));
	zgz_data(zg_buf, 13000, 99);
	printf("print %s: fwrite %zu\n", name, (size_t)gzfwrite(zg_buf, 13, 1000, f));
	printf("print %s: fwrite none %zu\n", name, (size_t)gzfwrite(zg_buf, 0, 1000, f));
	zg_wend(name, f, 0);
}

/* one file, everything mid-file: flushes, parameter changes, seeks, a
 * finished member followed by another, bad arguments */
static void zg_mixed(const char *name, const char *mode, unsigned buf)
{
	gzFile f = gzopen(name, mode);
	const unsigned char *d = zg_buf;
	int i, err;

	if (!f)
		return;
	zgz_data(zg_buf, ZG_MAX, 7);
	if (buf)
		printf("mixed %s: buffer %d\n", name, gzbuffer(f, buf));
	/* before the first write: only noted */
	printf("mixed %s: setparams first %d\n", name, gzsetparams(f, 6, Z_DEFAULT_STRATEGY));
	zg_write(name, f, d, 100000, 1);
	d += 100000;
	printf("mixed %s: sync %d\n", name, gzflush(f, Z_SYNC_FLUSH));
	printf("B mixed %s: offset %lld\n", name, (long long)gzoffset(f));
	printf("mixed %s: setparams 9 %d\n", name, gzsetparams(f, 9, Z_DEFAULT_STRATEGY));
	for (i = 0; i < 3000; i++)
		if (gzputc(f, d[i]) != d[i])
			printf("mixed %s: putc %d failed\n", name, i);
	d += 3000;
	zg_write(name, f, d, 150000, 2);
	d += 150000;
	printf("mixed %s: setparams 1 filtered %d\n", name, gzsetparams(f, 1, Z_FILTERED));
	zg_write(name, f, d, 100000, 0);
	d += 100000;
	printf("mixed %s: setparams same %d\n", name, gzsetparams(f, 1, Z_FILTERED));
	printf("mixed %s: setparams 6 %d\n", name, gzsetparams(f, 6, Z_DEFAULT_STRATEGY));
	printf("mixed %s: seek cur %lld\n", name, (long long)gzseek(f, 1000, SEEK_CUR));
	printf("mixed %s: seek set %lld\n", name, (long long)gzseek64(f, gztell64(f) + 5000, SEEK_SET));
	printf("mixed %s: seek back %lld\n", name, (long long)gzseek(f, 10, SEEK_SET));
	printf("mixed %s: after seek error %d\n", name, (gzerror(f, &err), err));
	zg_write(name, f, d, 70000, 1);
	d += 70000;
	printf("mixed %s: full %d\n", name, gzflush(f, Z_FULL_FLUSH));
	zg_write(name, f, d, 100000, 1);
	d += 100000;
	i = gzflush(f, Z_FINISH);
	printf("mixed %s: finish %d tell %lld\n", name, i, (long long)gztell(f));
	printf("B mixed %s: offset %lld\n", name, (long long)gzoffset(f));
	/* a second member */
	zg_write(name, f, d, 1100000, 1);
	d += 1100000;
	i = gzflush(f, Z_SYNC_FLUSH);
	printf("mixed %s: sync %d then %d\n", name, i, gzflush(f, Z_SYNC_FLUSH));
	printf("mixed %s: setparams bad %d\n", name, gzsetparams(f, 10, Z_DEFAULT_STRATEGY));
	printf("mixed %s: flush bad %d\n", name, gzflush(f, 99));
	printf("mixed %s: after bad error %d\n", name, (gzerror(f, &err), err));
	gzclearerr(f);
	zg_write(name, f, d, 5000, 2);
	d += 5000;
	printf("mixed %s: partial %d\n", name, gzflush(f, Z_PARTIAL_FLUSH));
	zg_write(name, f, d, 30000, 0);
	/* a seek still pending at close: zlib writes the zeros then */
	printf("mixed %s: seek at end %lld\n", name, (long long)gzseek(f, 777, SEEK_CUR));
	zg_wend(name, f, 1);
}

/* transparent files ("wT", and ones not written by zlib at all) */
static void zg_direct(void)
{
	static const unsigned char magic1[] = { 0x1f };
	gzFile f = gzopen("t_direct", "wT");
	FILE *fp;

	if (f) {
		printf("direct t_direct: direct %d\n", gzdirect(f));
		zgz_data(zg_buf, 300000, 5);
		zg_write("t_direct", f, zg_buf, 300000, 2);
		int r = gzprintf(f, "%d\n", 42);

		printf("direct t_direct: printf %d flush %d\n", r, gzflush(f, Z_SYNC_FLUSH));
		zg_wend("t_direct", f, 0);
	}
	fp = fopen("t_empty", "wb");
	if (fp)
		fclose(fp);
	fp = fopen("t_magic1", "wb");
	if (fp) {
		fwrite(magic1, 1, 1, fp);
		fclose(fp);
	}
}

/* members appended ("a"), one through gzdopen on an O_APPEND descriptor */
static void zg_append(void)
{
	static const char *const modes[] = { "wb1", "ab9", "ab", "ab6" };
	static const size_t sizes[] = { 300000, 5000, 0, 100 };
	int i;

	for (i = 0; i < 4; i++) {
		gzFile f;

		if (i == 3) {
			int fd = open("a_multi", O_WRONLY | O_APPEND);

			f = fd < 0 ? NULL : gzdopen(fd, modes[i]);
		} else {
			f = gzopen("a_multi", modes[i]);
		}
		printf("append a_multi: open %s %s\n", modes[i], f ? "ok" : "NULL");
		if (!f)
			continue;
		zgz_data(zg_buf, sizes[i], 40 + (unsigned)i);
		zg_write("a_multi", f, zg_buf, sizes[i], 1);
		zg_wend("a_multi", f, i & 1);
	}
	printf("append: bad mode %s\n", gzopen("a_bad", "r+") ? "ok" : "NULL");
}

/* bytes after the last member: zlib's gzread skips what is not a gzip
 * header, and reports an error for a header that leads nowhere */
static void zg_junk(void)
{
	static const struct {
		const char *name;
		const char *junk;
		size_t len;
	} j[] = {
#define ZG_JUNK(s) s, sizeof(s) - 1
		{ "j_text", ZG_JUNK("this is not gzip\n") },
		{ "j_magic", ZG_JUNK("\x1f\x8b\x08junk after a member") },
		{ "j_zeros", ZG_JUNK("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0") },
#undef ZG_JUNK
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		gzFile f = gzopen(j[i].name, "wb6");
		FILE *fp;

		if (!f)
			continue;
		zgz_data(zg_buf, 5000 + 100000 * i, 60 + (unsigned)i);
		zg_write(j[i].name, f, zg_buf, 5000 + 100000 * i, 1);
		zg_wend(j[i].name, f, 0);
		fp = fopen(j[i].name, "ab");
		if (fp) {
			fwrite(j[i].junk, 1, j[i].len, fp);
			fclose(fp);
		}
	}
}

/* members that compress ~1000:1, so a whole one fits in gzread's first
 * input buffer while its output does not fit in the output buffer: inflate's
 * fast path then hands the output out over many calls (its drain mode) */
static void zg_runs(void)
{
	static const char phrase[] = "a phrase repeated, compressed about a thousand to one\n";
	static const int levels[] = { 1, 9 };
	char name[32], mode[8];
	size_t i;
	int l;

	for (i = 0; i < ZG_MAX; i++)
		zg_buf[i] = (unsigned char)phrase[i % (sizeof(phrase) - 1)];
	for (l = 0; l < 2; l++) {
		gzFile f;

		snprintf(name, sizeof(name), "r_runs_%d", levels[l]);
		snprintf(mode, sizeof(mode), "wb%d", levels[l]);
		f = gzopen(name, mode);
		if (!f)
			continue;
		zg_write(name, f, zg_buf, ZG_MAX, 1);
		/* and a second such member */
		printf("runs %s: finish %d\n", name, gzflush(f, Z_FINISH));
		zg_write(name, f, zg_buf, ZG_MAX / 2, 0);
		zg_wend(name, f, 0);
	}
}

/* damaged copies of written files (x_*): truncated, a byte flipped mid-way,
 * a wrong check value */
static void zg_damaged(void)
{
	static const struct {
		const char *from, *name;
		int how;	/* 0 half, 1 flip mid, 2 flip the CRC, 3 no length */
	} x[] = {
		{ "p_6_300000_0", "x_trunc", 0 }, { "p_6_300000_0", "x_flip", 1 },
		{ "p_6_5000_0", "x_flip_small", 1 }, { "p_6_5000_0", "x_crc_small", 2 },
		{ "p_1_5000_0", "x_nolen_small", 3 },
	};
	size_t i, n;

	for (i = 0; i < sizeof(x) / sizeof(x[0]); i++) {
		unsigned char *p = zg_file(x[i].from, &n);
		FILE *fp;

		if (!p || n < 20)
			continue;
		if (x[i].how == 0)
			n /= 2;
		else if (x[i].how == 1)
			p[n / 2] ^= 0x55;
		else if (x[i].how == 2)
			p[n - 8] ^= 1;
		else
			n -= 4;
		fp = fopen(x[i].name, "wb");
		if (fp) {
			fwrite(p, 1, n, fp);
			fclose(fp);
		}
		free(p);
	}
}

int zgz_write_all(void)
{
	zg_plain();
	zg_print("w_print_6", "wb6", 0);
	zg_print("w_print_1_64", "wb1", 64);
	zg_mixed("m_1", "wb1", 0);
	zg_mixed("m_6_64", "wb6", 64);
	zg_mixed("m_9_8192", "wb9", 8192);
	zg_direct();
	zg_append();
	zg_junk();
	zg_runs();
	zg_damaged();
	return 0;
}
