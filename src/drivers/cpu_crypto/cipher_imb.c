/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipsec-mb for synchronous AES-CBC and AES-CTR requests.
 *
 * Measured (docs/crypto-drivers-cipher.md): a re-IV through EVP costs more
 * than a small request's whole work, while an ipsec-mb job is cheap to
 * set up; so CBC decryption and CTR (parallel within a buffer) run here at
 * every size, CBC encryption (serial) below CIPHER_IMB_CBC_ENC_MAX.
 *
 * ipsec-mb has no thread-safe direct AES-CBC/CTR call, only the job API,
 * whose manager must not be shared between threads. Each calling thread
 * gets a manager of its own (~200 KB, at its first such request, freed at
 * thread exit), emptied again before every return, so it keeps nothing
 * between requests and sessions can share it.
 */
#include <pthread.h>
#include <string.h>
#include "cipher_internal.h"
/* without the 0.53 names, which clash with UADK's AES_BLOCK_SIZE */
#define NO_COMPAT_IMB_API_053
#include <intel-ipsec-mb.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t thread_key;
static int thread_key_ok;
static __thread IMB_MGR *thread_mgr;

static void mgr_free(void *mgr)
{
	free_mb_mgr(mgr);
}

static void setup(void)
{
	thread_key_ok = !pthread_key_create(&thread_key, mgr_free);
}

static IMB_MGR *my_mgr(void)
{
	IMB_MGR *mgr = thread_mgr;

	if (__builtin_expect(mgr != NULL, 1))
		return mgr;
	if (!thread_key_ok)
		return NULL;
	mgr = cc_imb_new();
	if (mgr && pthread_setspecific(thread_key, mgr)) {
		free_mb_mgr(mgr);
		mgr = NULL;
	}
	thread_mgr = mgr;
	return mgr;
}

void cipher_imb_key(struct cipher_state *st, const __u8 *key, __u32 len)
{
	pthread_once(&once, setup);
	st->imb_ok = 0;
	if (!cc_imb_direct() || !thread_key_ok)
		return;		/* EVP serves everything */
	switch (len) {
	case 16:
		IMB_AES_KEYEXP_128(cc_imb_direct(), key, st->imb_enc, st->imb_dec);
		break;
	case 24:
		IMB_AES_KEYEXP_192(cc_imb_direct(), key, st->imb_enc, st->imb_dec);
		break;
	case 32:
		IMB_AES_KEYEXP_256(cc_imb_direct(), key, st->imb_enc, st->imb_dec);
		break;
	default:
		return;
	}
	st->imb_ok = 1;
}

/* A job for m in the session's ipsec-mb key schedules (one thread, lanes alike). */
void cipher_imb_job_fill(void *imb_job, const struct cipher_state *st, int mode, int dir,
			 struct wd_cipher_msg *m)
{
	IMB_JOB *job = imb_job;

	job->cipher_mode = mode;
	job->cipher_direction = dir;
	job->chain_order = dir == IMB_DIR_ENCRYPT ? IMB_ORDER_CIPHER_HASH : IMB_ORDER_HASH_CIPHER;
	job->hash_alg = IMB_AUTH_NULL;
	job->enc_keys = st->imb_enc;
	job->dec_keys = st->imb_dec;
	job->key_len_in_bytes = st->key_len;
	job->src = m->in;
	job->dst = m->out;
	job->cipher_start_src_offset_in_bytes = 0;
	job->msg_len_to_cipher_in_bytes = m->len;
	job->iv = m->iv;
	job->iv_len_in_bytes = 16;
	job->user_data = m;
}

/* One job, start to finish: the manager is empty again on return. */
static int one_job(IMB_MGR *mgr, const struct cipher_state *st, IMB_CIPHER_MODE mode,
		   IMB_CIPHER_DIRECTION dir, struct wd_cipher_msg *m)
{
	IMB_JOB *job = IMB_GET_NEXT_JOB(mgr);

	cipher_imb_job_fill(job, st, mode, dir, m);
	job = IMB_SUBMIT_JOB(mgr);
	if (!job)
		job = IMB_FLUSH_JOB(mgr);
	return job && job->status == IMB_STATUS_COMPLETED ? 0 : -WD_EINVAL;
}

int cipher_imb_cbc_enc(struct cipher_state *st, struct wd_cipher_msg *m)
{
	IMB_MGR *mgr;
	int ret;

	if (m->len >= CIPHER_IMB_CBC_ENC_MAX || !(mgr = my_mgr()))
		return cipher_evp_cbc_enc(st, m);
	ret = one_job(mgr, st, IMB_CIPHER_CBC, IMB_DIR_ENCRYPT, m);
	if (!ret)
		memcpy(m->iv, m->out + m->len - 16, 16);
	return ret;
}

int cipher_imb_cbc_dec(struct cipher_state *st, struct wd_cipher_msg *m)
{
	IMB_MGR *mgr = my_mgr();
	__u8 next[16];
	int ret;

	if (!mgr)
		return cipher_evp_cbc_dec(st, m);
	/* the last ciphertext block, before an in-place decryption overwrites it */
	memcpy(next, m->in + m->len - 16, 16);
	ret = one_job(mgr, st, IMB_CIPHER_CBC, IMB_DIR_DECRYPT, m);
	if (!ret)
		memcpy(m->iv, next, 16);
	return ret;
}

int cipher_imb_ctr(struct cipher_state *st, struct wd_cipher_msg *m)
{
	const __u8 *c = m->iv + 12;
	__u64 low = (__u64)c[0] << 24 | (__u64)c[1] << 16 | (__u64)c[2] << 8 | c[3];
	IMB_MGR *mgr;
	int ret;

	/*
	 * ipsec-mb counts in the low 32 bits; OpenSSL carries through all 128.
	 * A request whose counter would wrap goes to EVP (once in 2^32 blocks).
	 */
	if (low + (m->len + 15) / 16 > 0xffffffffull || !(mgr = my_mgr()))
		return cipher_evp_ctr(st, m);
	ret = one_job(mgr, st, IMB_CIPHER_CNTR, IMB_DIR_ENCRYPT, m);
	if (!ret)
		cipher_ctr_add(m->iv, m->len / 16);
	return ret;
}
