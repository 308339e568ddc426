/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_aead: a wrong tag, ciphertext or AAD is refused and nothing released, every algorithm. */
#include <string.h>
#include "cc_aead_test.h"

static void corrupt_one(void *s, const __u8 *iv, __u32 len, __u32 alen, __u16 authsize)
{
	__u8 mac[64], bad[64];
	int what;

	cc_fill(buf_aad, alen), cc_fill(buf_in, len);
	CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in, buf_ref, mac, alen,
					len, authsize }), 0);
	for (what = 0; what < 3; what++) {
		memcpy(bad, mac, authsize);
		if (what == 0)
			bad[cc_rnd() % authsize] ^= 1 << (cc_rnd() % 8);
		else if (what == 1 && len)
			buf_ref[cc_rnd() % len] ^= 0x80;
		else if (what == 2 && alen)
			buf_aad[cc_rnd() % alen] ^= 0x01;
		else
			continue;
		memset(buf_out, 0xaa, len);
		CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, buf_aad, buf_ref, buf_out,
						bad, alen, len, authsize }), WD_IN_EPARA);
		CHECK_INT(cc_is_zero(buf_out, len), 1);
		if (what == 1)
			memcpy(buf_io, buf_ref, len);	/* in place: nothing released either */
		if (what == 1) {
			CHECK_INT(run(s, &(struct req){ 0, AEAD_MSG_BLOCK, iv, buf_aad, buf_io,
							buf_io, bad, alen, len, authsize }),
				  WD_IN_EPARA);
			CHECK_INT(cc_is_zero(buf_io, len), 1);
		}
	}
}

void test_tag_corruption(void **unused)
{
	__u8 key[32], iv[16], akey[40];
	unsigned k, h, r;
	void *s;

	(void)unused;
	cc_fill(key, sizeof(key)), cc_fill(akey, sizeof(akey));
	for (k = 0; k < 4; k++) {		/* GCM: AES-128/192/256, SM4 */
		s = sess_open(k < 3 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key,
			      k < 3 ? 16 + 8 * k : 16, 0);
		for (r = 0; r < 20; r++) {
			cc_fill(iv, 12);
			corrupt_one(s, iv, r ? cc_rnd() % 2000 : 0, r % 3 ? rnd_aad() : 0,
				    8 + cc_rnd() % 9);
		}
		sess_close(s);
	}
	for (k = 0; k < 3; k++) {		/* CCM: AES (OpenSSL), AES (own), SM4 */
		s = sess_open(k < 2 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_CCM, 0, key, 16,
			      k == 1);
		for (r = 0; r < 20; r++) {
			cc_fill(iv + 1, 15);
			iv[0] = 1 + cc_rnd() % 7;
			corrupt_one(s, iv, r ? cc_rnd() % 2000 : 0, r % 3 ? rnd_aad() : 0,
				    4 + 2 * (cc_rnd() % 7));
		}
		sess_close(s);
	}
	for (k = 0; k < 2; k++)			/* authenc: AES, SM4 x every hash */
		for (h = 0; h < NHASHES; h++) {
			s = sess_open(k ? WD_CIPHER_SM4 : WD_CIPHER_AES, WD_CIPHER_CBC,
				      hashes[h].dalg, key, 16, 0);
			CHECK_INT(cc_aead_class.set_key(s, WD_KEY_AUTH, akey, 32), 0);
			for (r = 0; r < 6; r++) {
				cc_fill(iv, 16);
				corrupt_one(s, iv, 16 * (1 + cc_rnd() % 100), r % 3 ? rnd_aad() : 0,
					    1 + cc_rnd() % hashes[h].dlen);
			}
			sess_close(s);
		}
}
