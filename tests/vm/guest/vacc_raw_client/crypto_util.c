// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client: what the crypto subcommands share: building crypto
 * descriptors (vacc_abi.h, "the crypto class"), the sysfs algorithm list,
 * and the OpenSSL references every result is compared with. OpenSSL has
 * no XCBC-MAC and no GMAC with a 16-byte J0: those references are built
 * here from AES-ECB and AES-GCM.
 */
/* guest: dynamic */
/* the low-level hash contexts expose the chaining state (ref_state) */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "raw.h"
#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <openssl/params.h>

/* ---- descriptors ------------------------------------------------------- */

struct vacc_sqe cr_sqe(uint8_t op, uint16_t sess, uint8_t alg, const void *src, uint32_t slen,
		       void *dst, uint32_t dlen)
{
	struct vacc_sqe s = mk(op, 0, src, slen, dst, dlen);

	s.alg = alg;
	s.sess = sess;
	return s;
}

struct vacc_cqe cr_setup(struct vq *q, uint16_t sess, uint8_t alg, const void *key,
			 uint32_t klen, const void *k2, uint32_t k2len)
{
	struct vacc_sqe s = cr_sqe(VACC_OP_CRYPTO_SETUP, sess, alg, key, klen, (void *)k2, k2len);

	return q_run(q, &s);
}

struct vacc_cqe cr_cipher(struct vq *q, uint16_t sess, uint8_t alg, int dec, void *iv,
			  uint8_t ivlen, const void *src, void *dst, uint32_t len)
{
	struct vacc_sqe s = cr_sqe(VACC_OP_CIPHER, sess, alg, src, len, dst, len);

	s.flags = dec ? VACC_CSQE_DECRYPT : 0;
	s.iv = (uintptr_t)iv;
	s.iv_len = ivlen;
	return q_run(q, &s);
}

struct vacc_cqe cr_digest(struct vq *q, uint16_t sess, uint8_t alg, uint8_t stage,
			  uint64_t resume_done, int resume, const void *src, uint32_t slen,
			  void *dst, uint32_t dlen, void *iv, uint8_t ivlen)
{
	struct vacc_sqe s = cr_sqe(VACC_OP_DIGEST, sess, alg, src, slen, dst, dlen);

	s.stage = stage;
	if (resume) {
		s.flags = VACC_CSQE_RESUME;
		s.aux = resume_done;
	}
	s.iv = (uintptr_t)iv;
	s.iv_len = ivlen;
	return q_run(q, &s);
}

struct vacc_cqe cr_aead(struct vq *q, uint16_t sess, uint8_t alg, uint8_t stage, int dec,
			void *iv, uint8_t ivlen, const void *src, uint32_t slen, uint32_t aad,
			void *dst, void *mac, uint8_t tlen)
{
	struct vacc_sqe s = cr_sqe(VACC_OP_AEAD, sess, alg, src, slen, dst, slen - aad);

	s.stage = stage;
	s.flags = dec ? VACC_CSQE_DECRYPT : 0;
	s.iv = (uintptr_t)iv;
	s.iv_len = ivlen;
	s.aux = aad;
	s.mac = (uintptr_t)mac;
	s.tag_len = tlen;
	return q_run(q, &s);
}

/* ---- sysfs -------------------------------------------------------------- */

