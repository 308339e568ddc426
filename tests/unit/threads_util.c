/* SPDX-License-Identifier: Apache-2.0 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>
#include <uadk/wd_sched.h>
#include "test_util.h"
#include "threads_util.h"

static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static int fail_count;
static char fail_first[512];

void tt_reset(void)
{
	pthread_mutex_lock(&fail_lock);
	fail_count = 0;
	fail_first[0] = '\0';
	pthread_mutex_unlock(&fail_lock);
}

void tt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	pthread_mutex_lock(&fail_lock);
	if (!fail_count++) {
		n = snprintf(fail_first, sizeof(fail_first), "%s:%d: ", file, line);
		va_start(ap, fmt);
		if (n > 0 && (size_t)n < sizeof(fail_first))
			vsnprintf(fail_first + n, sizeof(fail_first) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&fail_lock);
}

int tt_failures(void)
{
	int n;

	pthread_mutex_lock(&fail_lock);
	n = fail_count;
	if (n)
		fprintf(stderr, "%d failure(s) in threads; first: %s\n", n, fail_first);
	pthread_mutex_unlock(&fail_lock);
	return n;
}

int tt_known_test(const char *name, const struct CMUnitTest *tests, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, tests[i].name))
			return 1;
	fprintf(stderr, "no test named '%s'; the tests are:\n", name);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %s\n", tests[i].name);
	return 0;
}

int tt_run(int n, void *(*fn)(void *), void *args, size_t size)
{
	pthread_t th[TT_MAX_THREADS];
	int i, j, ret = 0;

	if (n > TT_MAX_THREADS)
		return -1;
	for (i = 0; i < n; i++) {
		if (pthread_create(&th[i], NULL, fn, (char *)args + (size_t)i * size)) {
			tt_fail(__FILE__, __LINE__, "pthread_create %d of %d failed", i, n);
			ret = -1;
			break;
		}
	}
	for (j = 0; j < i; j++)
		pthread_join(th[j], NULL);
	return ret;
}

int tt_init2(const char *alg, __u32 policy, __u32 sync_per_op, __u32 async_per_op)
{
	struct wd_ctx_nums nums[WD_DIR_MAX];
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	int op;

	for (op = 0; op < WD_DIR_MAX; op++) {
		nums[op].sync_ctx_num = sync_per_op;
		nums[op].async_ctx_num = async_per_op;
	}
	return wd_comp_init2_((char *)alg, policy, TASK_INSTR, &p);
}

handle_t tt_sess(int alg, int op, int level, int win, int mode)
{
	return td_sess(alg, op, level, win, mode);
}

int tt_oneshot(handle_t sess, int op, const void *src, __u32 len, void *dst, __u32 cap,
	       __u32 *out_len)
{
	struct wd_comp_req r = { .src = (void *)src, .src_len = len, .dst = dst, .dst_len = cap,
				 .op_type = op };
	int ret = wd_do_comp_sync(sess, &r);

	*out_len = 0;
	if (!TT_CHECK(ret == 0 && r.status == WD_SUCCESS && r.src_len == len,
		      "%s of %u bytes: ret %d status %u consumed %u",
		      op == WD_DIR_COMPRESS ? "compress" : "decompress", len, ret, r.status,
		      r.src_len))
		return -1;
	if (!TT_CHECK(r.dst_len <= cap, "produced %u bytes into %u", r.dst_len, cap))
		return -1;
	*out_len = r.dst_len;
	return 0;
}

int tt_sync_roundtrip(handle_t c, handle_t d, int alg, int win, const uint8_t *in, __u32 len,
		      int zlevel)
{
	__u32 cap = tt_bound(len), clen, olen;
	uint8_t *cmp = malloc(cap), *zc = malloc(cap), *out = malloc((size_t)len + 1);
	long zl;
	int bad = -1;

	if (!TT_CHECK(cmp && zc && out, "out of memory"))
		goto done;
	if (tt_oneshot(c, WD_DIR_COMPRESS, in, len, cmp, cap, &clen))
		goto done;
	/* zlib decodes in small steps: a match beyond the window would fail */
	if (!TT_CHECK(td_zlib_inflate(alg, win, cmp, clen, out, (size_t)len + 1) == (long)len &&
		      !memcmp(out, in, len),
		      "zlib does not get the input back from wd's stream (alg %d win %d, %u -> %u)",
		      alg, win, len, clen))
		goto done;
	memset(out, 0xa5, (size_t)len + 1);
	if (tt_oneshot(d, WD_DIR_DECOMPRESS, cmp, clen, out, len + 1, &olen))
		goto done;
	if (!TT_CHECK(olen == len && !memcmp(out, in, len),
		      "wd does not decode its own stream (alg %d, %u -> %u -> %u)", alg, len, clen,
		      olen))
		goto done;
	zl = td_zlib_deflate(alg, zlevel, 15, Z_DEFAULT_STRATEGY, in, len, zc, cap);
	if (!TT_CHECK(zl >= 0, "zlib deflate failed (alg %d level %d)", alg, zlevel))
		goto done;
	memset(out, 0xa5, (size_t)len + 1);
	if (tt_oneshot(d, WD_DIR_DECOMPRESS, zc, (__u32)zl, out, len + 1, &olen))
		goto done;
	if (!TT_CHECK(olen == len && !memcmp(out, in, len),
		      "wd does not decode zlib's stream (alg %d level %d, %u -> %ld -> %u)", alg,
		      zlevel, len, zl, olen))
		goto done;
	bad = 0;
done:
	free(cmp);
	free(zc);
	free(out);
	return bad;
}

long tt_stream(handle_t sess, int op, const uint8_t *in, __u32 len, uint8_t *out, __u32 cap,
	       __u32 in_step, __u32 out_step)
{
	__u32 in_off = 0, out_off = 0, idle = 0;
	int ret;

	for (;;) {
		__u32 chunk = len - in_off < in_step ? len - in_off : in_step;
		__u32 room = cap - out_off < out_step ? cap - out_off : out_step;
		struct wd_comp_req r = { .src = (void *)(in + in_off), .src_len = chunk,
					 .dst = out + out_off, .dst_len = room, .op_type = op,
					 .last = in_off + chunk == len };

		if (!TT_CHECK(room, "stream output exceeds %u bytes (%u of %u in)", cap, in_off, len))
			return -1;
		ret = wd_do_comp_strm(sess, &r);
		if (!TT_CHECK(ret == 0 && (r.status == WD_SUCCESS || r.status == WD_EAGAIN ||
					   r.status == WD_STREAM_END),
			      "stream %s step at %u/%u: ret %d status %u",
			      op == WD_DIR_COMPRESS ? "compress" : "decompress", in_off, len, ret,
			      r.status))
			return -1;
		if (!TT_CHECK(r.src_len <= chunk && r.dst_len <= room,
			      "stream step used %u of %u in, %u of %u out", r.src_len, chunk,
			      r.dst_len, room))
			return -1;
		in_off += r.src_len;
		out_off += r.dst_len;
		if (r.status == WD_STREAM_END)
			break;
		/* a step that moves nothing twice in a row would loop forever */
		idle = r.src_len || r.dst_len ? 0 : idle + 1;
		if (!TT_CHECK(idle < 2, "stream makes no progress at %u/%u in, %u out (status %u)",
			      in_off, len, out_off, r.status))
			return -1;
	}
	/* the whole input belongs to the stream: the end comes after all of it */
	if (!TT_CHECK(in_off == len, "stream ended after %u of %u input bytes", in_off, len))
		return -1;
	return (long)out_off;
}
