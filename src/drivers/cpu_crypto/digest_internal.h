/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU digest driver (cpu_digest): what its files share.
 *
 * Hashes run on OpenSSL's low-level block functions (the same SHA-NI /
 * AVX2 code EVP reaches) driven through a context whose chaining value we
 * set ourselves, so a long hash can resume from the state a request left
 * in its out buffer; padding and the final serialisation are ours. SM3 is
 * our own (sm3.c): OpenSSL 3.0 has no low-level SM3. The AES MACs run on
 * AES-NI with ipsec-mb's key expansion and GHASH.
 */
#ifndef DIGEST_INTERNAL_H
#define DIGEST_INTERNAL_H

/* the low-level hash API is what lets us inject a chaining value */
#ifndef OPENSSL_SUPPRESS_DEPRECATED
#define OPENSSL_SUPPRESS_DEPRECATED
#endif

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
/* ipsec-mb's pre-0.53 names (AES_BLOCK_SIZE ...) clash with UADK's */
#define NO_COMPAT_IMB_API_053
#include <intel-ipsec-mb.h>
#include "cc.h"
#include "wd_local.h"

#define DG_MAX_BLOCK	128
#define DG_MAX_MAC	64

/* The running state of one hash computation (num is always 0: whole blocks only). */
union dg_ctx {
	MD5_CTX md5;
	SHA_CTX sha1;
	SHA256_CTX sha256;
	SHA512_CTX sha512;
	__u32 sm3[8];
};

/* One hash algorithm. */
struct dg_hash {
	__u16 block;		/* bytes per block: 64 or 128 */
	__u8 mac_len;		/* digest bytes */
	__u8 full_len;		/* chaining value bytes (the long-hash state) */
	__u8 len_bytes;		/* length field in the padding: 8 or 16 */
	bool little_endian;	/* MD5: words and length little-endian */
	void (*start)(union dg_ctx *c);		/* the standard IV */
	void (*blocks)(union dg_ctx *c, const __u8 *in, size_t len);	/* len % block == 0 */
	void (*load)(union dg_ctx *c, const __u8 *state);	/* full_len bytes */
	void (*store)(const union dg_ctx *c, __u8 *state);	/* full_len bytes */
};

/* NULL for the AES MACs. */
WDI_LOCAL const struct dg_hash *dg_hash_get(__u32 alg);
/* Hash tail (< 2 blocks, any length) and pad; total counts every byte hashed. */
WDI_LOCAL void dg_hash_finish(const struct dg_hash *h, union dg_ctx *c, const __u8 *tail,
			      size_t tail_len, __u64 total, __u8 *mac);
/* Whole message from the IV: mac gets mac_len bytes. */
WDI_LOCAL void dg_hash_oneshot(const struct dg_hash *h, const __u8 *in, size_t len, __u8 *mac);

/* AES MAC keys (expanded once per set_key). */
struct dg_aes {
	__u8 rk[15][16];	/* AES-NI round keys (of K1 for XCBC) */
	__u8 k1[16];		/* CMAC K1 / XCBC K2 */
	__u8 k2[16];		/* CMAC K2 / XCBC K3 */
	int rounds;		/* 10, 12, 14; 0: no key */
};

struct dg_state {
	const struct dg_hash *hash;	/* NULL: an AES MAC */
	__u8 alg;			/* enum wd_digest_type */
	bool hmac;
	/* HMAC: the states after the ipad and the opad block of the key */
	union dg_ctx ipad;
	union dg_ctx opad;
	struct dg_aes aes;
	/*
	 * GMAC: ipsec-mb's GHASH tables follow, aligned as their type wants,
	 * inside the over-allocated session state (DG_STATE_SIZE).
	 */
};

#define DG_STATE_SIZE	(sizeof(struct dg_state) + sizeof(struct gcm_key_data) + \
			 __alignof__(struct gcm_key_data) - 1)

/* HMAC: precompute the ipad/opad states (key <= block bytes, or hashed first). */
WDI_LOCAL void dg_hmac_set_key(struct dg_state *s, const __u8 *key, __u32 len);
/* Plain hash or HMAC, any stage. */
WDI_LOCAL void dg_hash_run(const struct dg_state *s, struct wd_digest_msg *m);

/* AES MACs */
WDI_LOCAL bool dg_aes_usable(void);
WDI_LOCAL int dg_aes_set_key(struct dg_state *s, const __u8 *key, __u32 len);
WDI_LOCAL void dg_aes_run(const struct dg_state *s, struct wd_digest_msg *m);

#endif /* DIGEST_INTERNAL_H */
