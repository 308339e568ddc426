/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the libwd_crypto tests; public API only (crypto_util.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_util.h"

struct sched_params ct_sp = { .numa_id = -1, .type = 0 };

int ct_init_cipher(void)
{
	return wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, NULL);
}

int ct_init_digest(void)
{
	return wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_MIX, NULL);
}

int ct_init_aead(void)
{
	return wd_aead_init2_("gcm(aes)", SCHED_POLICY_RR, TASK_MIX, NULL);
}

void ct_uninit_all(void)
{
	wd_cipher_uninit2();
	wd_digest_uninit2();
	wd_aead_uninit2();
}

handle_t ct_cipher_sess(int alg, int mode, const uint8_t *key, uint32_t klen)
{
	struct wd_cipher_sess_setup ss = { .alg = alg, .mode = mode, .sched_param = &ct_sp };
	handle_t h = wd_cipher_alloc_sess(&ss);

	if (h && wd_cipher_set_key(h, key, klen)) {
		wd_cipher_free_sess(h);
		return 0;
	}
	return h;
}

handle_t ct_digest_sess(int alg, int mode, const uint8_t *key, uint32_t klen)
{
	struct wd_digest_sess_setup ss = { .alg = alg, .mode = mode, .sched_param = &ct_sp };
	handle_t h = wd_digest_alloc_sess(&ss);

	if (h && mode == WD_DIGEST_HMAC && wd_digest_set_key(h, key, klen)) {
		wd_digest_free_sess(h);
		return 0;
	}
	return h;
}

handle_t ct_aead_sess(int calg, int cmode, int dalg, const uint8_t *ckey, uint16_t cklen,
		      const uint8_t *akey, uint16_t aklen, uint16_t authsize)
{
	struct wd_aead_sess_setup ss = { .calg = calg, .cmode = cmode, .sched_param = &ct_sp };
	handle_t h;

	if (cmode == WD_CIPHER_CBC) {
		ss.dalg = dalg;
		ss.dmode = WD_DIGEST_HMAC;
	}
	h = wd_aead_alloc_sess(&ss);
	if (!h)
		return 0;
	if (wd_aead_set_ckey(h, ckey, cklen) ||
	    (cmode == WD_CIPHER_CBC && wd_aead_set_akey(h, akey, aklen)) ||
	    wd_aead_set_authsize(h, authsize)) {
		wd_aead_free_sess(h);
		return 0;
	}
	return h;
}

int ct_cipher(handle_t h, int op, const void *in, void *out, uint32_t len, void *iv,
	      uint32_t iv_len)
{
	struct wd_cipher_req r = {
		.op_type = op, .src = (void *)in, .dst = out, .iv = iv, .in_bytes = len,
		.iv_bytes = iv_len, .out_buf_bytes = len, .out_bytes = len,
	};

	return wd_do_cipher_sync(h, &r);
}

int ct_digest(handle_t h, const void *in, uint32_t len, void *out, uint32_t out_len,
	      uint16_t has_next, uint64_t long_len)
{
	struct wd_digest_req r = {
		.in = (void *)in, .out = out, .in_bytes = len, .out_bytes = out_len,
		.out_buf_bytes = out_len, .has_next = has_next, .long_data_len = long_len,
	};

	return wd_do_digest_sync(h, &r);
}

static const struct {
	uint8_t mac, full, block;
} dsz[WD_DIGEST_TYPE_MAX] = {
	[WD_DIGEST_SM3] = { 32, 32, 64 },	[WD_DIGEST_MD5] = { 16, 16, 64 },
	[WD_DIGEST_SHA1] = { 20, 20, 64 },	[WD_DIGEST_SHA256] = { 32, 32, 64 },
	[WD_DIGEST_SHA224] = { 28, 32, 64 },	[WD_DIGEST_SHA384] = { 48, 64, 128 },
	[WD_DIGEST_SHA512] = { 64, 64, 128 },	[WD_DIGEST_SHA512_224] = { 28, 64, 128 },
	[WD_DIGEST_SHA512_256] = { 32, 64, 128 },
	[WD_DIGEST_AES_XCBC_MAC_96] = { 12, 0, 16 }, [WD_DIGEST_AES_XCBC_PRF_128] = { 16, 0, 16 },
	[WD_DIGEST_AES_CMAC] = { 16, 0, 16 },	[WD_DIGEST_AES_GMAC] = { 16, 0, 16 },
};

uint32_t ct_mac_len(int alg)
{
	return dsz[alg].mac;
}

uint32_t ct_full_len(int alg)
{
	return dsz[alg].full;
}

uint32_t ct_block_len(int alg)
{
	return dsz[alg].block;
}

uint32_t ct_hmac_key_max(int alg)
{
	return alg <= WD_DIGEST_SHA224 ? 64 : 128;
}

static uint64_t rng_state;

uint64_t ct_seed(void)
{
	const char *s = getenv("WD_TEST_SEED");
	uint64_t seed = s && *s ? strtoull(s, NULL, 0) : 20260601;

	printf("random seed %llu (set WD_TEST_SEED=%llu to repeat this run)\n",
	       (unsigned long long)seed, (unsigned long long)seed);
	fflush(stdout);
	rng_state = seed ? seed : 1;
	return seed;
}

uint64_t ct_rand(void)
{
	/* xorshift64*: fast and the same on every platform */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

uint32_t ct_below(uint32_t n)
{
	return n ? (uint32_t)(ct_rand() % n) : 0;
}

void ct_fill(void *buf, size_t len)
{
	uint8_t *p = buf;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			v = ct_rand();
		p[i] = (uint8_t)(v >> ((i & 7) * 8));
	}
}

void ct_sgl_make(struct ct_sgl *s, const void *data, size_t len, int parts)
{
	const uint8_t *d = data;
	size_t off = 0, n;
	int i;

	memset(s, 0, sizeof(*s));
	if (parts < 1)
		parts = 1;
	for (i = 0; i < parts; i++) {
		n = i == parts - 1 ? len - off : ct_below((uint32_t)(len - off + 1));
		/* now and then an element without data: it must be skipped */
		if (i && ct_below(4) == 0 && s->n < 11) {
			s->node[s->n].len = 4096;	/* a length without data counts for nothing */
			s->n++;
		}
		s->node[s->n].data = malloc(n ? n : 1);
		s->node[s->n].len = (uint32_t)n;
		if (n)
			memcpy(s->node[s->n].data, d + off, n);
		off += n;
		s->n++;
	}
	for (i = 0; i + 1 < s->n; i++)
		s->node[i].next = &s->node[i + 1];
}

void ct_sgl_read(const struct ct_sgl *s, void *flat, size_t len)
{
	size_t off = 0, n;
	int i;

	for (i = 0; i < s->n && off < len; i++) {
		if (!s->node[i].data)
			continue;
		n = s->node[i].len < len - off ? s->node[i].len : len - off;
		memcpy((uint8_t *)flat + off, s->node[i].data, n);
		off += n;
	}
}

void ct_sgl_free(struct ct_sgl *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->node[i].data);
	memset(s, 0, sizeof(*s));
}

const char *ct_hex(const void *p, size_t n)
{
	static char buf[4][160];
	static int slot;
	char *b = buf[slot++ & 3];
	size_t i;

	if (n > 64)
		n = 64;
	for (i = 0; i < n; i++)
		sprintf(b + 2 * i, "%02x", ((const uint8_t *)p)[i]);
	b[2 * n] = '\0';
	return b;
}
