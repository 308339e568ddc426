/* SPDX-License-Identifier: Apache-2.0 */
/*
 * inflate's one-shot fast path against zlib: every observable of every call
 * (return code, next/avail/total of both sides, adler, data_type, msg, the
 * bytes written, zalloc calls) printed as a transcript. zlib_inflate_fast.sh
 * runs it with the system zlib, with libwd_zlib preloaded (default mode: the
 * fast path) and under WD_ZLIB=exact, and requires identical transcripts.
 *
 * stderr gets "fast: N": the number of whole dynamic-block decodes after
 * which inflateCodesUsed() is 0. zlib builds code tables there, the fast path
 * does not, so N > 0 shows the fast path ran (it is not in the transcript).
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "zinf_fast.h"

unsigned char *src, *cmp, *out;
/* zalloc calls since base: the drop-in's own per-stream block (made at
 * init and copy) is a known difference, the window's allocation is not */
unsigned allocs, alloc_base, fast_hits;

voidpf count_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	allocs++;
	return calloc(items, size);
}

void count_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

/* Compressible text-like bytes with a random stretch, deterministic. */
static void fill(unsigned char *p, size_t n)
{
	static const char *const words[] = { "warp ", "drive ", "zlib ", "inflate ", "the ", "\n" };
	unsigned x = 12345;
	size_t i = 0, k;

	while (i < n) {
		x = x * 1103515245u + 12345u;
		if ((x >> 16) % 50 == 0) {
			for (k = 0; k < 300 && i < n; k++, i++) {
				x = x * 1103515245u + 12345u;
				p[i] = (unsigned char)(x >> 23);
			}
			continue;
		}
		for (const char *w = words[(x >> 16) % 6]; *w && i < n; w++)
			p[i++] = (unsigned char)*w;
	}
}

uLong pack(int wbits, int level, const unsigned char *in, size_t n, unsigned char *dst,
		  size_t cap)
{
	/* zlib's own tuning of each level (its configuration_table) */
	static const int tune[10][4] = { { 0, 0, 0, 0 },	   { 4, 4, 8, 4 },
					 { 4, 5, 16, 8 },	   { 4, 6, 32, 32 },
					 { 4, 4, 16, 16 },	   { 8, 16, 32, 32 },
					 { 8, 16, 128, 128 },	   { 8, 32, 128, 256 },
					 { 32, 128, 258, 1024 }, { 32, 258, 258, 4096 } };
	const int *t = tune[level < 0 ? 6 : level];
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	/*
	 * The transcripts compare the decoding of identical streams, so these
	 * are zlib's bytes: deflateTune keeps a stream off the drop-in's fast
	 * deflate (which makes other, equally valid bytes), and tuning a level
	 * to its own parameters changes nothing in zlib's output.
	 */
	if (level > 0 && deflateTune(&z, t[0], t[1], t[2], t[3]) != Z_OK)
		abort();
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	deflateEnd(&z);
	return z.total_out;
}

struct zsnap zsnap(const z_stream *z)
{
	struct zsnap b = { z->avail_in, z->avail_out, z->total_in };

	return b;
}

void show(const char *tag, z_stream *z, int ret, const unsigned char *base, struct zsnap b)
{
	size_t wrote = (size_t)(z->next_out - base);

	printf("%s ret=%d aout=%u tout=%lu adler=%08lx msg=%s out=%08lx allocs=%u"
	       " | ain=%u tin=%lu dt=%d ain0=%u tin0=%lu aout0=%u\n",
	       tag, ret, z->avail_out, z->total_out, z->adler, z->msg ? z->msg : "-",
	       crc32(0, base, (uInt)wrote), allocs - alloc_base, z->avail_in, z->total_in,
	       z->data_type, b.ain, b.tin, b.aout);
}

int zcall(const char *tag, z_stream *z, int flush, const unsigned char *base)
{
	struct zsnap b = zsnap(z);
	int ret = inflate(z, flush);

	show(tag, z, ret, base, b);
	return ret;
}

int zfinish(z_stream *z, uInt room, int grow, int flush, const unsigned char *base, int maxcalls)
{
	int ret, calls = 0;

	for (;;) {
		z->avail_out = room;
		ret = zcall("  call", z, flush, base);
		if (ret != Z_OK && !(ret == Z_BUF_ERROR && z->avail_out == 0))
			return ret;
		if (z->avail_out || ++calls > maxcalls ||
		    (size_t)(z->next_out - base) + (size_t)room * (grow ? 2 : 1) > 2 * MAXN)
			return ret;
		if (grow)
			room *= 2;
	}
}

/*
 * One decode: inflateInit2(dwbits), first call with avail_out = first,
 * then (when it did not end) a call with no room, then calls while the
 * room was filled (Python's loop), the room doubling (grow) or not, until
 * Z_STREAM_END or an error; then the calls after the end.
 */
