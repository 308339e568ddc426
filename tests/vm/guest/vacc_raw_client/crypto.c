// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client crypto: every algorithm the device advertises in sysfs,
 * through the raw ring, byte for byte against OpenSSL: ciphers in both
 * directions (output and IV write-back; lengths across the 64 KiB chunks,
 * in place too), digests one shot and as PART/LAST pieces resumed from
 * their chaining state, GCM whole and as FIRST/MIDDLE/END streams, GMAC,
 * CCM, authenc, and tag failures. Ids the device does not list must
 * answer SETUP with NO_ALG.
 */
#include "raw.h"
#include "crypto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG	(160 * 1024)	/* the largest message here, and then some */

static struct vq q;
static uint8_t *pt, *ct, *rt, *io;
static uint8_t tested[VACC_CALG_MAX];

static const char *const calg_name[VACC_CALG_MAX] = {
#define N(id, val, op, name) [val] = name,
	VACC_CALGS(N)
#undef N
};

static int setup_ok(uint16_t sess, uint8_t alg, const void *k, uint32_t kl, const void *k2,
		    uint32_t k2l)
{
	struct vacc_cqe c = cr_setup(&q, sess, alg, k, kl, k2, k2l);

	if (c.status != VACC_ST_OK)
		notok("crypto setup", "%s key %u+%u: status %u", calg_name[alg], kl, k2l, c.status);
	return c.status == VACC_ST_OK;
}

/* ---- ciphers ------------------------------------------------------------ */

enum { M_ECB, M_CBC, M_CTR, M_XTS, M_OFB, M_CFB, M_CS3 };

static const struct ctest {
	uint8_t id;
	const char *ossl;	/* %d: key bits (XTS: of one key) */
	int mode, ivlen, des;	/* des: single DES as 3DES with K || K || K */
	int keys[3];
} ctests[] = {
	{ VACC_CALG_AES_ECB, "AES-%d-ECB", M_ECB, 0, 0, { 16, 24, 32 } },
	{ VACC_CALG_AES_CBC, "AES-%d-CBC", M_CBC, 16, 0, { 16, 24, 32 } },
	{ VACC_CALG_AES_CTR, "AES-%d-CTR", M_CTR, 16, 0, { 16, 24, 32 } },
	{ VACC_CALG_AES_XTS, "AES-%d-XTS", M_XTS, 16, 0, { 32, 64 } },
	{ VACC_CALG_AES_OFB, "AES-%d-OFB", M_OFB, 16, 0, { 16, 24, 32 } },
	{ VACC_CALG_AES_CFB, "AES-%d-CFB", M_CFB, 16, 0, { 16, 24, 32 } },
	{ VACC_CALG_AES_CBC_CS3, "AES-%d-CBC-CTS", M_CS3, 16, 0, { 16, 24, 32 } },
	{ VACC_CALG_SM4_ECB, "SM4-ECB", M_ECB, 0, 0, { 16 } },
	{ VACC_CALG_SM4_CBC, "SM4-CBC", M_CBC, 16, 0, { 16 } },
	{ VACC_CALG_SM4_CTR, "SM4-CTR", M_CTR, 16, 0, { 16 } },
	{ VACC_CALG_SM4_OFB, "SM4-OFB", M_OFB, 16, 0, { 16 } },
	{ VACC_CALG_SM4_CFB, "SM4-CFB", M_CFB, 16, 0, { 16 } },
	{ VACC_CALG_DES_ECB, "DES-EDE3-ECB", M_ECB, 0, 1, { 8 } },
	{ VACC_CALG_DES_CBC, "DES-EDE3-CBC", M_CBC, 8, 1, { 8 } },
	{ VACC_CALG_DES3_ECB, "DES-EDE3-ECB", M_ECB, 0, 0, { 24 } },
	{ VACC_CALG_DES3_CBC, "DES-EDE3-CBC", M_CBC, 8, 0, { 24 } },
};

