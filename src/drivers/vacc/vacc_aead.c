/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc AEAD driver ("vacc_aead"): struct wd_aead_msg <-> VACC_OP_AEAD
 * descriptors. src is the AAD followed by the payload (the class lays them
 * out so: in == aad + aad_len), aux the AAD bytes, dst the payload's
 * result, the tag at mac. A tag that does not verify is status
 * WD_IN_EPARA with the output zeroed, as cpu_aead reports it. GCM streams
 * keep their state in the session slot (vacc_cslot.c binds them).
 */
#include <string.h>
#include "wd_log.h"
#include "vacc_crypto.h"

static const char *const aead_algs[] = {
	"gcm(aes)", "ccm(aes)", "gcm(sm4)", "ccm(sm4)",
	"authenc(generic,cbc(aes))", "authenc(generic,cbc(sm4))", NULL
};

static __u8 aead_calg(const struct wd_alg_spec *spec)
{
	/* authenc: 96 (AES) / 112 (SM4) + the hash's index (vacc_abi.h) */
	static const __u8 hash_idx[WD_DIGEST_TYPE_MAX] = {
		[WD_DIGEST_MD5] = 1, [WD_DIGEST_SHA1] = 2, [WD_DIGEST_SHA224] = 3,
		[WD_DIGEST_SHA256] = 4, [WD_DIGEST_SHA384] = 5, [WD_DIGEST_SHA512] = 6,
		[WD_DIGEST_SM3] = 7,	/* index + 1: 0 is "no id" */
	};
	__u32 dalg = WD_AEAD_SPEC_DALG(spec->param);
	bool sm4 = spec->alg == WD_CIPHER_SM4;

	if (spec->alg != WD_CIPHER_AES && !sm4)
		return 0;
	switch (spec->mode) {
	case WD_CIPHER_GCM:
		return sm4 ? VACC_CALG_SM4_GCM : VACC_CALG_AES_GCM;
	case WD_CIPHER_CCM:
		return sm4 ? VACC_CALG_SM4_CCM : VACC_CALG_AES_CCM;
	case WD_CIPHER_CBC:
		if (dalg >= WD_DIGEST_TYPE_MAX || !hash_idx[dalg])
			return 0;
		return (sm4 ? VACC_CALG_AUTHENC_MD5_SM4 : VACC_CALG_AUTHENC_MD5_AES) +
		       hash_idx[dalg] - 1;
	default:
		return 0;
	}
}

static bool is_gcm(__u8 calg)
{
	return calg == VACC_CALG_AES_GCM || calg == VACC_CALG_SM4_GCM;
}

static bool is_ccm(__u8 calg)
{
	return calg == VACC_CALG_AES_CCM || calg == VACC_CALG_SM4_CCM;
}

/* What cpu_aead refuses beyond the class's rules: CCM's length field. */
static int cpu_rules(const struct vacc_csess *p, const struct wd_aead_msg *m)
{
	__u32 L;

	if (m->stage != AEAD_MSG_BLOCK && !is_gcm(p->calg))
		return -WD_EINVAL;	/* only GCM streams */
	if (is_ccm(p->calg)) {
		L = (m->iv[0] & 7) + 1;	/* the class checked iv_len and iv[0] */
		if (L < 2 || (L < 4 && m->len >> (8 * L)))
			return -WD_EINVAL;
	}
	return 0;
}

