/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zlib's stream functions in exact mode: every call runs on the private
 * zlib's state, swapped into strm->state around the call (wdz_state.h).
 */
#include "wdz_state.h"
#include "wdz_fast_inflate.h"

/* inflate runs its fast path first (wdz_fast_inflate.c); the generated
 * wrapper below calls it in place of the private inflate. */
#define wdzp_inflate(s, f) wdz_inflate(s, w, f, wdz_from_wd(__builtin_return_address(0)))

/*
 * A stream that is not ours reaches the private zlib as NULL, so the answer
 * is zlib's own for a bad stream, whatever the return type. While inflate's
 * output drains (w->idrain), the hooks either keep the drain exact or end
 * it around the private call (wdz_inf_drain.c); in stream mode (w->istrm)
 * they end the mode by a replay or answer for zlib (wdz_inf_stream.c).
 */
#define WDZ_STREAM(ret, name, params, args) \
	ret name params \
	{ \
		struct wdz_state *w = wdz_enter(strm); \
		z_streamp S_ = w ? strm : Z_NULL; \
		long veto; \
		ret r; \
		if (w && w->idrain) \
			wdz_drain_before(strm, w, WDZ_OP_##name); \
		if (w && w->istrm && wdz_istrm_before(strm, w, WDZ_OP_##name, &veto)) \
			r = (ret)veto; \
		else \
			r = wdzp_##name args; \
		if (w && w->idrain) \
			wdz_drain_after(strm, w, WDZ_OP_##name, (long)r); \
		if (w && w->istrm) \
			wdz_istrm_after(strm, w, WDZ_OP_##name, (long)r); \
		wdz_leave(strm, w); \
		return r; \
	}
WDZ_STREAM_FUNCS(WDZ_STREAM)

#define WDZ_INIT(ret, name, params, args, end) \
	ret name params \
	{ \
		return wdz_wrap(strm, wdzp_##name args, wdzp_##end); \
	}
WDZ_INIT_FUNCS(WDZ_INIT)

/*
 * The private copy duplicates the swapped-in source state into dest, and
 * dest then gets a struct of its own. On failure dest is left as zlib leaves
 * it (deflateCopy may have copied the source's z_stream, state included),
 * with ours in place of the private pointer so nothing private escapes.
 */
static int wdz_copy(z_streamp dest, z_streamp source, int (*copy)(z_streamp, z_streamp),
		    int (*end)(z_streamp))
{
	struct wdz_state *w = wdz_enter(source);
	struct internal_state *zs;
	int ret;

	if (w && w->istrm) {
		ret = wdz_istrm_copy_prep(w);
		if (ret != Z_OK) {
			wdz_leave(source, w);
			return ret;
		}
	}
	ret = copy(dest, w ? source : Z_NULL);
	if (w == NULL)
		return ret;
	if (dest == source) {
		/* zlib replaces the state in place (leaking the old one) */
		wdz_leave(source, w);
		return ret;
	}
	zs = w->zs;
	source->state = (struct internal_state *)(void *)w;
	if (ret == Z_OK) {
		ret = wdz_wrap(dest, ret, end);
		if (ret == Z_OK)
			ret = wdz_deflate_copy_fast(dest, w);
		/* the output still to drain is the copy's too */
		if (ret == Z_OK && w->idrain)
			ret = wdz_drain_copy(dest, w);
		if (ret == Z_OK && w->istrm)
			ret = wdz_istrm_copy(dest, w);
		return ret;
	}
	if (dest != Z_NULL && dest->state == zs)
		dest->state = (struct internal_state *)(void *)w;
	return ret;
}

#define WDZ_COPY(ret, name, params, end) \
	ret name params \
	{ \
		return wdz_copy(dest, source, wdzp_##name, wdzp_##end); \
	}
WDZ_COPY_FUNCS(WDZ_COPY)
