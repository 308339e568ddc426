/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The non-stream API through the wrapper: versions, checksums and their
 * combine functions, compress/uncompress, zError, and the gz* family
 * (including the gzgetc() macro, which reads the gzFile in place).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "zwrap.h"

#define CAP (ZW_DATA_LEN + 4096)

static unsigned char buf1[CAP], buf2[CAP];

static void checksums(void)
{
	uLong a = adler32(0, NULL, 0), c = crc32(0, NULL, 0);
	uLong a1, a2, c1, c2, op;
	const z_crc_t *table = get_crc_table();

	zw_line("version %s flags %lx initial adler %lx crc %lx", zlibVersion(),
		zlibCompileFlags(), a, c);
	a1 = adler32(a, zw_data, 1000);
	a2 = adler32_z(a, zw_data + 1000, 3000);
	c1 = crc32(c, zw_data, 1000);
	c2 = crc32_z(c, zw_data + 1000, 3000);
	op = crc32_combine_gen(3000);
	zw_line("adler %lx %lx combine %lx %lx whole %lx", a1, a2, adler32_combine(a1, a2, 3000),
		adler32_combine64(a1, a2, 3000), adler32(a, zw_data, 4000));
	zw_line("crc %lx %lx combine %lx %lx op %lx %lx gen64 %lx whole %lx", c1, c2,
		crc32_combine(c1, c2, 3000), crc32_combine64(c1, c2, 3000), op,
		crc32_combine_op(c1, c2, op), crc32_combine_gen64(3000), crc32(c, zw_data, 4000));
	zw_line("crc table %lx %lx", (unsigned long)table[1], (unsigned long)table[255]);
	zw_line("zError %s / %s / %s", zError(Z_BUF_ERROR), zError(Z_VERSION_ERROR), zError(Z_OK));
}

static void one_shot(void)
{
	uLongf dlen = CAP, plen = CAP;
	uLong slen;
	int lvl, r;

	zw_line("compressBound %lu %lu", compressBound(0), compressBound(ZW_DATA_LEN));
	for (lvl = -1; lvl <= 9; lvl += 5) {
		dlen = CAP;
		r = compress2(buf1, &dlen, zw_data, ZW_DATA_LEN, lvl);
		zw_line("compress2 %d: %d %lu %016llx", lvl, r, dlen,
			(unsigned long long)zw_hash(buf1, dlen));
	}
	dlen = CAP;
	r = compress(buf1, &dlen, zw_data, 10000);
	zw_line("compress: %d %lu", r, dlen);
	plen = CAP;
	r = uncompress(buf2, &plen, buf1, dlen);
	zw_line("uncompress: %d %lu %016llx", r, plen, (unsigned long long)zw_hash(buf2, plen));
	plen = 100;
	slen = dlen;
	r = uncompress2(buf2, &plen, buf1, &slen);
	zw_line("uncompress2 short: %d %lu %lu", r, plen, slen);
	plen = CAP;
	slen = dlen - 3;
	r = uncompress2(buf2, &plen, buf1, &slen);
	zw_line("uncompress2 cut: %d %lu %lu", r, plen, slen);
	dlen = 10;
	zw_line("compress small: %d", compress2(buf1, &dlen, zw_data, 10000, 6));
}

static void gz(void)
{
	char path[] = "/tmp/zwrap-gz-XXXXXX";
	char line[64];
	int fd = mkstemp(path), err = 0, c1, c2;
	gzFile f;
	FILE *raw;
	size_t n;

	if (fd < 0) {
		zw_line("gz: mkstemp failed");
		return;
	}
	f = gzdopen(fd, "wb9");
	zw_line("gz: buffer %d", gzbuffer(f, 4096));
	zw_line("gz: printf %d", gzprintf(f, "line %d %s %5.2f\n", 42, "printf", 3.25));
	zw_line("gz: puts %d", gzputs(f, "second line\n"));
	zw_line("gz: putc %d", gzputc(f, 'X'));
	zw_line("gz: write %d", gzwrite(f, zw_data, 30000));
	zw_line("gz: setparams %d", gzsetparams(f, 1, Z_RLE));
	zw_line("gz: fwrite %zu", (size_t)gzfwrite(zw_data, 100, 50, f));
	zw_line("gz: flush %d", gzflush(f, Z_SYNC_FLUSH));
	zw_line("gz: tell %ld", (long)gztell(f));
	zw_line("gz: offset %ld", (long)gzoffset(f));
	zw_line("gz: close_w %d", gzclose_w(f));
	raw = fopen(path, "rb");
	n = raw ? fread(buf1, 1, CAP, raw) : 0;
	if (raw)
		fclose(raw);
	zw_line("gz: file %zu bytes %016llx", n, (unsigned long long)zw_hash(buf1, n));

	f = gzopen64(path, "rb");
	zw_line("gz: direct %d", gzdirect(f));
	c1 = gzgetc(f);		/* the macro: reads the gzFile_s fields in place */
	c2 = gzgetc_(f);
	zw_line("gz: getc %d %d", c1, c2);
	zw_line("gz: ungetc %d", gzungetc('Q', f));
	zw_line("gz: gets %s", gzgets(f, line, sizeof(line)) ? line : "(null)");
	zw_line("gz: read %d", gzread(f, buf2, 1000));
	zw_line("gz: fread %zu", (size_t)gzfread(buf2, 10, 100, f));
	zw_line("gz: seek %ld", (long)gzseek(f, 20000, SEEK_SET));
	zw_line("gz: tell64 %lld", (long long)gztell64(f));
	zw_line("gz: seek64 %lld", (long long)gzseek64(f, 5, SEEK_CUR));
	zw_line("gz: read %d", gzread(f, buf2, CAP));
	zw_line("gz: eof %d", gzeof(f));
	zw_line("gz: offset64 %lld", (long long)gzoffset64(f));
	zw_line("gz: rewind %d", gzrewind(f));
	zw_line("gz: getc %d", gzgetc(f));
	zw_line("gz: bad write %d", gzwrite(f, "x", 1));
	zw_line("gz: error %s", gzerror(f, &err));
	zw_line("gz: errnum %d", err);
	gzclearerr(f);
	gzerror(f, &err);
	zw_line("gz: after clearerr %d", err);
	zw_line("gz: close_r %d", gzclose_r(f));
	f = gzopen(path, "rb");
	zw_line("gz: close %d", gzclose(f));
	zw_line("gz: open missing %s", gzopen("/nonexistent/zwrap", "rb") ? "handle" : "NULL");
	zw_line("gz: close NULL %d", gzclose(NULL));
	unlink(path);
}

void zw_misc_parts(void)
{
	checksums();
	one_shot();
	gz();
}
