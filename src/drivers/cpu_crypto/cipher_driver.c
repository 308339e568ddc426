/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU cipher driver ("cpu_cipher"): every cipher of UADK's SEC table.
 *
 * set_key decides how the session's requests run and keys the contexts
 * once; run() is then a single indirect call:
 *   cbc(aes)                      ipsec-mb (thread's manager): decryption,
 *                                 and encryption below 1 KiB; else EVP
 *   ctr(aes)                      ipsec-mb (EVP when the low 32 counter
 *                                 bits would wrap inside the request)
 *   ECB, OFB, CFB (AES, SM4), ctr(sm4), cbc(sm4), DES, 3DES   OpenSSL EVP
 *   xts(aes)                      OpenSSL AES-XTS; equal key halves, which
 *                                 OpenSSL refuses: own XTS over AES-ECB
 *   xts(sm4) XTS and XTS_GB       own XTS over SM4-ECB (cipher_xts.c)
 *   cbc-cs1/2/3(aes)              OpenSSL AES-*-CBC-CTS with its cts_mode
 *   cbc-cs1/2/3(sm4)              own CBC-CS over SM4-CBC/ECB (cipher_cs.c)
 *   async AES-CBC encryption      ipsec-mb lanes (cipher_lanes.c)
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include "cipher_internal.h"
#include "wd_log.h"

static const char *const cipher_algs[] = {
	"ecb(aes)", "cbc(aes)", "ctr(aes)", "xts(aes)", "ofb(aes)", "cfb(aes)",
	"cbc-cs1(aes)", "cbc-cs2(aes)", "cbc-cs3(aes)",
	"ecb(sm4)", "cbc(sm4)", "ctr(sm4)", "xts(sm4)", "ofb(sm4)", "cfb(sm4)",
	"cbc-cs1(sm4)", "cbc-cs2(sm4)", "cbc-cs3(sm4)",
	"ecb(des)", "cbc(des)", "ecb(des3_ede)", "cbc(des3_ede)",
	NULL
};

/* OpenSSL names by mode; "CTS" stands for the three CBC-CS modes. */
enum evp_kind { K_ECB, K_CBC, K_CTR, K_OFB, K_CFB, K_XTS, K_CTS, K_NUM };

static const char *const aes_names[K_NUM][3] = {
	[K_ECB] = { "AES-128-ECB", "AES-192-ECB", "AES-256-ECB" },
	[K_CBC] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" },
	[K_CTR] = { "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" },
	[K_OFB] = { "AES-128-OFB", "AES-192-OFB", "AES-256-OFB" },
	[K_CFB] = { "AES-128-CFB", "AES-192-CFB", "AES-256-CFB" },
	[K_XTS] = { "AES-128-XTS", NULL, "AES-256-XTS" },
	[K_CTS] = { "AES-128-CBC-CTS", "AES-192-CBC-CTS", "AES-256-CBC-CTS" },
};

static const char *const sm4_names[K_NUM] = {
	[K_ECB] = "SM4-ECB", [K_CBC] = "SM4-CBC", [K_CTR] = "SM4-CTR",
	[K_OFB] = "SM4-OFB", [K_CFB] = "SM4-CFB",
};

/* klen: bytes of one key (one XTS half) */
static const EVP_CIPHER *evp_cipher(__u8 alg, enum evp_kind k, __u32 klen)
{
	const char *name = NULL;

	switch (alg) {
	case WD_CIPHER_AES:
		if (klen == 16 || klen == 24 || klen == 32)
			name = aes_names[k][(klen - 16) / 8];
		break;
	case WD_CIPHER_SM4:
		if (klen == 16)
			name = sm4_names[k];
		break;
	case WD_CIPHER_DES:
		if (klen == 8)
			name = k == K_ECB ? "DES-ECB" : k == K_CBC ? "DES-CBC" : NULL;
		break;
	case WD_CIPHER_3DES:
		if (klen == 16)
			name = k == K_ECB ? "DES-EDE-ECB" : k == K_CBC ? "DES-EDE-CBC" : NULL;
		else if (klen == 24)
			name = k == K_ECB ? "DES-EDE3-ECB" : k == K_CBC ? "DES-EDE3-CBC" : NULL;
		break;
	}
	return name ? cc_ossl_cipher(name) : NULL;
}

/* How a session runs with its current key. */
struct cipher_plan {
	const EVP_CIPHER *data;		/* ctx[0], ctx[1] */
	const __u8 *dkey;
	const EVP_CIPHER *aux;		/* auxctx (NULL: none) */
	const __u8 *akey;
	int aux_enc;
	const char *cts;		/* OpenSSL cts_mode, or NULL */
	cipher_exec_fn dec, enc;
	__u8 aux_kind;
};

static const cipher_exec_fn plain_exec[][2] = {
	[WD_CIPHER_ECB] = { cipher_evp_ecb, cipher_evp_ecb },
	[WD_CIPHER_CBC] = { cipher_evp_cbc_dec, cipher_evp_cbc_enc },
	[WD_CIPHER_CTR] = { cipher_evp_ctr, cipher_evp_ctr },
	[WD_CIPHER_OFB] = { cipher_evp_ofb, cipher_evp_ofb },
	[WD_CIPHER_CFB] = { cipher_evp_cfb, cipher_evp_cfb },
};

static const enum evp_kind plain_kind[] = {
	[WD_CIPHER_ECB] = K_ECB, [WD_CIPHER_CBC] = K_CBC, [WD_CIPHER_CTR] = K_CTR,
	[WD_CIPHER_OFB] = K_OFB, [WD_CIPHER_CFB] = K_CFB,
};

static void plan_xts(const struct cipher_state *st, const __u8 *key, __u32 len,
		     struct cipher_plan *p)
{
	__u32 half = len / 2;

	p->dkey = key;
	if (st->alg == WD_CIPHER_AES && st->mode == WD_CIPHER_XTS && !st->own_modes &&
	    cc_memcmp_ct(key, key + half, half)) {
		p->data = evp_cipher(st->alg, K_XTS, half);
		p->dec = p->enc = cipher_evp_xts;
		return;
	}
	p->data = evp_cipher(st->alg, K_ECB, half);
	p->aux = p->data;
	p->akey = key + half;
	p->aux_enc = 1;
	p->aux_kind = CIPHER_AUX_XTS;
	p->dec = p->enc = st->mode == WD_CIPHER_XTS_GB ? cipher_xts_gb : cipher_xts_ieee;
}

static void plan_cs(const struct cipher_state *st, const __u8 *key, __u32 len,
		    struct cipher_plan *p)
{
	static const char *const cts[] = { "CS1", "CS2", "CS3" };

	p->dkey = key;
	if (st->alg == WD_CIPHER_AES && !st->own_modes) {
		p->data = evp_cipher(st->alg, K_CTS, len);
		p->cts = cts[st->mode - WD_CIPHER_CBC_CS1];
		p->dec = cipher_evp_cts_dec;
		p->enc = cipher_evp_cts_enc;
		return;
	}
	p->data = evp_cipher(st->alg, K_CBC, len);
	p->aux = evp_cipher(st->alg, K_ECB, len);
	p->akey = key;
	p->aux_enc = 0;
	p->aux_kind = CIPHER_AUX_CS;
	p->dec = cipher_cs_dec;
	p->enc = cipher_cs_enc;
}

static int plan(const struct cipher_state *st, const __u8 *key, __u32 len, struct cipher_plan *p)
{
	memset(p, 0, sizeof(*p));
	switch (st->mode) {
	case WD_CIPHER_XTS:
	case WD_CIPHER_XTS_GB:
		plan_xts(st, key, len, p);
		break;
	case WD_CIPHER_CBC_CS1:
	case WD_CIPHER_CBC_CS2:
	case WD_CIPHER_CBC_CS3:
		plan_cs(st, key, len, p);
		break;
	default:
		p->data = evp_cipher(st->alg, plain_kind[st->mode], len);
		p->dkey = key;
		p->dec = plain_exec[st->mode][0];
		p->enc = plain_exec[st->mode][1];
		break;
	}
	if (!p->data || (p->aux_kind != CIPHER_AUX_NONE && !p->aux))
		return -WD_EINVAL;
	return 0;
}

static int key_ctx(EVP_CIPHER_CTX **c, const EVP_CIPHER *cipher, const __u8 *key, int enc,
		   const char *cts)
{
	OSSL_PARAM prm[2];

	if (!*c) {
		*c = EVP_CIPHER_CTX_new();
		if (!*c)
			return -WD_ENOMEM;
	}
	if (!EVP_CipherInit_ex(*c, cipher, NULL, key, NULL, enc))
		return -WD_EINVAL;
	EVP_CIPHER_CTX_set_padding(*c, 0);
	if (cts) {
		prm[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE,
							   (char *)cts, 0);
		prm[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(*c, prm))
			return -WD_EINVAL;
	}
	return 0;
}

static int run_unkeyed(struct cipher_state *st, struct wd_cipher_msg *m)
{
	(void)st;
	(void)m;
	return -WD_EINVAL;
}

static void unkey(struct cipher_state *st)
{
	int i;

	st->exec[0] = st->exec[1] = run_unkeyed;
	st->keyed = 0;
	st->imb_ok = 0;
	st->chain_ok[0] = st->chain_ok[1] = 0;
	st->aux = CIPHER_AUX_NONE;
	cc_wipe(st->imb_enc, sizeof(st->imb_enc));
	cc_wipe(st->imb_dec, sizeof(st->imb_dec));
	/* reset frees OpenSSL's copy of the key schedule (cleansed) */
	for (i = 0; i < 2; i++)
		if (st->ctx[i])
			EVP_CIPHER_CTX_reset(st->ctx[i]);
	if (st->auxctx)
		EVP_CIPHER_CTX_reset(st->auxctx);
}

static bool served(__u32 alg, __u32 mode)
{
	switch (alg) {
	case WD_CIPHER_AES:
	case WD_CIPHER_SM4:
		return mode <= WD_CIPHER_CBC_CS3 || mode == WD_CIPHER_XTS_GB;
	case WD_CIPHER_DES:
	case WD_CIPHER_3DES:
		return mode == WD_CIPHER_ECB || mode == WD_CIPHER_CBC;
	default:
		return false;
	}
}

static int cipher_init(void *state, const struct wd_alg_spec *spec)
{
	struct cipher_state *st = state;

	if (!served(spec->alg, spec->mode))
		return -WD_EINVAL;
	st->alg = spec->alg;
	st->mode = spec->mode;
	st->exec[0] = st->exec[1] = run_unkeyed;
	return 0;
}

static int cipher_set_key(void *state, __u32 kind, const __u8 *key, __u32 len)
{
	struct cipher_state *st = state;
	struct cipher_plan p;
	int ret;

	if (kind != WD_KEY_CIPHER)
		return -WD_EINVAL;
	unkey(st);
	if (!len)
		return 0;
	ret = plan(st, key, len, &p);
	if (!ret)
		ret = key_ctx(&st->ctx[0], p.data, p.dkey, 0, p.cts);
	if (!ret)
		ret = key_ctx(&st->ctx[1], p.data, p.dkey, 1, p.cts);
	if (!ret && p.aux)
		ret = key_ctx(&st->auxctx, p.aux, p.akey, p.aux_enc, NULL);
	if (ret) {
		wd_err("cpu_cipher: cannot key alg %u mode %u (%u bytes)\n", st->alg, st->mode,
		       len);
		unkey(st);
		return ret;
	}
	st->key_len = len;
	st->aux = p.aux_kind;
	st->keyed = 1;
	st->exec[0] = p.dec;
	st->exec[1] = p.enc;
	if (st->alg == WD_CIPHER_AES && (st->mode == WD_CIPHER_CBC || st->mode == WD_CIPHER_CTR)) {
		cipher_imb_key(st, key, len);
		if (st->imb_ok && st->mode == WD_CIPHER_CBC) {
			st->exec[0] = cipher_imb_cbc_dec;
			st->exec[1] = cipher_imb_cbc_enc;
		} else if (st->imb_ok) {
			st->exec[0] = st->exec[1] = cipher_imb_ctr;
		}
	}
	return 0;
}

static void cipher_fini(void *state)
{
	struct cipher_state *st = state;

	unkey(st);
	EVP_CIPHER_CTX_free(st->ctx[0]);
	EVP_CIPHER_CTX_free(st->ctx[1]);
	EVP_CIPHER_CTX_free(st->auxctx);
	st->ctx[0] = st->ctx[1] = st->auxctx = NULL;
}

static void cipher_run(void *state, struct wd_msg_hdr *hdr)
{
	struct cipher_state *st = state;
	struct wd_cipher_msg *m = (struct wd_cipher_msg *)hdr;

	m->hdr.result = st->exec[m->encrypt](st, m);
	m->status = 0;
}

struct cc_class cc_cipher_class = {
	.drv = {
		.name = "cpu_cipher",
		/* at most 95 characters: struct wd_driver_info.desc */
		.desc = "ciphers on the CPU: ipsec-mb (AES-CBC/CTR, async CBC lanes), OpenSSL, own SM4 XTS/CS",
		CC_DRIVER_OPS,
		.alg_class = WD_CLASS_CIPHER,
		.priority = 100,
		.algs = cipher_algs,
		.op_mask = (1u << WD_CIPHER_ENCRYPTION) | (1u << WD_CIPHER_DECRYPTION),
	},
	.state_size = sizeof(struct cipher_state),
	.init = cipher_init,
	.set_key = cipher_set_key,
	.fini = cipher_fini,
	.run = cipher_run,
	.lanes_open = cipher_lanes_open,
	.lanes_close = cipher_lanes_close,
	.mb_submit = cipher_mb_submit,
	.mb_flush = cipher_mb_flush,
};

__attribute__((constructor)) static void cc_cipher_register(void)
{
	wdi_driver_register(&cc_cipher_class.drv);
}

__attribute__((destructor)) static void cc_cipher_unregister(void)
{
	wdi_driver_unregister(&cc_cipher_class.drv);
}
