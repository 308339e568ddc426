/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_aead against independent references at many lengths: AES-GCM
 * and AES-CCM against OpenSSL, SM4-GCM against the written-out GCM,
 * authenc against OpenSSL's CBC and HMAC called separately.
 */
#include <string.h>
#include "cc_aead_test.h"

static const __u32 lens[] = { 0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 1000,
			      1024, 4095, 4096, 4097, 16384, 65535, 65536 };
#define NLENS (sizeof(lens) / sizeof(lens[0]))

void test_random_gcm(void **unused)
{
	static const char *const names[] = { "AES-128-GCM", "AES-192-GCM", "AES-256-GCM" };
	__u8 key[32], iv[12], tag[16];
	unsigned k, i, r;
	void *s;

	(void)unused;
	for (k = 0; k < 4; k++) {		/* AES-128/192/256, SM4 */
		__u32 klen = k < 3 ? 16 + 8 * k : 16;

		cc_fill(key, sizeof(key));
		s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key, klen, 0);
		for (i = 0; i < NLENS; i++)
			for (r = 0; r < 2; r++) {
				__u32 len = lens[i], alen = rnd_aad();
				__u16 authsize = 8 + cc_rnd() % 9;

				cc_fill(iv, 12), cc_fill(buf_aad, alen), cc_fill(buf_in, len);
				if (k < 3)
					ref_aead(names[k], 0, key, iv, 12, buf_aad, alen, buf_in,
						 buf_ref, len, tag, 16);
				else
					ref_gcm("SM4-ECB", key, iv, buf_aad, alen, buf_in, buf_ref,
						len, tag);
				both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, authsize);
			}
		sess_close(s);
	}
}

void test_random_ccm(void **unused)
{
	static const char *const names[] = { "AES-128-CCM", "AES-192-CCM", "AES-256-CCM" };
	static const __u32 big_aad[] = { 65279, 65280, 70000 };
	__u8 key[32], nonce[13], iv[16], tag[16];
	unsigned k, i, r, own;
	void *s;

	(void)unused;
	for (own = 0; own < 2; own++)
		for (k = 0; k < 3; k++) {
			cc_fill(key, sizeof(key));
			s = sess_open(WD_CIPHER_AES, WD_CIPHER_CCM, 0, key, 16 + 8 * k, own);
			for (i = 0; i < NLENS + 3; i++)
				for (r = 0; r < 2; r++) {
					__u32 len = i < NLENS ? lens[i] : cc_rnd() % 300;
					__u32 alen = i < NLENS ? rnd_aad() : big_aad[i - NLENS];
					__u32 nlen = 7 + cc_rnd() % (len >= 65536 ? 6 : 7);
					__u16 authsize = 4 + 2 * (cc_rnd() % 7);

					cc_fill(nonce, nlen), cc_fill(buf_aad, alen);
					cc_fill(buf_in, len);
					ccm_iv(iv, nonce, nlen);
					ref_aead(names[k], 1, key, nonce, nlen, buf_aad, alen, buf_in,
						 buf_ref, len, tag, authsize);
					both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len,
						  authsize);
				}
			sess_close(s);
		}
	/* SM4-CCM (checked above as AES, and against RFC 8998): round trips */
	cc_fill(key, 16);
	s = sess_open(WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16, 0);
	for (i = 0; i < NLENS; i++) {
		__u32 len = lens[i], alen = rnd_aad(), nlen = len >= 65536 ? 12 : 13;
		__u8 mac[16];

		cc_fill(nonce, nlen), cc_fill(buf_aad, alen), cc_fill(buf_in, len);
		ccm_iv(iv, nonce, nlen);
		CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in, buf_ref, mac,
						alen, len, 16 }), 0);
		memcpy(tag, mac, 16);
		both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, 16);
	}
	sess_close(s);
}

void test_random_authenc(void **unused)
{
	static const char *const cbcs[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
					    "SM4-CBC" };
	static const __u32 alens[] = { 16, 32, 48, 256, 1008, 4096, 16384, 65536 };
	__u8 key[32], akey[128], iv[16], tag[64];
	unsigned k, h, i;
	void *s;

	(void)unused;
	for (k = 0; k < 4; k++)
		for (h = 0; h < NHASHES; h++) {
			__u32 aklen = h % 3 == 0 ? 0 : 1 + cc_rnd() % hashes[h].maxkey;

			cc_fill(key, sizeof(key)), cc_fill(akey, sizeof(akey));
			s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_CBC,
				      hashes[h].dalg, key, k < 3 ? 16 + 8 * k : 16, 0);
			if (h % 4 == 1)	/* a key, then cleared: the empty key again */
				CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, 20), 0);
			CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, aklen), 0);
			for (i = 0; i < sizeof(alens) / sizeof(alens[0]) + 2; i++) {
				__u32 len = i < 8 ? alens[i] : 16 * (1 + cc_rnd() % 64);
				__u32 alen = rnd_aad();
				__u16 authsize = i % 2 ? hashes[h].dlen :
						 1 + cc_rnd() % hashes[h].dlen;

				cc_fill(iv, 16), cc_fill(buf_aad, alen), cc_fill(buf_in, len);
				ref_authenc(cbcs[k], hashes[h].md, key, akey, aklen, iv, buf_aad,
					    alen, buf_in, buf_ref, len, tag);
				both_ways(s, iv, buf_aad, alen, buf_in, buf_ref, tag, len, authsize);
			}
			sess_close(s);
		}
}
