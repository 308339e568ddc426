// SPDX-License-Identifier: Apache-2.0
/*
 * A client written the way QEMU's migration/multifd-uadk.c uses UADK: every
 * multifd channel sets up a sender and a receiver "wd_data" (one
 * wd_comp_init2 + one session each), compresses one 4 KiB guest page per
 * wd_do_comp_sync, sends pages raw when compression does not shrink them,
 * and at cleanup frees its sessions and calls wd_comp_uninit2() while other
 * channels are still migrating.
 *
 * Built against the *installed* headers and pkg-config files only.
 *
 *   qemu_multifd_client                 WD_CPU_AS_HW=1: TASK_HW must work
 *   qemu_multifd_client --expect-nodev  no device: init must give -WD_ENODEV
 *                                       and every page goes raw
 *   qemu_multifd_client --bench FILE [MiB]
 *                                       throughput: 2 channels migrate the
 *                                       file's pages (default its first
 *                                       64 MiB), each checked after; prints
 *                                       pages per CPU second (bench/pages.sh)
 */
#define _GNU_SOURCE	/* pthread barriers under -std=c11 */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

#define PAGE_SIZE	4096u
#define PAGE_COUNT	64u	/* pages per multifd packet */
#define CHANNELS	4
#define STEP_PAGES	256u	/* channel i migrates (i + 1) * STEP_PAGES pages */
#define MAX_MSGS	30

static atomic_uint n_pass, n_fail, n_msgs;
static atomic_uint pages_compressed, pages_raw, pages_after_uninit, zlib_checked;
static bool expect_nodev;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		atomic_fetch_add(&n_pass, 1);
		return;
	}
	atomic_fetch_add(&n_fail, 1);
	if (atomic_fetch_add(&n_msgs, 1) >= MAX_MSGS)
		return;
	va_start(ap, fmt);
	fputs("qemu_multifd_client: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* --- the QEMU side, kept close to multifd-uadk.c ------------------------ */

struct wd_data {
	handle_t handle;
	uint8_t *buf;
	uint32_t *buf_hdr;
	int init_ret;
};

static bool uadk_hw_init(int *ret_out)
{
	char alg[] = "zlib";
	int ret;

	ret = wd_comp_init2(alg, SCHED_POLICY_RR, TASK_HW);
	*ret_out = ret;
	return !ret || ret == -WD_EEXIST;
}

static struct wd_data *init_sess(uint32_t count, uint32_t page_size, bool compress)
{
	struct wd_comp_sess_setup ss = {0};
	struct sched_params param = {0};
	uint32_t size = count * page_size;
	struct wd_data *wd = calloc(1, sizeof(*wd));

	if (!wd)
		return NULL;
	if (uadk_hw_init(&wd->init_ret)) {
		ss.alg_type = WD_ZLIB;
		if (compress) {
			ss.op_type = WD_DIR_COMPRESS;
			size += page_size;	/* output may exceed input */
		} else {
			ss.op_type = WD_DIR_DECOMPRESS;
		}
		param.type = ss.op_type;
		param.numa_id = 0;
		ss.sched_param = &param;
		wd->handle = wd_comp_alloc_sess(&ss);
		if (!wd->handle)
			goto out;
	}
	/* else: QEMU warns and migrates without compression */
	wd->buf = malloc(size);
	wd->buf_hdr = calloc(count, sizeof(uint32_t));
	if (!wd->buf || !wd->buf_hdr)
		goto out_free;
	return wd;

out_free:
	if (wd->handle)
		wd_comp_free_sess(wd->handle);
out:
	wd_comp_uninit2();
	free(wd->buf);
	free(wd->buf_hdr);
	free(wd);
	return NULL;
}

/* QEMU calls uninit2 even when init failed: that must be harmless. */
static void uninit_sess(struct wd_data *wd)
{
	if (wd->handle)
		wd_comp_free_sess(wd->handle);
	wd_comp_uninit2();
	free(wd->buf);
	free(wd->buf_hdr);
	free(wd);
}

/* What travels on the socket for one packet. */
struct packet {
	uint32_t normal_num;
	uint32_t hdr[PAGE_COUNT];	/* big-endian lengths, as on the wire */
	uint8_t data[PAGE_COUNT * PAGE_SIZE];
	uint32_t data_len;
};

/* multifd_uadk_send_prepare(): returns -1 on a compression error. */
static int send_prepare(int ch, struct wd_data *wd, uint8_t *const *pages, uint32_t n,
			struct packet *pkt)
{
	uint8_t *buf = wd->buf;

	pkt->normal_num = n;
	pkt->data_len = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct wd_comp_req creq = {
			.op_type = WD_DIR_COMPRESS,
			.src = pages[i],
			.src_len = PAGE_SIZE,
			.dst = buf,
			.dst_len = PAGE_SIZE * 2,
		};
		const uint8_t *out = pages[i];
		uint32_t len = PAGE_SIZE;

		if (wd->handle) {
			int ret = wd_do_comp_sync(wd->handle, &creq);

			if (ret || creq.status) {
				check(false, "channel %d: compression ret %d status %u", ch, ret,
				      creq.status);
				return -1;
			}
			check(creq.src_len == PAGE_SIZE && creq.dst_len <= PAGE_SIZE * 2,
			      "channel %d: compress consumed %u of %u, produced %u of %u", ch,
			      creq.src_len, PAGE_SIZE, creq.dst_len, PAGE_SIZE * 2);
			if (creq.dst_len < PAGE_SIZE) {
				out = buf;
				len = creq.dst_len;
				atomic_fetch_add(&pages_compressed, 1);
			}
		}
		if (len == PAGE_SIZE)
			atomic_fetch_add(&pages_raw, 1);
		buf += len;
		wd->buf_hdr[i] = htonl(len);
		/* the iovs, flattened onto the "socket" */
		pkt->hdr[i] = wd->buf_hdr[i];
		memcpy(pkt->data + pkt->data_len, out, len);
		pkt->data_len += len;
	}
	return 0;
}

