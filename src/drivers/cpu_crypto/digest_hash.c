/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hash algorithms of cpu_digest: OpenSSL's low-level block functions
 * (MD5, SHA-1, SHA-2) and our SM3, each behind a struct dg_hash. Only
 * whole blocks ever reach the OpenSSL contexts (their num stays 0), so
 * their chaining words are the complete state: a long hash stores them in
 * the request's out buffer, serialised the way the digest itself is
 * (big-endian words; little-endian for MD5), and loads them back later,
 * in this session or another.
 */
#include <string.h>
#include "digest_internal.h"
#include "sm3.h"
#include "wd_bytes.h"

/* MD5 */
static void md5_start(union dg_ctx *c) { MD5_Init(&c->md5); }
static void md5_blocks(union dg_ctx *c, const __u8 *in, size_t len)
{
	MD5_Update(&c->md5, in, len);
}

static void md5_load(union dg_ctx *c, const __u8 *s)
{
	MD5_Init(&c->md5);
	c->md5.A = wd_get_le32(s);
	c->md5.B = wd_get_le32(s + 4);
	c->md5.C = wd_get_le32(s + 8);
	c->md5.D = wd_get_le32(s + 12);
}

static void md5_store(const union dg_ctx *c, __u8 *s)
{
	wd_put_le32(s, c->md5.A);
	wd_put_le32(s + 4, c->md5.B);
	wd_put_le32(s + 8, c->md5.C);
	wd_put_le32(s + 12, c->md5.D);
}

/* SHA-1 */
static void sha1_start(union dg_ctx *c) { SHA1_Init(&c->sha1); }
static void sha1_blocks(union dg_ctx *c, const __u8 *in, size_t len)
{
	SHA1_Update(&c->sha1, in, len);
}

static void sha1_load(union dg_ctx *c, const __u8 *s)
{
	SHA1_Init(&c->sha1);
	c->sha1.h0 = wd_get_be32(s);
	c->sha1.h1 = wd_get_be32(s + 4);
	c->sha1.h2 = wd_get_be32(s + 8);
	c->sha1.h3 = wd_get_be32(s + 12);
	c->sha1.h4 = wd_get_be32(s + 16);
}

static void sha1_store(const union dg_ctx *c, __u8 *s)
{
	wd_put_be32(s, c->sha1.h0);
	wd_put_be32(s + 4, c->sha1.h1);
	wd_put_be32(s + 8, c->sha1.h2);
	wd_put_be32(s + 12, c->sha1.h3);
	wd_put_be32(s + 16, c->sha1.h4);
}

/* SHA-224 / SHA-256: the same block function; SHA-224 keeps all 8 words */
static void sha224_start(union dg_ctx *c) { SHA224_Init(&c->sha256); }
static void sha256_start(union dg_ctx *c) { SHA256_Init(&c->sha256); }

static void sha256_blocks(union dg_ctx *c, const __u8 *in, size_t len)
{
	SHA256_Update(&c->sha256, in, len);
}

static void sha256_load(union dg_ctx *c, const __u8 *s)
{
	int i;

	SHA256_Init(&c->sha256);
	for (i = 0; i < 8; i++)
		c->sha256.h[i] = wd_get_be32(s + 4 * i);
}

static void sha256_store(const union dg_ctx *c, __u8 *s)
{
	int i;

	for (i = 0; i < 8; i++)
		wd_put_be32(s + 4 * i, c->sha256.h[i]);
}

/* SHA-384 / SHA-512 / SHA-512/t: one block function, IVs differ (FIPS 180-4 §5.3) */
static const __u64 iv512_224[8] = {
	0x8c3d37c819544da2ull, 0x73e1996689dcd4d6ull, 0x1dfab7ae32ff9c82ull, 0x679dd514582f9fcfull,
	0x0f6d2b697bd44da8ull, 0x77e36f7304c48942ull, 0x3f9d85a86a1d36c8ull, 0x1112e6ad91d692a1ull,
};