/* The ABI's IV after a request (vacc_abi.h, the CPU driver's rules). */
static void want_iv(const struct ctest *t, const uint8_t *iv, const uint8_t *c, uint32_t len,
		    const uint8_t *ossl_iv, uint8_t *out)
{
	int n = t->ivlen, i;
	uint64_t add;

	memcpy(out, iv, n);
	switch (t->mode) {
	case M_CBC:
	case M_CFB:
	case M_CS3:		/* the last ivlen bytes of IV || ciphertext */
		if (len >= (uint32_t)n) {
			memcpy(out, c + len - n, n);
		} else {
			memmove(out, iv + len, n - len);
			memcpy(out + n - len, c, len);
		}
		break;
	case M_CTR:		/* + whole blocks, 128-bit big-endian */
		add = len / 16;
		for (i = 15; i >= 0 && add; i--) {
			add += out[i];
			out[i] = add & 0xff;
			add >>= 8;
		}
		break;
	case M_OFB:
		if (len)
			memcpy(out, ossl_iv, n);
		break;
	}
}

static void lens_for(int mode, int blk, const uint32_t **l, int *n)
{
	static const uint32_t whole8[] = { 8, 64, 4096, 65568, 149984 };
	static const uint32_t whole16[] = { 16, 64, 4096, 65568, 149984 };
	static const uint32_t any[] = { 0, 1, 15, 16, 17, 100, 65537, 150001 };
	static const uint32_t unit[] = { 16, 17, 31, 32, 33, 100, 4096, 65551, 150001 };

	if (mode == M_ECB || mode == M_CBC) {
		*l = blk == 8 ? whole8 : whole16;
		*n = 5;
	} else if (mode == M_XTS || mode == M_CS3) {
		*l = unit;
		*n = sizeof(unit) / sizeof(unit[0]);
	} else {
		*l = any;
		*n = sizeof(any) / sizeof(any[0]);
	}
}

/* One key, one length: encrypt and decrypt against OpenSSL. 0: all equal. */
static int cipher_case(const struct ctest *t, int klen, uint32_t len, int inplace)
{
	uint8_t key[64], okey[64], iv[16], kiv[16], oiv[16], wiv[16];
	char name[40];
	struct vacc_cqe c;
	int bits = t->mode == M_XTS ? klen * 4 : klen * 8;

	rnd_bytes(key, klen);
	rnd_bytes(iv, sizeof(iv));
	rnd_bytes(pt, len);
	memcpy(okey, key, klen);
	if (t->des) {
		memcpy(okey + 8, key, 8);
		memcpy(okey + 16, key, 8);
	}
	snprintf(name, sizeof(name), t->ossl, bits);
	if (ossl_cipher(name, t->mode == M_CS3, okey, iv, pt, len, 1, rt, oiv)) {
		notok("cipher reference", "%s len %u: OpenSSL failed", name, len);
		return -1;
	}
	if (!setup_ok(t->id, t->id, key, klen, NULL, 0))
		return -1;
	/* encrypt */
	memcpy(kiv, iv, sizeof(iv));
	if (inplace) {
		memcpy(io, pt, len);
		c = cr_cipher(&q, t->id, t->id, 0, t->ivlen ? kiv : NULL, t->ivlen, io, io, len);
	} else {
		c = cr_cipher(&q, t->id, t->id, 0, t->ivlen ? kiv : NULL, t->ivlen, pt, io, len);
	}
	want_iv(t, iv, rt, len, oiv, wiv);
	if (c.status || c.produced != len || memcmp(io, rt, len) ||
	    memcmp(kiv, wiv, t->ivlen)) {
		notok("cipher encrypt", "%s key %d len %u%s: status %u produced %u, output %s, iv %s",
		      calg_name[t->id], klen, len, inplace ? " in place" : "", c.status,
		      c.produced, memcmp(io, rt, len) ? "differs" : "same",
		      memcmp(kiv, wiv, t->ivlen) ? "differs" : "same");
		return -1;
	}
	/* decrypt OpenSSL's ciphertext */
	memcpy(kiv, iv, sizeof(iv));
	if (inplace) {
		memcpy(io, rt, len);
		c = cr_cipher(&q, t->id, t->id, 1, t->ivlen ? kiv : NULL, t->ivlen, io, io, len);
	} else {
		c = cr_cipher(&q, t->id, t->id, 1, t->ivlen ? kiv : NULL, t->ivlen, rt, io, len);
	}
	if (c.status || memcmp(io, pt, len) || memcmp(kiv, wiv, t->ivlen)) {
		notok("cipher decrypt", "%s key %d len %u%s: status %u, output %s, iv %s",
		      calg_name[t->id], klen, len, inplace ? " in place" : "", c.status,
		      memcmp(io, pt, len) ? "differs" : "same",
		      memcmp(kiv, wiv, t->ivlen) ? "differs" : "same");
		return -1;
	}
	return 0;
}

