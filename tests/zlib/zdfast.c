/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zdfast: the one-shot deflate fast path against the system zlib, in one
 * process. Built against <zlib.h> and run with libwd_zlib preloaded; the
 * reference is the system's libz.so.1 (argv[1]) dlopen'ed with its own
 * symbol scope. Compressed bytes may differ (default mode) and are never
 * compared there; everything zlib reports is: return codes call by call,
 * total_in/out relations, avail_*, adler, data_type, msg, the bound, and
 * the reference inflates every stream back to the input. Under
 * WD_ZLIB=exact ("zdfast LIBZ exact") the bytes must be zlib's too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

struct zapi {
	int (*init2)(z_streamp, int, int, int, int, int, const char *, int);
	int (*deflate)(z_streamp, int);
	int (*end)(z_streamp);
	int (*reset)(z_streamp);
	uLong (*bound)(z_streamp, uLong);
	int (*iinit2)(z_streamp, int, const char *, int);
	int (*inflate)(z_streamp, int);
	int (*iend)(z_streamp);
	int (*compress2)(Bytef *, uLongf *, const Bytef *, uLong, int);
};

static struct zapi ours = { deflateInit2_, deflate, deflateEnd, deflateReset, deflateBound,
			    inflateInit2_, inflate, inflateEnd, compress2 };
static struct zapi ref;
static int failures, cases, differ, exact_mode;
static char ctx[160] = "";	/* the case being checked */

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			failures++; \
			fprintf(stderr, "FAIL %s:%d: [%s] ", __FILE__, __LINE__, ctx); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
		} \
	} while (0)

static void *sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (p == NULL) {
		fprintf(stderr, "no %s in the reference zlib\n", name);
		exit(2);
	}
	return p;
}

/* What a one-shot deflate reported. */
struct obs {
	unsigned char *out;
	uLong total_in, total_out, adler, bound;
	int data_type, calls, last, avail_in, end_ret;
	int after[4];		/* deflate again: Z_FINISH, avail_out 0, Z_NO_FLUSH, more input */
	const char *after_msg[4];
};

/* zlib's deflate(Z_FINISH) call count for T bytes of output (R of them the
 * trailer) handed out c at a time: the trailer is written in the call in
 * which the data is complete with room left, and that call ends the
 * stream if the trailer fits; trailer bytes pending at the start of a call
 * that fills avail_out exactly give Z_OK and one call more. */
static int model_calls(uLong T, uLong R, uLong c)
{
	uLong pos = 0, D = T - R, n, avail;
	int calls = 0, trailer = 0, now;

	if (T < R || c == 0)
		return -1;
	for (;;) {
		calls++;
		avail = c;
		n = pos >= D ? 0 : D - pos < avail ? D - pos : avail;
		pos += n;
		avail -= n;
		if (avail == 0)
			continue;
		now = !trailer;
		trailer = 1;
		n = T - pos < avail ? T - pos : avail;
		pos += n;
		avail -= n;
		if (pos < T || (!now && n > 0 && avail == 0))
			continue;
		return calls;
	}
}

static void oneshot(const struct zapi *z, const unsigned char *in, uLong n, int level, int wbits,
		    uLong chunk, struct obs *o)
{
	z_stream s;
	unsigned char probe[4], one = 0;
	int r, i;

	memset(&s, 0, sizeof(s));
	memset(o, 0, sizeof(*o));
	r = z->init2(&s, level, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, (int)sizeof(s));
	if (r != Z_OK) {
		o->last = 1000 + r;
		return;
	}
	o->bound = z->bound(&s, n);
	if (chunk == 0)	/* all of the bound (and more) at once */
		chunk = o->bound + 64;
	o->out = malloc(o->bound + chunk + 64);
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	do {
		s.next_out = o->out + s.total_out;
		s.avail_out = (uInt)chunk;
		if (s.total_out > o->bound) {
			o->last = 999;	/* above the bound: stop */
			break;
		}
		r = z->deflate(&s, Z_FINISH);
		o->calls++;
		if (r != Z_OK && r != Z_STREAM_END)
			break;
	} while (r == Z_OK);
	o->last = r;
	o->total_in = s.total_in;
	o->total_out = s.total_out;
	o->adler = s.adler;
	o->data_type = s.data_type;
	o->avail_in = (int)s.avail_in;
	/* what a finished stream answers */
	s.next_out = probe;
	s.avail_out = sizeof(probe);
	o->after[0] = z->deflate(&s, Z_FINISH);
	s.avail_out = 0;
	s.msg = NULL;
	o->after[1] = z->deflate(&s, Z_FINISH);
	o->after_msg[1] = s.msg;
	s.next_out = probe;
	s.avail_out = sizeof(probe);
	s.msg = NULL;
	o->after[2] = z->deflate(&s, Z_NO_FLUSH);
	o->after_msg[2] = s.msg;
	s.next_in = &one;
	s.avail_in = 1;
	s.next_out = probe;
	s.avail_out = sizeof(probe);
	s.msg = NULL;
	o->after[3] = z->deflate(&s, Z_FINISH);
	o->after_msg[3] = s.msg;
	for (i = 0; i < 4; i++)
		if (o->after_msg[i] == NULL)
			o->after_msg[i] = "";
	o->end_ret = z->end(&s);
}