static const __u64 iv512_256[8] = {
	0x22312194fc2bf72cull, 0x9f555fa3c84c64c2ull, 0x2393b86b6f53b151ull, 0x963877195940eabdull,
	0x96283ee2a88effe3ull, 0xbe5e1e2553863992ull, 0x2b0199fc2c85b8aaull, 0x0eb72ddc81c52ca2ull,
};

static void sha384_start(union dg_ctx *c) { SHA384_Init(&c->sha512); }
static void sha512_start(union dg_ctx *c) { SHA512_Init(&c->sha512); }

static void sha512_224_start(union dg_ctx *c)
{
	SHA512_Init(&c->sha512);
	memcpy(c->sha512.h, iv512_224, sizeof(iv512_224));
}

static void sha512_256_start(union dg_ctx *c)
{
	SHA512_Init(&c->sha512);
	memcpy(c->sha512.h, iv512_256, sizeof(iv512_256));
}

static void sha512_blocks(union dg_ctx *c, const __u8 *in, size_t len)
{
	SHA512_Update(&c->sha512, in, len);
}

static void sha512_load(union dg_ctx *c, const __u8 *s)
{
	int i;

	SHA512_Init(&c->sha512);
	for (i = 0; i < 8; i++)
		c->sha512.h[i] = wd_get_be64(s + 8 * i);
}

static void sha512_store(const union dg_ctx *c, __u8 *s)
{
	int i;

	for (i = 0; i < 8; i++)
		wd_put_be64(s + 8 * i, c->sha512.h[i]);
}

/* SM3 */
static void sm3_start_ctx(union dg_ctx *c) { sm3_start(c->sm3); }
static void sm3_blocks_ctx(union dg_ctx *c, const __u8 *in, size_t len)
{
	sm3_blocks(c->sm3, in, len / SM3_BLOCK);
}

static void sm3_load(union dg_ctx *c, const __u8 *s)
{
	int i;

	for (i = 0; i < 8; i++)
		c->sm3[i] = wd_get_be32(s + 4 * i);
}

static void sm3_store(const union dg_ctx *c, __u8 *s)
{
	int i;

	for (i = 0; i < 8; i++)
		wd_put_be32(s + 4 * i, c->sm3[i]);
}

