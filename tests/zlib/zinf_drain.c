/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every stream call made while inflate's result drains (the drop-in's drain
 * mode: the whole stream in the first call, too little room for its
 * output), printed as transcript lines (zinf_fast.h) for zinf_check.py to
 * hold against zlib's: two calls with 1000 bytes of room, then the call,
 * then the rest of the stream, 4096 bytes per call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zinf_fast.h"

enum hook {
	H_NONE, H_END, H_RESET, H_RESET2_BAD, H_RESET2, H_COPY, H_GETDICT, H_SYNC, H_MARK,
	H_PRIME0, H_PRIME, H_SETDICT, H_GETHEADER, H_SYNCPOINT, H_VALIDATE, H_VALIDATE1,
	H_BLOCK, H_TREES, H_FINISH1, H_MOVE, H_COUNT
};

static const char *const names[H_COUNT] = {
	"none", "end", "reset", "reset2-bad", "reset2", "copy", "getdict", "sync", "mark",
	"prime0", "prime", "setdict", "getheader", "syncpoint", "validate0", "validate1",
	"block", "trees", "finish1", "move",
};

static void start(z_stream *z, int wbits, const unsigned char *in, uLong len)
{
	memset(z, 0, sizeof(*z));
	z->zalloc = count_alloc;
	z->zfree = count_free;
	allocs = 0;
	if (inflateInit2(z, wbits) != Z_OK)
		abort();
	alloc_base = allocs;
	z->next_in = (Bytef *)in;
	z->avail_in = (uInt)len;
	z->next_out = out;
	memset(out, 0xee, 2 * MAXN);
}

/* the rest of the stream, then its end */
static void rest(z_stream *z, int flush)
{
	zfinish(z, 4096, 0, flush, out, 4000);
	printf("  end=%d\n", inflateEnd(z));
}

static void one(enum hook h, int wbits, const unsigned char *in, uLong len)
{
	static unsigned char moved[2 * MAXN];
	unsigned char dict[32768];
	gz_header head;
	z_stream z, c;
	struct zsnap b;
	uInt dlen = 0;
	int ret;

	printf("hook %s wbits=%d in=%lu\n", names[h], wbits, len);
	start(&z, wbits, in, len);
	z.avail_out = 1000;
	zcall("  first", &z, Z_NO_FLUSH, out);
	z.avail_out = 1000;
	zcall("  second", &z, Z_NO_FLUSH, out);
	b = zsnap(&z);
	switch (h) {
	case H_NONE:
		break;
	case H_END:
		printf("  end=%d\n", inflateEnd(&z));
		return;
	case H_RESET:
		ret = inflateReset(&z);
		show("  reset", &z, ret, out, b);
		/* the whole stream again, from the start */
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = out;
		break;
	case H_RESET2_BAD:
		ret = inflateReset2(&z, 99);
		show("  reset2", &z, ret, out, b);
		break;
	case H_RESET2:
		ret = inflateReset2(&z, wbits < 0 ? -12 : (wbits & 15) | 32);
		show("  reset2", &z, ret, out, b);
		if (ret != Z_OK)
			break;
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)len;
		z.next_out = out;
		break;
	case H_COPY:
		memset(&c, 0, sizeof(c));
		ret = inflateCopy(&c, &z);
		/* the drop-in's own block for the copy is a known extra zalloc */
		alloc_base = allocs;
		show("  copy", &z, ret, out, b);
		if (ret == Z_OK) {
			printf("  the copy:\n");
			rest(&c, Z_NO_FLUSH);
			printf("  the original:\n");
			z.next_out = out + 2000;	/* the same bytes again */
		}
		break;
	case H_GETDICT:
		ret = inflateGetDictionary(&z, dict, &dlen);
		printf("  getdict ret=%d len=%u crc=%08lx\n", ret, dlen, crc32(0, dict, dlen));
		break;
	case H_SYNC:
		ret = inflateSync(&z);
		show("  sync", &z, ret, out, b);
		break;
	case H_MARK:
		printf("  mark=%ld\n", inflateMark(&z));
		show("  after-mark", &z, 0, out, b);
		break;
	case H_PRIME0:
		ret = inflatePrime(&z, 0, 0);
		show("  prime0", &z, ret, out, b);
		break;
	case H_PRIME:
		ret = inflatePrime(&z, 3, 5);
		show("  prime", &z, ret, out, b);
		break;
	case H_SETDICT:
		ret = inflateSetDictionary(&z, src, 300);
		show("  setdict", &z, ret, out, b);
		break;
	case H_GETHEADER:
		memset(&head, 0, sizeof(head));
		ret = inflateGetHeader(&z, &head);
		show("  getheader", &z, ret, out, b);
		rest(&z, Z_NO_FLUSH);
		printf("  head done=%d os=%d\n", head.done, head.os);
		return;
	case H_SYNCPOINT:
		printf("  syncpoint=%d\n", inflateSyncPoint(&z));
		break;
	case H_VALIDATE:
	case H_VALIDATE1:
		ret = inflateValidate(&z, h == H_VALIDATE1);
		show("  validate", &z, ret, out, b);
		break;
	case H_BLOCK:
	case H_TREES:
		z.avail_out = 1000;
		zcall("  block", &z, h == H_BLOCK ? Z_BLOCK : Z_TREES, out);
		break;
	case H_FINISH1:
		/* Z_FINISH with one byte of room, then the rest with Z_FINISH */
		z.avail_out = 1;
		zcall("  finish1", &z, Z_FINISH, out);
		rest(&z, Z_FINISH);
		return;
	case H_MOVE:
		/* the unconsumed input moved elsewhere, as Python does */
		memcpy(moved, z.next_in, z.avail_in);
		z.next_in = moved;
		break;
	default:
		break;
	}
	rest(&z, Z_NO_FLUSH);
}

