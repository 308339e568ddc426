/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Digest stanzas. The input is a list of buffers, each repeated Count
 * times ("Ncopy = n" replaces the last buffer with n copies of itself).
 * Ways, each from a fresh context unless reuse is the point:
 *
 *   as evp_test        one update per buffer and repetition
 *   one update         the whole input at once
 *   byte by byte       1-byte updates (inputs over 1 MiB: pieces of 1, 3,
 *                      7, 61, 1021, 65537 bytes in turn)
 *   copied midway      EVP_MD_CTX_copy_ex after half; both finish
 *   re-initialised     the same context again (EVP_DigestInit_ex2 without
 *                      a digest, then with it), after a final
 *   one-call APIs      EVP_Digest and EVP_Q_digest
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "evp_data.h"

#define IN_MAX		16
#define BYTES_MAX	(1 << 20)

struct ddata {
	struct ed_buf in[IN_MAX], out;
	size_t count[IN_MAX];
	bool count_set[IN_MAX];
	int nin, pad;
	unsigned char *flat;	/* the whole input, every repetition */
	size_t total;
};

enum { D_EVP, D_ONE, D_BYTES, D_COPY, D_REINIT, D_ONECALL, D_COUNT };
static const char *const dway_names[D_COUNT] = {
	"as evp_test", "one update", "byte by byte", "copied midway", "re-initialised",
	"one-call APIs",
};

struct drun {
	const struct ddata *d;
	const char *props;
	EVP_MD *md;
	bool xof;
	char detail[256];
};

static void ddata_free(struct ddata *d)
{
	int i;

	for (i = 0; i < IN_MAX; i++)
		ed_buf_free(&d->in[i]);
	ed_buf_free(&d->out);
	free(d->flat);
}

static const struct ed_pair *ddata_parse(const struct ed_stanza *s, int first, struct ddata *d)
{
	int i, last;

	for (i = first + 1; i < s->n; i++) {
		const struct ed_pair *p = &s->p[i];
		long v = atol(p->value);

		last = d->nin - 1;
		if (!strcmp(p->key, "Input")) {
			if (d->nin == IN_MAX || !ed_bin(p->value, &d->in[d->nin]))
				return p;
			d->count[d->nin++] = 1;
		} else if (!strcmp(p->key, "Output")) {
			if (!ed_bin(p->value, &d->out))
				return p;
		} else if (!strcmp(p->key, "Count")) {
			if (last < 0 || v <= 0 || d->count_set[last])
				return p;
			d->count[last] = (size_t)v;
			d->count_set[last] = true;
		} else if (!strcmp(p->key, "Ncopy")) {
			struct ed_buf *b = &d->in[last >= 0 ? last : 0];
			unsigned char *n;
			long k;

			if (last < 0 || v <= 0 || v > 1 << 20 || !(n = malloc(b->n * (size_t)v + 1)))
				return p;
			for (k = 0; k < v; k++)
				memcpy(n + (size_t)k * b->n, b->p, b->n);
			free(b->p);
			b->p = n;
			b->n *= (size_t)v;
		} else if (!strcmp(p->key, "Padding")) {
			if ((d->pad = atoi(p->value)) <= 0)
				return p;
		} else {
			return p;
		}
	}
	return NULL;
}

static bool flatten(struct ddata *d)
{
	size_t off = 0, k;
	int i;

	for (i = 0; i < d->nin; i++)
		d->total += d->in[i].n * d->count[i];
	d->flat = malloc(d->total + 1);
	if (!d->flat)
		return false;
	for (i = 0; i < d->nin; i++)
		for (k = 0; k < d->count[i]; k++, off += d->in[i].n)
			memcpy(d->flat + off, d->in[i].p, d->in[i].n);
	return true;
}

static const char *init(struct drun *r, EVP_MD_CTX *ctx, const EVP_MD *md)
{
	int pad = r->d->pad;
	OSSL_PARAM ps[2] = { OSSL_PARAM_int(OSSL_DIGEST_PARAM_PAD_TYPE, &pad), OSSL_PARAM_END };

	if (!EVP_DigestInit_ex2(ctx, md, NULL))
		return "DIGESTINIT_ERROR";
	if (pad > 0 && EVP_MD_CTX_set_params(ctx, ps) <= 0)
		return "PARAMS_ERROR";
	return NULL;
}

static const char *update(EVP_MD_CTX *ctx, const unsigned char *p, size_t n)
{
	return EVP_DigestUpdate(ctx, p, n) ? NULL : "DIGESTUPDATE_ERROR";
}

static const char *check(struct drun *r, const unsigned char *got, size_t len)
{
	const struct ddata *d = r->d;
	long at;

	if (len != d->out.n) {
		snprintf(r->detail, sizeof(r->detail), "%zu bytes, %zu expected", len, d->out.n);
		return "DIGEST_LENGTH_MISMATCH";
	}
	if ((at = prov_diff_at(got, d->out.p, len)) >= 0) {
		snprintf(r->detail, sizeof(r->detail), "got %s, want %s", prov_hex(got, len),
			 prov_hex(d->out.p, len));
		return "DIGEST_MISMATCH";
	}
	return NULL;
}

static const char *final(struct drun *r, EVP_MD_CTX *ctx)
{
	size_t cap = r->d->out.n > EVP_MAX_MD_SIZE ? r->d->out.n : EVP_MAX_MD_SIZE;
	unsigned char *got = malloc(cap);
	unsigned int len = 0;
	const char *err;

	if (!got)
		return "TEST_FAILURE";
	if (r->xof) {
		err = EVP_DigestFinalXOF(ctx, got, r->d->out.n) ? check(r, got, r->d->out.n)
								: "DIGESTFINALXOF_ERROR";
	} else {
		err = EVP_DigestFinal_ex(ctx, got, &len) ? check(r, got, len) : "DIGESTFINAL_ERROR";
	}
	free(got);
	return err;
}

