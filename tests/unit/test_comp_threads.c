/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Concurrency and process life cycle: threads x sessions in sync and async
 * mode on shared ctxs, init/uninit from several threads (QEMU's channels),
 * and fork(): the child never uses the parent's ctxs and can start its own.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "test_util.h"

#define THREADS 4
#define SESS_PER_THREAD 3
#define BLK 32768
#define ROUNDS 40

static uint8_t data[THREADS][BLK];

struct worker {
	int id;
	int failures;
	int async;
};

static int roundtrip(handle_t c, handle_t d, const uint8_t *in, int alg)
{
	uint8_t cmp[BLK + 1024], out[BLK], ref[BLK];
	struct wd_comp_req r = { .src = (void *)in, .src_len = BLK, .dst = cmp, .dst_len = sizeof(cmp) };

	if (wd_do_comp_sync(c, &r) || r.status)
		return 1;
	if (td_zlib_inflate(alg, WD_COMP_WS_32K, cmp, r.dst_len, ref, BLK) != BLK ||
	    memcmp(ref, in, BLK))
		return 1;
	r = (struct wd_comp_req){ .src = cmp, .src_len = r.dst_len, .dst = out, .dst_len = BLK,
				  .op_type = WD_DIR_DECOMPRESS };
	if (wd_do_comp_sync(d, &r) || r.status || r.dst_len != BLK || memcmp(out, in, BLK))
		return 1;
	return 0;
}

static void *sync_worker(void *arg)
{
	struct worker *w = arg;
	handle_t c[SESS_PER_THREAD], d[SESS_PER_THREAD];
	int i, r, alg;

	for (i = 0; i < SESS_PER_THREAD; i++) {
		alg = (w->id + i) % 3;
		c[i] = td_sess(alg, WD_DIR_COMPRESS, 1 + 2 * i, WD_COMP_WS_32K, CTX_MODE_SYNC);
		d[i] = td_sess(alg, WD_DIR_DECOMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_SYNC);
		w->failures += !c[i] || !d[i];
	}
	for (r = 0; r < ROUNDS && !w->failures; r++)
		for (i = 0; i < SESS_PER_THREAD; i++)
			w->failures += roundtrip(c[i], d[i], data[w->id], (w->id + i) % 3);
	for (i = 0; i < SESS_PER_THREAD; i++) {
		wd_comp_free_sess(c[i]);
		wd_comp_free_sess(d[i]);
	}
	return NULL;
}

struct tally {
	pthread_mutex_t lock;
	int done;
	int bad;
};

static void *async_cb(struct wd_comp_req *req, void *param)
{
	struct tally *t = param;

	pthread_mutex_lock(&t->lock);
	t->done++;
	t->bad += req->status != WD_SUCCESS;
	*(__u32 *)req->priv = req->dst_len;	/* req is the library's copy */
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

static void *async_worker(void *arg)
{
	struct worker *w = arg;
	static __thread uint8_t out[64][BLK + 1024];
	struct wd_comp_req reqs[64];
	__u32 lens[64];
	struct tally t = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };
	handle_t c = td_sess(WD_GZIP, WD_DIR_COMPRESS, 1, WD_COMP_WS_32K, CTX_MODE_ASYNC);
	int i, done;
	__u32 cnt;

	if (!c) {
		w->failures++;
		return NULL;
	}
	for (i = 0; i < 64; i++) {
		int ret;

		reqs[i] = (struct wd_comp_req){ .src = data[w->id], .src_len = BLK, .dst = out[i],
						.dst_len = sizeof(out[i]), .cb = async_cb, .cb_param = &t,
						.priv = &lens[i] };
		while ((ret = wd_do_comp_async(c, &reqs[i])) == -WD_EBUSY)
			wd_comp_poll(1, &cnt);
		w->failures += ret != 0;
	}
	/* other threads may reap our completions: wait for our own tally */
	do {
		wd_comp_poll(0, &cnt);
		pthread_mutex_lock(&t.lock);
		done = t.done;
		pthread_mutex_unlock(&t.lock);
	} while (done < 64);
	w->failures += t.bad;
	for (i = 0; i < 64; i++) {
		uint8_t ref[BLK];

		w->failures += td_zlib_inflate(WD_GZIP, 4, out[i], lens[i], ref, BLK) != BLK ||
			       memcmp(ref, data[w->id], BLK);
	}
	wd_comp_free_sess(c);
	return NULL;
}

static void run_workers(void *(*fn)(void *))
{
	pthread_t th[THREADS];
	struct worker w[THREADS];
	int i;

	for (i = 0; i < THREADS; i++) {
		w[i] = (struct worker){ .id = i };
		td_fill(data[i], BLK, TD_MIXED, (uint32_t)i + 1);
		assert_int_equal(pthread_create(&th[i], NULL, fn, &w[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
}

static void test_threads_sync(void **state)
{
	(void)state;
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	run_workers(sync_worker);
	wd_comp_uninit2();
	/* SCHED_POLICY_NONE: per-thread rotation */
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_NONE, TASK_INSTR), 0);
	run_workers(sync_worker);
	wd_comp_uninit2();
}

static void test_threads_async(void **state)
{
	(void)state;
	assert_int_equal(wd_comp_init2("gzip", SCHED_POLICY_RR, TASK_INSTR), 0);
	run_workers(async_worker);
	wd_comp_uninit2();
	/* the library's own poller (WD_COMP_ASYNC_POLL_EN) alongside callers' polls */
	setenv("WD_COMP_ASYNC_POLL_EN", "1", 1);
	assert_int_equal(wd_comp_init2("gzip", SCHED_POLICY_RR, TASK_INSTR), 0);
	run_workers(async_worker);
	wd_comp_uninit2();
	unsetenv("WD_COMP_ASYNC_POLL_EN");
}

/* QEMU's pattern: each channel init2 ... uninit2, at different times. */
static void *channel(void *arg)
{
	struct worker *w = arg;
	int ret = wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR);

	if (ret && ret != -WD_EEXIST) {
		w->failures++;
		return NULL;
	}
	usleep((useconds_t)(w->id * 20000));
	sync_worker(w);
	wd_comp_uninit2();
	return NULL;
}

static void test_channels(void **state)
{
	(void)state;
	run_workers(channel);
	/* all channels gone: the library is down again */
	assert_int_equal(td_sess(WD_ZLIB, 0, 1, 4, 0), 0);
}

static void test_fork(void **state)
{
	handle_t c, d;
	pid_t pid;
	int status;

	(void)state;
	td_fill(data[0], BLK, TD_TEXT, 5);
	assert_int_equal(wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR), 0);
	c = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, 4, CTX_MODE_SYNC);
	d = td_sess(WD_ZLIB, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
	assert_int_equal(roundtrip(c, d, data[0], WD_ZLIB), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint8_t out[BLK];
		struct wd_comp_req r = { .src = data[0], .src_len = BLK, .dst = out, .dst_len = BLK };
		int bad = 0;
		handle_t c2, d2;

		/* the parent's session and ctxs are not ours */
		bad |= wd_do_comp_sync(c, &r) != -WD_EINVAL;
		bad |= wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR) != 0;
		c2 = td_sess(WD_ZLIB, WD_DIR_COMPRESS, 1, 4, CTX_MODE_SYNC);
		d2 = td_sess(WD_ZLIB, WD_DIR_DECOMPRESS, 1, 4, CTX_MODE_SYNC);
		bad |= !c2 || !d2 || roundtrip(c2, d2, data[0], WD_ZLIB);
		wd_comp_free_sess(c2);
		wd_comp_free_sess(d2);
		wd_comp_uninit2();
		_exit(bad ? 3 : 0);
	}
	/* the parent keeps working while and after the child runs */
	assert_int_equal(roundtrip(c, d, data[0], WD_ZLIB), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(roundtrip(c, d, data[0], WD_ZLIB), 0);
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
	wd_comp_uninit2();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads_sync),
		cmocka_unit_test(test_threads_async),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_fork),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
