/* SPDX-License-Identifier: Apache-2.0 */
/* guest: dynamic */
/*
 * The vacc user-space driver end to end in a guest with the vacc module
 * (not built on the host: it needs /dev/vacc-*). Default mode: wd_comp with
 * TASK_HW on vacc queues, output checked with zlib, and the status of every
 * error case (dst too small, truncated, corrupt, trailing data, gzip
 * members, empty input) compared with the CPU driver's for the same
 * requests; stream compress/decompress in pieces; async + poll.
 *   queues  more ctxs than queues (the engine keeps what it got), fork:
 *           the child's inherited queue fds are closed, the parent goes on
 *   v1      wd_comp_init() with our own wd_request_ctx() handles (adopted,
 *           still ours after uninit)
 * Run by tests/vm/guest/cases/30-vacc-driver.sh (rmmod under load is
 * wd_hw_tests until-error's case).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zlib.h>
#include <uadk/wd.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>

static int fails, passes;

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

#define CHECK(cond, ...) do { if (cond) { passes++; } else { fails++; \
	printf("not ok - " __VA_ARGS__); printf(" (line %d)\n", __LINE__); } } while (0)

#define N (300 * 1024)
static unsigned char in[N], out[2 * N], back[2 * N];

static void fill(void)
{
	unsigned int i, x = 1;

	for (i = 0; i < N; i++) {
		x = x * 1103515245 + 12345;
		in[i] = i % 3000 < 2000 ? "the quick brown fox "[i % 20] : (unsigned char)(x >> 16);
	}
}

static handle_t sess(int alg, int op, int mode)
{
	struct sched_params sp = { .numa_id = -1, .type = (__u8)op, .mode = (__u8)mode };
	struct wd_comp_sess_setup s = { .alg_type = alg, .op_type = op, .comp_lv = WD_COMP_L6,
					.win_sz = WD_COMP_WS_32K, .sched_param = &sp };

	return wd_comp_alloc_sess(&s);
}

static int zinflate(int alg, const unsigned char *src, unsigned long len, unsigned char *dst,
		    unsigned long cap, unsigned long *outlen)
{
	z_stream z;
	int ret;

	memset(&z, 0, sizeof(z));
	inflateInit2(&z, alg == WD_DEFLATE ? -15 : alg == WD_ZLIB ? 15 : 31);
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)len;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	ret = inflate(&z, Z_FINISH);
	*outlen = z.total_out;
	inflateEnd(&z);
	return ret == Z_STREAM_END ? 0 : -1;
}

/* One-shot request; returns ret, fills status/lengths. */
static int oneshot(int alg, int op, const void *src, __u32 slen, void *dst, __u32 dlen,
		   __u32 *status, __u32 *produced)
{
	struct wd_comp_req r = { .src = (void *)src, .src_len = slen, .dst = dst, .dst_len = dlen,
				 .op_type = op, .data_fmt = WD_FLAT_BUF };
	handle_t h = sess(alg, op, CTX_MODE_SYNC);
	int ret = wd_do_comp_sync(h, &r);

	*status = r.status;
	*produced = r.dst_len;
	wd_comp_free_sess(h);
	return ret;
}