/* The reference inflates out[] back to exactly in[], using all of it. */
static int ref_inflates(const unsigned char *out, uLong olen, const unsigned char *in, uLong n,
			int wbits)
{
	unsigned char *back = malloc(n + 1);
	z_stream s;
	int r, ok;

	memset(&s, 0, sizeof(s));
	if (ref.iinit2(&s, wbits, ZLIB_VERSION, (int)sizeof(s)) != Z_OK)
		return 0;
	s.next_in = (Bytef *)out;
	s.avail_in = (uInt)olen;
	s.next_out = back;
	s.avail_out = (uInt)n + 1;
	r = ref.inflate(&s, Z_FINISH);
	ok = r == Z_STREAM_END && s.avail_in == 0 && s.total_out == n && memcmp(back, in, n) == 0;
	ref.iend(&s);
	free(back);
	return ok;
}

/* zlib's "black" bytes (its detect_data_type) */
static int black(unsigned char c)
{
	return c < 32 && c != 9 && c != 10 && c != 13 && c != 7 && c != 8 && c != 11 &&
	       c != 12 && c != 26 && c != 27;
}

/*
 * data_type is left open in default mode when zlib's answer depends on
 * where its first block ends (memLevel 8: at least 16383 symbols): no black
 * byte among the first 16383 bytes, but one later within 258 bytes per
 * symbol. The fast deflate then guesses (docs/zlib-dropin.md).
 */
static int dt_open(const unsigned char *in, uLong n)
{
	uLong lo = n < 16383 ? n : 16383, hi = n < 16383ul * 258 + 258 ? n : 16383ul * 258 + 258, i;

	for (i = 0; i < lo; i++)
		if (black(in[i]))
			return 0;
	for (; i < hi; i++)
		if (black(in[i]))
			return 1;
	return 0;
}

static void one_case(const char *what, const unsigned char *in, uLong n, int level, int wbits,
		     uLong chunk)
{
	uLong R = wbits == 15 ? 4 : wbits == 31 ? 8 : 0;
	struct obs a, b;
	int i;

	cases++;
	oneshot(&ours, in, n, level, wbits, chunk, &a);
	oneshot(&ref, in, n, level, wbits, chunk, &b);
	snprintf(ctx, sizeof(ctx), "%s n=%lu level=%d wbits=%d chunk=%lu", what, n, level, wbits, chunk);
	CHECK(a.last == Z_STREAM_END && b.last == Z_STREAM_END, "last %d/%d", a.last, b.last);
	CHECK(a.total_in == n && b.total_in == n && a.avail_in == 0, "total_in");
	CHECK(a.adler == b.adler, "adler %lx/%lx", a.adler, b.adler);
	CHECK(a.data_type == b.data_type || (!exact_mode && dt_open(in, n)), "data_type %d/%d",
	      a.data_type, b.data_type);
	CHECK(a.bound == b.bound && a.total_out <= a.bound, "bound");
	CHECK(b.calls == model_calls(b.total_out, R, chunk ? chunk : b.bound + 64), "model vs zlib: %d calls", b.calls);
	CHECK(a.calls == model_calls(a.total_out, R, chunk ? chunk : a.bound + 64), "model vs ours: %d calls", a.calls);
	for (i = 0; i < 4; i++)
		CHECK(a.after[i] == b.after[i] && strcmp(a.after_msg[i], b.after_msg[i]) == 0,
		      "after %d: %d '%s' / %d '%s'", i, a.after[i], a.after_msg[i], b.after[i],
		      b.after_msg[i]);
	CHECK(a.end_ret == b.end_ret, "end");
	if (a.last == Z_STREAM_END) {
		CHECK(ref_inflates(a.out, a.total_out, in, n, wbits), "round trip");
		if (a.total_out != b.total_out || memcmp(a.out, b.out, a.total_out) != 0)
			differ++;
		if (exact_mode)
			CHECK(a.total_out == b.total_out && memcmp(a.out, b.out, a.total_out) == 0 &&
			      a.calls == b.calls, "exact mode: bytes differ");
	}
	free(a.out);
	free(b.out);
}