/*
 * Random call sequences on a draining stream: rooms of 0, 1, 7 bytes or up
 * to 64 KiB, flushes Z_NO_FLUSH, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FINISH,
 * until the stream ends or fails (seeded: the same calls with every zlib).
 */
static void random_calls(void)
{
	static const int fmts[] = { 15, -15, 31, 47 };
	static const int flushes[] = { Z_NO_FLUSH, Z_PARTIAL_FLUSH, Z_SYNC_FLUSH, Z_FINISH };
	static unsigned char buf[2 * MAXN];
	unsigned x = 2024, k, room;
	int wbits, ret, calls;
	size_t n, done;
	uLong len;
	z_stream z;

#define RND() (x = x * 1103515245u + 12345u, x >> 8)
	for (k = 0; k < 150; k++) {
		n = RND() % 300000 + 1;
		wbits = fmts[RND() % 4];
		len = pack(wbits == 47 ? 31 : wbits, (int)(RND() % 9) + 1, src + k, n, buf,
			   sizeof(buf));
		printf("random %u wbits=%d n=%zu\n", k, wbits, n);
		start(&z, wbits, buf, len);
		ret = Z_OK;
		for (calls = 0; calls < 3000; calls++) {
			done = (size_t)(z.next_out - out);
			switch (RND() % 6) {
			case 0: room = 0; break;
			case 1: room = 1; break;
			case 2: room = 7; break;
			default: room = RND() % 65536 + 1; break;
			}
			if (done + room > 2 * MAXN)
				room = (uInt)(2 * MAXN - done);
			z.avail_out = room;
			ret = zcall("  rcall", &z, flushes[RND() % 4], out);
			if (ret != Z_OK && ret != Z_BUF_ERROR)
				break;
		}
		printf("  end=%d\n", inflateEnd(&z));
	}
#undef RND
}

/* A stream whose output drains; each hook on zlib, raw and gzip streams. */
void drain_cases(void)
{
	static const int fmts[] = { 15, -15, 31 };
	static unsigned char buf[2 * MAXN];
	uLong len;
	size_t f;
	int h;

	for (f = 0; f < 3; f++) {
		len = pack(fmts[f], 6, src, 100000, buf, sizeof(buf));
		memcpy(buf + len, "trail", 5);	/* trailing bytes stay unconsumed */
		for (h = 0; h < H_COUNT; h++)
			one((enum hook)h, fmts[f], buf, len + 5);
	}
	random_calls();
}

/*
 * "withdraw" (default mode, preloaded only: zlib itself would have consumed
 * input by then): a program that takes back input the drain reports
 * unconsumed. Without it the output still drains but the stream does not
 * end until the input is back; a replaying call on the wrong input leaves
 * the stream in zlib's error mode. Exit 0 when all holds.
 */
