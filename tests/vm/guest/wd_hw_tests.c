/* guest: dynamic */
/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Guest tests of the hardware path through the public API: wd_comp with
 * TASK_HW on vacc queues (uacce), cross-checked with zlib. One subcommand
 * per case; suite.sh runs them and plays the operator (kill -9, rmmod).
 * Prints "ok - name" / "not ok - name: why"; exit 0 only if all passed.
 */
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <zlib.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>

static int failures;

#include "guest_check.h"


static void watchdog(unsigned int seconds)
{
	guest_watchdog_arm();
	alarm(seconds);
}

static const char *const alg_name[] = { "deflate", "zlib", "gzip" };
static const int algs[] = { WD_DEFLATE, WD_ZLIB, WD_GZIP };

static void fill(unsigned char *b, size_t n, unsigned seed, int text)
{
	static const char *const words[] = { "warp ", "drive ", "queue ", "ring ", "uacce ",
					     "vacc ", "deflate ", "\n" };
	size_t i = 0;

	srand(seed);
	while (i < n) {
		if (!text) {
			b[i++] = (unsigned char)rand();
			continue;
		}
		for (const char *w = words[rand() % 8]; *w && i < n; w++)
			b[i++] = (unsigned char)*w;
	}
}

static int zwbits(int alg)
{
	return alg == WD_DEFLATE ? -15 : alg == WD_ZLIB ? 15 : 31;
}

