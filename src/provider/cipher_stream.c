// SPDX-License-Identifier: Apache-2.0
/*
 * CTR, OFB and CFB-128 on WarpDrive, for Updates of any size.
 *
 * WarpDrive's IV write-back continues a stream at block boundaries only.
 * A partial last block runs as one whole block (tail || zeros): the extra
 * output bytes are then the unused keystream (CTR, OFB), or E(IV) for CFB,
 * since zeros xor keystream is the keystream. They stay in the context and
 * `num` says how many of the block are used, so the next Update starts
 * with them, exactly as OpenSSL's CRYPTO_{ctr,ofb,cfb}128 keep their
 * register: iv holds the counter (CTR), the keystream block (OFB), or the
 * ciphertext so far followed by the rest of E(IV) (CFB); buf holds CTR's
 * keystream block.
 */
#include <string.h>
#include <openssl/crypto.h>

#include "cipher.h"

/* Below this, whole blocks and a tail go as one request through a stack copy. */
#define STREAM_BOUNCE	512

/* Bytes of the block in progress, from the kept keystream. */
static size_t use_kept(struct wdp_cctx *c, unsigned char *out, const unsigned char *in,
		       size_t inl)
{
	unsigned int n = c->num, mode = c->d->evp_mode;
	size_t done = 0;

	while (n && done < inl) {
		unsigned char x = in[done];
		unsigned char k = mode == EVP_CIPH_CTR_MODE ? c->buf[n] : c->iv[n];

		out[done] = x ^ k;
		if (mode == EVP_CIPH_CFB_MODE)	/* the register fills with ciphertext */
			c->iv[n] = c->enc ? (unsigned char)(x ^ k) : x;
		n = (n + 1) & 15;
		done++;
	}
	c->num = n;
	return done;
}

/*
 * After a run whose last block was tail (r bytes of input) || zeros and
 * whose output last block is `last`: keep that block's unused part. The
 * write-back already left CTR's next counter and OFB's register; CFB's
 * register is the tail's ciphertext followed by the rest of E(IV).
 */
static void keep_tail(struct wdp_cctx *c, const unsigned char *last, const unsigned char *in_tail,
		      size_t r)
{
	switch (c->d->evp_mode) {
	case EVP_CIPH_CTR_MODE:
		memcpy(c->buf, last, 16);
		break;
	case EVP_CIPH_CFB_MODE:
		memcpy(c->iv, c->enc ? last : in_tail, r);
		memcpy(c->iv + r, last + r, 16 - r);
		break;
	default:
		break;
	}
	c->num = (unsigned int)r;
}

/* Whole blocks (may be 0) and a tail of r > 0 bytes, through a padded copy. */
static int run_padded(struct wdp_cctx *c, unsigned char *out, const unsigned char *in,
		      size_t whole, size_t r, unsigned char *tmp)
{
	size_t n = whole + 16;
	int ok;

	memcpy(tmp, in, whole + r);
	memset(tmp + whole + r, 0, 16 - r);
	ok = wdp_cipher_wd(c, tmp, tmp, n, c->iv);
	if (ok) {
		keep_tail(c, tmp + whole, in + whole, r);
		memcpy(out, tmp, whole + r);
	}
	OPENSSL_cleanse(tmp, n);
	return ok;
}

int wdp_cstream_run(struct wdp_cctx *c, unsigned char *out, const unsigned char *in, size_t inl)
{
	unsigned char tmp[STREAM_BOUNCE + 16];
	size_t done = use_kept(c, out, in, inl), whole, r;

	in += done;
	out += done;
	inl -= done;
	if (!inl)
		return 1;
	whole = inl & ~(size_t)15;
	r = inl & 15;
	if (!r)
		return wdp_cipher_wd(c, out, in, whole, c->iv);
	if (inl <= STREAM_BOUNCE)
		return run_padded(c, out, in, whole, r, tmp);
	/* large: the whole blocks in place, then the tail on its own */
	if (!wdp_cipher_wd(c, out, in, whole, c->iv))
		return 0;
	return run_padded(c, out + whole, in + whole, 0, r, tmp);
}
