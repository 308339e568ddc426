/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MAC stanzas through EVP_MAC. "Algorithm" is the MAC's cipher or digest
 * (whichever parameter the MAC declares), "Ctrl = name:value" any other
 * parameter, in text as OSSL_PARAM_allocate_from_text reads it. Ways:
 *
 *   one-shot           init, one update, final; then re-initialised
 *                      without a key (evp_test's): the same MAC again, or
 *                      a refusal when the stanza says NoReinit
 *   pieces             updates of 1, n-2, 1 bytes
 *   byte by byte       1-byte updates
 *   duplicated midway  EVP_MAC_CTX_dup after half; both finish
 *   re-keyed           the same context keyed with another key and run,
 *                      then with the stanza's key, twice
 *   one call           EVP_Q_mac
 *
 * A stanza "MAC = X by EVP_PKEY" is for the EVP_PKEY bridge, not run here.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "evp_data.h"

#define CTRL_MAX	16
#define PARAM_MAX	(CTRL_MAX + 8)

struct mdata {
	const char *alg;
	struct ed_buf key, iv, custom, salt, in, out;
	const char *ctrl[CTRL_MAX];
	int nctrl, xof, no_reinit, output_size, block_size;
};

enum { M_ONESHOT, M_PIECES, M_BYTES, M_DUP, M_REKEY, M_ONECALL, M_COUNT };
static const char *const mway_names[M_COUNT] = {
	"one-shot (and re-initialised)", "pieces 1/n-2/1", "byte by byte", "duplicated midway",
	"re-keyed", "EVP_Q_mac",
};

struct mrun {
	const struct mdata *d;
	const struct prov_side *side;
	EVP_MAC *mac;
	OSSL_PARAM ps[PARAM_MAX];
	int nps, nalloc_from;	/* ps[nalloc_from..nps) were allocated */
	size_t size_ctrl;	/* a "size" Ctrl's value */
	char detail[256];
};

static void mdata_free(struct mdata *d)
{
	ed_buf_free(&d->key);
	ed_buf_free(&d->iv);
	ed_buf_free(&d->custom);
	ed_buf_free(&d->salt);
	ed_buf_free(&d->in);
	ed_buf_free(&d->out);
}

static const struct ed_pair *mdata_parse(const struct ed_stanza *s, int first, struct mdata *d)
{
	static const struct {
		const char *key;
		size_t off;
	} bins[] = {
		{ "Key", offsetof(struct mdata, key) },	{ "IV", offsetof(struct mdata, iv) },
		{ "Custom", offsetof(struct mdata, custom) }, { "Salt", offsetof(struct mdata, salt) },
		{ "Input", offsetof(struct mdata, in) },	{ "Output", offsetof(struct mdata, out) },
	};
	size_t k;
	int i;

	d->output_size = d->block_size = -1;
	for (i = first + 1; i < s->n; i++) {
		const struct ed_pair *p = &s->p[i];

		for (k = 0; k < sizeof(bins) / sizeof(bins[0]); k++)
			if (!strcmp(p->key, bins[k].key))
				break;
		if (k < sizeof(bins) / sizeof(bins[0])) {
			if (!ed_bin(p->value, (struct ed_buf *)((char *)d + bins[k].off)))
				return p;
		} else if (!strcmp(p->key, "Algorithm")) {
			d->alg = p->value;
		} else if (!strcmp(p->key, "XOF")) {
			d->xof = 1;
		} else if (!strcmp(p->key, "NoReinit")) {
			d->no_reinit = 1;
		} else if (!strcmp(p->key, "Ctrl")) {
			if (d->nctrl == CTRL_MAX)
				return p;
			d->ctrl[d->nctrl++] = p->value;
		} else if (!strcmp(p->key, "OutputSize")) {
			d->output_size = atoi(p->value);
		} else if (!strcmp(p->key, "BlockSize")) {
			d->block_size = atoi(p->value);
		} else {
			return p;
		}
	}
	return NULL;
}

/* The init parameters, as evp_test builds them; NULL or an error name. */
static const char *params(struct mrun *r)
{
	const OSSL_PARAM *known = EVP_MAC_settable_ctx_params(r->mac);
	const struct mdata *d = r->d;
	int i;

	if (d->alg) {
		const char *which = OSSL_PARAM_locate_const(known, OSSL_MAC_PARAM_CIPHER) ?
				    OSSL_MAC_PARAM_CIPHER :
				    OSSL_PARAM_locate_const(known, OSSL_MAC_PARAM_DIGEST) ?
				    OSSL_MAC_PARAM_DIGEST : NULL;

		if (!which)
			return "MAC_BAD_PARAMS";
		r->ps[r->nps++] = OSSL_PARAM_construct_utf8_string(which, (char *)d->alg, 0);
		if (r->side->inner_props && OSSL_PARAM_locate_const(known, OSSL_MAC_PARAM_PROPERTIES))
			r->ps[r->nps++] = OSSL_PARAM_construct_utf8_string(
				OSSL_MAC_PARAM_PROPERTIES, (char *)r->side->props, 0);
	}
	if (d->custom.p)
		r->ps[r->nps++] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_CUSTOM,
								    d->custom.p, d->custom.n);
	if (d->salt.p)
		r->ps[r->nps++] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_SALT, d->salt.p,
								    d->salt.n);
	if (d->iv.p)
		r->ps[r->nps++] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, d->iv.p,
								    d->iv.n);
	r->nalloc_from = r->nps;
	for (i = 0; i < d->nctrl; i++) {
		char name[64];
		const char *colon = strchr(d->ctrl[i], ':');
		size_t nl = colon ? (size_t)(colon - d->ctrl[i]) : 0;

		if (!colon || nl >= sizeof(name))
			return "MAC_PARAM_ERROR";
		memcpy(name, d->ctrl[i], nl);
		name[nl] = '\0';
		if (!OSSL_PARAM_allocate_from_text(&r->ps[r->nps], known, name, colon + 1,
						   strlen(colon + 1), NULL))
			return "MAC_PARAM_ERROR";
		r->nps++;
		if (!strcmp(name, "size"))
			r->size_ctrl = strtoul(colon + 1, NULL, 0);
	}
	r->ps[r->nps] = OSSL_PARAM_construct_end();
	return NULL;
}

