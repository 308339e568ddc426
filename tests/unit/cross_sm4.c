/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SM4 modes OpenSSL 3.0 lacks: XTS (IEEE 1619), XTS_GB (GB/T
 * 17964-2021) and CBC-CS1/2/3 (SP 800-38A addendum), against references
 * written here over OpenSSL's SM4-ECB / SM4-CBC. Each reference is first
 * checked against OpenSSL's own AES-XTS and AES-CBC-CTS on AES, where the
 * two differ only in the block cipher; the GB doubling differs from IEEE's
 * in bit order alone (its own lines below).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cross.h"

/* IEEE 1619: the tweak times alpha, little-endian bytes. */
static void dbl_ieee(uint8_t *t)
{
	int carry = t[15] >> 7, i;

	for (i = 15; i > 0; i--)
		t[i] = (uint8_t)(t[i] << 1 | t[i - 1] >> 7);
	t[0] = (uint8_t)(t[0] << 1);
	if (carry)
		t[0] ^= 0x87;
}

/* GB/T 17964: the tweak as a big-endian number shifted right, 0xE1 folded into byte 0. */
static void dbl_gb(uint8_t *t)
{
	int carry = t[15] & 1, i;

	for (i = 15; i > 0; i--)
		t[i] = (uint8_t)(t[i] >> 1 | t[i - 1] << 7);
	t[0] >>= 1;
	if (carry)
		t[0] ^= 0xe1;
}

/* XTS encryption (len >= 16) over ECB of alg; key = data key || tweak key. */
static int ref_xts(int alg, bool gb, const uint8_t *key, uint32_t klen, const uint8_t *iv,
		   const uint8_t *in, uint8_t *out, uint32_t len)
{
	uint32_t half = klen / 2, nb = len / 16, tail = len % 16, b, i;
	uint8_t *t = malloc((size_t)(nb + 1) * 16), *x = malloc((size_t)nb * 16 + 16), last[16];
	int ret = -1;

	if (!t || !x || evp_crypt(alg, WD_CIPHER_ECB, key + half, half, NULL, 1, iv, t, 16))
		goto out;
	for (b = 1; b <= nb; b++) {	/* T_b = T_0 * alpha^b */
		memcpy(t + 16 * b, t + 16 * (b - 1), 16);
		if (gb)
			dbl_gb(t + 16 * b);
		else
			dbl_ieee(t + 16 * b);
	}
	for (i = 0; i < nb * 16; i++)
		x[i] = in[i] ^ t[i];
	if (evp_crypt(alg, WD_CIPHER_ECB, key, half, NULL, 1, x, out, nb * 16))
		goto out;
	for (i = 0; i < nb * 16; i++)
		out[i] ^= t[i];
	if (tail) {	/* ciphertext stealing: the last full block gives up its tail */
		uint8_t *cm = out + 16 * (nb - 1);

		memcpy(last, in + 16 * nb, tail);
		memcpy(last + tail, cm + tail, 16 - tail);
		memcpy(out + 16 * nb, cm, tail);
		for (i = 0; i < 16; i++)
			last[i] ^= t[16 * nb + i];
		if (evp_crypt(alg, WD_CIPHER_ECB, key, half, NULL, 1, last, cm, 16))
			goto out;
		for (i = 0; i < 16; i++)
			cm[i] ^= t[16 * nb + i];
	}
	ret = 0;
out:
	free(t);
	free(x);
	return ret;
}

/* CBC-CS1/2/3 encryption (len >= 16) over CBC of alg on the zero-padded data. */
static int ref_cts(int alg, int mode, const uint8_t *key, uint32_t klen, const uint8_t *iv,
		   const uint8_t *in, uint8_t *out, uint32_t len)
{
	uint32_t k = (len + 15) / 16, d = len - 16 * (k - 1);
	uint8_t *p = calloc(k, 16), *c = malloc((size_t)k * 16);
	bool swap = k > 1 && (mode == WD_CIPHER_CBC_CS3 || (mode == WD_CIPHER_CBC_CS2 && d < 16));
	int ret = -1;

	if (!p || !c)
		goto out;
	memcpy(p, in, len);
	if (evp_crypt(alg, WD_CIPHER_CBC, key, klen, iv, 1, p, c, k * 16))
		goto out;
	memcpy(out, c, 16 * (k - 1));
	if (k == 1) {
		memcpy(out, c, 16);
	} else if (swap) {	/* ... C(n) || first d bytes of C(n-1) */
		memcpy(out + 16 * (k - 2), c + 16 * (k - 1), 16);
		memcpy(out + 16 * (k - 1), c + 16 * (k - 2), d);
	} else {		/* ... first d bytes of C(n-1) || C(n) */
		memcpy(out + 16 * (k - 2) + d, c + 16 * (k - 1), 16);
	}
	ret = 0;
out:
	free(p);
	free(c);
	return ret;
}

