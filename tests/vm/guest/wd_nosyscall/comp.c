/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The compression loop: wd_comp on vacc queues (TASK_HW, async + poll),
 * DEPTH requests kept in flight, warmed up before the trap is armed.
 */
#include <stdio.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "trap.h"

#define DEPTH	16
#define BLOCK	4096

static unsigned char src[BLOCK], dst[DEPTH][BLOCK * 2];
static volatile long bad;
static volatile __u32 last_bad_status;

static void *done_cb(struct wd_comp_req *req, void *param)
{
	(void)param;
	if (req->status || !req->dst_len) {
		last_bad_status = req->status;
		bad++;
	}
	completed++;
	return NULL;
}

/* Keep DEPTH requests in flight for n completions: submit, poll, repeat. */
static int hot_loop(handle_t h, long n)
{
	long submitted = 0, start = completed;
	__u32 cnt;

	while (completed - start < n) {
		while (submitted - (completed - start) < DEPTH && submitted < n) {
			struct wd_comp_req r = { .src = src, .src_len = BLOCK,
						 .dst = dst[submitted % DEPTH], .dst_len = BLOCK * 2,
						 .op_type = WD_DIR_COMPRESS, .cb = done_cb,
						 .cb_param = sh };	/* UADK requires one */

			int ret = wd_do_comp_async(h, &r);

			if (ret == -WD_EBUSY)
				break;	/* ring full: poll first */
			if (ret)
				return ret;
			submitted++;
		}
		wd_comp_poll(DEPTH, &cnt);
	}
	return bad ? -1 : 0;
}

/* trap_run's loop */
static struct {
	handle_t h;
	long n;
} run;

static int run_loop(void *arg)
{
	(void)arg;
	return hot_loop(run.h, run.n);
}

int comp_child(int loops)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 0, 1 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	struct sched_params sp = { .numa_id = -1, .type = WD_DIR_COMPRESS, .mode = CTX_MODE_ASYNC };
	struct wd_comp_sess_setup ss = { .alg_type = WD_DEFLATE, .op_type = WD_DIR_COMPRESS,
					 .comp_lv = WD_COMP_L1, .win_sz = WD_COMP_WS_32K,
					 .sched_param = &sp };
	handle_t h;
	int ret;
	size_t i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)("warpdrive queue "[i % 16] + (i / 977));
	if (wd_comp_init2_("deflate", SCHED_POLICY_RR, TASK_HW, &p))
		return 10;
	h = wd_comp_alloc_sess(&ss);
	if (!h)
		return 11;
	ret = hot_loop(h, 200);		/* warm: pools, ring, lazily set-up state */
	if (ret) {
		printf("# warm-up failed: %d (%s), %ld bad completions, last status %u\n", ret,
		       wd_strerror(ret), bad, last_bad_status);
		return 11;
	}
	printf("# warm: %ld requests done, %ld bad\n", completed, bad);
	run.h = h;
	run.n = loops;
	return trap_run(false, run_loop, &run, &bad);
}
