/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto bench's algorithm names: UADK's ("cbc(aes)", "hmac(sha256)",
 * "authenc(hmac(sha256),cbc(aes))") and OpenSSL-style aliases
 * ("aes-128-cbc", "hmac-sha256"), resolved to the class, the UADK enums
 * and the sizes a request needs.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include "bench_crypto.h"

static const char *const cipher_names[] = {
	[WD_CIPHER_SM4] = "sm4", [WD_CIPHER_AES] = "aes", [WD_CIPHER_DES] = "des",
	[WD_CIPHER_3DES] = "des3_ede",
};
/* The modes of UADK's cipher table (CCM, GCM are AEADs; XTS_GB shares xts's name). */
static const char *const mode_names[] = {
	[WD_CIPHER_ECB] = "ecb", [WD_CIPHER_CBC] = "cbc", [WD_CIPHER_CTR] = "ctr",
	[WD_CIPHER_XTS] = "xts", [WD_CIPHER_OFB] = "ofb", [WD_CIPHER_CFB] = "cfb",
	[WD_CIPHER_CBC_CS1] = "cbc-cs1", [WD_CIPHER_CBC_CS2] = "cbc-cs2",
	[WD_CIPHER_CBC_CS3] = "cbc-cs3",
};
#define NMODES	(WD_CIPHER_CBC_CS3 + 1)

/* Index = enum wd_digest_type. */
static const char *const digest_names[WD_DIGEST_TYPE_MAX] = {
	"sm3", "md5", "sha1", "sha256", "sha224", "sha384", "sha512", "sha512-224",
	"sha512-256", "xcbc-mac-96(aes)", "xcbc-prf-128(aes)", "cmac(aes)", "gmac(aes)",
};
static const unsigned digest_lens[WD_DIGEST_TYPE_MAX] = {
	32, 16, 20, 32, 28, 48, 64, 28, 32, 12, 16, 16, 16,
};
static const char *const evp_md_names[WD_DIGEST_AES_XCBC_MAC_96] = {
	"SM3", "MD5", "SHA1", "SHA256", "SHA224", "SHA384", "SHA512", "SHA512-224", "SHA512-256",
};

#define AEAD_TAG	16	/* IPsec's and TLS's tag size for every AEAD here */
#define AEAD_NONCE	12	/* GCM's natural IV; also the CCM nonce used */

const char *bc_class_name(enum bc_class c)
{
	return c == BC_CIPHER ? "cipher" : c == BC_DIGEST ? "digest" : "aead";
}

const char *bc_impl_name(int impl)
{
	static const char *const names[BC_IMPLS] = { "wd", "evp", "ipsec-mb", "ipsec-mb-inflight" };

	return impl >= 0 && impl < BC_IMPLS ? names[impl] : "?";
}

const char *bc_evp_md_name(int dalg)
{
	return dalg >= 0 && dalg < WD_DIGEST_AES_XCBC_MAC_96 ? evp_md_names[dalg] : NULL;
}

static int find(const char *const *tab, int n, const char *s, size_t len)
{
	for (int i = 0; i < n; i++)
		if (tab[i] && strlen(tab[i]) == len && !strncmp(tab[i], s, len))
			return i;
	return -1;
}

/* "hash" (a name of the digest table up to sha512-256) -> enum, or -1. */
static int hash_id(const char *s, size_t len)
{
	return find(digest_names, WD_DIGEST_AES_XCBC_MAC_96, s, len);
}

/* s[0..len) is "(inside)": the inside's length, or -1. */
static int paren(const char *s, size_t len, const char **inside)
{
	if (len < 2 || s[0] != '(' || s[len - 1] != ')')
		return -1;
	*inside = s + 1;
	return (int)len - 2;
}

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* AES key bits: 128 by default; other ciphers take only their own size. */
static int key_size(struct bc_alg *a, int key_bits, char *err, size_t len)
{
	char b[16];

	snprintf(b, sizeof(b), "%d", key_bits);
	if (a->calg == WD_CIPHER_AES) {
		if (!key_bits)
			key_bits = 128;
		if (key_bits != 128 && key_bits != 192 && key_bits != 256)
			return fail(err, len, "AES keys are 128, 192 or 256 bits, not %s", b);
		a->key_bits = key_bits;
		a->key_len = (unsigned)key_bits / 8;
		return 0;
	}
	a->key_len = a->calg == WD_CIPHER_SM4 ? 16 : a->calg == WD_CIPHER_DES ? 8 : 24;
	if (key_bits && (unsigned)key_bits != a->key_len * 8)
		return fail(err, len, "--key-bits %s: only AES keys have a choice of size", b);
	return 0;
}