/* Updates in small pieces: bytes, or for long inputs a cycle of odd sizes. */
static const char *small_pieces(EVP_MD_CTX *ctx, const unsigned char *p, size_t n)
{
	static const size_t cycle[] = { 1, 3, 7, 61, 1021, 65537 };
	size_t off = 0, k = 0, len;
	const char *err = NULL;

	while (off < n && !err) {
		len = n <= BYTES_MAX ? 1 : cycle[k++ % 6];
		if (len > n - off)
			len = n - off;
		err = update(ctx, p + off, len);
		off += len;
	}
	return err;
}

static const char *dway(struct drun *r, int way)
{
	const struct ddata *d = r->d;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new(), *copy = NULL;
	const char *err = "TEST_FAILURE";
	unsigned char buf[EVP_MAX_MD_SIZE];
	size_t k, half = d->total / 2, qlen = 0;
	int i;

	r->detail[0] = '\0';
	if (!ctx)
		return err;
	if ((err = init(r, ctx, r->md)))
		goto out;
	switch (way) {
	case D_EVP:
		for (i = 0; i < d->nin && !err; i++)
			for (k = 0; k < d->count[i] && !err; k++)
				err = update(ctx, d->in[i].p, d->in[i].n);
		break;
	case D_ONE:
		err = update(ctx, d->flat, d->total);
		break;
	case D_BYTES:
		err = small_pieces(ctx, d->flat, d->total);
		break;
	case D_COPY:
		if ((err = update(ctx, d->flat, half)))
			break;
		copy = EVP_MD_CTX_new();
		if (!copy || !EVP_MD_CTX_copy_ex(copy, ctx)) {
			err = "CTX_COPY_ERROR";
			break;
		}
		if ((err = update(copy, d->flat + half, d->total - half)) || (err = final(r, copy)))
			break;
		err = update(ctx, d->flat + half, d->total - half);
		break;
	case D_REINIT:
		/* a first run, then the same context twice more */
		if ((err = update(ctx, d->flat, d->total)) || (err = final(r, ctx)))
			break;
		if (!EVP_DigestInit_ex2(ctx, NULL, NULL)) {
			err = "DIGESTINIT_ERROR";
			break;
		}
		if ((err = update(ctx, d->flat, half)) ||
		    (err = update(ctx, d->flat + half, d->total - half)) || (err = final(r, ctx)))
			break;
		if (!(err = init(r, ctx, r->md)))
			err = update(ctx, d->flat, d->total);
		break;
	default:
		/* the one-call APIs cannot pass the padding type or an XOF length */
		if (d->pad > 0 || r->xof)
			goto out;
		if (!EVP_Digest(d->flat, d->total, buf, NULL, r->md, NULL)) {
			err = "EVP_Digest failed";
			goto out;
		}
		if ((err = check(r, buf, (size_t)EVP_MD_get_size(r->md))))
			goto out;
		if (!EVP_Q_digest(NULL, EVP_MD_get0_name(r->md), r->props, d->flat, d->total, buf,
				  &qlen)) {
			err = "EVP_Q_digest failed";
			goto out;
		}
		err = check(r, buf, qlen);
		goto out;
	}
	if (!err)
		err = final(r, ctx);
out:
	if (err && !r->detail[0])
		snprintf(r->detail, sizeof(r->detail), "%s", prov_err_reason());
	ERR_clear_error();
	EVP_MD_CTX_free(copy);
	EVP_MD_CTX_free(ctx);
	return err;
}

void ed_run_digest(const struct ed_stanza *s, int first, const char *expect,
		   const struct prov_side *side, struct ed_outcome *o)
{
	struct ddata d = { 0 };
	struct drun r = { .d = &d, .props = side->props };
	const struct ed_pair *bad;
	int w, ok = 0, erred = 0;
	char what[64];

	ERR_set_mark();
	r.md = EVP_MD_fetch(NULL, s->p[first].value, side->props);
	ERR_pop_to_mark();
	if (!r.md) {
		o->st = ED_NOT_SERVED;
		return;
	}
	snprintf(o->alg, sizeof(o->alg), "%s", EVP_MD_get0_name(r.md));
	if ((bad = ddata_parse(s, first, &d))) {
		ed_skip(o, "line %d: %s = %.40s is not understood", bad->line, bad->key, bad->value);
		o->unparsed = true;
		goto out;
	}
	if (!flatten(&d)) {
		ed_skip(o, "out of memory");
		goto out;
	}
	r.xof = EVP_MD_get_flags(r.md) & EVP_MD_FLAG_XOF;
	o->st = ED_PASS;
	for (w = 0; w < D_COUNT; w++) {
		const char *err = dway(&r, w);

		o->ways++;
		snprintf(what, sizeof(what), "%s", dway_names[w]);
		if (!expect || (err && strcmp(err, expect))) {
			if (!ed_expect(o, what, err, r.detail, expect))
				break;
			continue;
		}
		ok += !err;
		erred += !!err;
		if (ok && erred) {
			ed_fail(o, "%s: the ways disagree (some succeed, some give %s)", what, expect);
			break;
		}
	}
	if (o->st == ED_PASS && expect && !erred)
		ed_expect(o, "every way", NULL, NULL, expect);
out:
	ddata_free(&d);
	EVP_MD_free(r.md);
}
