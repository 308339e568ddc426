// SPDX-License-Identifier: Apache-2.0
/*
 * GCM and CCM inside OpenSSL ASYNC jobs (a WarpDrive request pauses its
 * job): jobs with contexts of their own, run interleaved, give the
 * reference's bytes and tags (block requests, streams with odd tails,
 * TLS-style AAD); a second job calling into a context whose request is in
 * flight is refused, and the first job then finishes right.
 */
#include <string.h>
#include <openssl/async.h>
#include <openssl/err.h>
#include "pa_test.h"

#define JOBS 8
#define MSG 12000

struct job {
	EVP_CIPHER_CTX *ctx;
	const unsigned char *in, *aad;
	unsigned char *out, tag[16];
	size_t len, alen, piece;
	int ccm, ok;
};

static int job_fn(void *varg)
{
	struct job *a = *(struct job **)varg;
	size_t off, k;
	int n;

	a->ok = 1;
	if (a->ccm)
		a->ok &= EVP_CipherUpdate(a->ctx, NULL, &n, NULL, (int)a->len);
	a->ok &= EVP_CipherUpdate(a->ctx, NULL, &n, a->aad, (int)a->alen);
	for (off = 0; off < a->len; off += k) {
		k = a->len - off < a->piece ? a->len - off : a->piece;
		a->ok &= EVP_CipherUpdate(a->ctx, a->out + off, &n, a->in + off, (int)k);
	}
	a->ok &= EVP_CipherFinal_ex(a->ctx, a->out, &n) && pa_get_tag(a->ctx, a->tag, 16);
	return a->ok;
}

static int run(ASYNC_JOB **job, ASYNC_WAIT_CTX *w, struct job *a)
{
	int ret;

	return ASYNC_start_job(job, w, &ret, job_fn, &a, sizeof(a));
}

static unsigned char in[JOBS][MSG], out[JOBS][MSG], ref[JOBS][MSG], aad[JOBS][32];

void pa_async_tests(void)
{
	EVP_CIPHER *ci[2] = { pa_fetch_wd("AES-128-GCM"), pa_fetch_wd("AES-128-CCM") };
	ASYNC_JOB *jobs[JOBS] = { NULL };
	ASYNC_WAIT_CTX *w[JOBS];
	struct job a[JOBS];
	unsigned char key[JOBS][16], iv[JOBS][12], rtag[JOBS][16];
	int done[JOBS] = { 0 }, left = JOBS, i, r;

	pa_seed(5);
	if (!ASYNC_init_thread(JOBS + 1, JOBS + 1)) {
		PA_CHECK(0, "ASYNC_init_thread");
		return;
	}
	for (i = 0; i < JOBS; i++) {
		int ccm = i % 4 == 3;
		static const size_t pieces[] = { MSG, 4000, 1000, MSG, 333, 16, 7000, MSG };

		memset(&a[i], 0, sizeof(a[i]));
		w[i] = ASYNC_WAIT_CTX_new();
		pa_rand_bytes(key[i], 16);
		pa_rand_bytes(iv[i], 12);
		pa_rand_bytes(in[i], MSG);
		pa_rand_bytes(aad[i], 32);
		a[i] = (struct job){ EVP_CIPHER_CTX_new(), in[i], aad[i], out[i], { 0 },
				     MSG - (size_t)i * 501, (size_t)i * 4, ccm ? MSG : pieces[i], ccm, 0 };
		EVP_CipherInit_ex2(a[i].ctx, ci[ccm], NULL, NULL, 1, NULL);
		if (ccm) {
			pa_set_ivlen(a[i].ctx, 12);
			pa_set_tag(a[i].ctx, NULL, 16);
			pa_ref_ccm("AES-128-ECB", key[i], 16, iv[i], 12, 16, aad[i], a[i].alen, in[i],
				   a[i].len, ref[i], rtag[i], 1);
		} else {
			pa_ref_gcm("AES-128-ECB", key[i], 16, iv[i], 12, aad[i], a[i].alen, in[i],
				   a[i].len, ref[i], rtag[i], 1);
		}
		EVP_CipherInit_ex2(a[i].ctx, NULL, key[i], iv[i], 1, NULL);
	}
	while (left) {
		for (i = 0; i < JOBS; i++) {
			if (done[i])
				continue;
			r = run(&jobs[i], w[i], &a[i]);
			if (r == ASYNC_PAUSE)
				continue;
			PA_CHECK(r == ASYNC_FINISH, "job %d: %d", i, r);
			done[i] = 1;
			left--;
		}
	}
	for (i = 0; i < JOBS; i++) {
		PA_CHECK(a[i].ok, "async job %d failed", i);
		PA_CHECK(!memcmp(out[i], ref[i], a[i].len) && !memcmp(a[i].tag, rtag[i], 16),
			 "async job %d (%s, %zu in pieces of %zu): result differs", i,
			 a[i].ccm ? "CCM" : "GCM", a[i].len, a[i].piece);
	}
	ERR_clear_error();

	/* two jobs on one context: the second is refused while the first is paused */
	{
		struct job b = a[0];

		b.out = out[1];
		EVP_CipherInit_ex2(a[0].ctx, NULL, NULL, iv[0], 1, NULL);
		r = run(&jobs[0], w[0], &a[0]);
		if (r == ASYNC_PAUSE) {
			int r1 = run(&jobs[1], w[1], &b);

			PA_CHECK(r1 == ASYNC_FINISH && !b.ok, "a second job got in (%d, %d)", r1, b.ok);
			if (pa_verbose)
				printf("async: the second job was refused\n");
			ERR_clear_error();
			while (run(&jobs[0], w[0], &a[0]) == ASYNC_PAUSE)
				;
			PA_CHECK(a[0].ok && !memcmp(out[0], ref[0], a[0].len) &&
				 !memcmp(a[0].tag, rtag[0], 16), "the first job after the refusal");
		} else {
			/* no pause: the software path (cpu_below, offload off) */
			PA_CHECK(r == ASYNC_FINISH && a[0].ok, "job did not run");
		}
	}
	for (i = 0; i < JOBS; i++) {
		EVP_CIPHER_CTX_free(a[i].ctx);
		ASYNC_WAIT_CTX_free(w[i]);
	}
	ASYNC_cleanup_thread();
	EVP_CIPHER_free(ci[0]);
	EVP_CIPHER_free(ci[1]);
}
