/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AEAD against references: AES-GCM and AES-CCM against OpenSSL, SM4-GCM and
 * SM4-CCM against cross_ref.c (itself first checked against OpenSSL on
 * AES), authenc against OpenSSL's CBC + HMAC over AAD || ciphertext; GCM
 * streams (FIRST, MIDDLE at random 16-byte points, END) equal block mode
 * for AES and SM4; async + poll and scatter-gather requests equal flat
 * sync ones. Random sizes: AAD up to CCM's 65279 bytes, payloads to 64 KiB.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cross.h"

#define AAD_MAX	65279
#define BUF	(AAD_MAX + CROSS_MAX + 64)

static uint8_t src[BUF], dst[BUF], ref[BUF];

struct aead {
	int calg, cmode, dalg;
	uint32_t klen, aklen;
	uint8_t key[32], akey[128], nonce[16];
	uint32_t nlen;
	uint16_t authsize;
};

/* The request's IV: GCM the 12-byte IV, CCM the counter block (L - 1, nonce, 0). */
static uint16_t make_iv(const struct aead *a, uint8_t *iv)
{
	memset(iv, 0, 16);
	if (a->cmode == WD_CIPHER_CCM) {
		iv[0] = (uint8_t)(14 - a->nlen);
		memcpy(iv + 1, a->nonce, a->nlen);
		return 16;
	}
	memcpy(iv, a->nonce, a->nlen);
	return (uint16_t)a->nlen;
}

static void draw(struct aead *a, int calg, int cmode, int dalg)
{
	a->calg = calg;
	a->cmode = cmode;
	a->dalg = dalg;
	a->klen = calg == WD_CIPHER_SM4 ? 16 : 16 + 8 * ct_below(3);
	ct_fill(a->key, a->klen);
	a->nlen = cmode == WD_CIPHER_GCM ? 12 : cmode == WD_CIPHER_CCM ? 7 + ct_below(7) : 16;
	ct_fill(a->nonce, a->nlen);
	if (cmode == WD_CIPHER_GCM)
		a->authsize = (uint16_t)(8 + ct_below(9));
	else if (cmode == WD_CIPHER_CCM)
		a->authsize = (uint16_t)(4 + 2 * ct_below(7));
	else
		a->authsize = (uint16_t)(1 + ct_below(ct_mac_len(dalg)));
	a->aklen = cmode == WD_CIPHER_CBC ? ct_below(1 + (dalg > WD_DIGEST_SHA256 ? 128 : 64)) : 0;
	ct_fill(a->akey, a->aklen);
}

static handle_t open_sess(const struct aead *a)
{
	handle_t h = ct_aead_sess(a->calg, a->cmode, a->dalg, a->key, (uint16_t)a->klen, a->akey,
				  (uint16_t)a->aklen, a->authsize);

	assert_true(h);
	return h;
}

/* The reference answer: payload to out, the tag (authsize bytes) to tag. */
static void reference(const struct aead *a, const uint8_t *aad, uint32_t alen,
		      const uint8_t *pt, uint32_t len, uint8_t *out, uint8_t *tag)
{
	uint8_t full[64];
	int ret;

	if (a->cmode == WD_CIPHER_CBC) {	/* authenc: HMAC(akey, AAD || CBC(pt)) */
		uint8_t *mac_in = malloc(alen + len + 1);

		ret = evp_crypt(a->calg, WD_CIPHER_CBC, a->key, a->klen, a->nonce, 1, pt, out, len);
		memcpy(mac_in, aad, alen);
		memcpy(mac_in + alen, out, len);
		ret |= evp_hmac(a->dalg, a->akey, a->aklen, mac_in, alen + len, full);
		free(mac_in);
	} else if (a->calg == WD_CIPHER_AES && a->cmode == WD_CIPHER_GCM) {
		ret = evp_gcm(1, a->key, a->klen, a->nonce, aad, alen, pt, len, out, full, 16);
	} else if (a->calg == WD_CIPHER_AES) {
		ret = evp_ccm(1, a->key, a->klen, a->nonce, a->nlen, aad, alen, pt, len, out, full,
			      a->authsize);
	} else if (a->cmode == WD_CIPHER_GCM) {
		ret = ref_gcm(a->calg, 1, a->key, a->klen, a->nonce, aad, alen, pt, len, out, full);
	} else {
		ret = ref_ccm(a->calg, 1, a->key, a->klen, a->nonce, a->nlen, aad, alen, pt, len,
			      out, full, a->authsize);
	}
	assert_int_equal(ret, 0);
	memcpy(tag, full, a->authsize);
}

