/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate's stream mode past its 1 MiB hold ("committed", docs/zlib-dropin.md):
 * run preloaded in default mode. Long streams (about 3 MiB compressed) of
 * each format, fed 8 KiB of input and 64 KiB of room per call:
 *  - the data, Z_STREAM_END, trailing bytes left exactly, total_in the
 *    stream's length, adler zlib's value (adler32/crc32 of the data);
 *  - mid-stream, after 2 MiB of input: inflateGetDictionary gives the last
 *    32 KiB delivered, data_type is 0; the documented answers of a committed
 *    stream (Z_BLOCK -> Z_STREAM_ERROR, inflateMark -> -65536, inflateCopy
 *    -> Z_MEM_ERROR, inflatePrime -> Z_STREAM_ERROR) leave it decoding on;
 *  - a byte flipped at 2 MiB: Z_DATA_ERROR with msg, the output before it
 *    a prefix of the data, the stream staying in error;
 *  - inflateReset mid-stream, then a small stream on the same z_stream;
 *    inflateEnd mid-stream;
 *  - fork() mid-stream, the child going on (fork_mid).
 * With "plain" (the system zlib) the checks zlib must pass too run (all but
 * the committed answers), so the harness is shown to pass on zlib. Exit 0 and "ok", or a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#define DATA_LEN ((size_t)10 << 20)
#define IN_PIECE 8192u
#define OUT_PIECE 65536u

static unsigned char *data, *comp, *out;
static int plain;
static int failures;

#define CHECK(c, ...)                                                   \
	do {                                                            \
		if (!(c)) {                                             \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                   \
			fputc('\n', stderr);                            \
			failures++;                                     \
		}                                                       \
	} while (0)

/* Text-like runs with random stretches: about 3x smaller compressed. */
static void fill(unsigned char *p, size_t n)
{
	static const char *const words[] = { "stream ", "mode ", "inflate ", "committed ", "the ",
					     "\n", "warp ", "0123456789 " };
	unsigned x = 2024;
	size_t i = 0;

	while (i < n) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 9 == 0) {
			for (int k = 0; k < 40 && i < n; k++, i++) {
				x = x * 1103515245u + 12345u;
				p[i] = (unsigned char)(x >> 23);
			}
			continue;
		}
		for (const char *w = words[(x >> 16) % 8]; *w && i < n; w++)
			p[i++] = (unsigned char)*w;
	}
}

