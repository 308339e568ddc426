/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc cipher driver ("vacc_cipher"): struct wd_cipher_msg <->
 * VACC_OP_CIPHER descriptors. The device writes the chaining IV back into
 * the request's iv, as cpu_cipher does. Modes without a device id
 * (CBC-CS1/CS2, SM4's GB/T XTS) are not supported: those sessions stay on
 * the CPU driver (TASK_MIX) or find no driver (TASK_HW).
 */
#include <string.h>
#include "wd_log.h"
#include "vacc_crypto.h"

static const char *const cipher_algs[] = {
	"ecb(aes)", "cbc(aes)", "ctr(aes)", "xts(aes)", "ofb(aes)", "cfb(aes)", "cbc-cs3(aes)",
	"ecb(sm4)", "cbc(sm4)", "ctr(sm4)", "xts(sm4)", "ofb(sm4)", "cfb(sm4)", "cbc-cs3(sm4)",
	"ecb(des)", "cbc(des)", "ecb(des3_ede)", "cbc(des3_ede)", NULL
};

static __u8 cipher_calg(const struct wd_alg_spec *spec)
{
	static const __u8 aes[WD_CIPHER_MODE_TYPE_MAX] = {
		[WD_CIPHER_ECB] = VACC_CALG_AES_ECB, [WD_CIPHER_CBC] = VACC_CALG_AES_CBC,
		[WD_CIPHER_CTR] = VACC_CALG_AES_CTR, [WD_CIPHER_XTS] = VACC_CALG_AES_XTS,
		[WD_CIPHER_OFB] = VACC_CALG_AES_OFB, [WD_CIPHER_CFB] = VACC_CALG_AES_CFB,
		[WD_CIPHER_CBC_CS3] = VACC_CALG_AES_CBC_CS3,
	};
	static const __u8 sm4[WD_CIPHER_MODE_TYPE_MAX] = {
		[WD_CIPHER_ECB] = VACC_CALG_SM4_ECB, [WD_CIPHER_CBC] = VACC_CALG_SM4_CBC,
		[WD_CIPHER_CTR] = VACC_CALG_SM4_CTR, [WD_CIPHER_XTS] = VACC_CALG_SM4_XTS,
		[WD_CIPHER_OFB] = VACC_CALG_SM4_OFB, [WD_CIPHER_CFB] = VACC_CALG_SM4_CFB,
		[WD_CIPHER_CBC_CS3] = VACC_CALG_SM4_CBC_CS3,
	};
	static const __u8 des[WD_CIPHER_MODE_TYPE_MAX] = {
		[WD_CIPHER_ECB] = VACC_CALG_DES_ECB, [WD_CIPHER_CBC] = VACC_CALG_DES_CBC,
	};
	static const __u8 des3[WD_CIPHER_MODE_TYPE_MAX] = {
		[WD_CIPHER_ECB] = VACC_CALG_DES3_ECB, [WD_CIPHER_CBC] = VACC_CALG_DES3_CBC,
	};

	if (spec->mode >= WD_CIPHER_MODE_TYPE_MAX)
		return 0;
	switch (spec->alg) {
	case WD_CIPHER_AES:
		return aes[spec->mode];
	case WD_CIPHER_SM4:
		return sm4[spec->mode];
	case WD_CIPHER_DES:
		return des[spec->mode];
	case WD_CIPHER_3DES:
		return des3[spec->mode];
	default:
		return 0;
	}
}

static int cipher_to_sqe(const struct vacc_ctx *c, const struct wd_msg_hdr *hdr,
			 struct vacc_sqe *s)
{
	const struct wd_cipher_msg *m = (const struct wd_cipher_msg *)hdr;
	const struct vacc_csess *p = vacc_c_sess(hdr);

	if (__builtin_expect(!p || !p->ckeyed, 0))
		return -WD_EINVAL;	/* as cpu_cipher's unkeyed session */
	if (__builtin_expect(vacc_c_len_ok(c, m->len), 0))
		return -WD_EINVAL;
	memset(s, 0, sizeof(*s));
	s->opcode = VACC_OP_CIPHER;
	s->alg = p->calg;
	s->flags = m->encrypt ? 0 : VACC_CSQE_DECRYPT;
	s->src = (uintptr_t)m->in;
	s->dst = (uintptr_t)m->out;
	s->src_len = m->len;
	s->dst_len = m->len;
	s->iv_len = m->iv_len;
	s->iv = m->iv_len ? (uintptr_t)m->iv : 0;
	return 0;
}

static enum vacc_done cipher_complete(struct vacc_ctx *c, struct vacc_slot *sl,
				      const struct vacc_cqe *e, struct vacc_sqe *next)
{
	struct wd_cipher_msg *m = (struct wd_cipher_msg *)sl->msg;
	bool auth_fail;

	(void)next;
	m->status = 0;
	m->hdr.result = vacc_c_result(c, sl, e, false, &auth_fail);
	return VACC_DONE;
}

static const struct vacc_cdriver vacc_cipher_driver;

static const struct vacc_class cipher_class = {
	.drv = &vacc_cipher_driver.drv,
	.to_sqe = cipher_to_sqe,
	.complete = cipher_complete,
	VACC_CRYPTO_CLASS_HOOKS,
};

static const struct vacc_cdriver vacc_cipher_driver = {
	.drv = {
		.name = "vacc_cipher",
		.desc = "vacc virtual accelerator queues (uacce api vacc_v1): ciphers of the kernel",
		.alg_class = WD_CLASS_CIPHER,
		.algs = cipher_algs,
		.op_mask = (1u << WD_CIPHER_ENCRYPTION) | (1u << WD_CIPHER_DECRYPTION),
		VACC_CRYPTO_DRIVER_OPS,
	},
	.qcls = &cipher_class,
	.cname = VACC_CLASS_CIPHER_NAME,
	.opcode = VACC_OP_CIPHER,
	.calg_of = cipher_calg,
};

__attribute__((constructor)) static void vacc_cipher_register(void)
{
	wdi_driver_register(&vacc_cipher_driver.drv);
}

__attribute__((destructor)) static void vacc_cipher_unregister(void)
{
	wdi_driver_unregister(&vacc_cipher_driver.drv);
}
