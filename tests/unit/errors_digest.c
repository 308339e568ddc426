/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input to the digest class, one table row each with the exact code
 * (facts: uadk-crypto-api.md 4.4, 4.5 and 12; src/crypto/wd_digest.c).
 * A refused request must leave out untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "errors.h"

#define EINV	(-WD_EINVAL)
#define HMAC	WD_DIGEST_HMAC
#define NORMAL	WD_DIGEST_NORMAL

enum kind { KEY, REQ, ASYNC, ALLOC, HANDLE };

enum {
	F_NOKEY = 1 << 0, F_IN = 1 << 1, F_OUT = 1 << 2, F_OUTBUF = 1 << 3, F_OUTNULL = 1 << 4,
	F_INNULL = 1 << 5, F_NEXT = 1 << 6, F_IVNULL = 1 << 7, F_IVLEN = 1 << 8, F_FMT = 1 << 9,
	F_SGL = 1 << 10, F_NOCB = 1 << 11, F_REQNULL = 1 << 12, F_LONG = 1 << 13,
	F_KEYNULL = 1 << 14,
};

struct dcase {
	const char *what;
	enum kind kind;
	int alg, mode;
	int klen;		/* KEY: key bytes given */
	unsigned int ov;
	uint32_t in, out, out_buf, iv_bytes, fmt;
	uint16_t next;
	uint64_t long_len;
	int mm;
	int handle;
	int want;
};

