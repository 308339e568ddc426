// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the crypto class: CRYPTO_SETUP, CIPHER, DIGEST and AEAD
 * (vacc_abi.h, "the crypto class"). This file: the descriptor checks,
 * the per-queue session slots (SETUP keys a slot once, requests name it)
 * and dispatch to vacc_crypto_{cipher,digest,aead}.c. The algorithm
 * table and the probe of the running kernel: vacc_crypto_algs.c.
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <crypto/authenc.h>

#include "vacc_crypto.h"

/* ---- session slots ---------------------------------------------------- */

void vacc_sess_free(struct vacc_sess *s)
{
	if (!s)
		return;
	/* the transforms wipe their keys when freed (kfree_sensitive) */
	skcipher_request_free(s->skreq);
	crypto_free_skcipher(s->sk);
	aead_request_free(s->aereq);
	crypto_free_aead(s->ae);
	if (s->desc)
		kfree_sensitive(s->desc);
	crypto_free_shash(s->sh);
	kfree_sensitive(s);	/* j0, counter, work block */
}

static void vacc_crypto_queue_fini(void *state)
{
	struct vacc_crypto_state *cs = state;
	unsigned int i;

	for (i = 0; i < VACC_MAX_SESSIONS; i++)
		vacc_sess_free(cs->sess[i]);
	kfree(cs);
}

static struct shash_desc *vacc_desc_alloc(struct crypto_shash *sh)
{
	struct shash_desc *d;

	d = kzalloc(sizeof(*d) + crypto_shash_descsize(sh), GFP_KERNEL);
	if (d)
		d->tfm = sh;
	return d;
}

