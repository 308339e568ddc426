// SPDX-License-Identifier: Apache-2.0
/*
 * A client written the way DPDK's compress PMD (drivers/compress/uadk) uses
 * UADK: probe with wd_get_accel_dev("deflate"), wd_comp_init2_("deflate",
 * SCHED_POLICY_RR, TASK_MIX) with two async ctxs per direction and no sync
 * ctx, WD_DEFLATE sessions at WD_COMP_L8 / WD_COMP_WS_8K, bursts of
 * wd_do_comp_async (retried on -WD_EBUSY) and wd_comp_poll to reap them.
 *
 * Like the PMD, the enqueue loop builds each wd_comp_req on the stack: UADK
 * copies the request into its own message, so the callback must be handed
 * the library's copy, never the caller's (dead) variable. That is checked
 * first, deterministically, before the stack pattern is used.
 *
 * Built against the *installed* headers and pkg-config files only.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

#define UADK_COMP_DEF_CTXS	2	/* as in the PMD */
#define BURST			64
#define FLOOD			4096	/* requests for the -WD_EBUSY test */
#define POLL_TIMEOUT_MS		20000
#define MAX_MSGS		30

static unsigned int n_pass, n_fail, n_msgs;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		n_pass++;
		return;
	}
	n_fail++;
	if (n_msgs++ >= MAX_MSGS)
		return;
	va_start(ap, fmt);
	fputs("dpdk_async_client: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* One rte_comp_op, reduced to what the PMD touches. */
struct op {
	uint32_t idx;
	uint8_t *src;
	uint32_t src_len;
	uint8_t *dst;
	uint32_t dst_cap;		/* rte_pktmbuf_data_len(m_dst): 16 bits in DPDK */
	struct wd_comp_req *caller_req;	/* only for the copy-semantics check */
	/* filled by the callback */
	uint32_t status;
	uint32_t produced;
	uint32_t consumed;
	int completions;
	bool bad_req;
};

static unsigned int callbacks, trap_calls;

static void *async_cb(struct wd_comp_req *req, void *data)
{
	struct op *op = req->cb_param;

	/* UADK calls req->cb(req, req->cb_param) */
	op->bad_req |= data != op || req->dst != op->dst || req->src != op->src;
	op->status = req->status;
	op->produced = req->dst_len;
	op->consumed = req->src_len;
	op->completions++;
	callbacks++;
	return NULL;
}

/* Installed over the caller's req after submission: must never run. */
static void *trap_cb(struct wd_comp_req *req, void *data)
{
	(void)req;
	(void)data;
	trap_calls++;
	callbacks++;	/* it did complete: keep poll_until's count right */
	return NULL;
}

/* Reap until `want` more callbacks ran; 0 on success. */
static int poll_until(unsigned int want, __u32 expt, const char *what)
{
	unsigned int target = callbacks + want, got_total = 0;
	uint64_t deadline = now_ms() + POLL_TIMEOUT_MS;
	__u32 recv;
	int ret;

	while (callbacks < target) {
		recv = 0;
		ret = wd_comp_poll(expt, &recv);
		if (ret && ret != -WD_EAGAIN) {
			check(false, "%s: wd_comp_poll returned %d", what, ret);
			return -1;
		}
		got_total += recv;
		if (now_ms() > deadline) {
			check(false, "%s: only %u of %u completions after %d ms", what,
			      want - (target - callbacks), want, POLL_TIMEOUT_MS);
			return -1;
		}
	}
	check(got_total == want, "%s: wd_comp_poll counted %u, callbacks ran %u", what,
	      got_total, want);
	return 0;
}

/* The PMD's submit: stack req, retried while -WD_EBUSY (we poll in between). */
static int submit_stack(handle_t h, enum wd_comp_op_type dir, struct op *op)
{
	struct wd_comp_req req = {0};
	uint64_t deadline = now_ms() + POLL_TIMEOUT_MS;
	__u32 recv;
	int ret;

	req.src = op->src;
	req.src_len = op->src_len;
	req.dst = op->dst;
	req.dst_len = op->dst_cap;
	req.op_type = dir;
	req.cb = async_cb;
	req.cb_param = op;
	req.data_fmt = WD_FLAT_BUF;
	do {
		ret = wd_do_comp_async(h, &req);
		if (ret == -WD_EBUSY)
			wd_comp_poll(1, &recv);
	} while (ret == -WD_EBUSY && now_ms() < deadline);
	check(req.src_len == op->src_len, "submit changed req.src_len");
	return ret;
}

/* Submit keeping the req alive until its callback (safe whatever the library does). */
static int submit_persistent(handle_t h, enum wd_comp_op_type dir, struct op *op)
{
	struct wd_comp_req *req = op->caller_req;
	uint64_t deadline = now_ms() + POLL_TIMEOUT_MS;
	__u32 recv;
	int ret;

	memset(req, 0, sizeof(*req));
	req->src = op->src;
	req->src_len = op->src_len;
	req->dst = op->dst;
	req->dst_len = op->dst_cap;
	req->op_type = dir;
	req->cb = async_cb;
	req->cb_param = op;
	req->data_fmt = WD_FLAT_BUF;
	do {
		ret = wd_do_comp_async(h, req);
		if (ret == -WD_EBUSY)
			wd_comp_poll(1, &recv);
	} while (ret == -WD_EBUSY && now_ms() < deadline);
	return ret;
}

static bool stack_reqs_ok;

static int submit(handle_t h, enum wd_comp_op_type dir, struct op *op)
{
	return stack_reqs_ok ? submit_stack(h, dir, op) : submit_persistent(h, dir, op);
}

/* --- data --------------------------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Repeats at 12 KiB distance: a 32 KiB-window compressor would use them. */
static void fill_far_repeat(uint8_t *p, uint32_t len, uint64_t *s)
{
	const uint32_t block = 12 * 1024;

	for (uint32_t i = 0; i < len; i++)
		p[i] = i < block ? (uint8_t)rnd(s) : p[i - block];
}

static void fill(uint8_t *p, uint32_t len, uint32_t kind, uint64_t seed)
{
	static const char text[] = "The quick brown fox jumps over the lazy dog; DPDK mbuf ";
	uint64_t s = seed | 1;
	uint32_t i;

	switch (kind % 5) {
	case 0:
		memset(p, 0, len);
		break;
	case 1:
		for (i = 0; i < len; i++)
			p[i] = (uint8_t)text[(i + (uint32_t)(rnd(&s) % 3 == 0)) % (sizeof(text) - 1)];
		break;
	case 2:
		for (i = 0; i < len; i++)
			p[i] = (uint8_t)rnd(&s);
		break;
	case 3:
		fill_far_repeat(p, len, &s);
		break;
	default:
		for (i = 0; i < len; i++)
			p[i] = (uint8_t)((i / 97) ^ (i % 13));
		break;
	}
}

static const uint32_t sizes[] = { 1, 100, 1500, 4096, 8191, 8193, 16384, 24576, 30000, 60000 };

static void op_init(struct op *op, uint32_t idx, uint32_t src_len, uint32_t kind)
{
	uint32_t cap = src_len + src_len / 8 + 64;

	memset(op, 0, sizeof(*op));
	op->idx = idx;
	op->src_len = src_len;
	op->src = malloc(src_len);
	op->dst_cap = cap > 65535 ? 65535 : cap;	/* a 16-bit mbuf data_len */
	op->dst = malloc(op->dst_cap);
	op->caller_req = calloc(1, sizeof(*op->caller_req));
	if (!op->src || !op->dst || !op->caller_req) {
		fprintf(stderr, "dpdk_async_client: out of memory\n");
		exit(1);
	}
	fill(op->src, src_len, kind, 0x1234567ull * (idx + 1));
}

static void op_free(struct op *op)
{
	free(op->src);
	free(op->dst);
	free(op->caller_req);
}

/* --- zlib cross-checks -------------------------------------------------- */

/*
 * Raw inflate with the given window, one output byte per call: then every
 * match must reach back into the window zlib keeps (whave <= 1 << bits), so
 * a distance beyond the window fails with "invalid distance too far back".
 * (With a large avail_out zlib would accept far matches inside one call.)
 */
static int inflate_raw(const uint8_t *in, uint32_t in_len, uint8_t *out, uint32_t out_cap,
		       int bits, bool bytewise, uint32_t *out_len)
{
	z_stream zs;
	int zr;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, -bits) != Z_OK)
		return Z_MEM_ERROR;
	zs.next_in = (Bytef *)in;
	zs.avail_in = in_len;
	zs.next_out = out;
	do {
		uint32_t room = out_cap - (uint32_t)zs.total_out;

		zs.avail_out = bytewise && room ? 1 : room;
		zr = inflate(&zs, Z_NO_FLUSH);
	} while (zr == Z_OK && zs.total_out < out_cap);
	if (zr == Z_OK && zs.total_out == out_cap) {
		/* the output is full: the stream must end without more output */
		zs.avail_out = 0;
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && zs.avail_in == 0)
			zr = Z_DATA_ERROR;	/* truncated */
	}
	*out_len = (uint32_t)zs.total_out;
	inflateEnd(&zs);
	return zr;
}