static void test_ciphers(void)
{
	const uint32_t *lens;
	unsigned int i;
	int n, k, l, bad;

	for (i = 0; i < sizeof(ctests) / sizeof(ctests[0]); i++) {
		const struct ctest *t = &ctests[i];
		char what[96];

		if (!alg_listed(calg_name[t->id]))
			continue;
		lens_for(t->mode, t->des || t->id == VACC_CALG_DES3_ECB ||
			 t->id == VACC_CALG_DES3_CBC ? 8 : 16, &lens, &n);
		bad = 0;
		for (k = 0; k < 3 && t->keys[k]; k++)
			for (l = 0; l < n; l++)
				bad |= cipher_case(t, t->keys[k], lens[l], (k + l) & 1);
		tested[t->id] = 1;
		snprintf(what, sizeof(what), "cipher %s: OpenSSL's output and IV, both ways",
			 calg_name[t->id]);
		if (!bad)
			ok(what);
	}
}

/* ---- digests -------------------------------------------------------------- */

static const struct dtest {
	uint8_t id;
	const char *ossl;
	int hmac, blk, mac, ssize;
} dtests[] = {
	{ VACC_CALG_MD5, "MD5", 0, 64, 16, 16 },
	{ VACC_CALG_SHA1, "SHA1", 0, 64, 20, 20 },
	{ VACC_CALG_SHA224, "SHA224", 0, 64, 28, 32 },
	{ VACC_CALG_SHA256, "SHA256", 0, 64, 32, 32 },
	{ VACC_CALG_SHA384, "SHA384", 0, 128, 48, 64 },
	{ VACC_CALG_SHA512, "SHA512", 0, 128, 64, 64 },
	{ VACC_CALG_SM3, "SM3", 0, 64, 32, 32 },
	{ VACC_CALG_HMAC_MD5, "MD5", 1, 64, 16, 16 },
	{ VACC_CALG_HMAC_SHA1, "SHA1", 1, 64, 20, 20 },
	{ VACC_CALG_HMAC_SHA224, "SHA224", 1, 64, 28, 32 },
	{ VACC_CALG_HMAC_SHA256, "SHA256", 1, 64, 32, 32 },
	{ VACC_CALG_HMAC_SHA384, "SHA384", 1, 128, 48, 64 },
	{ VACC_CALG_HMAC_SHA512, "SHA512", 1, 128, 64, 64 },
	{ VACC_CALG_HMAC_SM3, "SM3", 1, 64, 32, 32 },
};

static int hash_ref(const struct dtest *t, const uint8_t *key, int kl, const uint8_t *m,
		    size_t len, uint8_t *md)
{
	return t->hmac ? ossl_hmac(t->ossl, key, kl, m, len, md) : ossl_digest(t->ossl, m, len, md);
}