/* multifd_uadk_recv(): writes the pages into the destination "RAM". */
static int recv_packet(int ch, struct wd_data *wd, const struct packet *pkt, uint8_t *const *host)
{
	const uint8_t *buf = pkt->data;
	uint32_t data_len = 0;

	for (uint32_t i = 0; i < pkt->normal_num; i++) {
		wd->buf_hdr[i] = ntohl(pkt->hdr[i]);
		data_len += wd->buf_hdr[i];
		if (wd->buf_hdr[i] > PAGE_SIZE) {
			check(false, "channel %d: page %u length %u > page size", ch, i,
			      wd->buf_hdr[i]);
			return -1;
		}
	}
	if (data_len != pkt->data_len) {
		check(false, "channel %d: packet length %u != %u", ch, data_len, pkt->data_len);
		return -1;
	}
	for (uint32_t i = 0; i < pkt->normal_num; i++) {
		struct wd_comp_req creq = {
			.op_type = WD_DIR_DECOMPRESS,
			.src = (void *)buf,
			.src_len = wd->buf_hdr[i],
			.dst = host[i],
			.dst_len = PAGE_SIZE,
		};
		int ret;

		if (wd->buf_hdr[i] == PAGE_SIZE) {
			memcpy(host[i], buf, PAGE_SIZE);
			buf += PAGE_SIZE;
			continue;
		}
		if (!wd->handle) {
			check(false, "channel %d: compressed page but no device", ch);
			return -1;
		}
		ret = wd_do_comp_sync(wd->handle, &creq);
		if (ret || creq.status) {
			check(false, "channel %d: decompression ret %d status %u", ch, ret,
			      creq.status);
			return -1;
		}
		if (creq.dst_len != PAGE_SIZE) {
			check(false, "channel %d: decompressed length %u", ch, creq.dst_len);
			return -1;
		}
		buf += wd->buf_hdr[i];
	}
	return 0;
}

