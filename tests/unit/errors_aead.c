/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input to the aead class, one table row each with the exact code and
 * req->state (facts: uadk-crypto-api.md 5.4-5.6 and 12; src/crypto/wd_aead.c).
 * A refused request must leave dst and mac untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "errors.h"

#define EINV	(-WD_EINVAL)
#define AES	WD_CIPHER_AES
#define SM4	WD_CIPHER_SM4
#define GCM	WD_CIPHER_GCM
#define CCM	WD_CIPHER_CCM
#define CBC	WD_CIPHER_CBC
#define S256	WD_DIGEST_SHA256

enum kind { AUTH, CKEY, AKEY, REQ, ASYNC, BADTAG, BADTAG_STREAM, ALLOC, HANDLE };

enum {
	F_NOCKEY = 1 << 0, F_NOAUTH = 1 << 1, F_NOAKEY = 1 << 2, F_IVNULL = 1 << 3,
	F_IVLEN = 1 << 4, F_IV0 = 1 << 5, F_MACNULL = 1 << 6, F_MACLEN = 1 << 7,
	F_STATE = 1 << 8, F_IN = 1 << 9, F_ASSOC = 1 << 10, F_OP = 1 << 11, F_SRCNULL = 1 << 12,
	F_DSTNULL = 1 << 13, F_FMT = 1 << 14, F_SGL = 1 << 15, F_NOCB = 1 << 16,
	F_REQNULL = 1 << 17, F_KEYNULL = 1 << 18,
};

struct acase {
	const char *what;
	enum kind kind;
	int calg, cmode, dalg;
	int n;			/* AUTH: authsize; CKEY/AKEY: key bytes */
	unsigned int ov;
	uint32_t in, assoc, iv_bytes, mac_bytes, op, fmt, msg_state;
	uint8_t iv0;
	int dmode, mm;
	int handle;
	int want;
	int want_state;
};

