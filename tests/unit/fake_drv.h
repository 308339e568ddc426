/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A fake hardware compression driver for engine tests: it "compresses" by
 * copying, so a test controls completion (hold), queue limits, failures
 * and capabilities, and sees exactly which ctx served a request.
 */
#ifndef FAKE_DRV_H
#define FAKE_DRV_H

#include "wd_comp_drv.h"

extern const struct wd_driver fake_hw;
extern int fake_opened;		/* ctxs open now */
extern int fake_max_open;	/* ctx_open says -WD_EBUSY beyond this */
extern int fake_hold;		/* 1: recv reports nothing (a slow device) */
extern int fake_result;		/* non-zero: every request completes with this result */
extern unsigned int fake_max_level;	/* supports(): levels up to this (0: all) */
extern int fake_sends[64];	/* requests per ctx id */
extern handle_t fake_adopted[8];	/* v1 handles adopted, in order */
extern int fake_nadopted;

/* Back to defaults (all queues, completes at once, every level). */
void fake_reset(void);

#endif