/* --- guest memory ------------------------------------------------------- */

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A mix like real guest RAM: zero, text, random, patterns, sparse. */
static void fill_page(uint8_t *p, int ch, uint32_t idx)
{
	static const char *const words[] = {
		"migration ", "page ", "the ", "kernel ", "struct ", "return ", "0x", "\n",
		"dirty ", "bitmap ", "qemu ", "uadk ", "{ ", "} ", "int ", "void ",
	};
	uint64_t s = 0x9e3779b97f4a7c15ull ^ ((uint64_t)ch << 32) ^ (idx * 2654435761u + 1);
	uint32_t i, len;

	switch (idx % 7) {
	case 0:
		memset(p, 0, PAGE_SIZE);
		break;
	case 1:
		for (i = 0; i < PAGE_SIZE; i += len) {
			const char *w = words[rnd(&s) % 16];

			len = (uint32_t)strlen(w);
			if (len > PAGE_SIZE - i)
				len = PAGE_SIZE - i;
			memcpy(p + i, w, len);
		}
		break;
	case 2:
	case 5:
		for (i = 0; i < PAGE_SIZE; i += 8) {
			uint64_t v = rnd(&s);

			memcpy(p + i, &v, 8);
		}
		break;
	case 3:
		len = 1 + (uint32_t)(rnd(&s) % 61);
		for (i = 0; i < PAGE_SIZE; i++)
			p[i] = (uint8_t)(i % len * 7 + len);
		break;
	case 4:
		memset(p, 0, PAGE_SIZE);
		for (i = 0; i < 16; i++)
			p[rnd(&s) % PAGE_SIZE] = (uint8_t)rnd(&s);
		break;
	default:
		/* half random, half a repeated word: compresses a little */
		for (i = 0; i < PAGE_SIZE / 2; i++)
			p[i] = (uint8_t)rnd(&s);
		for (; i < PAGE_SIZE; i++)
			p[i] = (uint8_t)(0xa5 ^ (i & 3));
		break;
	}
}

/* --- channels ----------------------------------------------------------- */

static pthread_barrier_t start_barrier;
static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static bool channel_done[CHANNELS];

struct channel {
	int id;
	uint32_t pages;
	bool stagger;		/* wait for channel id-1's uninit before the last packet */
	bool setup_ok;
};

static void wait_for_channel(int id)
{
	pthread_mutex_lock(&done_lock);
	while (!channel_done[id])
		pthread_cond_wait(&done_cond, &done_lock);
	pthread_mutex_unlock(&done_lock);
}

static void mark_done(int id)
{
	pthread_mutex_lock(&done_lock);
	channel_done[id] = true;
	pthread_cond_broadcast(&done_cond);
	pthread_mutex_unlock(&done_lock);
}

/* Receiver-independent proof that the bytes are real zlib (RFC 1950). */
static void zlib_crosscheck(int ch, const struct packet *pkt, uint8_t *const *src)
{
	const uint8_t *buf = pkt->data;
	uint8_t out[PAGE_SIZE];

	for (uint32_t i = 0; i < pkt->normal_num; i++) {
		uint32_t len = ntohl(pkt->hdr[i]);
		uLongf out_len = PAGE_SIZE;

		if (len < PAGE_SIZE && i % 5 == 0) {
			int zr = uncompress(out, &out_len, buf, len);

			check(zr == Z_OK && out_len == PAGE_SIZE && !memcmp(out, src[i], PAGE_SIZE),
			      "channel %d: zlib uncompress of page %u: %d, %lu bytes", ch, i, zr,
			      (unsigned long)out_len);
			atomic_fetch_add(&zlib_checked, 1);
		}
		buf += len;
	}
}