/* Is @name a line of the device's sysfs "algorithms"? */
int alg_listed(const char *name)
{
	static char buf[8192];
	const char *p;
	size_t n = strlen(name);

	if (!buf[0] && sysfs_read("algorithms", buf, sizeof(buf)))
		return 0;
	for (p = buf; (p = strstr(p, name)); p += n)
		if ((p == buf || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return 1;
	return 0;
}

void rnd_bytes(void *p, size_t n)
{
	unsigned char *b = p;

	while (n--)
		*b++ = (unsigned char)rnd();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

/* ---- OpenSSL references --------------------------------------------------- */

/*
 * One EVP cipher pass without padding. @cts: the CBC-CS3 parameter.
 * @next_iv (may be NULL): OpenSSL's updated IV afterwards. 0 on success.
 */
int ossl_cipher(const char *name, int cts, const uint8_t *key, const uint8_t *iv,
		const uint8_t *in, size_t len, int enc, uint8_t *out, uint8_t *next_iv)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	OSSL_PARAM p[2] = { OSSL_PARAM_END, OSSL_PARAM_END };
	int ol = 0, fl = 0, ok;

	if (cts)
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_CIPHER_PARAM_CTS_MODE, "CS3", 0);
	ok = c && x && EVP_CipherInit_ex2(x, c, key, iv, enc, cts ? p : NULL) &&
	     EVP_CIPHER_CTX_set_padding(x, 0) &&
	     EVP_CipherUpdate(x, out, &ol, in, (int)len) &&
	     EVP_CipherFinal_ex(x, out + ol, &fl);
	if (ok && next_iv)
		ok = EVP_CIPHER_CTX_get_updated_iv(x, next_iv, 16);
	EVP_CIPHER_CTX_free(x);
	EVP_CIPHER_free(c);
	return ok && (size_t)(ol + fl) == len ? 0 : -1;
}

int ossl_digest(const char *name, const uint8_t *in, size_t len, uint8_t *md)
{
	unsigned int n;

	return EVP_Digest(in, len, md, &n, EVP_get_digestbyname(name), NULL) ? 0 : -1;
}

int ossl_hmac(const char *name, const uint8_t *key, size_t klen, const uint8_t *in,
	      size_t len, uint8_t *md)
{
	static const uint8_t nokey[1];
	unsigned int n;

	return HMAC(EVP_get_digestbyname(name), klen ? key : nokey, (int)klen, in, len, md,
		    &n) ? 0 : -1;
}

int ossl_cmac(const uint8_t *key, size_t klen, const uint8_t *in, size_t len, uint8_t *mac)
{
	EVP_MAC *m = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *x = m ? EVP_MAC_CTX_new(m) : NULL;
	char cname[32];
	OSSL_PARAM p[2];
	size_t ol;
	int ok;

	snprintf(cname, sizeof(cname), "AES-%zu-CBC", klen * 8);
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, cname, 0);
	p[1] = OSSL_PARAM_construct_end();
	ok = x && EVP_MAC_init(x, key, klen, p) && EVP_MAC_update(x, in, len) &&
	     EVP_MAC_final(x, mac, &ol, 16);
	EVP_MAC_CTX_free(x);
	EVP_MAC_free(m);
	return ok ? 0 : -1;
}

static int aes_ecb1(const uint8_t *key, size_t klen, const uint8_t *in, uint8_t *out)
{
	char name[32];

	snprintf(name, sizeof(name), "AES-%zu-ECB", klen * 8);
	return ossl_cipher(name, 0, key, NULL, in, 16, 1, out, NULL);
}

/* AES-XCBC-MAC (RFC 3566), all 16 bytes; the -96 variant keeps 12. */
int ref_xcbc(const uint8_t *key, size_t klen, const uint8_t *in, size_t len, uint8_t *mac)
{
	uint8_t k1[16], k2[16], k3[16], c[16] = { 0 }, m[16], t[16];
	size_t off = 0, i, r;

	memset(t, 1, 16);
	if (aes_ecb1(key, klen, t, k1))
		return -1;
	memset(t, 2, 16);
	aes_ecb1(key, klen, t, k2);
	memset(t, 3, 16);
	aes_ecb1(key, klen, t, k3);
	while (len - off > 16) {
		for (i = 0; i < 16; i++)
			m[i] = c[i] ^ in[off + i];
		aes_ecb1(k1, 16, m, c);
		off += 16;
	}
	r = len - off;
	memset(m, 0, 16);
	memcpy(m, in + off, r);
	if (r < 16)
		m[r] = 0x80;
	for (i = 0; i < 16; i++)
		m[i] ^= c[i] ^ (r == 16 ? k2[i] : k3[i]);
	return aes_ecb1(k1, 16, m, mac);
}