int withdraw_check(void)
{
	static unsigned char buf[2 * MAXN];
	uLong len = pack(15, 6, src, 100000, buf, sizeof(buf));
	z_stream z;
	int bad = 0, ret;

	start(&z, 15, buf, len);
	z.avail_out = 1000;
	bad |= inflate(&z, Z_NO_FLUSH) != Z_OK || z.avail_in != len;
	z.avail_in = 10;	/* taken back */
	z.avail_out = 200000;
	ret = inflate(&z, Z_NO_FLUSH);
	bad |= ret != Z_OK || z.total_out != 100000 || z.total_in != 0;
	z.avail_in = (uInt)len;	/* given back */
	ret = inflate(&z, Z_NO_FLUSH);
	bad |= ret != Z_STREAM_END || z.total_in != len || z.avail_in != 0 ||
	       memcmp(out, src, 100000);
	inflateEnd(&z);
	if (bad)
		fprintf(stderr, "withdraw: the drain did not wait for its input\n");

	start(&z, 15, buf, len);
	z.avail_out = 1000;
	inflate(&z, Z_NO_FLUSH);
	z.next_in = buf + 7;	/* not the stream any more */
	inflateMark(&z);
	z.avail_out = 1000;
	ret = inflate(&z, Z_NO_FLUSH);
	if (ret != Z_DATA_ERROR) {
		fprintf(stderr, "withdraw: a replay on other input gave %d\n", ret);
		bad = 1;
	}
	inflateEnd(&z);
	return bad;
}

/*
 * A long stream: n bytes (want) packed by zlib at level, inflated with
 * room bytes of output per call: every call's output is checked, a
 * line every "every" calls; left of '|' every printed call must be zlib's,
 * right of it the input moves as total_in says (zinf_check.py). Returns
 * the input the first call took.
 */
static uInt long_case(const char *tag, const unsigned char *want, size_t n, int level,
		      uInt room, long every)
{
	size_t cap = n / 64 + (n >> 8) + 4096, at = 0, made;
	unsigned char *c = malloc(level ? cap : (cap += n));
	uInt first = 0;
	long calls = 0;
	z_stream z;
	int ret;

	if (c == NULL)
		abort();
	start(&z, 15, c, pack(15, level, want, n, c, cap));
	do {
		uInt ain0 = z.avail_in;
		uLong tin0 = z.total_in;

		z.next_out = out;
		z.avail_out = room;
		ret = inflate(&z, Z_NO_FLUSH);
		made = (size_t)(z.next_out - out);
		if (made > n - at || memcmp(out, want + at, made)) {
			fprintf(stderr, "%s: wrong output at %zu\n", tag, at);
			exit(1);
		}
		at += made;
		if (!calls)
			first = ain0 - z.avail_in;
		if (calls++ % every == 0 || ret != Z_OK)
			printf("%s call %ld ret=%d tout=%lu adler=%08lx out=%08lx | ain=%u tin=%lu dt=%d"
			       " ain0=%u tin0=%lu\n", tag, calls, ret, z.total_out, z.adler,
			       crc32(0, out, (uInt)made), z.avail_in, z.total_in, z.data_type, ain0, tin0);
	} while (ret == Z_OK);
	if (ret != Z_STREAM_END || at != n) {
		fprintf(stderr, "%s: ended with %d after %zu of %zu bytes\n", tag, ret, at, n);
		exit(1);
	}
	inflateEnd(&z);
	free(c);
	return first;
}

/*
 * Output beyond the drain's 256 MiB cap (300 MiB of zeros): the requests
 * find no room up to the cap and the stream runs in stream mode. 64 KiB of
 * room per call, a line every 512 calls.
 */
void cap_case(void)
{
	const size_t n = (size_t)300 << 20;
	unsigned char *zeros = calloc(n, 1);

	if (zeros == NULL)
		abort();
	long_case("cap", zeros, n, 9, 65536, 512);
	free(zeros);
}

/*
 * Input over half the drain's cap (129 MiB, stored): stream mode from the
 * first call, which takes input as it decodes, as zlib does; a drain
 * would hold all of it until its last call (and first fail for room).
 * 1 MiB of room per call, a line every 32 calls.
 */
void big_input_case(void)
{
	const size_t n = ((size_t)129 << 20) + 7;
	unsigned char *data = malloc(n);
	unsigned long long x = 0x9e3779b97f4a7c15ull;

	if (data == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {	/* incompressible: input as large */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = (unsigned char)(x >> 24);
	}
	if (!long_case("big", data, n, 0, MAXN, 32)) {
		fprintf(stderr, "big input: the first call took no input\n");
		exit(1);
	}
	free(data);
}
