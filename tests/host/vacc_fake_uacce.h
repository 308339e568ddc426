/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc device for host tests of the whole library path, without a
 * kernel: a fake sysfs/devfs tree (WD_UACCE_SYSFS / WD_UACCE_DEVFS) naming
 * one device "vacc-0", and the test binary's open/ioctl/close standing in
 * for the uacce char device: each open of /dev/vacc-0 is a fresh queue in
 * a memfd (MMIO page at offset 0, DUS at one page, as uacce maps them)
 * served by a fake worker (vacc_fake_dev.c) on the same memory (mmap of
 * it returns the fake's own mapping); UACCE_CMD_START_Q starts it,
 * VACC_IOCTL_WAKE is its doorbell, close stops it. Everything else goes
 * to libc.
 *
 * Inline mode: no worker thread; the worker's NEED_WAKEUP is always set,
 * so every submission rings the doorbell and the doorbell runs the queue
 * to empty on the submitting thread. Deterministic, single-threaded.
 * Under callgrind the doorbell's device work is not counted (it toggles
 * collection off and back on: call it only while collecting).
 */
#ifndef VACC_FAKE_UACCE_H
#define VACC_FAKE_UACCE_H

#include <stdbool.h>
#include "vacc_fake_dev.h"

struct fu_cfg {
	const char *algs;		/* sysfs "algorithms" (newline-separated) */
	__u32 max_sessions;		/* ctrl.max_sessions of new queues */
	__u32 max_len;			/* ctrl.max_len (0: VACC_MAX_LEN) */
	__u32 entries;			/* ring entries (power of two) */
	bool inline_mode;
	bool manual;			/* no worker, no doorbell: the test calls fdev_step */
	int instances;			/* sysfs available_instances */
};

#define FU_MAX_QUEUES	64

/* Build the tree and point libwd at it. 0 or -1. */
int fu_setup(const struct fu_cfg *cfg);
/* Remove the tree; queues still open are left to the library. */
void fu_teardown(void);
/* Queue n opened since fu_setup (in open order), NULL if none. */
struct fdev *fu_dev(int n);
int fu_ndev(void);
/* A hook on every queue opened from now on (and those open now). */
void fu_set_hook(fdev_hook_fn hook, void *arg);
/* Stop queue n as the kernel does (DEAD, in-flight STOPPED). */
void fu_kill(int n);

#endif
