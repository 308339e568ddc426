// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - VACC_OP_DIGEST: hashes, HMAC, CMAC, XCBC-MAC-96 (shash) and GMAC
 * (the GCM core of vacc_crypto_gcm.c), src hashed in bounce-buffer chunks.
 *
 * A long message comes as PART requests and a LAST. Between them the
 * chaining state travels through user memory as the ABI's state words
 * (big-endian; MD5 little-endian). The kernel's shash export/import
 * format is the hash's state struct (struct sha256_state etc.); it is
 * converted here field by field. The transform's statesize was checked
 * against the struct at SETUP (vacc_crypto.c), so nothing is guessed.
 * HMAC exports and imports its inner hash's state, whose count includes
 * the key block the ABI leaves out.
 */
#include <crypto/md5.h>
#include <crypto/sha1.h>
#include <crypto/sha2.h>
#include <crypto/sm3.h>
#include <asm/unaligned.h>

#include "vacc_crypto.h"

union vacc_hstate {
	struct md5_state md5;
	struct sha1_state sha1;
	struct sha256_state sha256;
	struct sha512_state sha512;
	struct sm3_state sm3;
};

/* The size of the kernel's export struct of @hfam (0: none). */
unsigned int vacc_hstate_size(u8 hfam)
{
	switch (hfam) {
	case VACC_HF_MD5:
		return sizeof(struct md5_state);
	case VACC_HF_SHA1:
		return sizeof(struct sha1_state);
	case VACC_HF_SHA256:
		return sizeof(struct sha256_state);
	case VACC_HF_SHA512:
		return sizeof(struct sha512_state);
	case VACC_HF_SM3:
		return sizeof(struct sm3_state);
	}
	return 0;
}

/* ABI state words (@w, the state size) and message bytes -> export struct. */
static void vacc_hstate_in(union vacc_hstate *st, u8 hfam, const u8 *w, u64 count)
{
	unsigned int i;

	memset(st, 0, sizeof(*st));
	switch (hfam) {
	case VACC_HF_MD5:
		for (i = 0; i < ARRAY_SIZE(st->md5.hash); i++)
			st->md5.hash[i] = get_unaligned_le32(w + 4 * i);
		st->md5.byte_count = count;
		break;
	case VACC_HF_SHA1:
		for (i = 0; i < ARRAY_SIZE(st->sha1.state); i++)
			st->sha1.state[i] = get_unaligned_be32(w + 4 * i);
		st->sha1.count = count;
		break;
	case VACC_HF_SHA256:
		for (i = 0; i < ARRAY_SIZE(st->sha256.state); i++)
			st->sha256.state[i] = get_unaligned_be32(w + 4 * i);
		st->sha256.count = count;
		break;
	case VACC_HF_SHA512:
		for (i = 0; i < ARRAY_SIZE(st->sha512.state); i++)
			st->sha512.state[i] = get_unaligned_be64(w + 8 * i);
		st->sha512.count[0] = count;
		break;
	case VACC_HF_SM3:
		for (i = 0; i < ARRAY_SIZE(st->sm3.state); i++)
			st->sm3.state[i] = get_unaligned_be32(w + 4 * i);
		st->sm3.count = count;
		break;
	}
}

/* Export struct -> ABI state words. */
static void vacc_hstate_out(const union vacc_hstate *st, u8 hfam, u8 *w)
{
	unsigned int i;

	switch (hfam) {
	case VACC_HF_MD5:
		for (i = 0; i < ARRAY_SIZE(st->md5.hash); i++)
			put_unaligned_le32(st->md5.hash[i], w + 4 * i);
		break;
	case VACC_HF_SHA1:
		for (i = 0; i < ARRAY_SIZE(st->sha1.state); i++)
			put_unaligned_be32(st->sha1.state[i], w + 4 * i);
		break;
	case VACC_HF_SHA256:
		for (i = 0; i < ARRAY_SIZE(st->sha256.state); i++)
			put_unaligned_be32(st->sha256.state[i], w + 4 * i);
		break;
	case VACC_HF_SHA512:
		for (i = 0; i < ARRAY_SIZE(st->sha512.state); i++)
			put_unaligned_be64(st->sha512.state[i], w + 8 * i);
		break;
	case VACC_HF_SM3:
		for (i = 0; i < ARRAY_SIZE(st->sm3.state); i++)
			put_unaligned_be32(st->sm3.state[i], w + 4 * i);
		break;
	}
}

