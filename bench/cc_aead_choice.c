/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which library should cpu_aead's run() use? MB/s on one core of OpenSSL
 * EVP called directly (one reused context, a new IV per request), ipsec-mb
 * called directly (keys expanded once), and the driver's run() (a filled
 * struct wd_aead_msg), for 16 B .. 16 KiB with 16 bytes of AAD. Best of
 * 25 rounds of about 5 ms (the machine is shared). Not a test; build target cc_aead_choice.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "aead_internal.h"
#include "uadk/wd_aead.h"

#define ROUNDS	25
#define AAD	16
#define MAXSZ	16384

static const size_t sizes[] = { 16, 64, 256, 1024, 4096, 16384 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

static __u8 key[32], akey[32], aad[AAD], in[MAXSZ], out[MAXSZ], mac[64], iv[16], dec_iv[16];
static __u8 ct[NSIZES][MAXSZ], tag[NSIZES][16];
static size_t cur;	/* index of the size being measured (decrypt inputs) */
static const char *only;	/* argv[1]: rows whose name contains it */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef void (*op_fn)(void *ctx, size_t len);

/* Best MB/s over ROUNDS rounds of about 5 ms each: short rounds catch quiet moments. */
static double measure(op_fn op, void *ctx, size_t len)
{
	double best = 0, t0, dt;
	unsigned long n = 1, i;
	int r;

	for (;;) {		/* calibrate */
		t0 = now();
		for (i = 0; i < n; i++)
			op(ctx, len);
		if (now() - t0 > 0.005)
			break;
		n *= 2;
	}
	for (r = 0; r < ROUNDS; r++) {
		t0 = now();
		for (i = 0; i < n; i++)
			op(ctx, len);
		dt = now() - t0;
		if (n * len / dt / 1e6 > best)
			best = n * len / dt / 1e6;
	}
	return best;
}

static void next_iv(void)
{
	iv[5]++;
}

/* ---- OpenSSL EVP directly ---- */

static void ossl_gcm_enc(void *c, size_t len)
{
	int outl;

	next_iv();
	EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(c, NULL, &outl, aad, AAD);
	EVP_EncryptUpdate(c, out, &outl, in, (int)len);
	EVP_EncryptFinal_ex(c, out, &outl);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, mac);
}

static void ossl_gcm_dec(void *c, size_t len)
{
	int outl;

	EVP_DecryptInit_ex(c, NULL, NULL, NULL, dec_iv);
	EVP_DecryptUpdate(c, NULL, &outl, aad, AAD);
	EVP_DecryptUpdate(c, out, &outl, ct[cur], (int)len);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, 16, tag[cur]);
	if (EVP_DecryptFinal_ex(c, out, &outl) != 1)
		abort();
}

static void ossl_ccm_enc(void *c, size_t len)
{
	int outl;

	next_iv();
	EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv + 1);
	EVP_EncryptUpdate(c, NULL, &outl, NULL, (int)len);
	EVP_EncryptUpdate(c, NULL, &outl, aad, AAD);
	EVP_EncryptUpdate(c, out, &outl, in, (int)len);
	EVP_EncryptFinal_ex(c, out, &outl);
	EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, mac);
}

static void ossl_ctr(void *c, size_t len)
{
	int outl;

	next_iv();
	EVP_EncryptInit_ex(c, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(c, out, &outl, in, (int)len);
}

struct ossl_authenc {
	EVP_CIPHER_CTX *cbc;
	EVP_MAC_CTX *mac;
};

static void ossl_authenc_enc(void *p, size_t len)
{
	struct ossl_authenc *a = p;
	size_t outl;
	int l;

	next_iv();
	EVP_EncryptInit_ex(a->cbc, NULL, NULL, NULL, iv);
	EVP_EncryptUpdate(a->cbc, out, &l, in, (int)len);
	EVP_MAC_init(a->mac, NULL, 0, NULL);
	EVP_MAC_update(a->mac, aad, AAD);
	EVP_MAC_update(a->mac, out, len);
	EVP_MAC_final(a->mac, mac, &outl, sizeof(mac));
}

static EVP_CIPHER_CTX *ossl_ctx(const char *name, int enc, int ivlen, int taglen)
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *x = EVP_CIPHER_CTX_new();

	EVP_CipherInit_ex(x, c, NULL, NULL, NULL, enc);
	if (ivlen)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_IVLEN, ivlen, NULL);
	if (taglen)
		EVP_CIPHER_CTX_ctrl(x, EVP_CTRL_AEAD_SET_TAG, taglen, NULL);
	EVP_CipherInit_ex(x, NULL, NULL, key, iv, enc);
	EVP_CIPHER_CTX_set_padding(x, 0);
	EVP_CIPHER_free(c);
	return x;
}

