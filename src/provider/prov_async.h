/* SPDX-License-Identifier: Apache-2.0 */
/* OpenSSL ASYNC jobs: how a request's completion reaches a paused job. */
#ifndef WDP_PROV_ASYNC_H
#define WDP_PROV_ASYNC_H

#include <openssl/async.h>

/* One request in flight from a job; lives on the job's stack. */
struct wdp_wait {
	int done;
	int state;
};

static inline void wdp_wait_finish(struct wdp_wait *w, int state)
{
	w->state = state;
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
}

static inline int wdp_wait_done(struct wdp_wait *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_ACQUIRE);
}

/* The caller's ASYNC job, or NULL (cheap: one thread-local read after the first call). */
ASYNC_JOB *wdp_current_job(void);

/* Pause the job until the application resumes it; 0 if it cannot be paused. */
int wdp_job_pause(ASYNC_JOB *job);

#endif /* WDP_PROV_ASYNC_H */
