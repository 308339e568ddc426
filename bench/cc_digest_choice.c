/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cc_digest_choice: one core, one-shot MACs, MB/s of OpenSSL EVP called
 * directly (reused context), ipsec-mb called directly (where it has the
 * algorithm) and cpu_digest's run() (the driver alone, no class or engine).
 * Best of several rounds. Not part of the library; used to choose what
 * run() calls, see docs/crypto-drivers-digest.md.
 *
 *   cc_digest_choice [rounds] [ms per measurement]
 */
#define _GNU_SOURCE
#define NO_COMPAT_IMB_API_053
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <intel-ipsec-mb.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include "cc.h"

extern const struct wd_driver *cc_test_registered;

static const struct cc_class *cls;
static IMB_MGR *mgr;
static __u8 *buf;
static __u8 key[32];
static int rounds = 15, ms = 10;
static volatile __u8 sink;

enum impl { EVP, IMB, RUN, NIMPL };

struct row {
	const char *name;
	__u32 alg, mode;
	const char *evp;	/* digest name, or MAC + parameter */
	const char *mac, *mac_param;
	int imb;		/* ipsec-mb path: 0 none */
};

enum { IMB_NONE, IMB_S1, IMB_S256, IMB_S512, IMB_HMAC256, IMB_CMAC };

static const struct row rows[] = {
	{ "SHA-256", WD_DIGEST_SHA256, WD_DIGEST_NORMAL, "SHA256", NULL, NULL, IMB_S256 },
	{ "HMAC-SHA256", WD_DIGEST_SHA256, WD_DIGEST_HMAC, "SHA256", "HMAC", OSSL_MAC_PARAM_DIGEST,
	  IMB_HMAC256 },
	{ "SHA-1", WD_DIGEST_SHA1, WD_DIGEST_NORMAL, "SHA1", NULL, NULL, IMB_S1 },
	{ "SHA-512", WD_DIGEST_SHA512, WD_DIGEST_NORMAL, "SHA512", NULL, NULL, IMB_S512 },
	{ "SM3", WD_DIGEST_SM3, WD_DIGEST_NORMAL, "SM3", NULL, NULL, IMB_NONE },
	{ "MD5", WD_DIGEST_MD5, WD_DIGEST_NORMAL, "MD5", NULL, NULL, IMB_NONE },
	{ "AES-CMAC", WD_DIGEST_AES_CMAC, WD_DIGEST_HMAC, "AES-128-CBC", "CMAC",
	  OSSL_MAC_PARAM_CIPHER, IMB_CMAC },
};

static const size_t sizes[] = { 16, 64, 256, 1024, 4096, 16384 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))

