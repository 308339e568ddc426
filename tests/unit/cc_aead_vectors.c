/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_aead against published vectors: NIST's AES-GCM and AES-CCM files
 * (python3-cryptography-vectors, read at run time) and RFC 8998's SM4-GCM
 * and SM4-CCM examples.
 */
#include <stdio.h>
#include <string.h>
#include "cc_aead_test.h"

/* NIST AES-GCM: the records with a 96-bit IV (UADK takes no other). */
static void gcm_vec(const struct tv_rec *r, void *arg)
{
	__u8 key[32], iv[64], pt[128], aad[128], ct[128], tag[16], out[128], mac[16];
	int dec = *(int *)arg, klen, ivlen, len, aadlen, tlen, st;
	void *s;

	if (tv_int(r, "IVlen") != 96)
		return;
	klen = cc_hex(r, "Key", key, sizeof(key));
	ivlen = cc_hex(r, "IV", iv, sizeof(iv));
	len = cc_hex(r, "CT", ct, sizeof(ct));
	aadlen = cc_hex(r, "AAD", aad, sizeof(aad));
	tlen = cc_hex(r, "Tag", tag, sizeof(tag));
	assert_int_equal(ivlen, 12);
	nist_vectors++;
	s = sess_open(WD_CIPHER_AES, WD_CIPHER_GCM, 0, key, klen, 0);
	if (!dec) {
		cc_hex(r, "PT", pt, sizeof(pt));
		st = run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, aadlen, len, tlen });
		CHECK_INT(st, 0);
		CHECK_MEM(out, ct, len);
		CHECK_MEM(mac, tag, tlen);
	} else {
		memset(out, 0xaa, sizeof(out));
		memcpy(mac, tag, tlen);
		st = run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, aadlen, len, tlen });
		if (tv_has(r, "FAIL")) {
			CHECK_INT(st, WD_IN_EPARA);
			CHECK_INT(cc_is_zero(out, len), 1);
		} else {
			CHECK_INT(st, 0);
			cc_hex(r, "PT", pt, sizeof(pt));
			CHECK_MEM(out, pt, len);
		}
	}
	sess_close(s);
}

void test_nist_gcm(void **unused)
{
	static const char *const files[] = {
		"gcmEncryptExtIV128.rsp", "gcmEncryptExtIV192.rsp", "gcmEncryptExtIV256.rsp",
		"gcmDecrypt128.rsp", "gcmDecrypt192.rsp", "gcmDecrypt256.rsp",
	};
	char rel[256];
	int i, dec;

	(void)unused;
	for (i = 0; i < 6; i++) {
		unsigned long before = nist_vectors;

		dec = i >= 3;
		snprintf(rel, sizeof(rel), "ciphers/AES/GCM/%s", files[i]);
		assert_true(cc_vec_each(rel, "Count", gcm_vec, &dec) > 1000);
		assert_true(nist_vectors - before >= 500);	/* the 96-bit IV ones */
	}
}

/*
 * NIST AES-CCM, through OpenSSL and through our own construction. Alen,
 * Plen and Tlen stand in a section header or a line before the records.
 */