static void decode_g(const char *name, int dwbits, const unsigned char *in, size_t inlen,
		     size_t first, int flush, int dynamic, int grow)
{
	z_stream z, c;
	uInt dlen = 0;
	unsigned char dict[32768];
	int ret;

	memset(&z, 0, sizeof(z));
	z.zalloc = count_alloc;
	z.zfree = count_free;
	allocs = 0;
	printf("case %s dwbits=%d in=%zu first=%zu flush=%d grow=%d\n", name, dwbits, inlen, first,
	       flush, grow);
	if (inflateInit2(&z, dwbits) != Z_OK)
		abort();
	alloc_base = allocs;
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)inlen;
	z.next_out = out;
	memset(out, 0xee, 2 * MAXN);
	z.avail_out = (uInt)first;
	ret = zcall("  call", &z, flush, out);
	if (ret == Z_OK || (ret == Z_BUF_ERROR && z.avail_out == 0)) {
		ret = zcall("  no-room", &z, flush, out);
		if (ret == Z_OK || ret == Z_BUF_ERROR)
			ret = zfinish(&z, (uInt)(grow ? 2 * first : first), grow, flush, out,
				      grow ? 40 : 1 << 20);
	}
	if (ret == Z_STREAM_END) {
		if (dynamic && inflateCodesUsed(&z) == 0)
			fast_hits++;
		z.avail_out = 100;
		ret = zcall("  again", &z, Z_FINISH, out);
		printf("  mark=%ld syncpoint=%d\n", inflateMark(&z), inflateSyncPoint(&z));
		ret = inflateGetDictionary(&z, dict, &dlen);
		printf("  dict ret=%d len=%u crc=%08lx\n", ret, dlen, crc32(0, dict, dlen));
		memset(&c, 0, sizeof(c));
		alloc_base = allocs;
		ret = inflateCopy(&c, &z);
		printf("  copy ret=%d\n", ret);
		alloc_base = allocs;
		if (ret == Z_OK) {
			c.avail_out = 10;
			zcall("  copy-inflate", &c, Z_NO_FLUSH, out);
			inflateEnd(&c);
		}
		/* the same stream again after a reset, all at once */
		alloc_base = allocs;
		ret = inflateReset(&z);
		z.next_in = (Bytef *)in;
		z.avail_in = (uInt)inlen;
		z.next_out = out;
		z.avail_out = 2 * MAXN;
		zcall("  reset-again", &z, Z_FINISH, out);
	}
	printf("  end=%d\n", inflateEnd(&z));
}

static void decode(const char *name, int dwbits, const unsigned char *in, size_t inlen, size_t first,
		   int flush, int dynamic)
{
	decode_g(name, dwbits, in, inlen, first, flush, dynamic, 1);
}

/* Each (encoder, decoder) window pair, output room and flush. */
static void sizes_and_formats(void)
{
	static const size_t sizes[] = { 0, 1, 100, 4095, 16384, 65536, 300000, MAXN };
	static const int pairs[][2] = {
		{ 15, 15 }, { -15, -15 }, { 31, 31 }, { 15, 47 }, { 31, 47 }, { 9, 15 }, { 12, 12 },
		{ 15, 12 }, { 15, 0 }, { 10, 0 }, { -9, -15 }, { -15, -9 }, { 25, 31 }, { 31, 24 },
		{ 25, 40 }, { 15, 31 }, { 31, 15 }, { -15, 15 },
	};
	static const int flushes[] = { Z_FINISH, Z_NO_FLUSH, Z_SYNC_FLUSH };
	char name[64];
	size_t i, p, f, n;
	uLong clen;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++) {
			n = sizes[i];
			clen = pack(pairs[p][0], 6, src, n, cmp, 2 * MAXN);
			for (f = 0; f < 3; f++) {
				snprintf(name, sizeof(name), "n=%zu enc=%d", n, pairs[p][0]);
				/* room for all, exactly all, one byte short, Python's
				 * 16 KiB then doubling, 1000 then doubling */
				decode(name, pairs[p][1], cmp, clen, n + 64, flushes[f], n > 1000);
				decode(name, pairs[p][1], cmp, clen, n ? n : 1, flushes[f], n > 1000);
				if (n)
					decode(name, pairs[p][1], cmp, clen, n - 1 ? n - 1 : 1, flushes[f], 0);
				decode(name, pairs[p][1], cmp, clen, 16384, flushes[f], n > 1000);
				if (n > 1000)
					decode(name, pairs[p][1], cmp, clen, 1000, flushes[f], 1);
				/* one byte at a time */
				if (p < 3 && f < 2 && (n == 100 || n == 4095))
					decode_g(name, pairs[p][1], cmp, clen, 1, flushes[f], 0, 0);
			}
		}
}

