/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Bad input to the cipher class, one table row each with the exact code
 * UADK 2.10 gives (facts: uadk-crypto-api.md 3.4-3.6 and 12; the checks
 * of src/crypto/wd_cipher.c). A refused request must leave dst untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "crypto_util.h"
#include "errors.h"

#define AES	WD_CIPHER_AES
#define SM4	WD_CIPHER_SM4
#define DES	WD_CIPHER_DES
#define TDES	WD_CIPHER_3DES
#define EINV	(-WD_EINVAL)

enum kind { KEY, REQ, ASYNC, ALLOC, HANDLE };

/* Request fields that differ from a valid request (REQ, ASYNC rows). */
enum {
	F_NOKEY = 1 << 0, F_IN = 1 << 1, F_OUTBUF = 1 << 2, F_IVNULL = 1 << 3,
	F_IVLEN = 1 << 4, F_SRCNULL = 1 << 5, F_DSTNULL = 1 << 6, F_FMT = 1 << 7,
	F_OP = 1 << 8, F_NOCB = 1 << 9, F_REQNULL = 1 << 10, F_SGLSRC = 1 << 11,
	F_SGLDST = 1 << 12, F_KEYNULL = 1 << 13,
};

struct ccase {
	const char *what;
	enum kind kind;
	int alg, mode;
	int klen;		/* KEY: key bytes given */
	const uint8_t *key;	/* KEY: NULL = a valid-looking pattern */
	unsigned int ov;
	uint32_t in, out_buf, iv_bytes, op, fmt;
	int mm;			/* ALLOC: mm_type */
	int handle;		/* HANDLE: which bad handle (enum bad_handle) */
	int want;
};