static const struct dcase cases[] = {
	/* keys (4.4) */
	{ "set_key on a NORMAL session", KEY, WD_DIGEST_SHA256, NORMAL, 16, .want = EINV },
	{ "HMAC-SHA256 key 65 bytes", KEY, WD_DIGEST_SHA256, HMAC, 65, .want = EINV },
	{ "HMAC-MD5 key 65 bytes", KEY, WD_DIGEST_MD5, HMAC, 65, .want = EINV },
	{ "HMAC-SM3 key 65 bytes", KEY, WD_DIGEST_SM3, HMAC, 65, .want = EINV },
	{ "HMAC-SHA224 key 65 bytes", KEY, WD_DIGEST_SHA224, HMAC, 65, .want = EINV },
	{ "HMAC-SHA1 key 100 bytes", KEY, WD_DIGEST_SHA1, HMAC, 100, .want = EINV },
	{ "HMAC-SHA384 key 129 bytes", KEY, WD_DIGEST_SHA384, HMAC, 129, .want = EINV },
	{ "HMAC-SHA512 key 129 bytes", KEY, WD_DIGEST_SHA512, HMAC, 129, .want = EINV },
	{ "HMAC-SHA512/256 key 200 bytes", KEY, WD_DIGEST_SHA512_256, HMAC, 200, .want = EINV },
	{ "HMAC-SHA384 key 100 bytes is fine", KEY, WD_DIGEST_SHA384, HMAC, 100, .want = 0 },
	{ "HMAC-SHA256 key 64 bytes is fine", KEY, WD_DIGEST_SHA256, HMAC, 64, .want = 0 },
	{ "HMAC-SHA1 key 5 bytes is fine", KEY, WD_DIGEST_SHA1, HMAC, 5, .want = 0 },
	{ "key NULL, 5 bytes", KEY, WD_DIGEST_SHA256, HMAC, 5, .ov = F_KEYNULL, .want = EINV },
	{ "key NULL, 0 bytes (cleared)", KEY, WD_DIGEST_SHA256, HMAC, 0, .ov = F_KEYNULL, .want = 0 },
	{ "GMAC key 15 bytes", KEY, WD_DIGEST_AES_GMAC, HMAC, 15, .want = EINV },
	{ "GMAC key 20 bytes", KEY, WD_DIGEST_AES_GMAC, HMAC, 20, .want = EINV },
	{ "GMAC key 24 bytes is fine", KEY, WD_DIGEST_AES_GMAC, HMAC, 24, .want = 0 },
	{ "CMAC key 24 bytes", KEY, WD_DIGEST_AES_CMAC, HMAC, 24, .want = EINV },
	{ "XCBC-MAC-96 key 32 bytes", KEY, WD_DIGEST_AES_XCBC_MAC_96, HMAC, 32, .want = EINV },
	/* requests (4.5) */
	{ "NULL request", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_REQNULL, .want = EINV },
	{ "out_bytes 0", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_OUT, .out = 0, .want = EINV },
	{ "out_bytes 33 > SHA-256's 32", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_OUT, .out = 33,
	  .want = EINV },
	{ "out_bytes 21 > SHA-1's 20", REQ, WD_DIGEST_SHA1, NORMAL, .ov = F_OUT, .out = 21,
	  .want = EINV },
	{ "out_bytes 13 > XCBC-96's 12", REQ, WD_DIGEST_AES_XCBC_MAC_96, HMAC, .ov = F_OUT,
	  .out = 13, .want = EINV },
	{ "truncated MAC (16 of 32) is fine", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_OUT, .out = 16,
	  .want = 0 },
	{ "out_buf_bytes < out_bytes", REQ, WD_DIGEST_SHA512, NORMAL, .ov = F_OUTBUF, .out_buf = 63,
	  .want = EINV },
	{ "out NULL", REQ, WD_DIGEST_MD5, NORMAL, .ov = F_OUTNULL, .want = EINV },
	{ "in NULL, in_bytes 10", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_INNULL | F_IN, .in = 10,
	  .want = EINV },
	{ "in NULL, in_bytes 0 is fine", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_INNULL | F_IN,
	  .in = 0, .want = 0 },
	{ "has_next 9", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_NEXT, .next = 9, .want = EINV },
	{ "has_next 4", REQ, WD_DIGEST_SHA1, NORMAL, .ov = F_NEXT, .next = 4, .want = EINV },
	{ "DOING, SHA-384 out_bytes 48 != FULL_LEN 64", REQ, WD_DIGEST_SHA384, NORMAL,
	  .ov = F_NEXT | F_OUT, .next = WD_DIGEST_DOING, .out = 48, .want = EINV },
	{ "DOING, SHA-224 out_bytes 28 != FULL_LEN 32", REQ, WD_DIGEST_SHA224, NORMAL,
	  .ov = F_NEXT | F_OUT, .next = WD_DIGEST_DOING, .out = 28, .want = EINV },
	{ "DOING, SHA-256 63 bytes", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_NEXT | F_IN,
	  .next = WD_DIGEST_DOING, .in = 63, .want = EINV },
	{ "DOING, SHA-512 64 bytes (block 128)", REQ, WD_DIGEST_SHA512, NORMAL, .ov = F_NEXT | F_IN,
	  .next = WD_DIGEST_DOING, .in = 64, .want = EINV },
	{ "DOING, 0 bytes", REQ, WD_DIGEST_SM3, NORMAL, .ov = F_NEXT | F_IN,
	  .next = WD_DIGEST_DOING, .in = 0, .want = EINV },
	{ "DOING, HMAC-SHA512/224 128 bytes is fine", REQ, WD_DIGEST_SHA512_224, HMAC,
	  .ov = F_NEXT | F_IN, .next = WD_DIGEST_DOING, .in = 128, .want = 0 },
	{ "DOING on CMAC (no long hash)", REQ, WD_DIGEST_AES_CMAC, HMAC, .ov = F_NEXT | F_OUT,
	  .next = WD_DIGEST_DOING, .out = 16, .want = EINV },
	{ "STREAM_DOING, long_data_len 10", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_NEXT | F_LONG,
	  .next = WD_DIGEST_STREAM_DOING, .long_len = 10, .want = EINV },
	{ "STREAM_END on XCBC-PRF", REQ, WD_DIGEST_AES_XCBC_PRF_128, HMAC, .ov = F_NEXT | F_LONG,
	  .next = WD_DIGEST_STREAM_END, .long_len = 16, .want = EINV },
	{ "GMAC iv NULL", REQ, WD_DIGEST_AES_GMAC, HMAC, .ov = F_IVNULL, .want = EINV },
	{ "GMAC iv_bytes 12", REQ, WD_DIGEST_AES_GMAC, HMAC, .ov = F_IVLEN, .iv_bytes = 12,
	  .want = EINV },
	{ "GMAC of 0 bytes is fine", REQ, WD_DIGEST_AES_GMAC, HMAC, .ov = F_IN, .in = 0, .want = 0 },
	{ "XCBC-MAC-96 in_bytes 0", REQ, WD_DIGEST_AES_XCBC_MAC_96, HMAC, .ov = F_IN, .in = 0,
	  .want = EINV },
	{ "XCBC-PRF-128 in_bytes 0", REQ, WD_DIGEST_AES_XCBC_PRF_128, HMAC, .ov = F_IN, .in = 0,
	  .want = EINV },
	{ "CMAC in_bytes 0", REQ, WD_DIGEST_AES_CMAC, HMAC, .ov = F_IN, .in = 0, .want = EINV },
	{ "HMAC before set_key", REQ, WD_DIGEST_SHA256, HMAC, .ov = F_NOKEY, .want = EINV },
	{ "CMAC before set_key", REQ, WD_DIGEST_AES_CMAC, HMAC, .ov = F_NOKEY, .want = EINV },
	{ "data_fmt 7", REQ, WD_DIGEST_SHA256, NORMAL, .ov = F_FMT, .fmt = 7, .want = EINV },
	{ "SGL list one byte short", REQ, WD_DIGEST_SHA1, NORMAL, .ov = F_SGL, .want = EINV },
	{ "async, cb NULL", ASYNC, WD_DIGEST_SHA256, NORMAL, .ov = F_NOCB, .want = EINV },
	{ "async DOING", ASYNC, WD_DIGEST_SHA256, NORMAL, .ov = F_NEXT, .next = WD_DIGEST_DOING,
	  .want = EINV },
	{ "async STREAM_DOING", ASYNC, WD_DIGEST_SHA512, NORMAL, .ov = F_NEXT | F_IN | F_LONG,
	  .next = WD_DIGEST_STREAM_DOING, .in = 128, .long_len = 128, .want = EINV },
	{ "async NULL request", ASYNC, WD_DIGEST_SHA256, NORMAL, .ov = F_REQNULL, .want = EINV },
	{ "async, valid", ASYNC, WD_DIGEST_SM3, NORMAL, .want = 0 },
	/* sessions */
	{ "alloc: alg 13", ALLOC, 13, NORMAL, .want = 0 },
	{ "alloc: alg -1", ALLOC, -1, NORMAL, .want = 0 },
	{ "alloc: mode 2", ALLOC, WD_DIGEST_SHA256, 2, .want = 0 },
	{ "alloc: mm_type USER", ALLOC, WD_DIGEST_SHA256, NORMAL, .mm = UADK_MEM_USER, .want = 0 },
	{ "alloc: NULL setup", ALLOC, -2, 0, .want = 0 },
	/* handles */
	{ "handle 0", HANDLE, .handle = BAD_ZERO, .want = EINV },
	{ "handle 1", HANDLE, .handle = BAD_ONE, .want = EINV },
	{ "handle ~0", HANDLE, .handle = BAD_ALLONES, .want = EINV },
	{ "handle 0xdeadbeef", HANDLE, .handle = BAD_GARBAGE, .want = EINV },
	{ "handle = a pointer to memory", HANDLE, .handle = BAD_POINTER, .want = EINV },
	{ "freed session", HANDLE, .handle = BAD_FREED, .want = EINV },
	{ "cipher session", HANDLE, .handle = BAD_OTHER1, .want = EINV },
	{ "aead session", HANDLE, .handle = BAD_OTHER2, .want = EINV },
};

