/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's data and its output check. Before anything is timed,
 * every implementation runs block 0 and must produce the reference's
 * output (payload and digest / tag): OpenSSL's, or ipsec-mb's where
 * OpenSSL lacks the algorithm. A bench that measured wrong output would
 * measure nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_crypto.h"

#define RING_BYTES	(1u << 20)	/* the blocks a thread walks: about L2's size */

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64*: reproducible bytes, no entropy needed */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static void fill(unsigned char *p, size_t n, uint64_t *s)
{
	while (n) {
		uint64_t v = rng_next(s);
		size_t k = n < 8 ? n : 8;

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}

void bc_random(void *p, size_t n, uint64_t seed)
{
	uint64_t s = seed | 1;

	fill(p, n, &s);
}

int bc_data_make(struct bc_data *d, size_t size, unsigned aad, bool fixed_iv)
{
	uint64_t seed = 0x9E3779B97F4A7C15ULL ^ size;

	memset(d, 0, sizeof(*d));
	d->size = size;
	d->aad = aad;
	d->fixed_iv = fixed_iv;
	d->stride = (aad + size + 63) & ~(size_t)63;
	d->nblk = RING_BYTES / d->stride ? RING_BYTES / d->stride : 1;
	d->src = aligned_alloc(64, d->nblk * d->stride);
	if (!d->src)
		return -1;
	fill(d->src, d->nblk * d->stride, &seed);
	fill(d->base_iv, sizeof(d->base_iv), &seed);
	return 0;
}

void bc_data_free(struct bc_data *d)
{
	free(d->src);
	free(d->tags);
	memset(d, 0, sizeof(*d));
}

/*
 * AEAD decryption: encrypt every block under the (fixed) IV, so each has
 * a tag to check. With a library when one has the algorithm, else with wd
 * itself (then the check below is only a round trip).
 */
static int seal(struct bc_data *d, const struct bc_cfg *cfg, const struct bc_impl_ops *const *ops,
		const bool *on, int *by, char *err, size_t errlen)
{
	static const int order[] = { BC_EVP, BC_IMB, BC_WD };
	struct bc_cfg enc = *cfg;
	unsigned char *out = calloc(1, d->stride), tag[BC_TAG_MAX];
	const struct bc_impl_ops *o = NULL;
	void *st = NULL;
	char why[192];
	int rc = 0;

	enc.encrypt = true;
	enc.async = false;
	for (int k = 0; k < 3 && !st; k++) {
		*by = order[k];
		o = *by == BC_WD ? &bc_wd_ops : ops[*by];
		st = (*by == BC_WD || on[*by]) && out ? o->open(&enc, why, sizeof(why)) : NULL;
	}
	d->tags = calloc(d->nblk, BC_TAG_MAX);
	if (!st || !d->tags) {
		snprintf(err, errlen, "cannot encrypt the blocks to decrypt: %s",
			 out && d->tags ? why : "out of memory");
		free(out);
		if (st)
			o->close(st);
		return -1;
	}
	for (size_t b = 0; b < d->nblk && !rc; b++) {
		unsigned char *blk = d->src + b * d->stride;

		rc = bc_single(d, o, st, b, out, tag, err, errlen);
		memcpy(blk + d->aad, out + d->aad, d->size);
		memcpy(d->tags + b * BC_TAG_MAX, tag, BC_TAG_MAX);
	}
	o->close(st);
	free(out);
	return rc;
}

/* The first differing byte of two outputs, for a report someone can act on. */
static void diff(char *err, size_t len, const char *what, const char *a_name,
		 const unsigned char *a, const char *b_name, const unsigned char *b, size_t n,
		 const struct bc_cfg *cfg, const struct bc_data *d)
{
	size_t i = 0, k, pos;

	while (i < n && a[i] == b[i])
		i++;
	pos = (size_t)snprintf(err, len, "%s %s differs from %s's (%s, %zu bytes, %s): byte %zu:"
			       "\n  %-8s", a_name, what, b_name, cfg->alg->name, d->size,
			       cfg->alg->cls == BC_DIGEST ? "digest" :
			       cfg->encrypt ? "encrypt" : "decrypt", i, a_name);
	for (k = i & ~(size_t)15; k < n && k < (i & ~(size_t)15) + 16 && pos < len; k++)
		pos += (size_t)snprintf(err + pos, len - pos, "%02x", a[k]);
	if (pos < len)
		pos += (size_t)snprintf(err + pos, len - pos, "\n  %-8s", b_name);
	for (k = i & ~(size_t)15; k < n && k < (i & ~(size_t)15) + 16 && pos < len; k++)
		pos += (size_t)snprintf(err + pos, len - pos, "%02x", b[k]);
}

/* A decryption with a corrupted tag must fail (wd only: the libraries are the yardstick). */
static int bad_tag_refused(struct bc_data *d, const struct bc_impl_ops *o, void *st,
			   unsigned char *out, char *err, size_t errlen)
{
	unsigned char tag[BC_TAG_MAX];
	char e[256];

	memcpy(tag, d->tags, BC_TAG_MAX);
	tag[0] ^= 1;
	if (bc_single(d, o, st, 0, out, tag, e, sizeof(e)))
		return 0;
	snprintf(err, errlen, "wd accepted a corrupted tag (%zu-byte decryption)", d->size);
	return -1;
}

int bc_check(struct bc_data *d, const struct bc_cfg *cfg, const struct bc_impl_ops *const *ops,
	     bool *on, char (*note)[192], char *err, size_t errlen)
{
	static const int order[] = { BC_EVP, BC_IMB, BC_IMB_N, BC_WD };
	const struct bc_alg *a = cfg->alg;
	bool aead_dec = a->cls == BC_AEAD && !cfg->encrypt;
	unsigned char *plain = NULL, *out[BC_IMPLS] = { NULL }, tag[BC_IMPLS][BC_TAG_MAX];
	int ref = -1, sealer = -1, rc = 0;

	if (aead_dec) {
		plain = malloc(d->size);
		if (!plain) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		memcpy(plain, d->src + d->aad, d->size);
		if (seal(d, cfg, ops, on, &sealer, err, errlen)) {
			free(plain);
			return -1;
		}
	}
	for (int k = 0; k < 4 && !rc; k++) {
		int i = order[k];
		void *st;

		if (!on[i])
			continue;
		st = ops[i]->open(cfg, note[i], sizeof(note[i]));
		out[i] = calloc(1, d->stride);
		if (!st || !out[i]) {
			if (i == BC_WD || !out[i]) {
				snprintf(err, errlen, "%s: %s", bc_impl_name(i),
					 out[i] ? note[i] : "out of memory");
				rc = -1;
			}
			on[i] = false;	/* the library lacks it: note says why */
			if (st)
				ops[i]->close(st);
			continue;
		}
		memset(tag[i], 0, BC_TAG_MAX);
		if (aead_dec)
			memcpy(tag[i], d->tags, BC_TAG_MAX);
		if (bc_single(d, ops[i], st, 0, out[i], tag[i], note[i], sizeof(note[i]))) {
			snprintf(err, errlen, "%s failed on a %zu-byte request: %s", bc_impl_name(i),
				 d->size, note[i]);
			rc = -1;
		} else if (aead_dec) {
			if (memcmp(out[i] + d->aad, plain, d->size)) {
				diff(err, errlen, "plaintext", bc_impl_name(i), out[i] + d->aad,
				     "the original", plain, d->size, cfg, d);
				rc = -1;
			} else if (i == BC_WD) {
				rc = bad_tag_refused(d, ops[i], st, out[i], err, errlen);
			}
			snprintf(note[i], sizeof(note[i]), sealer == BC_WD ?
				 "decrypts wd's own encryption (no library has it: round trip only)" :
				 "decrypts %s's encryption", bc_impl_name(sealer));
		} else if (ref < 0 && i != BC_WD) {
			ref = i;
			snprintf(note[i], sizeof(note[i]), "reference");
		} else if (ref < 0) {
			snprintf(note[i], sizeof(note[i]), "unchecked: no library has %s", a->name);
		} else if (a->cls != BC_DIGEST &&
			   memcmp(out[i] + d->aad, out[ref] + d->aad, d->size)) {
			diff(err, errlen, "output", bc_impl_name(i), out[i] + d->aad,
			     bc_impl_name(ref), out[ref] + d->aad, d->size, cfg, d);
			rc = -1;
		} else if (a->cls != BC_CIPHER && memcmp(tag[i], tag[ref], a->mac_len)) {
			diff(err, errlen, a->cls == BC_DIGEST ? "digest" : "tag", bc_impl_name(i),
			     tag[i], bc_impl_name(ref), tag[ref], a->mac_len, cfg, d);
			rc = -1;
		} else {
			snprintf(note[i], sizeof(note[i]), "same output as %s", bc_impl_name(ref));
		}
		ops[i]->close(st);
	}
	for (int i = 0; i < BC_IMPLS; i++)
		free(out[i]);
	free(plain);
	return rc;
}
