/* SPDX-License-Identifier: Apache-2.0 */
/*
 * AEAD known answers: AES-GCM (CAVP gcmEncryptExtIV / gcmDecrypt, 96-bit
 * IVs), AES-GMAC through the digest class (the GCM vectors without
 * plaintext), AES-CCM (CAVP DVPT, VADT, VNT, VPT, VTT), and the SM4-GCM /
 * SM4-CCM examples of RFC 8998 appendix A (the package has no SM4 AEAD
 * vectors). Block mode: src = AAD || payload, result at dst + AAD length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "kat.h"

#define MAXD	1024

struct aead_io {
	uint8_t src[2 * MAXD], dst[2 * MAXD], mac[16];
	uint16_t state;
};

static int aead_run(handle_t h, int op, const uint8_t *aad, uint32_t alen, const uint8_t *in,
		    uint32_t len, uint8_t *iv, uint16_t ivlen, uint16_t maclen, struct aead_io *io)
{
	struct wd_aead_req r = { .op_type = op, .src = io->src, .dst = io->dst, .mac = io->mac,
				 .iv = iv, .in_bytes = len, .out_bytes = alen + len,
				 .iv_bytes = ivlen, .mac_bytes = maclen,
				 .assoc_bytes = (uint16_t)alen };
	int ret;

	memcpy(io->src, aad, alen);
	memcpy(io->src + alen, in, len);
	ret = wd_do_aead_sync(h, &r);
	io->state = r.state;
	return ret;
}

/* GCM records: Key IV PT AAD CT Tag (FAIL in the decrypt files). */
static enum kat_result gcm_rec(const struct tv_rec *r, void *arg)
{
	uint8_t key[32], iv[12], ivc[12], pt[MAXD], aad[MAXD], ct[MAXD], tag[16];
	long taglen = tv_int(r, "Taglen") / 8, klen, plen, alen;
	bool fail = tv_has(r, "FAIL");
	static struct aead_io io;
	handle_t h;

	(void)arg;
	if (tv_int(r, "IVlen") != 96)
		return KAT_SKIP;	/* UADK's GCM IV is 12 bytes */
	klen = kat_hex(r, "Key", key, sizeof(key));
	kat_hex(r, "IV", iv, sizeof(iv));
	alen = kat_hex(r, "AAD", aad, sizeof(aad));
	plen = kat_hex(r, "CT", ct, sizeof(ct));
	if (kat_hex(r, "Tag", tag, sizeof(tag)) != taglen)
		fail_msg("%s:%d: Tag length", r->file, r->line);
	if (!fail && kat_hex(r, "PT", pt, sizeof(pt)) != plen)
		fail_msg("%s:%d: PT length", r->file, r->line);
	h = ct_aead_sess(WD_CIPHER_AES, WD_CIPHER_GCM, 0, key, (uint16_t)klen, NULL, 0,
			 (uint16_t)(taglen < 8 ? 16 : taglen));
	assert_true(h);
	if (taglen < 8) {	/* UADK's GCM tags are 8..16 bytes */
		assert_int_equal(wd_aead_set_authsize(h, (uint16_t)taglen), -WD_EINVAL);
		wd_aead_free_sess(h);
		return KAT_REFUSED;
	}
	if (!plen && !alen) {	/* nothing to do: UADK refuses such a request */
		memcpy(ivc, iv, 12);
		assert_int_equal(aead_run(h, WD_CIPHER_ENCRYPTION_DIGEST, aad, 0, pt, 0, ivc, 12,
					  16, &io), -WD_EINVAL);
		wd_aead_free_sess(h);
		return KAT_REFUSED;
	}
	if (!fail) {
		memcpy(ivc, iv, 12);
		if (aead_run(h, WD_CIPHER_ENCRYPTION_DIGEST, aad, (uint32_t)alen, pt, (uint32_t)plen,
			     ivc, 12, 16, &io) || io.state)
			fail_msg("%s:%d: encrypt refused (state %u)", r->file, r->line, io.state);
		kat_same(r, "ciphertext", io.dst + alen, ct, (size_t)plen);
		kat_same(r, "tag", io.mac, tag, (size_t)taglen);
	}
	memcpy(ivc, iv, 12);
	memcpy(io.mac, tag, (size_t)taglen);
	if (aead_run(h, WD_CIPHER_DECRYPTION_DIGEST, aad, (uint32_t)alen, ct, (uint32_t)plen, ivc,
		     12, (uint16_t)taglen, &io))
		fail_msg("%s:%d: decrypt refused", r->file, r->line);
	if (fail && io.state != WD_IN_EPARA)
		fail_msg("%s:%d: a bad tag gave state %u, not WD_IN_EPARA", r->file, r->line,
			 io.state);
	if (!fail) {
		if (io.state)
			fail_msg("%s:%d: the right tag gave state %u", r->file, r->line, io.state);
		kat_same(r, "plaintext", io.dst + alen, pt, (size_t)plen);
	}
	wd_aead_free_sess(h);
	return KAT_OK;
}