static const uint8_t key[256] = { 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x42 };

static uint32_t good_klen(int alg)
{
	return alg >= WD_DIGEST_AES_XCBC_MAC_96 ? 16 : 20;
}

static int done_count;

static void *cb(void *req)
{
	(void)req;
	done_count++;
	return NULL;
}

static handle_t sess_for(const struct dcase *c)
{
	struct wd_digest_sess_setup ss = { .alg = c->alg, .mode = c->mode, .sched_param = &ct_sp };
	handle_t h = wd_digest_alloc_sess(&ss);

	assert_true(h);
	if (c->kind != KEY && c->mode == HMAC && !(c->ov & F_NOKEY))
		assert_int_equal(wd_digest_set_key(h, key, good_klen(c->alg)), 0);
	return h;
}

static void run_req(const struct dcase *c, handle_t h)
{
	uint8_t in[256], out[80], iv[16];
	struct wd_datalist l = { .data = in, .len = 63 };
	struct wd_digest_req r = { .in = in, .out = out, .in_bytes = 64,
				   .out_bytes = ct_mac_len(c->alg), .out_buf_bytes = 64, .iv = iv,
				   .iv_bytes = 16, .cb = cb };
	unsigned int ov = c->ov;
	int ret, before = done_count, i;

	memset(in, 0x61, sizeof(in));
	memset(out, 0xa5, sizeof(out));
	memset(iv, 0, sizeof(iv));
	if (ov & F_NEXT) {
		r.has_next = c->next;
		if (c->next == WD_DIGEST_DOING || c->next == WD_DIGEST_STREAM_DOING)
			r.out_bytes = ct_full_len(c->alg);
	}
	if (ov & F_IN)
		r.in_bytes = c->in;
	if (ov & F_OUT)
		r.out_bytes = c->out;
	if (ov & F_OUTBUF)
		r.out_buf_bytes = c->out_buf;
	if (ov & F_OUTNULL)
		r.out = NULL;
	if (ov & F_INNULL)
		r.in = NULL;
	if (ov & F_IVNULL)
		r.iv = NULL;
	if (ov & F_IVLEN)
		r.iv_bytes = c->iv_bytes;
	if (ov & F_FMT)
		r.data_fmt = (uint8_t)c->fmt;
	if (ov & F_SGL) {
		r.data_fmt = WD_SGL_BUF;
		r.list_in = &l;
	}
	if (ov & F_NOCB)
		r.cb = NULL;
	if (ov & F_LONG)
		r.long_data_len = c->long_len;
	if (c->kind == ASYNC)
		ret = wd_do_digest_async(h, ov & F_REQNULL ? NULL : &r);
	else
		ret = wd_do_digest_sync(h, ov & F_REQNULL ? NULL : &r);
	if (err_refused("digest", c->what, ret, c->want, out, sizeof(out)))
		return;
	err_accepted(WD_DIGEST, c->kind == ASYNC, r.state, &done_count, before);
	for (i = 0; i < (int)r.out_bytes && out[i] == 0xa5; i++)
		;
	assert_true(i < (int)r.out_bytes);	/* a MAC was written */
	if (r.has_next == WD_DIGEST_END)
		assert_int_equal(out[r.out_bytes], 0xa5);	/* and no more than asked */
}