/* Feed src through @upd in bounce-buffer chunks. */
static int vacc_dg_feed(struct vacc_job *j, struct vacc_sess *s, bool gmac)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 *buf = j->q->bin;
	u32 off, n;
	int err;

	for (off = 0; off < sqe->src_len; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, sqe->src_len - off, VACC_BOUNCE_SIZE);
		if (vacc_cr_read(j, buf, sqe->src + off, n, VACC_FAULT_SRC, off))
			return -EFAULT;
		err = gmac ? vacc_gcm_aad(s, buf, n) : crypto_shash_update(s->desc, buf, n);
		if (err) {
			j->res->status = vacc_cr_status(err);
			return err;
		}
		j->res->consumed = off + n;
		cond_resched();
	}
	return 0;
}

/* GMAC: GCM's tag over src as AAD, no payload, J0 = the 16-byte iv. */
static void vacc_gmac(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	u8 j0[VACC_GCM_BLK], tag[VACC_GCM_BLK];
	int err;

	if (vacc_cr_read(j, j0, sqe->iv, VACC_GCM_BLK, VACC_FAULT_IV, 0))
		return;
	err = vacc_gcm_start(s, j0);
	if (err)
		goto fail;
	if (vacc_dg_feed(j, s, true))
		goto out;
	err = vacc_gcm_aad_end(s);
	if (!err)
		err = vacc_gcm_tag(s, tag);
	if (err)
		goto fail;
	if (!vacc_cr_write(j, sqe->dst, tag, sqe->dst_len, VACC_FAULT_DST, 0))
		j->res->produced = sqe->dst_len;
	goto out;
fail:
	j->res->status = vacc_cr_status(err);
out:
	s->open = false;
	memzero_explicit(tag, sizeof(tag));
}

/* Start the message: fresh, or from the chaining state in dst (RESUME). */
static int vacc_dg_begin(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	const struct vacc_calg_info *a = s->alg;
	union vacc_hstate st;
	u8 w[64];
	u64 count;
	int err;

	if (!(sqe->flags & VACC_CSQE_RESUME))
		return crypto_shash_init(s->desc);
	if (vacc_cr_read(j, w, sqe->dst, a->ssize, VACC_FAULT_DST, 0))
		return -EFAULT;
	/* HMAC's inner hash has also hashed the key block */
	count = sqe->aux + (a->kind == VACC_CK_HMAC ? a->blk : 0);
	vacc_hstate_in(&st, a->hfam, w, count);
	/* the key of an HMAC lives in the tfm; import sets the inner state */
	err = crypto_shash_import(s->desc, &st);
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(w, sizeof(w));
	return err;
}

void vacc_digest_exec(struct vacc_job *j, struct vacc_sess *s)
{
	const struct vacc_sqe *sqe = j->sqe;
	const struct vacc_calg_info *a = s->alg;
	union vacc_hstate st;
	u8 out[64];
	int err;

	if (a->kind == VACC_CK_GMAC) {
		vacc_gmac(j, s);
		return;
	}
	err = vacc_dg_begin(j, s);
	if (err == -EFAULT)
		return;
	if (err)
		goto fail;
	if (vacc_dg_feed(j, s, false))
		return;
	if (sqe->stage == VACC_DG_PART) {
		/* whole blocks only: the export's buffer part is empty */
		err = crypto_shash_export(s->desc, &st);
		if (err)
			goto fail;
		vacc_hstate_out(&st, a->hfam, out);
		memzero_explicit(&st, sizeof(st));
	} else {
		err = crypto_shash_final(s->desc, out);
		if (err)
			goto fail;
	}
	if (!vacc_cr_write(j, sqe->dst, out, sqe->dst_len, VACC_FAULT_DST, 0))
		j->res->produced = sqe->dst_len;
	memzero_explicit(out, sizeof(out));
	return;
fail:
	j->res->status = vacc_cr_status(err);
	/* a state or MAC half made is as secret as a whole one */
	memzero_explicit(&st, sizeof(st));
	memzero_explicit(out, sizeof(out));
}