/* ---- ipsec-mb directly ---- */

struct imb {
	IMB_MGR *m;
	struct gcm_key_data kd __attribute__((aligned(64)));	/* ipsec-mb: >= 16 */
};

static void imb_gcm_enc(void *p, size_t len)
{
	struct imb *b = p;
	struct gcm_context_data c;

	next_iv();
	IMB_AES128_GCM_ENC(b->m, &b->kd, &c, out, in, len, iv, aad, AAD, mac, 16);
}

static void imb_gcm_dec(void *p, size_t len)
{
	struct imb *b = p;
	struct gcm_context_data c;

	IMB_AES128_GCM_DEC(b->m, &b->kd, &c, out, ct[cur], len, dec_iv, aad, AAD, mac, 16);
	if (memcmp(mac, tag[cur], 16))
		abort();
}

/* ---- the driver's run() ---- */

struct drv {
	void *st;
	int enc;
	struct wd_aead_msg m;	/* filled once: the class's msg building is not ours to time */
};

static void drv_run(void *p, size_t len)
{
	struct drv *d = p;
	struct wd_aead_msg *m = &d->m;

	if (d->enc)
		next_iv();
	m->len = (__u32)len;
	m->in = d->enc ? in : ct[cur];
	m->mac = d->enc ? mac : tag[cur];
	cc_aead_class.run(d->st, &m->hdr);
	if (m->hdr.result || m->status)
		abort();
}

static struct drv drv_open(__u8 calg, __u8 cmode, __u8 dalg, int enc)
{
	struct drv d = { calloc(1, cc_aead_class.state_size), enc, {
		.calg = calg, .cmode = cmode, .dalg = dalg, .encrypt = enc,
		.stage = AEAD_MSG_BLOCK, .authsize = 16, .aad_len = AAD, .aad = aad, .out = out,
		.iv = enc ? iv : dec_iv, .iv_len = cmode == WD_CIPHER_GCM ? 12 : 16 } };
	struct wd_alg_spec spec = { .alg = calg, .mode = cmode, .param = dalg };

	if (!d.st || cc_aead_class.init(d.st, &spec) ||
	    cc_aead_class.set_key(d.st, WD_KEY_CIPHER, key, 16) ||
	    (cmode == WD_CIPHER_CBC && cc_aead_class.set_key(d.st, WD_KEY_AUTH, akey, 32)))
		abort();
	return d;
}

/* ---- table ---- */

static void row(const char *name, const char *impl, op_fn op, void *ctx, double *base)
{
	size_t i;

	if (only && !strstr(name, only))
		return;
	printf("%-34s %-14s", name, impl);
	for (i = 0; i < NSIZES; i++) {
		double v;

		cur = i;
		v = measure(op, ctx, sizes[i]);
		printf(" %8.0f", v);
		if (base)
			printf(" (%.2fx)", v / base[i]);
		else
			printf("        ");
	}
	printf("\n");
	fflush(stdout);
}