/* One block-mode request: src = AAD || payload, result at dst + alen; mac has 64 bytes. */
static int block_req(handle_t h, const struct aead *a, int op, uint8_t *s, uint8_t *d,
		     uint32_t alen, uint32_t len, uint8_t *mac, uint16_t *state)
{
	uint8_t iv[16];
	struct wd_aead_req r = { .op_type = op, .src = s, .dst = d, .mac = mac, .iv = iv,
				 .in_bytes = len, .out_bytes = alen + len, .mac_bytes = 64,
				 .assoc_bytes = (uint16_t)alen };
	int ret;

	r.iv_bytes = make_iv(a, iv);
	ret = wd_do_aead_sync(h, &r);
	*state = r.state;
	return ret;
}

static const char *aname(const struct aead *a)
{
	static char n[64];

	snprintf(n, sizeof(n), "%s-%s key %u authsize %u (dalg %d)",
		 a->calg == WD_CIPHER_SM4 ? "SM4" : "AES",
		 a->cmode == WD_CIPHER_GCM ? "GCM" : a->cmode == WD_CIPHER_CCM ? "CCM" : "CBC+HMAC",
		 a->klen, a->authsize, a->dalg);
	return n;
}

static uint8_t ctb[BUF];	/* AAD || ciphertext of check_one */

/* Encrypt, compare; decrypt (in place half the time), compare; a bad tag: state 67. */
static void check_one(const struct aead *a, uint32_t alen, uint32_t len, bool in_place)
{
	uint8_t tag[64], mac[64];
	uint16_t st;
	handle_t h = open_sess(a);

	ct_fill(src, alen + len);
	reference(a, src, alen, src + alen, len, ref, tag);
	if (in_place)
		memcpy(dst, src, alen + len);
	memset(mac, 0, sizeof(mac));
	assert_int_equal(block_req(h, a, 0, in_place ? dst : src, dst, alen, len, mac, &st), 0);
	assert_int_equal(st, 0);
	cross_same(aname(a), dst + alen, ref, len);
	cross_same(aname(a), mac, tag, a->authsize);
	memcpy(ctb, src, alen);
	memcpy(ctb + alen, dst + alen, len);
	/* decrypt */
	memcpy(ref, ctb, alen + len);
	assert_int_equal(block_req(h, a, 1, ref, in_place ? ref : dst, alen, len, mac, &st), 0);
	assert_int_equal(st, 0);
	cross_same("decrypted", (in_place ? ref : dst) + alen, src + alen, len);
	/* the same with one tag bit wrong */
	memcpy(ref, ctb, alen + len);
	mac[ct_below(a->authsize)] ^= (uint8_t)(1 << ct_below(8));
	assert_int_equal(block_req(h, a, 1, ref, ref, alen, len, mac, &st), 0);
	assert_int_equal(st, WD_IN_EPARA);
	wd_aead_free_sess(h);
}

/* The references for SM4 agree with OpenSSL where OpenSSL has the mode (AES). */
static void check_refs(void)
{
	uint8_t t1[16], t2[16];
	struct aead a;
	int n;

	for (n = 0; n < 16; n++) {
		uint32_t alen = cross_len(0, 300, 1), len = cross_len(0, 4096, 1);

		draw(&a, WD_CIPHER_AES, n & 1 ? WD_CIPHER_CCM : WD_CIPHER_GCM, 0);
		ct_fill(src, alen + len);
		if (a.cmode == WD_CIPHER_GCM) {
			assert_int_equal(evp_gcm(1, a.key, a.klen, a.nonce, src, alen, src + alen, len,
						 dst, t1, 16), 0);
			assert_int_equal(ref_gcm(a.calg, 1, a.key, a.klen, a.nonce, src, alen,
						 src + alen, len, ref, t2), 0);
		} else {
			assert_int_equal(evp_ccm(1, a.key, a.klen, a.nonce, a.nlen, src, alen,
						 src + alen, len, dst, t1, a.authsize), 0);
			assert_int_equal(ref_ccm(a.calg, 1, a.key, a.klen, a.nonce, a.nlen, src, alen,
						 src + alen, len, ref, t2, a.authsize), 0);
		}
		cross_same("reference vs OpenSSL, payload", ref, dst, len);
		cross_same("reference vs OpenSSL, tag", t2, t1,
			   a.cmode == WD_CIPHER_GCM ? 16 : a.authsize);
	}
}