/* compress2 and compress: results, *destLen, round trips, short buffers */
static void compress_cases(const unsigned char *in, uLong n)
{
	static const int levels[] = { Z_DEFAULT_COMPRESSION, 1, 6, 9 };
	uLong bound = compressBound(n), la, lb;
	unsigned char *a = malloc(bound), *b = malloc(bound);
	int ra, rb;

	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		la = lb = bound;
		ra = ours.compress2(a, &la, in, n, levels[i]);
		rb = ref.compress2(b, &lb, in, n, levels[i]);
		CHECK(ra == Z_OK && rb == Z_OK && la <= bound, "compress2 n=%lu level %d", n, levels[i]);
		CHECK(ref_inflates(a, la, in, n, 15), "compress2 round trip n=%lu", n);
		la = lb = 10;
		ra = ours.compress2(a, &la, in, n, levels[i]);
		rb = ref.compress2(b, &lb, in, n, levels[i]);
		if (n > 20)
			CHECK(ra == rb && la == lb, "compress2 short n=%lu: %d %lu / %d %lu", n, ra, la, rb, lb);
	}
	la = bound;
	CHECK(compress(a, &la, in, n) == Z_OK && ref_inflates(a, la, in, n, 15), "compress n=%lu", n);
	free(a);
	free(b);
}

/* deflateCopy, deflatePending and deflateReset while a result drains */
static void mid_drain(const unsigned char *in, uLong n)
{
	unsigned char *o1 = malloc(compressBound(n) + 64), *o2 = malloc(compressBound(n) + 64);
	z_stream s, c;
	unsigned pend = 0;
	int bits = -1, r1, r2;

	memset(&s, 0, sizeof(s));
	deflateInit2(&s, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	s.next_out = o1;
	s.avail_out = 5;
	CHECK(deflate(&s, Z_FINISH) == Z_OK, "mid-drain first call");
	CHECK(deflatePending(&s, &pend, &bits) == Z_OK && bits == 0, "deflatePending");
	CHECK(deflateCopy(&c, &s) == Z_OK, "deflateCopy mid-drain");
	memcpy(o2, o1, 5);
	c.next_out = o2 + 5;
	s.avail_out = c.avail_out = (uInt)compressBound(n);
	r1 = deflate(&s, Z_FINISH);
	r2 = deflate(&c, Z_FINISH);
	CHECK(r1 == Z_STREAM_END && r2 == Z_STREAM_END && s.total_out == c.total_out &&
	      memcmp(o1, o2, s.total_out) == 0 && ref_inflates(o1, s.total_out, in, n, 31),
	      "copy drains the same stream");
	CHECK(deflateEnd(&c) == Z_OK, "end of copy");
	/* a reset stream compresses again from the start */
	CHECK(deflateReset(&s) == Z_OK, "reset");
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	s.next_out = o1;
	s.avail_out = (uInt)compressBound(n);
	CHECK(deflate(&s, Z_FINISH) == Z_STREAM_END && s.total_in == n &&
	      ref_inflates(o1, s.total_out, in, n, 31), "one-shot after reset");
	/* reset in the middle of a drain, then a streamed use */
	CHECK(deflateReset(&s) == Z_OK, "reset 2");
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	s.next_out = o1;
	s.avail_out = 3;
	deflate(&s, Z_FINISH);
	CHECK(deflateReset(&s) == Z_OK, "reset mid-drain");
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)n;
	s.next_out = o1;
	s.avail_out = (uInt)compressBound(n);
	CHECK(deflate(&s, Z_NO_FLUSH) == Z_OK && deflate(&s, Z_FINISH) == Z_STREAM_END &&
	      ref_inflates(o1, s.total_out, in, n, 31), "streamed after reset");
	CHECK(deflateEnd(&s) == Z_OK, "end");
	free(o1);
	free(o2);
}

/* fork(): the child's one-shots work (re-initialised or on the private zlib) */
static void fork_case(const unsigned char *in, uLong n)
{
	uLong len = compressBound(n);
	unsigned char *o = malloc(len);
	int st;
	pid_t p = fork();

	if (p == 0) {
		int ok = compress2(o, &len, in, n, 1) == Z_OK && ref_inflates(o, len, in, n, 15);

		_exit(ok ? 0 : 1);
	}
	CHECK(p > 0 && waitpid(p, &st, 0) == p && WIFEXITED(st) && WEXITSTATUS(st) == 0, "fork child");
	free(o);
}

/* Threads: one-shots at once on a fresh process-wide wd_comp (the first
 * calls race to initialise it), each checked by the reference. */
