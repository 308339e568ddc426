/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Cipher known answers through EVP: AES ECB/CBC/CFB128/OFB (CAVP KAT and
 * MMT), AES-CTR (RFC 3686), AES-XTS (CAVP XTSGen), 3DES ECB/CBC (CAVP TDES
 * KAT and MMT), SM4 (draft-ribose-cfrg-sm4), AES-GCM (CAVP gcmEncryptExtIV
 * and gcmDecrypt, every IV and tag length), AES-CCM (CAVP DVPT, VADT, VNT,
 * VPT, VTT) and RFC 8998's SM4-GCM / SM4-CCM examples. Every vector runs
 * both ways, whole and fed as 1 byte then the rest (XTS and CCM take their
 * input whole); a GCM or CCM vector marked failing must be refused.
 */
#include <stdlib.h>
#include <string.h>
#include "prov_nist.h"

static unsigned char pt[NIST_MAXD], ct[NIST_MAXD + 16], aad[NIST_MAXD], out[NIST_MAXD + 32];

struct cvec {
	char name[32];
	unsigned char key[64], iv[128], tag[16];
	size_t klen, ivlen, len, alen, taglen;
	bool whole, fail, no_enc;
};

static const size_t one[] = { 1 };

/* Both ways (encryption unless no_enc), whole and 1 + the rest. */
static int cipher_side(const struct prov_side *side, const struct tv_rec *r, void *arg, char *why,
		       size_t whylen)
{
	const struct cvec *v = arg;
	unsigned char tag[16];
	struct pe_cipher c = { .name = v->name, .key = v->key, .klen = v->klen, .iv = v->iv,
			       .ivlen = v->ivlen, .len = v->len, .out = out, .aad = aad,
			       .aadlen = v->alen, .taglen = v->taglen };
	int enc, s, ret;

	(void)r;
	for (enc = v->no_enc ? 0 : 1; enc >= 0; enc--) {
		for (s = 0; s < (v->whole || v->len < 2 ? 1 : 2); s++) {
			struct pe_split sp = { s ? one : NULL, s };

			c.enc = enc;
			c.in = enc ? pt : ct;
			c.aad_split = v->alen > 1 ? sp : (struct pe_split){ NULL, 0 };
			memcpy(tag, v->tag, v->taglen);
			c.tag = tag;
			ret = pe_cipher(side, &c, sp, why, whylen);
			if (ret == PE_NOT_SERVED)
				return ret;
			if (!enc && v->fail) {
				if (ret == PE_AUTH)
					continue;
				snprintf(why, whylen, "%s: a vector marked failing was %s", v->name,
					 ret == PE_OK ? "accepted" : "refused by an error, not the tag");
				return PE_ERR;
			}
			if (ret == PE_AUTH)
				snprintf(why, whylen, "%s: the tag did not verify (%s)", v->name,
					 s ? "1 byte, then the rest" : "whole");
			if (ret != PE_OK)
				return PE_ERR;
			if (!nist_same(enc ? "ciphertext" : "plaintext", out, enc ? ct : pt, v->len,
				       why, whylen) ||
			    (enc && v->taglen && !nist_same("tag", tag, v->tag, v->taglen, why, whylen))) {
				snprintf(why + strlen(why), whylen - strlen(why), " (%s, %s)", v->name,
					 s ? "1 byte, then the rest" : "whole");
				return PE_ERR;
			}
		}
	}
	return PE_OK;
}

static void bad_record(struct nist_tally *t, const struct tv_rec *r, const char *what)
{
	fprintf(stderr, "FAIL %s:%d: %s\n", r->file, r->line, what);
	t->fail++;
}

/* KEY, KEYs (one DES key three times) or KEY1 KEY2 KEY3. */
static long rec_key(const struct tv_rec *r, unsigned char *key)
{
	if (tv_has(r, "KEYs")) {
		if (nist_hex(r, "KEYs", key, 8) != 8)
			return -1;
		memcpy(key + 8, key, 8);
		memcpy(key + 16, key, 8);
		return 24;
	}
	if (tv_has(r, "KEY1"))
		return nist_hex(r, "KEY1", key, 8) == 8 && nist_hex(r, "KEY2", key + 8, 8) == 8 &&
		       nist_hex(r, "KEY3", key + 16, 8) == 8 ? 24 : -1;
	return nist_hex(r, "KEY", key, 64);
}

/* The EVP name: "AES" "CBC" gives AES-<key bits>-CBC; other algorithms no bits. */
struct bfam {
	const char *alg, *mode;
};

