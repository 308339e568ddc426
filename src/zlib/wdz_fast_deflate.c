/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one-shot deflate fast path (wdz_fast_deflate.h).
 *
 * Why only one-shot streams: when the first deflate() call is Z_FINISH with
 * all the input, zlib's observables at the end (total_in, total_out, adler,
 * the return codes while the output drains) depend on nothing but the
 * output's length, so any exact deflate encoder gives the same answers. The
 * private zlib is untouched until then, so it can still take over when the
 * result is unusable (above deflateBound, a wd error).
 *
 * The header and trailer are written here as zlib writes them (the same
 * bytes), the deflate data by wd_comp in raw format; adler32/crc32 come
 * from the private zlib.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include "wdz_fast_deflate.h"
#include "wdz_state.h"
#include "wdz_dt.h"

/* ---- process-wide mode and wd_comp sessions ---- */

enum { WDZ_WD_UNINIT, WDZ_WD_UP, WDZ_WD_OFF };

static pthread_mutex_t wdz_wd_lock = PTHREAD_MUTEX_INITIALIZER;
static int wdz_wd_state = WDZ_WD_UNINIT;	/* under wdz_wd_lock, read racily as a hint */
static handle_t wdz_wd_sess[10];		/* per zlib level 1..9, allocated on first use */
static pthread_once_t wdz_mode_once = PTHREAD_ONCE_INIT;
static int wdz_exact;				/* WD_ZLIB=exact */
/* Set while this thread is inside wd_comp: a driver that itself calls zlib
 * (it is linked against libz.so.1, which is us) must reach the private one.
 * Shared by both fast paths (wdz_state.h). */
__thread int wdz_in_wd;

/* libwd_comp's loaded range: its CPU driver calls zlib (us) for streams
 * and small windows, from inside a wd request, possibly one the program
 * made itself (no wdz_in_wd then); such calls must never re-enter wd_comp. */
static uintptr_t wdz_wd_lo, wdz_wd_hi;

static int wdz_find_wd(struct dl_phdr_info *info, size_t size, void *base)
{
	(void)size;
	if ((void *)info->dlpi_addr != base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;

		if (ph->p_type != PT_LOAD)
			continue;
		if (wdz_wd_lo == 0 || lo < wdz_wd_lo)
			wdz_wd_lo = lo;
		if (hi > wdz_wd_hi)
			wdz_wd_hi = hi;
	}
	return 1;
}

static void wdz_mode_read(void)
{
	Dl_info di;

	wdz_exact = wdz_env_exact();
	if (dladdr((void *)wd_do_comp_sync, &di) && di.dli_fbase)
		dl_iterate_phdr(wdz_find_wd, di.dli_fbase);
	if (wdz_wd_hi == 0)
		wdz_exact = 1;	/* cannot tell wd's own calls apart: stay exact */
}

int wdz_from_wd(const void *ra)
{
	uintptr_t a = (uintptr_t)ra;

	pthread_once(&wdz_mode_once, wdz_mode_read);
	return a >= wdz_wd_lo && a < wdz_wd_hi;
}

/* fork(): libwd tears its engines down in the child, so our sessions are
 * dead there; the child initialises again on its first one-shot (or falls
 * back if that fails). The lock is not held across fork by any path that
 * forks (we never fork), but a thread of the parent may have held it:
 * re-initialise it in the child. */
static void wdz_wd_atfork_child(void)
{
	pthread_mutex_init(&wdz_wd_lock, NULL);
	memset(wdz_wd_sess, 0, sizeof(wdz_wd_sess));
	if (wdz_wd_state == WDZ_WD_UP)
		wdz_wd_state = WDZ_WD_UNINIT;
}