/* The error/status cases: run under the current init, return a signature. */
static void status_cases(int alg, char *sig, size_t size)
{
	__u32 st, prod, clen;
	unsigned char *two;
	int r1, r2, r3, r4, r5, r6;

	r1 = oneshot(alg, WD_DIR_COMPRESS, in, N, out, 100, &st, &prod);	/* dst too small */
	snprintf(sig, size, "small-dst %d/%u", r1, st);
	oneshot(alg, WD_DIR_COMPRESS, in, N, out, sizeof(out), &st, &clen);
	r2 = oneshot(alg, WD_DIR_DECOMPRESS, out, clen - 5, back, sizeof(back), &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " trunc %d/%u", r2, st);
	r3 = oneshot(alg, WD_DIR_DECOMPRESS, out, clen, back, N - 1, &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " out-short %d/%u", r3, st);
	out[clen / 2] ^= 0x55;
	out[clen / 2 + 1] ^= 0xaa;
	r4 = oneshot(alg, WD_DIR_DECOMPRESS, out, clen, back, sizeof(back), &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " corrupt %d/%u", r4, st);
	oneshot(alg, WD_DIR_COMPRESS, in, 1000, out, sizeof(out), &st, &clen);
	out[clen] = 0;
	r5 = oneshot(alg, WD_DIR_DECOMPRESS, out, clen + 1, back, sizeof(back), &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " trailing %d/%u", r5, st);
	two = malloc(2 * clen);
	memcpy(two, out, clen);
	memcpy(two + clen, out, clen);
	r6 = oneshot(alg, WD_DIR_DECOMPRESS, two, 2 * clen, back, sizeof(back), &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " two-members %d/%u/%u", r6, st, prod);
	free(two);
	r1 = oneshot(alg, WD_DIR_COMPRESS, in, 0, out, sizeof(out), &st, &clen);
	r2 = oneshot(alg, WD_DIR_DECOMPRESS, out, clen, back, sizeof(back), &st, &prod);
	snprintf(sig + strlen(sig), size - strlen(sig), " empty %d/%d/%u/%u", r1, r2, st, prod);
}

/* Stream compress in 7 KiB inputs into 3 KiB outputs, then stream decompress. */
static void streams(int alg)
{
	handle_t c = sess(alg, WD_DIR_COMPRESS, CTX_MODE_SYNC);
	handle_t d = sess(alg, WD_DIR_DECOMPRESS, CTX_MODE_SYNC);
	__u32 ip = 0, op = 0, bp = 0, last_status = 0;
	unsigned long n;
	int ret = 0, rounds = 0;

	while (!ret && last_status != WD_STREAM_END && rounds++ < 100000) {
		__u32 chunk = N - ip < 7168 ? N - ip : 7168;
		struct wd_comp_req r = { .src = in + ip, .src_len = chunk, .dst = out + op,
					 .dst_len = 3072, .op_type = WD_DIR_COMPRESS,
					 .last = ip + chunk == N };

		ret = wd_do_comp_strm(c, &r);
		ip += r.src_len;
		op += r.dst_len;
		last_status = r.status;
	}
	CHECK(!ret && last_status == WD_STREAM_END, "alg %d stream compress: ret %d status %u", alg,
	      ret, last_status);
	CHECK(!zinflate(alg, out, op, back, sizeof(back), &n) && n == N && !memcmp(back, in, N),
	      "alg %d stream compress output decodes", alg);
	ip = 0;
	last_status = 0;
	rounds = 0;
	while (!ret && last_status != WD_STREAM_END && rounds++ < 100000) {
		__u32 chunk = op - ip < 1000 ? op - ip : 1000;
		struct wd_comp_req r = { .src = out + ip, .src_len = chunk, .dst = back + bp,
					 .dst_len = 5000, .op_type = WD_DIR_DECOMPRESS,
					 .last = ip + chunk == op };

		ret = wd_do_comp_strm(d, &r);
		ip += r.src_len;
		bp += r.dst_len;
		last_status = r.status;
	}
	CHECK(!ret && last_status == WD_STREAM_END && bp == N && ip == op && !memcmp(back, in, N),
	      "alg %d stream decompress: ret %d status %u %u/%u", alg, ret, last_status, bp, N);
	wd_comp_free_sess(c);
	wd_comp_free_sess(d);
}

static int cb_done;
static void *cb(struct wd_comp_req *req, void *param)
{
	(void)param;
	if (req->status == WD_SUCCESS)
		__atomic_fetch_add(&cb_done, 1, __ATOMIC_RELAXED);
	return NULL;
}

static void async(void)
{
	static unsigned char dst[64][8192];
	handle_t h = sess(WD_GZIP, WD_DIR_COMPRESS, CTX_MODE_ASYNC);
	int i, sent = 0;
	uint64_t t0;
	__u32 cnt;

	cb_done = 0;
	for (i = 0; i < 64; i++) {
		struct wd_comp_req r = { .src = in + i * 4096, .src_len = 4096, .dst = dst[i],
					 .dst_len = 8192, .op_type = WD_DIR_COMPRESS,
					 .cb = cb, .cb_param = &sent };

		if (!wd_do_comp_async(h, &r))
			sent++;
	}
	/* 30 s of guest time: a hang guard, not a speed limit */
	for (t0 = now_ms(); cb_done < sent && now_ms() - t0 < 30000;) {
		wd_comp_poll(0, &cnt);
		if (!cnt)
			usleep(100);
	}
	CHECK(sent == 64 && cb_done == 64, "async: %d sent, %d done", sent, cb_done);
	wd_comp_free_sess(h);
}