#define HASH(blk, mac, full, lenb, le, pfx, st)						\
	{ .block = (blk), .mac_len = (mac), .full_len = (full), .len_bytes = (lenb),	\
	  .little_endian = (le), .start = (st), .blocks = pfx##_blocks,			\
	  .load = pfx##_load, .store = pfx##_store }

static const struct dg_hash hashes[] = {
	[WD_DIGEST_SM3] = { .block = 64, .mac_len = 32, .full_len = 32, .len_bytes = 8,
			    .start = sm3_start_ctx, .blocks = sm3_blocks_ctx,
			    .load = sm3_load, .store = sm3_store },
	[WD_DIGEST_MD5] = HASH(64, 16, 16, 8, true, md5, md5_start),
	[WD_DIGEST_SHA1] = HASH(64, 20, 20, 8, false, sha1, sha1_start),
	[WD_DIGEST_SHA256] = HASH(64, 32, 32, 8, false, sha256, sha256_start),
	[WD_DIGEST_SHA224] = HASH(64, 28, 32, 8, false, sha256, sha224_start),
	[WD_DIGEST_SHA384] = HASH(128, 48, 64, 16, false, sha512, sha384_start),
	[WD_DIGEST_SHA512] = HASH(128, 64, 64, 16, false, sha512, sha512_start),
	[WD_DIGEST_SHA512_224] = HASH(128, 28, 64, 16, false, sha512, sha512_224_start),
	[WD_DIGEST_SHA512_256] = HASH(128, 32, 64, 16, false, sha512, sha512_256_start),
};

const struct dg_hash *dg_hash_get(__u32 alg)
{
	return alg <= WD_DIGEST_SHA512_256 ? &hashes[alg] : NULL;
}

void dg_hash_finish(const struct dg_hash *h, union dg_ctx *c, const __u8 *tail, size_t tail_len,
		    __u64 total, __u8 *mac)
{
	__u8 buf[2 * DG_MAX_BLOCK];
	__u8 state[DG_MAX_MAC];
	size_t n = h->block;

	if (tail_len + 1 + h->len_bytes > n)
		n += h->block;
	if (tail_len)
		memcpy(buf, tail, tail_len);
	buf[tail_len] = 0x80;
	memset(buf + tail_len + 1, 0, n - tail_len - 1 - 8);
	if (h->little_endian) {
		wd_put_le32(buf + n - 8, (__u32)(total << 3));
		wd_put_le32(buf + n - 4, (__u32)(total >> 29));
	} else {
		/* a 16-byte length field: its high half holds total's top 3 bits */
		if (h->len_bytes == 16)
			wd_put_be64(buf + n - 16, total >> 61);
		wd_put_be64(buf + n - 8, total << 3);
	}
	h->blocks(c, buf, n);
	h->store(c, state);
	memcpy(mac, state, h->mac_len);
}

void dg_hash_oneshot(const struct dg_hash *h, const __u8 *in, size_t len, __u8 *mac)
{
	size_t tail = len % h->block;
	union dg_ctx c;

	h->start(&c);
	if (len - tail)
		h->blocks(&c, in, len - tail);
	dg_hash_finish(h, &c, in + len - tail, tail, len, mac);
}

void dg_hmac_set_key(struct dg_state *s, const __u8 *key, __u32 len)
{
	const struct dg_hash *h = s->hash;
	__u8 pad[DG_MAX_BLOCK];
	__u32 i;

	memset(pad, 0, sizeof(pad));
	if (len > h->block)
		dg_hash_oneshot(h, key, len, pad);	/* RFC 2104: long keys are hashed */
	else if (len)
		memcpy(pad, key, len);
	for (i = 0; i < h->block; i++)
		pad[i] ^= 0x36;
	h->start(&s->ipad);
	h->blocks(&s->ipad, pad, h->block);
	for (i = 0; i < h->block; i++)
		pad[i] ^= 0x36 ^ 0x5c;
	h->start(&s->opad);
	h->blocks(&s->opad, pad, h->block);
	cc_wipe(pad, sizeof(pad));
}

/*
 * Every stage of a hash or HMAC. HMAC's long-hash state is the inner
 * hash's chaining value; done_len counts message bytes only, so the ipad
 * block is added to the length here.
 */
void dg_hash_run(const struct dg_state *s, struct wd_digest_msg *m)
{
	const struct dg_hash *h = s->hash;
	bool resume = m->resume && m->stage != WD_DIGEST_ONESHOT;
	__u64 base = s->hmac ? h->block : 0;
	/* an empty message may come without a buffer */
	const __u8 *in = m->in_len ? m->in : (const __u8 *)"";
	__u8 mac[DG_MAX_MAC];
	union dg_ctx c;
	size_t tail;

	m->hdr.result = -WD_EINVAL;
	if (m->stage == WD_DIGEST_PART) {
		if (m->in_len % h->block || m->out_len < h->full_len)
			return;
		tail = 0;
	} else {
		tail = m->in_len % h->block;
	}
	if (resume)
		h->load(&c, m->out);
	else if (s->hmac)
		c = s->ipad;
	else
		h->start(&c);
	if (m->in_len - tail)
		h->blocks(&c, in, m->in_len - tail);
	if (m->stage == WD_DIGEST_PART) {
		h->store(&c, m->out);
		m->hdr.result = 0;
		return;
	}
	dg_hash_finish(h, &c, in + m->in_len - tail, tail,
		       (resume ? m->done_len : 0) + m->in_len + base, mac);
	if (s->hmac) {
		c = s->opad;
		dg_hash_finish(h, &c, mac, h->mac_len, h->block + h->mac_len, mac);
	}
	memcpy(m->out, mac, m->out_len < h->mac_len ? m->out_len : h->mac_len);
	m->hdr.result = 0;
}