/* per-row state of each implementation */
struct impl_state {
	EVP_MD *md;
	EVP_MD_CTX *mdc;
	EVP_MAC *mac;
	EVP_MAC_CTX *macc;
	__u8 ipad[32] __attribute__((aligned(16))), opad[32] __attribute__((aligned(16)));
	__u8 cmac_keys[11 * 16] __attribute__((aligned(16))), dec[11 * 16];
	__u8 sk1[16], sk2[16];
	void *st;
	__u8 out[64];
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void do_evp(const struct row *r, struct impl_state *s, size_t len)
{
	size_t n;

	if (r->mac) {
		EVP_MAC_init(s->macc, NULL, 0, NULL);
		EVP_MAC_update(s->macc, buf, len);
		EVP_MAC_final(s->macc, s->out, &n, sizeof(s->out));
	} else {
		unsigned int m;

		EVP_DigestInit_ex2(s->mdc, s->md, NULL);
		EVP_DigestUpdate(s->mdc, buf, len);
		EVP_DigestFinal_ex(s->mdc, s->out, &m);
	}
}

static void do_imb(const struct row *r, struct impl_state *s, size_t len)
{
	IMB_JOB *job;

	switch (r->imb) {
	case IMB_S1:
		IMB_SHA1(mgr, buf, len, s->out);
		return;
	case IMB_S256:
		IMB_SHA256(mgr, buf, len, s->out);
		return;
	case IMB_S512:
		IMB_SHA512(mgr, buf, len, s->out);
		return;
	}
	job = IMB_GET_NEXT_JOB(mgr);
	memset(job, 0, sizeof(*job));
	job->cipher_mode = IMB_CIPHER_NULL;
	job->cipher_direction = IMB_DIR_ENCRYPT;
	job->chain_order = IMB_ORDER_HASH_CIPHER;
	job->src = buf;
	job->hash_start_src_offset_in_bytes = 0;
	job->msg_len_to_hash_in_bytes = len;
	job->auth_tag_output = s->out;
	if (r->imb == IMB_HMAC256) {
		job->hash_alg = IMB_AUTH_HMAC_SHA_256;
		job->auth_tag_output_len_in_bytes = 32;
		job->u.HMAC._hashed_auth_key_xor_ipad = s->ipad;
		job->u.HMAC._hashed_auth_key_xor_opad = s->opad;
	} else {
		job->hash_alg = IMB_AUTH_AES_CMAC;
		job->auth_tag_output_len_in_bytes = 16;
		job->u.CMAC._key_expanded = s->cmac_keys;
		job->u.CMAC._skey1 = s->sk1;
		job->u.CMAC._skey2 = s->sk2;
	}
	job = IMB_SUBMIT_JOB(mgr);
	while (!job)
		job = IMB_FLUSH_JOB(mgr);
	if (job->status != IMB_STATUS_COMPLETED)
		abort();
}

static void do_run(const struct row *r, struct impl_state *s, size_t len)
{
	struct wd_digest_msg m;

	memset(&m, 0, sizeof(m));
	m.alg = (__u8)r->alg;
	m.mode = (__u8)r->mode;
	m.stage = WD_DIGEST_ONESHOT;
	m.in = buf;
	m.in_len = (__u32)len;
	m.out = s->out;
	m.out_len = r->alg == WD_DIGEST_AES_CMAC ? 16 : r->alg == WD_DIGEST_SHA1 ? 20 :
		    r->alg == WD_DIGEST_MD5 ? 16 : r->alg == WD_DIGEST_SHA512 ? 64 : 32;
	cls->run(s->st, &m.hdr);
	if (m.hdr.result)
		abort();
}

static void setup(const struct row *r, struct impl_state *s)
{
	struct wd_alg_spec spec = { .alg = r->alg, .mode = r->mode, .key_len = 16 };
	__u8 pad[64];
	int i;

	memset(s, 0, sizeof(*s));
	if (r->mac) {
		OSSL_PARAM p[2] = {
			OSSL_PARAM_construct_utf8_string(r->mac_param, (char *)r->evp, 0),
			OSSL_PARAM_construct_end(),
		};

		s->mac = EVP_MAC_fetch(NULL, r->mac, NULL);
		s->macc = EVP_MAC_CTX_new(s->mac);
		if (!s->macc || !EVP_MAC_init(s->macc, key, 16, p))
			abort();
	} else {
		s->md = EVP_MD_fetch(NULL, r->evp, NULL);
		s->mdc = EVP_MD_CTX_new();
		if (!s->md || !s->mdc)
			abort();
	}
	if (r->imb == IMB_HMAC256) {
		memset(pad, 0x36, 64);
		for (i = 0; i < 16; i++)
			pad[i] ^= key[i];
		IMB_SHA256_ONE_BLOCK(mgr, pad, s->ipad);
		memset(pad, 0x5c, 64);
		for (i = 0; i < 16; i++)
			pad[i] ^= key[i];
		IMB_SHA256_ONE_BLOCK(mgr, pad, s->opad);
	} else if (r->imb == IMB_CMAC) {
		IMB_AES_KEYEXP_128(mgr, key, s->cmac_keys, s->dec);
		IMB_AES_CMAC_SUBKEY_GEN_128(mgr, s->cmac_keys, s->sk1, s->sk2);
	}
	s->st = calloc(1, cls->state_size);
	if (!s->st || cls->init(s->st, &spec) ||
	    (r->mode == WD_DIGEST_HMAC && cls->set_key(s->st, WD_KEY_AUTH, key, 16)))
		abort();
}

static void teardown(struct impl_state *s)
{
	EVP_MD_CTX_free(s->mdc);
	EVP_MD_free(s->md);
	EVP_MAC_CTX_free(s->macc);
	EVP_MAC_free(s->mac);
	cls->fini(s->st);
	free(s->st);
}

/* MB/s of one measurement of about ms milliseconds. */
static double measure_once(const struct row *r, struct impl_state *s, int impl, size_t len)
{
	double t0 = now(), t;
	long calls = 0;
	int i;

	do {
		for (i = 0; i < 16; i++) {
			if (impl == EVP)
				do_evp(r, s, len);
			else if (impl == IMB)
				do_imb(r, s, len);
			else
				do_run(r, s, len);
		}
		calls += 16;
		t = now() - t0;
	} while (t < ms * 1e-3);
	sink ^= s->out[0];
	return (double)calls * (double)len / t / 1e6;
}

/*
 * Best of rounds, the implementations taking turns within each round, so
 * a burst of load from elsewhere on the machine hits them alike.
 */
static void measure(const struct row *r, struct impl_state *s, double v[NIMPL][NSIZES])
{
	size_t j;
	int k, impl;

	for (j = 0; j < NSIZES; j++)
		for (k = 0; k < rounds; k++)
			for (impl = 0; impl < NIMPL; impl++) {
				double x;

				if (impl == IMB && !r->imb)
					continue;
				x = measure_once(r, s, impl, sizes[j]);
				if (x > v[impl][j])
					v[impl][j] = x;
			}
}

/* The three must agree before their speeds mean anything. */
static void cross_check(const struct row *r, struct impl_state *s)
{
	__u8 a[64], b[64];
	size_t n = r->alg == WD_DIGEST_AES_CMAC ? 16 : r->alg == WD_DIGEST_SHA1 ? 20 : 16;
	size_t len;

	for (len = 0; len < 300; len += 37) {
		do_run(r, s, len ? len : 16);
		memcpy(a, s->out, n);
		do_evp(r, s, len ? len : 16);
		memcpy(b, s->out, n);
		if (memcmp(a, b, n))
			fprintf(stderr, "%s: run() and EVP disagree at %zu\n", r->name, len);
		if (r->imb) {
			do_imb(r, s, len ? len : 16);
			if (memcmp(a, s->out, n))
				fprintf(stderr, "%s: run() and ipsec-mb disagree at %zu\n", r->name, len);
		}
	}
}

int main(int argc, char **argv)
{
	static const char *const names[NIMPL] = { "EVP", "ipsec-mb", "run()" };
	cpu_set_t one;
	size_t i, j;
	int impl;

	if (argc > 1)
		rounds = atoi(argv[1]);
	if (argc > 2)
		ms = atoi(argv[2]);
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);
	cls = (const struct cc_class *)cc_test_registered;
	mgr = alloc_mb_mgr(0);
	buf = malloc(sizes[NSIZES - 1]);
	if (!cls || !mgr || !buf)
		return 1;
	init_mb_mgr_auto(mgr, NULL);
	for (i = 0; i < sizeof(key); i++)
		key[i] = (__u8)(i * 7 + 1);
	for (i = 0; i < sizes[NSIZES - 1]; i++)
		buf[i] = (__u8)(i * 31);
	printf("MB/s, one core, best of %d x %d ms\n%-12s %-9s", rounds, ms, "row", "impl");
	for (j = 0; j < NSIZES; j++)
		printf(" %8zu", sizes[j]);
	printf("\n");
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct impl_state s;
		double v[NIMPL][NSIZES] = { { 0 } };

		setup(r, &s);
		cross_check(r, &s);
		measure(r, &s, v);
		for (impl = 0; impl < NIMPL; impl++) {
			if (impl == IMB && !r->imb)
				continue;
			printf("%-12s %-9s", r->name, names[impl]);
			for (j = 0; j < NSIZES; j++)
				printf(" %8.0f", v[impl][j]);
			printf("\n");
		}
		printf("%-12s %-9s", r->name, "run/best");
		for (j = 0; j < NSIZES; j++) {
			double best = v[EVP][j] > v[IMB][j] ? v[EVP][j] : v[IMB][j];

			printf(" %8.2f", v[RUN][j] / best);
		}
		printf("\n");
		teardown(&s);
	}
	return 0;
}
