/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake device's crypto class: the session slots and the checks of
 * kernel/vacc/vacc_abi.h's crypto section (a request on a slot not set up
 * for its algorithm is BAD_SESS, a stream part without FIRST BAD_STREAM),
 * with stand-in "algorithms" whose outputs a test can predict (see
 * vacc_fake_dev.h). Enough to check what the user-space driver posts.
 */
#include <stdint.h>
#include <string.h>
#include "vacc_fake_dev.h"

static __u8 op_of(__u8 alg)
{
	switch (alg) {
#define FDEV_OP(id, val, op, name) case (val): return VACC_OP_##op;
	VACC_CALGS(FDEV_OP)
#undef FDEV_OP
	default:
		return 0;
	}
}

static __u64 mix(__u64 h, __u8 b)
{
	return (h ^ b) * 0x100000001b3ull;
}

static __u64 key_hash(const __u8 *key, __u32 klen)
{
	__u64 h = 0xcbf29ce484222325ull;
	__u32 i;

	for (i = 0; i < klen; i++)
		h = mix(h, key[i]);
	return h;
}

__u8 fdev_mac_byte(const __u8 *key, __u32 klen, const __u8 *src, __u32 len, __u32 i)
{
	__u64 h = key_hash(key, klen);
	__u32 k;

	for (k = 0; k < len; k++)
		h = mix(h, src[k]);
	return (__u8)(h >> (8 * (i % 8))) ^ (__u8)i;
}

__u8 fdev_tag_byte(const __u8 *key, __u32 klen, __u64 aad, __u64 len, __u32 i)
{
	__u64 h = key_hash(key, klen) ^ (aad * 0x9e3779b97f4a7c15ull) ^ (len * 31);

	return (__u8)(h >> (8 * (i % 8))) + (__u8)i;
}

static void *ptr(__u64 a)
{
	return (void *)(uintptr_t)a;
}

static __u32 setup(struct fdev *d, const struct vacc_sqe *s, __u32 *consumed)
{
	struct fdev_cslot *sl = &d->cslots[s->sess];

	memset(sl, 0, sizeof(*sl));	/* whatever happens, the old session ends */
	if (s->iv || s->iv_len || s->tag_len || s->flags || s->stage || s->aux || s->mac)
		return VACC_ST_BAD_DESC;
	if (s->alg == VACC_CALG_NONE)
		return s->src || s->src_len || s->dst || s->dst_len ? VACC_ST_BAD_DESC : VACC_ST_OK;
	if (!op_of(s->alg))
		return VACC_ST_NO_ALG;
	if (s->src_len > VACC_MAX_KEY || s->dst_len > VACC_MAX_KEY)
		return VACC_ST_BAD_KEY;
	if ((s->src_len && !s->src) || (s->dst_len && !s->dst))
		return VACC_ST_FAULT;
	if (s->src_len)
		memcpy(sl->key, ptr(s->src), s->src_len);
	if (s->dst_len)
		memcpy(sl->akey, ptr(s->dst), s->dst_len);
	sl->klen = s->src_len;
	sl->aklen = s->dst_len;
	sl->alg = s->alg;
	*consumed = s->src_len;
	return VACC_ST_OK;
}

static void xor_key(const struct fdev_cslot *sl, const __u8 *in, __u8 *out, __u32 len)
{
	__u32 i;

	for (i = 0; i < len; i++)
		out[i] = in[i] ^ (sl->klen ? sl->key[i % sl->klen] : 0);
}

static __u32 cipher(const struct fdev_cslot *sl, const struct vacc_sqe *s)
{
	if (s->dst_len != s->src_len || s->tag_len || s->stage || s->aux || s->mac ||
	    (s->flags & ~VACC_CSQE_DECRYPT) || (!s->iv_len && s->iv) || (s->iv_len && !s->iv))
		return VACC_ST_BAD_DESC;
	xor_key(sl, ptr(s->src), ptr(s->dst), s->src_len);
	if (s->iv_len)
		((__u8 *)ptr(s->iv))[0]++;
	return VACC_ST_OK;
}