static void block_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	const struct bfam *f = arg;
	struct cvec v = { 0 };
	long klen = rec_key(r, v.key), n = nist_hex(r, "PLAINTEXT", pt, sizeof(pt)), ivlen = 0;

	if (klen <= 0 || n <= 0 || nist_hex(r, "CIPHERTEXT", ct, sizeof(ct)) != n)
		return bad_record(t, r, "key, plaintext or ciphertext");
	if (tv_has(r, "IV") && (ivlen = nist_hex(r, "IV", v.iv, sizeof(v.iv))) <= 0)
		return bad_record(t, r, "IV");
	if (!strcmp(f->alg, "AES"))
		snprintf(v.name, sizeof(v.name), "AES-%ld-%s", klen * 8, f->mode);
	else
		snprintf(v.name, sizeof(v.name), "%s-%s", f->alg, f->mode);
	v.klen = (size_t)klen;
	v.ivlen = (size_t)ivlen;
	v.len = (size_t)n;
	nist_both(t, r, cipher_side, &v);
}

void nist_aes_ecb(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/ECB", "ECB", ".rsp", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "AES", "ECB" });
}

void nist_aes_cbc(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/CBC", "CBC", ".rsp", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "AES", "CBC" });
}

void nist_aes_cfb(struct nist_tally *t)
{
	/* EVP's AES-nnn-CFB is CFB-128; the CFB1 and CFB8 files are other modes */
	nist_dir(t, "ciphers/AES/CFB", "CFB128", ".rsp", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "AES", "CFB" });
}

void nist_aes_ofb(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/OFB", "OFB", ".rsp", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "AES", "OFB" });
}

void nist_aes_ctr(struct nist_tally *t)
{
	/* RFC 3686: the IV field is the whole initial counter block */
	nist_dir(t, "ciphers/AES/CTR", "aes-", "-ctr.txt", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "AES", "CTR" });
}

void nist_3des(struct nist_tally *t)
{
	nist_dir(t, "ciphers/3DES/ECB", "TECB", ".rsp", NULL, "COUNT", block_rec,
		 (void *)&(const struct bfam){ "DES-EDE3", "ECB" });
	/* TCBCI* is the interleaved mode, not CBC */
	nist_dir(t, "ciphers/3DES/CBC", "TCBC", ".rsp", "TCBCI", "COUNT", block_rec,
		 (void *)&(const struct bfam){ "DES-EDE3", "CBC" });
}

void nist_sm4(struct nist_tally *t)
{
	static const struct bfam f[] = { { "SM4", "ECB" }, { "SM4", "CBC" }, { "SM4", "CFB" },
					 { "SM4", "OFB" }, { "SM4", "CTR" } };
	static const char *const files[] = { "ecb", "cbc", "cfb", "ofb", "ctr" };
	char rel[96];
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(rel, sizeof(rel), "ciphers/SM4/draft-ribose-cfrg-sm4-10-%s.txt", files[i]);
		nist_file(t, rel, "COUNT", block_rec, (void *)&f[i]);
	}
}

/*
 * XTS: the tweak is "i" (hex) or DataUnitSeqNumber (a 16-byte little-
 * endian number). EVP takes a data unit of whole bytes, at least 16.
 */
static void xts_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	struct cvec v = { .whole = true, .ivlen = 16 };
	long bits = tv_int(r, "DataUnitLen"), klen, n, seq, i;

	(void)arg;
	if (bits < 0)
		return bad_record(t, r, "no DataUnitLen");
	if (bits % 8 || bits < 128) {
		t->skipped++;
		return;
	}
	klen = nist_hex(r, "Key", v.key, sizeof(v.key));
	n = nist_hex(r, "PT", pt, sizeof(pt));
	if ((klen != 32 && klen != 64) || n != bits / 8 || nist_hex(r, "CT", ct, sizeof(ct)) != n)
		return bad_record(t, r, "key, PT or CT");
	if (tv_has(r, "i")) {
		if (nist_hex(r, "i", v.iv, 16) != 16)
			return bad_record(t, r, "tweak");
	} else if ((seq = tv_int(r, "DataUnitSeqNumber")) >= 0) {
		for (i = 0; i < 8; i++)
			v.iv[i] = (unsigned char)(seq >> (8 * i));
	} else {
		return bad_record(t, r, "no tweak");
	}
	snprintf(v.name, sizeof(v.name), "AES-%ld-XTS", klen * 4);
	v.klen = (size_t)klen;
	v.len = (size_t)n;
	nist_both(t, r, cipher_side, &v);
}

void nist_aes_xts(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/XTS/tweak-128hexstr", "XTSGenAES", ".rsp", NULL, "COUNT", xts_rec,
		 NULL);
	nist_dir(t, "ciphers/AES/XTS/tweak-dataunitseqno", "XTSGenAES", ".rsp", NULL, "COUNT",
		 xts_rec, NULL);
}