/*
 * One-shot AES-GCM: @ct and @tag (16 bytes) of @pt under a 12-byte @iv.
 * @dec: @in is the ciphertext, @tag checked; returns 1 on a bad tag.
 */
int ossl_gcm(const uint8_t *key, size_t klen, const uint8_t *iv, const uint8_t *aad,
	     size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag, int dec)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	char name[32];
	int ol, ok;

	snprintf(name, sizeof(name), "AES-%zu-GCM", klen * 8);
	ok = EVP_CipherInit_ex(x, EVP_get_cipherbyname(name), NULL, key, iv, !dec) &&
	     (!alen || EVP_CipherUpdate(x, NULL, &ol, aad, (int)alen)) &&
	     (!len || EVP_CipherUpdate(x, out, &ol, in, (int)len));
	if (ok && dec) {
		ok = EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_SET_TAG, 16, tag) &&
		     EVP_CipherFinal_ex(x, out + len, &ol);
		EVP_CIPHER_CTX_free(x);
		return ok ? 0 : 1;
	}
	ok = ok && EVP_CipherFinal_ex(x, out + len, &ol) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_GCM_GET_TAG, 16, tag);
	EVP_CIPHER_CTX_free(x);
	return ok ? 0 : -1;
}

/*
 * GMAC with J0 = @j0 (16 bytes): tag = E(K, J0) ^ GHASH(H, A). OpenSSL's
 * GCM with any 12-byte IV N gives E(K, N || 1) ^ GHASH(H, A) for an empty
 * payload, and GHASH does not depend on the IV.
 */
int ref_gmac(const uint8_t *key, size_t klen, const uint8_t *j0, const uint8_t *aad,
	     size_t alen, uint8_t *mac)
{
	uint8_t n[16] = { 0 }, t[16], e1[16], e2[16], dummy[16];
	int i;

	n[15] = 1;
	if (ossl_gcm(key, klen, n, aad, alen, NULL, 0, dummy, t, 0) ||
	    aes_ecb1(key, klen, n, e1) || aes_ecb1(key, klen, j0, e2))
		return -1;
	for (i = 0; i < 16; i++)
		mac[i] = t[i] ^ e1[i] ^ e2[i];
	return 0;
}

/*
 * AES-CCM from UADK's 16-byte iv (byte 0: L - 1, then the 15 - L nonce
 * bytes). Encrypt: @out, @tag. Decrypt: 1 on a bad tag.
 */
int ossl_ccm(const uint8_t *key, size_t klen, const uint8_t *iv, const uint8_t *aad,
	     size_t alen, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag,
	     int tlen, int dec)
{
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();
	int nl = 15 - ((iv[0] & 7) + 1), ol, ok;
	char name[32];

	snprintf(name, sizeof(name), "AES-%zu-CCM", klen * 8);
	ok = EVP_CipherInit_ex(x, EVP_get_cipherbyname(name), NULL, NULL, NULL, !dec) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_SET_IVLEN, nl, NULL) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_SET_TAG, tlen, dec ? tag : NULL) &&
	     EVP_CipherInit_ex(x, NULL, NULL, key, iv + 1, !dec) &&
	     EVP_CipherUpdate(x, NULL, &ol, NULL, (int)len) &&
	     (!alen || EVP_CipherUpdate(x, NULL, &ol, aad, (int)alen));
	if (!ok) {
		EVP_CIPHER_CTX_free(x);
		return -1;
	}
	/* CCM decrypt: the tag is checked in the payload Update */
	ok = EVP_CipherUpdate(x, out, &ol, in, (int)len);
	if (dec) {
		EVP_CIPHER_CTX_free(x);
		return ok ? 0 : 1;
	}
	ok = ok && EVP_CipherFinal_ex(x, out + len, &ol) &&
	     EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_CCM_GET_TAG, tlen, tag);
	EVP_CIPHER_CTX_free(x);
	return ok ? 0 : -1;
}

