/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cipher stanzas, run in the ways OpenSSL's evp_test runs them and a few
 * more, each way from a fresh context (except where the way is reuse):
 *
 *   one-shot           one update for the AAD pieces, one for the data
 *   in place           output over the input
 *   misaligned         input and output one byte off their allocations
 *   fragmented A       data and each AAD as 1, n-2, 1 bytes (evp_test's)
 *   fragmented B       1, 1, the rest
 *   copied midway      EVP_CIPHER_CTX_copy after half the data; both the
 *                      copy and the original finish, both must be right
 *   re-initialised     keyed with another key and run, then re-keyed with
 *                      the stanza's key, then re-initialised with the IV
 *                      only: every run on the same context must be right
 *   tampered tag       AEAD decryption with one tag bit flipped must fail
 *
 * As in evp_test, modes that take their input whole (CCM, XTS, CBC-CTS,
 * wrap, SIV, stitched) are not fragmented, and their copy is taken before
 * the data. Errors are named as evp_test names them (CIPHERFINAL_ERROR ...)
 * so that a stanza's "Result = " compares with them.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "evp_data.h"

#define AAD_MAX 8

struct cdata {
	struct ed_buf key, iv, next_iv, pt, ct, tag, mac_key, aad[AAD_MAX];
	int naad, enc, tls_aad, tag_late, rounds, key_bits;
	const char *cts_mode;
};

enum way { W_ONESHOT, W_INPLACE, W_MISALIGN, W_FRAG_A, W_FRAG_B, W_COPY, W_REKEY, W_BADTAG,
	   W_COUNT };

static const char *const way_names[W_COUNT] = {
	"one-shot", "in place", "misaligned by 1", "fragmented 1/n-2/1", "fragmented 1/1/rest",
	"copied midway", "re-initialised", "tampered tag",
};

struct run {
	const struct cdata *d;
	EVP_CIPHER *c;
	int enc, aead, way;
	bool whole;			/* the mode takes its input in one update */
	const unsigned char *tag;	/* what a decryption sets (tampered or not) */
	const unsigned char *want;	/* the expected output */
	size_t want_len, in_len;
	char detail[320];
};

static void cdata_free(struct cdata *d)
{
	int i;

	ed_buf_free(&d->key);
	ed_buf_free(&d->iv);
	ed_buf_free(&d->next_iv);
	ed_buf_free(&d->pt);
	ed_buf_free(&d->ct);
	ed_buf_free(&d->tag);
	ed_buf_free(&d->mac_key);
	for (i = 0; i < AAD_MAX; i++)
		ed_buf_free(&d->aad[i]);
}

/* The stanza's own keywords; NULL, or the pair the harness cannot take. */
static const struct ed_pair *cdata_parse(const struct ed_stanza *s, int first, struct cdata *d)
{
	static const struct {
		const char *key;
		size_t off;
	} bins[] = {
		{ "Key", offsetof(struct cdata, key) },
		{ "IV", offsetof(struct cdata, iv) },
		{ "NextIV", offsetof(struct cdata, next_iv) },
		{ "Plaintext", offsetof(struct cdata, pt) },
		{ "Ciphertext", offsetof(struct cdata, ct) },
		{ "Tag", offsetof(struct cdata, tag) },
		{ "MACKey", offsetof(struct cdata, mac_key) },
	};
	int i;
	size_t k;

	d->enc = -1;
	for (i = first + 1; i < s->n; i++) {
		const struct ed_pair *p = &s->p[i];

		for (k = 0; k < sizeof(bins) / sizeof(bins[0]); k++)
			if (!strcmp(p->key, bins[k].key))
				break;
		if (k < sizeof(bins) / sizeof(bins[0])) {
			if (!ed_bin(p->value, (struct ed_buf *)((char *)d + bins[k].off)))
				return p;
		} else if (!strcmp(p->key, "AAD") || !strcmp(p->key, "TLSAAD")) {
			if (d->naad == AAD_MAX || !ed_bin(p->value, &d->aad[d->naad++]))
				return p;
			d->tls_aad |= p->key[0] == 'T';
		} else if (!strcmp(p->key, "Operation")) {
			if (strcmp(p->value, "ENCRYPT") && strcmp(p->value, "DECRYPT"))
				return p;
			d->enc = p->value[0] == 'E';
		} else if (!strcmp(p->key, "CTSMode")) {
			d->cts_mode = p->value;
		} else if (!strcmp(p->key, "SetTagLate")) {
			d->tag_late = !strcmp(p->value, "TRUE");
		} else if (!strcmp(p->key, "Rounds")) {
			d->rounds = atoi(p->value);
		} else if (!strcmp(p->key, "KeyBits")) {
			d->key_bits = atoi(p->value);
		} else if (strcmp(p->key, "TLSVersion")) {
			return p;
		}
	}
	return NULL;
}

/* The pieces a way feeds n bytes in (at most 3); their count. */
static int pieces(const struct run *r, size_t n, size_t *p)
{
	int k = 0;

	if (r->whole || (r->way != W_FRAG_A && r->way != W_FRAG_B)) {
		p[0] = n;
		return 1;
	}
	if (r->way == W_FRAG_A) {	/* 1, n-2, 1 */
		if (n > 0)
			p[k++] = 1;
		if (n > 2)
			p[k++] = n - 2;
		if (n > 1)
			p[k++] = 1;
		return k;
	}
	while (n && k < 2) {		/* 1, 1, the rest */
		p[k++] = 1;
		n--;
	}
	if (n)
		p[k++] = n;
	return k;
}

/* Cipher, parameters, tag, key and IV: what evp_test does before the data. */
static const char *setup(struct run *r, EVP_CIPHER_CTX *ctx, const unsigned char *key)
{
	const struct cdata *d = r->d;
	unsigned char iv[128];

	if (!EVP_CipherInit_ex(ctx, r->c, NULL, NULL, NULL, r->enc))
		return "CIPHERINIT_ERROR";
	if (d->cts_mode) {
		OSSL_PARAM ps[2] = {
			OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, (char *)d->cts_mode, 0),
			OSSL_PARAM_END,
		};

		if (!EVP_CIPHER_CTX_set_params(ctx, ps))
			return "INVALID_CTS_MODE";
	}
	if (d->iv.p) {
		if (r->aead) {
			if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)d->iv.n, NULL) <= 0)
				return "INVALID_IV_LENGTH";
		} else if (d->iv.n != (size_t)EVP_CIPHER_CTX_get_iv_length(ctx)) {
			return "INVALID_IV_LENGTH";
		}
	}
	if (r->aead && !d->tls_aad) {
		/* encryption (and OCB, late tags) set the tag length only */
		bool value = !(r->enc || r->aead == EVP_CIPH_OCB_MODE || d->tag_late);

		if ((value || r->aead != EVP_CIPH_GCM_MODE) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)d->tag.n,
					value ? (void *)r->tag : NULL) <= 0)
			return value ? "TAG_SET_ERROR" : "TAG_LENGTH_SET_ERROR";
	}
	if (d->rounds > 0 && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_SET_RC5_ROUNDS, d->rounds, NULL) <= 0)
		return "INVALID_ROUNDS";
	if (!EVP_CIPHER_CTX_set_key_length(ctx, (int)d->key.n))
		return "INVALID_KEY_LENGTH";
	if (d->key_bits > 0 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_SET_RC2_KEY_BITS, d->key_bits, NULL) <= 0)
		return "INVALID KEY BITS";
	if (!EVP_CipherInit_ex(ctx, NULL, NULL, key, d->iv.p, -1))
		return "KEY_SET_ERROR";
	if (d->iv.p) {
		/* the IV reads back (GCM and CCM keep theirs their own way) */
		if (!EVP_CIPHER_CTX_get_updated_iv(ctx, iv, sizeof(iv)) ||
		    (!(EVP_CIPHER_get_flags(r->c) & EVP_CIPH_CUSTOM_IV) &&
		     memcmp(iv, d->iv.p, d->iv.n)))
			return "INVALID_IV";
	}
	if (d->mac_key.p && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_MAC_KEY, (int)d->mac_key.n,
						d->mac_key.p) <= 0)
		return "SET_MAC_KEY_ERROR";
	return NULL;
}