/* UADK v1 init: our own wd_request_ctx() handles, adopted by the driver. */
static int v1_mode(void)
{
	struct uacce_dev_list *list = wd_get_accel_list("zlib");
	struct wd_ctx ctxs[2];
	struct wd_ctx_config cfg = { .ctx_num = 2, .ctxs = ctxs };
	struct sched_params sp = { .numa_id = 0, .type = 0, .mode = 0, .begin = 0, .end = 0 };
	struct wd_ctx_info info[4];
	struct wd_sched *sched;
	__u32 st, clen, prod;
	int ret, i, k;

	CHECK(list != NULL, "device list");
	if (!list)
		return 1;
	for (i = 0; i < 2; i++) {
		ctxs[i].ctx = wd_request_ctx(list->dev);
		ctxs[i].op_type = (__u8)i;
		ctxs[i].ctx_mode = CTX_MODE_SYNC;
		CHECK(ctxs[i].ctx != 0, "wd_request_ctx %d", i);
	}
	sched = wd_sched_rr_alloc(SCHED_POLICY_RR, 2, 1, wd_comp_poll_ctx);
	wd_sched_rr_instance(sched, &sp);
	sp.type = 1;
	sp.begin = sp.end = 1;
	wd_sched_rr_instance(sched, &sp);
	ret = wd_comp_init(&cfg, sched);
	CHECK(!ret, "wd_comp_init (v1): %d", ret);
	k = wd_comp_get_ctx_info(info, 4);
	CHECK(k == 2 && !strcmp(info[0].driver, "vacc") && !strcmp(info[1].driver, "vacc"),
	      "v1 ctxs adopted by vacc: %d %s", k, k > 0 ? info[0].driver : "-");
	ret = oneshot(WD_GZIP, WD_DIR_COMPRESS, in, N, out, sizeof(out), &st, &clen);
	CHECK(!ret && st == 0, "v1 compress %d/%u", ret, st);
	ret = oneshot(WD_GZIP, WD_DIR_DECOMPRESS, out, clen, back, sizeof(back), &st, &prod);
	CHECK(!ret && st == 0 && prod == N && !memcmp(back, in, N), "v1 decompress %d/%u", ret, st);
	wd_comp_uninit();
	/* the handles are still ours: usable and releasable */
	CHECK(wd_ctx_get_api(ctxs[0].ctx) != NULL, "handle still live after uninit");
	for (i = 0; i < 2; i++)
		wd_release_ctx(ctxs[i].ctx);
	wd_sched_rr_release(sched);
	wd_free_list_accels(list);
	printf("# v1: %d passed, %d failed\n", passes, fails);
	return fails != 0;
}

/* Open fds on /dev/vacc-*. */
static int vacc_fds(void)
{
	char path[64], target[256];
	int fd, n = 0;
	ssize_t len;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		len = readlink(path, target, sizeof(target) - 1);
		if (len > 0) {
			target[len] = 0;
			n += strstr(target, "vacc-") != NULL;
		}
	}
	return n;
}

