/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Every advertised cipher through wd_do_cipher_sync: each key size and a
 * few lengths the mode takes, then > 64 KiB, in place, a stream cut in
 * chained requests (UADK's IV write-back), scatter-gather. Encryption is
 * compared with OpenSSL byte for byte, decryption must give the plaintext
 * back, and the IV written back must follow UADK's rule (crypto_hw.h's
 * references; wd_cipher.h).
 */
#include <stdlib.h>
#include <string.h>
#include "crypto_hw.h"

#define BIG	70001	/* > 64 KiB: the device works in chunks */

static unsigned int blk(const struct calg *a)
{
	return a->alg == WD_CIPHER_DES || a->alg == WD_CIPHER_3DES ? 8 : 16;
}

static unsigned int iv_len(const struct calg *a)
{
	return a->mode == WD_CIPHER_ECB ? 0 : blk(a);
}

static bool whole_blocks(const struct calg *a)
{
	return a->mode == WD_CIPHER_ECB || a->mode == WD_CIPHER_CBC;
}

static bool steals(const struct calg *a)
{
	return a->mode == WD_CIPHER_XTS || a->mode == WD_CIPHER_CBC_CS3;
}

/* A length the mode takes near n: whole blocks, or at least one block. */
static size_t fit(const struct calg *a, size_t n)
{
	if (whole_blocks(a))
		n -= n % blk(a);
	if (n < blk(a) && (whole_blocks(a) || steals(a)))
		n = blk(a);
	return n;
}

static handle_t cipher_sess(const struct calg *a)
{
	struct wd_cipher_sess_setup ss = { .alg = (enum wd_cipher_alg)a->alg,
					   .mode = (enum wd_cipher_mode)a->mode };

	return wd_cipher_alloc_sess(&ss);
}

/* One sync request; 0, or the return code / state (noted). */
static int cipher_req(handle_t h, const struct calg *a, int enc, u8 *iv, const void *in,
		      void *out, size_t len, bool sgl)
{
	struct wd_cipher_req r = { .op_type = enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION,
				   .src = (void *)in, .dst = out, .iv = iv_len(a) ? iv : NULL,
				   .in_bytes = (__u32)len, .iv_bytes = iv_len(a),
				   .out_buf_bytes = (__u32)len, .out_bytes = (__u32)len,
				   .data_fmt = sgl ? WD_SGL_BUF : WD_FLAT_BUF };
	int ret = wd_do_cipher_sync(h, &r);

	if (ret || r.state)
		NOTE("%s %s of %zu bytes: ret %d (%s), state %u", a->name, enc ? "enc" : "dec",
		     len, ret, wd_strerror(ret), r.state);
	return ret ? ret : r.state;
}

/* The IV after a request by UADK's rule; false when the rule does not apply to len. */
static bool iv_after(const struct calg *a, int enc, const u8 *iv, const u8 *in, const u8 *out,
		     size_t len, u8 *next)
{
	unsigned int n = iv_len(a), i, carry;
	const u8 *ct = enc ? out : in;
	size_t blocks = len / 16;

	memcpy(next, iv, n);
	switch (a->mode) {
	case WD_CIPHER_CBC:
	case WD_CIPHER_CBC_CS3:
		memcpy(next, ct + len - n, n);	/* the last ciphertext bytes */
		return true;
	case WD_CIPHER_CFB:
		if (len % 16)
			return false;
		memcpy(next, ct + len - 16, 16);
		return true;
	case WD_CIPHER_OFB:
		if (len % 16)
			return false;
		for (i = 0; i < 16; i++)	/* the last keystream block */
			next[i] = in[len - 16 + i] ^ out[len - 16 + i];
		return true;
	case WD_CIPHER_CTR:
		/* the 128-bit big-endian counter advanced by whole blocks (floor) */
		for (i = 16; i-- > 0;) {
			carry = next[i] + (unsigned int)(blocks & 0xff);
			next[i] = (u8)carry;
			blocks = (blocks >> 8) + (carry >> 8);
		}
		return true;
	default:
		return true;	/* ECB, XTS: unchanged */
	}
}

/* Encrypt with the API and OpenSSL, decrypt back; in place when in == the output. */
static bool one_trip(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		     const u8 *iv0, const u8 *pt, size_t len, bool in_place, bool *no_ref)
{
	u8 *ct = malloc(len), *want = malloc(len), *back = malloc(len);
	u8 iv[16], next[16];
	bool ok = false;
	char what[96];

	snprintf(what, sizeof(what), "%s key %u len %zu%s", a->name, klen, len,
		 in_place ? " in place" : "");
	if (!ct || !want || !back)
		goto out;
	if (ref_cipher(a, 1, key, klen, iv0, pt, want, len)) {
		*no_ref = true;
		ok = true;
		goto out;
	}
	memcpy(iv, iv0, 16);
	if (in_place)
		memcpy(ct, pt, len);
	if (cipher_req(h, a, 1, iv, in_place ? ct : pt, ct, len, false) ||
	    !same(what, ct, want, len))
		goto out;
	if (iv_after(a, 1, iv0, pt, ct, len, next) && !same("enc IV write-back", iv, next, iv_len(a)))
		goto out;
	memcpy(iv, iv0, 16);
	if (in_place)
		memcpy(back, ct, len);
	if (cipher_req(h, a, 0, iv, in_place ? back : ct, back, len, false) ||
	    !same("decrypted", back, pt, len))
		goto out;
	/* in-place CBC decryption must chain from the ciphertext, not the plaintext now there */
	ok = !iv_after(a, 0, iv0, want, pt, len, next) || same("dec IV write-back", iv, next,
								iv_len(a));
out:
	free(ct);
	free(want);
	free(back);
	return ok;
}