/* The check has teeth only if a 32 KiB-window stream fails it. */
static void window_check_control(void)
{
	const uint32_t len = 30000;
	uint8_t *src = malloc(len), *out = malloc(len), *comp = malloc(len + 1024);
	uint32_t got;
	uint64_t s = 99;
	z_stream zs;
	int zr;

	if (!src || !out || !comp)
		exit(1);
	fill_far_repeat(src, len, &s);
	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 8, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	zs.next_in = src;
	zs.avail_in = len;
	zs.next_out = comp;
	zs.avail_out = len + 1024;
	zr = deflate(&zs, Z_FINISH);
	check(zr == Z_STREAM_END, "control: zlib deflate gave %d", zr);
	zr = inflate_raw(comp, (uint32_t)zs.total_out, out, len, 13, true, &got);
	check(zr != Z_STREAM_END,
	      "control: a 32 KiB-window stream decoded with an 8 KiB window (check is blind)");
	zr = inflate_raw(comp, (uint32_t)zs.total_out, out, len, 15, true, &got);
	check(zr == Z_STREAM_END && got == len && !memcmp(out, src, len),
	      "control: bytewise inflate of a 32 KiB-window stream failed: %d", zr);
	deflateEnd(&zs);
	free(src);
	free(out);
	free(comp);
}