/* More ctxs than queues: the engine keeps what it got; a forked child opens its own. */
static int queues_fork_mode(void)
{
	struct wd_ctx_nums nums[2] = { { 12, 0 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = nums };
	struct wd_ctx_info info[16];
	__u32 st, clen;
	int ret, k, status;
	pid_t pid;

	printf("# init 12\n");
	ret = wd_comp_init2_("gzip", SCHED_POLICY_RR, TASK_HW, &p);
	printf("# init 12: %d\n", ret);
	k = wd_comp_get_ctx_info(info, 16);
	CHECK(!ret && k > 0 && k < 12, "12 ctxs asked: init %d, %d opened", ret, k);
	printf("# %d ctxs opened for 12 asked\n", k);
	ret = oneshot(WD_GZIP, WD_DIR_COMPRESS, in, 65536, out, sizeof(out), &st, &clen);
	CHECK(!ret && st == 0, "request with all queues taken: %d", ret);
	CHECK(vacc_fds() == 8, "parent holds %d queue fds", vacc_fds());
	printf("# fork\n");
	pid = fork();
	if (!pid) {
		/* the parent's queues are not ours: init afresh (queues are all taken: CPU) */
		ret = oneshot(WD_GZIP, WD_DIR_COMPRESS, in, 65536, out, sizeof(out), &st, &clen);
		if (!ret)
			_exit(3);	/* a stale session must fail */
		if (vacc_fds())
			_exit(6);	/* the inherited queue fds are closed */
		/* every queue is the parent's: TASK_MIX runs on the CPU */
		ret = wd_comp_init2_("gzip", SCHED_POLICY_RR, TASK_MIX, NULL);
		if (ret)
			_exit(4);
		ret = oneshot(WD_GZIP, WD_DIR_COMPRESS, in, 65536, out, sizeof(out), &st, &clen);
		wd_comp_uninit2();
		_exit(ret ? 5 : 0);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "fork child: status %#x", status);
	ret = oneshot(WD_GZIP, WD_DIR_COMPRESS, in, 65536, out, sizeof(out), &st, &clen);
	CHECK(!ret && st == 0, "parent after fork: %d", ret);
	wd_comp_uninit2();
	ret = wd_comp_init2_("gzip", SCHED_POLICY_RR, TASK_HW, &p);
	k = wd_comp_get_ctx_info(info, 16);
	CHECK(!ret && k > 0, "init again after uninit: %d, %d ctxs", ret, k);
	wd_comp_uninit2();
	printf("# queues/fork: %d passed, %d failed\n", passes, fails);
	return fails != 0;
}

int main(int argc, char **argv)
{
	static const char *names[] = { "deflate", "zlib", "gzip" };
	char hw[3][512], cpu[3][512];
	struct wd_ctx_info info[16];
	__u32 st, clen, prod;
	unsigned long n;
	int alg, ret, k, i;

	setvbuf(stdout, NULL, _IONBF, 0);
	fill();
	if (argc > 1 && !strcmp(argv[1], "v1"))
		return v1_mode();
	if (argc > 1 && !strcmp(argv[1], "queues"))
		return queues_fork_mode();
	ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, NULL);
	CHECK(!ret, "TASK_HW init: %d", ret);
	if (ret)
		return 1;
	k = wd_comp_get_ctx_info(info, 16);
	for (i = 0; i < k; i++)
		CHECK(!strcmp(info[i].driver, "vacc"), "ctx %d is on driver %s", i, info[i].driver);
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		ret = oneshot(alg, WD_DIR_COMPRESS, in, N, out, sizeof(out), &st, &clen);
		CHECK(!ret && st == WD_SUCCESS, "%s compress: %d/%u", names[alg], ret, st);
		CHECK(!zinflate(alg, out, clen, back, sizeof(back), &n) && n == N &&
		      !memcmp(back, in, N), "%s: zlib decodes vacc output", names[alg]);
		ret = oneshot(alg, WD_DIR_DECOMPRESS, out, clen, back, sizeof(back), &st, &prod);
		CHECK(!ret && st == WD_SUCCESS && prod == N && !memcmp(back, in, N),
		      "%s decompress: %d/%u/%u", names[alg], ret, st, prod);
		status_cases(alg, hw[alg], sizeof(hw[alg]));
		streams(alg);
	}
	async();
	wd_comp_uninit2();
	ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_INSTR, NULL);
	CHECK(!ret, "TASK_INSTR init: %d", ret);
	for (alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		status_cases(alg, cpu[alg], sizeof(cpu[alg]));
		CHECK(!strcmp(hw[alg], cpu[alg]), "%s statuses: vacc [%s] cpu [%s]", names[alg],
		      hw[alg], cpu[alg]);
		printf("# %s: %s\n", names[alg], hw[alg]);
	}
	wd_comp_uninit2();
	printf("# vacc driver: %d passed, %d failed\n", passes, fails);
	return fails != 0;
}