/* CCM's length, the AAD, a late tag, padding off. */
static const char *prologue(struct run *r, EVP_CIPHER_CTX *ctx)
{
	const struct cdata *d = r->d;
	size_t p[3];
	int i, k, np, outl;

	if (r->aead == EVP_CIPH_CCM_MODE &&
	    !EVP_CipherUpdate(ctx, NULL, &outl, NULL, (int)r->in_len))
		return "CCM_PLAINTEXT_LENGTH_SET_ERROR";
	for (i = 0; i < d->naad; i++) {
		const unsigned char *a = d->aad[i].p;

		np = pieces(r, d->aad[i].n, p);
		for (k = 0; k < np; a += p[k], k++)
			if (!EVP_CipherUpdate(ctx, NULL, &outl, a, (int)p[k]))
				return "AAD_SET_ERROR";
	}
	if (!r->enc && (r->aead == EVP_CIPH_OCB_MODE || d->tag_late) &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)d->tag.n, (void *)r->tag) <= 0)
		return "TAG_SET_ERROR";
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	return NULL;
}

/* Data in the way's pieces from in to out; *done counts the output. */
static const char *data(struct run *r, EVP_CIPHER_CTX *ctx, const unsigned char *in, size_t n,
			unsigned char *out, size_t *done)
{
	size_t p[3];
	int k, np = pieces(r, n, p), outl;

	for (k = 0; k < np; in += p[k], k++) {
		if (!EVP_CipherUpdate(ctx, out + *done, &outl, in, (int)p[k]))
			return "CIPHERUPDATE_ERROR";
		if (outl < 0 || (size_t)outl > p[k] + EVP_MAX_BLOCK_LENGTH) {
			snprintf(r->detail, sizeof(r->detail), "update wrote %d bytes for %zu", outl,
				 p[k]);
			return "CIPHERUPDATE_ERROR";
		}
		*done += (size_t)outl;
	}
	return NULL;
}