static int set_cipher(struct bc_alg *a, int calg, int cmode, int key_bits, char *err, size_t len)
{
	unsigned block = calg == WD_CIPHER_DES || calg == WD_CIPHER_3DES ? 8 : 16;

	if ((calg == WD_CIPHER_DES || calg == WD_CIPHER_3DES) && cmode > WD_CIPHER_CBC)
		return fail(err, len, "%s: DES and 3DES are ECB and CBC only", mode_names[cmode]);
	a->cls = BC_CIPHER;
	a->calg = calg;
	a->cmode = cmode;
	if (key_size(a, key_bits, err, len))
		return -1;
	if (cmode == WD_CIPHER_XTS) {
		if (a->key_bits == 192)
			return fail(err, len, "%s: XTS keys are 128 or 256 bits", "xts");
		a->key_len *= 2;
	}
	a->iv_len = cmode == WD_CIPHER_ECB ? 0 : block;
	a->granule = cmode == WD_CIPHER_ECB || cmode == WD_CIPHER_CBC ? block : 1;
	a->min_len = cmode == WD_CIPHER_XTS || cmode >= WD_CIPHER_CBC_CS1 ? 16 : 1;
	snprintf(a->name, sizeof(a->name), "%s(%s)", mode_names[cmode], cipher_names[calg]);
	return 0;
}

static int set_digest(struct bc_alg *a, int dalg, int dmode, int key_bits, char *err, size_t len)
{
	a->cls = BC_DIGEST;
	a->dalg = dalg;
	a->dmode = dmode;
	a->init = digest_names[dalg];
	a->mac_len = digest_lens[dalg];
	a->granule = 1;
	a->min_len = 1;
	if (dalg >= WD_DIGEST_AES_XCBC_MAC_96) {
		/* the AES MACs are keyed; UADK's own test names them HMAC mode */
		a->dmode = WD_DIGEST_HMAC;
		a->calg = WD_CIPHER_AES;
		if (key_size(a, key_bits, err, len))
			return -1;
		if (dalg != WD_DIGEST_AES_GMAC && a->key_bits != 128)
			return fail(err, len, "%s takes 128-bit keys only", digest_names[dalg]);
		a->iv_len = dalg == WD_DIGEST_AES_GMAC ? AEAD_NONCE : 0;
		snprintf(a->name, sizeof(a->name), "%s", digest_names[dalg]);
		return 0;
	}
	if (key_bits)
		return fail(err, len, "%s: --key-bits is for AES", digest_names[dalg]);
	a->key_len = dmode == WD_DIGEST_HMAC ? BC_AKEY_LEN : 0;
	snprintf(a->name, sizeof(a->name), dmode == WD_DIGEST_HMAC ? "hmac(%s)" : "%s",
		 digest_names[dalg]);
	return 0;
}

static int set_aead(struct bc_alg *a, int calg, int cmode, int dalg, int key_bits, char *err,
		    size_t len)
{
	static const char *const inits[2][3] = {
		{ "gcm(sm4)", "ccm(sm4)", "authenc(generic,cbc(sm4))" },
		{ "gcm(aes)", "ccm(aes)", "authenc(generic,cbc(aes))" },
	};
	int k = cmode == WD_CIPHER_GCM ? 0 : cmode == WD_CIPHER_CCM ? 1 : 2;

	if (calg != WD_CIPHER_AES && calg != WD_CIPHER_SM4)
		return fail(err, len, "%s: AEADs are AES or SM4", cipher_names[calg]);
	a->cls = BC_AEAD;
	a->calg = calg;
	a->cmode = cmode;
	a->init = inits[calg == WD_CIPHER_AES][k];
	a->mac_len = AEAD_TAG;
	a->granule = 1;
	a->min_len = 1;
	a->iv_len = AEAD_NONCE;
	if (key_size(a, key_bits, err, len))
		return -1;
	if (cmode != WD_CIPHER_CBC) {
		snprintf(a->name, sizeof(a->name), "%s(%s)", k ? "ccm" : "gcm", cipher_names[calg]);
		return 0;
	}
	if (digest_lens[dalg] < AEAD_TAG)
		return fail(err, len, "authenc: hmac(%s) is shorter than the 16-byte tag",
			    digest_names[dalg]);
	a->dalg = dalg;
	a->dmode = WD_DIGEST_HMAC;
	a->akey_len = BC_AKEY_LEN;
	a->iv_len = 16;
	a->granule = 16;
	snprintf(a->name, sizeof(a->name), "authenc(hmac(%s),cbc(%s))", digest_names[dalg],
		 cipher_names[calg]);
	return 0;
}