static void *channel_main(void *arg)
{
	struct channel *c = arg;
	struct wd_data *snd, *rcv;
	struct packet *pkt = malloc(sizeof(*pkt));
	uint8_t *ram_src = malloc((size_t)PAGE_COUNT * PAGE_SIZE);
	uint8_t *ram_dst = malloc((size_t)PAGE_COUNT * PAGE_SIZE);
	uint8_t *src[PAGE_COUNT], *dst[PAGE_COUNT];
	bool others_down = false;
	uint32_t done = 0, n, i;

	/* send_setup and recv_setup: one init2 + one session each */
	snd = init_sess(PAGE_COUNT, PAGE_SIZE, true);
	rcv = init_sess(PAGE_COUNT, PAGE_SIZE, false);
	c->setup_ok = snd && rcv && pkt && ram_src && ram_dst;
	check(c->setup_ok, "channel %d: setup failed (send %p recv %p)", c->id, (void *)snd,
	      (void *)rcv);
	if (snd && rcv) {
		if (expect_nodev)
			check(snd->init_ret == -WD_ENODEV && rcv->init_ret == -WD_ENODEV &&
			      !snd->handle && !rcv->handle,
			      "channel %d: without a device wd_comp_init2(TASK_HW) gave %d/%d, "
			      "want -WD_ENODEV (%d)", c->id, snd->init_ret, rcv->init_ret,
			      -WD_ENODEV);
		else
			check(snd->handle && rcv->handle,
			      "channel %d: no session: wd_comp_init2(TASK_HW) gave %d/%d "
			      "(is WD_CPU_AS_HW=1 set?)", c->id, snd->init_ret, rcv->init_ret);
	}
	/* nobody may uninit before every channel is up, or the test proves nothing */
	pthread_barrier_wait(&start_barrier);
	if (!c->setup_ok)
		goto out;

	for (i = 0; i < PAGE_COUNT; i++) {
		src[i] = ram_src + (size_t)i * PAGE_SIZE;
		dst[i] = ram_dst + (size_t)i * PAGE_SIZE;
	}
	while (done < c->pages) {
		n = c->pages - done < PAGE_COUNT ? c->pages - done : PAGE_COUNT;
		if (c->stagger && done + n == c->pages) {
			wait_for_channel(c->id - 1);
			others_down = true;
		}
		for (i = 0; i < n; i++)
			fill_page(src[i], c->id, done + i);
		memset(ram_dst, 0x5a, (size_t)n * PAGE_SIZE);
		if (send_prepare(c->id, snd, src, n, pkt) || recv_packet(c->id, rcv, pkt, dst))
			break;
		zlib_crosscheck(c->id, pkt, src);
		for (i = 0; i < n; i++)
			check(!memcmp(src[i], dst[i], PAGE_SIZE),
			      "channel %d: page %u differs after migration", c->id, done + i);
		if (others_down)
			atomic_fetch_add(&pages_after_uninit, n);
		done += n;
	}
	check(done == c->pages, "channel %d: migrated %u of %u pages", c->id, done, c->pages);
out:
	if (snd)
		uninit_sess(snd);
	if (rcv)
		uninit_sess(rcv);
	mark_done(c->id);
	free(pkt);
	free(ram_src);
	free(ram_dst);
	return NULL;
}

static void run_migration(int nch, uint32_t step, bool stagger)
{
	pthread_t th[CHANNELS];
	struct channel ch[CHANNELS];
	int i;

	memset(channel_done, 0, sizeof(channel_done));
	pthread_barrier_init(&start_barrier, NULL, (unsigned int)nch);
	for (i = 0; i < nch; i++) {
		ch[i] = (struct channel){ .id = i, .pages = (uint32_t)(i + 1) * step,
					  .stagger = stagger && i > 0 };
		if (pthread_create(&th[i], NULL, channel_main, &ch[i])) {
			fprintf(stderr, "qemu_multifd_client: pthread_create failed\n");
			exit(1);
		}
	}
	for (i = 0; i < nch; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start_barrier);
}

/* After every channel's cleanup the library must be down, not leaking a reference. */
static void check_fully_down(const char *when)
{
	struct sched_params param = { .numa_id = 0, .type = WD_DIR_COMPRESS };
	struct wd_comp_sess_setup ss = { .alg_type = WD_ZLIB, .op_type = WD_DIR_COMPRESS,
					 .sched_param = &param };
	handle_t h = wd_comp_alloc_sess(&ss);

	check(!h, "%s: wd_comp_alloc_sess succeeded although every user called uninit2", when);
	if (h)
		wd_comp_free_sess(h);
}

