/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc digest driver ("vacc_digest"): struct wd_digest_msg <->
 * VACC_OP_DIGEST descriptors. A long hash's parts carry the chaining state
 * in the request's out buffer, as cpu_digest's do, so the device and the
 * CPU driver continue each other's state byte for byte: stage PART/LAST,
 * RESUME with aux = the bytes hashed before. SHA-512/224, SHA-512/256 and
 * XCBC-PRF-128 have no device id: never supported here.
 */
#include <string.h>
#include "wd_log.h"
#include "vacc_crypto.h"

static const char *const digest_algs[] = {
	"sm3", "md5", "sha1", "sha256", "sha224", "sha384", "sha512",
	"xcbc-mac-96(aes)", "cmac(aes)", "gmac(aes)", NULL
};

static __u8 digest_calg(const struct wd_alg_spec *spec)
{
	static const __u8 hash[WD_DIGEST_TYPE_MAX] = {
		[WD_DIGEST_SM3] = VACC_CALG_SM3, [WD_DIGEST_MD5] = VACC_CALG_MD5,
		[WD_DIGEST_SHA1] = VACC_CALG_SHA1, [WD_DIGEST_SHA256] = VACC_CALG_SHA256,
		[WD_DIGEST_SHA224] = VACC_CALG_SHA224, [WD_DIGEST_SHA384] = VACC_CALG_SHA384,
		[WD_DIGEST_SHA512] = VACC_CALG_SHA512,
		/* the AES MACs are keyed whatever the mode (the class says HMAC) */
		[WD_DIGEST_AES_XCBC_MAC_96] = VACC_CALG_AES_XCBC_MAC_96,
		[WD_DIGEST_AES_CMAC] = VACC_CALG_AES_CMAC, [WD_DIGEST_AES_GMAC] = VACC_CALG_AES_GMAC,
	};
	__u8 calg;

	if (spec->alg >= WD_DIGEST_TYPE_MAX || spec->mode >= WD_DIGEST_MODE_MAX)
		return 0;
	calg = hash[spec->alg];
	/* HMAC: the hash's id + 16 (vacc_abi.h) */
	if (calg && calg <= VACC_CALG_SM3 && spec->mode == WD_DIGEST_HMAC)
		calg += VACC_CALG_HMAC_MD5 - VACC_CALG_MD5;
	return calg;
}

static const __u8 dg_stage[] = {
	[WD_DIGEST_ONESHOT] = VACC_DG_ONESHOT,
	[WD_DIGEST_PART] = VACC_DG_PART,
	[WD_DIGEST_LAST] = VACC_DG_LAST,
};

static int digest_to_sqe(const struct vacc_ctx *c, const struct wd_msg_hdr *hdr,
			 struct vacc_sqe *s)
{
	const struct wd_digest_msg *m = (const struct wd_digest_msg *)hdr;
	const struct vacc_csess *p = vacc_c_sess(hdr);

	if (__builtin_expect(!p || !p->id || m->stage > WD_DIGEST_LAST, 0))
		return -WD_EINVAL;	/* a keyed digest before set_key: as cpu_digest */
	if (__builtin_expect(vacc_c_len_ok(c, m->in_len), 0))
		return -WD_EINVAL;
	memset(s, 0, sizeof(*s));
	s->opcode = VACC_OP_DIGEST;
	s->alg = p->calg;
	s->stage = dg_stage[m->stage];
	if (m->resume && m->stage != WD_DIGEST_ONESHOT) {
		s->flags = VACC_CSQE_RESUME;
		s->aux = m->done_len;
	}
	s->src = (uintptr_t)m->in;
	s->src_len = m->in_len;
	s->dst = (uintptr_t)m->out;
	s->dst_len = m->out_len;
	if (p->calg == VACC_CALG_AES_GMAC) {
		s->iv = (uintptr_t)m->iv;
		s->iv_len = (__u8)m->iv_len;
	}
	return 0;
}

static enum vacc_done digest_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				      const struct vacc_cqe *e, struct vacc_sqe *next)
{
	struct wd_digest_msg *m = (struct wd_digest_msg *)sl->msg;
	bool auth_fail;

	(void)next;
	m->status = 0;
	m->hdr.result = vacc_c_result(c, sl, e, false, &auth_fail);
	return VACC_DONE;
}

static const struct vacc_cdriver vacc_digest_driver;

static const struct vacc_class digest_class = {
	.drv = &vacc_digest_driver.drv,
	.to_sqe = digest_to_sqe,
	.complete = digest_complete,
	VACC_CRYPTO_CLASS_HOOKS,
};

static const struct vacc_cdriver vacc_digest_driver = {
	.drv = {
		.name = "vacc_digest",
		.desc = "vacc virtual accelerator queues (uacce api vacc_v1): hashes, HMAC, AES MACs",
		.alg_class = WD_CLASS_DIGEST,
		.algs = digest_algs,
		.op_mask = 1,
		VACC_CRYPTO_DRIVER_OPS,
	},
	.qcls = &digest_class,
	.cname = VACC_CLASS_DIGEST_NAME,
	.opcode = VACC_OP_DIGEST,
	.calg_of = digest_calg,
};

__attribute__((constructor)) static void vacc_digest_register(void)
{
	wdi_driver_register(&vacc_digest_driver.drv);
}

__attribute__((destructor)) static void vacc_digest_unregister(void)
{
	wdi_driver_unregister(&vacc_digest_driver.drv);
}
