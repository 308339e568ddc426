// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - VACC_OP_AEAD. src = AAD (aux bytes) || payload, dst = the
 * payload's result, the tag at mac.
 *
 * GCM runs on the GCM core (vacc_crypto_gcm.c) in bounce-buffer chunks:
 * the AAD first, then the payload from its own start, so every payload
 * piece but the last is a multiple of 16 bytes. A decrypt reads the tag
 * first and writes the plaintext before the tag is known; when the
 * request then fails, what it wrote to dst is overwritten with zeros.
 *
 * CCM and authenc run on the kernel's aead, which takes a whole message:
 * a kvmalloc'ed copy of AAD || payload || tag, in place; on a tag failure
 * nothing is written to dst.
 */
#include <crypto/algapi.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "vacc_crypto.h"

/* GCM: the AAD of a BLOCK or FIRST request, from a fresh J0. */
static int vacc_gcm_begin(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 *buf = j->q->bin, j0[VACC_GCM_BLK];
	u32 off, n;
	int err;

	if (vacc_cr_read(j, j0, sqe->iv, VACC_GCM_IV, VACC_FAULT_IV, 0))
		return -EFAULT;
	put_unaligned_be32(1, j0 + VACC_GCM_IV);
	err = vacc_gcm_start(s, j0);
	for (off = 0; !err && off < sqe->aux; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, sqe->aux - off, VACC_BOUNCE_SIZE);
		if (vacc_cr_read(j, buf, sqe->src + off, n, VACC_FAULT_SRC, off))
			return -EFAULT;
		err = vacc_gcm_aad(s, buf, n);
		j->res->consumed = off + n;
		cond_resched();
	}
	if (!err)
		err = vacc_gcm_aad_end(s);
	if (err)
		j->res->status = vacc_cr_status(err);
	return err;
}

/* GCM: the payload of a BLOCK, MIDDLE or END request. */
static int vacc_gcm_payload(struct vacc_job *j, struct vacc_sess *s, bool dec)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 *buf = j->q->bin;
	u32 off, n;
	int err;

	for (off = 0; off < sqe->dst_len; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, sqe->dst_len - off, VACC_BOUNCE_SIZE);
		if (vacc_cr_read(j, buf, sqe->src + sqe->aux + off, n, VACC_FAULT_SRC,
				 sqe->aux + off))
			return -EFAULT;
		err = vacc_gcm_crypt(j, s, buf, n, dec);
		if (err) {
			j->res->status = vacc_cr_status(err);
			return err;
		}
		if (vacc_cr_write(j, sqe->dst + off, buf, n, VACC_FAULT_DST, off))
			return -EFAULT;
		j->res->consumed = sqe->aux + off + n;
		j->res->produced = off + n;
		cond_resched();
	}
	return 0;
}

/*
 * A decrypt that failed after writing plaintext: the bytes it wrote become
 * zeros (best effort: a fault there does not replace the failure's status).
 */
static void vacc_gcm_unwrite(struct vacc_job *j)
{
	struct vacc_res keep = *j->res;
	u32 written = keep.produced;

	/* a chunk that faulted on dst was written up to the fault */
	if (keep.status == VACC_ST_FAULT && (keep.fault_off & VACC_FAULT_DST))
		written = max_t(u32, written, keep.fault_off & ~VACC_FAULT_DST);
	vacc_cr_zero_dst(j, written);
	*j->res = keep;
	j->res->produced = 0;
}

/* GCM: the tag of a BLOCK or END request: written, or checked against want. */
static void vacc_gcm_finish(struct vacc_job *j, struct vacc_sess *s, bool dec,
			    const u8 *want)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 tag[VACC_GCM_BLK];
	int err;

	err = vacc_gcm_tag(s, tag);
	if (err)
		j->res->status = vacc_cr_status(err);
	else if (!dec)
		vacc_cr_write(j, sqe->mac, tag, sqe->tag_len, VACC_FAULT_MAC, 0);
	else if (crypto_memneq(tag, want, sqe->tag_len))
		j->res->status = VACC_ST_AUTH_FAIL;
	if (dec && j->res->status != VACC_ST_OK)
		vacc_gcm_unwrite(j);	/* no unverified plaintext is left behind */
	memzero_explicit(tag, sizeof(tag));
}

