/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The per-stream struct strm->state points to between calls.
 *
 * Why our own struct and not the private zlib's state directly: the fast
 * paths (a later step) need per-stream state of their own, and a real zlib
 * state must stay available for everything they cannot do exactly. Every
 * stream call validates the struct, swaps the private zlib's state into
 * strm->state for the duration of the private call, and swaps ours back, so
 * all of zlib's API (copies, params, dictionaries, headers, sync, mark,
 * inflateBack ...) runs on zlib's own state with zlib's own checks.
 */
#ifndef WDZ_STATE_H
#define WDZ_STATE_H

#include <stdint.h>
#include "wdz_zlib.h"
#include "wdz_fast_deflate.h"

/* A non-canonical x86-64/arm64 user address: zlib's deflate_state and
 * inflate_state both begin with their stream pointer, so a state made by
 * another zlib in the process can never carry this value there. */
#define WDZ_MAGIC 0xfd5744a7c0de1b05ull

struct wdz_state {
	uint64_t magic;			/* WDZ_MAGIC while the stream lives */
	z_streamp strm;			/* owner: a memcpy'd z_stream is rejected, as zlib does */
	struct internal_state *zs;	/* the private zlib's state */
	void *fast;			/* fast-path state (later step); NULL: exact mode */
	struct wdz_dfast df;		/* deflate's one-shot fast path (zeroed: none) */
	struct wdz_idrain *idrain;	/* inflate's output still to drain (wdz_inf_drain.c) */
	struct wdz_istrm *istrm;	/* inflate's stream mode (wdz_inf_stream.c) */
};

/* Validate strm's state and swap the private state in. NULL (nothing
 * swapped) when the stream is not one of ours: the caller then passes a
 * NULL stream to the private zlib, which answers exactly as zlib does. */
struct wdz_state *wdz_enter(z_streamp strm);

/* Swap ours back after a private call; frees our struct when the call
 * ended the stream (zlib set strm->state to NULL). w may be NULL. */
void wdz_leave(z_streamp strm, struct wdz_state *w);

/* After a private init or copy returned ret: wrap strm's new private state
 * in a struct of ours, allocated with the stream's zalloc. On allocation
 * failure the private state is undone with end() and Z_MEM_ERROR returned. */
int wdz_wrap(z_streamp strm, int ret, int (*end)(z_streamp));

/* After a successful copy: dest gets source's deflate fast-path state
 * (a result still draining is duplicated). Z_OK, or Z_MEM_ERROR with dest
 * ended. */
int wdz_deflate_copy_fast(z_streamp dest, struct wdz_state *src);

/* WD_ZLIB=exact in the environment (read once): every call on the private
 * zlib, bytes included; the fast paths ask this before anything else. */
int wdz_env_exact(void);

/*
 * Both fast paths must never re-enter wd_comp from inside it: libwd_comp's
 * CPU driver calls zlib (libz.so.1, which is us) within a wd request, made
 * by us (wdz_in_wd set around our requests) or by the program itself (the
 * caller's address lies in libwd_comp: wdz_from_wd(return address)).
 */
extern __thread int wdz_in_wd;
int wdz_from_wd(const void *ra);

#endif /* WDZ_STATE_H */
