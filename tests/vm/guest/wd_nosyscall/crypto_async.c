/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The async crypto loop: AES-128-CBC encryptions and AES-128-GCM
 * encryptions on vacc queues (TASK_HW, one async ctx per class), DEPTH of
 * each in flight, polled; the strict trap (no wait is let through: an
 * async caller never blocks). Every completion is compared with OpenSSL's
 * result, computed before the trap is armed.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_sched.h>
#include "trap.h"

#define LEN	1024
#define AAD	16
#define DEPTH	16

static unsigned char key[16], iv0[16], nonce[12], pt[AAD + LEN];
static unsigned char want_cbc[LEN], want_gcm[LEN], want_tag[16];
static volatile long bad;

struct slot {
	unsigned char iv[16], out[AAD + LEN], tag[16];
	struct wd_cipher_req c;
	struct wd_aead_req a;
	int busy;
};
static struct slot cbc_slots[DEPTH], gcm_slots[DEPTH];

static int references(void)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n, ok;

	ok = c && EVP_EncryptInit_ex2(c, EVP_aes_128_cbc(), key, iv0, NULL) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_EncryptUpdate(c, want_cbc, &n, pt + AAD, LEN) &&
	     EVP_EncryptInit_ex2(c, EVP_aes_128_gcm(), key, nonce, NULL) &&
	     EVP_EncryptUpdate(c, NULL, &n, pt, AAD) &&
	     EVP_EncryptUpdate(c, want_gcm, &n, pt + AAD, LEN) &&
	     EVP_EncryptFinal_ex(c, want_gcm, &n) &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, want_tag);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static void *cbc_done(struct wd_cipher_req *req, void *param)
{
	struct slot *s = param;

	if (req->state || memcmp(s->out, want_cbc, LEN))
		bad++;
	s->busy = 0;
	completed++;
	return NULL;
}

static void *gcm_done(struct wd_aead_req *req, void *param)
{
	struct slot *s = param;

	if (req->state || memcmp(s->out + AAD, want_gcm, LEN) || memcmp(s->tag, want_tag, 16))
		bad++;
	s->busy = 0;
	completed++;
	return NULL;
}

static int submit(handle_t hc, handle_t ha, struct slot *s, int gcm)
{
	memset(s->out, 0, sizeof(s->out));
	s->busy = 1;
	if (!gcm) {
		memcpy(s->iv, iv0, 16);
		s->c = (struct wd_cipher_req){
			.op_type = WD_CIPHER_ENCRYPTION, .src = pt + AAD, .dst = s->out, .iv = s->iv,
			.in_bytes = LEN, .iv_bytes = 16, .out_buf_bytes = LEN, .out_bytes = LEN,
			.cb = cbc_done, .cb_param = s };
		return wd_do_cipher_async(hc, &s->c);
	}
	memcpy(s->iv, nonce, 12);
	s->a = (struct wd_aead_req){
		.op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = pt, .dst = s->out, .mac = s->tag,
		.iv = s->iv, .in_bytes = LEN, .out_bytes = AAD + LEN, .iv_bytes = 12,
		.mac_bytes = 16, .assoc_bytes = AAD, .msg_state = AEAD_MSG_BLOCK,
		.cb = gcm_done, .cb_param = s };
	return wd_do_aead_async(ha, &s->a);
}

/* n completions with every free slot refilled between polls. */
static int hot_loop(handle_t hc, handle_t ha, long n)
{
	long start = completed, submitted = 0;
	__u32 cnt;
	int i, ret;

	while (completed - start < n) {
		for (i = 0; i < 2 * DEPTH && submitted < n; i++) {
			struct slot *s = i < DEPTH ? &cbc_slots[i] : &gcm_slots[i - DEPTH];

			if (s->busy)
				continue;
			ret = submit(hc, ha, s, i >= DEPTH);
			if (ret == -WD_EBUSY) {
				s->busy = 0;
				break;
			}
			if (ret)
				return ret;
			submitted++;
		}
		cnt = 0;
		wd_cipher_poll(DEPTH, &cnt);
		cnt = 0;
		wd_aead_poll(DEPTH, &cnt);
	}
	return 0;
}

/* trap_run's loop */
static struct {
	handle_t hc, ha;
	long n;
} run;

static int run_loop(void *arg)
{
	(void)arg;
	return hot_loop(run.hc, run.ha, run.n);
}

int crypto_async_child(int loops)
{
	struct wd_ctx_nums nums[1] = { { 0, 1 } };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = nums };
	struct sched_params sp = { .numa_id = -1, .type = 0, .mode = CTX_MODE_ASYNC };
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC,
					   .sched_param = &sp };
	struct wd_aead_sess_setup as = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM,
					 .sched_param = &sp };
	char cbc[] = "cbc(aes)", gcm[] = "gcm(aes)";
	handle_t hc, ha;
	int i;

	for (i = 0; i < (int)sizeof(pt); i++)
		pt[i] = (unsigned char)(i * 29 + 3);
	memset(key, 0x5a, sizeof(key));
	memset(iv0, 0x21, sizeof(iv0));
	memset(nonce, 0x3c, sizeof(nonce));
	if (references() || wd_cipher_init2_(cbc, SCHED_POLICY_RR, TASK_HW, &p) ||
	    wd_aead_init2_(gcm, SCHED_POLICY_RR, TASK_HW, &p))
		return 10;
	hc = wd_cipher_alloc_sess(&cs);
	ha = wd_aead_alloc_sess(&as);
	if (!hc || !ha || wd_cipher_set_key(hc, key, 16) || wd_aead_set_ckey(ha, key, 16) ||
	    wd_aead_set_authsize(ha, 16))
		return 11;
	if (hot_loop(hc, ha, 200) || bad) {	/* warm: pools, rings, session slots */
		printf("# warm-up failed: %ld results differ from OpenSSL's\n", bad);
		return 11;
	}
	printf("# warm: %ld async requests done (AES-CBC, AES-GCM: each = OpenSSL)\n", completed);
	run.hc = hc;
	run.ha = ha;
	run.n = loops;
	return trap_run(false, run_loop, &run, &bad);
}
