/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The random cases of prov_cross_test. Each picks a message length (0..64
 * half the time, up to 4 KiB a third of it, else up to --max-len), a key
 * (the previous one half the time, so re-inits keep it), an IV, the
 * mode's variant (padding, CTS flavour, GCM and CCM IV and tag lengths,
 * AAD), update splits that include empty and 1-byte pieces, and for a
 * third of the cases a context copy midway that must end like its
 * original; runs it through target and reference, both directions, and
 * compares. An AEAD case then tampers with the tag or the ciphertext: both
 * must refuse.
 *
 * What the reference lacks (SM4-GCM, SM4-CCM in Debian's OpenSSL) is
 * checked against itself: another split and a fresh context must agree,
 * and decryption must give the message back. With no software path to
 * fall back on, such an algorithm is held to its interoperable profile
 * (RFC 8998: 12-byte GCM IVs; tags of 8 bytes or more, AAD up to 4 KiB),
 * where it must refuse nothing; a MAC over it the target refuses at init
 * is counted as refused (not served in that combination).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include "prov_cross.h"

#define MAX_PIECES 8

static bool report(const struct xrun *x, struct xalg *a, long n, const char *params,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bool report(const struct xrun *x, struct xalg *a, long n, const char *params,
		   const char *fmt, ...)
{
	va_list ap;

	a->fails++;
	if (a->fails > 5)
		return false;	/* one algorithm's flood would hide the others */
	fprintf(stderr, "FAIL %s case %ld: ", a->name, n);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n    %s\n    repeat: --seed %llu --only '%s'\n", params, x->seed, a->name);
	return false;
}

static size_t rand_len(struct prov_rng *g, size_t max)
{
	uint32_t r = prov_rng_below(g, 6);
	size_t cap = r < 3 ? 64 : r < 5 ? 4096 : max;

	if (cap > max)
		cap = max;
	return prov_rng_below(g, (uint32_t)cap + 1);
}

/* Up to MAX_PIECES - 1 cuts: empty and 1-byte pieces, small ones, big ones. */
static struct pe_split rand_split(struct prov_rng *g, size_t len, size_t *cuts)
{
	struct pe_split s = { cuts, 0 };
	int want = (int)prov_rng_below(g, MAX_PIECES);
	size_t pos = 0, step;

	while (s.n < want) {
		switch (prov_rng_below(g, 4)) {
		case 0:
			step = 0;
			break;
		case 1:
			step = 1;
			break;
		case 2:
			step = prov_rng_below(g, 33);
			break;
		default:
			step = prov_rng_below(g, (uint32_t)(len - pos) + 1);
		}
		pos = pos + step > len ? len : pos + step;
		cuts[s.n++] = pos;
	}
	return s;
}

static const char *split_str(struct pe_split s, char *buf, size_t cap)
{
	size_t n = 0;
	int i;

	n += (size_t)snprintf(buf, cap, "[");
	for (i = 0; i < s.n && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, i ? " %zu" : "%zu", s.cuts[i]);
	if (n < cap)
		snprintf(buf + n, cap - n, "]");
	return buf;
}

/* The key: the previous one half the time (XTS: its halves must differ). */
static void rand_key(struct prov_rng *g, struct xalg *a, unsigned char *key, size_t klen,
		     bool xts)
{
	if (a->last_klen == klen && prov_rng_below(g, 2)) {
		memcpy(key, a->last_key, klen);
		return;
	}
	do
		prov_rng_fill(g, key, klen);
	while (xts && !memcmp(key, key + klen / 2, klen / 2));
	memcpy(a->last_key, key, klen);
	a->last_klen = klen;
}

/*
 * xc_cipher. A copy refused cleanly is a difference an application sees
 * as an error (EVP_CIPHER_CTX_copy may fail); it is noted once per
 * algorithm and counted, and the operation runs again without the copy.
 */
static int run_op(struct xalg *a, struct xc_state *st, struct xc_op *op, size_t *outlen, char *e,
		  size_t elen, const char *side)
{
	int r = xc_cipher(st, op, outlen, e, elen);

	if (r != PE_NOCOPY)
		return r;
	if (!a->nocopy++)
		fprintf(stderr, "note %s: %s refuses EVP_CIPHER_CTX_copy mid-message (%s); such "
			"cases run again without the copy\n", a->name, side, e);
	op->copy = false;
	r = xc_cipher(st, op, outlen, e, elen);
	op->copy = true;
	return r;
}

bool x_cipher_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n)
{
	EVP_CIPHER *c = a->c[XT];
	int mode = EVP_CIPHER_get_mode(c);
	bool ccm = mode == EVP_CIPH_CCM_MODE, gcm = mode == EVP_CIPH_GCM_MODE;
	bool aead = ccm || gcm, xts = mode == EVP_CIPH_XTS_MODE;
	bool cts = EVP_CIPHER_get_flags(c) & EVP_CIPH_FLAG_CTS, whole = ccm || xts || cts;
	size_t blk = (size_t)EVP_CIPHER_get_block_size(c), len = rand_len(g, x->max_len);
	size_t cuts[3][MAX_PIECES], ctlen = 0, ptlen = 0, ctlen2 = 0;
	unsigned char key[64], iv[64], tag[16], tag2[16], ttag[16];
	unsigned char *in = NULL, *ct = NULL, *ct2 = NULL, *pt = NULL, *aad = NULL;
	static const char *const ctss[] = { "CS1", "CS2", "CS3" };
	struct xc_op op = { 0 };
	char params[400], e1[400] = "", e2[400] = "", sp[3][160];
	bool ok = false, ref = a->c[XR] != NULL;
	int rt, rr;

	op.klen = (size_t)EVP_CIPHER_get_key_length(c);
	op.ivlen = (size_t)EVP_CIPHER_get_iv_length(c);
	if ((mode == EVP_CIPH_ECB_MODE || mode == EVP_CIPH_CBC_MODE) && !cts)
		op.pad = prov_rng_below(g, 2);
	if ((mode == EVP_CIPH_ECB_MODE || mode == EVP_CIPH_CBC_MODE) && !cts && !op.pad)
		len -= len % blk;
	if (cts)
		op.cts = ctss[prov_rng_below(g, 3)];
	if ((cts || xts) && len < 16)
		len = 16 + prov_rng_below(g, 48);
	if (gcm) {
		static const size_t tags[] = { 4, 8, 12, 13, 14, 15, 16 };

		if (!prov_rng_below(g, 4) && ref)
			op.ivlen = 1 + prov_rng_below(g, 64);
		op.taglen = prov_rng_below(g, 4) ? 16 : tags[(ref ? 0 : 1) + prov_rng_below(g, ref ? 7 : 6)];
		op.aadlen = rand_len(g, ref ? x->max_len : 4096);
	}
	if (ccm) {
		size_t l;

		op.ivlen = 7 + prov_rng_below(g, 7);
		op.taglen = 4 + 2 * prov_rng_below(g, 7);
		l = 15 - op.ivlen;	/* bytes of the length field: the largest message */
		if (l < 3 && len >= (size_t)1 << (8 * l))
			len = ((size_t)1 << (8 * l)) - 1;
		op.aadlen = prov_rng_below(g, 2) ? 0 : rand_len(g, 4096);
	}
	rand_key(g, a, key, op.klen, xts);
	prov_rng_fill(g, iv, op.ivlen);
	in = malloc(len + 1);
	ct = malloc(len + 2 * 32);
	ct2 = malloc(len + 2 * 32);
	pt = malloc(len + 2 * 32);
	aad = malloc(op.aadlen + 1);
	if (!in || !ct || !ct2 || !pt || !aad) {
		report(x, a, n, "", "out of memory");
		goto out;
	}
	prov_rng_fill(g, in, len);
	prov_rng_fill(g, aad, op.aadlen);
	op.key = key;
	op.iv = iv;
	op.aad = aad;
	op.split = whole ? (struct pe_split){ NULL, 0 } : rand_split(g, len, cuts[0]);
	op.aad_split = gcm ? rand_split(g, op.aadlen, cuts[1]) : (struct pe_split){ NULL, 0 };
	/* a third of the cases copy the context midway (not where the input goes whole) */
	op.copy = !whole && !prov_rng_below(g, 3);
	op.copy_at = op.copy ? prov_rng_below(g, (uint32_t)len + 1) : 0;
	snprintf(params, sizeof(params),
		 "len %zu, key %s, iv %s (%zu bytes), pad %d, cts %s, aad %zu bytes, tag %zu bytes, "
		 "split %s, aad split %s, copy at %ld", len, prov_hex(key, op.klen),
		 prov_hex(iv, op.ivlen), op.ivlen, op.pad, op.cts ? op.cts : "-", op.aadlen,
		 op.taglen, split_str(op.split, sp[0], sizeof(sp[0])),
		 split_str(op.aad_split, sp[1], sizeof(sp[1])), op.copy ? (long)op.copy_at : -1L);

	/* encrypt on both (each keeps or re-creates its context at random) */
	op.enc = 1;
	op.in = in;
	op.len = len;
	op.out = ct;
	op.tag = tag;
	op.reuse = prov_rng_below(g, 2);
	rt = run_op(a, &a->st[XT][1], &op, &ctlen, e1, sizeof(e1), x->o->target.name);
	op.out = ct2;
	op.tag = tag2;
	if (ref) {
		op.reuse = prov_rng_below(g, 2);
		rr = run_op(a, &a->st[XR][1], &op, &ctlen2, e2, sizeof(e2), x->o->ref.name);
	} else {
		/* alone: a fresh context and another split must agree */
		struct xc_state fresh = { .c = c };

		if (!whole)
			op.split = rand_split(g, len, cuts[2]);
		rr = run_op(a, &fresh, &op, &ctlen2, e2, sizeof(e2), x->o->target.name);
		xc_state_free(&fresh);
	}
	if (rt != PE_OK || rr != PE_OK) {
		if (rt != PE_OK && rr != PE_OK && ref)
			goto both_refuse;
		report(x, a, n, params, "encryption: %s: %s; %s: %s", x->o->target.name,
		       rt == PE_OK ? "ok" : e1, ref ? x->o->ref.name : "again", rr == PE_OK ? "ok" : e2);
		goto out;
	}
	if (ctlen != ctlen2 || memcmp(ct, ct2, ctlen) || (aead && memcmp(tag, tag2, op.taglen))) {
		long at = prov_diff_at(ct, ct2, ctlen < ctlen2 ? ctlen : ctlen2);

		report(x, a, n, params, "ciphertexts differ (%zu and %zu bytes, first at %ld): %s vs %s"
		       "; tags %s vs %s", ctlen, ctlen2, at, prov_hex(ct + (at < 0 ? 0 : at), 16),
		       prov_hex(ct2 + (at < 0 ? 0 : at), 16), prov_hex(tag, op.taglen),
		       prov_hex(tag2, op.taglen));
		goto out;
	}

	/* decrypt on both, fed differently */
	op.enc = 0;
	op.in = ct;
	op.len = ctlen;
	op.out = pt;
	op.tag = tag;
	op.split = whole ? (struct pe_split){ NULL, 0 } : rand_split(g, ctlen, cuts[0]);
	op.aad_split = gcm ? rand_split(g, op.aadlen, cuts[1]) : (struct pe_split){ NULL, 0 };
	for (rt = XT; rt <= (ref ? XR : XT); rt++) {
		op.reuse = prov_rng_below(g, 2);
		rr = run_op(a, &a->st[rt][0], &op, &ptlen, e1, sizeof(e1),
			    rt == XT ? x->o->target.name : x->o->ref.name);
		if (rr != PE_OK || ptlen != len || memcmp(pt, in, len)) {
			report(x, a, n, params, "decryption on %s (split %s): %s",
			       rt == XT ? x->o->target.name : x->o->ref.name,
			       split_str(op.split, sp[2], sizeof(sp[2])),
			       rr == PE_AUTH ? "the tag did not verify" :
			       rr != PE_OK ? e1 : ptlen != len ? "wrong length" : "wrong plaintext");
			goto out;
		}
	}

	/* AEAD: a flipped bit in the tag or the ciphertext must be refused by both */
	if (aead) {
		memcpy(ttag, tag, op.taglen);
		if (ctlen && prov_rng_below(g, 2))
			ct[prov_rng_below(g, (uint32_t)ctlen)] ^= (unsigned char)(1u << prov_rng_below(g, 8));
		else
			ttag[prov_rng_below(g, (uint32_t)op.taglen)] ^= (unsigned char)(1u << prov_rng_below(g, 8));
		op.tag = ttag;
		for (rt = XT; rt <= (ref ? XR : XT); rt++) {
			op.reuse = prov_rng_below(g, 2);
			rr = run_op(a, &a->st[rt][0], &op, &ptlen, e1, sizeof(e1),
				    rt == XT ? x->o->target.name : x->o->ref.name);
			if (rr != PE_AUTH) {
				report(x, a, n, params, "a tampered message on %s: %s",
				       rt == XT ? x->o->target.name : x->o->ref.name,
				       rr == PE_OK ? "accepted" : e1);
				goto out;
			}
		}
	}
	ok = true;
	goto out;
both_refuse:
	/* the same refusal on both sides is agreement (a length CCM cannot take) */
	if (x->verbose)
		fprintf(stderr, "note %s case %ld: both refuse: %s / %s\n    %s\n", a->name, n, e1,
			e2, params);
	a->refused++;
	ok = true;
out:
	a->cases++;
	a->bytes += (long)len;
	a->alone += !ref;
	free(in);
	free(ct);
	free(ct2);
	free(pt);
	free(aad);
	return ok;
}

bool x_digest_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n)
{
	size_t len = rand_len(g, x->max_len), cuts[2][MAX_PIECES], ol[2] = { 0, 0 };
	unsigned char *in = malloc(len + 1), out[2][EVP_MAX_MD_SIZE];
	char e[2][400] = { "", "" }, params[300], sp[2][160];
	struct pe_split s[2];
	long copy_at = prov_rng_below(g, 3) ? -1 : (long)prov_rng_below(g, (uint32_t)len + 1);
	bool ok = false;
	int side, r[2];

	if (!in)
		return report(x, a, n, "", "out of memory");
	prov_rng_fill(g, in, len);
	s[XT] = rand_split(g, len, cuts[0]);
	s[XR] = rand_split(g, len, cuts[1]);
	snprintf(params, sizeof(params), "len %zu, splits %s / %s, copied at %ld", len,
		 split_str(s[XT], sp[0], sizeof(sp[0])), split_str(s[XR], sp[1], sizeof(sp[1])),
		 copy_at);
	for (side = XT; side <= XR; side++)
		r[side] = xc_digest(&a->dctx[side], a->md[side], in, len, s[side],
				    side == XT ? copy_at : -1, out[side], &ol[side], e[side],
				    sizeof(e[side]));
	if (r[XT] != PE_OK || r[XR] != PE_OK)
		report(x, a, n, params, "%s: %s; %s: %s", x->o->target.name, r[XT] ? e[XT] : "ok",
		       x->o->ref.name, r[XR] ? e[XR] : "ok");
	else if (ol[XT] != ol[XR] || memcmp(out[XT], out[XR], ol[XT]))
		report(x, a, n, params, "digests differ: %s vs %s", prov_hex(out[XT], ol[XT]),
		       prov_hex(out[XR], ol[XR]));
	else
		ok = true;
	a->cases++;
	a->bytes += (long)len;
	free(in);
	return ok;
}