/* The transforms of @a, unkeyed. 0 or a -errno. */
int vacc_sess_tfms(struct vacc_sess *s, const struct vacc_calg_info *a)
{
	int err;

	switch (a->kind) {
	case VACC_CK_SKCIPHER:
	case VACC_CK_GMAC:
	case VACC_CK_GCM:
		s->sk = crypto_alloc_skcipher(a->kname, 0, CRYPTO_ALG_ASYNC);
		if (IS_ERR(s->sk)) {
			err = PTR_ERR(s->sk);
			s->sk = NULL;
			return err;
		}
		s->skreq = skcipher_request_alloc(s->sk, GFP_KERNEL);
		if (!s->skreq)
			return -ENOMEM;
		if (a->kind == VACC_CK_SKCIPHER)
			return 0;
		fallthrough;
	case VACC_CK_HASH:
	case VACC_CK_HMAC:
	case VACC_CK_MAC:
		s->sh = crypto_alloc_shash(a->kind == VACC_CK_GMAC || a->kind == VACC_CK_GCM ?
					   "ghash" : a->kname, 0, 0);
		if (IS_ERR(s->sh)) {
			err = PTR_ERR(s->sh);
			s->sh = NULL;
			return err;
		}
		/* the chaining state must be the struct we convert, never a guess */
		if ((a->kind == VACC_CK_HASH || a->kind == VACC_CK_HMAC) &&
		    (crypto_shash_statesize(s->sh) != vacc_hstate_size(a->hfam) ||
		     crypto_shash_digestsize(s->sh) != a->macsize ||
		     crypto_shash_blocksize(s->sh) != a->blk))
			return -ENOENT;
		s->desc = vacc_desc_alloc(s->sh);
		return s->desc ? 0 : -ENOMEM;
	case VACC_CK_KAEAD:
		s->ae = crypto_alloc_aead(a->kname, 0, CRYPTO_ALG_ASYNC);
		if (IS_ERR(s->ae)) {
			err = PTR_ERR(s->ae);
			s->ae = NULL;
			return err;
		}
		if (crypto_aead_ivsize(s->ae) != a->ivlen ||
		    crypto_aead_maxauthsize(s->ae) < a->macsize)
			return -ENOENT;
		s->aereq = aead_request_alloc(s->ae, GFP_KERNEL);
		return s->aereq ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

/* authenc's key: an rtattr with the cipher key's length, the MAC key, the cipher key. */
static int vacc_authenc_setkey(struct vacc_sess *s, const u8 *ckey, u32 clen,
			       const u8 *akey, u32 alen)
{
	struct crypto_authenc_key_param *param;
	unsigned int len = RTA_SPACE(sizeof(*param)) + alen + clen;
	struct rtattr *rta;
	u8 *blob;
	int err;

	blob = kzalloc(len, GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	rta = (struct rtattr *)blob;
	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(clen);
	memcpy(blob + RTA_SPACE(sizeof(*param)), akey, alen);
	memcpy(blob + RTA_SPACE(sizeof(*param)) + alen, ckey, clen);
	err = crypto_aead_setkey(s->ae, blob, len);
	kfree_sensitive(blob);
	return err;
}

static int vacc_sess_setkey(struct vacc_sess *s, const u8 *key, u32 klen,
			    const u8 *akey, u32 aklen)
{
	switch (s->alg->kind) {
	case VACC_CK_SKCIPHER:
		return crypto_skcipher_setkey(s->sk, key, klen);
	case VACC_CK_HASH:
		return 0;
	case VACC_CK_HMAC:
	case VACC_CK_MAC:
		return crypto_shash_setkey(s->sh, key, klen);
	case VACC_CK_GMAC:
	case VACC_CK_GCM:
		return vacc_gcm_setkey(s, key, klen);
	case VACC_CK_KAEAD:
		if (s->alg->mode)	/* CCM */
			return crypto_aead_setkey(s->ae, key, klen);
		return vacc_authenc_setkey(s, key, klen, akey, aklen);
	}
	return -EINVAL;
}

/* SETUP's failures as statuses: a refused key, or the kernel lacks a part. */
static u32 vacc_setup_status(int err)
{
	if (err == -EINVAL)
		return VACC_ST_BAD_KEY;
	if (err == -ENOMEM)
		return VACC_ST_NOMEM;
	return VACC_ST_NO_ALG;
}

static void vacc_crypto_setup(struct vacc_job *j, struct vacc_crypto_state *cs)
{
	const struct vacc_sqe *sqe = j->sqe;
	const struct vacc_calg_info *a = vacc_calg_find(sqe->alg);
	struct vacc_sess *s;
	u8 *key;
	int err;

	/* whatever happens, the slot's previous session ends here */
	vacc_sess_free(cs->sess[sqe->sess]);
	cs->sess[sqe->sess] = NULL;
	if (sqe->alg == VACC_CALG_NONE)
		return;
	if (!a || !vacc_calg_available(a->id)) {
		j->res->status = VACC_ST_NO_ALG;
		return;
	}
	/* plain hashes take no key, HMAC keys may be empty, others may not */
	if (sqe->src_len > VACC_MAX_KEY || sqe->dst_len > VACC_MAX_KEY ||
	    (a->kind == VACC_CK_HASH ? sqe->src_len != 0 :
	     !sqe->src_len && a->kind != VACC_CK_HMAC)) {
		j->res->status = VACC_ST_BAD_KEY;
		return;
	}
	key = kmalloc(2 * VACC_MAX_KEY, GFP_KERNEL);
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!key || !s) {
		j->res->status = VACC_ST_NOMEM;
		goto out;
	}
	if (vacc_cr_read(j, key, sqe->src, sqe->src_len, VACC_FAULT_SRC, 0) ||
	    vacc_cr_read(j, key + VACC_MAX_KEY, sqe->dst, sqe->dst_len, VACC_FAULT_DST, 0))
		goto out;
	s->alg = a;
	err = vacc_sess_tfms(s, a);
	if (!err)
		err = vacc_sess_setkey(s, key, sqe->src_len, key + VACC_MAX_KEY, sqe->dst_len);
	if (err) {
		j->res->status = vacc_setup_status(err);
		goto out;
	}
	cs->sess[sqe->sess] = s;
	s = NULL;
	j->res->consumed = sqe->src_len;
out:
	vacc_sess_free(s);
	kfree_sensitive(key);
}

/* ---- checks and dispatch ------------------------------------------------ */

static u32 vacc_setup_validate(const struct vacc_sqe *sqe, const struct vacc_calg_info *a)
{
	if (sqe->iv_len || sqe->tag_len || sqe->flags || sqe->stage || sqe->iv ||
	    sqe->aux || sqe->mac)
		return VACC_ST_BAD_DESC;
	if (sqe->alg == VACC_CALG_NONE)
		return sqe->src || sqe->src_len || sqe->dst || sqe->dst_len ?
		       VACC_ST_BAD_DESC : VACC_ST_OK;
	if (!a)
		return VACC_ST_NO_ALG;
	/* dst carries the second key of authenc only */
	if ((sqe->dst || sqe->dst_len) &&
	    (a->kind != VACC_CK_KAEAD || a->mode))
		return VACC_ST_BAD_DESC;
	return VACC_ST_OK;
}

static u32 vacc_cipher_validate(const struct vacc_sqe *sqe, const struct vacc_calg_info *a)
{
	if (sqe->tag_len || sqe->stage || sqe->aux || sqe->mac ||
	    (sqe->flags & ~VACC_CSQE_DECRYPT))
		return VACC_ST_BAD_DESC;
	if (sqe->iv_len != a->ivlen || (!sqe->iv_len && sqe->iv))
		return VACC_ST_BAD_DESC;
	if (sqe->dst_len != sqe->src_len)
		return VACC_ST_BAD_LEN;
	switch (a->mode) {
	case VACC_CM_ECB:
	case VACC_CM_CBC:
		return sqe->src_len % a->blk ? VACC_ST_BAD_LEN : VACC_ST_OK;
	case VACC_CM_XTS:
	case VACC_CM_CS3:
		return sqe->src_len < a->blk ? VACC_ST_BAD_LEN : VACC_ST_OK;
	}
	return VACC_ST_OK;
}

/* the largest message count (bytes) whose bit length fits the hashes' counters */
#define VACC_DG_MAX_DONE	(1ull << 60)

static u32 vacc_digest_validate(const struct vacc_sqe *sqe, const struct vacc_calg_info *a)
{
	bool chain = a->kind == VACC_CK_HASH || a->kind == VACC_CK_HMAC;

	if (sqe->tag_len || sqe->mac || (sqe->flags & ~VACC_CSQE_RESUME) ||
	    sqe->stage > VACC_DG_LAST)
		return VACC_ST_BAD_DESC;
	if (sqe->iv_len != a->ivlen || (!sqe->iv_len && sqe->iv))
		return VACC_ST_BAD_DESC;
	if (sqe->stage != VACC_DG_ONESHOT && !chain)
		return VACC_ST_BAD_DESC;	/* CMAC, XCBC, GMAC: one shot */
	if ((sqe->flags & VACC_CSQE_RESUME) && sqe->stage == VACC_DG_ONESHOT)
		return VACC_ST_BAD_DESC;
	if (!(sqe->flags & VACC_CSQE_RESUME) && sqe->aux)
		return VACC_ST_BAD_DESC;
	if (sqe->aux % a->blk || sqe->aux > VACC_DG_MAX_DONE)
		return VACC_ST_BAD_LEN;
	if (sqe->stage == VACC_DG_PART)
		return !sqe->src_len || sqe->src_len % a->blk || sqe->dst_len != a->ssize ?
		       VACC_ST_BAD_LEN : VACC_ST_OK;
	return !sqe->dst_len || sqe->dst_len > a->macsize ? VACC_ST_BAD_LEN : VACC_ST_OK;
}

/* tag_len: GCM 1..16, CCM 4..16 even, authenc 1..the HMAC's size */
static bool vacc_tag_ok(const struct vacc_calg_info *a, u8 t)
{
	if (!t || t > a->macsize)
		return false;
	if (a->kind == VACC_CK_KAEAD && a->mode)
		return t >= 4 && !(t & 1);
	return true;
}

static u32 vacc_aead_validate(const struct vacc_sqe *sqe, const struct vacc_calg_info *a)
{
	bool start = sqe->stage == VACC_AE_BLOCK || sqe->stage == VACC_AE_FIRST;
	bool tag = sqe->stage == VACC_AE_BLOCK || sqe->stage == VACC_AE_END;

	if ((sqe->flags & ~VACC_CSQE_DECRYPT) || sqe->stage > VACC_AE_END)
		return VACC_ST_BAD_DESC;
	if (sqe->stage != VACC_AE_BLOCK && a->kind != VACC_CK_GCM)
		return VACC_ST_BAD_DESC;	/* only GCM streams */
	/* a stream's IV is read where it starts; later parts may repeat it */
	if (start ? sqe->iv_len != a->ivlen : sqe->iv_len && sqe->iv_len != a->ivlen)
		return VACC_ST_BAD_DESC;
	if (!sqe->iv_len && sqe->iv)
		return VACC_ST_BAD_DESC;
	if (tag ? !vacc_tag_ok(a, sqe->tag_len) : sqe->tag_len || sqe->mac)
		return VACC_ST_BAD_DESC;
	if (sqe->aux > sqe->src_len || (!start && sqe->aux) ||
	    sqe->dst_len != sqe->src_len - sqe->aux)
		return VACC_ST_BAD_LEN;
	if ((sqe->stage == VACC_AE_FIRST && sqe->dst_len) ||
	    (sqe->stage == VACC_AE_MIDDLE && sqe->src_len % VACC_GCM_BLK))
		return VACC_ST_BAD_LEN;
	/* authenc: CBC, whole blocks */
	if (a->kind == VACC_CK_KAEAD && !a->mode && sqe->dst_len % a->blk)
		return VACC_ST_BAD_LEN;
	return VACC_ST_OK;
}

static u32 vacc_crypto_validate(const struct vacc_sqe *sqe)
{
	const struct vacc_calg_info *a;

	if (sqe->sess >= VACC_MAX_SESSIONS)
		return VACC_ST_BAD_SESS;
	a = vacc_calg_find(sqe->alg);
	if (sqe->opcode == VACC_OP_CRYPTO_SETUP)
		return vacc_setup_validate(sqe, a);
	/* an id that names no algorithm is a bad field; one of another
	 * class cannot be what the slot was keyed for */
	if (!a)
		return VACC_ST_BAD_DESC;
	if (a->op != sqe->opcode)
		return VACC_ST_BAD_SESS;
	switch (sqe->opcode) {
	case VACC_OP_CIPHER:
		return vacc_cipher_validate(sqe, a);
	case VACC_OP_DIGEST:
		return vacc_digest_validate(sqe, a);
	default:
		return vacc_aead_validate(sqe, a);
	}
}

static void vacc_crypto_exec(struct vacc_job *j)
{
	const struct vacc_sqe *sqe = j->sqe;
	struct vacc_crypto_state *cs = *j->state;
	struct vacc_sess *s;

	if (!cs) {
		/* nothing keyed yet: only a SETUP needs the state */
		if (sqe->opcode != VACC_OP_CRYPTO_SETUP) {
			j->res->status = VACC_ST_BAD_SESS;
			return;
		}
		cs = kzalloc(sizeof(*cs), GFP_KERNEL);
		if (!cs) {
			j->res->status = VACC_ST_NOMEM;
			return;
		}
		*j->state = cs;
	}
	if (sqe->opcode == VACC_OP_CRYPTO_SETUP) {
		vacc_crypto_setup(j, cs);
		return;
	}
	s = cs->sess[sqe->sess];
	if (!s || s->alg->id != sqe->alg) {
		j->res->status = VACC_ST_BAD_SESS;
		return;
	}
	switch (sqe->opcode) {
	case VACC_OP_CIPHER:
		vacc_cipher_exec(j, s);
		break;
	case VACC_OP_DIGEST:
		vacc_digest_exec(j, s);
		break;
	default:
		vacc_aead_exec(j, s);
		break;
	}
}

static void vacc_crypto_ctrl_init(struct vacc_ctrl *c)
{
	c->max_sessions = VACC_MAX_SESSIONS;
}

const struct vacc_class vacc_crypto_class = {
	.op_first = VACC_OP_CRYPTO_SETUP,
	.op_last = VACC_OP_AEAD,
	.flags = VACC_CSQE_DECRYPT | VACC_CSQE_RESUME,
	.owns_rsvd = true,		/* sess, iv, aux, mac */
	.validate = vacc_crypto_validate,
	.exec = vacc_crypto_exec,
	.ctrl_init = vacc_crypto_ctrl_init,
	.queue_fini = vacc_crypto_queue_fini,
	.init = vacc_crypto_algs_init,
	.exit = vacc_crypto_algs_exit,
};
