/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CBC with ciphertext stealing, CS1/CS2/CS3 (NIST SP 800-38A addendum),
 * over a CBC context and an ECB-decrypt context, for SM4 (OpenSSL 3.0's
 * CTS exists for AES and Camellia only).
 *
 * With m full blocks and d = len % 16 tail bytes (len >= 16):
 *   d == 0  CS1, CS2: plain CBC.  CS3: the last two blocks swapped.
 *   d != 0  C_1..C_m = CBC(P_1..P_m); C' = E(C_m ^ (P* || 0)) (CBC's next
 *           step on the zero-padded tail); C_m* = first d bytes of C_m.
 *           CS1:      C_1..C_{m-1} || C_m* || C'
 *           CS2, CS3: C_1..C_{m-1} || C'   || C_m*
 * Decryption inverts it: D(C') = C_m ^ (P* || 0) gives back C_m's last
 * 16 - d bytes and P*. The IV write-back is UADK's CBC rule: the last 16
 * bytes of the output (encrypt) or of the input (decrypt).
 */
#include <string.h>
#include "cipher_internal.h"

static inline int upd(EVP_CIPHER_CTX *c, __u8 *out, const __u8 *in, __u32 len)
{
	int outl;

	if (!len)
		return 0;
	return EVP_CipherUpdate(c, out, &outl, in, (int)len) ? 0 : -WD_EINVAL;
}

int cipher_cs_enc(struct cipher_state *st, struct wd_cipher_msg *m)
{
	EVP_CIPHER_CTX *c = st->ctx[1];
	__u32 nblk = m->len / 16, d = m->len % 16, body = nblk * 16;
	__u8 pad[16] = { 0 }, last[16], cm[16];
	int ret;

	if (m->len < 16 || m->len > INT32_MAX)
		return -WD_EINVAL;
	if (!EVP_CipherInit_ex(c, NULL, NULL, NULL, m->iv, -1))
		return -WD_EINVAL;
	if (!d) {
		ret = upd(c, m->out, m->in, m->len);
		if (!ret && m->mode == WD_CIPHER_CBC_CS3 && nblk >= 2) {
			__u8 *a = m->out + body - 32;

			memcpy(cm, a, 16);
			memcpy(a, a + 16, 16);
			memcpy(a + 16, cm, 16);
		}
	} else {
		memcpy(pad, m->in + body, d);	/* before an in-place output covers it */
		ret = upd(c, m->out, m->in, body);
		ret |= upd(c, last, pad, 16);
		if (m->mode == WD_CIPHER_CBC_CS1) {
			memcpy(m->out + body - 16 + d, last, 16);
		} else {
			memcpy(cm, m->out + body - 16, d);
			memcpy(m->out + body - 16, last, 16);
			memcpy(m->out + body, cm, d);
		}
		cc_wipe(pad, sizeof(pad));
	}
	if (ret)
		return -WD_EINVAL;
	memcpy(m->iv, m->out + m->len - 16, 16);
	return 0;
}

int cipher_cs_dec(struct cipher_state *st, struct wd_cipher_msg *m)
{
	EVP_CIPHER_CTX *c = st->ctx[0];
	__u32 nblk = m->len / 16, d = m->len % 16, body = nblk * 16;
	__u8 next[16], a[16], b[16], z[16];
	const __u8 *lastp, *starp;
	int ret, i;

	if (m->len < 16 || m->len > INT32_MAX)
		return -WD_EINVAL;
	memcpy(next, m->in + m->len - 16, 16);
	if (!EVP_CipherInit_ex(c, NULL, NULL, NULL, m->iv, -1))
		return -WD_EINVAL;
	if (!d && (m->mode != WD_CIPHER_CBC_CS3 || nblk < 2)) {
		ret = upd(c, m->out, m->in, m->len);
	} else if (!d) {
		/* CS3: C_m came before C_{m-1}; decrypt them back in order */
		memcpy(a, m->in + body - 32, 16);
		memcpy(b, m->in + body - 16, 16);
		ret = upd(c, m->out, m->in, body - 32);
		ret |= upd(c, m->out + body - 32, b, 16);
		ret |= upd(c, m->out + body - 16, a, 16);
	} else {
		if (m->mode == WD_CIPHER_CBC_CS1) {
			starp = m->in + body - 16;
			lastp = starp + d;
		} else {
			lastp = m->in + body - 16;
			starp = m->in + body;
		}
		memcpy(b, starp, d);
		ret = upd(st->auxctx, z, lastp, 16);
		/* z = C_m ^ (P* || 0): rebuild C_m, then P* */
		memcpy(a, b, d);
		memcpy(a + d, z + d, 16 - d);
		for (i = 0; i < (int)d; i++)
			z[i] ^= b[i];
		ret |= upd(c, m->out, m->in, body - 16);
		ret |= upd(c, m->out + body - 16, a, 16);
		memcpy(m->out + body, z, d);
		cc_wipe(z, sizeof(z));
	}
	if (ret)
		return -WD_EINVAL;
	memcpy(m->iv, next, 16);
	return 0;
}