static const char *init(struct mrun *r, EVP_MAC_CTX *ctx, const unsigned char *key)
{
	const struct mdata *d = r->d;
	int out_size = -1, block_size = -1;
	OSSL_PARAM sizes[3], *p = sizes;
	size_t size;

	if (!EVP_MAC_init(ctx, key, d->key.n, r->ps))
		return "MAC_INIT_ERROR";
	size = EVP_MAC_CTX_get_mac_size(ctx);
	if (!size || (r->size_ctrl && size != r->size_ctrl)) {
		snprintf(r->detail, sizeof(r->detail), "MAC size %zu", size);
		return "MAC SIZE check failed";
	}
	if (d->output_size >= 0)
		*p++ = OSSL_PARAM_construct_int(OSSL_MAC_PARAM_SIZE, &out_size);
	if (d->block_size >= 0)
		*p++ = OSSL_PARAM_construct_int(OSSL_MAC_PARAM_BLOCK_SIZE, &block_size);
	*p = OSSL_PARAM_construct_end();
	if (p != sizes) {
		if (!EVP_MAC_CTX_get_params(ctx, sizes))
			return "INTERNAL_ERROR";
		if ((d->output_size >= 0 && out_size != d->output_size) ||
		    (d->block_size >= 0 && block_size != d->block_size)) {
			snprintf(r->detail, sizeof(r->detail), "size %d, block size %d", out_size,
				 block_size);
			return "TEST_FAILURE";
		}
	}
	return NULL;
}

static const char *feed(EVP_MAC_CTX *ctx, const unsigned char *p, size_t n, int way)
{
	size_t i;

	if (way == M_BYTES) {
		for (i = 0; i < n; i++)
			if (!EVP_MAC_update(ctx, p + i, 1))
				return "MAC_UPDATE_ERROR";
		return NULL;
	}
	if (way == M_PIECES && n > 2) {
		if (!EVP_MAC_update(ctx, p, 1) || !EVP_MAC_update(ctx, p + 1, n - 2) ||
		    !EVP_MAC_update(ctx, p + n - 1, 1))
			return "MAC_UPDATE_ERROR";
		return NULL;
	}
	return EVP_MAC_update(ctx, p, n) ? NULL : "MAC_UPDATE_ERROR";
}

static const char *check(struct mrun *r, const unsigned char *got, size_t len)
{
	const struct mdata *d = r->d;

	if (len != d->out.n || prov_diff_at(got, d->out.p, len) >= 0) {
		snprintf(r->detail, sizeof(r->detail), "got %s, want %s", prov_hex(got, len),
			 prov_hex(d->out.p, d->out.n));
		return "TEST_MAC_ERR";
	}
	return NULL;
}

static const char *final(struct mrun *r, EVP_MAC_CTX *ctx)
{
	size_t len = 0, cap = r->d->out.n > 64 ? r->d->out.n : 64;
	unsigned char *got = malloc(cap);
	const char *err;

	if (!got)
		return "TEST_FAILURE";
	if (r->d->xof)
		err = EVP_MAC_finalXOF(ctx, got, r->d->out.n) ? check(r, got, r->d->out.n) :
								"MAC_FINAL_ERROR";
	else if (!EVP_MAC_final(ctx, NULL, &len, 0) || len > cap)
		err = "MAC_FINAL_LENGTH_ERROR";
	else
		err = EVP_MAC_final(ctx, got, &len, cap) ? check(r, got, len) : "MAC_FINAL_ERROR";
	free(got);
	return err;
}

