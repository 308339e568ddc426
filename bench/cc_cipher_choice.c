/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Which library the CPU cipher driver should use, per algorithm and size:
 * MB/s on one pinned core of
 *   evp    OpenSSL EVP called directly (reused context, new IV per request:
 *          Init(iv) + Update + Final)
 *   imb    ipsec-mb called directly, one job at a time (submit, flush)
 *   run    the driver's run() (cc_cipher_class.run on a filled message)
 * and, for AES-128-CBC encryption, 32 requests in flight through the
 * driver's lanes (mb_submit + mb_flush) and through ipsec-mb's job API
 * directly, against EVP one at a time. Best of several rounds.
 * Not part of the library; not run by the tests.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "cipher_internal.h"
#define NO_COMPAT_IMB_API_053
#include <intel-ipsec-mb.h>

extern struct cc_class cc_cipher_class;
extern unsigned int cc_stub_ndone;

#define ROUNDS		9
#define ROUND_NS	8000000ull
#define INFLIGHT	32
#define MAXSZ		16384

static const __u32 sizes[] = { 16, 64, 256, 1024, 4096, 16384 };
#define NSIZES		(sizeof(sizes) / sizeof(sizes[0]))

static __u8 key[64], iv[16], *in, *out[INFLIGHT];
static IMB_MGR *mgr;
static volatile __u8 sink;

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ull + (__u64)ts.tv_nsec;
}

/* MB/s of fn(arg, size) over one round of ~ROUND_NS. */
typedef void (*op_fn)(void *arg, __u32 size);

static double round_mbs(op_fn fn, void *arg, __u32 size, __u32 per_call)
{
	__u64 t0 = now_ns(), t, n = 0;

	do {
		int i;

		for (i = 0; i < 16; i++)
			fn(arg, size);
		n += 16;
		t = now_ns() - t0;
	} while (t < ROUND_NS);
	sink ^= out[0][0];
	return (double)n * size * per_call / (double)t * 1e3;
}

/*
 * Best of ROUNDS for up to three candidates, their rounds interleaved so
 * that other load on the machine hits them alike.
 */
static void measure3(op_fn f[3], void *arg[3], __u32 size, __u32 per_call[3], double best[3])
{
	int r, i;

	for (i = 0; i < 3; i++)
		best[i] = 0;
	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < 3; i++) {
			double v;

			if (!f[i])
				continue;
			v = round_mbs(f[i], arg[i], size, per_call[i]);
			if (v > best[i])
				best[i] = v;
		}
}

/* ---- OpenSSL EVP, directly ---- */
static void evp_op(void *arg, __u32 size)
{
	EVP_CIPHER_CTX *c = arg;
	int n1, n2;

	EVP_CipherInit_ex(c, NULL, NULL, NULL, iv, -1);
	EVP_CipherUpdate(c, out[0], &n1, in, (int)size);
	EVP_CipherFinal_ex(c, out[0] + n1, &n2);
}

