// SPDX-License-Identifier: Apache-2.0
/*
 * The one-shot modes on WarpDrive: CBC with ciphertext stealing (the
 * session's mode is WD_CIPHER_CBC_CS1/2/3, as the message's CTS variant
 * says) and XTS. Each Update is one request over the whole input.
 */
#include <string.h>

#include "cipher.h"

/*
 * Where the block C(n) lies in the ciphertext of a CBC-CS message: the last
 * block CBC produced, which OpenSSL leaves as the updated IV. CS1 keeps the
 * CBC order; CS2 and CS3 put C(n) before the (partial) C(n-1), CS3 even for
 * a whole number of blocks (but one block is plain CBC).
 */
static size_t cn_offset(unsigned int cs, size_t len)
{
	size_t r = len % 16;

	if (cs == 0 || (cs == 1 && r == 0) || len == 16)
		return len - 16;
	return len - 16 - (r ? r : 16);
}

int wdp_ccts_update(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl)
{
	unsigned char iv[16], cn[16] = { 0 };
	size_t at;

	/* OpenSSL's CTS refuses these without raising an error */
	if (inl < 16 || outsize < inl)
		return 0;
	if (!out) {
		*outl = inl;
		return 1;
	}
	if (c->updated)
		return 0;
	if (inl > UINT32_MAX) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "input too long");
		return 0;
	}
	at = cn_offset(c->cts_mode, inl);
	if (!c->enc)
		memcpy(cn, in + at, 16);	/* before an in-place run overwrites it */
	memcpy(iv, c->iv, 16);
	if (!wdp_cipher_wd(c, out, in, inl, iv))
		return 0;
	if (c->enc)
		memcpy(cn, out + at, 16);
	memcpy(c->iv, cn, 16);
	c->updated = 1;
	*outl = inl;
	return 1;
}

/* IEEE 1619-2018 and SP 800-38E: at most 2^20 blocks in a data unit. */
#define XTS_MAX_LEN	((size_t)16 << 20)

int wdp_cxts_cipher(struct wdp_cctx *c, unsigned char *out, size_t *outl, size_t outsize,
		    const unsigned char *in, size_t inl)
{
	unsigned char tweak[16];

	if (outsize < inl) {
		wdp_raise(WDP_R_OUTPUT_TOO_SMALL, "output buffer too small");
		return 0;
	}
	if (!c->key_set || !c->iv_set || !out || !in || inl < 16) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "cipher operation failed");
		return 0;
	}
	if (inl > XTS_MAX_LEN) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "xts data unit is too large");
		return 0;
	}
	/* the tweak stays for the next data unit, whatever a driver does with it */
	memcpy(tweak, c->iv, 16);
	if (!wdp_cipher_wd(c, out, in, inl, tweak))
		return 0;
	*outl = inl;
	return 1;
}
