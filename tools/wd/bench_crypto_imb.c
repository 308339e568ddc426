/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's Intel ipsec-mb baselines. Keys are expanded once per
 * thread (AES schedules, HMAC ipad/opad states, CMAC/XCBC subkeys, GCM
 * hash keys), one manager per thread (init_mb_mgr_auto).
 *   ipsec-mb           one request at a time: the direct functions where
 *                      ipsec-mb has them (SHA, AES-GCM), otherwise one job
 *                      submitted and flushed per request; SHA-1/SHA-2-256
 *                      families on the SSE manager (its SHA-NI) when the
 *                      CPU has SHA-NI
 *   ipsec-mb-inflight  the job API with --inflight jobs outstanding, so
 *                      multi-buffer algorithms fill their lanes
 * authenc encryption runs in place (ipsec-mb's cipher-then-hash hashes its
 * source buffer): see bc_io.check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_crypto_imb.h"

static const char *job_err(struct imb_st *st, const IMB_JOB *job)
{
	int e = imb_get_errno(st->mgr);

	snprintf(st->msg, sizeof(st->msg), "ipsec-mb job: status %d%s%s",
		 job ? (int)job->status : -1, e ? ": " : "", e ? imb_get_strerror(e) : "");
	return st->msg;
}

static void imb_close(void *p)
{
	struct imb_st *st = p;

	if (st->mgr)
		free_mb_mgr(st->mgr);
	free(st->tags);
	free(st->user_tag);
	free(st->fifo);
	free(st);
}

static void *imb_open(const struct bc_cfg *c, char *why, size_t len, bool one)
{
	struct imb_st *st = aligned_alloc(64, (sizeof(struct imb_st) + 63) & ~(size_t)63);
	const char *no;

	if (!st) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	memset(st, 0, sizeof(*st));
	st->cfg = c;
	st->a = c->alg;
	st->enc = c->encrypt;
	st->nslots = c->inflight ? c->inflight : 1;
	st->mgr = alloc_mb_mgr(0);
	st->tags = calloc(st->nslots, sizeof(*st->tags));
	st->user_tag = calloc(st->nslots, sizeof(*st->user_tag));
	st->fifo = calloc(st->nslots, sizeof(*st->fifo));
	if (!st->mgr || !st->tags || !st->user_tag || !st->fifo) {
		snprintf(why, len, "out of memory");
		imb_close(st);
		return NULL;
	}
	init_mb_mgr_auto(st->mgr, NULL);
	if (one && bci_wants_shani(st->a) && (st->mgr->features & IMB_FEATURE_SHANI)) {
		init_mb_mgr_sse(st->mgr);
		st->sse = true;
	}
	no = imb_get_errno(st->mgr) ? "init_mb_mgr failed" : bci_set_up(st);
	if (no) {
		snprintf(why, len, "%s", no);
		imb_close(st);
		return NULL;
	}
	return st;
}

/* Where the job writes its tag: the caller's buffer unless checked or cut. */
static uint8_t *job_tag(struct imb_st *st, unsigned slot, const struct bc_io *io)
{
	bool own = st->kind == K_AUTHENC || (!st->enc && (st->kind == K_GCM || st->kind == K_CCM));

	st->user_tag[slot] = io->tag;
	return own ? st->tags[slot] : io->tag;
}

