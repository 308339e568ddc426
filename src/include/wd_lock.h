/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The ctx lock: taken and dropped on every request, so its uncontended
 * path is a compare-and-swap and an exchange (glibc's mutex spends ~55
 * instructions on trylock + unlock, an eighth of the framework's path).
 * Contended, it sleeps in futex() like a mutex (a hardware request may
 * hold it for milliseconds). States: 0 free, 1 held, 2 held with waiters
 * (Drepper, "Futexes Are Tricky", mutex #3). Not recursive, no owner
 * checks: the engine takes it around code it controls.
 */
#ifndef WD_LOCK_H
#define WD_LOCK_H

#include <stdbool.h>
#include "wd_local.h"

struct wdi_lock {
	int state;
};

#define WDI_LOCK_INIT	{ 0 }

WDI_LOCAL void wdi_lock_wait(struct wdi_lock *l);
WDI_LOCAL void wdi_lock_wake(struct wdi_lock *l);

static inline bool wdi_trylock(struct wdi_lock *l)
{
	int free_state = 0;

	return __atomic_compare_exchange_n(&l->state, &free_state, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

static inline void wdi_lock(struct wdi_lock *l)
{
	if (__builtin_expect(!wdi_trylock(l), 0))
		wdi_lock_wait(l);
}

static inline void wdi_unlock(struct wdi_lock *l)
{
	if (__builtin_expect(__atomic_exchange_n(&l->state, 0, __ATOMIC_RELEASE) == 2, 0))
		wdi_lock_wake(l);
}

#endif
