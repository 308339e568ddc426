/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sessions and jobs for the threaded crypto tests (crypto_threads.h).
 * Expected results come from OpenSSL (crypto_ref.c) when a job is made,
 * so checking a job later needs no reference call.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include "crypto_ref.h"
#include "crypto_threads.h"
#include "threads_util.h"

#define C(a, m, k, g, iv, n)	{ CT_CIPHER, WD_CIPHER_##a, WD_CIPHER_##m, k, g, iv, 0, n }
#define D(a, m, k, len, n)	{ CT_DIGEST, WD_DIGEST_##a, WD_DIGEST_##m, k, 1, 0, len, n }

const struct ct_alg ct_aes128_cbc = C(AES, CBC, 16, 16, 16, "AES-128-CBC");
const struct ct_alg ct_aes256_cbc = C(AES, CBC, 32, 16, 16, "AES-256-CBC");
const struct ct_alg ct_aes128_ctr = C(AES, CTR, 16, 1, 16, "AES-128-CTR");
/* an odd key length: HMAC keys need not be a multiple of 4 here */
const struct ct_alg ct_hmac_sha256 = D(SHA256, HMAC, 37, 32, "SHA256");
const struct ct_alg ct_gcm128 = { CT_AEAD, WD_CIPHER_AES, WD_CIPHER_GCM, 16, 1, 12, 16,
				  "AES-128-GCM" };

const struct ct_alg ct_algs[] = {
	C(AES, CBC, 16, 16, 16, "AES-128-CBC"),
	C(AES, CBC, 32, 16, 16, "AES-256-CBC"),
	C(AES, ECB, 24, 16, 0, "AES-192-ECB"),
	C(AES, CTR, 16, 1, 16, "AES-128-CTR"),
	C(AES, XTS, 64, 1, 16, "AES-256-XTS"),
	C(AES, OFB, 16, 1, 16, "AES-128-OFB"),
	C(AES, CFB, 32, 1, 16, "AES-256-CFB"),
	C(3DES, CBC, 24, 8, 8, "DES-EDE3-CBC"),
	C(SM4, CBC, 16, 16, 16, "SM4-CBC"),
	D(SHA256, NORMAL, 0, 32, "SHA256"),
	D(SHA1, NORMAL, 0, 20, "SHA1"),
	D(SM3, NORMAL, 0, 32, "SM3"),
	D(SHA256, HMAC, 37, 32, "SHA256"),
	D(SHA512, HMAC, 100, 64, "SHA512"),
	D(MD5, HMAC, 16, 16, "MD5"),
	{ CT_AEAD, WD_CIPHER_AES, WD_CIPHER_GCM, 16, 1, 12, 16, "AES-128-GCM" },
	{ CT_AEAD, WD_CIPHER_AES, WD_CIPHER_GCM, 32, 1, 12, 12, "AES-256-GCM" },
};
const int ct_nalgs = sizeof(ct_algs) / sizeof(ct_algs[0]);

pthread_t ct_poller;
int ct_poller_set;
int ct_done;

int ct_sess_open(struct ct_sess *s, const struct ct_alg *a, uint32_t seed)
{
	struct sched_params sp = { .numa_id = -1, .type = 0 };
	int ret = -1;

	memset(s, 0, sizeof(*s));
	s->a = a;
	cr_fill(s->key, a->klen, seed);
	if (a->kind == CT_CIPHER) {
		struct wd_cipher_sess_setup su = { .alg = a->alg, .mode = a->mode, .sched_param = &sp };

		s->h = wd_cipher_alloc_sess(&su);
		ret = s->h ? wd_cipher_set_key(s->h, s->key, a->klen) : -1;
	} else if (a->kind == CT_DIGEST) {
		struct wd_digest_sess_setup su = { .alg = a->alg, .mode = a->mode, .sched_param = &sp };

		s->h = wd_digest_alloc_sess(&su);
		ret = s->h ? (a->klen ? wd_digest_set_key(s->h, s->key, a->klen) : 0) : -1;
	} else {
		struct wd_aead_sess_setup su = { .calg = a->alg, .cmode = a->mode, .sched_param = &sp };

		s->h = wd_aead_alloc_sess(&su);
		ret = s->h ? wd_aead_set_authsize(s->h, (__u16)a->maclen) : -1;
		if (!ret)
			ret = wd_aead_set_ckey(s->h, s->key, (__u16)a->klen);
	}
	if (!TT_CHECK(s->h && !ret, "%s session: handle %lx, key/authsize %d", a->ossl,
		      (unsigned long)s->h, ret)) {
		ct_sess_close(s);
		return -1;
	}
	return 0;
}

