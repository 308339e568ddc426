/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Digest and MAC known answers through EVP: SHA-1 and SHA-2 (CAVP ShortMsg,
 * LongMsg and the Monte Carlo chains), MD5 (RFC 1321), SM3 (OSCCA), HMAC
 * (RFC 2202, RFC 4231), CMAC (SP 800-38B, AES and 3DES), GMAC (the CAVP GCM
 * vectors without plaintext). Messages go whole, as 1 byte then the rest,
 * and in three pieces.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "prov_nist.h"

static unsigned char msg[NIST_MAXD];

struct hvec {
	const char *name, *sub;		/* digest, or MAC and its digest/cipher */
	unsigned char key[256], iv[128], md[64];
	size_t klen, ivlen, len, mdlen;
	bool mac, fail;			/* fail: GMAC's answer must differ */
};

static int hash_side(const struct prov_side *side, const struct tv_rec *r, void *arg, char *why,
		     size_t whylen)
{
	const struct hvec *v = arg;
	unsigned char out[EVP_MAX_MD_SIZE];
	size_t outlen = 0, cuts[2] = { v->len / 3, 2 * v->len / 3 };
	static const size_t one[] = { 1 };
	int s, ret;

	(void)r;
	for (s = 0; s < 3; s++) {
		struct pe_split sp = { s == 1 ? one : cuts, s == 1 ? 1 : s ? 2 : 0 };
		struct pe_mac m = { .name = v->name, .sub = v->sub, .key = v->key, .klen = v->klen,
				    .iv = v->ivlen ? v->iv : NULL, .ivlen = v->ivlen, .in = msg,
				    .len = v->len };

		if (s == 1 && v->len < 2)
			continue;
		ret = v->mac ? pe_mac(side, &m, sp, out, &outlen, why, whylen) :
			       pe_digest(side, v->name, msg, v->len, sp, out, &outlen, why, whylen);
		if (ret != PE_OK)
			return ret;
		if (v->fail) {
			if (outlen >= v->mdlen && !memcmp(out, v->md, v->mdlen)) {
				snprintf(why, whylen, "%s equals an answer marked FAIL", v->name);
				return PE_ERR;
			}
			continue;
		}
		/* a truncated answer (RFC 4231 case 5) is the MAC's first bytes */
		if (outlen < v->mdlen || !nist_same(v->name, out, v->md, v->mdlen, why, whylen)) {
			if (outlen < v->mdlen)
				snprintf(why, whylen, "%s: %zu bytes, want %zu", v->name, outlen,
					 v->mdlen);
			snprintf(why + strlen(why), whylen - strlen(why), " (%s)",
				 s == 0 ? "whole" : s == 1 ? "1 byte, then the rest" : "3 pieces");
			return PE_ERR;
		}
	}
	return PE_OK;
}

static void bad_record(struct nist_tally *t, const struct tv_rec *r, const char *what)
{
	fprintf(stderr, "FAIL %s:%d: %s\n", r->file, r->line, what);
	t->fail++;
}

/* Len (bits) / Msg / MD: hashes; with Key: HMAC (arg: the digest). */
static void hash_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	struct hvec v = { .name = arg };
	long bits = tv_int(r, "Len"), n = nist_hex(r, "Msg", msg, sizeof(msg));
	long mdlen = nist_hex(r, "MD", v.md, sizeof(v.md));

	if (n < 0 || mdlen <= 0)
		return bad_record(t, r, "Msg or MD");
	if (tv_has(r, "Key")) {
		long klen = nist_hex(r, "Key", v.key, sizeof(v.key));

		if (klen < 0)
			return bad_record(t, r, "Key");
		v.sub = v.name;
		v.name = "HMAC";
		v.mac = true;
		v.klen = (size_t)klen;
	} else {
		if (bits < 0 || bits % 8 || bits / 8 > n)
			return bad_record(t, r, "Len");
		n = bits / 8;	/* "Msg = 00" is the empty message */
	}
	v.len = (size_t)n;
	v.mdlen = (size_t)mdlen;
	nist_both(t, r, hash_side, &v);
}