static int digest_hash(const struct dtest *t, int kl)
{
	static const uint32_t lens[] = { 0, 1, 63, 64, 1000, 65536, 65537, 150001 };
	uint32_t total = 3 * 65536 + 4 * t->blk + 777, p1 = 2 * 65536, p2 = 65536 + 4 * t->blk;
	uint8_t key[200], md[64], out[72], st[64];
	struct vacc_cqe c;
	unsigned int i;

	rnd_bytes(key, sizeof(key));
	if (!setup_ok(t->id, t->id, key, kl, NULL, 0))
		return -1;
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t dl = i == 2 ? 5 : t->mac;	/* one truncated MAC */

		rnd_bytes(pt, lens[i]);
		hash_ref(t, key, kl, pt, lens[i], md);
		memset(out, 0, sizeof(out));
		c = cr_digest(&q, t->id, t->id, VACC_DG_ONESHOT, 0, 0, pt, lens[i], out, dl,
			      NULL, 0);
		if (c.status || memcmp(out, md, dl) || out[dl]) {
			notok("digest one shot", "%s key %d len %u: status %u, MAC %s",
			      calg_name[t->id], kl, lens[i], c.status,
			      memcmp(out, md, dl) ? "differs" : "ok");
			return -1;
		}
	}
	/* a long message in three pieces, the state carried through memory */
	rnd_bytes(pt, total);
	hash_ref(t, key, kl, pt, total, md);
	c = cr_digest(&q, t->id, t->id, VACC_DG_PART, 0, 0, pt, p1, st, t->ssize, NULL, 0);
	/* the state words themselves, against OpenSSL's context */
	if (c.status == VACC_ST_OK && !ref_state(t->ossl, t->hmac, key, kl, pt, p1, out) &&
	    memcmp(st, out, t->ssize)) {
		notok("digest PART state", "%s key %d: the state words differ from OpenSSL's",
		      calg_name[t->id], kl);
		return -1;
	}
	if (c.status == VACC_ST_OK)
		c = cr_digest(&q, t->id, t->id, VACC_DG_PART, p1, 1, pt + p1, p2, st, t->ssize,
			      NULL, 0);
	if (c.status == VACC_ST_OK)
		c = cr_digest(&q, t->id, t->id, VACC_DG_LAST, p1 + p2, 1, pt + p1 + p2,
			      total - p1 - p2, st, t->mac, NULL, 0);
	if (c.status || memcmp(st, md, t->mac)) {
		notok("digest PART/PART/LAST with RESUME", "%s key %d: status %u, MAC %s",
		      calg_name[t->id], kl, c.status, memcmp(st, md, t->mac) ? "differs" : "ok");
		return -1;
	}
	/* LAST without RESUME is a whole message */
	hash_ref(t, key, kl, pt, 300, md);
	c = cr_digest(&q, t->id, t->id, VACC_DG_LAST, 0, 0, pt, 300, out, t->mac, NULL, 0);
	if (c.status || memcmp(out, md, t->mac)) {
		notok("digest LAST alone", "%s: status %u", calg_name[t->id], c.status);
		return -1;
	}
	return 0;
}

