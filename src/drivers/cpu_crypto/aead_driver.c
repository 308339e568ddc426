/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_aead: UADK's six AEADs on the CPU. Session hooks and dispatch; the
 * modes are in aead_gcm_aes.c, aead_gcm_sm4.c, aead_ccm.c, aead_authenc.c.
 */
#include <pthread.h>
#include <string.h>
#include <openssl/evp.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

static void aead_fini(void *state)
{
	struct aead_state *s = state;

	EVP_CIPHER_CTX_free(s->cx_enc);
	EVP_CIPHER_CTX_free(s->cx_dec);
	s->cx_enc = NULL;
	s->cx_dec = NULL;
	aead_hmac_fini(&s->hmac);
	cc_wipe(s->kd_mem, sizeof(s->kd_mem));
	cc_wipe(s->ckey, sizeof(s->ckey));
	cc_wipe(&s->st, sizeof(s->st));
}

static int aead_init(void *state, const struct wd_alg_spec *spec)
{
	struct aead_state *s = state;
	uintptr_t p;

	if (spec->alg != WD_CIPHER_AES && spec->alg != WD_CIPHER_SM4)
		return -WD_EINVAL;
	if (spec->mode != WD_CIPHER_GCM && spec->mode != WD_CIPHER_CCM &&
	    spec->mode != WD_CIPHER_CBC)
		return -WD_EINVAL;
	s->calg = spec->alg;
	s->cmode = spec->mode;
	s->dalg = WD_AEAD_SPEC_DALG(spec->param);
	p = ((uintptr_t)s->kd_mem + 63) & ~(uintptr_t)63;
	s->gcm_kd = (struct gcm_key_data *)p;
	s->ccm_own = s->cmode == WD_CIPHER_CCM && s->calg == WD_CIPHER_SM4;

	if (s->cmode == WD_CIPHER_GCM && !cc_imb_direct())
		return -WD_ENOMEM;
	if (!(s->cmode == WD_CIPHER_GCM && s->calg == WD_CIPHER_AES)) {
		s->cx_enc = EVP_CIPHER_CTX_new();
		if (!s->cx_enc)
			goto nomem;
	}
	if (s->cmode != WD_CIPHER_GCM) {
		s->cx_dec = EVP_CIPHER_CTX_new();
		if (!s->cx_dec)
			goto nomem;
	}
	if (s->cmode == WD_CIPHER_CBC) {
		int ret = aead_hmac_init(&s->hmac, s->dalg);

		if (ret) {
			aead_fini(s);
			return ret;
		}
	}
	return 0;
nomem:
	aead_fini(s);
	return -WD_ENOMEM;
}

static int aead_set_key(void *state, __u32 kind, const __u8 *key, __u32 len)
{
	struct aead_state *s = state;
	int ret;

	if (kind == WD_KEY_AUTH) {
		if (s->cmode != WD_CIPHER_CBC)
			return -WD_EINVAL;
		return aead_hmac_set_key(&s->hmac, key, len);
	}
	if (kind != WD_KEY_CIPHER)
		return -WD_EINVAL;
	s->ckey_set = false;
	s->st.open = false;
	if (!len) {
		cc_wipe(s->kd_mem, sizeof(s->kd_mem));
		cc_wipe(s->ckey, sizeof(s->ckey));
		return 0;
	}
	if (s->calg == WD_CIPHER_SM4 ? len != 16 : len != 16 && len != 24 && len != 32)
		return -WD_EINVAL;
	if (s->cmode == WD_CIPHER_GCM)
		ret = s->calg == WD_CIPHER_AES ? aead_gcm_aes_set_key(s, key, len) :
						  aead_gcm_sm4_set_key(s, key, len);
	else if (s->cmode == WD_CIPHER_CCM)
		ret = aead_ccm_set_key(s, key, len);
	else
		ret = aead_authenc_set_key(s, key, len);
	if (ret)
		return ret;
	s->ckey_len = len;
	s->ckey_set = true;
	return 0;
}

static void aead_run(void *state, struct wd_msg_hdr *hdr)
{
	struct aead_state *s = state;
	struct wd_aead_msg *m = (struct wd_aead_msg *)hdr;

	m->status = 0;
	hdr->result = 0;
	/* the session's calg/cmode rule (the class resolved the msg from them) */
	if (__builtin_expect(!s->ckey_set, 0)) {
		hdr->result = -WD_EINVAL;
		return;
	}
	if (s->cmode == WD_CIPHER_GCM) {
		/* the IV is read only where a stream (or a block request) starts */
		if (__builtin_expect(m->iv_len != AEAD_GCM_IV, 0) &&
		    (m->stage == AEAD_MSG_BLOCK || m->stage == AEAD_MSG_FIRST || !s->st.open))
			hdr->result = -WD_EINVAL;
		else if (s->calg == WD_CIPHER_AES)
			aead_gcm_aes_run(s, m);
		else
			aead_gcm_sm4_run(s, m);
	} else if (m->stage != AEAD_MSG_BLOCK) {
		hdr->result = -WD_EINVAL;	/* only GCM streams */
	} else if (s->cmode == WD_CIPHER_CCM) {
		aead_ccm_run(s, m);
	} else {
		aead_authenc_run(s, m);
	}
}

/*
 * An AES-GCM block request only reads the session (expanded keys; its
 * context is on the stack). Streams, CCM, authenc and SM4-GCM run on the
 * session's stream state or OpenSSL contexts: those take the lock.
 */
static bool aead_run_shared(const void *state, struct wd_msg_hdr *hdr)
{
	const struct aead_state *s = state;

	if (s->cmode != WD_CIPHER_GCM || s->calg != WD_CIPHER_AES ||
	    ((struct wd_aead_msg *)hdr)->stage != AEAD_MSG_BLOCK)
		return false;
	aead_run((void *)state, hdr);
	return true;
}

static void aead_reset(void *state)
{
	struct aead_state *s = state;

	cc_wipe(&s->st, sizeof(s->st));
}

void aead_ccm_force_own(struct aead_state *s)
{
	s->ccm_own = true;
}

static const char *const aead_algs[] = {
	"gcm(aes)", "ccm(aes)", "gcm(sm4)", "ccm(sm4)",
	"authenc(generic,cbc(aes))", "authenc(generic,cbc(sm4))", NULL,
};

struct cc_class cc_aead_class = {
	.drv = {
		.name = "cpu_aead",
		.desc = "AEAD on the CPU: AES-GCM ipsec-mb; SM4-GCM, CCM, authenc (CBC + HMAC) OpenSSL",
		.alg_class = WD_CLASS_AEAD,
		.priority = 100,
		.algs = aead_algs,
		.op_mask = 0xf,
		CC_DRIVER_OPS,
	},
	.state_size = sizeof(struct aead_state),
	.init = aead_init,
	.set_key = aead_set_key,
	.fini = aead_fini,
	.run = aead_run,
	.run_shared = aead_run_shared,
	.reset = aead_reset,
};

__attribute__((constructor)) static void aead_register(void)
{
	wdi_driver_register(&cc_aead_class.drv);
}

__attribute__((destructor)) static void aead_unregister(void)
{
	wdi_driver_unregister(&cc_aead_class.drv);
}