/* zlib as the independent decoder: the whole input must be one stream. */
static long zinflate(int alg, const unsigned char *src, size_t n, unsigned char *dst, size_t cap)
{
	z_stream z = { 0 };
	long out;
	int ret;

	if (inflateInit2(&z, zwbits(alg)) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	ret = inflate(&z, Z_FINISH);
	out = ret == Z_STREAM_END && !z.avail_in ? (long)z.total_out : -1;
	inflateEnd(&z);
	return out;
}

static long zdeflate(int alg, const unsigned char *src, size_t n, unsigned char *dst, size_t cap)
{
	z_stream z = { 0 };
	long out;

	if (deflateInit2(&z, 6, Z_DEFLATED, zwbits(alg), 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	z.next_in = (Bytef *)src;
	z.avail_in = (uInt)n;
	z.next_out = dst;
	z.avail_out = (uInt)cap;
	out = deflate(&z, Z_FINISH) == Z_STREAM_END ? (long)z.total_out : -1;
	deflateEnd(&z);
	return out;
}

static handle_t sess(int alg, int op, int mode)
{
	struct sched_params sp = { .numa_id = -1, .type = (__u8)op, .mode = (__u8)mode };
	struct wd_comp_sess_setup ss = { .alg_type = alg, .op_type = op, .comp_lv = WD_COMP_L6,
					 .win_sz = WD_COMP_WS_32K, .sched_param = &sp };

	return wd_comp_alloc_sess(&ss);
}

/* init2 with TASK_HW; every ctx must be a vacc queue. */
static int hw_init(__u32 sync_n, __u32 async_n)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { sync_n, async_n }, { sync_n, async_n } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	struct wd_ctx_info info[64];
	int ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &p), n, i;

	if (ret)
		return ret;
	n = wd_comp_get_ctx_info(info, 64);
	for (i = 0; i < n && i < 64; i++)
		if (strcmp(info[i].driver, "vacc")) {
			printf("# ctx %d is served by %s, not vacc\n", i, info[i].driver);
			wd_comp_uninit2();
			return -WD_ENODEV;
		}
	return n;
}

/* A whole buffer through wd_do_comp_strm in small steps; returns bytes out or -1. */
static long strm(handle_t h, int compress, const unsigned char *src, size_t n,
		 unsigned char *dst, size_t cap)
{
	size_t in = 0, out = 0;
	int guard = 100000;

	while (guard--) {
		size_t chunk = n - in < 7000 ? n - in : 7000;
		struct wd_comp_req r = { .src = (void *)(src + in), .src_len = (__u32)chunk,
					 .dst = dst + out,
					 .dst_len = (__u32)(cap - out < 3000 ? cap - out : 3000),
					 .op_type = compress ? WD_DIR_COMPRESS : WD_DIR_DECOMPRESS,
					 .last = in + chunk == n };

		if (!r.dst_len || wd_do_comp_strm(h, &r))
			return -1;
		in += r.src_len;
		out += r.dst_len;
		if (r.status == WD_STREAM_END)
			return in == n ? (long)out : -1;
		if (r.status != WD_SUCCESS && r.status != WD_EAGAIN)
			return -1;
	}
	return -1;
}

static int roundtrip_one(int alg, size_t n, int text, int use_strm)
{
	unsigned char *src = malloc(n + 1), *cmp = malloc(n * 2 + 1024), *out = malloc(n + 1);
	handle_t c = sess(alg, WD_DIR_COMPRESS, CTX_MODE_SYNC);
	handle_t d = sess(alg, WD_DIR_DECOMPRESS, CTX_MODE_SYNC);
	size_t cap = n * 2 + 1024;
	long clen, zlen, back;
	int ok = 0;

	if (!src || !cmp || !out || !c || !d)
		goto out;
	fill(src, n, (unsigned)n, text);
	if (use_strm) {
		clen = strm(c, 1, src, n, cmp, cap);
	} else {
		struct wd_comp_req r = { .src = src, .src_len = (__u32)n, .dst = cmp,
					 .dst_len = (__u32)cap, .op_type = WD_DIR_COMPRESS };

		clen = wd_do_comp_sync(c, &r) || r.status ? -1 : (long)r.dst_len;
	}
	/* our output decodes with zlib ... */
	if (clen < 0 || zinflate(alg, cmp, (size_t)clen, out, n + 1) != (long)n ||
	    memcmp(out, src, n))
		goto out;
	/* ... and zlib's output decodes with us */
	zlen = zdeflate(alg, src, n, cmp, cap);
	memset(out, 0, n + 1);
	if (use_strm) {
		back = strm(d, 0, cmp, (size_t)zlen, out, n + 1);
	} else {
		struct wd_comp_req r = { .src = cmp, .src_len = (__u32)zlen, .dst = out,
					 .dst_len = (__u32)n + 1, .op_type = WD_DIR_DECOMPRESS };

		back = wd_do_comp_sync(d, &r) || r.status ? -1 : (long)r.dst_len;
	}
	ok = back == (long)n && !memcmp(out, src, n);
out:
	if (c)
		wd_comp_free_sess(c);
	if (d)
		wd_comp_free_sess(d);
	free(src);
	free(cmp);
	free(out);
	return ok;
}

struct async_res {
	int done;
	__u32 len;
	__u32 status;
};

/* Runs on the library's copy of the request: record what came back. */
static void *async_cb(struct wd_comp_req *req, void *param)
{
	struct async_res *res = param;

	res->len = req->dst_len;
	res->status = req->status;
	res->done = 1;
	return NULL;
}

/* depth requests in flight at once, polled to completion, each checked with zlib. */
static int async_batch(int alg, int depth, size_t n)
{
	size_t stride = n + 1024;
	unsigned char *src = malloc(n), *cmp = malloc((size_t)depth * stride), *out = malloc(n);
	struct async_res *res = calloc((size_t)depth, sizeof(*res));
	handle_t h = sess(alg, WD_DIR_COMPRESS, CTX_MODE_ASYNC);
	int i, done, ok = src && cmp && out && res && h;
	long spins = 0;
	__u32 cnt;

	if (ok)
		fill(src, n, 7, 1);
	for (i = 0; ok && i < depth; i++) {
		struct wd_comp_req r = { .src = src, .src_len = (__u32)n,
					 .dst = cmp + (size_t)i * stride, .dst_len = (__u32)stride,
					 .op_type = WD_DIR_COMPRESS, .cb = async_cb,
					 .cb_param = &res[i] };
		int ret;

		while ((ret = wd_do_comp_async(h, &r)) == -WD_EBUSY)
			wd_comp_poll(1, &cnt);
		ok = !ret;
	}
	for (done = 0; ok && done < depth && spins++ < 20000000;) {
		if (wd_comp_poll((__u32)depth, &cnt) == -WD_EAGAIN)
			usleep(10);
		for (done = 0, i = 0; i < depth; i++)
			done += res[i].done;
	}
	ok = ok && done == depth;
	for (i = 0; ok && i < depth; i++)
		ok = !res[i].status &&
		     zinflate(alg, cmp + (size_t)i * stride, res[i].len, out, n) == (long)n &&
		     !memcmp(out, src, n);
	if (h)
		wd_comp_free_sess(h);
	free(src);
	free(cmp);
	free(out);
	free(res);
	return ok;
}

static void case_discover(int devs, int queues)
{
	struct uacce_dev_list *l = wd_get_accel_list("zlib"), *p;
	struct wd_driver_info info[16];
	int n = 0, good = 1, i, k, vacc = 0;

	for (p = l; p; p = p->next, n++) {
		int avail = wd_get_avail_ctx(p->dev);

		printf("# %s api=%s flags=%d avail=%d numa=%d\n", p->dev->char_dev_path,
		       p->dev->api, p->dev->flags, avail, p->dev->numa_id);
		good &= !strcmp(p->dev->api, "vacc_v1") && avail == queues &&
			!strncmp(p->dev->char_dev_path, "/dev/vacc-", 10) &&
			p->dev->qfrs_offs[UACCE_QFRT_MMIO] == 4096 &&
			p->dev->qfrs_offs[UACCE_QFRT_DUS] >= 4096;
	}
	wd_free_list_accels(l);
	CHECK(n == devs, "discover: %d vacc devices serve zlib (found %d)", devs, n);
	CHECK(good, "discover: api, free queues, paths and region sizes as expected");
	CHECK(!wd_get_accel_list("no-such-alg"), "discover: an unknown algorithm lists nothing");
	k = wd_get_driver_info(info, 16);
	for (i = 0; i < k && i < 16; i++)
		vacc |= !strcmp(info[i].name, "vacc") && info[i].available == 1 &&
			info[i].kind == WD_DRIVER_HW;
	CHECK(vacc, "discover: the vacc driver is registered and available");
}

static void case_roundtrip(void)
{
	static const size_t sizes[] = { 1, 4096, 100000 };
	int n = hw_init(1, 1), a, s, t, m;

	CHECK(n > 0, "roundtrip: init2 TASK_HW binds vacc queues only (%d ctxs)", n);
	if (n <= 0)
		return;
	for (a = 0; a < 3; a++)
		for (m = 0; m < 2; m++) {
			int ok = 1;

			for (s = 0; s < 3; s++)
				for (t = 0; t < 2; t++)
					ok &= roundtrip_one(algs[a], sizes[s], t, m);
			CHECK(ok, "roundtrip: %s %s, 1 B to 100 KB, text and random, both ways "
			      "against zlib", alg_name[a], m ? "stream" : "sync");
		}
	for (a = 0; a < 3; a++)
		CHECK(async_batch(algs[a], 40, 4096), "roundtrip: %s async, 40 in flight, polled",
		      alg_name[a]);
	wd_comp_uninit2();
}

static void case_instances(void)
{
	struct uacce_dev *dev = wd_get_accel_dev("zlib");
	struct uacce_dev_list *l, *p;
	handle_t h[128], extra;
	int avail0, k, falls = 1, total = 0, n;

	CHECK(dev != NULL, "instances: a device with free queues");
	if (!dev)
		return;
	avail0 = wd_get_avail_ctx(dev);
	for (k = 0; k < avail0 && k < 128; k++) {
		h[k] = wd_request_ctx(dev);
		falls &= h[k] && wd_get_avail_ctx(dev) == avail0 - k - 1;
	}
	CHECK(falls, "instances: available_instances falls by one per open queue (%d)", avail0);
	errno = 0;
	extra = wd_request_ctx(dev);
	CHECK(!extra && errno == EBUSY, "instances: opening past the last queue fails with EBUSY");
	if (extra)
		wd_release_ctx(extra);
	while (k--)
		wd_release_ctx(h[k]);
	CHECK(wd_get_avail_ctx(dev) == avail0, "instances: all queues come back after release");
	free(dev);

	/* ask for more queues than exist: init uses what it has */
	l = wd_get_accel_list("zlib");
	for (p = l; p; p = p->next)
		total += wd_get_avail_ctx(p->dev);
	wd_free_list_accels(l);
	{
		struct wd_ctx_nums nums[WD_DIR_MAX] = { { (__u32)total + 3, 0 }, { 0, 0 } };
		struct wd_ctx_params prm = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };

		n = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_HW, &prm);
		CHECK(!n && wd_comp_get_ctx_info(NULL, 0) == total,
		      "instances: asking for %d queues of %d gives an init with %d", total + 3,
		      total, total);
		if (!n) {
			handle_t c = sess(WD_ZLIB, WD_DIR_COMPRESS, CTX_MODE_SYNC);
			unsigned char src[4096], dst[8192];
			int ok = 1;

			fill(src, sizeof(src), 3, 1);
			for (k = 0; k < 2 * total; k++) {
				struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = dst,
							 .dst_len = 8192, .op_type = WD_DIR_COMPRESS };

				ok &= !wd_do_comp_sync(c, &r) && !r.status;
			}
			CHECK(ok, "instances: requests run on the queues it has");
			wd_comp_free_sess(c);
			wd_comp_uninit2();
		}
	}
}

