/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fork(): the child must never use the parent's ctxs (queue mappings are
 * wiped on fork and the queue belongs to the parent). The child handler
 * drops every engine's state so the child can initialise afresh; sessions
 * made before the fork fail with -WD_EINVAL (their generation is stale).
 */
#include <pthread.h>
#include "../engine/engine_internal.h"

static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static struct wdi_engine *tracked;

static void prepare(void)
{
	struct wdi_engine *e;

	/* hold every init lock so no engine is half-built in the child */
	pthread_mutex_lock(&track_lock);
	for (e = tracked; e; e = e->next)
		pthread_mutex_lock(&e->init_lock);
}

static void parent(void)
{
	struct wdi_engine *e;

	for (e = tracked; e; e = e->next)
		pthread_mutex_unlock(&e->init_lock);
	pthread_mutex_unlock(&track_lock);
}

static void child(void)
{
	struct wdi_engine *e;

	for (e = tracked; e; e = e->next) {
		if (e->style != WDI_UNINIT) {
			e->poll_thread_on = false;	/* threads do not survive fork */
			wdi_engine_teardown(e, true);
		}
		pthread_mutex_unlock(&e->init_lock);
	}
	pthread_mutex_unlock(&track_lock);
}

static void install(void)
{
	pthread_atfork(prepare, parent, child);
}

void wdi_engine_track(struct wdi_engine *e)
{
	struct wdi_engine *t;

	pthread_once(&atfork_once, install);
	pthread_mutex_lock(&track_lock);
	for (t = tracked; t; t = t->next)
		if (t == e)
			break;
	if (!t) {
		e->next = tracked;
		tracked = e;
	}
	pthread_mutex_unlock(&track_lock);
}