static const struct acase cases[] = {
	/* tag sizes (5.4) */
	{ "GCM authsize 4", AUTH, AES, GCM, 0, 4, .want = EINV },
	{ "GCM authsize 17", AUTH, AES, GCM, 0, 17, .want = EINV },
	{ "GCM authsize 7", AUTH, SM4, GCM, 0, 7, .want = EINV },
	{ "GCM authsize 0", AUTH, AES, GCM, 0, 0, .want = EINV },
	{ "GCM authsize 13 is fine", AUTH, AES, GCM, 0, 13, .want = 0 },
	{ "CCM authsize 5 (odd)", AUTH, AES, CCM, 0, 5, .want = EINV },
	{ "CCM authsize 18", AUTH, AES, CCM, 0, 18, .want = EINV },
	{ "CCM authsize 2", AUTH, SM4, CCM, 0, 2, .want = EINV },
	{ "CCM authsize 4 is fine", AUTH, AES, CCM, 0, 4, .want = 0 },
	{ "authenc SHA-256 authsize 0", AUTH, AES, CBC, S256, 0, .want = EINV },
	{ "authenc SHA-256 authsize 33", AUTH, AES, CBC, S256, 33, .want = EINV },
	{ "authenc SHA-1 authsize 21", AUTH, AES, CBC, WD_DIGEST_SHA1, 21, .want = EINV },
	{ "authenc SHA-512 authsize 65", AUTH, SM4, CBC, WD_DIGEST_SHA512, 65, .want = EINV },
	{ "authenc SHA-512 authsize 64 is fine", AUTH, AES, CBC, WD_DIGEST_SHA512, 64, .want = 0 },
	/* keys */
	{ "set_akey on GCM", AKEY, AES, GCM, 0, 32, .want = EINV },
	{ "set_akey on CCM", AKEY, SM4, CCM, 0, 16, .want = EINV },
	{ "authenc SHA-256 akey 65 bytes", AKEY, AES, CBC, S256, 65, .want = EINV },
	{ "authenc SHA-512 akey 129 bytes", AKEY, AES, CBC, WD_DIGEST_SHA512, 129, .want = EINV },
	{ "authenc SHA-512 akey 100 is fine", AKEY, AES, CBC, WD_DIGEST_SHA512, 100, .want = 0 },
	{ "authenc akey NULL, 4 bytes", AKEY, AES, CBC, S256, 4, .ov = F_KEYNULL, .want = EINV },
	{ "AES ckey 15 bytes", CKEY, AES, GCM, 0, 15, .want = EINV },
	{ "AES ckey 0 bytes", CKEY, AES, CCM, 0, 0, .want = EINV },
	{ "SM4 ckey 24 bytes", CKEY, SM4, GCM, 0, 24, .want = EINV },
	{ "ckey NULL", CKEY, AES, GCM, 0, 16, .ov = F_KEYNULL, .want = EINV },
	{ "AES ckey 32 is fine", CKEY, AES, CBC, S256, 32, .want = 0 },
	/* requests (5.5, 5.6) */
	{ "NULL request", REQ, AES, GCM, .ov = F_REQNULL, .want = EINV },
	{ "before set_ckey", REQ, AES, GCM, .ov = F_NOCKEY, .want = EINV },
	{ "before set_authsize", REQ, AES, CCM, .ov = F_NOAUTH, .want = EINV },
	{ "authenc before set_akey", REQ, AES, CBC, S256, .ov = F_NOAKEY, .want = EINV },
	{ "iv NULL", REQ, AES, GCM, .ov = F_IVNULL, .want = EINV },
	{ "GCM iv_bytes 16", REQ, AES, GCM, .ov = F_IVLEN, .iv_bytes = 16, .want = EINV },
	{ "CCM iv_bytes 12", REQ, AES, CCM, .ov = F_IVLEN, .iv_bytes = 12, .want = EINV },
	{ "authenc iv_bytes 12", REQ, AES, CBC, S256, .ov = F_IVLEN, .iv_bytes = 12, .want = EINV },
	{ "CCM iv[0] = 0 (L = 1)", REQ, AES, CCM, .ov = F_IV0, .iv0 = 0, .want = EINV },
	{ "CCM iv[0] = 8 (L = 9)", REQ, AES, CCM, .ov = F_IV0, .iv0 = 8, .want = EINV },
	{ "CCM iv[0] = 1 (13-byte nonce) is fine", REQ, SM4, CCM, .ov = F_IV0, .iv0 = 1, .want = 0 },
	{ "mac NULL", REQ, AES, GCM, .ov = F_MACNULL, .want = EINV },
	{ "mac_bytes 15 < authsize 16", REQ, AES, CCM, .ov = F_MACLEN, .mac_bytes = 15,
	  .want = EINV },
	{ "FIRST on CCM (GCM only)", REQ, AES, CCM, .ov = F_STATE, .msg_state = AEAD_MSG_FIRST,
	  .want = EINV },
	{ "MIDDLE on authenc", REQ, AES, CBC, S256, .ov = F_STATE, .msg_state = AEAD_MSG_MIDDLE,
	  .want = EINV },
	{ "GCM MIDDLE 15 bytes", REQ, AES, GCM, .ov = F_STATE | F_IN,
	  .msg_state = AEAD_MSG_MIDDLE, .in = 15, .want = EINV },
	{ "GCM MIDDLE 0 bytes", REQ, SM4, GCM, .ov = F_STATE | F_IN,
	  .msg_state = AEAD_MSG_MIDDLE, .in = 0, .want = EINV },
	{ "GCM FIRST with assoc 0", REQ, AES, GCM, .ov = F_STATE | F_ASSOC,
	  .msg_state = AEAD_MSG_FIRST, .assoc = 0, .want = EINV },
	{ "msg_state 4", REQ, AES, GCM, .ov = F_STATE, .msg_state = AEAD_MSG_INVALID, .want = EINV },
	{ "authenc in_bytes 0", REQ, AES, CBC, S256, .ov = F_IN, .in = 0, .want = EINV },
	{ "authenc in_bytes 15", REQ, SM4, CBC, S256, .ov = F_IN, .in = 15, .want = EINV },
	{ "CCM assoc 65280", REQ, AES, CCM, .ov = F_ASSOC, .assoc = 65280, .want = EINV },
	{ "CCM assoc 65279 is fine", REQ, AES, CCM, .ov = F_ASSOC, .assoc = 65279, .want = 0 },
	{ "GCM in 0 and assoc 0", REQ, AES, GCM, .ov = F_IN | F_ASSOC, .in = 0, .assoc = 0,
	  .want = EINV },
	{ "op_type 2", REQ, AES, GCM, .ov = F_OP, .op = 2, .want = EINV },
	{ "op_type 3", REQ, AES, CCM, .ov = F_OP, .op = 3, .want = EINV },
	{ "op_type 5", REQ, AES, CBC, S256, .ov = F_OP, .op = 5, .want = EINV },
	{ "src NULL", REQ, AES, GCM, .ov = F_SRCNULL, .want = EINV },
	{ "dst NULL", REQ, AES, CCM, .ov = F_DSTNULL, .want = EINV },
	{ "data_fmt 7", REQ, AES, GCM, .ov = F_FMT, .fmt = 7, .want = EINV },
	{ "SGL list one byte short", REQ, AES, GCM, .ov = F_SGL, .want = EINV },
	{ "SGL in a GCM stream (FIRST)", REQ, AES, GCM, .ov = F_SGL | F_STATE,
	  .msg_state = AEAD_MSG_FIRST, .want = EINV },
	{ "async, cb NULL", ASYNC, AES, GCM, .ov = F_NOCB, .want = EINV },
	{ "async NULL request", ASYNC, AES, CCM, .ov = F_REQNULL, .want = EINV },
	{ "async, op_type 3", ASYNC, AES, GCM, .ov = F_OP, .op = 3, .want = EINV },
	{ "async, valid", ASYNC, AES, CBC, S256, .want = 0 },
	/* tags that do not verify */
	{ "GCM block, bad tag", BADTAG, AES, GCM, .want = 0, .want_state = WD_IN_EPARA },
	{ "SM4-GCM block, bad tag", BADTAG, SM4, GCM, .want = 0, .want_state = WD_IN_EPARA },
	{ "CCM block, bad tag", BADTAG, AES, CCM, .want = 0, .want_state = WD_IN_EPARA },
	{ "authenc block, bad tag", BADTAG, AES, CBC, S256, .want = 0,
	  .want_state = WD_IN_EPARA },
	{ "GCM stream END, bad tag", BADTAG_STREAM, AES, GCM, .want = EINV,
	  .want_state = WD_IN_EPARA },
	{ "SM4-GCM stream END, bad tag", BADTAG_STREAM, SM4, GCM, .want = EINV,
	  .want_state = WD_IN_EPARA },
	/* sessions (5.2) */
	{ "alloc: calg DES", ALLOC, WD_CIPHER_DES, CBC, S256, .dmode = WD_DIGEST_HMAC },
	{ "alloc: calg 4", ALLOC, 4, GCM },
	{ "alloc: AES+CTR", ALLOC, AES, WD_CIPHER_CTR },
	{ "alloc: AES+XTS", ALLOC, AES, WD_CIPHER_XTS },
	{ "alloc: SM4+ECB", ALLOC, SM4, WD_CIPHER_ECB },
	{ "alloc: cmode 12", ALLOC, AES, 12 },
	{ "alloc: authenc with GMAC", ALLOC, AES, CBC, WD_DIGEST_AES_GMAC, .dmode = WD_DIGEST_HMAC },
	{ "alloc: authenc with dalg 13", ALLOC, AES, CBC, 13, .dmode = WD_DIGEST_HMAC },
	{ "alloc: authenc, dmode NORMAL", ALLOC, AES, CBC, S256, .dmode = WD_DIGEST_NORMAL },
	{ "alloc: mm_type USER", ALLOC, AES, GCM, .mm = UADK_MEM_USER },
	{ "alloc: NULL setup", ALLOC, -2, 0 },
	/* handles */
	{ "handle 0", HANDLE, .handle = BAD_ZERO, .want = EINV },
	{ "handle 1", HANDLE, .handle = BAD_ONE, .want = EINV },
	{ "handle ~0", HANDLE, .handle = BAD_ALLONES, .want = EINV },
	{ "handle 0xdeadbeef", HANDLE, .handle = BAD_GARBAGE, .want = EINV },
	{ "handle = a pointer to memory", HANDLE, .handle = BAD_POINTER, .want = EINV },
	{ "freed session", HANDLE, .handle = BAD_FREED, .want = EINV },
	{ "cipher session", HANDLE, .handle = BAD_OTHER1, .want = EINV },
	{ "digest session", HANDLE, .handle = BAD_OTHER2, .want = EINV },
};