static uint8_t in[CROSS_MAX], out[CROSS_MAX], ref[CROSS_MAX], back[CROSS_MAX];

/* The references on AES equal OpenSSL's AES-XTS and AES-CBC-CTS. */
static void check_refs(void)
{
	uint8_t key[64], iv[16];
	int n, mode;

	for (n = 0; n < 24; n++) {
		uint32_t len = cross_len(16, 4096, 1), klen = n & 1 ? 64 : 32;

		ct_fill(key, klen);
		ct_fill(iv, 16);
		ct_fill(in, len);
		assert_int_equal(evp_crypt(WD_CIPHER_AES, WD_CIPHER_XTS, key, klen, iv, 1, in, out,
					   len), 0);
		assert_int_equal(ref_xts(WD_CIPHER_AES, false, key, klen, iv, in, ref, len), 0);
		cross_same("XTS reference vs OpenSSL (AES)", ref, out, len);
		mode = WD_CIPHER_CBC_CS1 + n % 3;
		assert_int_equal(evp_crypt(WD_CIPHER_AES, mode, key, 16, iv, 1, in, out, len), 0);
		assert_int_equal(ref_cts(WD_CIPHER_AES, mode, key, 16, iv, in, ref, len), 0);
		cross_same("CBC-CS reference vs OpenSSL (AES)", ref, out, len);
	}
}

void cross_cipher_sm4_modes(void **state)
{
	static const int modes[] = { WD_CIPHER_XTS, WD_CIPHER_XTS_GB, WD_CIPHER_CBC_CS1,
				     WD_CIPHER_CBC_CS2, WD_CIPHER_CBC_CS3 };
	uint8_t key[32], iv[16], ivc[16];
	long runs = 0;
	size_t m;
	int n;

	(void)state;
	check_refs();
	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		bool xts = modes[m] == WD_CIPHER_XTS || modes[m] == WD_CIPHER_XTS_GB;
		uint32_t klen = xts ? 32 : 16;
		handle_t h;

		ct_fill(key, klen);
		h = ct_cipher_sess(WD_CIPHER_SM4, modes[m], key, klen);
		assert_true(h);
		for (n = 0; n < 24; n++) {
			uint32_t len = cross_len(16, CROSS_MAX, 1);

			ct_fill(in, len);
			ct_fill(iv, 16);
			if (xts)
				assert_int_equal(ref_xts(WD_CIPHER_SM4, modes[m] == WD_CIPHER_XTS_GB, key,
							 klen, iv, in, ref, len), 0);
			else
				assert_int_equal(ref_cts(WD_CIPHER_SM4, modes[m], key, klen, iv, in, ref,
							 len), 0);
			memcpy(ivc, iv, 16);
			assert_int_equal(ct_cipher(h, WD_CIPHER_ENCRYPTION, in, out, len, ivc, 16), 0);
			cross_same(modes[m] == WD_CIPHER_XTS ? "SM4-XTS" :
				   modes[m] == WD_CIPHER_XTS_GB ? "SM4-XTS-GB" : "SM4-CBC-CS", out, ref,
				   len);
			memcpy(ivc, iv, 16);
			assert_int_equal(ct_cipher(h, WD_CIPHER_DECRYPTION, out, back, len, ivc, 16), 0);
			cross_same("SM4 decrypted", back, in, len);
			runs++;
		}
		wd_cipher_free_sess(h);
	}
	printf("cipher: %ld SM4-XTS / XTS-GB / CBC-CS1..3 requests equal the references\n", runs);
}
