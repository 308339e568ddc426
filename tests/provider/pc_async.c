// SPDX-License-Identifier: Apache-2.0
/*
 * The ciphers inside OpenSSL ASYNC jobs (where a WarpDrive request pauses
 * its job): many jobs with contexts of their own, interleaved, give what
 * the default provider gives; a second job calling into a context whose
 * request is in flight is refused instead of changing the state under it.
 */
#include <string.h>
#include <openssl/async.h>
#include <openssl/err.h>

#include "pc_util.h"

int pc_async_tests(void);

#define JOBS 8
#define MSG 4096

struct job_arg {
	EVP_CIPHER_CTX *ctx;
	const unsigned char *in;
	unsigned char *out;
	size_t len;
	int ok;
};

static int job_update(void *varg)
{
	struct job_arg *a = *(struct job_arg **)varg;
	int l1 = 0, l2 = 0;

	a->ok = EVP_CipherUpdate(a->ctx, a->out, &l1, a->in, (int)a->len) &&
		EVP_CipherFinal_ex(a->ctx, a->out + l1, &l2) && (size_t)(l1 + l2) == a->len;
	return a->ok;
}

/* Run every job to its end, starting and resuming them in turn. */
static void run_all(ASYNC_JOB **jobs, ASYNC_WAIT_CTX **w, struct job_arg *args, int n)
{
	int done[JOBS] = { 0 }, left = n, ret, i;

	while (left) {
		for (i = 0; i < n; i++) {
			struct job_arg *ap = &args[i];

			if (done[i])
				continue;
			switch (ASYNC_start_job(&jobs[i], w[i], &ret, job_update, &ap, sizeof(ap))) {
			case ASYNC_PAUSE:
				break;
			case ASYNC_FINISH:
				done[i] = 1;
				left--;
				break;
			default:
				PC_CHECK(0, "job %d failed to run", i);
				done[i] = 1;
				left--;
				break;
			}
		}
	}
}

static unsigned char in[JOBS][MSG], outw[JOBS][MSG], outr[JOBS][MSG];

int pc_async_tests(void)
{
	EVP_CIPHER *cw = pc_fetch_wd("AES-128-CTR"), *cr = pc_fetch_ref("AES-128-CTR");
	ASYNC_JOB *jobs[JOBS] = { NULL };
	ASYNC_WAIT_CTX *w[JOBS] = { NULL };
	struct job_arg args[JOBS];
	unsigned char key[16], iv[16];
	EVP_CIPHER_CTX *own1;
	int i, ret, l;

	memset(args, 0, sizeof(args));
	pc_what = "async jobs";
	if (!cw || !cr || !ASYNC_init_thread(JOBS + 1, JOBS + 1)) {
		PC_CHECK(0, "setup");
		goto out;
	}
	for (i = 0; i < JOBS; i++) {
		EVP_CIPHER_CTX *r = EVP_CIPHER_CTX_new();

		pc_fill(key, sizeof(key));
		pc_fill(iv, sizeof(iv));
		pc_fill(in[i], MSG);
		w[i] = ASYNC_WAIT_CTX_new();
		args[i].ctx = EVP_CIPHER_CTX_new();
		args[i].in = in[i];
		args[i].out = outw[i];
		args[i].len = MSG - (size_t)i * 7;
		args[i].ok = 0;
		EVP_CipherInit_ex2(args[i].ctx, cw, key, iv, 1, NULL);
		EVP_CipherInit_ex2(r, cr, key, iv, 1, NULL);
		EVP_CipherUpdate(r, outr[i], &l, in[i], (int)args[i].len);
		EVP_CIPHER_CTX_free(r);
	}
	run_all(jobs, w, args, JOBS);
	for (i = 0; i < JOBS; i++) {
		PC_CHECK(args[i].ok, "job %d failed", i);
		PC_CHECK(!memcmp(outw[i], outr[i], args[i].len), "job %d: output differs", i);
	}

	/* two jobs on one context: the second is refused while the first is paused */
	pc_what = "async re-entry";
	own1 = args[1].ctx;
	args[1] = args[0];
	args[1].out = outw[1];
	EVP_CipherInit_ex2(args[0].ctx, NULL, NULL, iv, 1, NULL);
	{
		struct job_arg *a0 = &args[0], *a1 = &args[1];
		int r0 = ASYNC_start_job(&jobs[0], w[0], &ret, job_update, &a0, sizeof(a0));

		if (r0 == ASYNC_PAUSE) {
			int r1 = ASYNC_start_job(&jobs[1], w[1], &ret, job_update, &a1, sizeof(a1));

			PC_CHECK(r1 == ASYNC_FINISH && !a1->ok, "second job was let in (%d, %d)", r1,
				 a1->ok);
			ERR_clear_error();
			while (ASYNC_start_job(&jobs[0], w[0], &ret, job_update, &a0,
					       sizeof(a0)) == ASYNC_PAUSE)
				;
			PC_CHECK(a0->ok, "first job failed after the refusal");
		} else {
			/* the request did not pause (offload off, or below cpu_below) */
			PC_CHECK(r0 == ASYNC_FINISH && a0->ok, "job did not run");
		}
	}
	args[1].ctx = own1;
out:
	for (i = 0; i < JOBS; i++) {
		EVP_CIPHER_CTX_free(args[i].ctx);
		ASYNC_WAIT_CTX_free(w[i]);
	}
	ASYNC_cleanup_thread();
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
	return 0;
}