/* A stream cut in three requests, each continuing from the IV the last wrote back. */
static bool chained(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		    const u8 *iv0, const u8 *pt)
{
	const size_t cut[3] = { 4096, 272, whole_blocks(a) ? 1040 : 1037 };
	size_t total = cut[0] + cut[1] + cut[2], off;
	u8 *ct = malloc(total), *want = malloc(total), *back = malloc(total), iv[16];
	bool ok = false;
	int i;

	if (!ct || !want || !back || ref_cipher(a, 1, key, klen, iv0, pt, want, total))
		goto out;
	memcpy(iv, iv0, 16);
	for (i = 0, off = 0; i < 3; off += cut[i++])
		if (cipher_req(h, a, 1, iv, pt + off, ct + off, cut[i], false))
			goto out;
	if (!same("chained enc", ct, want, total))
		goto out;
	memcpy(iv, iv0, 16);
	for (i = 0, off = 0; i < 3; off += cut[i++])
		if (cipher_req(h, a, 0, iv, ct + off, back + off, cut[i], false))
			goto out;
	ok = same("chained dec", back, pt, total);
out:
	free(ct);
	free(want);
	free(back);
	return ok;
}

/* Scatter-gather: the same bytes in lists cut differently for src and dst. */
static bool sgl_trip(handle_t h, const struct calg *a, const u8 *key, unsigned int klen,
		     const u8 *iv0, const u8 *pt, size_t len)
{
	u8 *in = malloc(len), *out = malloc(len), *want = malloc(len), iv[16];
	struct wd_datalist s[3], d[2];
	size_t c0 = 100, c1 = len / 2;
	bool ok = false;

	if (!in || !out || !want || ref_cipher(a, 1, key, klen, iv0, pt, want, len))
		goto out;
	memcpy(in, pt, len);
	s[0] = (struct wd_datalist){ in, (__u32)c0, &s[1] };
	s[1] = (struct wd_datalist){ in + c0, (__u32)(c1 - c0), &s[2] };
	s[2] = (struct wd_datalist){ in + c1, (__u32)(len - c1), NULL };
	d[0] = (struct wd_datalist){ out, (__u32)(len - 33), &d[1] };
	d[1] = (struct wd_datalist){ out + len - 33, 33, NULL };
	memcpy(iv, iv0, 16);
	ok = !cipher_req(h, a, 1, iv, s, d, len, true) && same("sgl enc", out, want, len);
out:
	free(in);
	free(out);
	free(want);
	return ok;
}

static void cipher_alg(const struct calg *a)
{
	static const size_t small[] = { 16, 17, 48, 4101 };
	u8 key[64], iv[16], *pt = malloc(BIG);
	handle_t h = cipher_sess(a);
	bool ok = true, no_ref = false;
	unsigned int k;
	size_t i;

	CHECK(h != 0, "cipher %s: session", a->name);
	if (!h || !pt) {
		free(pt);
		return;
	}
	fill(pt, BIG, 1);
	fill(iv, 16, 2);
	for (k = 0; a->keys[k]; k++) {
		fill(key, sizeof(key), 3 + k);
		if (wd_cipher_set_key(h, key, a->keys[k])) {
			NOTE("set_key of %u bytes refused", a->keys[k]);
			ok = false;
			continue;
		}
		for (i = 0; i < sizeof(small) / sizeof(small[0]); i++)
			ok &= one_trip(h, a, key, a->keys[k], iv, pt, fit(a, small[i]), false,
				       &no_ref);
	}
	if (no_ref) {
		printf("# cipher %s: no OpenSSL reference here: not checked\n", a->name);
		goto out;
	}
	CHECK(ok, "cipher %s: every key size, lengths 16..4101, enc = OpenSSL, dec back, "
	      "IV write-back", a->name);
	/* the last key from here on */
	if (a->mode == WD_CIPHER_CTR)	/* the counter's low 64 bits wrap in the request */
		memset(iv + 8, 0xff, 8);
	k--;
	CHECK(one_trip(h, a, key, a->keys[k], iv, pt, fit(a, BIG), false, &no_ref),
	      "cipher %s: %zu bytes (> 64 KiB)%s", a->name, fit(a, BIG),
	      a->mode == WD_CIPHER_CTR ? ", the counter carrying into its high half" : "");
	fill(iv, 16, 2);
	CHECK(one_trip(h, a, key, a->keys[k], iv, pt, fit(a, 4101), true, &no_ref),
	      "cipher %s: in place (dst == src), both ways", a->name);
	if (!steals(a))
		CHECK(chained(h, a, key, a->keys[k], iv, pt),
		      "cipher %s: one stream in three chained requests = one OpenSSL call",
		      a->name);
	CHECK(sgl_trip(h, a, key, a->keys[k], iv, pt, fit(a, 4101)),
	      "cipher %s: scatter-gather src and dst", a->name);
	check_driver(CLS_CIPHER, h, run.want[CLS_CIPHER], a->name);
out:
	wd_cipher_free_sess(h);
	free(pt);
}

void test_cipher(void)
{
	const struct calg *list[128];
	int n = calg_advertised(list, 128), i, tested = 0;

	if (!setup_class(CLS_CIPHER))
		return;
	for (i = 0; i < n; i++)
		if (list[i]->cls == CLS_CIPHER) {
			cipher_alg(list[i]);
			tested++;
		}
	CHECK(tested > 0, "cipher: %d advertised algorithms tested", tested);
	class_uninit(CLS_CIPHER);
}