static size_t pack(int wbits, const unsigned char *trail, size_t tlen)
{
	z_stream z;
	size_t n;

	memset(&z, 0, sizeof(z));
	/* auto-detect (47) reads a gzip stream */
	if (deflateInit2(&z, 6, Z_DEFLATED, wbits > 31 ? 31 : wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = data;
	z.avail_in = (uInt)DATA_LEN;
	z.next_out = comp;
	z.avail_out = (uInt)(DATA_LEN * 2);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	n = z.total_out;
	deflateEnd(&z);
	if (tlen)
		memcpy(comp + n, trail, tlen);
	return n;
}

static void start(z_stream *z, int wbits)
{
	memset(z, 0, sizeof(*z));
	if (inflateInit2(z, wbits) != Z_OK)
		abort();
}

/* One call: at most IN_PIECE more input from comp (given pos, up to end). */
static int step(z_stream *z, size_t *pos, size_t end, size_t *got)
{
	size_t give;
	int r;

	if (z->avail_in == 0 && *pos < end) {
		give = end - *pos < IN_PIECE ? end - *pos : IN_PIECE;
		z->next_in = comp + *pos;
		z->avail_in = (uInt)give;
		*pos += give;
	}
	z->next_out = out + *got;
	z->avail_out = OUT_PIECE;
	r = inflate(z, Z_NO_FLUSH);
	*got = (size_t)(z->next_out - out);
	return r;
}

static void whole(const char *name, int wbits, int probe)
{
	static const unsigned char trail[] = "TRAILING";
	size_t clen = pack(wbits, trail, sizeof(trail)), pos = 0, got = 0;
	int r = Z_OK, probed = 0;
	z_stream z;

	start(&z, wbits);
	while (r == Z_OK) {
		r = step(&z, &pos, clen + sizeof(trail), &got);
		if (probe && !probed && z.total_in > (2u << 20) && r == Z_OK) {
			unsigned char dict[32768];
			uInt dlen = 0;
			z_stream cp;

			probed = 1;
			CHECK(inflateGetDictionary(&z, dict, &dlen) == Z_OK && dlen == 32768 &&
			      !memcmp(dict, out + got - dlen, dlen), "%s: window", name);
			if (plain)
				continue;
			CHECK(z.data_type == 0, "%s: data_type %d mid-stream", name, z.data_type);
			CHECK(inflate(&z, Z_BLOCK) == Z_STREAM_ERROR, "%s: Z_BLOCK", name);
			CHECK(inflateMark(&z) == -65536L, "%s: inflateMark", name);
			memset(&cp, 0, sizeof(cp));
			CHECK(inflateCopy(&cp, &z) == Z_MEM_ERROR, "%s: inflateCopy", name);
			CHECK(inflatePrime(&z, 3, 5) == Z_STREAM_ERROR, "%s: inflatePrime", name);
		}
	}
	CHECK(probe == 0 || probed, "%s: never 2 MiB in", name);
	CHECK(r == Z_STREAM_END, "%s: ret %d (%s)", name, r, z.msg ? z.msg : "-");
	CHECK(got == DATA_LEN && !memcmp(out, data, DATA_LEN), "%s: data (%zu bytes)", name, got);
	/* trailing bytes: what was left of the last piece given */
	CHECK(z.total_in == clen, "%s: total_in %lu, stream %zu", name, z.total_in, clen);
	CHECK(z.avail_in == pos - clen && !memcmp(z.next_in, trail, z.avail_in),
	      "%s: %u trailing bytes left, %zu expected", name, z.avail_in, pos - clen);
	if (wbits > 0)
		CHECK(z.adler == (wbits > 15 ? crc32(0, data, (uInt)DATA_LEN)
					     : adler32(1, data, (uInt)DATA_LEN)),
		      "%s: adler %08lx", name, z.adler);
	CHECK(inflateEnd(&z) == Z_OK, "%s: inflateEnd", name);
}

static void corrupt(int wbits)
{
	size_t clen = pack(wbits, NULL, 0), pos = 0, got = 0;
	int r = Z_OK;
	z_stream z;

	size_t safe = 0;

	comp[2u << 20] ^= 0x55;
	start(&z, wbits);
	while (r == Z_OK) {
		/* the output made from input well before the flipped byte */
		if (z.total_in + IN_PIECE < (2u << 20) - 65536)
			safe = got;
		r = step(&z, &pos, clen, &got);
	}
	CHECK(r == Z_DATA_ERROR && z.msg != NULL, "corrupt %d: ret %d", wbits, r);
	CHECK(safe > (1u << 20) && !memcmp(out, data, safe),
	      "corrupt %d: output before the error is not the data (%zu)", wbits, safe);
	r = step(&z, &pos, clen, &got);
	CHECK(r == Z_DATA_ERROR, "corrupt %d: after the error %d", wbits, r);
	inflateEnd(&z);
}

static void reset_and_end(void)
{
	size_t clen = pack(15, NULL, 0), pos = 0, got = 0, small;
	z_stream z;

	start(&z, 15);
	while (z.total_in < (2u << 20))
		CHECK(step(&z, &pos, clen, &got) == Z_OK, "reset: mid-stream");
	CHECK(inflateReset(&z) == Z_OK, "inflateReset");
	/* a small stream (its first 64 KiB of data) on the same z_stream */
	z.next_in = comp;
	z.avail_in = 0;
	{
		z_stream d;
		unsigned char *c = malloc(1 << 20);

		memset(&d, 0, sizeof(d));
		deflateInit(&d, 1);
		d.next_in = data;
		d.avail_in = 65536;
		d.next_out = c;
		d.avail_out = 1 << 20;
		deflate(&d, Z_FINISH);
		small = d.total_out;
		deflateEnd(&d);
		z.next_in = c;
		z.avail_in = (uInt)small;
		z.next_out = out;
		z.avail_out = 1 << 20;
		CHECK(inflate(&z, Z_NO_FLUSH) == Z_STREAM_END && z.total_out == 65536 &&
		      !memcmp(out, data, 65536), "small stream after inflateReset");
		free(c);
	}
	inflateEnd(&z);
	/* inflateEnd in the middle */
	pos = 0;
	got = 0;
	clen = pack(-15, NULL, 0);
	start(&z, -15);
	while (z.total_in < (2u << 20))
		CHECK(step(&z, &pos, clen, &got) == Z_OK, "end: mid-stream");
	CHECK(inflateEnd(&z) == Z_OK, "inflateEnd mid-stream");
}

/*
 * fork() in the middle of a stream, the child going on with it: before the
 * hold is dropped the child's stream replays on the private zlib and ends
 * exactly; past it, the session is gone in the child: Z_STREAM_ERROR with
 * msg (documented), never wrong data. The parent goes on unharmed.
 */
static void fork_mid(size_t at)
{
	size_t clen = pack(15, NULL, 0), pos = 0, got = 0;
	int r = Z_OK, st;
	z_stream z;
	pid_t pid;

	start(&z, 15);
	while (z.total_in < at)
		CHECK(step(&z, &pos, clen, &got) == Z_OK, "fork: before");
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		while (r == Z_OK)
			r = step(&z, &pos, clen, &got);
		if (at < (1u << 20))
			CHECK(r == Z_STREAM_END && got == DATA_LEN && !memcmp(out, data, got),
			      "fork at %zu: child %d", at, r);
		else
			CHECK(r == (plain ? Z_STREAM_END : Z_STREAM_ERROR) && (plain || z.msg),
			      "fork at %zu: child %d", at, r);
		_exit(failures ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork at %zu: the child failed", at);
	while (r == Z_OK)
		r = step(&z, &pos, clen, &got);
	CHECK(r == Z_STREAM_END && got == DATA_LEN && !memcmp(out, data, got),
	      "fork at %zu: parent %d", at, r);
	inflateEnd(&z);
}

int main(int argc, char **argv)
{
	plain = argc > 1 && !strcmp(argv[1], "plain");
	data = malloc(DATA_LEN);
	comp = malloc(DATA_LEN * 2 + 64);
	out = malloc(DATA_LEN + OUT_PIECE);
	if (!data || !comp || !out)
		return 2;
	fill(data, DATA_LEN);
	whole("zlib", 15, 1);
	whole("raw", -15, 1);
	whole("gzip", 31, 1);
	whole("auto", 47, 0);
	corrupt(15);
	corrupt(31);
	reset_and_end();
	fork_mid(200000);
	fork_mid(2u << 20);
	if (failures)
		return 1;
	puts("ok");
	return 0;
}