static const uint8_t weak1[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
static const uint8_t weak2[8] = { 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe, 0xfe };
static const uint8_t weak3[8] = { 0x1f, 0x1f, 0x1f, 0x1f, 0x0e, 0x0e, 0x0e, 0x0e };
static const uint8_t semiweak[8] = { 0x01, 0xfe, 0x01, 0xfe, 0x01, 0xfe, 0x01, 0xfe };
static const uint8_t weak_np[8] = { 0 };	/* 0101.. with parity bits cleared: still weak */

static const struct ccase cases[] = {
	/* keys (3.5) */
	{ "AES key 15 bytes", KEY, AES, WD_CIPHER_CBC, 15, .want = EINV },
	{ "AES key 17 bytes", KEY, AES, WD_CIPHER_CBC, 17, .want = EINV },
	{ "AES key 0 bytes", KEY, AES, WD_CIPHER_CBC, 0, .want = EINV },
	{ "AES key 64 bytes", KEY, AES, WD_CIPHER_ECB, 64, .want = EINV },
	{ "AES-CTR key 33 bytes", KEY, AES, WD_CIPHER_CTR, 33, .want = EINV },
	{ "AES-XTS key 24 (halves of 12)", KEY, AES, WD_CIPHER_XTS, 24, .want = EINV },
	{ "AES-XTS key 48 (AES-192 halves)", KEY, AES, WD_CIPHER_XTS, 48, .want = EINV },
	{ "AES-XTS key 33 (odd)", KEY, AES, WD_CIPHER_XTS, 33, .want = EINV },
	{ "AES-XTS key 16", KEY, AES, WD_CIPHER_XTS, 16, .want = EINV },
	{ "AES-XTS key 32 is right", KEY, AES, WD_CIPHER_XTS, 32, .want = 0 },
	{ "AES-XTS key 64 is right", KEY, AES, WD_CIPHER_XTS, 64, .want = 0 },
	{ "SM4 key 24 bytes", KEY, SM4, WD_CIPHER_CBC, 24, .want = EINV },
	{ "SM4 key 32 bytes", KEY, SM4, WD_CIPHER_ECB, 32, .want = EINV },
	{ "SM4-XTS key 48", KEY, SM4, WD_CIPHER_XTS, 48, .want = EINV },
	{ "SM4-XTS key 16", KEY, SM4, WD_CIPHER_XTS, 16, .want = EINV },
	{ "DES key 7 bytes", KEY, DES, WD_CIPHER_CBC, 7, .want = EINV },
	{ "DES key 16 bytes", KEY, DES, WD_CIPHER_ECB, 16, .want = EINV },
	{ "DES weak key 0101..01", KEY, DES, WD_CIPHER_CBC, 8, weak1, .want = EINV },
	{ "DES weak key FEFE..FE", KEY, DES, WD_CIPHER_ECB, 8, weak2, .want = EINV },
	{ "DES weak key 1F1F1F1F0E0E0E0E", KEY, DES, WD_CIPHER_CBC, 8, weak3, .want = EINV },
	{ "DES semi-weak key 01FE01FE..", KEY, DES, WD_CIPHER_CBC, 8, semiweak, .want = EINV },
	{ "DES weak key, parity bits off", KEY, DES, WD_CIPHER_CBC, 8, weak_np, .want = EINV },
	{ "3DES key 8 bytes", KEY, TDES, WD_CIPHER_CBC, 8, .want = EINV },
	{ "3DES key 32 bytes", KEY, TDES, WD_CIPHER_ECB, 32, .want = EINV },
	{ "3DES key 17 bytes", KEY, TDES, WD_CIPHER_CBC, 17, .want = EINV },
	{ "3DES key 16 (two-key) is right", KEY, TDES, WD_CIPHER_CBC, 16, .want = 0 },
	{ "NULL key", KEY, AES, WD_CIPHER_CBC, 16, .ov = F_KEYNULL, .want = EINV },
	/* requests (3.6) */
	{ "request before set_key", REQ, AES, WD_CIPHER_CBC, .ov = F_NOKEY, .want = EINV },
	{ "NULL request", REQ, AES, WD_CIPHER_CBC, .ov = F_REQNULL, .want = EINV },
	{ "AES-ECB 15 bytes", REQ, AES, WD_CIPHER_ECB, .ov = F_IN, .in = 15, .want = EINV },
	{ "AES-CBC 17 bytes", REQ, AES, WD_CIPHER_CBC, .ov = F_IN, .in = 17, .want = EINV },
	{ "SM4-CBC 8 bytes", REQ, SM4, WD_CIPHER_CBC, .ov = F_IN, .in = 8, .want = EINV },
	{ "DES-ECB 12 bytes", REQ, DES, WD_CIPHER_ECB, .ov = F_IN, .in = 12, .want = EINV },
	{ "3DES-CBC 4 bytes", REQ, TDES, WD_CIPHER_CBC, .ov = F_IN, .in = 4, .want = EINV },
	{ "AES-XTS 15 bytes", REQ, AES, WD_CIPHER_XTS, .ov = F_IN, .in = 15, .want = EINV },
	{ "AES-CBC-CS1 15 bytes", REQ, AES, WD_CIPHER_CBC_CS1, .ov = F_IN, .in = 15, .want = EINV },
	{ "SM4-CBC-CS3 1 byte", REQ, SM4, WD_CIPHER_CBC_CS3, .ov = F_IN, .in = 1, .want = EINV },
	{ "AES-CTR in_bytes 0", REQ, AES, WD_CIPHER_CTR, .ov = F_IN, .in = 0, .want = EINV },
	{ "AES-ECB in_bytes 0", REQ, AES, WD_CIPHER_ECB, .ov = F_IN, .in = 0, .want = EINV },
	{ "out_buf_bytes < in_bytes", REQ, AES, WD_CIPHER_CBC, .ov = F_OUTBUF, .out_buf = 31,
	  .want = EINV },
	{ "out_buf_bytes 0", REQ, AES, WD_CIPHER_OFB, .ov = F_OUTBUF, .out_buf = 0, .want = EINV },
	{ "AES-CBC iv NULL", REQ, AES, WD_CIPHER_CBC, .ov = F_IVNULL, .want = EINV },
	{ "AES-CTR iv NULL", REQ, AES, WD_CIPHER_CTR, .ov = F_IVNULL, .want = EINV },
	{ "AES-XTS iv NULL", REQ, AES, WD_CIPHER_XTS, .ov = F_IVNULL, .want = EINV },
	{ "AES-CBC iv_bytes 8", REQ, AES, WD_CIPHER_CBC, .ov = F_IVLEN, .iv_bytes = 8, .want = EINV },
	{ "AES-CFB iv_bytes 0", REQ, AES, WD_CIPHER_CFB, .ov = F_IVLEN, .iv_bytes = 0, .want = EINV },
	{ "SM4-OFB iv_bytes 12", REQ, SM4, WD_CIPHER_OFB, .ov = F_IVLEN, .iv_bytes = 12, .want = EINV },
	{ "DES-CBC iv_bytes 16", REQ, DES, WD_CIPHER_CBC, .ov = F_IVLEN, .iv_bytes = 16, .want = EINV },
	{ "3DES-CBC iv_bytes 16", REQ, TDES, WD_CIPHER_CBC, .ov = F_IVLEN, .iv_bytes = 16,
	  .want = EINV },
	{ "ECB ignores a NULL iv", REQ, AES, WD_CIPHER_ECB, .ov = F_IVNULL | F_IVLEN, .want = 0 },
	{ "src NULL", REQ, AES, WD_CIPHER_CBC, .ov = F_SRCNULL, .want = EINV },
	{ "dst NULL", REQ, SM4, WD_CIPHER_CTR, .ov = F_DSTNULL, .want = EINV },
	{ "data_fmt 7", REQ, AES, WD_CIPHER_CBC, .ov = F_FMT, .fmt = 7, .want = EINV },
	{ "SGL src one byte short", REQ, AES, WD_CIPHER_CTR, .ov = F_SGLSRC, .want = EINV },
	{ "SGL dst one byte short", REQ, AES, WD_CIPHER_CBC, .ov = F_SGLDST, .want = EINV },
	{ "op_type 5", REQ, AES, WD_CIPHER_CBC, .ov = F_OP, .op = 5, .want = EINV },
	{ "op_type 2", REQ, DES, WD_CIPHER_ECB, .ov = F_OP, .op = 2, .want = EINV },
	{ "AES-CTR 1 byte is fine", REQ, AES, WD_CIPHER_CTR, .ov = F_IN, .in = 1, .want = 0 },
	{ "async, cb NULL", ASYNC, AES, WD_CIPHER_CBC, .ov = F_NOCB, .want = EINV },
	{ "async, op_type 5", ASYNC, AES, WD_CIPHER_CBC, .ov = F_OP, .op = 5, .want = EINV },
	{ "async, 17 bytes CBC", ASYNC, AES, WD_CIPHER_CBC, .ov = F_IN, .in = 17, .want = EINV },
	{ "async before set_key", ASYNC, SM4, WD_CIPHER_ECB, .ov = F_NOKEY, .want = EINV },
	{ "async NULL request", ASYNC, AES, WD_CIPHER_CBC, .ov = F_REQNULL, .want = EINV },
	{ "async, valid", ASYNC, AES, WD_CIPHER_CTR, .want = 0 },
	/* sessions (3.4) */
	{ "alloc: alg 4", ALLOC, 4, WD_CIPHER_CBC, .want = 0 },
	{ "alloc: alg -1", ALLOC, -1, WD_CIPHER_CBC, .want = 0 },
	{ "alloc: mode 12", ALLOC, AES, 12, .want = 0 },
	{ "alloc: AES+CCM (AEAD only)", ALLOC, AES, WD_CIPHER_CCM, .want = 0 },
	{ "alloc: AES+GCM (AEAD only)", ALLOC, AES, WD_CIPHER_GCM, .want = 0 },
	{ "alloc: AES+XTS_GB (hole)", ALLOC, AES, WD_CIPHER_XTS_GB, .want = 0 },
	{ "alloc: SM4+CCM (hole)", ALLOC, SM4, WD_CIPHER_CCM, .want = 0 },
	{ "alloc: DES+CTR (hole)", ALLOC, DES, WD_CIPHER_CTR, .want = 0 },
	{ "alloc: DES+XTS (hole)", ALLOC, DES, WD_CIPHER_XTS, .want = 0 },
	{ "alloc: 3DES+OFB (hole)", ALLOC, TDES, WD_CIPHER_OFB, .want = 0 },
	{ "alloc: mm_type USER", ALLOC, AES, WD_CIPHER_CBC, .mm = UADK_MEM_USER, .want = 0 },
	{ "alloc: mm_type PROXY", ALLOC, AES, WD_CIPHER_CBC, .mm = UADK_MEM_PROXY, .want = 0 },
	{ "alloc: NULL setup", ALLOC, -2, 0, .want = 0 },
	/* handles that are no cipher session */
	{ "handle 0", HANDLE, .handle = BAD_ZERO, .want = EINV },
	{ "handle 1", HANDLE, .handle = BAD_ONE, .want = EINV },
	{ "handle ~0", HANDLE, .handle = BAD_ALLONES, .want = EINV },
	{ "handle 0xdeadbeef", HANDLE, .handle = BAD_GARBAGE, .want = EINV },
	{ "handle = a pointer to memory", HANDLE, .handle = BAD_POINTER, .want = EINV },
	{ "freed session", HANDLE, .handle = BAD_FREED, .want = EINV },
	{ "digest session", HANDLE, .handle = BAD_OTHER1, .want = EINV },
	{ "aead session", HANDLE, .handle = BAD_OTHER2, .want = EINV },
};

static const uint8_t pattern[64] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f,
	0x3c, 0x60, 0x3d, 0xeb, 0x10, 0x15, 0xca, 0x71, 0xbe, 0x2b, 0x73, 0xae, 0xf0, 0x85, 0x7d,
	0x77, 0x81, 0x1f, 0x35, 0x2c, 0x07, 0x3b, 0x61, 0x08, 0xd7, 0x2d, 0x98, 0x10, 0xa3, 0x09,
	0x14, 0xdf, 0xf4, 0x8e, 0x73, 0x14, 0x2a, 0x6b, 0x51, 0x87, 0x91, 0x3c, 0x55, 0x0e, 0x62,
	0xb4, 0x33, 0x92, 0x41,
};

