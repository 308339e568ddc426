/* SPDX-License-Identifier: Apache-2.0 */
/* The drop-in's deflate requests on wd_comp (wdz_wd.h). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <uadk/warpdrive.h>
#include <uadk/wd_sched.h>
#include "wd_comp_priv.h"
#include "wdz_state.h"
#include "wdz_wd.h"

enum { WDZ_WD_UNINIT, WDZ_WD_UP, WDZ_WD_OFF };

static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static int wd_state = WDZ_WD_UNINIT;	/* under wd_lock, read racily as a hint */
static handle_t oneshot_sess[16];	/* per wd level, allocated on first use */
static handle_t inflate_sess[WD_GZIP + 1];	/* per format (WD_DEFLATE, WD_ZLIB, WD_GZIP) */

/* Set while this thread is inside wd_comp (wdz_state.h). */
__thread int wdz_in_wd;

/* libwd_comp's loaded range: its CPU driver calls zlib (us) for streams
 * and small windows, from inside a wd request, possibly one the program
 * made itself (no wdz_in_wd then); such calls must never re-enter wd_comp. */
static pthread_once_t range_once = PTHREAD_ONCE_INIT;
static uintptr_t wd_lo, wd_hi;

static int find_wd(struct dl_phdr_info *info, size_t size, void *base)
{
	(void)size;
	if ((void *)info->dlpi_addr != base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD)
			continue;
		if (wd_lo == 0 || lo < wd_lo)
			wd_lo = lo;
		if (hi > wd_hi)
			wd_hi = hi;
	}
	return 1;
}

static void range_read(void)
{
	Dl_info di;

	if (dladdr((void *)wd_do_comp_sync, &di) && di.dli_fbase)
		dl_iterate_phdr(find_wd, di.dli_fbase);
}

int wdz_from_wd(const void *ra)
{
	uintptr_t a = (uintptr_t)ra;

	pthread_once(&range_once, range_read);
	return a >= wd_lo && a < wd_hi;
}

int wdz_wd_level(int zlib_level)
{
	return zlib_level <= 3 ? 2 : zlib_level <= 6 ? 3 : zlib_level;
}

/* fork(): libwd tears its engines down in the child, so our sessions are
 * dead there; the child initialises again on first use. A thread of the
 * parent may have held the lock: re-initialise it in the child. */
static void atfork_child(void)
{
	pthread_mutex_init(&wd_lock, NULL);
	memset(oneshot_sess, 0, sizeof(oneshot_sess));
	memset(inflate_sess, 0, sizeof(inflate_sess));
	wdz_in_wd = 0;
	if (wd_state == WDZ_WD_UP)
		wd_state = WDZ_WD_UNINIT;
}

/* Under wd_lock. */
static void wd_up(void)
{
	static int atfork_done;
	int ret;

	if (!atfork_done) {
		atfork_done = 1;
		pthread_atfork(NULL, NULL, atfork_child);
	}
	if (wd_state != WDZ_WD_UNINIT)
		return;
	pthread_once(&range_once, range_read);
	if (wdz_env_exact() || wd_hi == 0) {
		/* exact mode, or wd's own zlib calls cannot be told apart */
		wd_state = WDZ_WD_OFF;
		return;
	}
	wdz_in_wd = 1;
	/* -WD_EEXIST (the program initialised wd_comp itself) is a counted
	 * reference too. Never uninitialised: process lifetime. */
	ret = wd_comp_init2("deflate", SCHED_POLICY_RR, TASK_MIX);
	wdz_in_wd = 0;
	wd_state = (ret == 0 || ret == -WD_EEXIST) ? WDZ_WD_UP : WDZ_WD_OFF;
}

int wdz_wd_ready(void)
{
	int s = __atomic_load_n(&wd_state, __ATOMIC_ACQUIRE);

	if (s != WDZ_WD_UNINIT)
		return s == WDZ_WD_UP;
	pthread_mutex_lock(&wd_lock);
	wd_up();
	s = wd_state;
	pthread_mutex_unlock(&wd_lock);
	return s == WDZ_WD_UP;
}

/* Deflate: raw (header and trailer are the drop-in's), 32 KiB window
 * (windowBits 15). Inflate: the format's own decoder, any window. */
static handle_t sess_new(int alg, int op, int wd_level)
{
	struct wd_comp_sess_setup setup;
	handle_t h;

	memset(&setup, 0, sizeof(setup));
	setup.alg_type = (enum wd_comp_alg_type)alg;
	setup.comp_lv = (enum wd_comp_level)wd_level;
	setup.win_sz = WD_COMP_WS_32K;
	setup.op_type = (enum wd_comp_op_type)op;
	wdz_in_wd = 1;
	h = wd_comp_alloc_sess(&setup);
	/*
	 * zlib's compress() gives the same bytes for the same input every
	 * time; programs compare them (reproducible archives, caches). A
	 * session that learns from earlier calls would not, so ours do not.
	 */
	if (h && op == WD_DIR_COMPRESS)
		wd_comp_set_learning(h, 0);
	wdz_in_wd = 0;
	return h;
}