void vacc_gcm_exec(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	bool dec = sqe->flags & VACC_CSQE_DECRYPT;
	bool last = sqe->stage == VACC_AE_BLOCK || sqe->stage == VACC_AE_END;
	u8 want[VACC_GCM_BLK];

	if (sqe->stage == VACC_AE_BLOCK || sqe->stage == VACC_AE_FIRST) {
		if (vacc_gcm_begin(j, s))
			goto broken;
		if (sqe->stage == VACC_AE_FIRST)
			return;		/* the stream stays open in the slot */
	} else if (!s->open) {
		j->res->status = VACC_ST_BAD_STREAM;
		return;
	}
	/* the counter must never wrap onto J0 (its keystream masks the tag) */
	if (s->clen + sqe->dst_len > VACC_GCM_MAX_PAYLOAD) {
		j->res->status = VACC_ST_BAD_LEN;
		goto broken;
	}
	/* a decrypt's tag first: no plaintext for a request whose tag cannot be read */
	if (dec && last &&
	    vacc_cr_read(j, want, sqe->mac, sqe->tag_len, VACC_FAULT_MAC, 0))
		goto broken;
	if (vacc_gcm_payload(j, s, dec)) {
		if (dec && last)
			vacc_gcm_unwrite(j);
		goto broken;
	}
	if (sqe->stage == VACC_AE_MIDDLE)
		return;
	vacc_gcm_finish(j, s, dec, want);
	return;
broken:
	/* part of the message is lost: a MIDDLE or END now is BAD_STREAM */
	s->open = false;
}

/* CCM's iv: byte 0 = L - 1 (low 3 bits; L >= 2), the nonce, the counter. */
static u32 vacc_ccm_iv(u8 *iv, u32 plen)
{
	unsigned int l;

	iv[0] &= 7;
	l = iv[0] + 1;
	if (l < 2)
		return VACC_ST_BAD_DESC;
	if (l < 4 && plen >> (8 * l))
		return VACC_ST_BAD_LEN;
	return VACC_ST_OK;
}

/* CCM, authenc: the kernel's aead on a copy of the whole message. */
static void vacc_kaead_exec(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	bool dec = sqe->flags & VACC_CSQE_DECRYPT;
	u32 plen = sqe->dst_len, tl = sqe->tag_len, total = sqe->src_len + tl;
	struct aead_request *req = s->aereq;
	struct scatterlist *sg = NULL;
	u8 iv[16], *buf = NULL;
	int err;

	if (vacc_cr_read(j, iv, sqe->iv, sizeof(iv), VACC_FAULT_IV, 0))
		return;
	if (s->alg->mode) {
		j->res->status = vacc_ccm_iv(iv, plen);
		if (j->res->status != VACC_ST_OK)
			return;
	}
	err = crypto_aead_setauthsize(s->ae, tl);
	if (err) {
		j->res->status = VACC_ST_BAD_DESC;
		return;
	}
	buf = kvmalloc(total, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf) {
		j->res->status = VACC_ST_NOMEM;
		return;
	}
	if (vacc_cr_read_all(j, buf, sqe->src, sqe->src_len, VACC_FAULT_SRC))
		goto out;
	if (dec && vacc_cr_read(j, buf + sqe->src_len, sqe->mac, tl, VACC_FAULT_MAC, 0))
		goto out;
	sg = vacc_sg_alloc(buf, total);
	if (!sg) {
		j->res->status = VACC_ST_NOMEM;
		goto out;
	}
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP, NULL, NULL);
	aead_request_set_crypt(req, sg, sg, dec ? plen + tl : plen, iv);
	aead_request_set_ad(req, sqe->aux);
	err = dec ? crypto_aead_decrypt(req) : crypto_aead_encrypt(req);
	if (err) {
		j->res->status = vacc_cr_status(err);
		goto out;
	}
	j->res->consumed = sqe->src_len;
	if (vacc_cr_write_all(j, sqe->dst, buf + sqe->aux, plen, VACC_FAULT_DST))
		goto out;
	j->res->produced = plen;
	if (!dec)
		vacc_cr_write(j, sqe->mac, buf + sqe->src_len, tl, VACC_FAULT_MAC, 0);
out:
	kvfree(sg);
	kvfree_sensitive(buf, total);
	memzero_explicit(iv, sizeof(iv));
}

void vacc_aead_exec(struct vacc_job *j, struct vacc_sess *s)
{
	if (s->alg->kind == VACC_CK_GCM)
		vacc_gcm_exec(j, s);
	else
		vacc_kaead_exec(j, s);
}