/* A plain TASK_INSTR user still works after the failed TASK_HW inits. */
static void check_instr_after_nodev(void)
{
	char alg[] = "zlib";
	struct sched_params param = { .numa_id = 0, .type = WD_DIR_COMPRESS };
	struct wd_comp_sess_setup ss = { .alg_type = WD_ZLIB, .op_type = WD_DIR_COMPRESS,
					 .sched_param = &param };
	uint8_t page[PAGE_SIZE], out[PAGE_SIZE * 2];
	struct wd_comp_req req = { .op_type = WD_DIR_COMPRESS, .src = page,
				   .src_len = PAGE_SIZE, .dst = out, .dst_len = sizeof(out) };
	int ret = wd_comp_init2_(alg, SCHED_POLICY_RR, TASK_INSTR, NULL);
	handle_t h;

	check(!ret, "wd_comp_init2(TASK_INSTR) after failed TASK_HW inits: %d", ret);
	if (ret)
		return;
	h = wd_comp_alloc_sess(&ss);
	check(h != 0, "wd_comp_alloc_sess after TASK_INSTR init failed");
	if (h) {
		fill_page(page, 0, 1);
		ret = wd_do_comp_sync(h, &req);
		check(!ret && !req.status && req.dst_len < PAGE_SIZE,
		      "TASK_INSTR compress: ret %d status %u len %u", ret, req.status, req.dst_len);
		wd_comp_free_sess(h);
	}
	wd_comp_uninit2();
}

/* --- throughput (--bench) ---------------------------------------------- */

struct bench_ch {
	const uint8_t *ram;	/* this channel's slice of guest memory */
	uint32_t pages;
	uint64_t wire;		/* bytes on the "socket" */
	double cpu;		/* this thread's CPU seconds */
	bool ok;
};

static double thread_cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* One channel, as QEMU runs it: packets of 64 pages, sent then received. */
static void *bench_channel(void *arg)
{
	struct bench_ch *c = arg;
	struct wd_data *snd = init_sess(PAGE_COUNT, PAGE_SIZE, true);
	struct wd_data *rcv = init_sess(PAGE_COUNT, PAGE_SIZE, false);
	struct packet *pkt = malloc(sizeof(*pkt));
	uint8_t *dst_ram = malloc((size_t)c->pages * PAGE_SIZE);
	uint8_t *src[PAGE_COUNT], *dst[PAGE_COUNT];
	double t0;
	uint32_t done, n, i;

	c->ok = snd && rcv && snd->handle && rcv->handle && pkt && dst_ram;
	pthread_barrier_wait(&start_barrier);
	t0 = thread_cpu();
	for (done = 0; c->ok && done < c->pages; done += n) {
		n = c->pages - done < PAGE_COUNT ? c->pages - done : PAGE_COUNT;
		for (i = 0; i < n; i++) {
			src[i] = (uint8_t *)c->ram + (size_t)(done + i) * PAGE_SIZE;
			dst[i] = dst_ram + (size_t)(done + i) * PAGE_SIZE;
		}
		c->ok = !send_prepare(0, snd, src, n, pkt) && !recv_packet(0, rcv, pkt, dst);
		c->wire += pkt->data_len + 4u * n;
	}
	c->cpu = thread_cpu() - t0;
	check(c->ok && !memcmp(c->ram, dst_ram, (size_t)c->pages * PAGE_SIZE),
	      "bench: the migrated memory differs from the source");
	if (snd)
		uninit_sess(snd);
	if (rcv)
		uninit_sess(rcv);
	free(pkt);
	free(dst_ram);
	return NULL;
}