/* A process-wide session in *slot, allocated on first use. */
static handle_t shared(handle_t *slot, int alg, int op, int wd_level)
{
	handle_t h = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	if (h || !wdz_wd_ready())
		return h;
	pthread_mutex_lock(&wd_lock);
	h = *slot;
	if (!h && wd_state == WDZ_WD_UP) {
		h = sess_new(alg, op, wd_level);
		__atomic_store_n(slot, h, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&wd_lock);
	return h;
}

static handle_t oneshot(int wd_level)
{
	return shared(&oneshot_sess[wd_level], WD_DEFLATE, WD_DIR_COMPRESS, wd_level);
}

handle_t wdz_wd_inflate_sess(int alg)
{
	if (alg < WD_DEFLATE || alg > WD_GZIP)
		return 0;
	return shared(&inflate_sess[alg], alg, WD_DIR_DECOMPRESS, 1);
}

/* At exit (or unload): the sessions and our wd_comp reference go, so a
 * leak checker sees none of them. */
__attribute__((destructor)) static void wd_down(void)
{
	if (wd_state != WDZ_WD_UP)
		return;
	for (size_t i = 0; i < sizeof(oneshot_sess) / sizeof(oneshot_sess[0]); i++)
		if (oneshot_sess[i])
			wd_comp_free_sess(oneshot_sess[i]);
	for (size_t i = 0; i < sizeof(inflate_sess) / sizeof(inflate_sess[0]); i++)
		if (inflate_sess[i])
			wd_comp_free_sess(inflate_sess[i]);
	wd_state = WDZ_WD_OFF;
	wd_comp_uninit2();
}

int wdz_wd_compress(int wd_level, const void *src, size_t n, void *dst, size_t cap, size_t *out)
{
	struct wd_comp_req req;
	handle_t h;
	int ret;

	if (wd_level < 1 || wd_level > 15 || n > UINT32_MAX)
		return -1;
	h = oneshot(wd_level);
	if (!h)
		return -1;
	memset(&req, 0, sizeof(req));
	req.src = (void *)src;
	req.src_len = (__u32)n;
	req.dst = dst;
	req.dst_len = cap > UINT32_MAX ? UINT32_MAX : (__u32)cap;
	req.op_type = WD_DIR_COMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	req.last = 1;
	wdz_in_wd = 1;
	ret = wd_do_comp_sync(h, &req);
	wdz_in_wd = 0;
	if (ret != 0 || req.status != WD_SUCCESS || req.src_len != n)
		return -1;
	*out = req.dst_len;
	return 0;
}

handle_t wdz_wd_stream_new(int wd_level)
{
	if (wd_level < 1 || wd_level > 15 || !wdz_wd_ready())
		return 0;
	return sess_new(WD_DEFLATE, WD_DIR_COMPRESS, wd_level);
}

void wdz_wd_stream_free(handle_t h)
{
	if (!h)
		return;
	wdz_in_wd = 1;
	wd_comp_free_sess(h);
	wdz_in_wd = 0;
}

void wdz_wd_stream_reset(handle_t h)
{
	if (!h)
		return;
	wdz_in_wd = 1;
	wd_comp_reset_sess(h);
	wdz_in_wd = 0;
}

int wdz_wd_stream_put(handle_t h, const void *src, size_t n, void *dst, size_t cap, size_t *out,
		      enum wdz_put how, const void *dict, size_t dict_len)
{
	size_t in = 0, made = 0;
	struct wd_comp_req req;
	int ret;

	if (n > UINT32_MAX || cap > UINT32_MAX)
		return -1;
	wdz_in_wd = 1;
	for (;;) {
		memset(&req, 0, sizeof(req));
		req.src = (unsigned char *)src + in;
		req.src_len = (__u32)(n - in);
		req.dst = (unsigned char *)dst + made;
		req.dst_len = (__u32)(cap - made);
		req.op_type = WD_DIR_COMPRESS;
		req.data_fmt = WD_FLAT_BUF;
		req.last = how == WDZ_PUT_LAST;
		if (!req.dst_len) {
			ret = -1;	/* no room */
			break;
		}
		ret = how == WDZ_PUT_LAST ? wd_do_comp_strm(h, &req) :
		      wdi_comp_strm_flush(h, &req, how == WDZ_PUT_FULL ? WDI_COMP_FLUSH_FULL :
								  WDI_COMP_FLUSH_SYNC,
					  dict, (__u32)dict_len);
		dict = NULL;	/* only the stream's first request */
		if (ret)
			break;
		in += req.src_len;
		made += req.dst_len;
		if (how == WDZ_PUT_LAST ? req.status == WD_STREAM_END : req.status == WD_SUCCESS) {
			if (in != n)
				ret = -1;
			break;
		}
		/* no progress with room left: a driver bug, never a spin */
		if (req.status != WD_EAGAIN || (!req.src_len && !req.dst_len)) {
			ret = -1;
			break;
		}
	}
	wdz_in_wd = 0;
	if (ret)
		return -1;
	*out = made;
	return 0;
}

handle_t wdz_wd_istream_new(int alg)
{
	if (alg < WD_DEFLATE || alg > WD_GZIP || !wdz_wd_ready())
		return 0;
	return sess_new(alg, WD_DIR_DECOMPRESS, 1);
}

int wdz_wd_istream_step(handle_t h, const void *src, unsigned n, void *dst, unsigned cap,
			unsigned *used, unsigned *made)
{
	struct wd_comp_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.src = (void *)src;
	req.src_len = n;
	req.dst = dst;
	req.dst_len = cap;
	req.op_type = WD_DIR_DECOMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	wdz_in_wd = 1;
	ret = wd_do_comp_strm(h, &req);
	wdz_in_wd = 0;
	if (ret || req.src_len > n || req.dst_len > cap)
		return -2;
	*used = req.src_len;
	*made = req.dst_len;
	switch (req.status) {
	case WD_STREAM_END:
		return 2;
	case WD_EAGAIN:
		return 1;
	case WD_SUCCESS:
		/* all input used: else the driver broke its contract */
		return req.src_len == n ? 0 : -1;
	default:
		return -1;
	}
}