static void rowv(const char *name, const char *impl, op_fn op, void *ctx, double *v)
{
	size_t i;

	if (only && !strstr(name, only))
		return;
	printf("%-34s %-14s", name, impl);
	for (i = 0; i < NSIZES; i++) {
		cur = i;
		v[i] = measure(op, ctx, sizes[i]);
		printf(" %8.0f        ", v[i]);
	}
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct imb b = { .m = alloc_mb_mgr(0) };
	struct ossl_authenc oa;
	struct drv d;
	double base[NSIZES], ossl[NSIZES];
	size_t i;
	OSSL_PARAM p[2];

	only = argc > 1 ? argv[1] : NULL;
	memset(key, 0x11, sizeof(key)), memset(akey, 0x22, sizeof(akey));
	memset(aad, 0x33, sizeof(aad)), memset(in, 0x44, sizeof(in));
	memset(iv, 0x55, sizeof(iv));
	iv[0] = 2;	/* CCM: L = 3, a 12-byte nonce */
	init_mb_mgr_auto(b.m, NULL);
	IMB_AES128_GCM_PRE(b.m, key, &b.kd);
	memcpy(dec_iv, iv, sizeof(iv));
	for (i = 0; i < NSIZES; i++) {
		struct gcm_context_data c;

		IMB_AES128_GCM_ENC(b.m, &b.kd, &c, ct[i], in, sizes[i], iv, aad, AAD, tag[i], 16);
	}

	printf("MB/s, best of %d rounds, %d B AAD; (x) = / the group's OpenSSL row\n",
	       ROUNDS, AAD);
	printf("%-34s %-14s", "row", "impl");
	for (i = 0; i < NSIZES; i++)
		printf(" %8zu        ", sizes[i]);
	printf("\n");

	rowv("AES-128-GCM enc", "openssl-evp", ossl_gcm_enc, ossl_ctx("AES-128-GCM", 1, 12, 0),
	     ossl);
	row("AES-128-GCM enc", "ipsec-mb", imb_gcm_enc, &b, ossl);
	d = drv_open(WD_CIPHER_AES, WD_CIPHER_GCM, 0, 1);
	row("AES-128-GCM enc", "run()", drv_run, &d, ossl);

	rowv("AES-128-GCM dec", "openssl-evp", ossl_gcm_dec, ossl_ctx("AES-128-GCM", 0, 12, 0),
	     ossl);
	row("AES-128-GCM dec", "ipsec-mb", imb_gcm_dec, &b, ossl);
	d = drv_open(WD_CIPHER_AES, WD_CIPHER_GCM, 0, 0);
	row("AES-128-GCM dec", "run()", drv_run, &d, ossl);

	rowv("AES-128-CCM enc (12 B nonce)", "openssl-evp", ossl_ccm_enc,
	     ossl_ctx("AES-128-CCM", 1, 12, 16), base);
	d = drv_open(WD_CIPHER_AES, WD_CIPHER_CCM, 0, 1);
	row("AES-128-CCM enc (12 B nonce)", "run()", drv_run, &d, base);

	rowv("SM4-CTR alone (lower bound)", "openssl-evp", ossl_ctr, ossl_ctx("SM4-CTR", 1, 0, 0),
	     base);
	d = drv_open(WD_CIPHER_SM4, WD_CIPHER_GCM, 0, 1);
	row("SM4-GCM enc", "run()", drv_run, &d, base);
	d = drv_open(WD_CIPHER_SM4, WD_CIPHER_CCM, 0, 1);
	row("SM4-CCM enc", "run()", drv_run, &d, base);

	oa.cbc = ossl_ctx("AES-128-CBC", 1, 0, 0);
	oa.mac = EVP_MAC_CTX_new(EVP_MAC_fetch(NULL, "HMAC", NULL));
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0);
	p[1] = OSSL_PARAM_construct_end();
	EVP_MAC_init(oa.mac, akey, 32, p);
	rowv("authenc(hmac(sha256),cbc(aes128))", "openssl-evp", ossl_authenc_enc, &oa, base);
	d = drv_open(WD_CIPHER_AES, WD_CIPHER_CBC, WD_DIGEST_SHA256, 1);
	row("authenc(hmac(sha256),cbc(aes128))", "run()", drv_run, &d, base);
	return 0;
}