/* Final, then the output, the tag and the IV against the stanza. */
static const char *finish(struct run *r, EVP_CIPHER_CTX *ctx, unsigned char *out, size_t done)
{
	const struct cdata *d = r->d;
	unsigned char buf[128];
	int outl = 0;
	long at = 0;

	if (!EVP_CipherFinal_ex(ctx, out + done, &outl))
		return "CIPHERFINAL_ERROR";
	done += (size_t)outl;
	if (done != r->want_len || (at = prov_diff_at(out, r->want, done)) >= 0) {
		if (done != r->want_len)
			snprintf(r->detail, sizeof(r->detail), "%zu bytes out, %zu expected", done,
				 r->want_len);
		else
			snprintf(r->detail, sizeof(r->detail),
				 "byte %ld differs: got %s, want %s", at,
				 prov_hex(out + at, done - (size_t)at),
				 prov_hex(r->want + at, done - (size_t)at));
		return "VALUE_MISMATCH";
	}
	if (r->enc && r->aead && !d->tls_aad) {
		if (d->tag.n > 16)
			return "TAG_LENGTH_INTERNAL_ERROR";
		if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)d->tag.n, buf) <= 0)
			return "TAG_RETRIEVE_ERROR";
		if (memcmp(buf, d->tag.p, d->tag.n)) {
			snprintf(r->detail, sizeof(r->detail), "tag %s, want %s",
				 prov_hex(buf, d->tag.n), prov_hex(d->tag.p, d->tag.n));
			return "TAG_VALUE_MISMATCH";
		}
	}
	if (d->next_iv.p &&
	    (!EVP_CIPHER_CTX_get_updated_iv(ctx, buf, sizeof(buf)) ||
	     (!(EVP_CIPHER_get_flags(r->c) & EVP_CIPH_CUSTOM_IV) &&
	      memcmp(buf, d->next_iv.p, d->next_iv.n)))) {
		snprintf(r->detail, sizeof(r->detail), "IV after: %s, want %s",
			 prov_hex(buf, d->next_iv.n), prov_hex(d->next_iv.p, d->next_iv.n));
		return "INVALID_NEXT_IV";
	}
	return NULL;
}

/* Everything after the key: one complete operation on a keyed context. */
static const char *operate(struct run *r, EVP_CIPHER_CTX *ctx, const unsigned char *in,
			   unsigned char *out, unsigned char *out2)
{
	size_t done = 0, half = r->whole ? 0 : r->in_len / 2;
	EVP_CIPHER_CTX *copy;
	const char *err;

	if ((err = prologue(r, ctx)))
		return err;
	if (r->way != W_COPY) {
		if ((err = data(r, ctx, in, r->in_len, out, &done)))
			return err;
		return finish(r, ctx, out, done);
	}
	/* no empty update: to CCM or XTS that would be the whole message */
	if (half && (err = data(r, ctx, in, half, out, &done)))
		return err;
	copy = EVP_CIPHER_CTX_new();
	if (!copy || !EVP_CIPHER_CTX_copy(copy, ctx)) {
		EVP_CIPHER_CTX_free(copy);
		return "CTX_COPY_ERROR";
	}
	/* the original goes on into out2 from the same point */
	memcpy(out2, out, done);
	{
		size_t done2 = done;

		err = data(r, copy, in + half, r->in_len - half, out, &done);
		if (!err)
			err = finish(r, copy, out, done);
		EVP_CIPHER_CTX_free(copy);
		if (err)
			return err;
		if ((err = data(r, ctx, in + half, r->in_len - half, out2, &done2)))
			return err;
		if ((err = finish(r, ctx, out2, done2)))
			snprintf(r->detail + strlen(r->detail), sizeof(r->detail) - strlen(r->detail),
				 " (the original after its copy)");
	}
	return err;
}