static void run_key(const struct dcase *c, handle_t h)
{
	int ret = wd_digest_set_key(h, c->ov & F_KEYNULL ? NULL : key, (uint32_t)c->klen);

	if (ret != c->want)
		fail_msg("digest '%s': set_key got %d, want %d", c->what, ret, c->want);
	if (ret && c->mode == HMAC) {	/* still without a key: refused */
		uint8_t out[64], iv[16] = { 0 };
		struct wd_digest_req r = { .in = out, .out = out, .in_bytes = 16,
					   .out_bytes = ct_mac_len(c->alg), .out_buf_bytes = 64,
					   .iv = iv, .iv_bytes = 16 };

		assert_int_equal(wd_do_digest_sync(h, &r), EINV);
	}
}

static void run_alloc(const struct dcase *c)
{
	struct wd_digest_sess_setup ss = { .alg = c->alg, .mode = c->mode, .sched_param = &ct_sp,
					   .mm_type = c->mm };

	if (wd_digest_alloc_sess(c->alg == -2 ? NULL : &ss))
		fail_msg("digest '%s': alloc_sess gave a session", c->what);
}

static void run_handle(const struct dcase *c)
{
	uint8_t buf[64] = { 0 };
	struct wd_digest_req r = { .in = buf, .out = buf, .in_bytes = 16, .out_bytes = 32,
				   .out_buf_bytes = 64, .cb = cb };
	handle_t h = err_bad_handle(WD_DIGEST, c->handle);

	assert_int_equal(wd_digest_set_key(h, key, 16), c->want);
	assert_int_equal(wd_do_digest_sync(h, &r), c->want);
	assert_int_equal(wd_do_digest_async(h, &r), c->want);
	wd_digest_free_sess(h);
	err_bad_handle_done(c->handle, h);
}

void errors_digest_table(void **state)
{
	size_t i;
	handle_t h;

	(void)state;
	assert_true(ARRAY_SIZE(cases) >= 30);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct dcase *c = &cases[i];

		if (c->kind == ALLOC) {
			run_alloc(c);
		} else if (c->kind == HANDLE) {
			run_handle(c);
		} else {
			h = sess_for(c);
			if (c->kind == KEY)
				run_key(c, h);
			else
				run_req(c, h);
			wd_digest_free_sess(h);
		}
	}
	printf("digest: %zu bad-input cases checked\n", ARRAY_SIZE(cases));
}
