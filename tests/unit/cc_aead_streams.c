/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_aead: GCM streams split at random 16-byte boundaries, against block mode. */
#include <string.h>
#include "cc_aead_test.h"

static int stream_interleave;	/* a block request in the middle of the stream */

/* FIRST (when AAD), MIDDLE x k at random 16-byte boundaries, END = the rest. */
static int stream(void *s, int enc, const __u8 *iv, const __u8 *aad, __u32 alen,
		  const __u8 *in, __u8 *out, __u32 len, __u8 *mac, __u16 authsize)
{
	__u32 mid = (cc_rnd() % (len / 16 + 1)) * 16, done = 0, n;

	if (alen)
		CHECK_INT(run(s, &(struct req){ enc, AEAD_MSG_FIRST, iv, aad, NULL, NULL, mac,
						alen, 0, authsize }), 0);
	while (done < mid) {
		n = 16 * (1 + cc_rnd() % ((mid - done) / 16));
		if (cc_rnd() % 2)
			n = 16 * (1 + cc_rnd() % (n / 16 < 4 ? n / 16 : 4));
		CHECK_INT(run(s, &(struct req){ enc, AEAD_MSG_MIDDLE, iv, NULL, in + done,
						out + done, mac, alen, n, authsize }), 0);
		done += n;
		if (stream_interleave) {
			__u8 other[100], omac[16];

			CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, NULL, other, other,
							omac, 0, sizeof(other), 16 }), 0);
		}
	}
	return run(s, &(struct req){ enc, AEAD_MSG_END, iv, NULL, len > done ? in + done : NULL,
				     out + done, mac, alen, len - done, authsize });
}

void test_gcm_streams(void **unused)
{
	__u8 key[32], iv[12], tag[16], mac[16];
	unsigned k, t;
	void *s;

	(void)unused;
	for (k = 0; k < 3; k++) {		/* AES-128, AES-256, SM4 */
		cc_fill(key, sizeof(key));
		s = sess_open(k < 2 ? WD_CIPHER_AES : WD_CIPHER_SM4, WD_CIPHER_GCM, 0, key,
			      k == 1 ? 32 : 16, 0);
		for (t = 0; t < 60; t++) {
			__u32 len = t < 50 ? cc_rnd() % 3000 : cc_rnd() % (MAXLEN - 64);
			__u32 alen = t % 3 ? rnd_aad() : 0;
			__u16 authsize = 8 + cc_rnd() % 9;

			cc_fill(iv, 12), cc_fill(buf_aad, alen), cc_fill(buf_in, len);
			/* block mode (checked against OpenSSL above) is the reference */
			CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_BLOCK, iv, buf_aad, buf_in,
							buf_ref, tag, alen, len, 16 }), 0);
			if (t % 7 == 3) {
				/* a stream left half-way, then forgotten */
				stream(s, 1, iv, buf_aad, alen, buf_in, buf_out, len / 2, mac, 16);
				CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_FIRST, iv, buf_aad, NULL,
								NULL, mac, alen + 1, 0, 16 }), 0);
				cc_aead_class.reset(s);
			}
			if (t % 7 == 5 && alen) {
				/* a FIRST while a stream is open restarts it */
				CHECK_INT(run(s, &(struct req){ 1, AEAD_MSG_FIRST, key, buf_in, NULL,
								NULL, mac, 7, 0, 16 }), 0);
			}
			memset(mac, 0, 16);
			CHECK_INT(stream(s, 1, iv, buf_aad, alen, buf_in, buf_out, len, mac, authsize),
				  0);
			CHECK_MEM(buf_out, buf_ref, len);
			/* END writes msg->authsize bytes (the class asks for 16 when mac has room) */
			CHECK_MEM(mac, tag, authsize);
			/* decrypt in place, the stream interrupted by a block request */
			memcpy(buf_io, buf_ref, len);
			memcpy(mac, tag, 16);
			stream_interleave = 1;
			CHECK_INT(stream(s, 0, iv, buf_aad, alen, buf_io, buf_io, len, mac,
					 authsize), 0);
			stream_interleave = 0;
			CHECK_MEM(buf_io, buf_in, len);
			/* a wrong tag at END */
			mac[cc_rnd() % authsize] ^= 1 << (cc_rnd() % 8);
			CHECK_INT(stream(s, 0, iv, buf_aad, alen, buf_ref, buf_out, len, mac,
					 authsize), WD_IN_EPARA);
		}
		sess_close(s);
	}
}