void cross_aead_evp(void **state)
{
	static const int calg[] = { WD_CIPHER_AES, WD_CIPHER_SM4 };
	struct aead a;
	long runs = 0;
	int c, m, n;

	(void)state;
	check_refs();
	for (c = 0; c < 2; c++) {
		for (m = 0; m < 2; m++) {
			for (n = 0; n < 40; n++) {
				uint32_t alen = cross_len(0, n % 6 ? 512 : AAD_MAX, 1);
				uint32_t len = cross_len(alen ? 0 : 1, CROSS_MAX, 1);

				draw(&a, calg[c], m ? WD_CIPHER_CCM : WD_CIPHER_GCM, 0);
				if (a.cmode == WD_CIPHER_CCM && a.nlen == 13 && len > 65535)
					len = 65535;	/* L = 2: a two-byte payload length */
				check_one(&a, alen, len, n & 1);
				runs++;
			}
		}
	}
	printf("aead: %ld random GCM/CCM requests (AES vs OpenSSL, SM4 vs the reference)\n", runs);
}

void cross_aead_authenc(void **state)
{
	static const int calg[] = { WD_CIPHER_AES, WD_CIPHER_SM4 };
	struct aead a;
	long runs = 0;
	int c, d, n;

	(void)state;
	for (c = 0; c < 2; c++) {
		for (d = 0; d <= WD_DIGEST_SHA512_256; d++) {
			for (n = 0; n < 8; n++) {
				draw(&a, calg[c], WD_CIPHER_CBC, d);
				check_one(&a, cross_len(0, 1024, 1), cross_len(16, CROSS_MAX, 16), n & 1);
				runs++;
			}
		}
	}
	printf("aead: %ld authenc requests (AES/SM4-CBC, HMAC of 9 hashes) equal OpenSSL\n", runs);
}

/*
 * One GCM stream: FIRST (the AAD), MIDDLE parts at random 16-byte points,
 * END with the rest (usually under 16 bytes, as uadk_provider sends it;
 * sometimes more). Payload in s, result to d; the tag in mac.
 */
static void stream(handle_t h, int op, const uint8_t *aad, uint32_t alen, const uint8_t *s,
		   uint8_t *d, uint32_t len, uint8_t *iv, uint8_t *mac, bool long_end)
{
	struct wd_aead_req r = { .op_type = op, .src = (void *)aad, .mac = mac, .iv = iv,
				 .in_bytes = alen, .iv_bytes = 12, .mac_bytes = 16,
				 .assoc_bytes = (uint16_t)alen, .msg_state = AEAD_MSG_FIRST };
	uint32_t off = 0, whole = len / 16 * 16, end;

	assert_int_equal(wd_do_aead_sync(h, &r), 0);
	assert_int_equal(r.state, 0);
	end = long_end ? 16 * ct_below(whole / 16 + 1) : whole;
	while (off < end) {
		uint32_t n = 16 * (1 + ct_below((end - off) / 16));

		r.msg_state = AEAD_MSG_MIDDLE;
		r.src = (void *)(s + off);
		r.dst = d + off;
		r.in_bytes = r.out_bytes = n;
		assert_int_equal(wd_do_aead_sync(h, &r), 0);
		assert_int_equal(r.state, 0);
		off += n;
	}
	r.msg_state = AEAD_MSG_END;
	r.src = len > off ? (void *)(s + off) : NULL;
	r.dst = len > off ? d + off : NULL;
	r.in_bytes = r.out_bytes = len - off;
	assert_int_equal(wd_do_aead_sync(h, &r), 0);
	assert_int_equal(r.state, 0);
}

void cross_aead_stream(void **state)
{
	static const int calg[] = { WD_CIPHER_AES, WD_CIPHER_SM4 };
	uint8_t tag[64] = { 0 }, mac[16], iv[16];
	struct aead a;
	long runs = 0;
	uint16_t st;
	int c, n;

	(void)state;
	for (c = 0; c < 2; c++) {
		for (n = 0; n < 32; n++) {
			uint32_t alen = cross_len(1, 1024, 1), len = cross_len(0, CROSS_MAX, 1);
			handle_t h;

			draw(&a, calg[c], WD_CIPHER_GCM, 0);
			h = open_sess(&a);
			ct_fill(src, alen + len);
			/* block mode's answer */
			assert_int_equal(block_req(h, &a, 0, src, ref, alen, len, tag, &st), 0);
			assert_int_equal(st, 0);
			/* the stream's, twice on one session (END starts it afresh) */
			for (int k = 0; k < 2; k++) {
				memset(mac, 0, 16);
				make_iv(&a, iv);
				stream(h, 0, src, alen, src + alen, dst, len, iv, mac, n % 3 == 0);
				cross_same("GCM stream ciphertext", dst, ref + alen, len);
				cross_same("GCM stream tag", mac, tag, a.authsize);
			}
			/* and back, the tag checked at END */
			memcpy(mac, tag, 16);
			make_iv(&a, iv);
			stream(h, 1, src, alen, ref + alen, dst, len, iv, mac, n % 3 == 1);
			cross_same("GCM stream plaintext", dst, src + alen, len);
			wd_aead_free_sess(h);
			runs++;
		}
	}
	printf("aead: %ld GCM streams (AES and SM4) equal block mode, both ways\n", runs);
}