static __u32 digest(const struct fdev_cslot *sl, const struct vacc_sqe *s)
{
	__u8 *dst = ptr(s->dst);
	__u32 i;

	if (s->tag_len || s->mac || (s->flags & ~VACC_CSQE_RESUME) || s->stage > VACC_DG_LAST ||
	    (!(s->flags & VACC_CSQE_RESUME) && s->aux) || !s->dst_len ||
	    (s->iv_len != (sl->alg == VACC_CALG_AES_GMAC ? 16 : 0)))
		return VACC_ST_BAD_DESC;
	for (i = 0; i < s->dst_len; i++)
		dst[i] = fdev_mac_byte(sl->key, sl->klen, ptr(s->src), s->src_len, i);
	return VACC_ST_OK;
}

static __u32 aead(struct fdev_cslot *sl, const struct vacc_sqe *s)
{
	bool start = s->stage == VACC_AE_BLOCK || s->stage == VACC_AE_FIRST;
	bool tag = s->stage == VACC_AE_BLOCK || s->stage == VACC_AE_END;
	__u32 plen = s->src_len - s->aux, i;
	__u8 t, *mac = ptr(s->mac);

	if ((s->flags & ~VACC_CSQE_DECRYPT) || s->stage > VACC_AE_END || !s->iv_len || !s->iv ||
	    (tag ? !s->tag_len || !s->mac : s->tag_len || s->mac))
		return VACC_ST_BAD_DESC;
	if (s->aux > s->src_len || (!start && s->aux) || s->dst_len != plen ||
	    (s->stage == VACC_AE_FIRST && plen) || (s->stage == VACC_AE_MIDDLE && plen % 16))
		return VACC_ST_BAD_LEN;
	if (start) {
		sl->tag = s->aux;
		sl->open = s->stage == VACC_AE_FIRST;
	} else if (!sl->open) {
		return VACC_ST_BAD_STREAM;
	}
	xor_key(sl, (const __u8 *)ptr(s->src) + s->aux, ptr(s->dst), plen);
	sl->tag += (__u64)plen << 32;
	if (!tag)
		return VACC_ST_OK;
	sl->open = false;
	for (i = 0; i < s->tag_len; i++) {
		t = fdev_tag_byte(sl->key, sl->klen, (__u32)sl->tag, sl->tag >> 32, i);
		if (!(s->flags & VACC_CSQE_DECRYPT)) {
			mac[i] = t;
		} else if (mac[i] != t) {
			memset(ptr(s->dst), 0, plen);
			return VACC_ST_AUTH_FAIL;
		}
	}
	return VACC_ST_OK;
}

__u32 fdev_crypto(struct fdev *d, const struct vacc_sqe *s, __u32 *consumed, __u32 *produced)
{
	struct fdev_cslot *sl;
	__u32 st;

	if (s->sess >= d->ctrl->max_sessions || s->sess >= VACC_MAX_SESSIONS)
		return VACC_ST_BAD_SESS;
	if (s->src_len > d->ctrl->max_len || s->dst_len > d->ctrl->max_len)
		return VACC_ST_BAD_LEN;
	if (s->opcode == VACC_OP_CRYPTO_SETUP)
		return setup(d, s, consumed);
	sl = &d->cslots[s->sess];
	if (!sl->alg || sl->alg != s->alg || op_of(s->alg) != s->opcode)
		return VACC_ST_BAD_SESS;
	if (s->opcode == VACC_OP_CIPHER)
		st = cipher(sl, s);
	else if (s->opcode == VACC_OP_DIGEST)
		st = digest(sl, s);
	else
		st = aead(sl, s);
	if (st == VACC_ST_OK) {
		*consumed = s->src_len;
		*produced = s->dst_len;
	}
	return st;
}
