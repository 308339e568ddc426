/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_cc_digest's long hashes: a message in PART requests moved between
 * sessions, and the state a PART leaves.
 */
#include <stdlib.h>
#include <string.h>
#include "cc_digest_test.h"

/*
 * The message in PART requests cut at random block boundaries, then LAST
 * with the tail; half-way the state moves to a second session (as
 * STREAM_DOING in another session would) through a copy of out.
 */
void stream_mac(__u32 alg, __u32 mode, const __u8 *key, __u32 klen, const __u8 *msg,
		size_t len, __u8 *mac, __u32 mac_len)
{
	const struct alg_info *a = &algs[alg];
	void *s1 = sess_new(alg, mode, key, klen), *s2 = sess_new(alg, mode, key, klen);
	void *cur = s1;
	__u8 state[64], moved[64];
	size_t done = 0;
	int parts = 0;

	while (len - done >= a->block && cc_rnd() % 4) {
		size_t blocks = (len - done) / a->block;
		size_t n = (1 + cc_rnd() % blocks) * a->block;

		assert_int_equal(run(cur, alg, mode, WD_DIGEST_PART, parts > 0, msg + done, (__u32)n,
				     state, a->full, done, NULL, 0), 0);
		done += n;
		if (++parts == 1 || cc_rnd() % 2) {
			memcpy(moved, state, sizeof(state));
			memset(state, 0xee, sizeof(state));
			memcpy(state, moved, a->full);
			cur = cur == s1 ? s2 : s1;
		}
	}
	memcpy(mac, state, a->full);
	assert_int_equal(run(cur, alg, mode, WD_DIGEST_LAST, parts > 0, msg + done,
			     (__u32)(len - done), mac, mac_len, done, NULL, 0), 0);
	sess_free(s1);
	sess_free(s2);
}

/*
 * The long-hash state is the bare chaining value, serialised like a
 * digest: after a PART over a message padded by hand it equals that
 * message's digest (HMAC: the inner hash, the ipad block counted in the
 * padding's length).
 */
static void pad_msg(__u32 alg, const __u8 *msg, size_t len, size_t counted, __u8 *buf,
		    size_t *out_len)
{
	size_t bs = algs[alg].block, lb = bs == 128 ? 16 : 8, n;
	__u64 bits = (__u64)counted * 8;
	int i;

	n = (len + 1 + lb + bs - 1) / bs * bs;
	memset(buf, 0, n);
	memcpy(buf, msg, len);
	buf[len] = 0x80;
	for (i = 0; i < 8; i++) {
		if (alg == WD_DIGEST_MD5)
			buf[n - 8 + i] = (__u8)(bits >> (8 * i));
		else
			buf[n - 1 - i] = (__u8)(bits >> (8 * i));
	}
	*out_len = n;
}

void test_state_format(void **unused)
{
	__u8 msg[300], buf[600], key[40], state[64], want[64], inner[700];
	__u32 alg;
	size_t n;
	int i;

	(void)unused;
	for (alg = 0; alg < NHASH; alg++) {
		__u32 bs = algs[alg].block, ml = algs[alg].mac;

		for (i = 0; i < 20; i++) {
			size_t len = cc_rnd() % 300;
			void *st = sess_new(alg, WD_DIGEST_NORMAL, NULL, 0);
			void *hm;
			__u32 j;

			cc_fill(msg, len);
			pad_msg(alg, msg, len, len, buf, &n);
			assert_int_equal(run(st, alg, 0, WD_DIGEST_PART, 0, buf, (__u32)n, state,
					     algs[alg].full, 0, NULL, 0), 0);
			ref_hash(alg, msg, len, want);
			check_eq(state, want, ml, "PART state = digest", len);
			sess_free(st);

			cc_fill(key, sizeof(key));
			hm = sess_new(alg, WD_DIGEST_HMAC, key, sizeof(key));
			memset(inner, 0, bs);
			memcpy(inner, key, sizeof(key));
			for (j = 0; j < bs; j++)
				inner[j] ^= 0x36;
			memcpy(inner + bs, msg, len);
			pad_msg(alg, msg, len, bs + len, buf, &n);
			assert_int_equal(run(hm, alg, WD_DIGEST_HMAC, WD_DIGEST_PART, 0, buf, (__u32)n,
					     state, algs[alg].full, 0, NULL, 0), 0);
			ref_hash(alg, inner, bs + len, want);
			check_eq(state, want, ml, "HMAC PART state = inner hash", len);
			sess_free(hm);
		}
	}
}
