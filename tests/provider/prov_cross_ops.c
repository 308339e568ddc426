/* SPDX-License-Identifier: Apache-2.0 */
/* The cross test's operations on kept contexts (see prov_cross.h). */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/params.h>
#include "prov_cross.h"

void xc_state_free(struct xc_state *st)
{
	EVP_CIPHER_CTX_free(st->ctx);
	st->ctx = NULL;
	st->ready = false;
}

/* A context made afresh for the op: cipher, variant, IV and tag lengths, key. */
static int fresh(struct xc_state *st, const struct xc_op *op, bool aead, bool ccm, char *err,
		 size_t errlen)
{
	const struct pe_cipher c = {
		.enc = op->enc, .key = op->key, .iv = op->iv, .klen = op->klen, .ivlen = op->ivlen,
		.tag = op->tag, .taglen = op->taglen, .cts_mode = op->cts,
	};
	int ret = pe_cipher_setup(st->ctx, st->c, &c, aead, ccm, err, errlen);

	if (ret)
		return ret;
	st->ivlen = op->ivlen;
	st->taglen = op->taglen;
	st->klen = op->klen;
	st->cts = op->cts;
	memcpy(st->key, op->key, op->klen);
	st->ready = true;
	return PE_OK;
}

/* The cuts of split plus one at `at` (if inside), in order, into m[]. */
static int merge_cuts(struct pe_split s, long at, size_t len, size_t *m, int cap)
{
	int i, n = 0;
	bool placed = at < 0 || (size_t)at > len;

	for (i = 0; i < s.n && n < cap - 1; i++) {
		if (!placed && s.cuts[i] >= (size_t)at) {
			m[n++] = (size_t)at;
			placed = true;
		}
		m[n++] = s.cuts[i];
	}
	if (!placed)
		m[n++] = (size_t)at;
	return n;
}

#define MAX_CUTS 64

/*
 * Pieces k0.. of the message (sp) through ctx into out from *done on; with
 * stop >= 0, return after piece stop, else go on to the final and the tag.
 */
static int pieces(EVP_CIPHER_CTX *ctx, const struct xc_op *op, struct pe_split sp, int k0,
		  int stop, unsigned char *out, size_t *done, unsigned char *tag, char *err,
		  size_t errlen)
{
	const EVP_CIPHER *c = EVP_CIPHER_CTX_get0_cipher(ctx);
	bool aead = EVP_CIPHER_get_flags(c) & EVP_CIPH_FLAG_AEAD_CIPHER;
	bool ccm = EVP_CIPHER_get_mode(c) == EVP_CIPH_CCM_MODE;
	size_t off, n;
	int k, outl;

	for (k = k0; k <= (ccm ? 0 : sp.n); k++) {
		n = ccm ? op->len : pe_piece(sp, op->len, k, &off);
		if (ccm)
			off = 0;
		if (!EVP_CipherUpdate(ctx, out + *done, &outl, op->in + off, (int)n)) {
			/* CCM verifies its tag here; a valid tag refused fails the compare */
			if (ccm && !op->enc)
				return PE_AUTH;
			return pe_fail(err, errlen, "update at %zu (%zu bytes)", off, n);
		}
		*done += (size_t)outl;
		if (k == stop)
			return PE_OK;
	}
	if (!EVP_CipherFinal_ex(ctx, out + *done, &outl)) {
		if (aead && !op->enc)
			return PE_AUTH;
		return pe_fail(err, errlen, "final after %zu bytes", *done);
	}
	*done += (size_t)outl;
	if (aead && op->enc &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)op->taglen, tag) <= 0)
		return pe_fail(err, errlen, "getting a %zu-byte tag", op->taglen);
	return PE_OK;
}

/*
 * The data with a copy of the context made after piece kc: the original
 * ends first, then the copy goes on from where it was made; both must end
 * alike (the same output and tag, or both refusing a tampered message).
 */