void kat_gcm(void **state)
{
	struct kat_tally t = { 0 };

	(void)state;
	kat_dir(&t, "ciphers/AES/GCM", "gcmEncryptExtIV", ".rsp", "Count", gcm_rec, NULL);
	kat_dir(&t, "ciphers/AES/GCM", "gcmDecrypt", ".rsp", "Count", gcm_rec, NULL);
	kat_report("AES-GCM", &t, "4-byte tags and empty requests refused; IVs not 96 bits skipped");
}

/*
 * GMAC = GCM without plaintext. UADK's GMAC iv is 16 bytes: the counter
 * block J0 = IV || 00000001 for a 96-bit IV.
 */
static enum kat_result gmac_rec(const struct tv_rec *r, void *arg)
{
	uint8_t key[32], iv[16] = { 0 }, aad[MAXD], tag[16], out[16], ct[MAXD];
	struct wd_digest_req q = { .in = aad, .out = out, .out_bytes = 16, .out_buf_bytes = 16,
				   .iv = iv, .iv_bytes = 16 };
	long klen, taglen;
	handle_t h;

	(void)arg;
	if (tv_int(r, "IVlen") != 96 || kat_hex(r, "CT", ct, sizeof(ct)) != 0)
		return KAT_SKIP;
	klen = kat_hex(r, "Key", key, sizeof(key));
	kat_hex(r, "IV", iv, 12);
	iv[15] = 1;
	q.in_bytes = (uint32_t)kat_hex(r, "AAD", aad, sizeof(aad));
	taglen = kat_hex(r, "Tag", tag, sizeof(tag));
	h = ct_digest_sess(WD_DIGEST_AES_GMAC, WD_DIGEST_HMAC, key, (uint32_t)klen);
	if (!h)
		fail_msg("%s:%d: no GMAC session", r->file, r->line);
	if (wd_do_digest_sync(h, &q))
		fail_msg("%s:%d: GMAC refused", r->file, r->line);
	if (tv_has(r, "FAIL")) {	/* the vector's tag is wrong: ours must differ */
		if (!memcmp(out, tag, (size_t)taglen))
			fail_msg("%s:%d: GMAC equals a tag marked FAIL", r->file, r->line);
	} else {
		kat_same(r, "GMAC", out, tag, (size_t)taglen);
	}
	wd_digest_free_sess(h);
	return KAT_OK;
}

void kat_gmac(void **state)
{
	struct kat_tally t = { 0 };

	(void)state;
	kat_dir(&t, "ciphers/AES/GCM", "gcm", ".rsp", "Count", gmac_rec, NULL);
	kat_report("AES-GMAC", &t, "records with plaintext or IVs not 96 bits");
}

/* CCM: the 16-byte IV is the counter block: L - 1, the nonce, zeros. */
static void ccm_iv(uint8_t *iv, const uint8_t *nonce, long nlen)
{
	memset(iv, 0, 16);
	iv[0] = (uint8_t)(14 - nlen);
	memcpy(iv + 1, nonce, (size_t)nlen);
}

static enum kat_result ccm_rec(const struct tv_rec *r, void *arg)
{
	uint8_t key[32], nonce[16], iv[16], ad[MAXD], pl[MAXD], ct[MAXD + 16];
	long alen = tv_int(r, "Alen"), plen = tv_int(r, "Plen"), nlen = tv_int(r, "Nlen");
	long tlen = tv_int(r, "Tlen"), klen;
	const char *res = tv_get(r, "Result");
	static struct aead_io io;
	handle_t h;

