/* SPDX-License-Identifier: Apache-2.0 */
/* One EVP operation on one side (see prov_evp.h). */
#include <stdarg.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "prov_evp.h"

int pe_fail(char *err, size_t errlen, const char *fmt, ...)
{
	const char *why = prov_err_reason();
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	n = strlen(err);
	if (*why && n < errlen)
		snprintf(err + n, errlen - n, ": %s", why);
	return PE_ERR;
}

size_t pe_piece(struct pe_split s, size_t len, int k, size_t *off)
{
	size_t a = k ? s.cuts[k - 1] : 0, b = k < s.n ? s.cuts[k] : len;

	if (a > len)
		a = len;
	if (b > len)
		b = len;
	if (b < a)
		b = a;
	*off = a;
	return b - a;
}

bool pe_served(const struct prov_side *side, int kind, const char *name)
{
	bool ok = false;

	ERR_set_mark();
	if (kind == 'c') {
		EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, side->props);

		ok = c;
		EVP_CIPHER_free(c);
	} else if (kind == 'd') {
		EVP_MD *m = EVP_MD_fetch(NULL, name, side->props);

		ok = m;
		EVP_MD_free(m);
	} else {
		EVP_MAC *m = EVP_MAC_fetch(NULL, name, side->props);

		ok = m;
		EVP_MAC_free(m);
	}
	ERR_pop_to_mark();
	return ok;
}

int pe_cipher_setup(EVP_CIPHER_CTX *ctx, EVP_CIPHER *ci, const struct pe_cipher *c, bool aead,
		    bool ccm, char *err, size_t errlen)
{
	if (!EVP_CipherInit_ex(ctx, ci, NULL, NULL, NULL, c->enc))
		return pe_fail(err, errlen, "CipherInit");
	if (c->cts_mode) {
		OSSL_PARAM ps[2] = {
			OSSL_PARAM_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, (char *)c->cts_mode, 0),
			OSSL_PARAM_END,
		};

		if (!EVP_CIPHER_CTX_set_params(ctx, ps))
			return pe_fail(err, errlen, "cts_mode %s", c->cts_mode);
	}
	if (aead) {
		if (c->ivlen != (size_t)EVP_CIPHER_CTX_get_iv_length(ctx) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, (int)c->ivlen, NULL) <= 0)
			return pe_fail(err, errlen, "IV length %zu", c->ivlen);
		/* CCM needs the tag length before the key; decryptions the tag */
		if ((ccm || !c->enc) &&
		    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)c->taglen,
					c->enc ? NULL : c->tag) <= 0)
			return pe_fail(err, errlen, "tag of %zu bytes", c->taglen);
	} else if (c->ivlen != (size_t)EVP_CIPHER_CTX_get_iv_length(ctx)) {
		return pe_fail(err, errlen, "IV of %zu bytes for a %d-byte IV", c->ivlen,
			    EVP_CIPHER_CTX_get_iv_length(ctx));
	}
	if (!EVP_CIPHER_CTX_set_key_length(ctx, (int)c->klen))
		return pe_fail(err, errlen, "key of %zu bytes", c->klen);
	if (!EVP_CipherInit_ex(ctx, NULL, NULL, c->key, c->iv, -1))
		return pe_fail(err, errlen, "key and IV");
	EVP_CIPHER_CTX_set_padding(ctx, 0);
	return PE_OK;
}

int pe_cipher(const struct prov_side *side, const struct pe_cipher *c, struct pe_split split,
	      char *err, size_t errlen)
{
	EVP_CIPHER *ci;
	EVP_CIPHER_CTX *ctx = NULL;
	bool aead, ccm;
	size_t off, n, done = 0;
	int k, outl, ret;

	ERR_set_mark();
	ci = EVP_CIPHER_fetch(NULL, c->name, side->props);
	ERR_pop_to_mark();
	if (!ci)
		return PE_NOT_SERVED;
	aead = EVP_CIPHER_get_flags(ci) & EVP_CIPH_FLAG_AEAD_CIPHER;
	ccm = EVP_CIPHER_get_mode(ci) == EVP_CIPH_CCM_MODE;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx) {
		ret = pe_fail(err, errlen, "no context");
		goto out;
	}
	if ((ret = pe_cipher_setup(ctx, ci, c, aead, ccm, err, errlen)))
		goto out;
	ret = PE_ERR;
	if (ccm && !EVP_CipherUpdate(ctx, NULL, &outl, NULL, (int)c->len)) {
		pe_fail(err, errlen, "CCM length %zu", c->len);
		goto out;
	}
	if (aead && (c->aadlen || !ccm)) {
		for (k = 0; k <= (ccm ? 0 : c->aad_split.n); k++) {
			n = ccm ? c->aadlen : pe_piece(c->aad_split, c->aadlen, k, &off);
			if (ccm)
				off = 0;
			if (!EVP_CipherUpdate(ctx, NULL, &outl, c->aad + off, (int)n)) {
				pe_fail(err, errlen, "AAD at %zu (%zu bytes)", off, n);
				goto out;
			}
		}
	}
	/* CCM takes its message in one update (and fails it there on a bad tag) */
	for (k = 0; k <= (ccm ? 0 : split.n); k++) {
		n = ccm ? c->len : pe_piece(split, c->len, k, &off);
		if (ccm)
			off = 0;
		if (!EVP_CipherUpdate(ctx, c->out + done, &outl, c->in + off, (int)n)) {
			if (ccm && !c->enc) {
				ret = PE_AUTH;
				goto out;
			}
			pe_fail(err, errlen, "update at %zu (%zu bytes)", off, n);
			goto out;
		}
		done += (size_t)outl;
	}
	if (!EVP_CipherFinal_ex(ctx, c->out + done, &outl)) {
		if (aead && !c->enc) {
			ret = PE_AUTH;
			goto out;
		}
		pe_fail(err, errlen, "final after %zu bytes", done);
		goto out;
	}
	done += (size_t)outl;
	if (done != c->len) {
		snprintf(err, errlen, "%zu bytes out for %zu in", done, c->len);
		goto out;
	}
	if (aead && c->enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)c->taglen,
						  c->tag) <= 0) {
		pe_fail(err, errlen, "getting a %zu-byte tag", c->taglen);
		goto out;
	}
	ret = PE_OK;