static uint32_t good_klen(int alg, int mode)
{
	uint32_t k = alg == DES ? 8 : alg == TDES ? 24 : 16;

	return mode == WD_CIPHER_XTS ? 2 * k : k;
}

static int done_count;

static void *cb(struct wd_cipher_req *req, void *param)
{
	(void)req;
	(void)param;
	done_count++;
	return NULL;
}

static handle_t sess_for(const struct ccase *c)
{
	struct wd_cipher_sess_setup ss = { .alg = c->alg, .mode = c->mode, .sched_param = &ct_sp,
					   .mm_type = c->mm };
	handle_t h = wd_cipher_alloc_sess(&ss);

	assert_true(h);
	if (c->kind != KEY && !(c->ov & F_NOKEY))
		assert_int_equal(wd_cipher_set_key(h, pattern, good_klen(c->alg, c->mode)), 0);
	return h;
}

static void run_req(const struct ccase *c, handle_t h)
{
	uint8_t src[64], dst[64], iv[16];
	struct wd_datalist ls = { .data = src, .len = 31 }, ld = { .data = dst, .len = 31 };
	uint32_t block = c->alg == DES || c->alg == TDES ? 8 : 16;
	struct wd_cipher_req r = { .op_type = WD_CIPHER_ENCRYPTION, .src = src, .dst = dst,
				   .iv = iv, .in_bytes = 32, .iv_bytes = block,
				   .out_buf_bytes = 32, .out_bytes = 32, .cb = cb };
	unsigned int ov = c->ov;
	int ret, before = done_count;

	memset(src, 0x5a, sizeof(src));
	memset(dst, 0xa5, sizeof(dst));
	memset(iv, 0x11, sizeof(iv));
	if (ov & F_IN)
		r.in_bytes = r.out_buf_bytes = r.out_bytes = c->in;
	if (ov & F_OUTBUF)
		r.out_buf_bytes = c->out_buf;
	if (ov & F_IVNULL)
		r.iv = NULL;
	if (ov & F_IVLEN)
		r.iv_bytes = c->iv_bytes;
	if (ov & F_SRCNULL)
		r.src = NULL;
	if (ov & F_DSTNULL)
		r.dst = NULL;
	if (ov & F_FMT)
		r.data_fmt = (uint8_t)c->fmt;
	if (ov & F_OP)
		r.op_type = c->op;
	if (ov & F_NOCB)
		r.cb = NULL;
	if (ov & (F_SGLSRC | F_SGLDST)) {
		r.data_fmt = WD_SGL_BUF;
		r.list_src = &ls;
		r.list_dst = &ld;
		if (!(ov & F_SGLSRC))
			ls.len = 32;
		if (!(ov & F_SGLDST))
			ld.len = 32;
	}
	if (c->kind == ASYNC)
		ret = wd_do_cipher_async(h, ov & F_REQNULL ? NULL : &r);
	else
		ret = wd_do_cipher_sync(h, ov & F_REQNULL ? NULL : &r);
	if (err_refused("cipher", c->what, ret, c->want, dst, sizeof(dst)))
		return;
	err_accepted(WD_CIPHER, c->kind == ASYNC, r.state, &done_count, before);
	assert_true(memcmp(dst, src, r.in_bytes));	/* something was computed */
}

