/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vacc_crypto: AEAD (block requests, GCM streams bound to one queue
 * and never evicted, the stream start a client may skip) and digests (one
 * shared slot per plain hash, long hashes' stages, GMAC's IV).
 */
#include <string.h>
#include "vacc_crypto_test.h"

static int down(void **state)
{
	(void)state;
	vt_down();
	return 0;
}

static void fill(__u8 *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (__u8)(seed * 29 + i * 11 + 3);
}

static bool tag_is(const __u8 *mac, __u32 n, const __u8 *key, __u64 aad, __u64 len)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (mac[i] != fdev_tag_byte(key, 16, aad, len, i))
			return false;
	return true;
}

/* src = AAD || payload, aux = AAD bytes, dst = the payload's place, the tag. */
static void test_gcm_block(void **state)
{
	__u8 key[16], buf[56], out[56], back[56], mac[16], iv[12] = { 0 };
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 16, .len = 40,
			   .dst = out, .mac = mac, .iv = iv };
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 1);
	fill(buf, sizeof(buf), 2);
	vt_up(VT_AEAD, "gcm(aes)", 8, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	assert_true(h);
	vt_log_reset();
	assert_int_equal(vt_aead(h, &a), 0);
	assert_int_equal(a.state, 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(log[1].opcode, VACC_OP_AEAD);
	assert_int_equal(log[1].alg, VACC_CALG_AES_GCM);
	assert_true(log[1].src == (uintptr_t)buf && log[1].src_len == 56 && log[1].aux == 16);
	assert_true(log[1].dst == (uintptr_t)(out + 16) && log[1].dst_len == 40);
	assert_true(log[1].mac == (uintptr_t)mac && log[1].tag_len == 16);
	assert_true(log[1].iv == (uintptr_t)iv && log[1].iv_len == 12);
	assert_int_equal(log[1].stage, VACC_AE_BLOCK);
	assert_true(vt_xored(buf + 16, out + 16, 40, key, 16));
	assert_true(tag_is(mac, 16, key, 16, 40));

	/* decrypt: back where it came from; a bad tag: EPARA, nothing comes back */
	memcpy(out, buf, 16);
	a = (struct vt_ae){ .st = AEAD_MSG_BLOCK, .src = out, .aad = 16, .len = 40, .dst = back,
			    .mac = mac, .iv = iv };
	assert_int_equal(vt_aead(h, &a), 0);
	assert_int_equal(a.state, 0);
	assert_memory_equal(back + 16, buf + 16, 40);
	assert_int_equal(vt_log(0, &n)[2].flags, VACC_CSQE_DECRYPT);
	mac[3] ^= 1;
	assert_int_equal(vt_aead(h, &a), 0);
	assert_int_equal(a.state, WD_IN_EPARA);
	for (n = 16; n < 56; n++)
		assert_int_equal(back[n], 0);
	wd_aead_free_sess(h);
}

/* authenc: the HMAC key travels in the SETUP's dst. */
static void test_authenc_keys(void **state)
{
	__u8 key[16], buf[48], out[48], mac[16], iv[16] = { 0 };
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 16, .len = 32,
			   .dst = out, .mac = mac, .iv = iv, .ivlen = 16 };
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 4);
	fill(buf, sizeof(buf), 5);
	vt_up(VT_AEAD, "authenc(generic,cbc(aes))", 8, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_CBC, key, sizeof(key), 12);
	assert_true(h);
	vt_log_reset();
	assert_int_equal(vt_aead(h, &a), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(log[0].alg, VACC_CALG_AUTHENC_SHA256_AES);
	assert_true(log[0].src_len == 16 && log[0].dst_len == 16 && log[0].dst);
	assert_memory_equal(fu_dev(0)->cslots[log[0].sess].akey, key, 16);
	assert_int_equal(log[1].tag_len, 12);
	wd_aead_free_sess(h);
}

