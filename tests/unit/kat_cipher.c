/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cipher known answers: AES ECB/CBC/CFB128/OFB (NIST CAVP KAT + MMT),
 * AES-CTR (RFC 3686), AES-XTS (CAVP XTSGen), 3DES ECB/CBC (CAVP TDES MMT),
 * SM4 ECB/CBC/CFB/OFB/CTR (draft-ribose-cfrg-sm4) and GB/T 32907's own
 * example. Each record runs both ways: encrypt the plaintext, decrypt the
 * ciphertext.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "kat.h"

#define MAXD	4096

struct ckat {
	int alg, mode;
};

static void both_ways(const struct tv_rec *r, int alg, int mode, const uint8_t *key, uint32_t klen,
		      const uint8_t *iv, uint32_t ivlen, const uint8_t *pt, const uint8_t *ct,
		      uint32_t len)
{
	uint8_t out[MAXD], ivc[16];
	handle_t h = ct_cipher_sess(alg, mode, key, klen);

	if (!h)
		fail_msg("%s:%d: no session for a %u-byte key", r->file, r->line, klen);
	memcpy(ivc, iv, ivlen);
	if (ct_cipher(h, WD_CIPHER_ENCRYPTION, pt, out, len, ivlen ? ivc : NULL, ivlen))
		fail_msg("%s:%d: encrypt refused", r->file, r->line);
	kat_same(r, "ciphertext", out, ct, len);
	memcpy(ivc, iv, ivlen);
	if (ct_cipher(h, WD_CIPHER_DECRYPTION, ct, out, len, ivlen ? ivc : NULL, ivlen))
		fail_msg("%s:%d: decrypt refused", r->file, r->line);
	kat_same(r, "plaintext", out, pt, len);
	wd_cipher_free_sess(h);
}

/* KEY or KEY1 KEY2 KEY3 (TDES; K1 == K3 runs as a two-key 16-byte key). */
static uint32_t rec_key(const struct tv_rec *r, uint8_t *key)
{
	if (tv_has(r, "KEY"))
		return (uint32_t)kat_hex(r, "KEY", key, 64);
	kat_hex(r, "KEY1", key, 8);
	kat_hex(r, "KEY2", key + 8, 8);
	kat_hex(r, "KEY3", key + 16, 8);
	return memcmp(key, key + 16, 8) ? 24 : 16;
}

static enum kat_result block_rec(const struct tv_rec *r, void *arg)
{
	const struct ckat *k = arg;
	uint8_t key[64], iv[16], pt[MAXD], ct[MAXD];
	uint32_t klen = rec_key(r, key), ivlen = 0;
	long n = kat_hex(r, "PLAINTEXT", pt, MAXD);

	if (kat_hex(r, "CIPHERTEXT", ct, MAXD) != n || n <= 0)
		fail_msg("%s:%d: plaintext and ciphertext lengths", r->file, r->line);
	if (k->mode != WD_CIPHER_ECB)
		ivlen = (uint32_t)kat_hex(r, "IV", iv, 16);
	both_ways(r, k->alg, k->mode, key, klen, iv, ivlen, pt, ct, (uint32_t)n);
	return KAT_OK;
}

static void aes_family(const char *dir, const char *prefix, int mode, const char *name)
{
	struct ckat k = { WD_CIPHER_AES, mode };
	struct kat_tally t = { 0 };

	kat_dir(&t, dir, prefix, ".rsp", "COUNT", block_rec, &k);
	kat_report(name, &t, NULL);
}

void kat_aes_ecb(void **state)
{
	(void)state;
	aes_family("ciphers/AES/ECB", "ECB", WD_CIPHER_ECB, "AES-ECB");
}

void kat_aes_cbc(void **state)
{
	(void)state;
	aes_family("ciphers/AES/CBC", "CBC", WD_CIPHER_CBC, "AES-CBC");
}

void kat_aes_cfb(void **state)
{
	(void)state;
	/* UADK's CFB is CFB-128: the CFB1 and CFB8 files are other modes */
	aes_family("ciphers/AES/CFB", "CFB128", WD_CIPHER_CFB, "AES-CFB128");
}

void kat_aes_ofb(void **state)
{
	(void)state;
	aes_family("ciphers/AES/OFB", "OFB", WD_CIPHER_OFB, "AES-OFB");
}

void kat_aes_ctr(void **state)
{
	struct ckat k = { WD_CIPHER_AES, WD_CIPHER_CTR };
	struct kat_tally t = { 0 };

	(void)state;
	/* RFC 3686: IV here is the whole counter block (nonce, IV, counter 1) */
	kat_dir(&t, "ciphers/AES/CTR", "aes-", "-ctr.txt", "COUNT", block_rec, &k);
	kat_report("AES-CTR", &t, NULL);
}