static void fill_job(struct imb_st *st, IMB_JOB *job, const struct bc_io *io, uint8_t *tag)
{
	const struct bc_alg *a = st->a;
	bool aead = st->kind == K_GCM || st->kind == K_CCM;	/* authenc hashes the AAD too */

	job->cipher_mode = st->cmode;
	job->hash_alg = st->halg;
	job->cipher_direction = st->enc ? IMB_DIR_ENCRYPT : IMB_DIR_DECRYPT;
	job->chain_order = st->enc ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
	job->src = io->in;
	job->dst = io->out + io->aad;
	job->key_len_in_bytes = st->key_bytes;
	job->enc_keys = st->enc_keys;
	job->dec_keys = st->dec_keys;
	job->cipher_start_src_offset_in_bytes = io->aad;
	job->msg_len_to_cipher_in_bytes = io->len;
	job->hash_start_src_offset_in_bytes = aead ? io->aad : 0;
	job->msg_len_to_hash_in_bytes = io->len;
	job->iv = io->iv;
	job->iv_len_in_bytes = a->iv_len;
	job->auth_tag_output = tag;
	job->auth_tag_output_len_in_bytes = st->tag_len;
	switch (st->kind) {
	case K_CIPHER:
		if (st->cmode == IMB_CIPHER_DES3)
			job->enc_keys = job->dec_keys = st->des3;
		else if (st->cmode == IMB_CIPHER_DES)
			job->enc_keys = job->dec_keys = st->des_ks[0];
		break;
	case K_SHA:
		job->cipher_direction = IMB_DIR_ENCRYPT;
		break;
	case K_HMAC:
		job->cipher_direction = IMB_DIR_ENCRYPT;
		job->u.HMAC._hashed_auth_key_xor_ipad = st->ipad;
		job->u.HMAC._hashed_auth_key_xor_opad = st->opad;
		break;
	case K_CMAC:
		job->cipher_direction = IMB_DIR_ENCRYPT;
		job->u.CMAC._key_expanded = st->enc_keys;
		job->u.CMAC._skey1 = st->sk1;
		job->u.CMAC._skey2 = st->sk2;
		break;
	case K_XCBC:
		job->cipher_direction = IMB_DIR_ENCRYPT;
		job->u.XCBC._k1_expanded = (const uint32_t *)st->enc_keys;
		job->u.XCBC._k2 = st->sk2;
		job->u.XCBC._k3 = st->sk3;
		break;
	case K_GMAC:
		job->cipher_direction = IMB_DIR_ENCRYPT;
		job->u.GMAC._key = &st->gkd;
		job->u.GMAC._iv = io->iv;
		job->u.GMAC.iv_len_in_bytes = a->iv_len;
		job->iv_len_in_bytes = 0;
		break;
	case K_GCM:
		job->enc_keys = job->dec_keys = &st->gkd;
		job->u.GCM.aad = io->in;
		job->u.GCM.aad_len_in_bytes = io->aad;
		break;
	case K_CCM:
		/* CCM MACs the plaintext first, then encrypts */
		job->chain_order = st->enc ? IMB_ORDER_HASH_CIPHER : IMB_ORDER_CIPHER_HASH;
		job->dec_keys = st->enc_keys;
		job->u.CCM.aad = io->in;
		job->u.CCM.aad_len_in_bytes = io->aad;
		break;
	case K_AUTHENC:
		job->u.HMAC._hashed_auth_key_xor_ipad = st->ipad;
		job->u.HMAC._hashed_auth_key_xor_opad = st->opad;
		job->msg_len_to_hash_in_bytes = io->aad + io->len;
		if (st->enc) {
			/* encrypt in place in out: the hash then sees the ciphertext */
			if (io->check)
				memcpy(io->out, io->in, io->aad + io->len);
			job->src = io->out;
		}
		break;
	}
}

/* After the job: check a decryption's tag, or hand over a truncated one. */
static int finish(struct imb_st *st, unsigned slot)
{
	const uint8_t *got = st->tags[slot];
	unsigned char *user = st->user_tag[slot];

	if (st->kind == K_AUTHENC && st->enc)
		memcpy(user, got, st->a->mac_len);
	else if ((st->kind == K_AUTHENC || st->kind == K_GCM || st->kind == K_CCM) && !st->enc &&
		 memcmp(got, user, st->a->mac_len))
		return snprintf(st->msg, sizeof(st->msg), "tag does not verify"), -1;
	return 0;
}