static EVP_CIPHER_CTX *evp_ctx(const char *name, int enc)
{
	EVP_CIPHER *ci = EVP_CIPHER_fetch(NULL, name, NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();

	if (!ci || !EVP_CipherInit_ex(c, ci, NULL, key, iv, enc)) {
		fprintf(stderr, "cannot set up %s\n", name);
		exit(1);
	}
	EVP_CIPHER_CTX_set_padding(c, 0);
	EVP_CIPHER_free(ci);
	return c;
}

/* ---- ipsec-mb, directly, one job at a time ---- */
struct imb_row {
	IMB_CIPHER_MODE mode;
	IMB_CIPHER_DIRECTION dir;
	const void *enc_keys, *dec_keys;
	__u32 key_len, iv_len;
};

static void imb_fill(IMB_JOB *job, const struct imb_row *r, __u32 size, __u8 *dst, void *user)
{
	job->cipher_mode = r->mode;
	job->cipher_direction = r->dir;
	job->chain_order = IMB_ORDER_CIPHER_HASH;
	job->hash_alg = IMB_AUTH_NULL;
	job->enc_keys = r->enc_keys;
	job->dec_keys = r->dec_keys;
	job->key_len_in_bytes = r->key_len;
	job->src = in;
	job->dst = dst;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = size;
	job->iv = iv;
	job->iv_len_in_bytes = r->iv_len;
	job->user_data = user;
}

static void imb_op(void *arg, __u32 size)
{
	IMB_JOB *job = IMB_GET_NEXT_JOB(mgr);

	imb_fill(job, arg, size, out[0], NULL);
	job = IMB_SUBMIT_JOB(mgr);
	if (!job)
		job = IMB_FLUSH_JOB(mgr);
	if (!job || job->status != IMB_STATUS_COMPLETED) {
		fprintf(stderr, "ipsec-mb job failed\n");
		exit(1);
	}
}

/* 32 in flight through the job API directly */
static void imb_burst(void *arg, __u32 size)
{
	int i;

	for (i = 0; i < INFLIGHT; i++) {
		IMB_JOB *job = IMB_GET_NEXT_JOB(mgr);

		imb_fill(job, arg, size, out[i], NULL);
		IMB_SUBMIT_JOB(mgr);
	}
	while (IMB_FLUSH_JOB(mgr))
		;
}

/* ---- the driver ---- */
struct drv_arg {
	struct cipher_state *st;
	int enc;
	__u8 ivs[INFLIGHT][16];
	struct wd_cipher_msg m[INFLIGHT];
	void *lanes;
};

static void run_op(void *arg, __u32 size)
{
	struct drv_arg *a = arg;
	struct wd_cipher_msg *m = &a->m[0];

	memcpy(a->ivs[0], iv, 16);
	m->encrypt = (__u8)a->enc;
	m->len = size;
	m->in = in;
	m->out = out[0];
	m->iv = a->ivs[0];
	cc_cipher_class.run(a->st, &m->hdr);
}

/* 32 in flight through mb_submit (run() for what it declines), mb_flush */
static void lanes_op(void *arg, __u32 size)
{
	struct drv_arg *a = arg;
	int i;

	for (i = 0; i < INFLIGHT; i++) {
		struct wd_cipher_msg *m = &a->m[i];

		memcpy(a->ivs[i], iv, 16);
		m->encrypt = 1;
		m->len = size;
		m->in = in;
		m->out = out[i];
		m->iv = a->ivs[i];
		if (cc_cipher_class.mb_submit(NULL, a->lanes, a->st, &m->hdr) == 1)
			cc_cipher_class.run(a->st, &m->hdr);
	}
	cc_cipher_class.mb_flush(NULL, a->lanes);
}

static struct cipher_state *drv_sess(__u8 alg, __u8 mode, __u32 klen)
{
	struct wd_alg_spec spec = { .alg = alg, .mode = mode };
	struct cipher_state *st = calloc(1, cc_cipher_class.state_size);

	if (!st || cc_cipher_class.init(st, &spec) ||
	    cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, klen)) {
		fprintf(stderr, "driver session alg %u mode %u failed\n", alg, mode);
		exit(1);
	}
	return st;
}

struct row {
	const char *label, *evp;
	int enc;
	__u8 alg, mode;
	__u32 klen, ivlen;
	struct imb_row imb;	/* mode 0: ipsec-mb lacks it */
};