void ct_sess_close(struct ct_sess *s)
{
	if (!s->h)
		return;
	if (s->a->kind == CT_CIPHER)
		wd_cipher_free_sess(s->h);
	else if (s->a->kind == CT_DIGEST)
		wd_digest_free_sess(s->h);
	else
		wd_aead_free_sess(s->h);
	s->h = 0;
}

uint32_t ct_len(const struct ct_alg *a, uint32_t len)
{
	len -= len % a->gran;
	if (len < a->gran)
		len = a->gran;
	if (a->kind == CT_CIPHER && a->mode == WD_CIPHER_XTS && len < 16)
		len = 16;	/* XTS needs a whole block */
	return len;
}

/* The IV a CBC or CTR request leaves behind (UADK's write-back rules). */
static void iv_after(struct ct_job *j, const uint8_t *ct)
{
	const struct ct_alg *a = j->s->a;
	uint64_t add;
	int i;

	memcpy(j->iv_want, j->iv, a->ivlen);
	if (a->mode == WD_CIPHER_CBC) {
		memcpy(j->iv_want, ct + j->len - a->ivlen, a->ivlen);
		j->iv_check = 1;
	} else if (a->mode == WD_CIPHER_CTR) {
		/* a 128-bit big-endian counter, advanced by the whole blocks */
		for (add = j->len / 16, i = 15; i >= 0 && add; i--) {
			add += j->iv_want[i];
			j->iv_want[i] = (uint8_t)add;
			add >>= 8;
		}
		j->iv_check = 1;
	}
}

int ct_job_make(struct ct_job *j, const struct ct_sess *s, int enc, uint32_t len, uint32_t seed)
{
	const struct ct_alg *a = s->a;
	size_t n;
	int ret = -1;

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->enc = a->kind == CT_DIGEST ? 1 : enc;
	j->len = ct_len(a, len);
	j->aad = a->kind == CT_AEAD ? seed % 29 : 0;
	n = (size_t)j->aad + j->len;
	j->src = malloc(n);
	j->dst = calloc(1, n);
	j->want = calloc(1, n);
	if (!TT_CHECK(j->src && j->dst && j->want, "out of memory"))
		return -1;
	cr_fill(j->src, n, seed);
	cr_fill(j->iv, a->ivlen, seed ^ 0xabcdu);
	if (a->kind == CT_CIPHER) {
		ret = cr_cipher(a->ossl, j->enc, s->key, j->iv, j->src, j->len, j->want);
		if (!ret && a->ivlen)
			iv_after(j, j->enc ? j->want : j->src);
	} else if (a->kind == CT_DIGEST) {
		ret = cr_mac(a->ossl, a->klen ? s->key : NULL, a->klen, j->src, j->len,
			     j->mac_want) == (int)a->maclen ? 0 : -1;
	} else if (j->enc) {
		ret = cr_gcm(1, s->key, a->klen, j->iv, 12, j->src, j->aad, j->src + j->aad, j->len,
			     j->want + j->aad, j->mac_want, a->maclen);
	} else {
		/* the payload becomes its ciphertext; the plaintext is what we want back */
		memcpy(j->want + j->aad, j->src + j->aad, j->len);
		ret = cr_gcm(1, s->key, a->klen, j->iv, 12, j->src, j->aad, j->want + j->aad, j->len,
			     j->src + j->aad, j->mac, a->maclen);
		memcpy(j->mac_want, j->mac, a->maclen);
	}
	return TT_CHECK(!ret, "OpenSSL reference for %s failed", a->ossl) ? 0 : -1;
}