/* --- phases ------------------------------------------------------------- */

/*
 * UADK copies the request at submission and hands its copy to the callback,
 * so the caller's struct may be dead (DPDK's is a loop-local variable).
 * Scribble over the caller's req after each submit and see what comes back.
 */
static void check_req_copy(handle_t h)
{
	struct op ops[4];
	struct wd_comp_req pattern;
	unsigned int before = callbacks, untouched = 0, i, ok = 0, good = 0;
	int ret;

	memset(&pattern, 0xa5, sizeof(pattern));
	pattern.cb = trap_cb;
	pattern.cb_param = &pattern;
	for (i = 0; i < 4; i++) {
		op_init(&ops[i], 1000 + i, 2048, i);
		ret = submit_persistent(h, WD_DIR_COMPRESS, &ops[i]);
		check(!ret, "copy check: wd_do_comp_async: %d", ret);
		if (ret)
			continue;
		*ops[i].caller_req = pattern;
		ok++;
	}
	poll_until(ok, 1, "copy check");
	for (i = 0; i < 4; i++) {
		untouched += !memcmp(ops[i].caller_req, &pattern, sizeof(pattern));
		good += ops[i].completions == 1 && !ops[i].status && !ops[i].bad_req;
	}
	check(trap_calls == 0,
	      "wd_do_comp_async: the completion went through the caller's req after submit "
	      "(%u trap callbacks): UADK hands the callback its own copy; DPDK's req is a "
	      "dead stack variable by then", trap_calls);
	check(untouched == 4,
	      "wd_do_comp_async: the library wrote into %u caller req(s) after submit returned",
	      4 - untouched);
	check(callbacks - before == ok && good + trap_calls == ok,
	      "copy check: %u submitted, %u callbacks, %u good, %u trapped", ok,
	      callbacks - before, good, trap_calls);
	stack_reqs_ok = trap_calls == 0 && untouched == 4;
	if (!stack_reqs_ok)
		fprintf(stderr, "dpdk_async_client: NOTE: the rest keeps each req alive until its "
			"callback (DPDK's stack pattern would corrupt memory here)\n");
	for (i = 0; i < 4; i++)
		op_free(&ops[i]);
}