static int digest_mac(uint8_t id)
{
	static const uint32_t lens[] = { 0, 1, 16, 100, 70000 };
	static const int keys[] = { 16, 24, 32 };
	uint8_t key[32], iv[16], md[16], out[16];
	int k, macn = id == VACC_CALG_AES_XCBC_MAC_96 ? 12 : 16;
	struct vacc_cqe c;
	unsigned int i;

	for (k = 0; k < (id == VACC_CALG_AES_XCBC_MAC_96 ? 1 : 3); k++) {
		rnd_bytes(key, sizeof(key));
		if (!setup_ok(id % VACC_MAX_SESSIONS, id, key, keys[k], NULL, 0))
			return -1;
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			rnd_bytes(pt, lens[i]);
			rnd_bytes(iv, sizeof(iv));
			if (id == VACC_CALG_AES_CMAC)
				ossl_cmac(key, keys[k], pt, lens[i], md);
			else if (id == VACC_CALG_AES_XCBC_MAC_96)
				ref_xcbc(key, keys[k], pt, lens[i], md);
			else
				ref_gmac(key, keys[k], iv, pt, lens[i], md);
			c = cr_digest(&q, id % VACC_MAX_SESSIONS, id, VACC_DG_ONESHOT, 0, 0, pt,
				      lens[i], out, macn,
				      id == VACC_CALG_AES_GMAC ? iv : NULL,
				      id == VACC_CALG_AES_GMAC ? 16 : 0);
			if (c.status || memcmp(out, md, macn)) {
				notok("digest MAC", "%s key %d len %u: status %u, MAC %s",
				      calg_name[id], keys[k], lens[i], c.status,
				      memcmp(out, md, macn) ? "differs" : "ok");
				return -1;
			}
		}
	}
	return 0;
}

static void test_digests(void)
{
	static const uint8_t macs[] = { VACC_CALG_AES_CMAC, VACC_CALG_AES_XCBC_MAC_96,
					VACC_CALG_AES_GMAC };
	static const int hkeys[] = { 0, 20, 131 };
	unsigned int i;
	char what[96];
	int k, bad;

	for (i = 0; i < sizeof(dtests) / sizeof(dtests[0]); i++) {
		const struct dtest *t = &dtests[i];

		if (!alg_listed(calg_name[t->id]))
			continue;
		bad = 0;
		for (k = 0; k < (t->hmac ? 3 : 1); k++)
			bad |= digest_hash(t, hkeys[k]);
		tested[t->id] = 1;
		snprintf(what, sizeof(what), "digest %s: one shot and PART/LAST pieces = OpenSSL",
			 calg_name[t->id]);
		if (!bad)
			ok(what);
	}
	for (i = 0; i < sizeof(macs); i++) {
		if (!alg_listed(calg_name[macs[i]]))
			continue;
		tested[macs[i]] = 1;
		snprintf(what, sizeof(what), "digest %s = reference", calg_name[macs[i]]);
		if (!digest_mac(macs[i]))
			ok(what);
	}
}

/* ---- AEAD ------------------------------------------------------------------- */

static int all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static int gcm_block(int klen)
{
	static const uint32_t pairs[][2] = { { 0, 0 }, { 0, 1 }, { 13, 16 }, { 16, 100 },
					     { 20, 70005 }, { 70000, 33 } };
	static const uint8_t tls[] = { 16, 12, 4, 16, 13, 16 };
	uint8_t key[32], iv[12], tag[16], ktag[16];
	struct vacc_cqe c;
	unsigned int i;

	rnd_bytes(key, sizeof(key));
	if (!setup_ok(3, VACC_CALG_AES_GCM, key, klen, NULL, 0))
		return -1;
	for (i = 0; i < 6; i++) {
		uint32_t a = pairs[i][0], n = pairs[i][1];
		uint8_t tl = tls[i];

		rnd_bytes(iv, sizeof(iv));
		rnd_bytes(pt, a + n);	/* AAD || plaintext */
		memcpy(rt, pt, a);	/* AAD || OpenSSL's ciphertext */
		ossl_gcm(key, klen, iv, pt, a, pt + a, n, rt + a, tag, 0);
		c = cr_aead(&q, 3, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 0, iv, 12, pt, a + n, a, io,
			    ktag, tl);
		if (c.status || memcmp(io, rt + a, n) || memcmp(ktag, tag, tl)) {
			notok("gcm encrypt", "key %d aad %u len %u tag %u: status %u", klen, a, n,
			      tl, c.status);
			return -1;
		}
		c = cr_aead(&q, 3, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 1, iv, 12, rt, a + n, a, io,
			    ktag, tl);
		if (c.status || memcmp(io, pt + a, n)) {
			notok("gcm decrypt", "key %d aad %u len %u: status %u", klen, a, n,
			      c.status);
			return -1;
		}
		ktag[tl - 1] ^= 1;
		c = cr_aead(&q, 3, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 1, iv, 12, rt, a + n, a, io,
			    ktag, tl);
		if (c.status != VACC_ST_AUTH_FAIL || !all_zero(io, n)) {
			notok("gcm bad tag", "key %d len %u: status %u, dst %s", klen, n,
			      c.status, all_zero(io, n) ? "zeroed" : "not zeroed");
			return -1;
		}
	}
	return 0;
}