static const uint8_t key[160] = { 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a,
				  0x8f, 0x94, 0x67, 0x30, 0x83, 0x08 };
/* big enough for CCM's largest AAD: the row proving 65279 is accepted */
static uint8_t src[65536 + 64], dst[65536 + 64];

static int done_count;

static void *cb(struct wd_aead_req *req, void *param)
{
	(void)req;
	(void)param;
	done_count++;
	return NULL;
}

static handle_t sess_for(const struct acase *c)
{
	struct wd_aead_sess_setup ss = { .calg = c->calg, .cmode = c->cmode, .sched_param = &ct_sp };
	handle_t h;

	if (c->cmode == CBC) {
		ss.dalg = c->dalg;
		ss.dmode = WD_DIGEST_HMAC;
	}
	h = wd_aead_alloc_sess(&ss);
	assert_true(h);
	if (c->kind == CKEY || c->kind == AKEY || c->kind == AUTH)
		return h;
	if (!(c->ov & F_NOCKEY))
		assert_int_equal(wd_aead_set_ckey(h, key, 16), 0);
	if (c->cmode == CBC && !(c->ov & F_NOAKEY))
		assert_int_equal(wd_aead_set_akey(h, key, 32), 0);
	if (!(c->ov & F_NOAUTH))
		assert_int_equal(wd_aead_set_authsize(h, 16), 0);
	return h;
}