static void run_burst(handle_t hc, handle_t hd)
{
	static struct op comp[BURST], dec[BURST];
	uint32_t i, got;
	uint8_t *tmp = malloc(65536);
	int ret, zr;

	if (!tmp)
		exit(1);
	for (i = 0; i < BURST; i++)
		op_init(&comp[i], i, sizes[i % 10], (i / 10 + i) % 5);

	/* enqueue_burst: compress */
	for (i = 0; i < BURST; i++) {
		ret = submit(hc, WD_DIR_COMPRESS, &comp[i]);
		check(!ret, "compress op %u: wd_do_comp_async: %d", i, ret);
	}
	/* dequeue_burst: the brief's one-at-a-time polling */
	poll_until(BURST, 1, "compress burst");
	for (i = 0; i < BURST; i++) {
		struct op *o = &comp[i];

		check(o->completions == 1 && !o->bad_req,
		      "compress op %u: %d callbacks, req copy %s", i, o->completions,
		      o->bad_req ? "wrong" : "right");
		check(o->status == 0 && o->consumed == o->src_len && o->produced > 0 &&
		      o->produced <= o->dst_cap,
		      "compress op %u (%u bytes): status %u consumed %u produced %u cap %u", i,
		      o->src_len, o->status, o->consumed, o->produced, o->dst_cap);
		if (o->status || !o->produced || o->produced > o->dst_cap)
			continue;
		/* any raw-deflate decoder must read it ... */
		zr = inflate_raw(o->dst, o->produced, tmp, o->src_len, 15, false, &got);
		check(zr == Z_STREAM_END && got == o->src_len && !memcmp(tmp, o->src, got),
		      "compress op %u: zlib raw inflate: %d, %u of %u bytes", i, zr, got,
		      o->src_len);
		/* ... and WD_COMP_WS_8K means no distance beyond 8 KiB */
		if (o->src_len > 8192 && ((i / 10 + i) % 5 == 3 || i % 4 == 0)) {
			zr = inflate_raw(o->dst, o->produced, tmp, o->src_len, 13, true, &got);
			check(zr == Z_STREAM_END && got == o->src_len && !memcmp(tmp, o->src, got),
			      "compress op %u (%u bytes): WS_8K output needs a window > 8 KiB "
			      "(bytewise inflate, windowBits -13: %d)", i, o->src_len, zr);
		}
	}

	/* decompress the outputs through the same API: dst exactly the original size */
	for (i = 0; i < BURST; i++) {
		struct op *d = &dec[i];

		memset(d, 0, sizeof(*d));
		d->idx = i;
		d->src = comp[i].dst;
		d->src_len = comp[i].produced;
		d->dst_cap = comp[i].src_len;
		d->dst = malloc(d->dst_cap);
		d->caller_req = calloc(1, sizeof(*d->caller_req));
		if (!d->dst || !d->caller_req)
			exit(1);
		ret = submit(hd, WD_DIR_DECOMPRESS, d);
		check(!ret, "decompress op %u: wd_do_comp_async: %d", i, ret);
	}
	/* the PMD's dequeue: ask for the whole burst at once */
	poll_until(BURST, BURST, "decompress burst");
	for (i = 0; i < BURST; i++) {
		struct op *d = &dec[i];

		check(d->completions == 1 && !d->bad_req && d->status == 0 &&
		      d->produced == comp[i].src_len && d->consumed == d->src_len &&
		      !memcmp(d->dst, comp[i].src, d->produced),
		      "decompress op %u: %d callbacks status %u produced %u/%u consumed %u/%u",
		      i, d->completions, d->status, d->produced, comp[i].src_len, d->consumed,
		      d->src_len);
		free(d->dst);
		free(d->caller_req);
	}
	for (i = 0; i < BURST; i++)
		op_free(&comp[i]);
	free(tmp);
}

/*
 * More requests than two ctxs can hold, submitted without polling: the queue
 * must be bounded (-WD_EBUSY) and the PMD's retry-after-poll must progress.
 */
static void run_flood(handle_t hc)
{
	struct op *ops = calloc(FLOOD, sizeof(*ops));
	unsigned int before = callbacks, busy_at = 0, i, good = 0;
	int ret;

	if (!ops)
		exit(1);
	for (i = 0; i < FLOOD; i++)
		op_init(&ops[i], i, 256, i);
	for (i = 0; i < FLOOD; i++) {
		struct wd_comp_req *req = ops[i].caller_req;

		*req = (struct wd_comp_req){
			.src = ops[i].src, .src_len = ops[i].src_len, .dst = ops[i].dst,
			.dst_len = ops[i].dst_cap, .op_type = WD_DIR_COMPRESS, .cb = async_cb,
			.cb_param = &ops[i], .data_fmt = WD_FLAT_BUF,
		};
		ret = wd_do_comp_async(hc, req);
		if (ret == -WD_EBUSY) {
			if (!busy_at)
				busy_at = i - (callbacks - before);	/* in flight */
			if (poll_until(1, 1, "flood"))
				break;
			ret = submit_persistent(hc, WD_DIR_COMPRESS, &ops[i]);
		}
		check(!ret, "flood op %u: wd_do_comp_async: %d", i, ret);
		if (ret)
			break;
	}
	poll_until(i - (callbacks - before), i - (callbacks - before), "flood drain");
	for (i = 0; i < FLOOD; i++) {
		good += ops[i].completions == 1 && !ops[i].status && ops[i].consumed == 256;
		op_free(&ops[i]);
	}
	check(good == FLOOD, "flood: %u of %u requests completed cleanly", good, FLOOD);
	check(busy_at >= UADK_COMP_DEF_CTXS,
	      "flood: %u requests submitted without polling and no -WD_EBUSY (busy at %u)",
	      FLOOD, busy_at);
	/* informational: UADK fills every async ctx (2 x 1024 messages) before -WD_EBUSY */
	printf("dpdk_async_client: -WD_EBUSY with %u requests in flight on %d ctxs\n", busy_at,
	       UADK_COMP_DEF_CTXS);
	free(ops);
}

