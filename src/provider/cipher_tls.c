// SPDX-License-Identifier: Apache-2.0
/*
 * TLS record mode of the block ciphers (libssl sets TLS_VERSION and
 * TLS_MAC_SIZE on provided CBC ciphers). Each Update is one whole record,
 * in place. Encrypting appends the TLS padding; decrypting drops the
 * explicit IV (TLS 1.1 and later, DTLS), then the padding, and with
 * MAC-then-encrypt (mac size > 0) hands the MAC out through TLS_MAC.
 *
 * After the public length checks, everything that depends on the
 * decrypted bytes runs in constant time: the padding check always reads
 * the most padding there can be, and the MAC, whose position depends on
 * the padding length, is gathered by scanning every position it can start
 * at. A bad padding yields a random MAC, so libssl's MAC comparison fails
 * the same way and in the same time as for a bad MAC (Lucky 13, POODLE).
 * Encrypt-then-MAC (TLS 1.2's default) has mac size 0: the MAC was checked
 * before decryption, so a bad padding may fail openly.
 */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/prov_ssl.h>
#include <openssl/rand.h>

#include "cipher.h"

/* ---- constant-time helpers: all-ones or zero masks, no branches ---- */

static inline size_t ct_top(size_t a)
{
	return (size_t)0 - (a >> (sizeof(a) * 8 - 1));
}

/* a < b, for any a and b (the borrow of a - b, corrected when the tops differ) */
static inline size_t ct_lt(size_t a, size_t b)
{
	return ct_top(a ^ ((a ^ b) | ((a - b) ^ b)));
}

static inline size_t ct_ge(size_t a, size_t b)
{
	return ~ct_lt(a, b);
}

static inline size_t ct_zero(size_t a)
{
	return ct_top(~a & (a - 1));
}

static inline size_t ct_eq(size_t a, size_t b)
{
	return ct_zero(a ^ b);
}

/* The most a record's padding can be, length byte included. */
#define TLS_PAD_MAX	256

/*
 * Copy the mac_size bytes that end at *len (secret: it moved with the
 * padding) out of rec[0, orig) into c->tlsmac; a random MAC when !good.
 */
static int take_mac(struct wdp_cctx *c, const unsigned char *rec, size_t orig, size_t len,
		    size_t good)
{
	size_t ms = c->tlsmacsize, start = len - ms, from = 0, i, k, t;
	unsigned char ring[EVP_MAX_MD_SIZE], rnd[EVP_MAX_MD_SIZE];
	size_t pos = 0, off = 0, inside = 0;

	if (RAND_bytes(rnd, (int)ms) <= 0)
		return 0;
	/* the MAC can only start within the last ms + 256 bytes */
	if (orig > ms + TLS_PAD_MAX)
		from = orig - (ms + TLS_PAD_MAX);
	memset(ring, 0, sizeof(ring));
	/*
	 * Pass 1: every byte of the window goes to ring[pos], pos counting
	 * modulo ms; only the MAC's bytes are kept. ring then holds the MAC
	 * rotated by off, the (secret) pos at which it started.
	 */
	for (i = from; i < orig; i++) {
		size_t at_start = ct_eq(i, start);

		inside = (inside | at_start) & ct_lt(i, len);
		off |= pos & at_start;
		ring[pos] |= rec[i] & (unsigned char)inside;
		pos++;
		pos &= ct_lt(pos, ms);
	}
	/* Pass 2: undo the rotation, reading every slot for every byte. */
	for (k = 0; k < ms; k++) {
		size_t want = off + k;
		unsigned char b = 0;

		want -= ms & ct_ge(want, ms);
		for (t = 0; t < ms; t++)
			b |= ring[t] & (unsigned char)ct_eq(t, want);
		c->tlsmac[k] = (unsigned char)((b & (unsigned char)good) |
					       (rnd[k] & (unsigned char)~good));
	}
	OPENSSL_cleanse(ring, sizeof(ring));
	c->tlsmac_ptr = c->tlsmac;
	return 1;
}

/*
 * rec[0, *len) is a decrypted record without explicit IV. Returns 0 only
 * for what is publicly wrong; otherwise *len is the payload length (in
 * constant time) and the MAC is taken.
 */
static int unpad(struct wdp_cctx *c, const unsigned char *rec, size_t *len)
{
	size_t ms = c->tlsmacsize, bs = c->d->blksz, orig = *len, pad, good, i;
	unsigned int diff = 0;

	if (ms > EVP_MAX_MD_SIZE || 1 + ms > orig)
		return 0;
	pad = rec[orig - 1];
	good = ct_ge(orig, pad + 1 + ms);
	if (c->tlsversion == SSL3_VERSION) {
		/* SSLv3 padding bytes are arbitrary, but the padding is minimal */
		good &= ct_ge(bs, pad + 1);
	} else {
		/* every byte of the padding (the length byte too) equals its length */
		size_t n = orig < TLS_PAD_MAX ? orig : TLS_PAD_MAX;

		for (i = 0; i < n; i++) {
			size_t in_pad = ct_ge(pad, i);

			diff |= (unsigned int)(in_pad & (pad ^ rec[orig - 1 - i]));
		}
		good &= ct_zero(diff & 0xff);
	}
	*len = orig - (good & (pad + 1));
	if (!ms)
		return good != 0;	/* the MAC was checked already: no secret left */
	*len -= ms;
	return take_mac(c, rec, orig, *len + ms, good);
}

/* Strip the explicit IV where the version has one, then the padding and MAC. */
static int open_record(struct wdp_cctx *c, const unsigned char *rec, size_t *len)
{
	size_t bs = c->d->blksz;

	switch (c->tlsversion) {
	case SSL3_VERSION:
	case TLS1_VERSION:
		return unpad(c, rec, len);
	case TLS1_1_VERSION:
	case TLS1_2_VERSION:
	case DTLS1_VERSION:
	case DTLS1_2_VERSION:
	case DTLS1_BAD_VER:
		if (*len < bs)
			return 0;
		*len -= bs;
		return unpad(c, rec + bs, len);
	default:
		return 0;
	}
}

int wdp_ctls_record(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl)
{
	size_t bs = c->d->blksz;

	if (!c->key_set) {
		wdp_raise(WDP_R_WRONG_STATE, "no key set");
		return 0;
	}
	if (!in || in != out || outsize < inl || !c->pad)
		goto fail;
	if (c->enc) {
		size_t padnum = bs - inl % bs;
		unsigned char padval = (unsigned char)(padnum - 1);

		if (outsize < inl + padnum)
			goto fail;
		if (c->tlsversion == SSL3_VERSION) {
			memset(out + inl, 0, padnum - 1);
			out[inl + padnum - 1] = padval;
		} else {
			memset(out + inl, padval, padnum);
		}
		inl += padnum;
	}
	if (inl % bs)
		goto fail;
	if (!wdp_cipher_wd(c, out, out, inl, c->d->ivlen ? c->iv : NULL))
		goto fail;
	c->tlsmac_ptr = NULL;
	*outl = inl;
	if (!c->enc && !open_record(c, out, outl))
		goto fail;
	return 1;
fail:
	wdp_raise(WDP_R_BAD_ARGUMENT, "cipher operation failed");
	return 0;
}
