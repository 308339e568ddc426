/* SPDX-License-Identifier: Apache-2.0 */
/*
 * XTS over an ECB context, for what OpenSSL 3.0's AES-XTS does not serve:
 * SM4 (OpenSSL 3.0 has no SM4-XTS) and AES whose two key halves are equal
 * (OpenSSL refuses them; UADK does not). IEEE 1619 and GB/T 17964-2021
 * differ only in how the tweak steps from block to block:
 *   IEEE  tweak as a little-endian 128-bit number, times x modulo
 *         x^128 + x^7 + x^2 + x + 1 (shift left, fold 0x87 into byte 0);
 *   GB    tweak as a big-endian number in GCM's reflected bit order
 *         (shift right, fold 0xe1 into byte 0).
 * Ciphertext stealing for a partial last block is the same in both.
 * The request is one data unit; iv holds the tweak and is left unchanged.
 *
 * Keys: ctx[0]/ctx[1] hold the data key (first half) as ECB decrypt /
 * encrypt, auxctx the tweak key (second half) as ECB encrypt.
 */
#include <string.h>
#include "cipher_internal.h"
#include "wd_bytes.h"

/* blocks per ECB call: the tweaks for them are staged on the stack */
#define XTS_CHUNK	32

typedef void (*tweak_step_fn)(__u8 *t);

static void step_ieee(__u8 *t)
{
	__u64 lo = wd_get_le64(t), hi = wd_get_le64(t + 8);
	__u64 fold = (__u64)0 - (hi >> 63);

	hi = hi << 1 | lo >> 63;
	lo = lo << 1 ^ (fold & 0x87);
	wd_put_le64(t, lo);
	wd_put_le64(t + 8, hi);
}

static void step_gb(__u8 *t)
{
	__u64 hi = wd_get_be64(t), lo = wd_get_be64(t + 8);
	__u64 fold = (__u64)0 - (lo & 1);

	lo = lo >> 1 | hi << 63;
	hi = hi >> 1 ^ (fold & (0xe1ull << 56));
	wd_put_be64(t, hi);
	wd_put_be64(t + 8, lo);
}

static inline void xor_n(__u8 *d, const __u8 *a, const __u8 *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = a[i] ^ b[i];
}

static inline int ecb(EVP_CIPHER_CTX *c, __u8 *out, const __u8 *in, int len)
{
	int outl;

	return EVP_CipherUpdate(c, out, &outl, in, len) ? 0 : -WD_EINVAL;
}

/* One block: dst = E(src ^ t) ^ t (dst may equal src). */
static int xts_block(EVP_CIPHER_CTX *c, __u8 *dst, const __u8 *src, const __u8 *t)
{
	__u8 x[16];
	int ret;

	xor_n(x, src, t, 16);
	ret = ecb(c, x, x, 16);
	xor_n(dst, x, t, 16);
	return ret;
}

static int xts_run(struct cipher_state *st, struct wd_cipher_msg *m, tweak_step_fn step)
{
	EVP_CIPHER_CTX *c = st->ctx[m->encrypt];
	__u32 nblk = m->len / 16, tail = m->len % 16, bulk, i, j, k;
	__u8 tw[XTS_CHUNK * 16], t[16], t2[16], pp[16], cc[16];
	const __u8 *in = m->in;
	__u8 *out = m->out;
	int ret;

	if (m->len < 16)
		return -WD_EINVAL;
	ret = ecb(st->auxctx, t, m->iv, 16);
	if (ret)
		return ret;
	/* with stealing, the last full block is done with the tail */
	bulk = tail ? nblk - 1 : nblk;
	for (i = 0; i < bulk; i += k) {
		k = bulk - i < XTS_CHUNK ? bulk - i : XTS_CHUNK;
		for (j = 0; j < k; j++) {
			memcpy(tw + 16 * j, t, 16);
			step(t);
		}
		xor_n(out, in, tw, 16 * k);
		ret = ecb(c, out, out, (int)(16 * k));
		if (ret)
			return ret;
		xor_n(out, out, tw, 16 * k);
		in += 16 * k;
		out += 16 * k;
	}
	if (!tail)
		return 0;
	/* in/out: the last full block, then tail bytes; t: that block's tweak */
	memcpy(t2, t, 16);
	step(t2);
	if (m->encrypt) {
		ret = xts_block(c, cc, in, t);
		memcpy(pp, in + 16, tail);	/* read before out (maybe == in) is written */
		memcpy(pp + tail, cc + tail, 16 - tail);
		memcpy(out + 16, cc, tail);
		ret |= xts_block(c, out, pp, t2);
	} else {
		ret = xts_block(c, pp, in, t2);
		memcpy(cc, in + 16, tail);
		memcpy(cc + tail, pp + tail, 16 - tail);
		memcpy(out + 16, pp, tail);
		ret |= xts_block(c, out, cc, t);
	}
	cc_wipe(pp, sizeof(pp));
	cc_wipe(cc, sizeof(cc));
	return ret ? -WD_EINVAL : 0;
}

int cipher_xts_ieee(struct cipher_state *st, struct wd_cipher_msg *m)
{
	return xts_run(st, m, step_ieee);
}

int cipher_xts_gb(struct cipher_state *st, struct wd_cipher_msg *m)
{
	return xts_run(st, m, step_gb);
}
