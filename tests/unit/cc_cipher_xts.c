/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_cipher: XTS beyond the vectors (SM4's two tweak rules, AES with equal key halves). */
#include <string.h>
#include <openssl/rand.h>
#include "cc_cipher_test.h"

/* SM4-XTS (both tweak rules): round trips, and GB differs from IEEE. */
void test_sm4_xts_roundtrip(void **unused)
{
	static const __u32 lens[] = { 16, 17, 31, 32, 33, 47, 48, 100, 4096, 4097, 65535 };
	struct cipher_state *ieee, *gb;
	__u8 key[32], iv0[16], iv[16];
	size_t i;

	(void)unused;
	RAND_bytes(key, 32);
	ieee = sess_new(WD_CIPHER_SM4, WD_CIPHER_XTS, 0, key, 32);
	gb = sess_new(WD_CIPHER_SM4, WD_CIPHER_XTS_GB, 0, key, 32);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		RAND_bytes(iv0, 16);
		RAND_bytes(pt, lens[i]);
		memcpy(iv, iv0, 16);
		CHECK_INT(drive(ieee, 1, pt, ct, lens[i], iv, 16), 0);
		CHECK_MEM(iv, iv0, 16);
		CHECK_INT(drive(gb, 1, pt, buf, lens[i], iv, 16), 0);
		cc_checks++;
		if (lens[i] == 16)
			assert_memory_equal(ct, buf, 16);
		else
			assert_memory_not_equal(ct, buf, lens[i]);
		CHECK_INT(drive(ieee, 0, ct, buf2, lens[i], iv, 16), 0);
		CHECK_MEM(buf2, pt, lens[i]);
		CHECK_INT(drive(gb, 0, buf, buf, lens[i], iv, 16), 0);
		CHECK_MEM(buf, pt, lens[i]);
	}
	sess_free(ieee);
	sess_free(gb);
}

/* Equal AES-XTS key halves: OpenSSL refuses to encrypt, UADK does not. */
void test_aes_xts_equal_halves(void **unused)
{
	static const __u32 lens[] = { 16, 33, 512, 4097 };
	__u8 key[64], iv[16];
	size_t i, k;

	(void)unused;
	for (k = 16; k <= 32; k += 16) {
		struct cipher_state *st;

		RAND_bytes(key, k);
		memcpy(key + k, key, k);
		st = sess_new(WD_CIPHER_AES, WD_CIPHER_XTS, 0, key, 2 * k);
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			RAND_bytes(iv, 16);
			RAND_bytes(pt, lens[i]);
			CHECK_INT(drive(st, 1, pt, ct, lens[i], iv, 16), 0);
			/* OpenSSL's default provider still decrypts with equal halves */
			ref(k == 16 ? "AES-128-XTS" : "AES-256-XTS", NULL, 0, key, iv, ct, buf,
			    lens[i]);
			CHECK_MEM(buf, pt, lens[i]);
			CHECK_INT(drive(st, 0, ct, buf2, lens[i], iv, 16), 0);
			CHECK_MEM(buf2, pt, lens[i]);
		}
		sess_free(st);
	}
}