void ct_job_free(struct ct_job *j)
{
	free(j->src);
	free(j->dst);
	free(j->want);
	j->src = j->dst = j->want = NULL;
}

/* Callbacks: record what came back; the test checks it after the fact. */
static __thread int in_submit;

static void note(struct ct_job *j, int req_ok, __u16 state)
{
	j->req_ok = req_ok;
	j->state = state;
	j->in_submit = in_submit;
	j->cb_thread = pthread_self();
	__atomic_fetch_add(&j->calls, 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&ct_done, 1, __ATOMIC_RELEASE);
}

static void *cipher_cb(struct wd_cipher_req *r, void *param)
{
	struct ct_job *j = param;

	note(j, r->src == j->src && r->dst == j->dst && r->in_bytes == j->len &&
		(r->iv == (j->s->a->ivlen ? (void *)j->iv : NULL)) && r->cb == cipher_cb &&
		r->op_type == (j->enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION), r->state);
	return NULL;
}

static void *digest_cb(void *arg)
{
	/* UADK passes the request copy, not cb_param (clients rely on that) */
	struct wd_digest_req *r = arg;
	struct ct_job *j = r->cb_param;

	note(j, r->in == j->src && r->out == j->mac && r->in_bytes == j->len &&
		r->cb == digest_cb, r->state);
	return NULL;
}

static void *aead_cb(struct wd_aead_req *r, void *param)
{
	struct ct_job *j = param;

	note(j, r->src == j->src && r->dst == j->dst && r->mac == j->mac && r->iv == j->iv &&
		r->in_bytes == j->len && r->assoc_bytes == j->aad && r->cb == aead_cb &&
		r->cb_param == j, r->state);
	return NULL;
}

static void req_fill(struct ct_job *j, union ct_req *r, int async)
{
	const struct ct_alg *a = j->s->a;

	memset(r, 0, sizeof(*r));
	if (a->kind == CT_CIPHER) {
		r->c.op_type = j->enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION;
		r->c.src = j->src;
		r->c.dst = j->dst;
		r->c.iv = a->ivlen ? j->iv : NULL;
		r->c.iv_bytes = a->ivlen;
		r->c.in_bytes = j->len;
		r->c.out_buf_bytes = j->len;
		r->c.out_bytes = j->len;
		r->c.cb = async ? cipher_cb : NULL;
		r->c.cb_param = j;
	} else if (a->kind == CT_DIGEST) {
		r->d.in = j->src;
		r->d.out = j->mac;
		r->d.in_bytes = j->len;
		r->d.out_bytes = a->maclen;
		r->d.out_buf_bytes = sizeof(j->mac);
		r->d.has_next = WD_DIGEST_END;
		r->d.cb = async ? digest_cb : NULL;
		r->d.cb_param = j;
	} else {
		r->a.op_type = j->enc ? WD_CIPHER_ENCRYPTION_DIGEST : WD_CIPHER_DECRYPTION_DIGEST;
		r->a.src = j->src;
		r->a.dst = j->dst;
		r->a.mac = j->mac;
		r->a.iv = j->iv;
		r->a.in_bytes = j->len;
		r->a.out_bytes = j->aad + j->len;
		r->a.iv_bytes = 12;
		r->a.mac_bytes = 16;
		r->a.assoc_bytes = (__u16)j->aad;
		r->a.msg_state = AEAD_MSG_BLOCK;
		r->a.cb = async ? aead_cb : NULL;
		r->a.cb_param = j;
	}
}