/* A session's GCM stream, while other sessions churn through both queues' slots. */
static void test_gcm_stream_bound(void **state)
{
	__u8 key[4][16], buf[80], out[80], back[80], mac[16], tag[16], iv[12] = { 0 };
	struct vt_ae a;
	handle_t s, o[3];
	const struct vacc_sqe *log;
	int q, i, k, first_at = -1;
	__u32 n, slot = 0;

	(void)state;
	for (i = 0; i < 4; i++)
		fill(key[i], 16, 10 + i);
	fill(buf, sizeof(buf), 6);
	vt_up(VT_AEAD, "gcm(aes)", 2, true, 2, 0);
	s = vt_aead_sess(WD_CIPHER_GCM, key[0], 16, 16);
	for (i = 0; i < 3; i++)
		o[i] = vt_aead_sess(WD_CIPHER_GCM, key[i + 1], 16, 16);
	vt_log_reset();
	a = (struct vt_ae){ .enc = true, .st = AEAD_MSG_FIRST, .src = buf, .aad = 16, .dst = out,
			    .mac = mac, .iv = iv };
	assert_int_equal(vt_aead(s, &a), 0);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 3; i++) {	/* churn: 3 sessions on 2 slots per queue */
			struct vt_ae b = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 0,
					   .len = 16, .dst = back, .mac = tag, .iv = iv };

			assert_int_equal(vt_aead(o[i], &b), 0);
			assert_int_equal(vt_aead(o[i], &b), 0);
		}
		a = (struct vt_ae){ .enc = true, .st = k ? AEAD_MSG_END : AEAD_MSG_MIDDLE,
				    .src = buf + 16 + 32 * k, .len = k ? 20 : 32,
				    .dst = out + 16 + 32 * k, .mac = mac, .iv = iv };
		assert_int_equal(vt_aead(s, &a), 0);
	}
	assert_true(tag_is(mac, 16, key[0], 16, 52));
	assert_true(vt_xored(buf + 16, out + 16, 52, key[0], 16));
	/* all of the stream on one queue, its slot never re-keyed meanwhile */
	for (q = 0; q < 2; q++) {
		log = vt_log(q, &n);
		for (i = 0; i < (int)n; i++) {
			if (log[i].opcode == VACC_OP_AEAD && log[i].stage == VACC_AE_FIRST) {
				first_at = i;
				slot = log[i].sess;
				break;
			}
		}
		if (first_at < 0)
			continue;
		for (i = first_at; i < (int)n; i++) {
			assert_false(log[i].opcode == VACC_OP_CRYPTO_SETUP && log[i].sess == slot);
			if (log[i].stage == VACC_AE_END)
				break;
		}
		assert_true(i < (int)n);
		break;
	}
	assert_true(first_at >= 0);

	/* the stream decrypts back; a bad tag at END: the call fails, EPARA, no output */
	memcpy(back, buf, 16);
	for (k = 0; k < 3; k++) {
		static const enum wd_aead_msg_state st[] = { AEAD_MSG_FIRST, AEAD_MSG_MIDDLE,
							     AEAD_MSG_END };
		a = (struct vt_ae){ .st = st[k], .src = k ? out + 16 + 32 * (k - 1) : back,
				    .aad = k ? 0 : 16, .len = k == 1 ? 32 : k == 2 ? 20 : 0,
				    .dst = k ? back + 16 + 32 * (k - 1) : back, .mac = mac,
				    .iv = iv };
		assert_int_equal(vt_aead(s, &a), 0);
	}
	assert_memory_equal(back + 16, buf + 16, 52);
	mac[0] ^= 0x80;
	a = (struct vt_ae){ .st = AEAD_MSG_FIRST, .src = back, .aad = 16, .dst = back, .mac = mac,
			    .iv = iv };
	assert_int_equal(vt_aead(s, &a), 0);
	a = (struct vt_ae){ .st = AEAD_MSG_END, .src = out + 16, .len = 52, .dst = back + 16,
			    .mac = mac, .iv = iv };
	assert_int_equal(vt_aead(s, &a), -WD_EINVAL);
	assert_int_equal(a.state, WD_IN_EPARA);
	for (i = 16; i < 16 + 52; i++)
		assert_int_equal(back[i], 0);
	wd_aead_free_sess(s);
	for (i = 0; i < 3; i++)
		wd_aead_free_sess(o[i]);
}