/* UADK style: mode(cipher), hash, hmac(hash), gcm(c), ccm(c), authenc(...). */
static int lookup_uadk(const char *s, int key_bits, struct bc_alg *a, char *err, size_t len)
{
	const char *in, *p = strchr(s, '('), *comma, *cin;
	size_t slen = strlen(s);
	int n, cn, d, c, m;

	d = find(digest_names, WD_DIGEST_TYPE_MAX, s, slen);
	if (d >= 0)
		return set_digest(a, d, WD_DIGEST_NORMAL, key_bits, err, len);
	if (!p || (n = paren(p, slen - (size_t)(p - s), &in)) < 0)
		return 1;
	if (!strncmp(s, "hmac(", 5))
		return (d = hash_id(in, (size_t)n)) < 0 ? 1 :
		       set_digest(a, d, WD_DIGEST_HMAC, key_bits, err, len);
	if (!strncmp(s, "authenc(", 8)) {
		/* authenc(hmac(H),cbc(C)); UADK's own name says "generic": SHA-256 */
		comma = memchr(in, ',', (size_t)n);
		if (!comma || strncmp(comma, ",cbc", 4) ||
		    (cn = paren(comma + 4, (size_t)(in + n - comma - 4), &cin)) < 0 ||
		    (c = find(cipher_names, 4, cin, (size_t)cn)) < 0)
			return 1;
		if (comma - in == 7 && !strncmp(in, "generic", 7))
			d = WD_DIGEST_SHA256;
		else if (comma - in < 7 || strncmp(in, "hmac(", 5) || comma[-1] != ')' ||
			 (d = hash_id(in + 5, (size_t)(comma - in - 6))) < 0)
			return 1;
		return set_aead(a, c, WD_CIPHER_CBC, d, key_bits, err, len);
	}
	if ((c = find(cipher_names, 4, in, (size_t)n)) < 0)
		return 1;
	if (!strncmp(s, "gcm(", 4) || !strncmp(s, "ccm(", 4))
		return set_aead(a, c, s[0] == 'g' ? WD_CIPHER_GCM : WD_CIPHER_CCM, 0, key_bits,
				err, len);
	if ((m = find(mode_names, NMODES, s, (size_t)(p - s))) < 0)
		return 1;
	return set_cipher(a, c, m, key_bits, err, len);
}

/*
 * OpenSSL style: aes-128-cbc, aes-256-gcm, aes-128-cbc-hmac-sha256,
 * aes-128-cmac, aes-128-gmac, sm4-cbc, des-cbc, des-ede3-cbc, hmac-sha256.
 */