/* A second operation on ctx: re-initialised with key (NULL: IV only). */
static const char *again(struct run *r, EVP_CIPHER_CTX *ctx, const unsigned char *key,
			 const unsigned char *in, unsigned char *out)
{
	const struct cdata *d = r->d;

	if (!EVP_CipherInit_ex(ctx, NULL, NULL, key, d->iv.p, -1))
		return "KEY_SET_ERROR";
	/* a decryption's tag is used up by the operation before */
	if (r->aead && !r->enc && !d->tls_aad && r->aead != EVP_CIPH_OCB_MODE && !d->tag_late &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)d->tag.n, (void *)r->tag) <= 0)
		return "TAG_SET_ERROR";
	return operate(r, ctx, in, out, NULL);
}

/* One way, one direction, from a fresh context. NULL or evp_test's error name. */
static const char *run_way(struct run *r, const unsigned char *src)
{
	const struct cdata *d = r->d;
	size_t cap = r->in_len + 2 * EVP_MAX_BLOCK_LENGTH + 1;
	unsigned char *inb = malloc(r->in_len + 1), *outb = malloc(cap), *out2 = malloc(cap);
	unsigned char *other = malloc(d->key.n + 1), *in, *out;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	const char *err = "TEST_FAILURE", *stage = NULL;
	size_t i;

	r->detail[0] = '\0';
	if (!inb || !outb || !out2 || !other || !ctx)
		goto done;
	in = inb;
	out = outb;
	if (r->way == W_MISALIGN) {
		in++;
		out++;
	}
	if (r->way == W_INPLACE)
		in = out;
	memcpy(in, src, r->in_len);
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	if (r->way != W_REKEY) {
		if (!(err = setup(r, ctx, d->key.p)))
			err = operate(r, ctx, in, out, out2);
		goto done;
	}
	/*
	 * Re-initialisation keeps the provider's context (EVP_CipherInit_ex
	 * without a cipher): another key first (every bit flipped keeps XTS's
	 * halves apart), then the stanza's key, the IV alone, the same key.
	 */
	for (i = 0; i < d->key.n; i++)
		other[i] = (unsigned char)~d->key.p[i];
	err = setup(r, ctx, other);
	if (!err)
		operate(r, ctx, in, out, out2);
	ERR_clear_error();
	r->detail[0] = '\0';
	if (err && strcmp(err, "KEY_SET_ERROR")) {
		/* it did not get as far as a key: start again */
		EVP_CIPHER_CTX_reset(ctx);
		EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
		if (!(err = setup(r, ctx, d->key.p)))
			err = operate(r, ctx, in, out, out2);
		goto done;
	}
	for (i = 0; i < 3; i++) {
		static const char *const runs[] = { "re-keyed after another key", "new IV only",
						    "re-keyed with the same key" };

		if (i == 1 && !d->iv.p)
			continue;	/* no IV (SIV, ECB): nothing to re-initialise with */
		memcpy(in, src, r->in_len);
		if ((err = again(r, ctx, i == 1 ? NULL : d->key.p, in, out))) {
			stage = runs[i];
			break;
		}
	}
done:
	if (err && !r->detail[0])
		snprintf(r->detail, sizeof(r->detail), "%s", prov_err_reason());
	if (err && stage)
		snprintf(r->detail + strlen(r->detail), sizeof(r->detail) - strlen(r->detail),
			 "%s%s", r->detail[0] ? "; " : "", stage);
	ERR_clear_error();
	EVP_CIPHER_CTX_free(ctx);
	free(inb);
	free(outb);
	free(out2);
	free(other);
	return err;
}

/*
 * One direction in every way that applies. With an expected error, the
 * ways must agree: all succeed (evp_test then goes on to the other
 * direction) or all end with that error. 1: the expected error was seen,
 * 0: all succeeded, -1: a failure was recorded in o.
 */
