// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - VACC_OP_CIPHER: a session's skcipher over src into dst.
 *
 * ECB, CBC, CTR, OFB and CFB chain from one piece to the next through the
 * IV the kernel writes back, so they run in bounce-buffer chunks (a
 * multiple of the block size each, but the last). XTS and CBC-CS3 treat
 * the request as one unit (the tweak sequence, the stolen last blocks), so
 * they run on a kvmalloc'ed copy of the whole request.
 *
 * The IV written back is the ABI's (vacc_abi.h), computed here rather than
 * taken from the kernel, whose rules differ for a trailing partial block:
 *   CBC, CBC-CS3, CFB  the last iv_len bytes of IV || ciphertext
 *   CTR                the IV plus the number of whole blocks
 *   OFB                the kernel's: the last keystream block
 *   ECB, XTS           unchanged
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "vacc_crypto.h"

/* Slide @n ciphertext bytes into the @rl-byte register (the last rl bytes seen). */
static void vacc_shift_in(u8 *reg, unsigned int rl, const u8 *p, u32 n)
{
	if (n >= rl) {
		memcpy(reg, p + n - rl, rl);
	} else {
		memmove(reg, reg + n, rl - n);
		memcpy(reg + rl - n, p, n);
	}
}

/* Add @n to the 128-bit big-endian counter block @ctr. */
static void vacc_ctr_add(u8 *ctr, u64 n)
{
	int i;

	for (i = 15; i >= 0 && n; i--) {
		n += ctr[i];
		ctr[i] = n & 0xff;
		n >>= 8;
	}
}

static bool vacc_mode_whole(u8 mode)
{
	return mode == VACC_CM_XTS || mode == VACC_CM_CS3;
}

/* Chained modes, piece by piece through the input bounce buffer. */
static int vacc_cipher_chunks(struct vacc_job *j, struct vacc_sess *s, u8 *iv, u8 *reg,
			      bool dec)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 *buf = j->q->bin;
	unsigned int rl = s->alg->ivlen;
	struct scatterlist *sg;
	u32 off, n;
	int err;

	for (off = 0; off < sqe->src_len; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, sqe->src_len - off, VACC_BOUNCE_SIZE);
		if (vacc_cr_read(j, buf, sqe->src + off, n, VACC_FAULT_SRC, off))
			return -EFAULT;
		if (dec && rl)
			vacc_shift_in(reg, rl, buf, n);
		sg = vacc_sg_bounce(j, buf, n);
		if (!sg)
			return -EINVAL;
		err = vacc_sk_run(s->skreq, sg, n, iv, dec);
		if (err) {
			j->res->status = vacc_cr_status(err);
			return err;
		}
		if (!dec && rl)
			vacc_shift_in(reg, rl, buf, n);
		if (vacc_cr_write(j, sqe->dst + off, buf, n, VACC_FAULT_DST, off))
			return -EFAULT;
		j->res->consumed = j->res->produced = off + n;
		cond_resched();
	}
	return 0;
}

/* XTS, CBC-CS3: the whole request at once. */
static int vacc_cipher_whole(struct vacc_job *j, struct vacc_sess *s, u8 *iv, u8 *reg,
			     bool dec)
{
	const struct vacc_sqe *sqe = j->sqe;
	u32 len = sqe->src_len;
	struct scatterlist *sg = NULL;
	u8 *buf;
	int err;

	buf = kvmalloc(len, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf) {
		j->res->status = VACC_ST_NOMEM;
		return -ENOMEM;
	}
	err = vacc_cr_read_all(j, buf, sqe->src, len, VACC_FAULT_SRC);
	if (err)
		goto out;
	if (dec)
		vacc_shift_in(reg, s->alg->ivlen, buf, len);
	sg = vacc_sg_alloc(buf, len);
	if (!sg) {
		j->res->status = VACC_ST_NOMEM;
		err = -ENOMEM;
		goto out;
	}
	err = vacc_sk_run(s->skreq, sg, len, iv, dec);
	if (err) {
		j->res->status = vacc_cr_status(err);
		goto out;
	}
	if (!dec)
		vacc_shift_in(reg, s->alg->ivlen, buf, len);
	err = vacc_cr_write_all(j, sqe->dst, buf, len, VACC_FAULT_DST);
	if (!err)
		j->res->consumed = j->res->produced = len;
out:
	kvfree(sg);
	kvfree_sensitive(buf, len);
	return err;
}

void vacc_cipher_exec(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	bool dec = sqe->flags & VACC_CSQE_DECRYPT;
	u8 mode = s->alg->mode, rl = s->alg->ivlen;
	u8 iv[16] = {}, orig[16], reg[16];
	int err;

	if (vacc_cr_read(j, iv, sqe->iv, rl, VACC_FAULT_IV, 0))
		return;
	memcpy(orig, iv, sizeof(iv));
	memcpy(reg, iv, sizeof(iv));

	if (vacc_mode_whole(mode))
		err = vacc_cipher_whole(j, s, iv, reg, dec);
	else
		err = vacc_cipher_chunks(j, s, iv, reg, dec);
	if (err)
		goto out;

	switch (mode) {
	case VACC_CM_CBC:
	case VACC_CM_CFB:
	case VACC_CM_CS3:
		memcpy(iv, reg, rl);
		break;
	case VACC_CM_CTR:
		memcpy(iv, orig, rl);
		vacc_ctr_add(iv, sqe->src_len / 16);
		break;
	case VACC_CM_OFB:
		break;		/* the kernel's: the last keystream block */
	default:
		goto out;	/* ECB, XTS: the IV stays */
	}
	vacc_cr_write(j, sqe->iv, iv, rl, VACC_FAULT_IV, 0);
out:
	memzero_explicit(iv, sizeof(iv));
	memzero_explicit(reg, sizeof(reg));
}
