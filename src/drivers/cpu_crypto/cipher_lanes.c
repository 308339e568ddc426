/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipsec-mb multi-buffer lanes for AES-CBC encryption on async ctxs.
 *
 * CBC encryption is serial within one buffer, so one request at a time
 * leaves most of the AES pipeline idle (OpenSSL EVP and ipsec-mb alike);
 * ipsec-mb's manager encrypts many independent buffers side by side.
 * Measured on this machine (docs/crypto-drivers-cipher.md), 32 requests in
 * flight run ~3x faster than EVP one at a time from 1 KiB. Everything else
 * (decryption is already parallel inside a buffer, other modes, requests
 * below CIPHER_LANES_MIN) runs at once through run().
 *
 * A manager per async ctx (its job API is not thread-safe; the ctx's lane
 * lock serialises us). Key schedules are expanded at set_key into the
 * session state (cipher_imb.c), which in-flight jobs point to: a session must not be
 * re-keyed or freed with requests outstanding (as with UADK's hardware).
 */
#include <string.h>
#include "cipher_internal.h"
/* without the 0.53 names, which clash with UADK's AES_BLOCK_SIZE */
#define NO_COMPAT_IMB_API_053
#include <intel-ipsec-mb.h>

void *cipher_lanes_open(void)
{
	return cc_imb_new();
}

void cipher_lanes_close(void *lanes)
{
	free_mb_mgr(lanes);
}

static void job_done(struct cc_ctx *ctx, IMB_JOB *job)
{
	struct wd_cipher_msg *m = job->user_data;

	if (job->status == IMB_STATUS_COMPLETED) {
		memcpy(m->iv, m->out + m->len - 16, 16);
		m->hdr.result = 0;
	} else {
		m->hdr.result = -WD_EINVAL;
	}
	m->status = 0;
	cc_done(ctx, &m->hdr);
}

int cipher_mb_submit(struct cc_ctx *ctx, void *lanes, void *state, struct wd_msg_hdr *msg)
{
	struct wd_cipher_msg *m = (struct wd_cipher_msg *)msg;
	struct cipher_state *st = state;
	IMB_MGR *mgr = lanes;
	IMB_JOB *job;

	if (st->mode != WD_CIPHER_CBC || !st->imb_ok || !m->encrypt || m->len < CIPHER_LANES_MIN)
		return 1;
	job = IMB_GET_NEXT_JOB(mgr);
	cipher_imb_job_fill(job, st, IMB_CIPHER_CBC, IMB_DIR_ENCRYPT, m);
	for (job = IMB_SUBMIT_JOB(mgr); job; job = IMB_GET_COMPLETED_JOB(mgr))
		job_done(ctx, job);
	return 0;
}

void cipher_mb_flush(struct cc_ctx *ctx, void *lanes)
{
	IMB_MGR *mgr = lanes;
	IMB_JOB *job;

	while ((job = IMB_FLUSH_JOB(mgr)))
		job_done(ctx, job);
}