static int with_copy(EVP_CIPHER_CTX *ctx, const struct xc_op *op, struct pe_split sp, int kc,
		     size_t *done, char *err, size_t errlen)
{
	unsigned char *out2 = malloc(op->len + 64), tag2[16];
	EVP_CIPHER_CTX *copy = EVP_CIPHER_CTX_new();
	size_t done2;
	int r1, r2 = PE_ERR;

	if (!out2 || !copy) {
		r1 = pe_fail(err, errlen, "out of memory");
		goto out;
	}
	if ((r1 = pieces(ctx, op, sp, 0, kc, op->out, done, NULL, err, errlen)))
		goto out;
	if (!EVP_CIPHER_CTX_copy(copy, ctx)) {
		pe_fail(err, errlen, "EVP_CIPHER_CTX_copy at %zu", op->copy_at);
		r1 = PE_NOCOPY;
		goto out;
	}
	memcpy(out2, op->out, *done);
	done2 = *done;
	r1 = pieces(ctx, op, sp, kc + 1, -1, op->out, done, op->tag, err, errlen);
	if (r1 == PE_ERR)
		goto out;
	r2 = pieces(copy, op, sp, kc + 1, -1, out2, &done2, tag2, err, errlen);
	if (r2 != r1 || (r1 == PE_OK && (done2 != *done || memcmp(out2, op->out, *done) ||
					 (op->enc && op->taglen && memcmp(tag2, op->tag, op->taglen))))) {
		snprintf(err, errlen, "the copy made at %zu %s", op->copy_at,
			 r2 == PE_AUTH ? "refused the tag" : r2 != PE_OK ? "failed" :
			 r1 == PE_AUTH ? "accepted what its original refused" :
			 "ended unlike its original");
		r1 = PE_ERR;
	}
out:
	EVP_CIPHER_CTX_free(copy);
	free(out2);
	return r1;
}

int xc_cipher(struct xc_state *st, const struct xc_op *op, size_t *outlen, char *err,
	      size_t errlen)
{
	int mode = EVP_CIPHER_get_mode(st->c), k, kc = -1, outl, ret = PE_ERR;
	bool aead = EVP_CIPHER_get_flags(st->c) & EVP_CIPH_FLAG_AEAD_CIPHER;
	bool ccm = mode == EVP_CIPH_CCM_MODE, same;
	size_t off, n, done = 0, cuts[MAX_CUTS + 1];
	struct pe_split sp = { cuts, 0 };

	if (!st->ctx && !(st->ctx = EVP_CIPHER_CTX_new()))
		return pe_fail(err, errlen, "no context");
	same = op->reuse && st->ready && st->ivlen == op->ivlen && st->taglen == op->taglen &&
	       st->klen == op->klen && st->cts == op->cts;
	if (!same) {
		st->ready = false;
		if ((ret = fresh(st, op, aead, ccm, err, errlen)))
			return ret;
		ret = PE_ERR;
	} else {
		/* the application's re-init: the cipher stays, a new IV, the key if new */
		bool keep = !memcmp(st->key, op->key, op->klen);

		if (!EVP_CipherInit_ex(st->ctx, NULL, NULL, keep ? NULL : op->key, op->iv, -1)) {
			pe_fail(err, errlen, "re-init (%s key)", keep ? "same" : "new");
			goto out;
		}
		memcpy(st->key, op->key, op->klen);
		if (aead && !op->enc &&
		    EVP_CIPHER_CTX_ctrl(st->ctx, EVP_CTRL_AEAD_SET_TAG, (int)op->taglen, op->tag) <= 0) {
			pe_fail(err, errlen, "tag after re-init");
			goto out;
		}
	}
	EVP_CIPHER_CTX_set_padding(st->ctx, op->pad);
	if (ccm && !EVP_CipherUpdate(st->ctx, NULL, &outl, NULL, (int)op->len)) {
		pe_fail(err, errlen, "CCM length %zu", op->len);
		goto out;
	}
	if (aead && (op->aadlen || !ccm)) {
		for (k = 0; k <= (ccm ? 0 : op->aad_split.n); k++) {
			n = ccm ? op->aadlen : pe_piece(op->aad_split, op->aadlen, k, &off);
			if (ccm)
				off = 0;
			if (!EVP_CipherUpdate(st->ctx, NULL, &outl, op->aad + off, (int)n)) {
				pe_fail(err, errlen, "AAD at %zu (%zu bytes)", off, n);
				goto out;
			}
		}
	}
	/* the copy point becomes a cut of its own: the piece ending there is kc */
	sp.n = merge_cuts(op->split, op->copy ? (long)op->copy_at : -1, op->len, cuts,
			  MAX_CUTS + 1);
	for (k = 0; op->copy && !ccm && k < sp.n && kc < 0; k++)
		if (cuts[k] == op->copy_at)
			kc = k;
	ret = kc < 0 ? pieces(st->ctx, op, sp, 0, -1, op->out, &done, op->tag, err, errlen) :
		       with_copy(st->ctx, op, sp, kc, &done, err, errlen);
	if (ret == PE_OK)
		*outlen = done;
out:
	if (ret != PE_OK)
		st->ready = false;	/* whatever state it is in, start afresh next time */
	ERR_clear_error();
	return ret;
}

