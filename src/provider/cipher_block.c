// SPDX-License-Identifier: Apache-2.0
/*
 * ECB and CBC on WarpDrive: OpenSSL 3.0's block rules (ciphercommon.c)
 * with WarpDrive requests where OpenSSL calls its block function.
 *
 * An Update runs the held block (if one completes) and the whole blocks of
 * the input; decrypting with padding holds the last whole block back, since
 * it may be the padded one and only Final knows. With an empty buffer an
 * Update is a single request.
 */
#include <string.h>
#include <openssl/crypto.h>

#include "cipher.h"

static int run(struct wdp_cctx *c, unsigned char *out, const unsigned char *in, size_t len)
{
	return wdp_cipher_wd(c, out, in, len, c->d->ivlen ? c->iv : NULL);
}

/*
 * How an Update of inl bytes splits: bytes completing the held block,
 * whether the held block runs, the whole blocks that run from the input.
 */
struct split {
	size_t fill;		/* input bytes that go into the held block first */
	int run_held;		/* the held block is run */
	size_t blocks;		/* input bytes run after fill */
	size_t out;		/* output bytes */
	size_t bufsz;		/* held bytes afterwards */
};

static void plan(const struct wdp_cctx *c, size_t inl, struct split *s)
{
	size_t bs = c->d->blksz, held = c->bufsz;

	s->fill = 0;
	if (held) {
		s->fill = bs - held < inl ? bs - held : inl;
		held += s->fill;
		inl -= s->fill;
	}
	s->blocks = inl & ~(bs - 1);
	s->out = 0;
	s->run_held = held == bs && (c->enc || inl > 0 || !c->pad);
	if (s->run_held) {
		s->out = bs;
		held = 0;
	}
	/* a decryption ending on a block boundary keeps its last block */
	if (s->blocks && !c->enc && c->pad && s->blocks == inl)
		s->blocks -= bs;
	s->out += s->blocks;
	s->bufsz = held + inl - s->blocks;
}

int wdp_cblock_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	size_t bs = c->d->blksz;
	struct split s;

	if (!c->key_set) {
		wdp_raise(WDP_R_WRONG_STATE, "no key set");
		return 0;
	}
	plan(c, inl, &s);
	if (outsize < s.out) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	memcpy(c->buf + c->bufsz, in, s.fill);
	c->bufsz += s.fill;
	in += s.fill;
	inl -= s.fill;
	if (s.run_held) {
		if (!run(c, out, c->buf, bs))
			return 0;
		c->bufsz = 0;
		out += bs;
	}
	if (s.blocks && !run(c, out, in, s.blocks))
		return 0;
	in += s.blocks;
	inl -= s.blocks;
	memcpy(c->buf + c->bufsz, in, inl);
	c->bufsz += inl;
	*outl = s.out;
	return 1;
}

int wdp_cblock_final(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize)
{
	size_t bs = c->d->blksz, i, pad;

	if (c->enc) {
		if (c->pad) {
			memset(c->buf + c->bufsz, (int)(bs - c->bufsz), bs - c->bufsz);
		} else if (c->bufsz == 0) {
			*outl = 0;
			return 1;
		} else if (c->bufsz != bs) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "wrong final block length");
			return 0;
		}
		if (outsize < bs) {
			wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
			return 0;
		}
		if (!run(c, out, c->buf, bs))
			return 0;
		c->bufsz = 0;
		*outl = bs;
		return 1;
	}
	if (c->bufsz != bs) {
		if (c->bufsz == 0 && !c->pad) {
			*outl = 0;
			return 1;
		}
		wdp_raise(WDP_R_BAD_ARGUMENT, "wrong final block length");
		return 0;
	}
	if (!run(c, c->buf, c->buf, bs))
		return 0;
	if (c->pad) {
		/* as OpenSSL: the ciphertext is assumed authenticated, no oracle care */
		pad = c->buf[bs - 1];
		if (pad == 0 || pad > bs)
			goto bad;
		for (i = bs - pad; i < bs; i++)
			if (c->buf[i] != pad)
				goto bad;
		c->bufsz = bs - pad;
	}
	if (outsize < c->bufsz) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	memcpy(out, c->buf, c->bufsz);
	*outl = c->bufsz;
	c->bufsz = 0;
	OPENSSL_cleanse(c->buf, sizeof(c->buf));
	return 1;
bad:
	wdp_raise(WDP_R_BAD_PADDING, "bad decrypt");
	return 0;
}

/*
 * EVP_Cipher: whole blocks straight through; an ECB remainder is left as
 * OpenSSL leaves it, a CBC encryption's remainder is zero-padded to a
 * whole output block as OpenSSL's CBC does (the caller checked the room).
 */
int wdp_cblock_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		      const unsigned char *in, size_t inl)
{
	size_t cb = c->d->cblk, rem = inl % cb, whole = inl - rem;
	unsigned char tail[16];

	(void)outsize;
	if (whole && !run(c, out, in, whole))
		return 0;
	if (rem && c->d->evp_mode == EVP_CIPH_CBC_MODE) {
		memset(tail, 0, sizeof(tail));
		memcpy(tail, in + whole, rem);
		if (!run(c, out + whole, tail, cb))
			return 0;
		OPENSSL_cleanse(tail, sizeof(tail));
	}
	*outl = inl;
	return 1;
}