/* A valid request of the session's kind: 16 bytes AAD, 32 payload. */
static void valid_req(const struct acase *c, struct wd_aead_req *r, uint8_t *iv, uint8_t *mac)
{
	memset(iv, 0x3c, 16);
	iv[0] = 3;	/* CCM: L = 4, an 11-byte nonce */
	memset(mac, 0xa5, 16);
	*r = (struct wd_aead_req){ .op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = src, .dst = dst,
				   .mac = mac, .iv = iv, .in_bytes = 32, .out_bytes = 48,
				   .iv_bytes = c->cmode == GCM ? 12 : 16, .mac_bytes = 16,
				   .assoc_bytes = 16, .cb = cb };
}

static void run_req(const struct acase *c, handle_t h)
{
	uint8_t iv[16], mac[16];
	struct wd_datalist l = { .data = src, .len = 47 };
	struct wd_aead_req r;
	unsigned int ov = c->ov;
	int ret, before = done_count;

	valid_req(c, &r, iv, mac);
	memset(dst, 0xa5, sizeof(dst));
	if (ov & F_IVNULL)
		r.iv = NULL;
	if (ov & F_IVLEN)
		r.iv_bytes = (uint16_t)c->iv_bytes;
	if (ov & F_IV0)
		iv[0] = c->iv0;
	if (ov & F_MACNULL)
		r.mac = NULL;
	if (ov & F_MACLEN)
		r.mac_bytes = (uint16_t)c->mac_bytes;
	if (ov & F_STATE)
		r.msg_state = c->msg_state;
	if (ov & F_IN)
		r.in_bytes = c->in;
	if (ov & F_ASSOC)
		r.assoc_bytes = (uint16_t)c->assoc;
	r.out_bytes = r.in_bytes + r.assoc_bytes;
	if (ov & F_OP)
		r.op_type = c->op;
	if (ov & F_SRCNULL)
		r.src = NULL;
	if (ov & F_DSTNULL)
		r.dst = NULL;
	if (ov & F_FMT)
		r.data_fmt = (uint8_t)c->fmt;
	if (ov & F_SGL) {
		r.data_fmt = WD_SGL_BUF;
		r.list_src = r.list_dst = &l;
		if (ov & F_STATE)
			l.len = 4096;	/* long enough: only the stream state is wrong */
	}
	if (ov & F_NOCB)
		r.cb = NULL;
	if (c->kind == ASYNC)
		ret = wd_do_aead_async(h, ov & F_REQNULL ? NULL : &r);
	else
		ret = wd_do_aead_sync(h, ov & F_REQNULL ? NULL : &r);
	/* a refused request wrote neither tag nor payload */
	if (err_refused("aead", c->what, ret, c->want, mac, 16) |
	    err_refused("aead", c->what, ret, c->want, dst, sizeof(dst)))
		return;
	err_accepted(WD_AEAD, c->kind == ASYNC, r.state, &done_count, before);
	assert_true(memcmp(mac, "\xa5\xa5\xa5\xa5\xa5\xa5\xa5\xa5", 8));	/* a tag came */
}