static void run_key(const struct ccase *c, handle_t h)
{
	int ret = wd_cipher_set_key(h, c->ov & F_KEYNULL ? NULL : c->key ? c->key : pattern,
				    (uint32_t)c->klen);

	if (ret != c->want)
		fail_msg("cipher '%s': set_key got %d, want %d", c->what, ret, c->want);
	if (ret) {	/* the session stays without a key: requests are refused */
		uint8_t buf[32] = { 0 }, iv[16] = { 0 };

		assert_int_equal(ct_cipher(h, 0, buf, buf, 16, iv, c->alg >= DES ? 8 : 16), EINV);
	}
}

static void run_alloc(const struct ccase *c)
{
	struct wd_cipher_sess_setup ss = { .alg = c->alg, .mode = c->mode, .sched_param = &ct_sp,
					   .mm_type = c->mm };
	handle_t h = wd_cipher_alloc_sess(c->alg == -2 ? NULL : &ss);

	if (h)
		fail_msg("cipher '%s': alloc_sess gave a session", c->what);
}

static void run_handle(const struct ccase *c)
{
	uint8_t buf[32] = { 0 }, iv[16] = { 0 };
	struct wd_cipher_req r = { .src = buf, .dst = buf, .iv = iv, .in_bytes = 16,
				   .iv_bytes = 16, .out_buf_bytes = 16, .cb = cb };
	handle_t h = err_bad_handle(WD_CIPHER, c->handle);

	assert_int_equal(wd_cipher_set_key(h, pattern, 16), c->want);
	assert_int_equal(wd_do_cipher_sync(h, &r), c->want);
	assert_int_equal(wd_do_cipher_async(h, &r), c->want);
	wd_cipher_free_sess(h);	/* not ours: ignored */
	err_bad_handle_done(c->handle, h);
}

void errors_cipher_table(void **state)
{
	size_t i;
	handle_t h;

	(void)state;
	assert_true(ARRAY_SIZE(cases) >= 30);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct ccase *c = &cases[i];

		switch (c->kind) {
		case ALLOC:
			run_alloc(c);
			continue;
		case HANDLE:
			run_handle(c);
			continue;
		default:
			h = sess_for(c);
			if (c->kind == KEY)
				run_key(c, h);
			else
				run_req(c, h);
			wd_cipher_free_sess(h);
		}
	}
	printf("cipher: %zu bad-input cases checked\n", ARRAY_SIZE(cases));
}