static int lookup_alias(const char *s, int key_bits, struct bc_alg *a, char *err, size_t len)
{
	int c, bits = 0, m, d;
	char *end, b[16];

	if (!strncmp(s, "hmac-", 5))
		return (d = hash_id(s + 5, strlen(s + 5))) < 0 ? 1 :
		       set_digest(a, d, WD_DIGEST_HMAC, key_bits, err, len);
	if (!strncmp(s, "aes-", 4)) {
		c = WD_CIPHER_AES;
		bits = (int)strtol(s + 4, &end, 10);
		if (end == s + 4 || *end != '-')
			return 1;
		s = end + 1;
	} else if (!strncmp(s, "sm4-", 4)) {
		c = WD_CIPHER_SM4, s += 4;
	} else if (!strncmp(s, "des-ede3-", 9)) {
		c = WD_CIPHER_3DES, s += 9;
	} else if (!strncmp(s, "des-", 4)) {
		c = WD_CIPHER_DES, s += 4;
	} else {
		return 1;
	}
	if (bits && key_bits && bits != key_bits) {
		snprintf(b, sizeof(b), "%d", key_bits);
		return fail(err, len, "--key-bits %s contradicts the algorithm's name", b);
	}
	bits = bits ? bits : key_bits;
	if (c == WD_CIPHER_AES && (!strcmp(s, "cmac") || !strcmp(s, "gmac")))
		return set_digest(a, s[0] == 'c' ? WD_DIGEST_AES_CMAC : WD_DIGEST_AES_GMAC,
				  WD_DIGEST_HMAC, bits, err, len);
	if (!strcmp(s, "gcm") || !strcmp(s, "ccm"))
		return set_aead(a, c, s[0] == 'g' ? WD_CIPHER_GCM : WD_CIPHER_CCM, 0, bits, err,
				len);
	if (!strncmp(s, "cbc-hmac-", 9))
		return (d = hash_id(s + 9, strlen(s + 9))) < 0 ? 1 :
		       set_aead(a, c, WD_CIPHER_CBC, d, bits, err, len);
	if ((m = find(mode_names, NMODES, s, strlen(s))) < 0)
		return 1;
	return set_cipher(a, c, m, bits, err, len);
}

int bc_alg_lookup(const char *name, int key_bits, struct bc_alg *a, char *err, size_t errlen)
{
	char s[96];
	size_t i;
	int ret;

	memset(a, 0, sizeof(*a));
	for (i = 0; name[i] && i + 1 < sizeof(s); i++)
		s[i] = (char)tolower((unsigned char)name[i]);
	s[i] = '\0';
	ret = name[i] ? 1 : lookup_uadk(s, key_bits, a, err, errlen);
	if (ret == 1)
		ret = lookup_alias(s, key_bits, a, err, errlen);
	if (ret == 1)
		return fail(err, errlen, "unknown algorithm '%s' (see wd bench --help)", name);
	if (!ret && a->cls == BC_CIPHER)
		a->init = NULL;		/* the cipher's own name: a->name */
	return ret;
}

bool bc_alg_known(const char *name)
{
	struct bc_alg a;
	char err[128];

	/* a crypto name with a bad key size is still ours: we report the error */
	return bc_alg_lookup(name, 0, &a, err, sizeof(err)) == 0 ||
	       !strstr(err, "unknown algorithm");
}

const char *bc_evp_cipher_name(const struct bc_alg *a, char *buf, size_t len)
{
	static const char *const ossl_modes[] = {
		[WD_CIPHER_ECB] = "ECB", [WD_CIPHER_CBC] = "CBC", [WD_CIPHER_CTR] = "CTR",
		[WD_CIPHER_XTS] = "XTS", [WD_CIPHER_OFB] = "OFB", [WD_CIPHER_CFB] = "CFB",
		[WD_CIPHER_CBC_CS1] = "CBC-CTS", [WD_CIPHER_CBC_CS2] = "CBC-CTS",
		[WD_CIPHER_CBC_CS3] = "CBC-CTS", [WD_CIPHER_CCM] = "CCM", [WD_CIPHER_GCM] = "GCM",
	};
	int mode = a->cmode, bits = a->key_bits;

	if (a->cls == BC_DIGEST) {
		if (a->dalg == WD_DIGEST_AES_CMAC)
			mode = WD_CIPHER_CBC;	/* CMAC's cipher parameter */
		else if (a->dalg == WD_DIGEST_AES_GMAC)
			mode = WD_CIPHER_GCM;
		else
			return NULL;
	}
	if (mode < 0 || mode > WD_CIPHER_GCM || !ossl_modes[mode])
		return NULL;
	switch (a->calg) {
	case WD_CIPHER_AES:
		snprintf(buf, len, "AES-%d-%s", bits, ossl_modes[mode]);
		return buf;
	case WD_CIPHER_SM4:
		snprintf(buf, len, "SM4-%s", ossl_modes[mode]);
		return buf;
	case WD_CIPHER_DES:
		snprintf(buf, len, "DES-%s", ossl_modes[mode]);
		return buf;
	case WD_CIPHER_3DES:
		snprintf(buf, len, "DES-EDE3-%s", ossl_modes[mode]);
		return buf;
	}
	return NULL;
}
