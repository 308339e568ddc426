/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ciphers against OpenSSL: every (algorithm, mode, key size) OpenSSL 3.0
 * also has (AES ECB/CBC/CTR/OFB/CFB/XTS/CBC-CS1..3, SM4 ECB/CBC/CTR/OFB/CFB,
 * DES and 3DES ECB/CBC), random data and lengths up to 64 KiB, in place and
 * out of place; IV chaining (two requests equal one); async + poll and
 * scatter-gather requests equal to the same flat sync request.
 * SM4-XTS, SM4-XTS_GB and SM4-CBC-CS, which OpenSSL 3.0 lacks: cross_sm4.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "cross.h"

struct cfg {
	int alg, mode;
	uint32_t klen;
};

static struct cfg cfgs[64];
static int ncfg;

static void add(int alg, int mode, uint32_t klen)
{
	cfgs[ncfg++] = (struct cfg){ alg, mode, klen };
}

static void list_cfgs(void)
{
	static const int aes_modes[] = { WD_CIPHER_ECB, WD_CIPHER_CBC, WD_CIPHER_CTR,
					 WD_CIPHER_OFB, WD_CIPHER_CFB, WD_CIPHER_CBC_CS1,
					 WD_CIPHER_CBC_CS2, WD_CIPHER_CBC_CS3 };
	uint32_t k;
	size_t m;

	if (ncfg)
		return;
	for (m = 0; m < ARRAY_SIZE(aes_modes); m++)
		for (k = 16; k <= 32; k += 8)
			add(WD_CIPHER_AES, aes_modes[m], k);
	add(WD_CIPHER_AES, WD_CIPHER_XTS, 32);
	add(WD_CIPHER_AES, WD_CIPHER_XTS, 64);
	for (m = 0; m < 5; m++)	/* ECB CBC CTR OFB CFB */
		add(WD_CIPHER_SM4, aes_modes[m], 16);
	add(WD_CIPHER_DES, WD_CIPHER_ECB, 8);
	add(WD_CIPHER_DES, WD_CIPHER_CBC, 8);
	add(WD_CIPHER_3DES, WD_CIPHER_ECB, 16);
	add(WD_CIPHER_3DES, WD_CIPHER_ECB, 24);
	add(WD_CIPHER_3DES, WD_CIPHER_CBC, 16);
	add(WD_CIPHER_3DES, WD_CIPHER_CBC, 24);
}

static uint32_t blk(const struct cfg *c)
{
	return c->alg == WD_CIPHER_DES || c->alg == WD_CIPHER_3DES ? 8 : 16;
}

static uint32_t unit(const struct cfg *c)
{
	return c->mode == WD_CIPHER_ECB || c->mode == WD_CIPHER_CBC ? blk(c) : 1;
}

static uint32_t min_len(const struct cfg *c)
{
	return c->mode == WD_CIPHER_XTS || c->mode >= WD_CIPHER_CBC_CS1 ? 16 : unit(c);
}

static uint32_t ivlen(const struct cfg *c)
{
	return c->mode == WD_CIPHER_ECB ? 0 : blk(c);
}

static const char *cname(const struct cfg *c)
{
	const char *cts, *name = evp_cipher_name(c->alg, c->mode, c->klen, &cts);
	static char n[64];

	snprintf(n, sizeof(n), "%s%s%s", name, cts ? " " : "", cts ? cts : "");
	return n;
}

/* A keyed session with a random key (DES: a weak key is refused, draw again). */
static handle_t new_sess(const struct cfg *c, uint8_t *key)
{
	handle_t h = 0;
	int tries;

	for (tries = 0; !h && tries < 8; tries++) {
		ct_fill(key, c->klen);
		h = ct_cipher_sess(c->alg, c->mode, key, c->klen);
	}
	assert_true(h);
	return h;
}

static uint8_t in[CROSS_MAX + 64], ref[CROSS_MAX + 64], out[CROSS_MAX + 64];