/* authenc(hmac(H), cbc(aes)): C = AES-CBC(P), tag = HMAC(akey, AAD || C). */
int ref_authenc(const char *hash, const uint8_t *ckey, size_t cklen, const uint8_t *akey,
		size_t aklen, const uint8_t *iv, const uint8_t *aad, size_t alen,
		const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	uint8_t *buf = xmalloc(alen + len);
	char name[32];
	int r;

	snprintf(name, sizeof(name), "AES-%zu-CBC", cklen * 8);
	r = ossl_cipher(name, 0, ckey, iv, in, len, 1, out, NULL);
	memcpy(buf, aad, alen);
	memcpy(buf + alen, out, len);
	if (!r)
		r = ossl_hmac(hash, akey, aklen, buf, alen + len, tag);
	free(buf);
	return r;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * The ABI's chaining state (vacc_abi.h: state words, big-endian; MD5
 * little-endian) after @len bytes of @m, a whole number of blocks, from
 * OpenSSL's low-level contexts; for HMAC the inner hash's, after the key
 * block. An independent check of the kernel side's conversion. -1: no
 * reference for @hash.
 */
int ref_state(const char *hash, int hmac, const uint8_t *key, size_t kl, const uint8_t *m,
	      size_t len, uint8_t *w)
{
	int blk = !strcmp(hash, "SHA384") || !strcmp(hash, "SHA512") ? 128 : 64, i;
	uint8_t pad[128] = { 0 };
	MD5_CTX c5;
	SHA_CTX c1;
	SHA256_CTX c2;
	SHA512_CTX c3;

	if (hmac) {
		if (kl > (size_t)blk)
			ossl_digest(hash, key, kl, pad);
		else if (kl)
			memcpy(pad, key, kl);
		for (i = 0; i < blk; i++)
			pad[i] ^= 0x36;
	}
	if (!strcmp(hash, "MD5")) {
		MD5_Init(&c5);
		if (hmac)
			MD5_Update(&c5, pad, blk);
		MD5_Update(&c5, m, len);
		memcpy(w, &c5.A, 4);	/* little-endian words on x86 */
		memcpy(w + 4, &c5.B, 4);
		memcpy(w + 8, &c5.C, 4);
		memcpy(w + 12, &c5.D, 4);
	} else if (!strcmp(hash, "SHA1")) {
		SHA1_Init(&c1);
		if (hmac)
			SHA1_Update(&c1, pad, blk);
		SHA1_Update(&c1, m, len);
		be32(w, c1.h0);
		be32(w + 4, c1.h1);
		be32(w + 8, c1.h2);
		be32(w + 12, c1.h3);
		be32(w + 16, c1.h4);
	} else if (!strcmp(hash, "SHA224") || !strcmp(hash, "SHA256")) {
		if (hash[3] == '2' && hash[4] == '2')
			SHA224_Init(&c2);
		else
			SHA256_Init(&c2);
		if (hmac)
			SHA256_Update(&c2, pad, blk);
		SHA256_Update(&c2, m, len);
		for (i = 0; i < 8; i++)
			be32(w + 4 * i, c2.h[i]);
	} else if (!strcmp(hash, "SHA384") || !strcmp(hash, "SHA512")) {
		if (hash[3] == '3')
			SHA384_Init(&c3);
		else
			SHA512_Init(&c3);
		if (hmac)
			SHA512_Update(&c3, pad, blk);
		SHA512_Update(&c3, m, len);
		for (i = 0; i < 8; i++) {
			be32(w + 8 * i, c3.h[i] >> 32);
			be32(w + 8 * i + 4, (uint32_t)c3.h[i]);
		}
	} else {
		return -1;
	}
	return 0;
}
