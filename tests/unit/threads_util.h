/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers for the threaded tests (test_threads_*.c). They use the public
 * API only (<uadk/...>), so the tests hold whatever the library's insides
 * become. Worker threads must not call cmocka's assert_* (a failed assert
 * longjmps on the wrong stack): they record failures with TT_CHECK, and the
 * main thread asserts tt_failures() == 0 after joining them.
 */
#ifndef THREADS_UTIL_H
#define THREADS_UTIL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <uadk/wd_comp.h>

#define TT_MAX_THREADS 16

/* Forget earlier failures (start of a test). */
void tt_reset(void);
/* Record a failure; the first message is kept and printed by tt_failures(). */
void tt_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define TT_CHECK(cond, ...) ((cond) ? 1 : (tt_fail(__FILE__, __LINE__, __VA_ARGS__), 0))
/* Number of failures so far; prints the first one when there are any. */
int tt_failures(void);

struct CMUnitTest;
/* Is name exactly one of the tests' names? (prints the names when not) */
int tt_known_test(const char *name, const struct CMUnitTest *tests, size_t n);

/* Start n threads fn(arg + i * size) and join them all; 0 or -1. */
int tt_run(int n, void *(*fn)(void *), void *args, size_t size);

/*
 * wd_comp_init2_() with an explicit ctx count per op type (fewer ctxs than
 * threads makes threads share ctxs). Returns what init returned.
 */
int tt_init2(const char *alg, __u32 policy, __u32 sync_per_op, __u32 async_per_op);

/* A session through wd_comp_alloc_sess() (numa -1: the caller's node). */
handle_t tt_sess(int alg, int op, int level, int win, int mode);

/* Room for the compressed form of len bytes, generous for every encoder. */
static inline __u32 tt_bound(__u32 len)
{
	return len + len / 8 + 1024;
}

/*
 * One stateless sync request; 0 when the call returned 0, status is
 * WD_SUCCESS and all of src was consumed (the failure is recorded).
 */
int tt_oneshot(handle_t sess, int op, const void *src, __u32 len, void *dst, __u32 cap,
	       __u32 *out_len);

/*
 * The full cross-check of one block on a compress/decompress session pair:
 * wd compresses, zlib must decode it within the session's window; wd
 * decompresses its own output and a zlib-made stream (zlevel 1-9) of the
 * same data. 0 when all four agree with in (failures are recorded).
 */
int tt_sync_roundtrip(handle_t c, handle_t d, int alg, int win, const uint8_t *in, __u32 len,
		      int zlevel);

/*
 * A whole stream through wd_do_comp_strm() in steps of at most in_step
 * input and out_step output bytes (small steps make WD_EAGAIN happen). Ends
 * at WD_STREAM_END; returns the bytes produced or -1 (failure recorded).
 */
long tt_stream(handle_t sess, int op, const uint8_t *in, __u32 len, uint8_t *out, __u32 cap,
	       __u32 in_step, __u32 out_step);

#endif
