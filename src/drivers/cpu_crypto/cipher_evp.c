/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cipher modes OpenSSL runs as they are, on the session's keyed EVP
 * contexts: a request is a re-IV and one Update (no Final: padding is
 * off and the class passed only lengths the mode takes). What each mode
 * adds is UADK's IV write-back, so consecutive requests continue a stream.
 */
#include <string.h>
#include "cipher_internal.h"

/* EVP takes int lengths: feed larger requests in chained 1 GiB pieces. */
#define EVP_PIECE	(1u << 30)

static inline int evp_run(EVP_CIPHER_CTX *c, const __u8 *iv, __u8 *out, const __u8 *in,
			  __u32 len)
{
	int outl;

	if (iv && __builtin_expect(!EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, -1), 0))
		return -WD_EINVAL;
	while (len) {
		__u32 n = len < EVP_PIECE ? len : EVP_PIECE;

		if (__builtin_expect(!EVP_CipherUpdate(c, out, &outl, in, (int)n), 0))
			return -WD_EINVAL;
		in += n;
		out += n;
		len -= n;
	}
	return 0;
}

int cipher_evp_ecb(struct cipher_state *st, struct wd_cipher_msg *m)
{
	return evp_run(st->ctx[m->encrypt], NULL, m->out, m->in, m->len);
}

/*
 * The IV to set before a CBC request, or NULL when ctx[enc] already
 * continues from it: a stream of requests (each one's IV the write-back of
 * the last) then costs one Update each. Plain CBC only: OpenSSL's CTS
 * leaves another block in its context than UADK writes back.
 */
static const __u8 *cbc_iv(const struct cipher_state *st, int enc, const struct wd_cipher_msg *m)
{
	if (st->mode == WD_CIPHER_CBC && st->chain_ok[enc] &&
	    !memcmp(st->chain_iv[enc], m->iv, m->iv_len))
		return NULL;
	return m->iv;
}

static void cbc_chain(struct cipher_state *st, int enc, const struct wd_cipher_msg *m, int ret)
{
	st->chain_ok[enc] = !ret && st->mode == WD_CIPHER_CBC && m->len >= m->iv_len;
	if (st->chain_ok[enc])
		memcpy(st->chain_iv[enc], m->iv, m->iv_len);
}

/* Also CBC-CS through OpenSSL's CTS (UADK chains CS like CBC). */
int cipher_evp_cbc_enc(struct cipher_state *st, struct wd_cipher_msg *m)
{
	int ret = evp_run(st->ctx[1], cbc_iv(st, 1, m), m->out, m->in, m->len);

	if (!ret && m->len >= m->iv_len)
		memcpy(m->iv, m->out + m->len - m->iv_len, m->iv_len);
	cbc_chain(st, 1, m, ret);
	return ret;
}

int cipher_evp_cbc_dec(struct cipher_state *st, struct wd_cipher_msg *m)
{
	__u8 next[16];
	int ret;

	/* the last ciphertext block, before an in-place decryption overwrites it */
	if (m->len >= m->iv_len)
		memcpy(next, m->in + m->len - m->iv_len, m->iv_len);
	ret = evp_run(st->ctx[0], cbc_iv(st, 0, m), m->out, m->in, m->len);
	if (!ret && m->len >= m->iv_len)
		memcpy(m->iv, next, m->iv_len);
	cbc_chain(st, 0, m, ret);
	return ret;
}

int cipher_evp_ctr(struct cipher_state *st, struct wd_cipher_msg *m)
{
	int ret = evp_run(st->ctx[m->encrypt], m->iv, m->out, m->in, m->len);

	if (!ret)
		cipher_ctr_add(m->iv, m->len / 16);
	return ret;
}

/*
 * OFB: the IV becomes the last keystream block, the one the request's
 * last (possibly partial) block used. OpenSSL's OFB register holds
 * exactly that after the Update; a partial block's unused keystream
 * bytes are dropped, so the next request starts at a block boundary.
 */
int cipher_evp_ofb(struct cipher_state *st, struct wd_cipher_msg *m)
{
	EVP_CIPHER_CTX *c = st->ctx[m->encrypt];
	int ret = evp_run(c, m->iv, m->out, m->in, m->len);

	if (!ret && m->len && !EVP_CIPHER_CTX_get_updated_iv(c, m->iv, 16))
		ret = -WD_EINVAL;
	return ret;
}

/*
 * CFB: the IV becomes the last 16 bytes of IV || ciphertext, i.e. the
 * last ciphertext block (UADK's rule) when len >= 16, and the shift
 * register's natural continuation when len < 16. After a partial block
 * the next request starts a fresh block from that IV.
 */
static void cfb_next(__u8 *next, const __u8 *iv, const __u8 *ct, __u32 len)
{
	if (len >= 16) {
		memcpy(next, ct + len - 16, 16);
	} else {
		memcpy(next, iv + len, 16 - len);
		memcpy(next + 16 - len, ct, len);
	}
}

int cipher_evp_cfb(struct cipher_state *st, struct wd_cipher_msg *m)
{
	__u8 next[16];
	int ret;

	if (!m->encrypt)
		cfb_next(next, m->iv, m->in, m->len);
	ret = evp_run(st->ctx[m->encrypt], m->iv, m->out, m->in, m->len);
	if (ret)
		return ret;
	if (m->encrypt)
		cfb_next(next, m->iv, m->out, m->len);
	memcpy(m->iv, next, 16);
	return 0;
}

/* XTS: the IV is the tweak, the request the data unit; the IV stays. */
int cipher_evp_xts(struct cipher_state *st, struct wd_cipher_msg *m)
{
	int outl;

	if (__builtin_expect(!EVP_CipherInit_ex(st->ctx[m->encrypt], NULL, NULL, NULL, m->iv, -1),
			     0))
		return -WD_EINVAL;
	/* one Update: a data unit cannot be split */
	if (!EVP_CipherUpdate(st->ctx[m->encrypt], m->out, &outl, m->in, (int)m->len))
		return -WD_EINVAL;
	return 0;
}