struct thr {
	const unsigned char *in;
	uLong n;
	int level, ok;
};

static void *thr_run(void *arg)
{
	struct thr *t = arg;
	uLong len = compressBound(t->n);
	unsigned char *o = malloc(len);

	t->ok = 1;
	for (int i = 0; i < 20; i++) {
		uLong l = len;

		if (compress2(o, &l, t->in, t->n - (uLong)i, t->level) != Z_OK ||
		    !ref_inflates(o, l, t->in, t->n - (uLong)i, 15))
			t->ok = 0;
	}
	free(o);
	return NULL;
}

static void thread_case(const unsigned char *in, uLong n)
{
	struct thr t[4];
	pthread_t id[4];

	for (int i = 0; i < 4; i++) {
		t[i] = (struct thr){ in, n, 1 + 3 * (i % 3), 0 };
		pthread_create(&id[i], NULL, thr_run, &t[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(id[i], NULL);
		CHECK(t[i].ok, "thread %d", i);
	}
}

static void fill(unsigned char *buf, uLong n, int kind)
{
	static const char *words[] = { "the ", "zlib ", "drop-in ", "deflate ", "stream\n",
				       "window ", "of ", "bytes\r\n", "\t", "WarpDrive " };
	uint32_t x = 2463534242u;

	for (uLong i = 0; i < n;) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (kind == 0 || (kind == 3 && i < 20000)) {	/* text */
			const char *w = words[x % 10];
			for (; *w && i < n; w++)
				buf[i++] = (unsigned char)*w;
		} else if (kind == 1) {				/* random */
			buf[i++] = (unsigned char)x;
		} else if (kind == 2) {				/* runs */
			buf[i] = (unsigned char)((i / 1000) & 0xff);
			i++;
		} else {					/* text, then binary */
			buf[i++] = (unsigned char)(x % 7);
		}
	}
}

int main(int argc, char **argv)
{
	static const uLong sizes[] = { 1, 3, 100, 4000, 16383, 16384, 16385, 70000, 300000, 2u << 20 };
	static const int wbits[] = { 15, -15, 31 };
	static const char *kinds[] = { "text", "random", "runs", "text+binary" };
	unsigned char *buf;
	void *h;

	if (argc < 2) {
		fprintf(stderr, "usage: zdfast SYSTEM_LIBZ [exact]\n");
		return 2;
	}
	exact_mode = argc > 2 && strcmp(argv[2], "exact") == 0;
	h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (h == NULL) {
		fprintf(stderr, "dlopen %s: %s\n", argv[1], dlerror());
		return 2;
	}
	ref.init2 = sym(h, "deflateInit2_");
	ref.deflate = sym(h, "deflate");
	ref.end = sym(h, "deflateEnd");
	ref.reset = sym(h, "deflateReset");
	ref.bound = sym(h, "deflateBound");
	ref.iinit2 = sym(h, "inflateInit2_");
	ref.inflate = sym(h, "inflate");
	ref.iend = sym(h, "inflateEnd");
	ref.compress2 = sym(h, "compress2");
	if ((void *)ref.deflate == (void *)deflate) {
		fprintf(stderr, "the reference is the zlib under test: preload libwd_zlib\n");
		return 2;
	}
	buf = malloc(2u << 20);
	fill(buf, 100000, 0);
	snprintf(ctx, sizeof(ctx), "threads");
	thread_case(buf, 100000);
	for (int k = 0; k < 4; k++) {
		for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			uLong n = sizes[si];

			fill(buf, n, k);
			for (int level = -1; level <= 9; level++) {
				for (int w = 0; w < 3; w++) {
					if (n > 300000 && level != 1 && level != 6 && level != 9)
						continue;
					one_case(kinds[k], buf, n, level, wbits[w], 0);
					if (n <= 70000 && (level == 1 || level == 6 || level == 9)) {
						one_case(kinds[k], buf, n, level, wbits[w], 1);
						one_case(kinds[k], buf, n, level, wbits[w], 7);
						one_case(kinds[k], buf, n, level, wbits[w], 4096);
					}
				}
			}
			compress_cases(buf, n);
		}
	}
	fill(buf, 100000, 0);
	snprintf(ctx, sizeof(ctx), "mid-drain");
	mid_drain(buf, 100000);
	fork_case(buf, 100000);
	printf("zdfast: %d one-shot cases, %d with other bytes than zlib's, %d failures (%s mode)\n",
	       cases, differ, failures, exact_mode ? "exact" : "default");
	if (!exact_mode && differ == 0) {
		fprintf(stderr, "FAIL: no case took the fast path\n");
		failures++;
	}
	return failures ? 1 : 0;
}