static int run_bench(const char *file, unsigned long mib)
{
	enum { NCH = 2 };
	struct bench_ch ch[NCH];
	pthread_t th[NCH];
	size_t want = (size_t)mib << 20, got;
	uint8_t *ram = malloc(want);
	FILE *f = fopen(file, "rb");
	uint32_t pages;
	double cpu = 0;
	uint64_t wire = 0;

	if (!ram || !f) {
		fprintf(stderr, "qemu_multifd_client: cannot read %s\n", file);
		return 2;
	}
	got = fread(ram, 1, want, f);
	fclose(f);
	pages = (uint32_t)(got / PAGE_SIZE);
	if (pages < NCH) {
		fprintf(stderr, "qemu_multifd_client: %s holds less than %d pages\n", file, NCH);
		return 2;
	}
	pthread_barrier_init(&start_barrier, NULL, NCH);
	for (int i = 0; i < NCH; i++) {
		ch[i] = (struct bench_ch){ .ram = ram + (size_t)i * (pages / NCH) * PAGE_SIZE,
					   .pages = pages / NCH };
		if (pthread_create(&th[i], NULL, bench_channel, &ch[i]))
			return 2;
	}
	for (int i = 0; i < NCH; i++) {
		pthread_join(th[i], NULL);
		cpu += ch[i].cpu;
		wire += ch[i].wire;
	}
	pthread_barrier_destroy(&start_barrier);
	free(ram);
	printf("{\"pages\": %u, \"compressed\": %u, \"wire_ratio\": %.4f, \"cpu_s\": %.4f, "
	       "\"pages_per_cpu_s\": %.0f, \"failed\": %u}\n", pages / NCH * NCH,
	       atomic_load(&pages_compressed), (double)wire / ((double)pages / NCH * NCH * PAGE_SIZE),
	       cpu, cpu > 0 ? (double)(pages / NCH * NCH) / cpu : 0, atomic_load(&n_fail));
	return atomic_load(&n_fail) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *hw = getenv("WD_CPU_AS_HW");

	setvbuf(stdout, NULL, _IOLBF, 0);	/* keep stdout and stderr in order in logs */
	if (argc >= 3 && argc <= 4 && !strcmp(argv[1], "--bench"))
		return run_bench(argv[2], argc == 4 ? strtoul(argv[3], NULL, 10) : 64);
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--expect-nodev"))) {
		fprintf(stderr, "usage: %s [--expect-nodev | --bench FILE [MiB]]\n", argv[0]);
		return 2;
	}
	expect_nodev = argc == 2;
	if (expect_nodev && hw && *hw && strcmp(hw, "0")) {
		fprintf(stderr, "qemu_multifd_client: --expect-nodev needs WD_CPU_AS_HW unset\n");
		return 2;
	}

	run_migration(CHANNELS, STEP_PAGES, true);
	check_fully_down("after the first migration");
	if (!expect_nodev) {
		check(atomic_load(&pages_compressed) > 0 && atomic_load(&pages_raw) > 0,
		      "both paths must run: %u pages compressed, %u raw",
		      atomic_load(&pages_compressed), atomic_load(&pages_raw));
		check(atomic_load(&pages_after_uninit) > 0,
		      "no page was migrated after another channel's uninit2");
		check(atomic_load(&zlib_checked) > 0, "no page was cross-checked with zlib");
	} else {
		check(atomic_load(&pages_compressed) == 0,
		      "%u pages compressed although there is no device",
		      atomic_load(&pages_compressed));
		check_instr_after_nodev();
	}
	/* a second migration in the same process (QEMU may migrate again) */
	run_migration(2, PAGE_COUNT / 2, false);
	check_fully_down("after the second migration");

	printf("qemu_multifd_client%s: %u pages compressed, %u raw, %u after another "
	       "channel's uninit2, %u zlib cross-checks\n", expect_nodev ? " (no device)" : "",
	       atomic_load(&pages_compressed), atomic_load(&pages_raw),
	       atomic_load(&pages_after_uninit), atomic_load(&zlib_checked));
	printf("qemu_multifd_client: %u passed, %u failed\n", atomic_load(&n_pass),
	       atomic_load(&n_fail));
	return atomic_load(&n_fail) ? 1 : 0;
}
