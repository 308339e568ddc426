/* SPDX-License-Identifier: Apache-2.0 */
/* Our per-stream struct: validation, the swap around private calls, wrap. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "wdz_state.h"

struct wdz_state *wdz_enter(z_streamp strm)
{
	struct wdz_state *w;

	if (strm == Z_NULL || strm->state == Z_NULL)
		return NULL;
	w = (struct wdz_state *)(void *)strm->state;
	/* the same first-field read zlib's own state check does */
	if (w->magic != WDZ_MAGIC || w->strm != strm)
		return NULL;
	strm->state = w->zs;
	return w;
}

void wdz_leave(z_streamp strm, struct wdz_state *w)
{
	if (w == NULL)
		return;
	if (strm->state == Z_NULL) {
		/* an End: zlib freed its state with strm->zfree (checked
		 * non-NULL by it), ours goes the same way */
		w->magic = 0;
		strm->zfree(strm->opaque, w);
		return;
	}
	w->zs = strm->state;
	strm->state = (struct internal_state *)(void *)w;
}

int wdz_wrap(z_streamp strm, int ret, int (*end)(z_streamp))
{
	struct wdz_state *w;

	if (ret != Z_OK)
		return ret;
	/* zlib's init installed its default allocator if there was none */
	w = strm->zalloc(strm->opaque, 1, sizeof(*w));
	if (w == NULL) {
		end(strm);
		strm->state = Z_NULL;
		strm->msg = (char *)wdzp_zError(Z_MEM_ERROR);
		return Z_MEM_ERROR;
	}
	w->magic = WDZ_MAGIC;
	w->strm = strm;
	w->zs = strm->state;
	w->fast = NULL;
	w->idrain = NULL;
	w->istrm = NULL;
	memset(&w->df, 0, sizeof(w->df));
	strm->state = (struct internal_state *)(void *)w;
	return Z_OK;
}

static pthread_once_t exact_once = PTHREAD_ONCE_INIT;
static int exact;

static void exact_read(void)
{
	const char *v = getenv("WD_ZLIB");

	exact = v && !strcmp(v, "exact");
}

int wdz_env_exact(void)
{
	pthread_once(&exact_once, exact_read);
	return exact;
}