int ct_job_sync(struct ct_job *j)
{
	union ct_req r;
	int ret;
	__u16 state;

	req_fill(j, &r, 0);
	if (j->s->a->kind == CT_CIPHER) {
		ret = wd_do_cipher_sync(j->s->h, &r.c);
		state = r.c.state;
	} else if (j->s->a->kind == CT_DIGEST) {
		ret = wd_do_digest_sync(j->s->h, &r.d);
		state = r.d.state;
	} else {
		ret = wd_do_aead_sync(j->s->h, &r.a);
		state = r.a.state;
	}
	return TT_CHECK(!ret && !state, "%s %s of %u bytes: wd_do_*_sync %d, state %u",
			j->s->a->ossl, j->enc ? "enc" : "dec", j->len, ret, state) ? 0 : -1;
}

int ct_job_async(struct ct_job *j, union ct_req *scratch)
{
	int ret;

	req_fill(j, scratch, 1);
	in_submit = 1;
	if (j->s->a->kind == CT_CIPHER)
		ret = wd_do_cipher_async(j->s->h, &scratch->c);
	else if (j->s->a->kind == CT_DIGEST)
		ret = wd_do_digest_async(j->s->h, &scratch->d);
	else
		ret = wd_do_aead_async(j->s->h, &scratch->a);
	in_submit = 0;
	return ret;
}

int ct_job_check(const struct ct_job *j, const char *what)
{
	const struct ct_alg *a = j->s->a;
	int ok = 1;

	if (a->kind != CT_DIGEST)
		ok &= TT_CHECK(!memcmp(j->dst + j->aad, j->want + j->aad, j->len),
			       "%s: %s %s of %u bytes differs from OpenSSL", what, a->ossl,
			       j->enc ? "enc" : "dec", j->len);
	if (a->kind != CT_CIPHER)
		ok &= TT_CHECK(!memcmp(j->mac, j->mac_want, a->maclen),
			       "%s: %s MAC/tag of %u bytes differs from OpenSSL", what, a->ossl,
			       j->len);
	if (j->iv_check)
		ok &= TT_CHECK(!memcmp(j->iv, j->iv_want, a->ivlen),
			       "%s: %s %s of %u bytes: IV written back wrong", what, a->ossl,
			       j->enc ? "enc" : "dec", j->len);
	return ok ? 0 : -1;
}

uint32_t ct_poll_all(void)
{
	__u32 n, total = 0;
	int ret;

	n = 0;
	ret = wd_cipher_poll(64, &n);
	TT_CHECK(!ret || ret == -WD_EAGAIN, "wd_cipher_poll returned %d", ret);
	total += n;
	n = 0;
	ret = wd_digest_poll(64, &n);
	TT_CHECK(!ret || ret == -WD_EAGAIN, "wd_digest_poll returned %d", ret);
	total += n;
	n = 0;
	ret = wd_aead_poll(64, &n);
	TT_CHECK(!ret || ret == -WD_EAGAIN, "wd_aead_poll returned %d", ret);
	return total + n;
}

int ct_init(uint32_t sync_n, uint32_t async_n, uint32_t depth)
{
	struct wd_ctx_nums n = { .sync_ctx_num = sync_n, .async_ctx_num = async_n };
	struct wd_cap_config cap = { .ctx_msg_num = depth };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = &n, .cap = depth ? &cap : NULL };
	int ret;

	ret = wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_MIX, &p);
	if (ret)
		return ret;
	ret = wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_MIX, &p);
	if (ret) {
		wd_cipher_uninit2();
		return ret;
	}
	ret = wd_aead_init2_("gcm(aes)", SCHED_POLICY_RR, TASK_MIX, &p);
	if (ret) {
		wd_digest_uninit2();
		wd_cipher_uninit2();
	}
	return ret;
}

void ct_uninit(void)
{
	wd_aead_uninit2();
	wd_digest_uninit2();
	wd_cipher_uninit2();
}
