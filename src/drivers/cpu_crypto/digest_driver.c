/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_digest: the CPU driver of the digest class. Every algorithm of
 * UADK's SEC table, plain and HMAC, one-shot and long hash (the state a
 * real device keeps: the raw chaining value, in the request's out buffer).
 * A session holds only keys: HMAC's ipad/opad states, the AES round keys
 * and subkeys, GMAC's GHASH tables; nothing is allocated per request.
 */
#include <string.h>
#include "digest_internal.h"

static const char *const dg_algs[] = {
	"sm3", "md5", "sha1", "sha256", "sha224", "sha384", "sha512", "sha512-224",
	"sha512-256", "xcbc-mac-96(aes)", "xcbc-prf-128(aes)", "cmac(aes)", "gmac(aes)", NULL,
};

static bool dg_is_aes(__u32 alg)
{
	return alg >= WD_DIGEST_AES_XCBC_MAC_96 && alg <= WD_DIGEST_AES_GMAC;
}

/* The AES MACs need AES-NI and PCLMULQDQ; the hashes run anywhere. */
static bool dg_supports(const struct wd_driver *drv, const struct wd_alg_spec *spec)
{
	(void)drv;
	return !dg_is_aes(spec->alg) || dg_aes_usable();
}

static int dg_init(void *state, const struct wd_alg_spec *spec)
{
	struct dg_state *s = state;

	s->alg = (__u8)spec->alg;
	if (dg_is_aes(spec->alg))
		return dg_aes_usable() ? 0 : -WD_EINVAL;	/* either mode: UADK uses HMAC */
	s->hash = dg_hash_get(spec->alg);
	if (!s->hash || spec->mode >= WD_DIGEST_MODE_MAX)
		return -WD_EINVAL;
	s->hmac = spec->mode == WD_DIGEST_HMAC;
	if (s->hmac)
		dg_hmac_set_key(s, NULL, 0);	/* until set_key: the empty key */
	return 0;
}

static int dg_set_key(void *state, __u32 kind, const __u8 *key, __u32 len)
{
	struct dg_state *s = state;

	if (kind != WD_KEY_AUTH && kind != WD_KEY_CIPHER)
		return -WD_EINVAL;
	if (!s->hash)
		return dg_aes_set_key(s, key, len);
	if (s->hmac)
		dg_hmac_set_key(s, key, len);
	return 0;	/* a plain hash has no key: UADK accepts and ignores one */
}

static void dg_fini(void *state)
{
	cc_wipe(state, DG_STATE_SIZE);
}

static void dg_run(void *state, struct wd_msg_hdr *hdr)
{
	const struct dg_state *s = state;
	struct wd_digest_msg *m = (struct wd_digest_msg *)hdr;

	m->status = 0;
	if (s->hash)
		dg_hash_run(s, m);
	else
		dg_aes_run(s, m);
}

/* Every request only reads the session (keys, HMAC pads): no lock needed. */
static bool dg_run_shared(const void *state, struct wd_msg_hdr *hdr)
{
	dg_run((void *)state, hdr);
	return true;
}

static struct cc_class cpu_digest = {
	.drv = {
		.name = "cpu_digest",
		/* at most 95 characters: struct wd_driver_info.desc */
		.desc = "digests on the CPU: OpenSSL SHA/MD5 blocks (SHA-NI), own SM3, HMAC pads; AES-NI MACs",
		.alg_class = WD_CLASS_DIGEST,
		.priority = 100,
		.algs = dg_algs,
		.op_mask = 1,
		.supports = dg_supports,
		CC_DRIVER_OPS,
	},
	.state_size = DG_STATE_SIZE,
	.init = dg_init,
	.run_shared = dg_run_shared,
	.set_key = dg_set_key,
	.fini = dg_fini,
	.run = dg_run,
};

__attribute__((constructor)) static void cpu_digest_register(void)
{
	wdi_driver_register(&cpu_digest.drv);
}

__attribute__((destructor)) static void cpu_digest_unregister(void)
{
	wdi_driver_unregister(&cpu_digest.drv);
}