/* Encrypt, spoil one bit of the tag, decrypt: the tag must not verify. */
static void run_badtag(const struct acase *c, handle_t h)
{
	uint8_t iv[16], mac[16], ct[48];
	struct wd_aead_req r;
	int ret;

	valid_req(c, &r, iv, mac);
	assert_int_equal(wd_do_aead_sync(h, &r), 0);
	assert_int_equal(r.state, 0);
	memcpy(ct, src, 16);
	memcpy(ct + 16, dst + 16, 32);
	mac[5] ^= 0x10;
	r.op_type = WD_CIPHER_DECRYPTION_DIGEST;
	r.src = ct;
	if (c->kind == BADTAG) {
		ret = wd_do_aead_sync(h, &r);
	} else {
		r.msg_state = AEAD_MSG_FIRST;	/* the AAD */
		r.in_bytes = 16;
		assert_int_equal(wd_do_aead_sync(h, &r), 0);
		r.msg_state = AEAD_MSG_MIDDLE;
		r.src = ct + 16;
		r.in_bytes = 32;
		assert_int_equal(wd_do_aead_sync(h, &r), 0);
		r.msg_state = AEAD_MSG_END;
		r.src = NULL;
		r.in_bytes = 0;
		ret = wd_do_aead_sync(h, &r);
	}
	if (ret != c->want || r.state != c->want_state)
		fail_msg("aead '%s': got %d state %u, want %d state %d", c->what, ret, r.state,
			 c->want, c->want_state);
	/* the same with the right tag verifies */
	mac[5] ^= 0x10;
	r = (struct wd_aead_req){ .op_type = WD_CIPHER_DECRYPTION_DIGEST, .src = ct, .dst = dst,
				  .mac = mac, .iv = iv, .in_bytes = 32, .out_bytes = 48,
				  .iv_bytes = r.iv_bytes, .mac_bytes = 16, .assoc_bytes = 16 };
	assert_int_equal(wd_do_aead_sync(h, &r), 0);
	assert_int_equal(r.state, 0);
}