/* evp_test's re-initialisation: no key, the IV again if there is one. */
static const char *reinit(struct mrun *r, EVP_MAC_CTX *ctx)
{
	const struct mdata *d = r->d;
	OSSL_PARAM iv[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	const char *err;

	if (d->iv.p)
		iv[0] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, d->iv.p, d->iv.n);
	if (!EVP_MAC_init(ctx, NULL, 0, iv)) {
		if (d->no_reinit)
			return NULL;
		return "MAC_REINIT_ERROR";
	}
	if (d->no_reinit)
		return "MAC_REINIT_SHOULD_FAIL";
	if ((err = feed(ctx, d->in.p, d->in.n, M_ONESHOT)))
		return err;
	return final(r, ctx);
}

static const char *mway(struct mrun *r, int way)
{
	const struct mdata *d = r->d;
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(r->mac), *dup = NULL;
	unsigned char *other = malloc(d->key.n + 1), out[EVP_MAX_MD_SIZE];
	size_t half = d->in.n / 2, i, qlen = 0;
	const char *err = "MAC_CREATE_ERROR";

	r->detail[0] = '\0';
	if (!ctx || !other)
		goto out;
	if (way == M_ONECALL) {
		err = NULL;
		if (d->xof || d->out.n > sizeof(out))
			goto out;
		if (!EVP_Q_mac(NULL, EVP_MAC_get0_name(r->mac), r->side->props, d->alg, r->ps,
			       d->key.p, d->key.n, d->in.p, d->in.n, out, sizeof(out), &qlen))
			err = "EVP_Q_mac failed";
		else
			err = check(r, out, qlen);
		goto out;
	}
	if (way == M_REKEY && d->key.p) {
		for (i = 0; i < d->key.n; i++)
			other[i] = (unsigned char)~d->key.p[i];
		if (!init(r, ctx, other) && !feed(ctx, d->in.p, d->in.n, way))
			final(r, ctx);
		ERR_clear_error();
		r->detail[0] = '\0';
	}
	if ((err = init(r, ctx, d->key.p)))
		goto out;
	if (way == M_DUP) {
		if ((err = feed(ctx, d->in.p, half, way)))
			goto out;
		dup = EVP_MAC_CTX_dup(ctx);
		if (!dup) {
			err = "CTX_DUP_ERROR";
			goto out;
		}
		if ((err = feed(dup, d->in.p + half, d->in.n - half, way)) || (err = final(r, dup)))
			goto out;
		if ((err = feed(ctx, d->in.p + half, d->in.n - half, way)))
			goto out;
	} else if ((err = feed(ctx, d->in.p, d->in.n, way))) {
		goto out;
	}
	if ((err = final(r, ctx)))
		goto out;
	if (way == M_ONESHOT)
		err = reinit(r, ctx);
	if (way == M_REKEY && !(err = init(r, ctx, d->key.p)) &&
	    !(err = feed(ctx, d->in.p, d->in.n, way)))
		err = final(r, ctx);
out:
	if (err && !r->detail[0])
		snprintf(r->detail, sizeof(r->detail), "%s", prov_err_reason());
	ERR_clear_error();
	EVP_MAC_CTX_free(dup);
	EVP_MAC_CTX_free(ctx);
	free(other);
	return err;
}

void ed_run_mac(const struct ed_stanza *s, int first, const char *expect,
		const struct prov_side *side, struct ed_outcome *o)
{
	struct mdata d = { 0 };
	struct mrun r = { .d = &d, .side = side };
	const struct ed_pair *bad;
	const char *err;
	int w;

	if (strstr(s->p[first].value, " by EVP_PKEY")) {
		ed_skip(o, "the EVP_PKEY MAC bridge is not run by this harness");
		return;
	}
	ERR_set_mark();
	r.mac = EVP_MAC_fetch(NULL, s->p[first].value, side->props);
	ERR_pop_to_mark();
	if (!r.mac) {
		o->st = ED_NOT_SERVED;
		return;
	}
	snprintf(o->alg, sizeof(o->alg), "%s", EVP_MAC_get0_name(r.mac));
	if ((bad = mdata_parse(s, first, &d))) {
		ed_skip(o, "line %d: %s = %.40s is not understood", bad->line, bad->key, bad->value);
		o->unparsed = true;
		goto out;
	}
	o->st = ED_PASS;
	if ((err = params(&r))) {
		ed_expect(o, "parameters", err, prov_err_reason(), expect);
		goto out;
	}
	/* a stanza that expects an error: evp_test's way, which stops there */
	for (w = 0; w < (expect ? 1 : M_COUNT); w++) {
		char what[64];

		err = mway(&r, w);
		o->ways++;
		snprintf(what, sizeof(what), "%s", mway_names[w]);
		if (!ed_expect(o, what, err, r.detail, expect))
			break;
	}
out:
	while (r.nps > r.nalloc_from)
		OPENSSL_free(r.ps[--r.nps].data);
	mdata_free(&d);
	EVP_MAC_free(r.mac);
}
