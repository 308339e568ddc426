/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zlib functions without stream state: forwarded to the private zlib as they
 * are (adler32 and crc32 to wdz_check.c: the same values, faster). zlibVersion is therefore Debian's "1.2.13", and a gzFile is the
 * private zlib's own handle (zlib's struct gzFile_s layout, which the
 * gzgetc() macro reads in the application).
 */
#include "wdz_check.h"

/* the checksums: zlib's values, vectorised where the CPU allows */
#define wdzp_adler32(a, b, l) wdz_adler32(a, b, l)
#define wdzp_adler32_z(a, b, l) wdz_adler32(a, b, l)
#define wdzp_crc32(c, b, l) wdz_crc32(c, b, l)
#define wdzp_crc32_z(c, b, l) wdz_crc32(c, b, l)

#define WDZ_FORWARD(ret, name, params, args) \
	ret name params \
	{ \
		return wdzp_##name args; \
	}
WDZ_PLAIN_FUNCS(WDZ_FORWARD)

void gzclearerr(gzFile file)
{
	wdzp_gzclearerr(file);
}

/* Variadic: the arguments can only travel on as a va_list. */
int gzprintf(gzFile file, const char *format, ...)
{
	va_list va;
	int ret;

	va_start(va, format);
	ret = wdzp_gzvprintf(file, format, va);
	va_end(va);
	return ret;
}