void cross_cipher_evp(void **state)
{
	uint8_t key[64], iv[16], ivc[16];
	long runs = 0;
	int i, n;

	(void)state;
	list_cfgs();
	for (i = 0; i < ncfg; i++) {
		const struct cfg *c = &cfgs[i];
		handle_t h = new_sess(c, key);

		/* zero bytes is never a cipher request */
		assert_int_equal(ct_cipher(h, 0, in, out, 0, iv, ivlen(c)), -WD_EINVAL);
		for (n = 0; n < 32; n++) {
			uint32_t len = cross_len(min_len(c), CROSS_MAX, unit(c));
			bool in_place = n & 1;

			ct_fill(in, len);
			ct_fill(iv, 16);
			if (evp_crypt(c->alg, c->mode, key, c->klen, iv, 1, in, ref, len))
				fail_msg("OpenSSL refused %s, %u bytes", cname(c), len);
			memset(out, 0xa5, len + 64);
			memcpy(ivc, iv, 16);
			if (in_place)
				memcpy(out, in, len);
			assert_int_equal(ct_cipher(h, WD_CIPHER_ENCRYPTION, in_place ? out : in, out,
						   len, ivc, ivlen(c)), 0);
			cross_same(cname(c), out, ref, len);
			assert_int_equal(out[len], 0xa5);	/* nothing past the end */
			/* back: the other way round (in place if the encryption was not) */
			memcpy(ivc, iv, 16);
			if (!in_place)
				memcpy(ref, out, len);
			assert_int_equal(ct_cipher(h, WD_CIPHER_DECRYPTION, in_place ? out : ref, ref,
						   len, ivc, ivlen(c)), 0);
			cross_same(cname(c), ref, in, len);
			runs++;
		}
		wd_cipher_free_sess(h);
	}
	printf("cipher: %d algorithm/mode/key sizes, %ld random requests each way vs OpenSSL\n",
	       ncfg, runs);
}

/* CTR: the IV after n bytes is the counter plus n / 16, 128-bit big-endian. */
static void ctr_add(uint8_t *ctr, uint32_t blocks)
{
	int i;

	for (i = 15; i >= 0 && blocks; i--) {
		uint32_t s = ctr[i] + (blocks & 0xff);

		ctr[i] = (uint8_t)s;
		blocks = (blocks >> 8) + (s >> 8);
	}
}

/* Two requests, the IV carried in req->iv, equal one (and OpenSSL's). */
void cross_cipher_chain(void **state)
{
	uint8_t key[64], iv[16], ivc[16], want_iv[16];
	long runs = 0;
	int i, n, dec;

	(void)state;
	list_cfgs();
	for (i = 0; i < ncfg; i++) {
		const struct cfg *c = &cfgs[i];
		uint32_t b = blk(c);
		handle_t h;

		if (c->mode != WD_CIPHER_CBC && c->mode != WD_CIPHER_CFB &&
		    c->mode != WD_CIPHER_OFB && c->mode != WD_CIPHER_CTR)
			continue;	/* ECB, XTS and CTS do not chain across requests */
		h = new_sess(c, key);
		for (n = 0; n < 16; n++) {
			uint32_t len = cross_len(2 * b, CROSS_MAX, b), cut = b * (1 + ct_below(len / b - 1));

			ct_fill(in, len);
			ct_fill(iv, 16);
			if (c->mode == WD_CIPHER_CTR && n & 1)
				memset(iv + 8, 0xff, 8);	/* the carry into the upper half */
			assert_int_equal(evp_crypt(c->alg, c->mode, key, c->klen, iv, 1, in, ref, len), 0);
			for (dec = 0; dec < 2; dec++) {
				const uint8_t *src = dec ? ref : in;

				/* decryption in place: the chaining block must be saved first */
				memcpy(out, src, len);
				memcpy(ivc, iv, 16);
				assert_int_equal(ct_cipher(h, dec, out, out, cut, ivc, b), 0);
				memcpy(want_iv, iv, 16);
				if (c->mode == WD_CIPHER_CBC || c->mode == WD_CIPHER_CFB)
					memcpy(want_iv, ref + cut - b, b);	/* the last ciphertext block */
				else if (c->mode == WD_CIPHER_CTR)
					ctr_add(want_iv, cut / 16);
				if (c->mode != WD_CIPHER_OFB)
					cross_same("chained IV", ivc, want_iv, b);
				assert_int_equal(ct_cipher(h, dec, out + cut, out + cut, len - cut, ivc, b),
						 0);
				cross_same(cname(c), out, dec ? in : ref, len);
			}
			runs++;
		}
		wd_cipher_free_sess(h);
	}
	printf("cipher: %ld two-request chains (encrypt, and decrypt in place) equal one\n", runs);
}