static int direction(struct run *r, const char *expect, struct ed_outcome *o)
{
	const struct cdata *d = r->d;
	unsigned char *bad = NULL;
	int w, ok = 0, erred = 0;
	char what[96];

	r->want = r->enc ? d->ct.p : d->pt.p;
	r->want_len = r->enc ? d->ct.n : d->pt.n;
	r->in_len = r->enc ? d->pt.n : d->ct.n;
	for (w = 0; w < W_COUNT; w++) {
		const char *err;

		if (r->whole && (w == W_FRAG_A || w == W_FRAG_B))
			continue;
		r->tag = d->tag.p;
		if (w == W_BADTAG) {
			/* a tag that does not verify: only for decryptions that should */
			if (expect || r->enc || !r->aead || d->tls_aad || !d->tag.n)
				continue;
			bad = malloc(d->tag.n);
			if (!bad) {
				ed_fail(o, "out of memory");
				return -1;
			}
			memcpy(bad, d->tag.p, d->tag.n);
			bad[0] ^= 0x01;
			r->tag = bad;
		}
		r->way = w;
		err = run_way(r, r->enc ? d->pt.p : d->ct.p);
		o->ways++;
		snprintf(what, sizeof(what), "%s, %s", r->enc ? "encrypt" : "decrypt", way_names[w]);
		if (w == W_BADTAG) {
			free(bad);
			if (!err) {
				ed_fail(o, "%s: the tampered tag was accepted", what);
				return -1;
			}
			continue;
		}
		if (!expect) {
			if (!ed_expect(o, what, err, r->detail, NULL))
				return -1;
			continue;
		}
		if (err && strcmp(err, expect)) {
			ed_expect(o, what, err, r->detail, expect);
			return -1;
		}
		ok += !err;
		erred += !!err;
		if (ok && erred) {
			ed_fail(o, "%s: %s, where the ways before %s", what,
				err ? expect : "succeeded", err ? "succeeded" : "failed");
			return -1;
		}
	}
	return erred ? 1 : 0;
}

void ed_run_cipher(const struct ed_stanza *s, int first, const char *expect,
		   const struct prov_side *side, struct ed_outcome *o)
{
	struct cdata d = { 0 };
	struct run r = { .d = &d };
	const struct ed_pair *bad;
	int mode, res = 0;

	ERR_set_mark();
	r.c = EVP_CIPHER_fetch(NULL, s->p[first].value, side->props);
	ERR_pop_to_mark();
	if (!r.c) {
		o->st = ED_NOT_SERVED;
		return;
	}
	snprintf(o->alg, sizeof(o->alg), "%s", EVP_CIPHER_get0_name(r.c));
	if ((bad = cdata_parse(s, first, &d))) {
		ed_skip(o, "line %d: %s = %s is not understood", bad->line, bad->key, bad->value);
		o->unparsed = true;
		goto out;
	}
	if (d.tls_aad) {
		ed_skip(o, "TLS AAD (stitched ciphers' record mode) is not run by this harness");
		goto out;
	}
	mode = EVP_CIPHER_get_mode(r.c);
	if (EVP_CIPHER_get_flags(r.c) & EVP_CIPH_FLAG_AEAD_CIPHER)
		r.aead = mode ? mode : -1;
	r.whole = r.aead == EVP_CIPH_CCM_MODE || r.aead == EVP_CIPH_CBC_MODE ||
		  (r.aead == -1 && mode == EVP_CIPH_STREAM_CIPHER) ||
		  (EVP_CIPHER_get_flags(r.c) & EVP_CIPH_FLAG_CTS) || mode == EVP_CIPH_SIV_MODE ||
		  mode == EVP_CIPH_XTS_MODE || mode == EVP_CIPH_WRAP_MODE;
	o->st = ED_PASS;
	/* what evp_test refuses to run: a stanza without what it needs */
	if (!d.key.p)
		res = ed_expect(o, "setup", "NO_KEY", NULL, expect) ? 1 : -1;
	else if (!d.iv.p && EVP_CIPHER_get_iv_length(r.c) && mode != EVP_CIPH_WRAP_MODE)
		res = ed_expect(o, "setup", "NO_IV", NULL, expect) ? 1 : -1;
	else if (r.aead && !d.tag.p)
		res = ed_expect(o, "setup", "NO_TAG", NULL, expect) ? 1 : -1;
	if (!res && d.enc != 0) {
		r.enc = 1;
		res = direction(&r, expect, o);
	}
	if (!res && d.enc != 1) {
		r.enc = 0;
		res = direction(&r, expect, o);
	}
	if (!res && expect)
		ed_expect(o, "every way", NULL, NULL, expect);
out:
	cdata_free(&d);
	EVP_CIPHER_free(r.c);
}
