// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the crypto class's algorithms: what each id of VACC_CALGS is in
 * the kernel crypto API's terms, and which of them the running kernel can
 * instantiate (probed once at module init; the sysfs lines follow).
 */
#include <linux/slab.h>

#include "vacc_crypto.h"

#define C(ID, KN, MODE, BLK, IV) \
	[VACC_CALG_##ID] = { VACC_CALG_##ID, VACC_OP_CIPHER, VACC_CK_SKCIPHER, \
			     VACC_CM_##MODE, 0, BLK, IV, 0, 0, NULL, KN }
#define H(ID, KIND, KN, FAM, BLK, MAC, SS) \
	[VACC_CALG_##ID] = { VACC_CALG_##ID, VACC_OP_DIGEST, VACC_CK_##KIND, 0, \
			     VACC_HF_##FAM, BLK, 0, MAC, SS, NULL, KN }
#define M(ID, KIND, KN, IV, MAC) \
	[VACC_CALG_##ID] = { VACC_CALG_##ID, VACC_OP_DIGEST, VACC_CK_##KIND, 0, 0, \
			     16, IV, MAC, 0, NULL, KN }
#define A(ID, KIND, KN, CCM, IV, TAG) \
	[VACC_CALG_##ID] = { VACC_CALG_##ID, VACC_OP_AEAD, VACC_CK_##KIND, CCM, 0, \
			     16, IV, TAG, 0, NULL, KN }

/*
 * What each id is in the kernel's terms. The sysfs names come from
 * VACC_CALGS (filled in at init); the kernel names differ for CBC-CS3
 * (cts(cbc(x))), XCBC-MAC-96 (xcbc, first 12 bytes) and GCM / GMAC (our
 * construction over ctr(x)).
 */
static struct vacc_calg_info vacc_calgs[VACC_CALG_MAX] = {
	C(AES_ECB, "ecb(aes)", ECB, 16, 0),
	C(AES_CBC, "cbc(aes)", CBC, 16, 16),
	C(AES_CTR, "ctr(aes)", CTR, 16, 16),
	C(AES_XTS, "xts(aes)", XTS, 16, 16),
	C(AES_OFB, "ofb(aes)", OFB, 16, 16),
	C(AES_CFB, "cfb(aes)", CFB, 16, 16),
	C(AES_CBC_CS3, "cts(cbc(aes))", CS3, 16, 16),
	C(SM4_ECB, "ecb(sm4)", ECB, 16, 0),
	C(SM4_CBC, "cbc(sm4)", CBC, 16, 16),
	C(SM4_CTR, "ctr(sm4)", CTR, 16, 16),
	C(SM4_XTS, "xts(sm4)", XTS, 16, 16),
	C(SM4_OFB, "ofb(sm4)", OFB, 16, 16),
	C(SM4_CFB, "cfb(sm4)", CFB, 16, 16),
	C(SM4_CBC_CS3, "cts(cbc(sm4))", CS3, 16, 16),
	C(DES_ECB, "ecb(des)", ECB, 8, 0),
	C(DES_CBC, "cbc(des)", CBC, 8, 8),
	C(DES3_ECB, "ecb(des3_ede)", ECB, 8, 0),
	C(DES3_CBC, "cbc(des3_ede)", CBC, 8, 8),
	H(MD5, HASH, "md5", MD5, 64, 16, 16),
	H(SHA1, HASH, "sha1", SHA1, 64, 20, 20),
	H(SHA224, HASH, "sha224", SHA256, 64, 28, 32),
	H(SHA256, HASH, "sha256", SHA256, 64, 32, 32),
	H(SHA384, HASH, "sha384", SHA512, 128, 48, 64),
	H(SHA512, HASH, "sha512", SHA512, 128, 64, 64),
	H(SM3, HASH, "sm3", SM3, 64, 32, 32),
	H(HMAC_MD5, HMAC, "hmac(md5)", MD5, 64, 16, 16),
	H(HMAC_SHA1, HMAC, "hmac(sha1)", SHA1, 64, 20, 20),
	H(HMAC_SHA224, HMAC, "hmac(sha224)", SHA256, 64, 28, 32),
	H(HMAC_SHA256, HMAC, "hmac(sha256)", SHA256, 64, 32, 32),
	H(HMAC_SHA384, HMAC, "hmac(sha384)", SHA512, 128, 48, 64),
	H(HMAC_SHA512, HMAC, "hmac(sha512)", SHA512, 128, 64, 64),
	H(HMAC_SM3, HMAC, "hmac(sm3)", SM3, 64, 32, 32),
	M(AES_CMAC, MAC, "cmac(aes)", 0, 16),
	M(AES_XCBC_MAC_96, MAC, "xcbc(aes)", 0, 12),
	M(AES_GMAC, GMAC, "ctr(aes)", 16, 16),
	A(AES_GCM, GCM, "ctr(aes)", 0, VACC_GCM_IV, 16),
	A(AES_CCM, KAEAD, "ccm(aes)", 1, 16, 16),
	A(SM4_GCM, GCM, "ctr(sm4)", 0, VACC_GCM_IV, 16),
	A(SM4_CCM, KAEAD, "ccm(sm4)", 1, 16, 16),
	A(AUTHENC_MD5_AES, KAEAD, "authenc(hmac(md5),cbc(aes))", 0, 16, 16),
	A(AUTHENC_SHA1_AES, KAEAD, "authenc(hmac(sha1),cbc(aes))", 0, 16, 20),
	A(AUTHENC_SHA224_AES, KAEAD, "authenc(hmac(sha224),cbc(aes))", 0, 16, 28),
	A(AUTHENC_SHA256_AES, KAEAD, "authenc(hmac(sha256),cbc(aes))", 0, 16, 32),
	A(AUTHENC_SHA384_AES, KAEAD, "authenc(hmac(sha384),cbc(aes))", 0, 16, 48),
	A(AUTHENC_SHA512_AES, KAEAD, "authenc(hmac(sha512),cbc(aes))", 0, 16, 64),
	A(AUTHENC_SM3_AES, KAEAD, "authenc(hmac(sm3),cbc(aes))", 0, 16, 32),
	A(AUTHENC_MD5_SM4, KAEAD, "authenc(hmac(md5),cbc(sm4))", 0, 16, 16),
	A(AUTHENC_SHA1_SM4, KAEAD, "authenc(hmac(sha1),cbc(sm4))", 0, 16, 20),
	A(AUTHENC_SHA224_SM4, KAEAD, "authenc(hmac(sha224),cbc(sm4))", 0, 16, 28),
	A(AUTHENC_SHA256_SM4, KAEAD, "authenc(hmac(sha256),cbc(sm4))", 0, 16, 32),
	A(AUTHENC_SHA384_SM4, KAEAD, "authenc(hmac(sha384),cbc(sm4))", 0, 16, 48),
	A(AUTHENC_SHA512_SM4, KAEAD, "authenc(hmac(sha512),cbc(sm4))", 0, 16, 64),
	A(AUTHENC_SM3_SM4, KAEAD, "authenc(hmac(sm3),cbc(sm4))", 0, 16, 32),
};
#undef C
#undef H
#undef M
#undef A

/* ids the running kernel can instantiate (module init); read-only after */
static bool vacc_calg_avail[VACC_CALG_MAX];

/* A known algorithm id (available or not); NULL otherwise. */
const struct vacc_calg_info *vacc_calg_find(u8 id)
{
	if (id >= VACC_CALG_MAX || !vacc_calgs[id].kname)
		return NULL;
	return &vacc_calgs[id];
}

/* Did the module init's probe instantiate @id? */
bool vacc_calg_available(u8 id)
{
	return id < VACC_CALG_MAX && vacc_calg_avail[id];
}

/* ---- module init: what this kernel has -------------------------------- */

static const char *const vacc_calg_names[VACC_CALG_MAX] = {
#define VACC_CALG_NAME(id, val, op, name) [val] = name,
	VACC_CALGS(VACC_CALG_NAME)
#undef VACC_CALG_NAME
};

/* Can the running kernel build @a's transforms? (keys are not needed) */
static bool vacc_calg_probe(const struct vacc_calg_info *a)
{
	struct vacc_sess *s = kzalloc(sizeof(*s), GFP_KERNEL);
	bool ok;

	if (!s)
		return false;
	ok = !vacc_sess_tfms(s, a);
	vacc_sess_free(s);
	return ok;
}

static char *vacc_crypto_algs;

/*
 * Probe every algorithm and build the class's sysfs lines: a class name
 * for each class with an algorithm, then the algorithms. Missing ones
 * (SM3/SM4 on Debian's kernel) are simply not listed.
 */
int vacc_crypto_algs_init(const char **algs)
{
	static const struct { u8 op; const char *name; } cls[] = {
		{ VACC_OP_CIPHER, VACC_CLASS_CIPHER_NAME },
		{ VACC_OP_DIGEST, VACC_CLASS_DIGEST_NAME },
		{ VACC_OP_AEAD, VACC_CLASS_AEAD_NAME },
	};
	size_t len = 1;
	unsigned int i, k;
	char *p;

	for (i = 0; i < VACC_CALG_MAX; i++) {
		if (!vacc_calgs[i].kname)
			continue;
		if (WARN_ON(!vacc_calg_names[i] || vacc_calgs[i].id != i))
			return -EINVAL;
		vacc_calgs[i].name = vacc_calg_names[i];
		vacc_calg_avail[i] = vacc_calg_probe(&vacc_calgs[i]);
		if (vacc_calg_avail[i])
			len += strlen(vacc_calgs[i].name) + 1;
	}
	for (k = 0; k < ARRAY_SIZE(cls); k++)
		len += strlen(cls[k].name) + 1;
	p = kzalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (k = 0; k < ARRAY_SIZE(cls); k++) {
		for (i = 0; i < VACC_CALG_MAX; i++)
			if (vacc_calg_avail[i] && vacc_calgs[i].op == cls[k].op)
				break;
		if (i < VACC_CALG_MAX) {
			strlcat(p, cls[k].name, len);
			strlcat(p, "\n", len);
		}
	}
	for (i = 0; i < VACC_CALG_MAX; i++) {
		if (!vacc_calg_avail[i])
			continue;
		strlcat(p, vacc_calgs[i].name, len);
		strlcat(p, "\n", len);
	}
	/* the core joins the classes' lists with '\n' */
	if (*p)
		p[strlen(p) - 1] = '\0';
	vacc_crypto_algs = p;
	*algs = p;
	return 0;
}

void vacc_crypto_algs_exit(void)
{
	kfree(vacc_crypto_algs);
	vacc_crypto_algs = NULL;
}

