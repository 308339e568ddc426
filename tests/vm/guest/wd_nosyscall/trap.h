/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_nosyscall: the seccomp trap every hot loop runs under (trap.c), and
 * the loops (comp.c: async compression; crypto.c: sync cipher, digest and
 * AEAD; crypto_async.c: async cipher and AEAD). See main.c for what is proved and how.
 */
#ifndef WD_NOSYSCALL_TRAP_H
#define WD_NOSYSCALL_TRAP_H

#include <stdbool.h>

/* What the child reports to the parent (shared memory). */
struct shared {
	volatile long trapped_nr;	/* -1: no trap */
	volatile long done;		/* requests completed in the hot loop */
	volatile long bad;		/* completions with an error or a wrong result */
	volatile long wakes;		/* VACC_IOCTL_WAKEs in the hot loop */
	volatile long sleeps;		/* worker sleeps published meanwhile */
	volatile long queues;		/* ctrl pages found */
	volatile long waits;		/* sync waits (poll on a queue) in the hot loop */
	volatile long clocks;		/* clock reads that were system calls, in the loop */
	volatile long slow;		/* requests that waited or read the clock */
	volatile long slow_by[3];	/* ... by completed % 3 (crypto: cipher, digest, aead) */
	volatile long idle_waits;	/* waits or clock reads with no request outstanding */
};

extern struct shared *sh;
/* requests completed so far in the child (the handler reports it on a trap) */
extern volatile long completed;
extern volatile long warm;

/*
 * Before the hot loop: find our queues' ctrl pages and fds, install the
 * SIGSYS handler and the filter. allow_waits: a sync loop's slow path for a
 * request the device has not answered within the library's spin budget
 * (poll() on a queue fd, and clock_gettime where the clocksource has no
 * vDSO read: the timeout) is let through and counted, as the doorbell is.
 * 0, or -1 when the trap cannot be set.
 */
int trap_arm(bool allow_waits);
/* Worker sleeps published so far on our queues. */
long trap_sleeps(void);
/* The loop is over: counts into sh. */
void trap_report(void);
/*
 * After a warm-up: arm the trap, run loop(arg) (0 or a failure), report.
 * 0; 12 when the trap cannot be set; 13 when the loop failed or *bad > 0.
 */
int trap_run(bool allow_waits, int (*loop)(void *arg), void *arg, const volatile long *bad);

/* the loops: 0, or an exit code > 9 (the parent reports it) */
int comp_child(int loops);
int crypto_child(int loops);
int crypto_async_child(int loops);

#endif /* WD_NOSYSCALL_TRAP_H */