static const struct {
	const char *file, *name;
} shas[] = {
	{ "hashes/SHA1/SHA1", "SHA1" },		{ "hashes/SHA2/SHA224", "SHA2-224" },
	{ "hashes/SHA2/SHA256", "SHA2-256" },	{ "hashes/SHA2/SHA384", "SHA2-384" },
	{ "hashes/SHA2/SHA512", "SHA2-512" },	{ "hashes/SHA2/SHA512_224", "SHA2-512/224" },
	{ "hashes/SHA2/SHA512_256", "SHA2-512/256" },
};

void nist_sha(struct nist_tally *t)
{
	char rel[96];
	size_t i;

	for (i = 0; i < sizeof(shas) / sizeof(shas[0]); i++) {
		snprintf(rel, sizeof(rel), "%sShortMsg.rsp", shas[i].file);
		nist_file(t, rel, "MD", hash_rec, (void *)shas[i].name);
		snprintf(rel, sizeof(rel), "%sLongMsg.rsp", shas[i].file);
		nist_file(t, rel, "MD", hash_rec, (void *)shas[i].name);
	}
}

/*
 * SHAVS Monte Carlo: from a seed, MD[i] = H(MD[i-3] || MD[i-2] || MD[i-1])
 * for i = 3..1002 with MD[0..2] = seed; MD[1002] is the record's answer
 * and the next record's seed. Each record starts from the file's previous
 * answer, so one wrong answer does not hide the rest. 1000 digests per
 * record on one reused context: the re-init path of the provider.
 */
struct monte {
	const char *name;
	unsigned char seed[64];
	size_t len;
};

static int monte_side(const struct prov_side *side, const struct tv_rec *r, void *arg, char *why,
		      size_t whylen)
{
	struct monte *m = arg;
	unsigned char buf[4 * 64], want[64];
	unsigned int olen = 0;
	EVP_MD_CTX *ctx = NULL;
	EVP_MD *md = EVP_MD_fetch(NULL, m->name, side->props);
	int i, ret = PE_ERR;

	if (!md)
		return PE_NOT_SERVED;
	if (nist_hex(r, "MD", want, sizeof(want)) != (long)m->len) {
		snprintf(why, whylen, "MD length");
		goto out;
	}
	ctx = EVP_MD_CTX_new();
	for (i = 0; i < 3; i++)
		memcpy(buf + i * m->len, m->seed, m->len);
	for (i = 3; i < 1003; i++) {
		if (!ctx || !EVP_DigestInit_ex(ctx, md, NULL) ||
		    !EVP_DigestUpdate(ctx, buf, 3 * m->len) ||
		    !EVP_DigestFinal_ex(ctx, buf + 3 * m->len, &olen) || olen != m->len) {
			snprintf(why, whylen, "%s: digest %d of the chain failed: %s", m->name, i,
				 prov_err_reason());
			goto out;
		}
		/* slide the window: the oldest out, the new one last */
		memmove(buf, buf + m->len, 3 * m->len);
	}
	if (!nist_same(m->name, buf + 2 * m->len, want, m->len, why, whylen))
		goto out;
	ret = PE_OK;
out:
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
	return ret;
}

static void monte_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	struct monte *m = arg;

	if (!m->len) {
		long n = nist_hex(r, "Seed", m->seed, sizeof(m->seed));

		if (n <= 0)
			return bad_record(t, r, "Seed");
		m->len = (size_t)n;
	}
	nist_both(t, r, monte_side, m);
	nist_hex(r, "MD", m->seed, sizeof(m->seed));
}

void nist_sha_monte(struct nist_tally *t)
{
	char rel[96];
	size_t i;

	for (i = 0; i < sizeof(shas) / sizeof(shas[0]); i++) {
		struct monte m = { .name = shas[i].name };

		snprintf(rel, sizeof(rel), "%sMonte.rsp", shas[i].file);
		nist_file(t, rel, "MD", monte_rec, &m);
	}
}