static int child_job(int rounds)
{
	int ok = hw_init(1, 0) > 0, i;

	for (i = 0; ok && i < rounds; i++)
		ok = roundtrip_one(algs[i % 3], 16384, i & 1, 0);
	if (ok)
		wd_comp_uninit2();
	return ok ? 0 : 1;
}

static void case_concurrent(void)
{
	pid_t p[2];
	int i, st, ok = 1;

	for (i = 0; i < 2; i++) {
		p[i] = fork();
		if (!p[i])
			_exit(child_job(30));
	}
	for (i = 0; i < 2; i++)
		ok &= waitpid(p[i], &st, 0) == p[i] && WIFEXITED(st) && !WEXITSTATUS(st);
	CHECK(ok, "concurrent: two processes compress at once, all round trips verified");
}

/* Print a file of /proc as "# " lines. */
static void dump_file(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		printf("#   %s: %s", path, line);
	fclose(f);
}

/*
 * waitpid with a limit; a child stuck that long is shown (its system call
 * and arguments, and the mapping a futex address falls in), then killed.
 */
static int wait_or_dump(pid_t pid, int *st, int seconds)
{
	char path[64], line[512];
	unsigned long nr, a0, lo, hi;
	FILE *f;
	int i;

	for (i = 0; i < seconds * 10; i++) {
		if (waitpid(pid, st, WNOHANG) == pid)
			return 1;
		usleep(100000);
	}
	printf("# child %d still running after %d s\n", (int)pid, seconds);
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	dump_file(path);
	f = fopen(path, "re");
	if (f && fscanf(f, "%lu %lx", &nr, &a0) == 2) {
		fclose(f);
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a0 >= lo && a0 < hi)
				printf("#   first argument 0x%lx lies in: %s", a0, line);
	}
	if (f)
		fclose(f);
	kill(pid, SIGKILL);
	waitpid(pid, st, 0);
	return 0;
}