static int aead_to_sqe(const struct vacc_ctx *c, const struct wd_msg_hdr *hdr, struct vacc_sqe *s)
{
	const struct wd_aead_msg *m = (const struct wd_aead_msg *)hdr;
	const struct vacc_csess *p = vacc_c_sess(hdr);
	bool with_aad = m->stage == AEAD_MSG_BLOCK || m->stage == AEAD_MSG_FIRST;
	__u32 aad = with_aad ? m->aad_len : 0;
	__u32 len = m->stage == AEAD_MSG_FIRST ? 0 : m->len;

	if (__builtin_expect(!p || !p->ckeyed, 0) || m->stage > AEAD_MSG_END ||
	    (p->calg >= VACC_CALG_AUTHENC_MD5_AES && !p->akeyed))
		return -WD_EINVAL;	/* as cpu_aead's session without keys */
	if (__builtin_expect(cpu_rules(p, m) || vacc_c_len_ok(c, (__u64)aad + len), 0))
		return -WD_EINVAL;
	/* one source: AAD then payload, as the class lays a request out */
	if (__builtin_expect(aad && len && m->in != m->aad + aad, 0)) {
		wd_err("vacc: an AEAD request whose payload does not follow its AAD");
		return -WD_EINVAL;
	}
	memset(s, 0, sizeof(*s));
	s->opcode = VACC_OP_AEAD;
	s->alg = p->calg;
	s->flags = m->encrypt ? 0 : VACC_CSQE_DECRYPT;
	s->stage = m->stage;	/* enum wd_aead_msg_state == enum vacc_ae_stage */
	s->src = (uintptr_t)(aad ? m->aad : m->in);
	s->src_len = aad + len;
	s->aux = aad;
	s->dst = len ? (uintptr_t)m->out : 0;
	s->dst_len = len;
	s->iv = (uintptr_t)m->iv;
	s->iv_len = m->iv_len;
	/* the tag: BLOCK and END only */
	if (m->stage == AEAD_MSG_BLOCK || m->stage == AEAD_MSG_END) {
		s->mac = (uintptr_t)m->mac;
		s->tag_len = (__u8)m->authsize;
	}
	return 0;
}

_Static_assert((int)AEAD_MSG_BLOCK == (int)VACC_AE_BLOCK &&
	       (int)AEAD_MSG_FIRST == (int)VACC_AE_FIRST &&
	       (int)AEAD_MSG_MIDDLE == (int)VACC_AE_MIDDLE && (int)AEAD_MSG_END == (int)VACC_AE_END,
	       "the class's stages are the descriptor's");

static enum vacc_done aead_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				    const struct vacc_cqe *e, struct vacc_sqe *next)
{
	struct wd_aead_msg *m = (struct wd_aead_msg *)sl->msg;
	bool auth_fail, may = !m->encrypt && (m->stage == AEAD_MSG_BLOCK ||
					      m->stage == AEAD_MSG_END);

	(void)next;
	m->status = 0;
	m->hdr.result = vacc_c_result(c, sl, e, may, &auth_fail);
	if (auth_fail) {
		m->status = WD_IN_EPARA;
		/* as cpu_aead: no unauthenticated plaintext comes back */
		if (m->len && m->out)
			memset(m->out, 0, m->len);
	}
	/*
	 * A stream ends at END and on any error. Sync ctxs only: only they
	 * hold streams, and only their completions run under the engine's lock.
	 */
	if (c->async)
		return VACC_DONE;
	if (m->stage == AEAD_MSG_BLOCK) {
		/* only a bound session has a stream */
		if (__builtin_expect(m->hdr.sess && m->hdr.sess->bound, 0))
			vacc_c_block_done(c, m->hdr.sess, sl->cookie);
	} else if (m->stage == AEAD_MSG_END || m->hdr.result || m->status) {
		vacc_c_stream_end(c, m->hdr.sess);
	}
	return VACC_DONE;
}

static const struct vacc_cdriver vacc_aead_driver;

static const struct vacc_class aead_class = {
	.drv = &vacc_aead_driver.drv,
	.to_sqe = aead_to_sqe,
	.complete = aead_complete,
	VACC_CRYPTO_CLASS_HOOKS,
};

static const struct vacc_cdriver vacc_aead_driver = {
	.drv = {
		.name = "vacc_aead",
		.desc = "vacc virtual accelerator queues (uacce api vacc_v1): GCM, CCM, authenc",
		.alg_class = WD_CLASS_AEAD,
		.algs = aead_algs,
		.op_mask = 0xf,
		VACC_CRYPTO_DRIVER_OPS,
	},
	.qcls = &aead_class,
	.cname = VACC_CLASS_AEAD_NAME,
	.opcode = VACC_OP_AEAD,
	.calg_of = aead_calg,
};

__attribute__((constructor)) static void vacc_aead_register(void)
{
	wdi_driver_register(&vacc_aead_driver.drv);
}

__attribute__((destructor)) static void vacc_aead_unregister(void)
{
	wdi_driver_unregister(&vacc_aead_driver.drv);
}
