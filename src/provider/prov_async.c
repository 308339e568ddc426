// SPDX-License-Identifier: Apache-2.0
/*
 * Pausing an OpenSSL ASYNC job while its request is in flight.
 *
 * An application that runs jobs (openssl speed -async_jobs, async-aware
 * servers) waits on the file descriptors the job's ASYNC_WAIT_CTX holds and
 * resumes a job when its descriptor is readable. The provider gives each
 * wait context one eventfd that is always readable: a resumed job polls its
 * class and pauses again if its request is not done yet. With the CPU
 * drivers that is exactly right, since their work happens when polled (the
 * multi-buffer lanes fill while the other jobs submit, and the first poll
 * runs them); with a queue device the loop resumes the job until the
 * device answers, which costs the application's thread a few polls instead
 * of an interrupt. One descriptor per context, created on its first pause
 * and closed with the context.
 */
#include <stdint.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include "prov.h"
#include "prov_async.h"

static const char wait_key;	/* its address identifies our fd in a wait context */

ASYNC_JOB *wdp_current_job(void)
{
	return ASYNC_get_current_job();
}

static void close_fd(ASYNC_WAIT_CTX *ctx, const void *key, OSSL_ASYNC_FD fd, void *custom)
{
	(void)ctx;
	(void)key;
	(void)custom;
	close(fd);
}

static int ensure_wait_fd(ASYNC_JOB *job)
{
	ASYNC_WAIT_CTX *wctx = ASYNC_get_wait_ctx(job);
	OSSL_ASYNC_FD fd;
	void *custom;

	if (!wctx)
		return 0;
	if (ASYNC_WAIT_CTX_get_fd(wctx, &wait_key, &fd, &custom))
		return 1;
	/* counter 1 and never read: readable for as long as it exists */
	fd = eventfd(1, EFD_CLOEXEC | EFD_NONBLOCK);
	if (fd < 0)
		return 0;
	if (!ASYNC_WAIT_CTX_set_wait_fd(wctx, &wait_key, fd, NULL, close_fd)) {
		close(fd);
		return 0;
	}
	return 1;
}

int wdp_job_pause(ASYNC_JOB *job)
{
	if (!ensure_wait_fd(job))
		return 0;
	return ASYNC_pause_job();
}