struct pending {
	int done;
	int bad;	/* callbacks with a wrong state or cb_param */
};

static void *cipher_cb(struct wd_cipher_req *req, void *param)
{
	struct pending *p = param;

	if (req->state || req->cb_param != param)
		p->bad++;
	__atomic_fetch_add(&p->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

#define BATCH	6

/* Async requests (their own buffers) and SGL requests equal EVP's answer. */
void cross_cipher_async_sgl(void **state)
{
	uint8_t key[64], iv[BATCH][16], ivs[BATCH][16];
	uint8_t *src[BATCH], *dst[BATCH], *want[BATCH];
	struct wd_cipher_req r[BATCH];
	struct pending p = { 0 };
	struct ct_sgl ls, ld;
	uint32_t len[BATCH];
	long async_n = 0, sgl_n = 0;
	int i, j, ret;

	(void)state;
	list_cfgs();
	for (i = 0; i < ncfg; i++) {
		const struct cfg *c = &cfgs[i];
		handle_t h = new_sess(c, key);

		p.done = 0;
		for (j = 0; j < BATCH; j++) {
			len[j] = cross_len(min_len(c), 8192, unit(c));
			src[j] = malloc(len[j]);
			dst[j] = malloc(len[j]);
			want[j] = malloc(len[j]);
			ct_fill(src[j], len[j]);
			ct_fill(iv[j], 16);
			memcpy(ivs[j], iv[j], 16);
			assert_int_equal(evp_crypt(c->alg, c->mode, key, c->klen, iv[j], 1, src[j],
						   want[j], len[j]), 0);
			r[j] = (struct wd_cipher_req){ .op_type = WD_CIPHER_ENCRYPTION, .src = src[j],
						       .dst = dst[j], .iv = ivs[j], .in_bytes = len[j],
						       .iv_bytes = ivlen(c), .out_buf_bytes = len[j],
						       .out_bytes = len[j], .cb = cipher_cb,
						       .cb_param = &p };
			do
				ret = wd_do_cipher_async(h, &r[j]);
			while (ret == -WD_EBUSY);
			assert_int_equal(ret, 0);
		}
		cross_poll(WD_CIPHER, &p.done, BATCH);
		assert_int_equal(p.bad, 0);
		for (j = 0; j < BATCH; j++) {
			cross_same(cname(c), dst[j], want[j], len[j]);
			/* the same as a scatter-gather request, 1..5 elements each side */
			memcpy(ivs[j], iv[j], 16);
			ct_sgl_make(&ls, src[j], len[j], 1 + (int)ct_below(5));
			memset(dst[j], 0, len[j]);
			ct_sgl_make(&ld, dst[j], len[j], 1 + (int)ct_below(5));
			r[j].data_fmt = WD_SGL_BUF;
			r[j].list_src = ls.node;
			r[j].list_dst = ld.node;
			assert_int_equal(wd_do_cipher_sync(h, &r[j]), 0);
			ct_sgl_read(&ld, dst[j], len[j]);
			cross_same("SGL request", dst[j], want[j], len[j]);
			ct_sgl_free(&ls);
			ct_sgl_free(&ld);
			free(src[j]);
			free(dst[j]);
			free(want[j]);
		}
		async_n += BATCH;
		sgl_n += BATCH;
		wd_cipher_free_sess(h);
	}
	printf("cipher: %ld async requests and %ld SGL requests equal OpenSSL\n", async_n, sgl_n);
}
