/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A stand-in for libz's inflate that costs nothing but writing the output:
 * inflateInit2_ loads the expected output (the file ZLIB_FLOOR_REF) once,
 * and inflate copies it into the caller's buffers, as much as each call has
 * room for, then reports Z_STREAM_END with all input used. Preloaded under
 * Python, zlib.decompress then costs what Python itself does around any
 * inflate (its output blocks, their page faults, the final join): the floor
 * no zlib library can go under. bench/zlib_floor.sh uses it; it decodes
 * nothing and is no library for any other use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *ref;
static size_t ref_len, pos;

static void load(void)
{
	const char *path = getenv("ZLIB_FLOOR_REF");
	FILE *f = path ? fopen(path, "rb") : NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(ref = malloc((size_t)n + 1)) || fread(ref, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "zlib_floor_stub: cannot read ZLIB_FLOOR_REF\n");
		exit(1);
	}
	ref_len = (size_t)n;
	fclose(f);
}

int inflateInit2_(z_streamp s, int wbits, const char *version, int size)
{
	(void)wbits;
	(void)version;
	(void)size;
	if (!ref)
		load();
	pos = 0;
	s->total_in = s->total_out = 0;
	s->msg = NULL;
	return Z_OK;
}

int inflateInit_(z_streamp s, const char *version, int size)
{
	return inflateInit2_(s, MAX_WBITS, version, size);
}

int inflate(z_streamp s, int flush)
{
	size_t n = ref_len - pos < s->avail_out ? ref_len - pos : s->avail_out;

	(void)flush;
	memcpy(s->next_out, ref + pos, n);
	pos += n;
	s->next_out += n;
	s->avail_out -= (uInt)n;
	s->total_out += n;
	if (pos < ref_len)
		return Z_OK;
	s->next_in += s->avail_in;
	s->total_in += s->avail_in;
	s->avail_in = 0;
	return Z_STREAM_END;
}

int inflateEnd(z_streamp s)
{
	(void)s;
	return Z_OK;
}