/* FIRST (AAD) / MIDDLE / MIDDLE / END, both ways, = OpenSSL's one shot */
static int gcm_stream(int klen)
{
	uint32_t a = 40, m1 = 69984, m2 = 1024, e = 777, n = m1 + m2 + e;
	uint8_t key[32], iv[12], tag[16], ktag[16];
	struct vacc_cqe c;
	int d;

	rnd_bytes(key, sizeof(key));
	rnd_bytes(iv, sizeof(iv));
	rnd_bytes(pt, a + n);
	memcpy(rt, pt, a);
	ossl_gcm(key, klen, iv, pt, a, pt + a, n, rt + a, tag, 0);
	if (!setup_ok(9, VACC_CALG_AES_GCM, key, klen, NULL, 0))
		return -1;
	for (d = 0; d < 2; d++) {
		const uint8_t *in = d ? rt : pt, *want = d ? pt : rt;

		if (d)
			memcpy(ktag, tag, 16);
		c = cr_aead(&q, 9, VACC_CALG_AES_GCM, VACC_AE_FIRST, d, iv, 12, in, a, a, NULL,
			    NULL, 0);
		if (!c.status)
			c = cr_aead(&q, 9, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, d, NULL, 0, in + a,
				    m1, 0, io, NULL, 0);
		if (!c.status)
			c = cr_aead(&q, 9, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, d, NULL, 0,
				    in + a + m1, m2, 0, io + m1, NULL, 0);
		if (!c.status)
			c = cr_aead(&q, 9, VACC_CALG_AES_GCM, VACC_AE_END, d, NULL, 0,
				    in + a + m1 + m2, e, 0, io + m1 + m2, ktag, 16);
		if (c.status || memcmp(io, want + a, n) || memcmp(ktag, tag, 16)) {
			notok("gcm stream", "%s key %d: status %u, data %s, tag %s",
			      d ? "decrypt" : "encrypt", klen, c.status,
			      memcmp(io, want + a, n) ? "differs" : "ok",
			      memcmp(ktag, tag, 16) ? "differs" : "ok");
			return -1;
		}
	}
	return 0;
}