static int direct(struct imb_st *st, const struct bc_io *io)
{
	if (st->kind == K_SHA) {
		switch (st->a->dalg) {
		case WD_DIGEST_SHA1: IMB_SHA1(st->mgr, io->in, io->len, io->tag); break;
		case WD_DIGEST_SHA224: IMB_SHA224(st->mgr, io->in, io->len, io->tag); break;
		case WD_DIGEST_SHA256: IMB_SHA256(st->mgr, io->in, io->len, io->tag); break;
		case WD_DIGEST_SHA384: IMB_SHA384(st->mgr, io->in, io->len, io->tag); break;
		default: IMB_SHA512(st->mgr, io->in, io->len, io->tag); break;
		}
		return 0;
	}
	/* K_GCM */
	uint8_t *tag = job_tag(st, 0, io), *out = io->out + io->aad;
	const uint8_t *in = io->in + io->aad;

#define RUN_GCM(bits, dir) IMB_AES##bits##_GCM_##dir(st->mgr, &st->gkd, &st->gctx, out, in, io->len, \
						 io->iv, io->in, io->aad, tag, st->tag_len)
	if (st->key_bytes == 16)
		st->enc ? RUN_GCM(128, ENC) : RUN_GCM(128, DEC);
	else if (st->key_bytes == 24)
		st->enc ? RUN_GCM(192, ENC) : RUN_GCM(192, DEC);
	else
		st->enc ? RUN_GCM(256, ENC) : RUN_GCM(256, DEC);
#undef RUN_GCM
	return finish(st, 0);
}

static int imb_one(void *p, const struct bc_io *io)
{
	struct imb_st *st = p;
	IMB_JOB *job;

	if ((st->kind == K_SHA && !st->sse) || st->kind == K_GCM)
		return direct(st, io);
	job = IMB_GET_NEXT_JOB(st->mgr);
	fill_job(st, job, io, job_tag(st, 0, io));
	job = IMB_SUBMIT_JOB(st->mgr);
	if (!job)
		job = IMB_FLUSH_JOB(st->mgr);
	if (!job || job->status != IMB_STATUS_COMPLETED) {
		job_err(st, job);
		return -1;
	}
	return finish(st, 0);
}

/* A job came back: queue its slot as finished (failed, or checked). */
static void returned(struct imb_st *st, IMB_JOB *job)
{
	unsigned slot = (unsigned)(uintptr_t)job->user_data;

	if (job->status != IMB_STATUS_COMPLETED) {
		job_err(st, job);
		slot |= BC_SLOT_FAILED;
	} else if (finish(st, slot)) {
		slot |= BC_SLOT_FAILED;
	}
	st->fifo[(st->fhead + st->fcount++) % st->nslots] = slot;
	st->queued--;
}

static int imb_submit(void *p, unsigned slot, const struct bc_io *io)
{
	struct imb_st *st = p;
	IMB_JOB *job;

	if (st->queued >= MAX_QUEUED)
		return 1;
	job = IMB_GET_NEXT_JOB(st->mgr);
	fill_job(st, job, io, job_tag(st, slot, io));
	job->user_data = (void *)(uintptr_t)slot;
	st->queued++;
	for (job = IMB_SUBMIT_JOB(st->mgr); job; job = IMB_GET_COMPLETED_JOB(st->mgr))
		returned(st, job);
	return 0;
}

static int imb_reap(void *p, unsigned *done, unsigned max)
{
	struct imb_st *st = p;
	unsigned n = 0;

	/* nothing back yet: the oldest job is completed now, lanes part-full */
	if (!st->fcount && st->queued) {
		IMB_JOB *job = IMB_FLUSH_JOB(st->mgr);

		if (!job) {
			job_err(st, NULL);
			return -1;
		}
		for (; job; job = IMB_GET_COMPLETED_JOB(st->mgr))
			returned(st, job);
	}
	while (st->fcount && n < max) {
		done[n++] = st->fifo[st->fhead];
		st->fhead = (st->fhead + 1) % st->nslots;
		st->fcount--;
	}
	return (int)n;
}

static const char *imb_error(void *p)
{
	return ((struct imb_st *)p)->msg;
}

static void *imb_open_one(const struct bc_cfg *c, char *why, size_t len)
{
	return imb_open(c, why, len, true);
}

static void *imb_open_n(const struct bc_cfg *c, char *why, size_t len)
{
	return imb_open(c, why, len, false);
}

const struct bc_impl_ops bc_imb_ops = {
	.open = imb_open_one, .one = imb_one, .error = imb_error, .close = imb_close,
};

const struct bc_impl_ops bc_imb_n_ops = {
	.open = imb_open_n, .submit = imb_submit, .reap = imb_reap, .error = imb_error,
	.close = imb_close,
};