/* Trailing bytes, concatenated members, corrupt and truncated streams. */
static void edges(void)
{
	static const int fmts[] = { 15, -15, 31 };
	static unsigned char buf[2 * MAXN];
	z_stream z;
	uLong c1, c2;
	size_t f, k;

	for (f = 0; f < 3; f++) {
		c1 = pack(fmts[f], 6, src, 200000, buf, sizeof(buf));
		memcpy(buf + c1, "garbage!", 8);
		decode("trailing", fmts[f], buf, c1 + 8, 300000, Z_FINISH, 1);
		decode("trailing-nf", fmts[f], buf, c1 + 8, 300000, Z_NO_FLUSH, 1);
		decode("trailing-small", fmts[f], buf, c1 + 8, 5000, Z_FINISH, 1);
		decode("trailing-small-nf", fmts[f], buf, c1 + 8, 5000, Z_SYNC_FLUSH, 1);
		/* corrupt in the middle, near the end, truncated */
		for (k = 0; k < 4; k++) {
			c1 = pack(fmts[f], 6, src, 200000, buf, sizeof(buf));
			if (k == 0)
				buf[c1 / 2] ^= 0x5a;
			else if (k == 1)
				buf[c1 - 2] ^= 0x01;
			else if (k == 2)
				c1 -= 1;
			else
				c1 /= 3;
			decode("corrupt", fmts[f], buf, c1, 300000, Z_FINISH, 0);
			decode("corrupt-nf", fmts[f], buf, c1, 300000, Z_NO_FLUSH, 0);
			/* too small a room: still zlib's from the start */
			decode("corrupt-small", fmts[f], buf, c1, 5000, Z_FINISH, 0);
			decode("corrupt-small-nf", fmts[f], buf, c1, 5000, Z_NO_FLUSH, 0);
		}
	}
	/* two gzip members: the first call stops at the first one's end */
	c1 = pack(31, 6, src, 100000, buf, sizeof(buf));
	c2 = pack(31, 1, src + 5, 50000, buf + c1, sizeof(buf) - c1);
	decode("members", 31, buf, c1 + c2, 300000, Z_FINISH, 1);
	decode("members-47", 47, buf, c1 + c2, 300000, Z_NO_FLUSH, 1);
	decode("members-small", 31, buf, c1 + c2, 5000, Z_FINISH, 1);
	decode("members-small-47", 47, buf, c1 + c2, 5000, Z_SYNC_FLUSH, 1);
	memset(&z, 0, sizeof(z));
	inflateInit2(&z, 31);
	z.next_in = buf;
	z.avail_in = (uInt)(c1 + c2);
	z.next_out = out;
	z.avail_out = 300000;
	zcall("member1", &z, Z_FINISH, out);
	inflateReset(&z);
	zcall("member2", &z, Z_FINISH, out);
	inflateEnd(&z);
	/* the same, 3000 bytes of room per call */
	memset(&z, 0, sizeof(z));
	inflateInit2(&z, 31);
	z.next_in = buf;
	z.avail_in = (uInt)(c1 + c2);
	z.next_out = out;
	printf("members-drain\n");
	zfinish(&z, 3000, 0, Z_NO_FLUSH, out, 1000);
	inflateReset(&z);
	zfinish(&z, 3000, 0, Z_FINISH, out, 1000);
	inflateEnd(&z);
	/* a zlib stream with a preset dictionary: Z_NEED_DICT is zlib's */
	memset(&z, 0, sizeof(z));
	deflateInit(&z, 6);
	deflateSetDictionary(&z, src, 1000);
	z.next_in = src + 10;
	z.avail_in = 5000;
	z.next_out = buf;
	z.avail_out = sizeof(buf);
	deflate(&z, Z_FINISH);
	c1 = z.total_out;
	deflateEnd(&z);
	decode("dict", 15, buf, c1, 10000, Z_FINISH, 0);
}