static void case_fork(void)
{
	unsigned char src[4096], dst[8192];
	struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = dst, .dst_len = 8192,
				 .op_type = WD_DIR_COMPRESS };
	handle_t c;
	pid_t pid;
	int st;

	fill(src, sizeof(src), 5, 1);
	if (hw_init(1, 0) <= 0) {
		CHECK(0, "fork: init");
		return;
	}
	c = sess(WD_ZLIB, WD_DIR_COMPRESS, CTX_MODE_SYNC);
	CHECK(!wd_do_comp_sync(c, &r) && !r.status, "fork: parent compresses before fork");
	pid = fork();
	if (!pid) {
		int bad;

		watchdog(20);
		r.dst_len = 8192;
		/* the parent's queue is not ours: the request must fail, not reach it */
		bad = wd_do_comp_sync(c, &r) == 0;
		_exit(bad ? 2 : child_job(3));
	}
	if (!wait_or_dump(pid, &st, 20))
		st = -1;
	CHECK(st != -1 && WIFEXITED(st) && !WEXITSTATUS(st),
	      "fork: the child cannot use the parent's queue and opens its own (status %d)",
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	r.dst_len = 8192;
	CHECK(!wd_do_comp_sync(c, &r) && !r.status &&
	      zinflate(WD_ZLIB, dst, r.dst_len, dst + 8192 - 4096, 4096) == 4096,
	      "fork: the parent's queue still works after the child exits");
	wd_comp_free_sess(c);
	wd_comp_uninit2();
}

