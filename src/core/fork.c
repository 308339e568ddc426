/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fork(): libwd's one handler, installed when libwd loads.
 *
 * prepare takes, in one fixed order (the order the library nests them in
 * anyway), every lock the child may need after the fork: the engine list,
 * each engine's init lock (in the order engines first initialised), the
 * session table, the driver registry, the uacce handle table. None of them
 * is then held by a thread the child will not have, so the child never
 * re-initialises a lock. The per-ctx locks are not taken: the child throws
 * every ctx away without taking or destroying them.
 *
 * The child must never use the parent's queues (their mappings are not
 * inherited and the queues belong to the parent). It first refreshes the
 * uacce layer's idea of which process it is (handles become "inherited")
 * and frees the handle table lock, then tears down every engine, so the
 * drivers' ctx_forget() can release the inherited handles (which only
 * closes the child's fds). Sessions made before the fork fail with
 * -WD_EINVAL in the child (their generation is stale).
 */
#include <pthread.h>
#include "../engine/engine_internal.h"
#include "wd_fork.h"

static pthread_mutex_t track_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wdi_engine *tracked;	/* in first-init order, oldest first */

static void prepare(void)
{
	struct wdi_engine *e;

	pthread_mutex_lock(&track_lock);
	for (e = tracked; e; e = e->next)
		pthread_mutex_lock(&e->init_lock);
	wdi_sess_table_lock();
	wdi_registry_lock();
	wdi_uacce_fork_prepare();
}

static void parent(void)
{
	struct wdi_engine *e;

	wdi_uacce_fork_parent();
	wdi_registry_unlock();
	wdi_sess_table_unlock();
	for (e = tracked; e; e = e->next)
		pthread_mutex_unlock(&e->init_lock);
	pthread_mutex_unlock(&track_lock);
}

static void child(void)
{
	struct wdi_engine *e;

	wdi_uacce_fork_child();
	wdi_registry_unlock();
	wdi_sess_table_unlock();
	for (e = tracked; e; e = e->next) {
		if (e->style != WDI_UNINIT) {
			e->poll_thread_on = false;	/* threads do not survive fork */
			wdi_engine_teardown(e, true);
		}
		pthread_mutex_unlock(&e->init_lock);
	}
	pthread_mutex_unlock(&track_lock);
}

__attribute__((constructor)) static void install(void)
{
	pthread_atfork(prepare, parent, child);
}

void wdi_engine_untrack(struct wdi_engine *e)
{
	struct wdi_engine **pp;

	pthread_mutex_lock(&track_lock);
	for (pp = &tracked; *pp && *pp != e; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = e->next;
	pthread_mutex_unlock(&track_lock);
}

void wdi_engine_track(struct wdi_engine *e)
{
	struct wdi_engine **pp;

	pthread_mutex_lock(&track_lock);
	for (pp = &tracked; *pp && *pp != e; pp = &(*pp)->next)
		;
	if (!*pp) {
		e->next = NULL;
		*pp = e;
	}
	pthread_mutex_unlock(&track_lock);
}