/* uncompress/uncompress2 run on inflate: results for every room and input */
static void one_shot_api(void)
{
	static const size_t sizes[] = { 0, 1, 5000, 300000 };
	static const long rooms[] = { 0, -1, 1, 64 };
	size_t i, r, k;
	uLong clen, slen;
	uLongf dlen;
	int ret;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (k = 0; k < 4; k++) {
			clen = pack(15, 6, src, sizes[i], cmp, 2 * MAXN);
			if (k == 1)
				memcpy(cmp + clen, "tail", 4);	/* uncompress2 stops before it */
			else if (k == 2)
				clen -= 1;
			else if (k == 3)
				cmp[clen / 2] ^= 0x33;
			for (r = 0; r < 4; r++) {
				dlen = rooms[r] == 0 ? 0 : (uLongf)((long)sizes[i] + rooms[r] < 0 ? 0 : (long)sizes[i] + rooms[r]);
				slen = clen + (k == 1 ? 4 : 0);
				memset(out, 0xee, 2 * MAXN);
				ret = uncompress2(out, &dlen, cmp, &slen);
				printf("uncompress2 n=%zu k=%zu room=%ld ret=%d dlen=%lu slen=%lu crc=%08lx\n",
				       sizes[i], k, rooms[r], ret, dlen, slen, crc32(0, out, (uInt)dlen));
				dlen = (uLongf)(sizes[i] + 10);
				ret = uncompress(out, &dlen, cmp, clen);
				printf("uncompress n=%zu k=%zu ret=%d dlen=%lu crc=%08lx\n", sizes[i], k, ret,
				       dlen, crc32(0, out, (uInt)dlen));
			}
		}
}

/*
 * "fork": a dynamic-block decode in the parent, then in a fork()ed child;
 * exit 0 when the child's decode took the fast path too (preloaded runs).
 */
static int fork_check(void)
{
	uLong clen = pack(15, 6, src, 300000, cmp, 2 * MAXN);
	int st;
	pid_t pid;

	decode("parent", 15, cmp, clen, 300000, Z_FINISH, 1);
	pid = fork();
	if (pid == 0) {
		fast_hits = 0;
		decode("child", 15, cmp, clen, 300000, Z_FINISH, 1);
		/* and drained (16 KiB first, as Python) */
		decode("child-drain", 15, cmp, clen, 16384, Z_FINISH, 1);
		fflush(stdout);
		_exit(fast_hits == 2 ? 0 : 3);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 2;
	fprintf(stderr, "fork: parent fast %u, child %s\n", fast_hits,
		WEXITSTATUS(st) ? "not fast" : "fast");
	return fast_hits && !WEXITSTATUS(st) ? 0 : 1;
}

/* "threads": 4 threads decode at once (sessions are shared), each checks
 * its output and bookkeeping; exit 0 when all is right. */
static void *thread_body(void *arg)
{
	size_t id = (size_t)arg, n, i;
	unsigned char *c = malloc(MAXN), *o = malloc(MAXN);
	uLong clen;
	z_stream z;
	long bad = 0;
	int ret;

	for (i = 0; c && o && i < 200; i++) {
		n = (i * 7919 + id * 104729) % 200000 + 1;
		clen = pack(i % 3 == 0 ? 15 : i % 3 == 1 ? -15 : 31, 6, src + i, n, c, MAXN);
		memset(&z, 0, sizeof(z));
		inflateInit2(&z, i % 3 == 0 ? 15 : i % 3 == 1 ? -15 : 31);
		z.next_in = c;
		z.avail_in = (uInt)clen;
		z.next_out = o;
		z.avail_out = MAXN;
		if (i % 2) {
			/* drained: 4 KiB per call */
			do {
				z.avail_out = 4096;
				ret = inflate(&z, Z_NO_FLUSH);
			} while (ret == Z_OK && (size_t)(z.next_out - o) + 4096 <= MAXN);
		} else {
			ret = inflate(&z, Z_FINISH);
		}
		if (ret != Z_STREAM_END || z.total_out != n || z.avail_in || memcmp(o, src + i, n))
			bad++;
		inflateEnd(&z);
	}
	free(c);
	free(o);
	return (void *)bad;
}

static int thread_check(void)
{
	pthread_t t[4];
	void *bad;
	long all = 0;
	size_t i;

	for (i = 0; i < 4; i++)
		if (pthread_create(&t[i], NULL, thread_body, (void *)i))
			return 2;
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &bad);
		all += (long)bad;
	}
	fprintf(stderr, "threads: %ld bad decodes\n", all);
	return all ? 1 : 0;
}

int main(int argc, char **argv)
{
	src = malloc(MAXN + 64);
	cmp = malloc(2 * MAXN);
	out = malloc(2 * MAXN);
	if (!src || !cmp || !out)
		return 1;
	fill(src, MAXN + 64);
	if (argc > 1 && !strcmp(argv[1], "fork"))
		return fork_check();
	if (argc > 1 && !strcmp(argv[1], "threads"))
		return thread_check();
	if (argc > 1 && !strcmp(argv[1], "withdraw"))
		return withdraw_check();
	if (argc > 1 && !strcmp(argv[1], "drain")) {
		drain_cases();	/* alone, e.g. under valgrind */
		return withdraw_check();
	}
	sizes_and_formats();
	edges();
	drain_cases();
	cap_case();
	big_input_case();
	one_shot_api();
	printf("end\n");
	fprintf(stderr, "fast: %u\n", fast_hits);
	return 0;
}