int main(void)
{
	char alg_name[8] = "deflate";
	struct wd_ctx_params cparams = {0};
	struct wd_ctx_nums *ctx_set_num;
	struct wd_comp_sess_setup cs = {0}, ds = {0};
	struct sched_params cparam = {0}, dparam = {0};
	struct uacce_dev *udev;
	handle_t hc, hd;
	int ret, i;

	setvbuf(stdout, NULL, _IOLBF, 0);	/* keep stdout and stderr in order in logs */
	/* probe: the PMD refuses to load without a device; we go on, TASK_MIX allows it */
	udev = wd_get_accel_dev(alg_name);
	if (udev) {
		printf("dpdk_async_client: accelerator found at %s\n", udev->dev_root);
		free(udev);
	} else {
		printf("dpdk_async_client: wd_get_accel_dev(\"deflate\") = NULL (no device): "
		       "continuing on the CPU through TASK_MIX\n");
	}
	window_check_control();

	/* dev_configure */
	ctx_set_num = calloc(WD_DIR_MAX, sizeof(*ctx_set_num));
	if (!ctx_set_num)
		return 1;
	cparams.op_type_num = WD_DIR_MAX;
	cparams.ctx_set_num = ctx_set_num;
	cparams.bmp = NULL;
	for (i = 0; i < WD_DIR_MAX; i++)
		ctx_set_num[i].async_ctx_num = UADK_COMP_DEF_CTXS;	/* sync_ctx_num stays 0 */
	ret = wd_comp_init2_(alg_name, SCHED_POLICY_RR, TASK_MIX, &cparams);
	free(ctx_set_num);
	check(!ret, "wd_comp_init2_(\"deflate\", RR, TASK_MIX, 0 sync + 2 async ctxs): %d", ret);
	if (ret)
		goto out;

	/* private_xform_create, exactly as the PMD: numa -1, mode left 0 */
	cs.alg_type = WD_DEFLATE;
	cs.win_sz = WD_COMP_WS_8K;
	cs.comp_lv = WD_COMP_L8;
	cs.op_type = WD_DIR_COMPRESS;
	cparam.type = cs.op_type;
	cparam.numa_id = -1;
	cs.sched_param = &cparam;
	hc = wd_comp_alloc_sess(&cs);
	/* decompress: numa 0 and an explicit async mode, to cover both key styles */
	ds.alg_type = WD_DEFLATE;
	ds.comp_lv = WD_COMP_L8;
	ds.op_type = WD_DIR_DECOMPRESS;
	dparam.type = ds.op_type;
	dparam.numa_id = 0;
	dparam.mode = CTX_MODE_ASYNC;
	ds.sched_param = &dparam;
	hd = wd_comp_alloc_sess(&ds);
	check(hc && hd, "wd_comp_alloc_sess: compress %lx decompress %lx", (unsigned long)hc,
	      (unsigned long)hd);
	if (hc && hd) {
		__u32 recv = 123;

		ret = wd_comp_poll(1, &recv);
		check((ret == 0 || ret == -WD_EAGAIN) && recv == 0,
		      "wd_comp_poll with nothing in flight: %d, count %u", ret, recv);
		check_req_copy(hc);
		run_burst(hc, hd);
		run_flood(hc);
	}
	if (hc)
		wd_comp_free_sess(hc);
	if (hd)
		wd_comp_free_sess(hd);
	/* dev_close */
	wd_comp_uninit2();
out:
	printf("dpdk_async_client: %u callbacks, requests %s\n", callbacks,
	       stack_reqs_ok ? "on the stack as in the PMD" : "kept alive (library needs it)");
	printf("dpdk_async_client: %u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