static void run_setter(const struct acase *c, handle_t h)
{
	const uint8_t *k = c->ov & F_KEYNULL ? NULL : key;
	int ret;

	if (c->kind == AUTH)
		ret = wd_aead_set_authsize(h, (uint16_t)c->n);
	else if (c->kind == CKEY)
		ret = wd_aead_set_ckey(h, k, (uint16_t)c->n);
	else
		ret = wd_aead_set_akey(h, k, (uint16_t)c->n);
	if (ret != c->want)
		fail_msg("aead '%s': got %d, want %d", c->what, ret, c->want);
	if (c->kind == AUTH)	/* a refused size is not taken: still none (0) */
		assert_int_equal(wd_aead_get_authsize(h), ret ? 0 : c->n);
}

static void run_alloc(const struct acase *c)
{
	struct wd_aead_sess_setup ss = { .calg = c->calg, .cmode = c->cmode, .dalg = c->dalg,
					 .dmode = c->dmode, .sched_param = &ct_sp, .mm_type = c->mm };

	if (wd_aead_alloc_sess(c->calg == -2 ? NULL : &ss))
		fail_msg("aead '%s': alloc_sess gave a session", c->what);
}

static void run_handle(const struct acase *c)
{
	uint8_t iv[16], mac[16];
	struct wd_aead_req r;
	handle_t h = err_bad_handle(WD_AEAD, c->handle);

	valid_req(c, &r, iv, mac);
	r.iv_bytes = 12;
	assert_int_equal(wd_aead_set_ckey(h, key, 16), c->want);
	assert_int_equal(wd_aead_set_akey(h, key, 16), c->want);
	assert_int_equal(wd_aead_set_authsize(h, 16), c->want);
	assert_int_equal(wd_aead_get_authsize(h), c->want);
	assert_int_equal(wd_aead_get_maxauthsize(h), c->want);
	assert_int_equal(wd_do_aead_sync(h, &r), c->want);
	assert_int_equal(wd_do_aead_async(h, &r), c->want);
	wd_aead_free_sess(h);
	err_bad_handle_done(c->handle, h);
}

/* get_maxauthsize: 16 for GCM/CCM, the hash's length for authenc. */
static void max_authsizes(void)
{
	static const struct { int cmode, dalg, max; } m[] = {
		{ GCM, 0, 16 }, { CCM, 0, 16 }, { CBC, WD_DIGEST_SHA1, 20 }, { CBC, S256, 32 },
		{ CBC, WD_DIGEST_SHA512, 64 }, { CBC, WD_DIGEST_SM3, 32 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(m); i++) {
		struct wd_aead_sess_setup ss = { .calg = AES, .cmode = m[i].cmode, .dalg = m[i].dalg,
						 .dmode = WD_DIGEST_HMAC, .sched_param = &ct_sp };
		handle_t h = wd_aead_alloc_sess(&ss);

		assert_true(h);
		assert_int_equal(wd_aead_get_maxauthsize(h), m[i].max);
		assert_int_equal(wd_aead_get_authsize(h), 0);	/* none until set */
		wd_aead_free_sess(h);
	}
}

void errors_aead_table(void **state)
{
	size_t i;
	handle_t h;

	(void)state;
	assert_true(ARRAY_SIZE(cases) >= 30);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct acase *c = &cases[i];

		if (c->kind == ALLOC) {
			run_alloc(c);
			continue;
		}
		if (c->kind == HANDLE) {
			run_handle(c);
			continue;
		}
		h = sess_for(c);
		if (c->kind == AUTH || c->kind == CKEY || c->kind == AKEY)
			run_setter(c, h);
		else if (c->kind == BADTAG || c->kind == BADTAG_STREAM)
			run_badtag(c, h);
		else
			run_req(c, h);
		wd_aead_free_sess(h);
	}
	max_authsizes();
	printf("aead: %zu bad-input cases checked\n", ARRAY_SIZE(cases));
}