static void *aead_cb(struct wd_aead_req *req, void *param)
{
	int *done = param;

	if (req->state || req->cb_param != param)
		done[1]++;
	__atomic_fetch_add(&done[0], 1, __ATOMIC_RELEASE);
	return NULL;
}

#define BATCH	4

/* Async (own buffers each) and SGL block requests equal the flat sync answer. */
void cross_aead_async_sgl(void **state)
{
	static const int kinds[][3] = {
		{ WD_CIPHER_AES, WD_CIPHER_GCM, 0 }, { WD_CIPHER_SM4, WD_CIPHER_GCM, 0 },
		{ WD_CIPHER_AES, WD_CIPHER_CCM, 0 }, { WD_CIPHER_SM4, WD_CIPHER_CCM, 0 },
		{ WD_CIPHER_AES, WD_CIPHER_CBC, WD_DIGEST_SHA256 },
		{ WD_CIPHER_SM4, WD_CIPHER_CBC, WD_DIGEST_SM3 },
	};
	uint8_t *s[BATCH], *d[BATCH], *want[BATCH], mac[BATCH][64], tag[BATCH][64], iv[BATCH][16];
	uint32_t alen[BATCH], len[BATCH];
	struct wd_aead_req r[BATCH];
	struct ct_sgl ls, ld;
	int done[2], j, ret;
	size_t k;
	long runs = 0;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		struct aead a;
		handle_t h;

		draw(&a, kinds[k][0], kinds[k][1], kinds[k][2]);
		h = open_sess(&a);
		done[0] = done[1] = 0;
		for (j = 0; j < BATCH; j++) {
			alen[j] = cross_len(0, 256, 1);
			len[j] = a.cmode == WD_CIPHER_CBC ? cross_len(16, 8192, 16) :
				 cross_len(alen[j] ? 0 : 1, 8192, 1);
			s[j] = malloc(alen[j] + len[j]);
			d[j] = malloc(alen[j] + len[j]);
			want[j] = malloc(len[j] + 1);
			ct_fill(s[j], alen[j] + len[j]);
			reference(&a, s[j], alen[j], s[j] + alen[j], len[j], want[j], tag[j]);
			r[j] = (struct wd_aead_req){ .op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = s[j],
						     .dst = d[j], .mac = mac[j], .iv = iv[j],
						     .in_bytes = len[j], .out_bytes = alen[j] + len[j],
						     .mac_bytes = 64, .assoc_bytes = (uint16_t)alen[j],
						     .cb = aead_cb, .cb_param = done };
			r[j].iv_bytes = make_iv(&a, iv[j]);
			do
				ret = wd_do_aead_async(h, &r[j]);
			while (ret == -WD_EBUSY);
			assert_int_equal(ret, 0);
		}
		cross_poll(WD_AEAD, &done[0], BATCH);
		assert_int_equal(done[1], 0);
		for (j = 0; j < BATCH; j++) {
			cross_same("async AEAD", d[j] + alen[j], want[j], len[j]);
			cross_same("async AEAD tag", mac[j], tag[j], a.authsize);
			/* scatter-gather: AAD || payload in, AAD || result out */
			ct_sgl_make(&ls, s[j], alen[j] + len[j], 1 + (int)ct_below(5));
			memset(d[j], 0, alen[j] + len[j]);
			ct_sgl_make(&ld, d[j], alen[j] + len[j], 1 + (int)ct_below(5));
			memset(mac[j], 0, 64);
			make_iv(&a, iv[j]);
			r[j].data_fmt = WD_SGL_BUF;
			r[j].list_src = ls.node;
			r[j].list_dst = ld.node;
			assert_int_equal(wd_do_aead_sync(h, &r[j]), 0);
			assert_int_equal(r[j].state, 0);
			ct_sgl_read(&ld, d[j], alen[j] + len[j]);
			cross_same("SGL AEAD", d[j] + alen[j], want[j], len[j]);
			cross_same("SGL AEAD tag", mac[j], tag[j], a.authsize);
			ct_sgl_free(&ls);
			ct_sgl_free(&ld);
			free(s[j]);
			free(d[j]);
			free(want[j]);
		}
		wd_aead_free_sess(h);
		runs += BATCH;
	}
	printf("aead: %ld async and %ld SGL requests equal the references\n", runs, runs);
}