out:
	ERR_clear_error();
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(ci);
	return ret;
}

int pe_digest(const struct prov_side *side, const char *name, const unsigned char *in, size_t len,
	      struct pe_split split, unsigned char *out, size_t *outlen, char *err, size_t errlen)
{
	EVP_MD_CTX *ctx = NULL;
	unsigned int olen = 0;
	size_t off, n;
	EVP_MD *md;
	int k, ret = PE_ERR;

	ERR_set_mark();
	md = EVP_MD_fetch(NULL, name, side->props);
	ERR_pop_to_mark();
	if (!md)
		return PE_NOT_SERVED;
	ctx = EVP_MD_CTX_new();
	if (!ctx || !EVP_DigestInit_ex2(ctx, md, NULL)) {
		pe_fail(err, errlen, "DigestInit");
		goto out;
	}
	for (k = 0; k <= split.n; k++) {
		n = pe_piece(split, len, k, &off);
		if (!EVP_DigestUpdate(ctx, in + off, n)) {
			pe_fail(err, errlen, "update at %zu (%zu bytes)", off, n);
			goto out;
		}
	}
	if (!EVP_DigestFinal_ex(ctx, out, &olen)) {
		pe_fail(err, errlen, "final");
		goto out;
	}
	*outlen = olen;
	ret = PE_OK;
out:
	ERR_clear_error();
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ret;
}

int pe_mac(const struct prov_side *side, const struct pe_mac *m, struct pe_split split,
	   unsigned char *out, size_t *outlen, char *err, size_t errlen)
{
	OSSL_PARAM ps[4], *p = ps;
	const OSSL_PARAM *known;
	EVP_MAC_CTX *ctx = NULL;
	EVP_MAC *mac;
	size_t off, n;
	int k, ret = PE_ERR;

	ERR_set_mark();
	mac = EVP_MAC_fetch(NULL, m->name, side->props);
	ERR_pop_to_mark();
	if (!mac)
		return PE_NOT_SERVED;
	known = EVP_MAC_settable_ctx_params(mac);
	if (m->sub)
		*p++ = OSSL_PARAM_construct_utf8_string(
			OSSL_PARAM_locate_const(known, OSSL_MAC_PARAM_DIGEST) ?
			OSSL_MAC_PARAM_DIGEST : OSSL_MAC_PARAM_CIPHER, (char *)m->sub, 0);
	/* the reference's inner algorithm from the reference too */
	if (m->sub && side->inner_props && OSSL_PARAM_locate_const(known, OSSL_MAC_PARAM_PROPERTIES))
		*p++ = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_PROPERTIES,
							(char *)side->props, 0);
	if (m->iv)
		*p++ = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_IV, (void *)m->iv, m->ivlen);
	*p = OSSL_PARAM_construct_end();
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx || !EVP_MAC_init(ctx, m->key, m->klen, ps)) {
		pe_fail(err, errlen, "%s init (%s, %zu-byte key)", m->name, m->sub ? m->sub : "-",
		     m->klen);
		goto out;
	}
	for (k = 0; k <= split.n; k++) {
		n = pe_piece(split, m->len, k, &off);
		if (!EVP_MAC_update(ctx, m->in + off, n)) {
			pe_fail(err, errlen, "update at %zu (%zu bytes)", off, n);
			goto out;
		}
	}
	if (!EVP_MAC_final(ctx, out, outlen, EVP_MAX_MD_SIZE)) {
		pe_fail(err, errlen, "final");
		goto out;
	}
	ret = PE_OK;
out:
	ERR_clear_error();
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ret;
}