/* kill -9 victim: async requests in flight until killed. */
static int case_busy(void)
{
	long batches = 0;

	if (hw_init(0, 1) <= 0)
		return 1;
	for (;;) {
		if (!async_batch(WD_GZIP, 32, 4096)) {
			printf("# busy: batch %ld failed\n", batches);
			return 1;
		}
		if (!batches++) {
			printf("busy: ready\n");
			fflush(stdout);
		}
	}
}

/* rmmod victim: sync requests until the device goes away; exit 0 on a clean error. */
static int case_until_error(void)
{
	unsigned char src[4096], dst[8192];
	__u32 status = 0;
	handle_t c;
	long n = 0;
	int ret, again;

	if (hw_init(1, 0) <= 0)
		return 1;
	c = sess(WD_ZLIB, WD_DIR_COMPRESS, CTX_MODE_SYNC);
	fill(src, sizeof(src), 9, 1);
	watchdog(50);	/* no error in 50 s: fail, saying where it waits */
	for (;;) {
		struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = dst,
					 .dst_len = 8192, .op_type = WD_DIR_COMPRESS };

		ret = wd_do_comp_sync(c, &r);
		status = r.status;
		if (ret || status)
			break;
		if (!n++) {
			printf("until-error: ready\n");
			fflush(stdout);
		}
	}
	printf("# until-error: request %ld failed: ret %d (%s), status %u\n", n, ret,
	       wd_strerror(ret), status);
	{	/* and keeps failing cleanly, without touching the gone rings */
		struct wd_comp_req r = { .src = src, .src_len = 4096, .dst = dst,
					 .dst_len = 8192, .op_type = WD_DIR_COMPRESS };

		again = wd_do_comp_sync(c, &r);
	}
	wd_comp_free_sess(c);
	wd_comp_uninit2();
	printf("# until-error: next request %d (%s); uninit returned\n", again, wd_strerror(again));
	return again ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: wd_hw_tests discover DEVS QUEUES | roundtrip | instances | "
			"concurrent | fork | busy | until-error\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *c = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(c, "busy"))
		watchdog(55);
	if (!strcmp(c, "discover") && argc == 4)
		case_discover(atoi(argv[2]), atoi(argv[3]));
	else if (!strcmp(c, "roundtrip"))
		case_roundtrip();
	else if (!strcmp(c, "instances"))
		case_instances();
	else if (!strcmp(c, "concurrent"))
		case_concurrent();
	else if (!strcmp(c, "fork"))
		case_fork();
	else if (!strcmp(c, "busy"))
		return case_busy();
	else if (!strcmp(c, "until-error"))
		return case_until_error();
	else
		return usage();
	return failures ? 1 : 0;
}