static int ccm_cases(int klen)
{
	static const uint32_t pairs[][2] = { { 0, 0 }, { 0, 1 }, { 20, 33 }, { 70000, 100 },
					     { 24, 60000 } };
	static const int Ls[] = { 2, 3, 4, 8 }, tls[] = { 4, 8, 16, 10 };
	uint8_t key[32], iv[16], tag[16], ktag[16];
	struct vacc_cqe c;
	unsigned int i, l;

	rnd_bytes(key, sizeof(key));
	if (!setup_ok(4, VACC_CALG_AES_CCM, key, klen, NULL, 0))
		return -1;
	for (l = 0; l < 4; l++) {
		for (i = 0; i < 5; i++) {
			uint32_t a = pairs[i][0], n = pairs[i][1];
			int tl = tls[(i + l) % 4];

			if (Ls[l] == 2 && n > 65535)
				continue;
			rnd_bytes(iv, sizeof(iv));	/* the counter bytes are ignored */
			iv[0] = Ls[l] - 1;
			rnd_bytes(pt, a + n);
			memcpy(rt, pt, a);
			if (ossl_ccm(key, klen, iv, pt, a, pt + a, n, rt + a, tag, tl, 0)) {
				notok("ccm reference", "OpenSSL failed: L %d len %u", Ls[l], n);
				return -1;
			}
			c = cr_aead(&q, 4, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 0, iv, 16, pt, a + n,
				    a, io, ktag, tl);
			if (c.status || memcmp(io, rt + a, n) || memcmp(ktag, tag, tl)) {
				notok("ccm encrypt", "key %d L %d aad %u len %u tag %d: status %u",
				      klen, Ls[l], a, n, tl, c.status);
				return -1;
			}
			c = cr_aead(&q, 4, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 1, iv, 16, rt, a + n,
				    a, io, ktag, tl);
			if (c.status || memcmp(io, pt + a, n)) {
				notok("ccm decrypt", "key %d L %d len %u: status %u", klen, Ls[l], n,
				      c.status);
				return -1;
			}
			ktag[0] ^= 0x80;
			c = cr_aead(&q, 4, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 1, iv, 16, rt, a + n,
				    a, io, ktag, tl);
			if (c.status != VACC_ST_AUTH_FAIL) {
				notok("ccm bad tag", "status %u", c.status);
				return -1;
			}
		}
	}
	return 0;
}

static const struct atest {
	uint8_t id;
	const char *hash;
	int mac;
} atests[] = {
	{ VACC_CALG_AUTHENC_MD5_AES, "MD5", 16 },
	{ VACC_CALG_AUTHENC_SHA1_AES, "SHA1", 20 },
	{ VACC_CALG_AUTHENC_SHA224_AES, "SHA224", 28 },
	{ VACC_CALG_AUTHENC_SHA256_AES, "SHA256", 32 },
	{ VACC_CALG_AUTHENC_SHA384_AES, "SHA384", 48 },
	{ VACC_CALG_AUTHENC_SHA512_AES, "SHA512", 64 },
	{ VACC_CALG_AUTHENC_SM3_AES, "SM3", 32 },
};

static int authenc_cases(const struct atest *t)
{
	static const uint32_t aads[] = { 0, 8, 20 }, lens[] = { 0, 16, 70000 };
	static const int cks[] = { 16, 32 }, aks[] = { 20, 64 };
	uint8_t ckey[32], akey[64], iv[16], tag[64], ktag[64];
	struct vacc_cqe c;
	int k, i;

	for (k = 0; k < 2; k++) {
		rnd_bytes(ckey, sizeof(ckey));
		rnd_bytes(akey, sizeof(akey));
		if (!setup_ok(t->id % 64, t->id, ckey, cks[k], akey, aks[k]))
			return -1;
		for (i = 0; i < 3; i++) {
			uint32_t a = aads[i], n = lens[(i + k) % 3];
			int tl = i == 1 ? 12 : t->mac;

			rnd_bytes(iv, sizeof(iv));
			rnd_bytes(pt, a + n);
			memcpy(rt, pt, a);
			ref_authenc(t->hash, ckey, cks[k], akey, aks[k], iv, pt, a, pt + a, n,
				    rt + a, tag);
			c = cr_aead(&q, t->id % 64, t->id, VACC_AE_BLOCK, 0, iv, 16, pt, a + n, a,
				    io, ktag, tl);
			if (c.status || memcmp(io, rt + a, n) || memcmp(ktag, tag, tl)) {
				notok("authenc encrypt", "%s key %d aad %u len %u tag %d: status %u",
				      calg_name[t->id], cks[k], a, n, tl, c.status);
				return -1;
			}
			c = cr_aead(&q, t->id % 64, t->id, VACC_AE_BLOCK, 1, iv, 16, rt, a + n, a,
				    io, ktag, tl);
			if (c.status || memcmp(io, pt + a, n)) {
				notok("authenc decrypt", "%s len %u: status %u", calg_name[t->id],
				      n, c.status);
				return -1;
			}
			ktag[tl / 2] ^= 4;
			c = cr_aead(&q, t->id % 64, t->id, VACC_AE_BLOCK, 1, iv, 16, rt, a + n, a,
				    io, ktag, tl);
			if (c.status != VACC_ST_AUTH_FAIL) {
				notok("authenc bad tag", "%s: status %u", calg_name[t->id], c.status);
				return -1;
			}
		}
	}
	return 0;
}