void nist_md5_sm3(struct nist_tally *t)
{
	nist_file(t, "hashes/MD5/rfc-1321.txt", "MD", hash_rec, "MD5");
	nist_file(t, "hashes/SM3/oscca.txt", "MD", hash_rec, "SM3");
}

void nist_hmac(struct nist_tally *t)
{
	static const struct {
		const char *file, *md;
	} f[] = {
		{ "HMAC/rfc-2202-md5.txt", "MD5" },	  { "HMAC/rfc-2202-sha1.txt", "SHA1" },
		{ "HMAC/rfc-4231-sha224.txt", "SHA2-224" }, { "HMAC/rfc-4231-sha256.txt", "SHA2-256" },
		{ "HMAC/rfc-4231-sha384.txt", "SHA2-384" }, { "HMAC/rfc-4231-sha512.txt", "SHA2-512" },
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		nist_file(t, f[i].file, "MD", hash_rec, (void *)f[i].md);
}

/* SP 800-38B: KEY (or KEY1..3 for 3DES), MESSAGE, OUTPUT. */
static void cmac_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	static char sub[32];
	struct hvec v = { .name = "CMAC", .mac = true, .sub = sub };
	long klen, n = nist_hex(r, "MESSAGE", msg, sizeof(msg));
	long mdlen = nist_hex(r, "OUTPUT", v.md, sizeof(v.md));

	(void)arg;
	if (tv_has(r, "KEY1")) {
		klen = nist_hex(r, "KEY1", v.key, 8) == 8 && nist_hex(r, "KEY2", v.key + 8, 8) == 8 &&
		       nist_hex(r, "KEY3", v.key + 16, 8) == 8 ? 24 : -1;
		snprintf(sub, sizeof(sub), "DES-EDE3-CBC");
	} else {
		klen = nist_hex(r, "KEY", v.key, 32);
		snprintf(sub, sizeof(sub), "AES-%ld-CBC", klen * 8);
	}
	if (klen <= 0 || n < 0 || mdlen <= 0)
		return bad_record(t, r, "KEY, MESSAGE or OUTPUT");
	v.klen = (size_t)klen;
	v.len = (size_t)n;
	v.mdlen = (size_t)mdlen;
	nist_both(t, r, hash_side, &v);
}

void nist_cmac(struct nist_tally *t)
{
	nist_dir(t, "CMAC", "nist-800-38b-", ".txt", NULL, "COUNT", cmac_rec, NULL);
}

/* GMAC = GCM without plaintext: the vectors whose CT is empty. */
static void gmac_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	static char sub[32];
	struct hvec v = { .name = "GMAC", .mac = true, .sub = sub };
	long klen = nist_hex(r, "Key", v.key, 32), ivlen = nist_hex(r, "IV", v.iv, sizeof(v.iv));
	long n = nist_hex(r, "AAD", msg, sizeof(msg)), mdlen = nist_hex(r, "Tag", v.md, 16);
	const char *c = tv_get(r, "CT");

	(void)arg;
	if (!c || *c) {
		t->skipped++;	/* with plaintext: GCM's, not GMAC's */
		return;
	}
	if (klen <= 0 || ivlen <= 0 || n < 0 || mdlen <= 0)
		return bad_record(t, r, "Key, IV, AAD or Tag");
	snprintf(sub, sizeof(sub), "AES-%ld-GCM", klen * 8);
	v.klen = (size_t)klen;
	v.ivlen = (size_t)ivlen;
	v.len = (size_t)n;
	v.mdlen = (size_t)mdlen;
	v.fail = tv_has(r, "FAIL");
	nist_both(t, r, hash_side, &v);
}

void nist_gmac(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/GCM", "gcm", ".rsp", NULL, "Count", gmac_rec, NULL);
}