bool x_mac_case(const struct xrun *x, struct xalg *a, struct prov_rng *g, long n)
{
	bool gmac = !strcmp(EVP_MAC_get0_name(a->mac[XT]), "GMAC"), ok = false;
	bool hmac = !strcmp(EVP_MAC_get0_name(a->mac[XT]), "HMAC"), ref = a->mac[XR] != NULL;
	size_t len = rand_len(g, x->max_len), cuts[2][MAX_PIECES], ol[2] = { 0, 0 }, klen, ivlen;
	unsigned char *in = malloc(len + 1), out[2][EVP_MAX_MD_SIZE], key[200], iv[64];
	char e[2][400] = { "", "" }, params[400], sp[2][160];
	OSSL_PARAM full[2][4], re[2];
	int side, r[2];

	if (!in)
		return report(x, a, n, "", "out of memory");
	klen = !hmac ? a->sub_klen :
	       prov_rng_below(g, 4) ? 1 + prov_rng_below(g, 64) : prov_rng_below(g, 200);
	ivlen = gmac ? (prov_rng_below(g, 4) ? 12 : 1 + prov_rng_below(g, 64)) : 0;
	/* the previous key half the time: a kept context may then go on with it */
	if (a->mac_klen[XT] == klen && a->mac_keyed[XT] && prov_rng_below(g, 2))
		memcpy(key, a->mac_key[XT], klen);
	else
		prov_rng_fill(g, key, klen);
	prov_rng_fill(g, iv, ivlen);
	prov_rng_fill(g, in, len);
	for (side = XT; side <= XR; side++) {
		OSSL_PARAM *p = full[side];
		const struct prov_side *sd = side == XT ? &x->o->target : &x->o->ref;

		*p++ = OSSL_PARAM_construct_utf8_string(a->sub_param, a->sub, 0);
		if (sd->inner_props)
			*p++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_PROPERTIES,
								(char *)sd->props, 0);
		if (gmac)
			*p++ = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, iv, ivlen);
		*p = OSSL_PARAM_construct_end();
	}
	re[0] = gmac ? OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, iv, ivlen) :
		       OSSL_PARAM_construct_end();
	re[1] = OSSL_PARAM_construct_end();
	for (side = XT; side <= (ref ? XR : XT); side++) {
		/* half the time the kept context re-initialises with the key it holds */
		bool keep = a->mac_keyed[side] && a->mctx[side] && a->mac_klen[side] == klen &&
			    !memcmp(key, a->mac_key[side], klen) && prov_rng_below(g, 2);
		struct xm_op op = { .params = keep ? re : full[side], .key = keep ? NULL : key,
				    .klen = keep ? 0 : klen, .in = in, .len = len,
				    .split = rand_split(g, len, cuts[side]),
				    .dup_at = prov_rng_below(g, 3) ? -1 :
					      (long)prov_rng_below(g, (uint32_t)len + 1) };

		snprintf(params, sizeof(params), "%s, key %s (%zu bytes, %s), iv %s, len %zu, "
			 "split %s, dup at %ld", a->sub, prov_hex(key, klen), klen,
			 keep ? "kept" : "set", prov_hex(iv, ivlen), len,
			 split_str(op.split, sp[side], sizeof(sp[side])), op.dup_at);
		r[side] = xc_mac(&a->mctx[side], a->mac[side], &op, out[side], &ol[side], e[side],
				 sizeof(e[side]));
		if (r[side] != PE_OK && !ref && !strncmp(e[side], "init", 4)) {
			/* nothing to compare with, and the target does not take it */
			if (!a->refused++)
				fprintf(stderr, "note %s: %s refuses it (%s); no reference to "
					"compare with: not checked\n", a->name, x->o->target.name,
					e[side]);
			ok = true;
			goto out;
		}
		a->mac_keyed[side] = r[side] == PE_OK;
		memcpy(a->mac_key[side], key, klen);
		a->mac_klen[side] = klen;
		if (r[side] != PE_OK) {
			report(x, a, n, params, "%s: %s",
			       side == XT ? x->o->target.name : x->o->ref.name, e[side]);
			goto out;
		}
	}
	if (ref && (ol[XT] != ol[XR] || memcmp(out[XT], out[XR], ol[XT]))) {
		report(x, a, n, params, "MACs differ: %s vs %s", prov_hex(out[XT], ol[XT]),
		       prov_hex(out[XR], ol[XR]));
		goto out;
	}
	ok = true;
out:
	a->cases++;
	a->bytes += (long)len;
	a->alone += !ref;
	free(in);
	return ok;
}