static void ccm_vec(const struct tv_rec *r, void *arg)
{
	__u8 key[32], nonce[16], iv[16], aad[64 * 1024], pt[64], ct[80], out[64], mac[16];
	int own = *(int *)arg, klen, nlen, alen, plen, tlen, st;
	int dvpt = tv_has(r, "Result");
	void *s;

	klen = cc_hex(r, "Key", key, sizeof(key));
	nlen = cc_hex(r, "Nonce", nonce, sizeof(nonce));
	alen = tv_int(r, "Alen");
	plen = tv_int(r, "Plen");
	tlen = tv_int(r, "Tlen");
	assert_true(alen >= 0 && plen >= 0 && tlen >= 4);
	assert_true(alen <= (int)sizeof(aad) && plen <= (int)sizeof(pt));
	cc_hex(r, "Adata", aad, sizeof(aad));
	cc_hex(r, "CT", ct, sizeof(ct));
	ccm_iv(iv, nonce, nlen);
	nist_vectors++;
	s = sess_open(WD_CIPHER_AES, WD_CIPHER_CCM, 0, key, klen, own);
	if (!dvpt) {
		cc_hex(r, "Payload", pt, sizeof(pt));
		st = run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, alen, plen, tlen });
		CHECK_INT(st, 0);
		CHECK_MEM(out, ct, plen);
		CHECK_MEM(mac, ct + plen, tlen);
	} else {
		memset(out, 0xaa, sizeof(out));
		memcpy(mac, ct + plen, tlen);
		st = run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, alen, plen, tlen });
		if (!strcmp(tv_get(r, "Result"), "Fail")) {
			CHECK_INT(st, WD_IN_EPARA);
			CHECK_INT(cc_is_zero(out, plen), 1);
		} else {
			CHECK_INT(st, 0);
			cc_hex(r, "Payload", pt, sizeof(pt));
			CHECK_MEM(out, pt, plen);
		}
	}
	sess_close(s);
}

void test_nist_ccm(void **unused)
{
	static const char *const kinds[] = { "VADT", "VNT", "VPT", "VTT", "DVPT" };
	char rel[256];
	int k, b, own;

	(void)unused;
	for (own = 0; own < 2; own++)
		for (k = 0; k < 5; k++)
			for (b = 128; b <= 256; b += 64) {
				snprintf(rel, sizeof(rel), "ciphers/AES/CCM/%s%d.rsp", kinds[k],
					 b);
				assert_true(cc_vec_each(rel, "Count", ccm_vec, &own) >= 10);
			}
}

void test_rfc8998(void **unused)
{
	/* RFC 8998 (ShangMi Cipher Suites for TLS 1.3), A.1 and A.2 */
	static const char key_h[] = "0123456789ABCDEFFEDCBA9876543210";
	static const char iv_h[] = "00001234567800000000ABCD";
	static const char aad_h[] = "FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2";
	static const char pt_h[] = "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
				   "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA";
	static const char gcm_ct_h[] =
		"17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
		"D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D";
	static const char gcm_tag_h[] = "83DE3541E4C2B58177E065A9BF7B62EC";
	static const char ccm_ct_h[] =
		"48AF93501FA62ADBCD414CCE6034D895DDA1BF8F132F042098661572E7483094"
		"FD12E518CE062C98ACEE28D95DF4416BED31A2F04476C18BB40C84A74B97DC5B";
	static const char ccm_tag_h[] = "16842D4FA186F56AB33256971FA110F4";
	__u8 key[16], iv[12], civ[16], aad[20], pt[64], ct[64], tag[16], out[64], mac[16];
	void *s;

	(void)unused;
	cc_unhex(key_h, key, sizeof(key));
	cc_unhex(iv_h, iv, sizeof(iv));
	cc_unhex(aad_h, aad, sizeof(aad));
	cc_unhex(pt_h, pt, sizeof(pt));

	cc_unhex(gcm_ct_h, ct, sizeof(ct));
	cc_unhex(gcm_tag_h, tag, sizeof(tag));
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key, 16, 0);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, aad, pt, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, aad, ct, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, pt, 64);
	sess_close(s);
	/* the slow reference agrees, so it can judge random SM4-GCM requests */
	ref_gcm("SM4-ECB", key, iv, aad, 20, pt, out, 64, mac);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);

	cc_unhex(ccm_ct_h, ct, sizeof(ct));
	cc_unhex(ccm_tag_h, tag, sizeof(tag));
	ccm_iv(civ, iv, 12);
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16, 0);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, civ, aad, pt, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, ct, 64);
	CHECK_MEM(mac, tag, 16);
	CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, civ, aad, ct, out, mac, 20, 64, 16 }), 0);
	CHECK_MEM(out, pt, 64);
	sess_close(s);
}