int main(void)
{
	static __u8 enc128[16 * 15] __attribute__((aligned(16)));
	static __u8 dec128[16 * 15] __attribute__((aligned(16)));
	struct row rows[] = {
		{ "AES-128-CBC enc", "AES-128-CBC", 1, WD_CIPHER_AES, WD_CIPHER_CBC, 16, 16,
		  { IMB_CIPHER_CBC, IMB_DIR_ENCRYPT, enc128, dec128, 16, 16 } },
		{ "AES-128-CBC dec", "AES-128-CBC", 0, WD_CIPHER_AES, WD_CIPHER_CBC, 16, 16,
		  { IMB_CIPHER_CBC, IMB_DIR_DECRYPT, enc128, dec128, 16, 16 } },
		{ "AES-128-CTR", "AES-128-CTR", 1, WD_CIPHER_AES, WD_CIPHER_CTR, 16, 16,
		  { IMB_CIPHER_CNTR, IMB_DIR_ENCRYPT, enc128, dec128, 16, 16 } },
		{ "AES-128-ECB enc", "AES-128-ECB", 1, WD_CIPHER_AES, WD_CIPHER_ECB, 16, 0,
		  { IMB_CIPHER_ECB, IMB_DIR_ENCRYPT, enc128, dec128, 16, 0 } },
		{ "AES-256-XTS enc", "AES-256-XTS", 1, WD_CIPHER_AES, WD_CIPHER_XTS, 64, 16,
		  { 0 } },
		{ "SM4-CBC enc", "SM4-CBC", 1, WD_CIPHER_SM4, WD_CIPHER_CBC, 16, 16, { 0 } },
		/* ipsec-mb's DES3 job measured ~0 MB/s here (not investigated): left out */
		{ "3DES-CBC enc", "DES-EDE3-CBC", 1, WD_CIPHER_3DES, WD_CIPHER_CBC, 24, 8, { 0 } },
	};
	struct drv_arg *a = calloc(1, sizeof(*a));
	cpu_set_t cpus;
	size_t r, s;
	int i;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	sched_setaffinity(0, sizeof(cpus), &cpus);
	OSSL_PROVIDER_load(NULL, "default");
	OSSL_PROVIDER_load(NULL, "legacy");
	for (i = 0; i < 64; i++)
		key[i] = (__u8)(i * 37 + 11);	/* distinct XTS halves */
	memset(iv, 0x5a, sizeof(iv));
	in = aligned_alloc(64, MAXSZ);
	memset(in, 0xa5, MAXSZ);
	for (i = 0; i < INFLIGHT; i++)
		out[i] = aligned_alloc(64, MAXSZ);
	mgr = alloc_mb_mgr(0);
	init_mb_mgr_auto(mgr, NULL);
	IMB_AES_KEYEXP_128(mgr, key, enc128, dec128);

	printf("MB/s, one core, best of %d; ratio = run / best direct\n", ROUNDS);
	printf("%-16s %-4s", "row", "lib");
	for (s = 0; s < NSIZES; s++)
		printf(" %8u", sizes[s]);
	printf("\n");
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct row *w = &rows[r];
		EVP_CIPHER_CTX *c = evp_ctx(w->evp, w->enc);
		double e[NSIZES], im[NSIZES], ru[NSIZES];

		a->st = drv_sess(w->alg, w->mode, w->klen);
		a->enc = w->enc;
		a->m[0].alg = w->alg;
		a->m[0].mode = w->mode;
		a->m[0].iv_len = (__u8)w->ivlen;
		for (s = 0; s < NSIZES; s++) {
			op_fn f[3] = { evp_op, w->imb.mode ? imb_op : NULL, run_op };
			void *arg[3] = { c, &w->imb, a };
			__u32 per[3] = { 1, 1, 1 };
			double b[3];

			measure3(f, arg, sizes[s], per, b);
			e[s] = b[0];
			im[s] = b[1];
			ru[s] = b[2];
		}
		printf("%-16s %-4s", w->label, "evp");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.0f", e[s]);
		printf("\n%-16s %-4s", "", "imb");
		for (s = 0; s < NSIZES; s++)
			if (w->imb.mode)
				printf(" %8.0f", im[s]);
			else
				printf(" %8s", "-");
		printf("\n%-16s %-4s", "", "run");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.0f", ru[s]);
		printf("\n%-16s %-4s", "", "rat");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.2f", ru[s] / (e[s] > im[s] ? e[s] : im[s]));
		printf("\n");
		cc_cipher_class.fini(a->st);
		free(a->st);
		EVP_CIPHER_CTX_free(c);
	}

	/* AES-128-CBC encryption: 32 in flight vs EVP one at a time */
	{
		EVP_CIPHER_CTX *c = evp_ctx("AES-128-CBC", 1);
		double e[NSIZES], raw[NSIZES], ln[NSIZES];

		a->st = drv_sess(WD_CIPHER_AES, WD_CIPHER_CBC, 16);
		a->lanes = cc_cipher_class.lanes_open();
		for (i = 0; i < INFLIGHT; i++) {
			a->m[i].alg = WD_CIPHER_AES;
			a->m[i].mode = WD_CIPHER_CBC;
			a->m[i].iv_len = 16;
		}
		for (s = 0; s < NSIZES; s++) {
			op_fn f[3] = { evp_op, imb_burst, lanes_op };
			void *arg[3] = { c, &rows[0].imb, a };
			__u32 per[3] = { 1, INFLIGHT, INFLIGHT };
			double b[3];

			measure3(f, arg, sizes[s], per, b);
			e[s] = b[0];
			raw[s] = b[1];
			ln[s] = b[2];
		}
		printf("\nAES-128-CBC enc, %d in flight (lanes) vs EVP one at a time\n", INFLIGHT);
		printf("%-21s", "evp 1 at a time");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.0f", e[s]);
		printf("\n%-21s", "imb 32 in flight");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.0f", raw[s]);
		printf("\n%-21s", "driver lanes 32");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.0f", ln[s]);
		printf("\n%-21s", "lanes / evp");
		for (s = 0; s < NSIZES; s++)
			printf(" %8.2f", ln[s] / e[s]);
		printf("\n");
		cc_cipher_class.lanes_close(a->lanes);
		cc_cipher_class.fini(a->st);
		free(a->st);
		EVP_CIPHER_CTX_free(c);
	}
	free_mb_mgr(mgr);
	return sink == 0x42 && 0;
}
