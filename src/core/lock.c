/* SPDX-License-Identifier: Apache-2.0 */
/* The slow paths of wd_lock.h: sleep on and wake the lock word. */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "wd_lock.h"

void wdi_lock_wait(struct wdi_lock *l)
{
	/* say "waiters" so the holder wakes us; sleep while it stays held */
	while (__atomic_exchange_n(&l->state, 2, __ATOMIC_ACQUIRE) != 0)
		syscall(SYS_futex, &l->state, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
}

void wdi_lock_wake(struct wdi_lock *l)
{
	syscall(SYS_futex, &l->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}