	(void)arg;
	if (alen < 0 || plen < 0 || nlen < 7 || nlen > 13 || tlen < 4)
		fail_msg("%s:%d: Alen/Plen/Nlen/Tlen", r->file, r->line);
	klen = kat_hex(r, "Key", key, sizeof(key));
	kat_hex(r, "Nonce", nonce, sizeof(nonce));
	if (kat_hex(r, "Adata", ad, sizeof(ad)) < alen || kat_hex(r, "CT", ct, sizeof(ct)) !=
	    plen + tlen)
		fail_msg("%s:%d: Adata/CT lengths", r->file, r->line);
	if (!res || !strncmp(res, "Pass", 4))
		if (kat_hex(r, "Payload", pl, sizeof(pl)) < plen)
			fail_msg("%s:%d: Payload length", r->file, r->line);
	h = ct_aead_sess(WD_CIPHER_AES, WD_CIPHER_CCM, 0, key, (uint16_t)klen, NULL, 0,
			 (uint16_t)tlen);
	assert_true(h);
	ccm_iv(iv, nonce, nlen);
	if (!alen && !plen) {	/* nothing to do: UADK refuses such a request */
		assert_int_equal(aead_run(h, WD_CIPHER_ENCRYPTION_DIGEST, ad, 0, pl, 0, iv, 16, 16,
					  &io), -WD_EINVAL);
		wd_aead_free_sess(h);
		return KAT_REFUSED;
	}
	if (!res) {	/* encryption vectors: CT is ciphertext || tag */
		if (aead_run(h, WD_CIPHER_ENCRYPTION_DIGEST, ad, (uint32_t)alen, pl, (uint32_t)plen,
			     iv, 16, 16, &io) || io.state)
			fail_msg("%s:%d: encrypt refused", r->file, r->line);
		kat_same(r, "ciphertext", io.dst + alen, ct, (size_t)plen);
		kat_same(r, "tag", io.mac, ct + plen, (size_t)tlen);
		ccm_iv(iv, nonce, nlen);
	}
	memcpy(io.mac, ct + plen, (size_t)tlen);
	if (aead_run(h, WD_CIPHER_DECRYPTION_DIGEST, ad, (uint32_t)alen, ct, (uint32_t)plen, iv, 16,
		     (uint16_t)tlen, &io))
		fail_msg("%s:%d: decrypt refused", r->file, r->line);
	if (res && strncmp(res, "Pass", 4)) {
		if (io.state != WD_IN_EPARA)
			fail_msg("%s:%d: a failing vector gave state %u", r->file, r->line, io.state);
	} else {
		if (io.state)
			fail_msg("%s:%d: state %u", r->file, r->line, io.state);
		kat_same(r, "payload", io.dst + alen, pl, (size_t)plen);
	}
	wd_aead_free_sess(h);
	return KAT_OK;
}

void kat_ccm(void **state)
{
	static const char *const kinds[] = { "DVPT", "VADT", "VNT", "VPT", "VTT" };
	struct kat_tally t = { 0 };
	size_t i;

	(void)state;
	/* the key is the record's key: some files give Key once per section */
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		kat_dir(&t, "ciphers/AES/CCM", kinds[i], ".rsp", "Count", ccm_rec, NULL);
	kat_report("AES-CCM", &t, "no AAD and no payload: refused");
}

/* RFC 8998 appendix A.1 (SM4-GCM) and A.2 (SM4-CCM): one example each. */
void kat_sm4_aead(void **state)
{
	static const char *const key = "0123456789abcdeffedcba9876543210";
	static const char *const nonce = "00001234567800000000abcd";
	static const char *const aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
	static const char *const pt =
		"aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
		"eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa";
	static const struct {
		int cmode;
		const char *ct, *tag;
	} ex[] = {
		{ WD_CIPHER_GCM,
		  "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
		  "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
		  "83de3541e4c2b58177e065a9bf7b62ec" },
		{ WD_CIPHER_CCM,
		  "48af93501fa62adbcd414cce6034d895dda1bf8f132f042098661572e7483094"
		  "fd12e518ce062c98acee28d95df4416bed31a2f04476c18bb40c84a74b97dc5b",
		  "16842d4fa186f56ab33256971fa110f4" },
	};
	uint8_t k[16], n[12], a[20], p[64], c[64], tag[16], iv[16];
	struct tv_rec r = { .file = "RFC 8998" };
	static struct aead_io io;
	size_t i;

	(void)state;
	tv_unhex(key, k, 16);
	tv_unhex(nonce, n, 12);
	tv_unhex(aad, a, 20);
	tv_unhex(pt, p, 64);
	for (i = 0; i < ARRAY_SIZE(ex); i++) {
		bool gcm = ex[i].cmode == WD_CIPHER_GCM;
		handle_t h = ct_aead_sess(WD_CIPHER_SM4, ex[i].cmode, 0, k, 16, NULL, 0, 16);

		assert_true(h);
		r.line = (int)i + 1;
		tv_unhex(ex[i].ct, c, 64);
		tv_unhex(ex[i].tag, tag, 16);
		if (gcm)
			memcpy(iv, n, 12);
		else
			ccm_iv(iv, n, 12);
		assert_int_equal(aead_run(h, WD_CIPHER_ENCRYPTION_DIGEST, a, 20, p, 64, iv,
					  gcm ? 12 : 16, 16, &io), 0);
		assert_int_equal(io.state, 0);
		kat_same(&r, gcm ? "SM4-GCM ciphertext" : "SM4-CCM ciphertext", io.dst + 20, c, 64);
		kat_same(&r, gcm ? "SM4-GCM tag" : "SM4-CCM tag", io.mac, tag, 16);
		if (gcm)	/* a fresh IV: the library may have written to it */
			memcpy(iv, n, 12);
		else
			ccm_iv(iv, n, 12);
		assert_int_equal(aead_run(h, WD_CIPHER_DECRYPTION_DIGEST, a, 20, c, 64, iv,
					  gcm ? 12 : 16, 16, &io), 0);
		assert_int_equal(io.state, 0);
		kat_same(&r, "plaintext", io.dst + 20, p, 64);
		wd_aead_free_sess(h);
	}
	printf("SM4-GCM/CCM       2 examples checked (RFC 8998 A.1, A.2)\n");
}