/* A stream that starts with MIDDLE (no AAD): we post its FIRST ourselves. */
static void test_gcm_stream_no_first(void **state)
{
	__u8 key[16], buf[48], out[48], mac[16], iv[12] = { 0 };
	struct vt_ae a = { .enc = true, .st = AEAD_MSG_MIDDLE, .src = buf, .len = 32, .dst = out,
			   .mac = mac, .iv = iv };
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 7);
	fill(buf, sizeof(buf), 8);
	vt_up(VT_AEAD, "gcm(aes)", 4, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	vt_log_reset();
	assert_int_equal(vt_aead(h, &a), 0);
	a = (struct vt_ae){ .enc = true, .st = AEAD_MSG_END, .src = buf + 32, .len = 8,
			    .dst = out + 32, .mac = mac, .iv = iv };
	assert_int_equal(vt_aead(h, &a), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 4);	/* SETUP, FIRST (ours), MIDDLE, END */
	assert_int_equal(log[1].opcode, VACC_OP_AEAD);
	assert_int_equal(log[1].stage, VACC_AE_FIRST);
	assert_true(!log[1].src_len && !log[1].aux && !log[1].dst_len && !log[1].tag_len);
	assert_true(log[1].iv == (uintptr_t)iv && log[1].iv_len == 12);
	assert_int_equal(log[2].stage, VACC_AE_MIDDLE);
	assert_int_equal(log[3].stage, VACC_AE_END);
	assert_true(tag_is(mac, 16, key, 0, 40));
	/* the next stream starts afresh (END ended this one) */
	vt_log_reset();
	a.st = AEAD_MSG_MIDDLE;
	a.src = buf;
	a.len = 16;
	assert_int_equal(vt_aead(h, &a), 0);
	assert_int_equal(vt_count(0, VACC_OP_AEAD, 0), 2);
	wd_aead_free_sess(h);
}

/*
 * A BLOCK request of a session with a stream open runs on the stream's
 * slot, where the device restarts the message: the stream goes on from a
 * FIRST we post (no AAD), not into BAD_STREAM.
 */