static handle_t wdz_wd_session(int level)
{
	static int atfork_done;
	struct wd_comp_sess_setup setup;
	handle_t h;
	int ret;

	if (__atomic_load_n(&wdz_wd_state, __ATOMIC_ACQUIRE) == WDZ_WD_OFF)
		return 0;
	h = __atomic_load_n(&wdz_wd_sess[level], __ATOMIC_ACQUIRE);
	if (h)
		return h;
	pthread_mutex_lock(&wdz_wd_lock);
	if (!atfork_done) {
		atfork_done = 1;
		pthread_atfork(NULL, NULL, wdz_wd_atfork_child);
	}
	if (wdz_wd_state == WDZ_WD_UNINIT) {
		wdz_in_wd = 1;
		/* TASK_MIX: a queue device when present, else the CPU driver.
		 * -WD_EEXIST (the program initialised wd_comp itself) is a
		 * counted reference too. Never uninitialised: process lifetime. */
		ret = wd_comp_init2("deflate", SCHED_POLICY_RR, TASK_MIX);
		wdz_in_wd = 0;
		wdz_wd_state = (ret == 0 || ret == -WD_EEXIST) ? WDZ_WD_UP : WDZ_WD_OFF;
	}
	h = wdz_wd_sess[level];
	if (wdz_wd_state == WDZ_WD_UP && !h) {
		memset(&setup, 0, sizeof(setup));
		setup.alg_type = WD_DEFLATE;		/* raw: header/trailer are ours */
		setup.comp_lv = (enum wd_comp_level)level;	/* zlib N = WD_COMP_LN (docs/levels.md) */
		setup.win_sz = WD_COMP_WS_32K;		/* windowBits 15 */
		setup.op_type = WD_DIR_COMPRESS;
		wdz_in_wd = 1;
		h = wd_comp_alloc_sess(&setup);
		wdz_in_wd = 0;
		__atomic_store_n(&wdz_wd_sess[level], h, __ATOMIC_RELEASE);
		if (!h)	/* not retried on every call: private zlib from now on */
			__atomic_store_n(&wdz_wd_state, WDZ_WD_OFF, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&wdz_wd_lock);
	return h;
}

/* ---- per-stream state ---- */

void wdz_df_init(struct wdz_dfast *df, int level, int windowBits, int memLevel, int strategy)
{
	pthread_once(&wdz_mode_once, wdz_mode_read);
	memset(df, 0, sizeof(*df));
	if (level == Z_DEFAULT_COMPRESSION)
		level = 6;
	/* Smaller windows: wd_comp maps 9..14 onto its 4K..32K sizes, which is
	 * not zlib's window; they stay on the private zlib. */
	df->wrap = windowBits == 15 ? 1 : windowBits == -15 ? 0 : windowBits == 31 ? 2 : 3;
	df->eligible = !wdz_exact && level >= 1 && level <= 9 && df->wrap <= 2 &&
		       strategy == Z_DEFAULT_STRATEGY && memLevel >= 1 && memLevel <= 9;
	df->level = (unsigned char)level;
	df->mem_level = (unsigned char)memLevel;
	df->phase = WDZ_DF_FRESH;
}

void wdz_df_private(struct wdz_dfast *df)
{
	if (df->phase == WDZ_DF_FRESH)
		df->phase = WDZ_DF_PRIVATE;
}

void wdz_df_reset(struct wdz_dfast *df)
{
	free(df->out);
	df->out = NULL;
	df->len = df->pos = df->hdr = 0;
	df->trailer = df->dt_set = 0;
	df->phase = WDZ_DF_FRESH;
}

void wdz_df_touch(struct wdz_dfast *df)
{
	df->eligible = 0;
}

int wdz_df_copy(struct wdz_dfast *dst, const struct wdz_dfast *src)
{
	*dst = *src;
	if (src->out == NULL)
		return 0;
	dst->out = malloc(src->len);
	if (dst->out == NULL)
		return -1;
	memcpy(dst->out, src->out, src->len);
	return 0;
}

/* ---- the one-shot compression ---- */

static void put_be32(unsigned char *p, uLong v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put_le32(unsigned char *p, uLong v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* zlib's header bytes for a stream without dictionary or gzip header:
 * the same bytes zlib writes, so only the deflate data can differ. */
static size_t write_header(unsigned char *p, int wrap, int level)
{
	unsigned h;

	if (wrap == 1) {
		/* CM 8, CINFO 7; FLEVEL as zlib: 0 for level 1, 1 below 6, 2 at 6, 3 above */
		h = (8 + (7 << 4)) << 8;
		h |= (unsigned)(level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3) << 6;
		h += 31 - h % 31;
		p[0] = (unsigned char)(h >> 8);
		p[1] = (unsigned char)h;
		return 2;
	}
	if (wrap == 2) {
		/* ID, CM, FLG 0, MTIME 0, XFL (2 at level 9, 4 at level 1), OS 3 (Unix, as Debian's zlib) */
		static const unsigned char gz[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };

		memcpy(p, gz, 10);
		p[8] = level == 9 ? 2 : level < 2 ? 4 : 0;
		return 10;
	}
	return 0;
}

/* Compress the whole input; 0 on success (df->out filled), -1: not served. */
static int oneshot(z_streamp strm, struct wdz_dfast *df, int *dt)
{
	size_t hdr_room = df->wrap == 1 ? 2 : df->wrap == 2 ? 10 : 0;
	size_t trl = df->wrap == 1 ? 4 : df->wrap == 2 ? 8 : 0;
	uLong bound = wdzp_deflateBound(strm, strm->avail_in);
	struct wd_comp_req req;
	unsigned char *buf;
	uLong check = 0;
	handle_t h;
	int ret;

	if (bound <= hdr_room + trl || bound - hdr_room - trl > 0xffffffffu)
		return -1;
	*dt = wdz_dt_first_block(strm->next_in, strm->avail_in, df->mem_level);
	if (*dt < 0)
		return -1;	/* zlib's answer depends on its block boundary */
	h = wdz_wd_session(df->level);
	if (!h)
		return -1;
	buf = malloc(bound);
	if (buf == NULL)
		return -1;
	memset(&req, 0, sizeof(req));
	req.src = (void *)strm->next_in;
	req.src_len = strm->avail_in;
	req.dst = buf + hdr_room;
	req.dst_len = (__u32)(bound - hdr_room - trl);	/* so the total stays <= deflateBound */
	req.op_type = WD_DIR_COMPRESS;
	req.data_fmt = WD_FLAT_BUF;
	req.last = 1;
	wdz_in_wd = 1;
	ret = wd_do_comp_sync(h, &req);
	wdz_in_wd = 0;
	if (ret != 0 || req.status != WD_SUCCESS || req.src_len != strm->avail_in) {
		free(buf);
		return -1;
	}
	write_header(buf, df->wrap, df->level);
	df->len = hdr_room + req.dst_len;
	if (df->wrap == 1) {
		check = wdzp_adler32_z(1, strm->next_in, strm->avail_in);
		put_be32(buf + df->len, check);
	} else if (df->wrap == 2) {
		check = wdzp_crc32_z(0, strm->next_in, strm->avail_in);
		put_le32(buf + df->len, check);
		put_le32(buf + df->len + 4, strm->total_in + strm->avail_in);
	}
	df->len += trl;
	df->out = buf;
	df->hdr = hdr_room;
	df->pos = 0;
	df->trailer = 0;
	df->dt_set = 0;
	/* all input is consumed at once (zlib consumes as it goes: only the
	 * values after the end are zlib's exactly) */
	if (df->wrap)
		strm->adler = check;
	strm->total_in += strm->avail_in;
	strm->next_in += strm->avail_in;
	strm->avail_in = 0;
	return 0;
}

/*
 * One deflate(Z_FINISH)-like step on our result, with the return codes of
 * zlib's deflate() for a stream in its finish state. zlib writes its
 * trailer in the call in which the deflate data is complete with output
 * room left; a call that starts with pending output and fills avail_out
 * exactly returns Z_OK, the next one Z_STREAM_END.
 */
static int drain(z_streamp strm, struct wdz_dfast *df)
{
	size_t data_end = df->len - (df->wrap == 1 ? 4 : df->wrap == 2 ? 8 : 0);
	int trailer_now = 0;
	size_t n;

	/* the deflate data (and header) */
	n = data_end - df->pos < strm->avail_out ? data_end - df->pos : strm->avail_out;
	if (df->pos < data_end) {
		memcpy(strm->next_out, df->out + df->pos, n);
		df->pos += n;
		strm->next_out += n;
		strm->avail_out -= (uInt)n;
		strm->total_out += n;
	}
	/* zlib sets data_type at its first block, once the header is out and
	 * there is output room to go on */
	if (!df->dt_set && (df->pos > df->hdr || (df->pos == df->hdr && strm->avail_out > 0))) {
		strm->data_type = df->data_type;
		df->dt_set = 1;
	}
	if (strm->avail_out == 0)
		return Z_OK;	/* zlib: "Since avail_out is 0, deflate will be called again" */
	if (strm->avail_in != 0) {
		/* zlib: "User must not provide more input after the first FINISH" */
		strm->msg = (char *)wdzp_zError(Z_BUF_ERROR);
		return Z_BUF_ERROR;
	}
	if (!df->trailer) {
		df->trailer = 1;
		trailer_now = 1;
	}
	n = df->len - df->pos < strm->avail_out ? df->len - df->pos : strm->avail_out;
	memcpy(strm->next_out, df->out + df->pos, n);
	df->pos += n;
	strm->next_out += n;
	strm->avail_out -= (uInt)n;
	strm->total_out += n;
	if (df->pos < df->len)
		return Z_OK;
	/* all out: the trailer written in this call ends the stream even with
	 * avail_out now 0; trailer bytes left from an earlier call are zlib's
	 * pending output, and filling avail_out with them returns Z_OK */
	if (!trailer_now && n > 0 && strm->avail_out == 0)
		return Z_OK;
	return Z_STREAM_END;
}

int wdz_df_deflate(z_streamp strm, struct wdz_dfast *df, int flush, int *ret)
{
	if (df->phase == WDZ_DF_FAST) {
		if (flush > Z_BLOCK || flush < 0) {
			*ret = Z_STREAM_ERROR;
			return 1;
		}
		if (strm->next_out == Z_NULL || (strm->avail_in != 0 && strm->next_in == Z_NULL) ||
		    flush != Z_FINISH) {
			strm->msg = (char *)wdzp_zError(Z_STREAM_ERROR);
			*ret = Z_STREAM_ERROR;
			return 1;
		}
		if (strm->avail_out == 0) {
			strm->msg = (char *)wdzp_zError(Z_BUF_ERROR);
			*ret = Z_BUF_ERROR;
			return 1;
		}
		*ret = drain(strm, df);
		return 1;
	}
	if (df->phase != WDZ_DF_FRESH || !df->eligible || wdz_in_wd || flush != Z_FINISH ||
	    strm->next_out == Z_NULL || strm->avail_out == 0 || strm->next_in == Z_NULL ||
	    strm->avail_in == 0)
		return 0;
	if (oneshot(strm, df, &df->data_type) != 0)
		return 0;
	df->phase = WDZ_DF_FAST;
	*ret = drain(strm, df);
	return 1;
}