static void test_aeads(void)
{
	static const int keys[] = { 16, 24, 32 };
	unsigned int i;
	char what[96];
	int k, bad;

	if (alg_listed("gcm(aes)")) {
		bad = 0;
		for (k = 0; k < 3; k++)
			bad |= gcm_block(keys[k]) | gcm_stream(keys[k]);
		tested[VACC_CALG_AES_GCM] = 1;
		if (!bad)
			ok("aead gcm(aes): BLOCK and FIRST/MIDDLE/END streams = OpenSSL, bad tag AUTH_FAIL");
	}
	if (alg_listed("ccm(aes)")) {
		bad = ccm_cases(16) | ccm_cases(32);
		tested[VACC_CALG_AES_CCM] = 1;
		if (!bad)
			ok("aead ccm(aes): L 2..8, tags 4..16 = OpenSSL, bad tag AUTH_FAIL");
	}
	for (i = 0; i < sizeof(atests) / sizeof(atests[0]); i++) {
		if (!alg_listed(calg_name[atests[i].id]))
			continue;
		tested[atests[i].id] = 1;
		snprintf(what, sizeof(what), "aead %s = CBC + HMAC, bad tag AUTH_FAIL",
			 calg_name[atests[i].id]);
		if (!authenc_cases(&atests[i]))
			ok(what);
	}
}

/* ---- the list ----------------------------------------------------------------- */

static void test_listing(void)
{
	static const uint8_t ka[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	unsigned int id, listed = 0, missing = 0;
	struct vacc_cqe c;

	CHECK(alg_listed("cipher") && alg_listed("digest") && alg_listed("aead") &&
	      alg_listed("zlib") && alg_listed("memcpy"),
	      "sysfs algorithms: cipher, digest, aead with the others", "missing a class");
	CHECK(q.ctrl->max_sessions == VACC_MAX_SESSIONS, "ctrl max_sessions", "%u",
	      q.ctrl->max_sessions);
	printf("# advertised:");
	for (id = 1; id < VACC_CALG_MAX; id++) {
		if (!calg_name[id])
			continue;
		if (alg_listed(calg_name[id])) {
			printf(" %s", calg_name[id]);
			listed++;
			continue;
		}
		/* not listed: SETUP says NO_ALG */
		c = cr_setup(&q, 1, id, ka, 16, NULL, 0);
		if (c.status != VACC_ST_NO_ALG) {
			notok("unlisted algorithm", "%s: SETUP status %u, want NO_ALG",
			      calg_name[id], c.status);
			missing++;
		}
	}
	printf("\n");
	CHECK(listed > 0 && !missing, "unlisted algorithms (SM3/SM4 here) answer SETUP with NO_ALG",
	      "%u listed", listed);
}

static void test_all_tested(void)
{
	unsigned int id, bad = 0;

	for (id = 1; id < VACC_CALG_MAX; id++) {
		if (calg_name[id] && alg_listed(calg_name[id]) && !tested[id]) {
			notok("advertised algorithm untested", "%s", calg_name[id]);
			bad++;
		}
	}
	if (!bad)
		ok("every advertised algorithm was tested");
}

int cmd_crypto(void)
{
	pt = xmalloc(BIG);
	ct = xmalloc(BIG);
	rt = xmalloc(BIG);
	io = xmalloc(BIG);
	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	test_listing();
	test_ciphers();
	test_digests();
	test_aeads();
	test_all_tested();
	q_close(&q);
	return 0;
}
