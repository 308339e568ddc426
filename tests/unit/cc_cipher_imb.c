/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_cipher: what goes through ipsec-mb, against single requests and
 * OpenSSL: the lanes, and CTR counters about to carry.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/rand.h>
#include "cc_cipher_test.h"

/* ipsec-mb lanes: what they take completes through cc_done, correctly. */
void test_lanes(void **unused)
{
	enum { N = 48 };
	static struct wd_cipher_msg m[N + 2];
	static __u8 in[N][16384], out[N][16384], ivs[N + 2][16], iv0[N][16];
	static const char *const names[] = { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" };
	struct cipher_state *st, *ctr;
	__u8 key[32];
	__u32 len[N], k, taken, i;
	void *lanes;

	(void)unused;
	for (k = 0; k < 3; k++) {
		RAND_bytes(key, sizeof(key));
		st = sess_new(WD_CIPHER_AES, WD_CIPHER_CBC, 0, key, 16 + 8 * k);
		ctr = sess_new(WD_CIPHER_AES, WD_CIPHER_CTR, 0, key, 16 + 8 * k);
		lanes = cc_cipher_class.lanes_open();
		assert_non_null(lanes);
		cc_stub_ndone = 0;
		taken = 0;
		for (i = 0; i < N; i++) {
			len[i] = i % 6 == 0 ? 16 * (i % 20 + 1) : 16 * (1 + (__u32)rand() % 1024);
			RAND_bytes(in[i], len[i]);
			RAND_bytes(iv0[i], 16);
			memcpy(ivs[i], iv0[i], 16);
			fill_msg(&m[i], st, 1, in[i], i % 3 ? out[i] : in[i], len[i], ivs[i], 16);
			if (i % 3 == 0)
				memcpy(out[i], in[i], len[i]);	/* the plaintext, kept */
			if (cc_cipher_class.mb_submit(NULL, lanes, st, &m[i].hdr) == 1) {
				CHECK_INT(len[i] < CIPHER_LANES_MIN, 1);
				cc_cipher_class.run(st, &m[i].hdr);
			} else {
				CHECK_INT(len[i] >= CIPHER_LANES_MIN, 1);
				taken++;
			}
		}
		/* not the lanes': decryption, other modes */
		fill_msg(&m[N], st, 0, in[1], out[1], 4096, ivs[N], 16);
		CHECK_INT(cc_cipher_class.mb_submit(NULL, lanes, st, &m[N].hdr), 1);
		fill_msg(&m[N + 1], ctr, 1, in[1], out[1], 4096, ivs[N + 1], 16);
		CHECK_INT(cc_cipher_class.mb_submit(NULL, lanes, ctr, &m[N + 1].hdr), 1);
		cc_cipher_class.mb_flush(NULL, lanes);
		CHECK_INT(cc_stub_ndone, taken);
		assert_true(taken > N / 2);
		for (i = 0; i < N; i++) {
			const __u8 *p = i % 3 ? in[i] : out[i];
			__u8 *c = i % 3 ? out[i] : in[i];

			CHECK_INT(m[i].hdr.result, 0);
			CHECK_INT(m[i].status, 0);
			ref(names[k], NULL, 1, key, iv0[i], p, refbuf, len[i]);
			CHECK_MEM(c, refbuf, len[i]);
			CHECK_MEM(ivs[i], refbuf + len[i] - 16, 16);
		}
		cc_cipher_class.lanes_close(lanes);
		sess_free(st);
		sess_free(ctr);
	}
}

/* CTR counter carries: ipsec-mb counts in 32 bits, the driver in 128. */
void test_ctr_counter_edges(void **unused)
{
	static const char *const names[] = { "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" };
	static const __u32 lens[] = { 1, 16, 17, 255, 256, 1024, 4096 + 7 };
	static const __u32 lows[] = { 0xfffffff0, 0xffffff00, 0xffffffff, 0x7ffffff8 };
	__u8 key[32], iv0[16], iv[16], want[16];
	size_t k, l, w, f;

	(void)unused;
	RAND_bytes(key, sizeof(key));
	for (k = 0; k < 3; k++) {
		struct cipher_state *st = sess_new(WD_CIPHER_AES, WD_CIPHER_CTR, 0, key, 16 + 8 * k);

		for (w = 0; w < 4; w++)
			for (f = 0; f < 3; f++)
				for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
					__u32 b;

					RAND_bytes(iv0, 16);
					/* bytes 8..11: random, all ones, or ones but the top */
					if (f)
						memset(iv0 + 8, 0xff, 4);
					if (f == 2)
						iv0[8] = 0x7f;
					iv0[12] = lows[w] >> 24;
					iv0[13] = lows[w] >> 16;
					iv0[14] = lows[w] >> 8;
					iv0[15] = lows[w];
					RAND_bytes(pt, lens[l]);
					ref(names[k], NULL, 1, key, iv0, pt, refbuf, lens[l]);
					memcpy(iv, iv0, 16);
					CHECK_INT(drive(st, 1, pt, buf, lens[l], iv, 16), 0);
					CHECK_MEM(buf, refbuf, lens[l]);
					memcpy(want, iv0, 16);
					for (b = 0; b < lens[l] / 16; b++) {
						int j = 15;

						while (j >= 0 && ++want[j] == 0)
							j--;
					}
					CHECK_MEM(iv, want, 16);
				}
		sess_free(st);
	}
}
