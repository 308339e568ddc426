// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - GCM (NIST SP 800-38D) from the session's "ctr(<cipher>)" and
 * "ghash" transforms, so that one code path serves a whole message
 * (BLOCK), a stream (FIRST / MIDDLE / END, the state kept in the session
 * slot between requests) and GMAC (vacc_crypto_digest.c):
 *
 *   H   = E(K, 0^128), the GHASH key
 *   J0  = IV || 0^31 || 1 (12-byte IV); GMAC: the 16-byte IV itself
 *   C   = P xor the keystream of counters inc32(J0), inc32^2(J0), ...
 *   S   = GHASH(H, A || 0-pad || C || 0-pad || [len(A)]64 || [len(C)]64)
 *   tag = S xor E(K, J0)
 *
 * E(K, X) is the ctr transform's output for a zero block with IV X. The
 * kernel's ctr mode increments all 128 bits where GCM's inc32 increments
 * the low 32: a piece that would carry out of them is split there.
 */
#include <crypto/algapi.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "vacc_crypto.h"

/* E(K, @in) into @out (16 bytes), through the slot's work block. */
static int vacc_gcm_ecb1(struct vacc_sess *s, const u8 *in, u8 *out)
{
	struct scatterlist sg;
	u8 iv[VACC_GCM_BLK];
	int err;

	memcpy(iv, in, VACC_GCM_BLK);
	memset(s->blk, 0, VACC_GCM_BLK);
	sg_init_one(&sg, s->blk, VACC_GCM_BLK);	/* the slot is kmalloc'ed */
	err = vacc_sk_run(s->skreq, &sg, VACC_GCM_BLK, iv, false);
	memcpy(out, s->blk, VACC_GCM_BLK);
	memzero_explicit(s->blk, VACC_GCM_BLK);
	return err;
}

int vacc_gcm_setkey(struct vacc_sess *s, const u8 *key, u32 len)
{
	static const u8 zero[VACC_GCM_BLK];
	u8 h[VACC_GCM_BLK];
	int err;

	err = crypto_skcipher_setkey(s->sk, key, len);
	if (err)
		return err;
	err = vacc_gcm_ecb1(s, zero, h);
	if (!err)
		err = crypto_shash_setkey(s->sh, h, sizeof(h));
	memzero_explicit(h, sizeof(h));
	return err;
}

/* Begin a message with pre-counter block @j0. */
int vacc_gcm_start(struct vacc_sess *s, const u8 *j0)
{
	memcpy(s->j0, j0, VACC_GCM_BLK);
	memcpy(s->cb, j0, VACC_GCM_BLK);
	put_unaligned_be32(get_unaligned_be32(s->cb + 12) + 1, s->cb + 12);
	s->alen = 0;
	s->clen = 0;
	s->open = true;
	return crypto_shash_init(s->desc);
}

/* More AAD (any length; pieces but the last a multiple of 16). */
int vacc_gcm_aad(struct vacc_sess *s, const u8 *p, u32 len)
{
	s->alen += len;
	return crypto_shash_update(s->desc, p, len);
}

/* Zero-pad GHASH's input to a block boundary after @len bytes of a part. */
static int vacc_gcm_pad(struct vacc_sess *s, u64 len)
{
	static const u8 zero[VACC_GCM_BLK];
	unsigned int r = len % VACC_GCM_BLK;

	return r ? crypto_shash_update(s->desc, zero, VACC_GCM_BLK - r) : 0;
}

/* The AAD is complete. */
int vacc_gcm_aad_end(struct vacc_sess *s)
{
	return vacc_gcm_pad(s, s->alen);
}

/* The counter part of @len bytes at @sg, from s->cb (which advances). */
static int vacc_gcm_ctr(struct vacc_sess *s, struct scatterlist *sg, u32 len)
{
	u8 iv[VACC_GCM_BLK];
	int err;

	memcpy(iv, s->cb, VACC_GCM_BLK);
	err = vacc_sk_run(s->skreq, sg, len, iv, false);
	put_unaligned_be32(get_unaligned_be32(s->cb + 12) + DIV_ROUND_UP(len, VACC_GCM_BLK),
			   s->cb + 12);
	return err;
}

/*
 * En/decrypt @len payload bytes of @buf (a bounce buffer) in place and
 * hash the ciphertext. All pieces of a message but the last are a
 * multiple of 16 bytes.
 */
int vacc_gcm_crypt(struct vacc_job *j, struct vacc_sess *s, u8 *buf, u32 len, bool dec)
{
	u64 room = (1ull << 32) - get_unaligned_be32(s->cb + 12);
	u32 first = len, done = 0;
	struct scatterlist *sg;
	int err;

	if (dec) {
		err = crypto_shash_update(s->desc, buf, len);
		if (err)
			return err;
	}
	/* inc32 wraps inside this piece: the kernel's carry must not happen */
	if (DIV_ROUND_UP((u64)len, VACC_GCM_BLK) > room)
		first = room * VACC_GCM_BLK;
	while (done < len) {
		u32 n = done ? len - done : first;

		sg = vacc_sg_bounce(j, buf + done, n);
		if (!sg)
			return -EINVAL;
		err = vacc_gcm_ctr(s, sg, n);
		if (err)
			return err;
		done += n;
	}
	s->clen += len;
	if (!dec)
		return crypto_shash_update(s->desc, buf, len);
	return 0;
}

/* The 16-byte tag; the message ends. */
int vacc_gcm_tag(struct vacc_sess *s, u8 *tag)
{
	u8 lens[VACC_GCM_BLK], ek[VACC_GCM_BLK];
	int err;

	s->open = false;
	err = vacc_gcm_pad(s, s->clen);
	if (err)
		return err;
	put_unaligned_be64(s->alen * 8, lens);
	put_unaligned_be64(s->clen * 8, lens + 8);
	err = crypto_shash_finup(s->desc, lens, sizeof(lens), tag);
	if (!err)
		err = vacc_gcm_ecb1(s, s->j0, ek);
	if (!err)
		crypto_xor(tag, ek, VACC_GCM_BLK);
	memzero_explicit(ek, sizeof(ek));
	return err;
}