int xc_digest(EVP_MD_CTX **kept, EVP_MD *md, const unsigned char *in, size_t len,
	      struct pe_split split, long copy_at, unsigned char *out, size_t *outlen, char *err,
	      size_t errlen)
{
	size_t cuts[MAX_CUTS + 1], off, n;
	struct pe_split s = { cuts, 0 };
	EVP_MD_CTX *copy = NULL, *c;
	unsigned char other[EVP_MAX_MD_SIZE];
	unsigned int olen = 0, olen2 = 0;
	int k, ret = PE_ERR;

	if (!*kept && !(*kept = EVP_MD_CTX_new()))
		return pe_fail(err, errlen, "no context");
	c = *kept;
	s.n = merge_cuts(split, copy_at, len, cuts, MAX_CUTS + 1);
	if (!EVP_DigestInit_ex2(c, md, NULL)) {
		pe_fail(err, errlen, "DigestInit");
		goto out;
	}
	for (k = 0; k <= s.n; k++) {
		n = pe_piece(s, len, k, &off);
		if (!EVP_DigestUpdate(c, in + off, n) || (copy && !EVP_DigestUpdate(copy, in + off, n))) {
			pe_fail(err, errlen, "update at %zu (%zu bytes)%s", off, n, copy ? ", copied" : "");
			goto out;
		}
		if (copy_at >= 0 && !copy && off + n == (size_t)copy_at) {
			if (!(copy = EVP_MD_CTX_new()) || !EVP_MD_CTX_copy_ex(copy, c)) {
				pe_fail(err, errlen, "EVP_MD_CTX_copy_ex at %ld", copy_at);
				goto out;
			}
		}
	}
	if (!EVP_DigestFinal_ex(c, out, &olen) || (copy && !EVP_DigestFinal_ex(copy, other, &olen2))) {
		pe_fail(err, errlen, "final");
		goto out;
	}
	if (copy && (olen != olen2 || memcmp(out, other, olen))) {
		snprintf(err, errlen, "the copy made at %ld ends in %s, the original in %s", copy_at,
			 prov_hex(other, olen2), prov_hex(out, olen));
		goto out;
	}
	*outlen = olen;
	ret = PE_OK;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(copy);
	return ret;
}

int xc_mac(EVP_MAC_CTX **kept, EVP_MAC *mac, const struct xm_op *op, unsigned char *out,
	   size_t *outlen, char *err, size_t errlen)
{
	size_t cuts[MAX_CUTS + 1], off, n, olen2 = 0;
	struct pe_split s = { cuts, 0 };
	unsigned char other[EVP_MAX_MD_SIZE];
	EVP_MAC_CTX *dup = NULL, *c;
	int k, ret = PE_ERR;

	if (!*kept && !(*kept = EVP_MAC_CTX_new(mac)))
		return pe_fail(err, errlen, "no context");
	c = *kept;
	s.n = merge_cuts(op->split, op->dup_at, op->len, cuts, MAX_CUTS + 1);
	if (!EVP_MAC_init(c, op->key, op->klen, op->params)) {
		pe_fail(err, errlen, "init (%s key)", op->key ? "new" : "kept");
		goto out;
	}
	for (k = 0; k <= s.n; k++) {
		n = pe_piece(s, op->len, k, &off);
		if (!EVP_MAC_update(c, op->in + off, n) || (dup && !EVP_MAC_update(dup, op->in + off, n))) {
			pe_fail(err, errlen, "update at %zu (%zu bytes)%s", off, n, dup ? ", dup'd" : "");
			goto out;
		}
		if (op->dup_at >= 0 && !dup && off + n == (size_t)op->dup_at &&
		    !(dup = EVP_MAC_CTX_dup(c))) {
			pe_fail(err, errlen, "EVP_MAC_CTX_dup at %ld", op->dup_at);
			goto out;
		}
	}
	if (!EVP_MAC_final(c, out, outlen, EVP_MAX_MD_SIZE) ||
	    (dup && !EVP_MAC_final(dup, other, &olen2, sizeof(other)))) {
		pe_fail(err, errlen, "final");
		goto out;
	}
	if (dup && (olen2 != *outlen || memcmp(out, other, olen2))) {
		snprintf(err, errlen, "the duplicate made at %ld ends in %s, the original in %s",
			 op->dup_at, prov_hex(other, olen2), prov_hex(out, *outlen));
		goto out;
	}
	ret = PE_OK;
out:
	if (ret != PE_OK) {
		/* a context that failed is not trusted with a key-less re-init */
		EVP_MAC_CTX_free(*kept);
		*kept = NULL;
	}
	ERR_clear_error();
	EVP_MAC_CTX_free(dup);
	return ret;
}