static void test_block_inside_stream(void **state)
{
	__u8 key[16], buf[48], out[48], mac[16], iv[12] = { 0 };
	struct vt_ae first = { .enc = true, .st = AEAD_MSG_FIRST, .src = buf, .aad = 16,
			       .dst = out, .mac = mac, .iv = iv };
	struct vt_ae block = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 16,
			       .len = 16, .dst = out, .mac = mac, .iv = iv };
	struct vt_ae end = { .enc = true, .st = AEAD_MSG_END, .src = buf + 16, .len = 16,
			     .dst = out + 16, .mac = mac, .iv = iv };
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 16);
	fill(buf, sizeof(buf), 17);
	vt_up(VT_AEAD, "gcm(aes)", 4, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	assert_int_equal(vt_aead(h, &first), 0);
	assert_int_equal(vt_aead(h, &block), 0);
	vt_log_reset();
	assert_int_equal(vt_aead(h, &end), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(log[0].stage, VACC_AE_FIRST);
	assert_int_equal(log[1].stage, VACC_AE_END);
	assert_true(tag_is(mac, 16, key, 0, 16));
	wd_aead_free_sess(h);
}

/* Slots holding streams are never evicted: with all of them so, a request waits (EBUSY). */
static void test_streams_pin_all(void **state)
{
	__u8 key[16], buf[48], out[48], mac[16], iv[12] = { 0 };
	struct vt_ae first = { .enc = true, .st = AEAD_MSG_FIRST, .src = buf, .aad = 16,
			       .dst = out, .mac = mac, .iv = iv };
	struct vt_ae block = { .enc = true, .st = AEAD_MSG_BLOCK, .src = buf, .aad = 16,
			       .len = 16, .dst = out, .mac = mac, .iv = iv };
	struct vt_ae end = { .enc = true, .st = AEAD_MSG_END, .src = buf + 16, .len = 16,
			     .dst = out + 16, .mac = mac, .iv = iv };
	handle_t h[3];
	int i;

	(void)state;
	fill(key, sizeof(key), 9);
	fill(buf, sizeof(buf), 10);
	vt_up(VT_AEAD, "gcm(aes)", 2, true, 1, 0);
	for (i = 0; i < 3; i++)
		h[i] = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	assert_int_equal(vt_aead(h[0], &first), 0);
	assert_int_equal(vt_aead(h[1], &first), 0);
	assert_int_equal(vt_aead(h[2], &block), -WD_EBUSY);
	assert_int_equal(vt_aead(h[0], &end), 0);
	assert_true(tag_is(mac, 16, key, 16, 16));
	assert_int_equal(vt_aead(h[2], &block), 0);
	assert_int_equal(vt_aead(h[1], &end), 0);	/* h1's stream survived all of it */
	assert_true(tag_is(mac, 16, key, 16, 16));
	for (i = 0; i < 3; i++)
		wd_aead_free_sess(h[i]);
}

/* A session freed while its stream holds a slot: the slot's keys are freed (alg NONE). */
static void test_free_mid_stream(void **state)
{
	__u8 key[16], buf[32], out[32], mac[16], iv[12] = { 0 };
	struct vt_ae first = { .enc = true, .st = AEAD_MSG_FIRST, .src = buf, .aad = 16,
			       .dst = out, .mac = mac, .iv = iv };
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n, slot;

	(void)state;
	fill(key, sizeof(key), 11);
	vt_up(VT_AEAD, "gcm(aes)", 4, true, 1, 0);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	vt_log_reset();
	assert_int_equal(vt_aead(h, &first), 0);
	slot = vt_log(0, &n)[1].sess;
	wd_aead_free_sess(h);
	log = vt_log(0, &n);
	assert_int_equal(n, 3);
	assert_int_equal(log[2].opcode, VACC_OP_CRYPTO_SETUP);
	assert_int_equal(log[2].alg, VACC_CALG_NONE);
	assert_int_equal(log[2].sess, slot);
	assert_true(!log[2].src && !log[2].src_len && !log[2].dst && !log[2].dst_len);
	assert_int_equal(fu_dev(0)->cslots[slot].alg, 0);
}

/* A stream needs a sync ctx: on an async one it is refused. */
static void *never_cb(struct wd_aead_req *req, void *param)
{
	(void)req;
	(void)param;
	return NULL;
}

static void test_stream_async_refused(void **state)
{
	__u8 key[16] = { 2 }, buf[32] = { 0 }, out[32], mac[16], iv[12] = { 0 };
	struct wd_aead_req req;
	handle_t h;

	(void)state;
	vt_up(VT_AEAD, "gcm(aes)", 4, true, 0, 1);
	h = vt_aead_sess(WD_CIPHER_GCM, key, sizeof(key), 16);
	memset(&req, 0, sizeof(req));
	req.op_type = WD_CIPHER_ENCRYPTION_DIGEST;
	req.src = buf;
	req.dst = out;
	req.mac = mac;
	req.mac_bytes = 16;
	req.iv = iv;
	req.iv_bytes = 12;
	req.assoc_bytes = 16;
	req.msg_state = AEAD_MSG_FIRST;
	req.cb = never_cb;
	assert_int_equal(wd_do_aead_async(h, &req), -WD_EINVAL);
	wd_aead_free_sess(h);
}

static handle_t dg_sess(enum wd_digest_type alg, enum wd_digest_mode mode, const __u8 *key,
			__u32 klen)
{
	struct wd_digest_sess_setup setup = { .alg = alg, .mode = mode };
	handle_t h = wd_digest_alloc_sess(&setup);

	if (h && key)
		assert_int_equal(wd_digest_set_key(h, key, klen), 0);
	return h;
}

static int dg(handle_t h, const __u8 *in, __u32 len, __u8 *out, __u32 out_len, __u16 next)
{
	struct wd_digest_req req;

	memset(&req, 0, sizeof(req));
	req.in = (void *)in;
	req.in_bytes = len;
	req.out = out;
	req.out_bytes = out_len;
	req.out_buf_bytes = 64;
	req.has_next = next;
	return wd_do_digest_sync(h, &req);
}

/* Plain hashes share one keyless slot; HMAC has its own; a long hash's stages. */
static void test_digest(void **state)
{
	__u8 key[20], in[192], out[64], out2[64];
	const struct vacc_sqe *log;
	handle_t a, b, m;
	__u32 n, i;

	(void)state;
	fill(key, sizeof(key), 12);
	fill(in, sizeof(in), 13);
	vt_up(VT_DIGEST, "sha256", 8, true, 1, 0);
	a = dg_sess(WD_DIGEST_SHA256, WD_DIGEST_NORMAL, NULL, 0);
	b = dg_sess(WD_DIGEST_SHA256, WD_DIGEST_NORMAL, NULL, 0);
	vt_log_reset();
	assert_int_equal(dg(a, in, 100, out, 32, WD_DIGEST_END), 0);
	assert_int_equal(dg(b, in, 100, out2, 32, WD_DIGEST_END), 0);
	assert_memory_equal(out, out2, 32);
	for (i = 0; i < 32; i++)
		assert_int_equal(out[i], fdev_mac_byte(NULL, 0, in, 100, i));
	log = vt_log(0, &n);
	assert_int_equal(n, 3);		/* one SETUP for both sessions */
	assert_true(log[0].opcode == VACC_OP_CRYPTO_SETUP && !log[0].src_len && !log[0].src);
	assert_true(log[1].stage == VACC_DG_ONESHOT && !log[1].flags && log[1].dst_len == 32);

	m = dg_sess(WD_DIGEST_SHA256, WD_DIGEST_HMAC, key, sizeof(key));
	vt_log_reset();
	assert_int_equal(dg(m, in, 64, out, 32, WD_DIGEST_DOING), 0);
	assert_int_equal(dg(m, in + 64, 64, out, 32, WD_DIGEST_DOING), 0);
	assert_int_equal(dg(m, in + 128, 10, out, 20, WD_DIGEST_END), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 4);
	assert_int_equal(log[0].alg, VACC_CALG_HMAC_SHA256);
	assert_int_equal(log[0].src_len, sizeof(key));
	assert_true(log[1].stage == VACC_DG_PART && !log[1].flags && !log[1].aux &&
		    log[1].dst_len == 32);
	assert_true(log[2].stage == VACC_DG_PART && log[2].flags == VACC_CSQE_RESUME &&
		    log[2].aux == 64);
	assert_true(log[3].stage == VACC_DG_LAST && log[3].flags == VACC_CSQE_RESUME &&
		    log[3].aux == 128 && log[3].dst_len == 20 && log[3].src_len == 10);
	for (i = 0; i < 20; i++)
		assert_int_equal(out[i], fdev_mac_byte(key, sizeof(key), in + 128, 10, i));
	wd_digest_free_sess(a);
	wd_digest_free_sess(b);
	wd_digest_free_sess(m);
}

static void test_gmac_iv(void **state)
{
	__u8 key[16], in[40], out[16], iv[16];
	struct wd_digest_req req;
	const struct vacc_sqe *log;
	handle_t h;
	__u32 n;

	(void)state;
	fill(key, sizeof(key), 14);
	fill(iv, sizeof(iv), 15);
	vt_up(VT_DIGEST, "gmac(aes)", 8, true, 1, 0);
	h = dg_sess(WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, key, sizeof(key));
	vt_log_reset();
	memset(&req, 0, sizeof(req));
	req.in = in;
	req.in_bytes = sizeof(in);
	req.out = out;
	req.out_bytes = req.out_buf_bytes = 16;
	req.iv = iv;
	req.iv_bytes = 16;
	assert_int_equal(wd_do_digest_sync(h, &req), 0);
	log = vt_log(0, &n);
	assert_int_equal(n, 2);
	assert_int_equal(log[1].alg, VACC_CALG_AES_GMAC);
	assert_true(log[1].iv == (uintptr_t)iv && log[1].iv_len == 16);
	wd_digest_free_sess(h);
}

#define T(f) cmocka_unit_test_teardown(f, down)

const struct CMUnitTest vt_aead_tests[] = {
	T(test_gcm_block),
	T(test_authenc_keys),
	T(test_gcm_stream_bound),
	T(test_gcm_stream_no_first),
	T(test_block_inside_stream),
	T(test_streams_pin_all),
	T(test_free_mid_stream),
	T(test_stream_async_refused),
	T(test_digest),
	T(test_gmac_iv),
};
const size_t vt_aead_ntests = sizeof(vt_aead_tests) / sizeof(vt_aead_tests[0]);
