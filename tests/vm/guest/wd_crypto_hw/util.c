/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Helpers every test uses: data, comparison, per-class init, and "which
 * driver ran this session" (the per-session counts of libwd when it has
 * them, else what the init's ctxs are served by).
 */
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "crypto_hw.h"

void fill(u8 *b, size_t n, unsigned int seed)
{
	unsigned int x = seed * 2654435761u + 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (u8)(x >> 7);
	}
}

bool same(const char *what, const u8 *got, const u8 *want, size_t n)
{
	size_t i;

	for (i = 0; i < n && got[i] == want[i]; i++)
		;
	if (i == n)
		return true;
	NOTE("%s: first difference at byte %zu of %zu (got %02x, want %02x)", what, i, n, got[i],
	     want[i]);
	return false;
}

const char *cls_name(enum cls c)
{
	return c == CLS_CIPHER ? "cipher" : c == CLS_DIGEST ? "digest" : "aead";
}

int class_init(enum cls c, int task, __u32 nsync, __u32 nasync)
{
	struct wd_ctx_nums nums[1] = { { nsync, nasync } };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = nums };
	/* any algorithm of the class picks its drivers; sessions choose per algorithm */
	char cbc[] = "cbc(aes)", sha[] = "sha256", gcm[] = "gcm(aes)";

	switch (c) {
	case CLS_CIPHER:
		return wd_cipher_init2_(cbc, SCHED_POLICY_RR, task, &p);
	case CLS_DIGEST:
		return wd_digest_init2_(sha, SCHED_POLICY_RR, task, &p);
	default:
		return wd_aead_init2_(gcm, SCHED_POLICY_RR, task, &p);
	}
}

bool setup_class(enum cls c)
{
	int ret = class_init(c, run.task, 1, 1);

	CHECK(!ret, "%s: init2 with %s, 1 sync + 1 async ctx (%d)", cls_name(c),
	      run.task == TASK_HW ? "TASK_HW" : "TASK_MIX", ret);
	if (ret)
		return false;
	if (run.task == TASK_HW)
		CHECK(ctxs_on(c, run.want[c]), "%s: every ctx of the init is a %s queue",
		      cls_name(c), run.want[c]);
	return true;
}

void class_uninit(enum cls c)
{
	if (c == CLS_CIPHER)
		wd_cipher_uninit2();
	else if (c == CLS_DIGEST)
		wd_digest_uninit2();
	else
		wd_aead_uninit2();
}

static int ctx_info(enum cls c, struct wd_ctx_info *info, int max)
{
	if (c == CLS_CIPHER)
		return wd_cipher_get_ctx_info(info, max);
	if (c == CLS_DIGEST)
		return wd_digest_get_ctx_info(info, max);
	return wd_aead_get_ctx_info(info, max);
}

bool ctxs_on(enum cls c, const char *want)
{
	struct wd_ctx_info info[64];
	int n = ctx_info(c, info, 64), i;
	bool ok = n > 0;

	for (i = 0; i < n && i < 64; i++) {
		printf("# %s ctx %d: %s, %s\n", cls_name(c), i, info[i].driver,
		       info[i].mode == CTX_MODE_SYNC ? "sync" : "async");
		ok &= !want || !strncmp(info[i].driver, want, strlen(want));
	}
	return ok;
}

int sess_ran_on(enum cls c, handle_t h, const char *want, char *desc, size_t n)
{
	size_t w = want ? strlen(want) : 0, used = 0;
	int i, k, all = 1;
#ifdef WD_HAVE_SESS_DRIVER_COUNTS
	struct wd_sess_driver_count dc[8];
	__u64 total = 0;

	(void)c;
	k = wd_sess_get_driver_counts(h, dc, 8);
	if (k < 0) {
		snprintf(desc, n, "wd_sess_get_driver_counts: %d (%s)", k, wd_strerror(k));
		return 0;
	}
	desc[0] = 0;
	for (i = 0; i < k && i < 8; i++) {
		used += (size_t)snprintf(desc + used, used < n ? n - used : 0, "%s%s (%s) %llu",
					 i ? ", " : "", dc[i].driver,
					 dc[i].kind == WD_DRIVER_HW ? "hw" : "cpu",
					 (unsigned long long)dc[i].requests);
		all &= !w || !strncmp(dc[i].driver, want, w);
		total += dc[i].requests;
	}
	if (!k)
		snprintf(desc, n, "no driver ran a request");
	return k > 0 && k <= 8 && total > 0 && all;
#else
	struct wd_ctx_info info[64];
	const char *first = NULL;
	int mixed = 0;

	(void)h;
	k = ctx_info(c, info, 64);
	for (i = 0; i < k && i < 64; i++) {
		mixed |= first && strcmp(first, info[i].driver);
		first = first ? first : info[i].driver;
		all &= !w || !strncmp(info[i].driver, want, w);
	}
	used = (size_t)snprintf(desc, n, "every ctx of the init: %s", first ? first : "none");
	if (mixed) {
		snprintf(desc, n, "ctxs of several drivers; libwd has no wd_sess_get_driver_counts");
		return -1;
	}
	(void)used;
	return k > 0 && all;
#endif
}

void check_driver(enum cls c, handle_t h, const char *want, const char *what)
{
	char desc[256];
	int r = sess_ran_on(c, h, want, desc, sizeof(desc));

	if (!want)
		printf("#   %s ran on: %s\n", what, desc);
	else if (r < 0)
		printf("#   %s: which driver ran it is unknown (%s)\n", what, desc);
	else
		CHECK(r == 1, "%s ran on %s* (%s)", what, want, desc);
}

bool poll_until(enum cls c, volatile int *done, int n)
{
	struct timespec t0, t;
	__u32 cnt;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (*done < n) {
		cnt = 0;
		if (c == CLS_CIPHER)
			ret = wd_cipher_poll((__u32)(n - *done), &cnt);
		else if (c == CLS_DIGEST)
			ret = wd_digest_poll((__u32)(n - *done), &cnt);
		else
			ret = wd_aead_poll((__u32)(n - *done), &cnt);
		if (ret && ret != -WD_EAGAIN) {
			NOTE("%s poll: %d (%s)", cls_name(c), ret, wd_strerror(ret));
			return false;
		}
		if (cnt)
			continue;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 20)
			return false;
		usleep(20);
	}
	return true;
}