/* GCM: Key IV PT AAD CT Tag; FAIL in the decryption files. */
static void gcm_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	struct cvec v = { 0 };
	long klen = nist_hex(r, "Key", v.key, 32), ivlen = nist_hex(r, "IV", v.iv, sizeof(v.iv));
	long alen = nist_hex(r, "AAD", aad, sizeof(aad)), n = nist_hex(r, "CT", ct, sizeof(ct));
	long taglen = nist_hex(r, "Tag", v.tag, sizeof(v.tag));

	(void)arg;
	v.fail = tv_has(r, "FAIL");
	if (klen <= 0 || ivlen <= 0 || alen < 0 || n < 0 || taglen <= 0 ||
	    (!v.fail && nist_hex(r, "PT", pt, sizeof(pt)) != n))
		return bad_record(t, r, "Key, IV, AAD, CT, Tag or PT");
	snprintf(v.name, sizeof(v.name), "AES-%ld-GCM", klen * 8);
	v.klen = (size_t)klen;
	v.ivlen = (size_t)ivlen;
	v.alen = (size_t)alen;
	v.len = (size_t)n;
	v.taglen = (size_t)taglen;
	v.no_enc = v.fail;
	nist_both(t, r, cipher_side, &v);
}

void nist_gcm(struct nist_tally *t)
{
	nist_dir(t, "ciphers/AES/GCM", "gcmEncryptExtIV", ".rsp", NULL, "Count", gcm_rec, NULL);
	nist_dir(t, "ciphers/AES/GCM", "gcmDecrypt", ".rsp", NULL, "Count", gcm_rec, NULL);
}

/* CCM: Nonce (the IV), Adata, Payload, CT = ciphertext || tag; DVPT: Result. */
static void ccm_rec(struct nist_tally *t, const struct tv_rec *r, void *arg)
{
	struct cvec v = { .whole = true };
	long alen = tv_int(r, "Alen"), plen = tv_int(r, "Plen"), nlen = tv_int(r, "Nlen");
	long tlen = tv_int(r, "Tlen"), klen = nist_hex(r, "Key", v.key, 32);
	const char *res = tv_get(r, "Result");

	(void)arg;
	if (alen < 0 || plen < 0 || nlen < 7 || nlen > 13 || tlen < 4 || tlen > 16 || klen <= 0 ||
	    nist_hex(r, "Nonce", v.iv, sizeof(v.iv)) != nlen ||
	    nist_hex(r, "Adata", aad, sizeof(aad)) < alen ||
	    nist_hex(r, "CT", ct, sizeof(ct)) != plen + tlen)
		return bad_record(t, r, "Alen/Plen/Nlen/Tlen, Key, Nonce, Adata or CT");
	v.fail = res && strncmp(res, "Pass", 4);
	if (!v.fail && nist_hex(r, "Payload", pt, sizeof(pt)) < plen)
		return bad_record(t, r, "Payload");
	snprintf(v.name, sizeof(v.name), "AES-%ld-CCM", klen * 8);
	v.klen = (size_t)klen;
	v.ivlen = (size_t)nlen;
	v.alen = (size_t)alen;
	v.len = (size_t)plen;
	v.taglen = (size_t)tlen;
	memcpy(v.tag, ct + plen, (size_t)tlen);
	v.no_enc = res != NULL;	/* DVPT: decryption vectors */
	nist_both(t, r, cipher_side, &v);
}

void nist_ccm(struct nist_tally *t)
{
	static const char *const kinds[] = { "DVPT", "VADT", "VNT", "VPT", "VTT" };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		nist_dir(t, "ciphers/AES/CCM", kinds[i], ".rsp", NULL, "Count", ccm_rec, NULL);
}

/* RFC 8998 appendix A.1 (SM4-GCM) and A.2 (SM4-CCM); the package has none. */
void nist_sm4_aead(struct nist_tally *t)
{
	static const char *const key = "0123456789abcdeffedcba9876543210";
	static const char *const nonce = "00001234567800000000abcd";
	static const char *const a = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
	static const char *const p =
		"aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
		"eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa";
	static const struct {
		const char *name, *ct, *tag;
	} ex[] = {
		{ "SM4-GCM",
		  "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
		  "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d",
		  "83de3541e4c2b58177e065a9bf7b62ec" },
		{ "SM4-CCM",
		  "48af93501fa62adbcd414cce6034d895dda1bf8f132f042098661572e7483094"
		  "fd12e518ce062c98acee28d95df4416bed31a2f04476c18bb40c84a74b97dc5b",
		  "16842d4fa186f56ab33256971fa110f4" },
	};
	size_t i;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct cvec v = { .klen = 16, .ivlen = 12, .alen = 20, .len = 64, .taglen = 16 };
		char what[64];

		snprintf(v.name, sizeof(v.name), "%s", ex[i].name);
		v.whole = !strcmp(ex[i].name, "SM4-CCM");
		tv_unhex(key, v.key, 16);
		tv_unhex(nonce, v.iv, 12);
		tv_unhex(a, aad, 20);
		tv_unhex(p, pt, 64);
		tv_unhex(ex[i].ct, ct, 64);
		tv_unhex(ex[i].tag, v.tag, 16);
		snprintf(what, sizeof(what), "RFC 8998 A.%zu (%s)", i + 1, ex[i].name);
		nist_both_named(t, what, cipher_side, &v);
	}
}