/*
 * XTS: the tweak is "i" (hex) or DataUnitSeqNumber (the 16-byte
 * little-endian number, IEEE 1619). A data unit is one whole request, so
 * units of a bit length that is not whole bytes cannot be expressed.
 */
static enum kat_result xts_rec(const struct tv_rec *r, void *arg)
{
	uint8_t key[64], tweak[16] = { 0 }, pt[MAXD], ct[MAXD];
	long bits = tv_int(r, "DataUnitLen"), klen, n, seq, i;

	(void)arg;
	if (bits < 0)
		fail_msg("%s:%d: no DataUnitLen", r->file, r->line);
	if (bits % 8)
		return KAT_SKIP;
	klen = kat_hex(r, "Key", key, 64);
	n = kat_hex(r, "PT", pt, MAXD);
	if (kat_hex(r, "CT", ct, MAXD) != n || n != bits / 8)
		fail_msg("%s:%d: lengths", r->file, r->line);
	if (tv_has(r, "i")) {
		kat_hex(r, "i", tweak, 16);
	} else {
		seq = tv_int(r, "DataUnitSeqNumber");
		if (seq < 0)
			fail_msg("%s:%d: no tweak", r->file, r->line);
		for (i = 0; i < 8; i++)
			tweak[i] = (uint8_t)(seq >> (8 * i));
	}
	both_ways(r, WD_CIPHER_AES, WD_CIPHER_XTS, key, (uint32_t)klen, tweak, 16, pt, ct,
		  (uint32_t)n);
	return KAT_OK;
}

void kat_aes_xts(void **state)
{
	struct kat_tally t = { 0 };

	(void)state;
	kat_dir(&t, "ciphers/AES/XTS/tweak-128hexstr", "XTSGenAES", ".rsp", "COUNT", xts_rec, NULL);
	kat_dir(&t, "ciphers/AES/XTS/tweak-dataunitseqno", "XTSGenAES", ".rsp", "COUNT", xts_rec,
		NULL);
	kat_report("AES-XTS", &t, "data units of a bit length that is not whole bytes");
}

void kat_3des(void **state)
{
	struct ckat ecb = { WD_CIPHER_3DES, WD_CIPHER_ECB }, cbc = { WD_CIPHER_3DES, WD_CIPHER_CBC };
	struct kat_tally t = { 0 };

	(void)state;
	kat_dir(&t, "ciphers/3DES/ECB", "TECBMMT", ".rsp", "COUNT", block_rec, &ecb);
	kat_dir(&t, "ciphers/3DES/CBC", "TCBCMMT", ".rsp", "COUNT", block_rec, &cbc);
	kat_report("3DES", &t, NULL);
}

/* GB/T 32907-2016 appendix A, example 1: one block, key = plaintext. */
static void sm4_gbt_example(void)
{
	static const uint8_t k[16] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
				       0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
	static const uint8_t c[16] = { 0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e,
				       0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e, 0x42, 0x46 };
	uint8_t out[16];
	handle_t h = ct_cipher_sess(WD_CIPHER_SM4, WD_CIPHER_ECB, k, 16);

	assert_true(h);
	assert_int_equal(ct_cipher(h, WD_CIPHER_ENCRYPTION, k, out, 16, NULL, 0), 0);
	assert_memory_equal(out, c, 16);
	assert_int_equal(ct_cipher(h, WD_CIPHER_DECRYPTION, c, out, 16, NULL, 0), 0);
	assert_memory_equal(out, k, 16);
	wd_cipher_free_sess(h);
}

void kat_sm4(void **state)
{
	static const struct {
		const char *file;
		int mode;
	} f[] = {
		{ "ecb", WD_CIPHER_ECB }, { "cbc", WD_CIPHER_CBC }, { "cfb", WD_CIPHER_CFB },
		{ "ofb", WD_CIPHER_OFB }, { "ctr", WD_CIPHER_CTR },
	};
	struct kat_tally t = { 0 };
	char rel[128];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		struct ckat k = { WD_CIPHER_SM4, f[i].mode };

		snprintf(rel, sizeof(rel), "ciphers/SM4/draft-ribose-cfrg-sm4-10-%s.txt", f[i].file);
		kat_file(&t, rel, "COUNT", block_rec, &k);
	}
	sm4_gbt_example();
	t.ok++;
	kat_report("SM4", &t, NULL);
}
