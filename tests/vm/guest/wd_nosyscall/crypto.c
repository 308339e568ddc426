/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The crypto loop: sync requests of the three classes on vacc queues
 * (TASK_HW, one sync ctx each): AES-128-CBC, SHA-256 and AES-128-GCM,
 * round after round on the same sessions. Every result is compared with
 * OpenSSL's, computed before the trap is armed (memcmp makes no system
 * call); the CBC IV is reset each round so the output repeats.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/evp.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "trap.h"

#define LEN	256	/* small: the device answers within the library's spin budget */
#define AAD	16

static unsigned char key[16], iv0[16], nonce[12], pt[AAD + LEN];
static unsigned char want_cbc[LEN], want_md[32], want_gcm[LEN], want_tag[16];
static volatile long bad;

/* OpenSSL's results for the three requests; 0 or -1. */
static int references(void)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	unsigned int mdlen;
	int n, ok;

	ok = c && EVP_EncryptInit_ex2(c, EVP_aes_128_cbc(), key, iv0, NULL) &&
	     EVP_CIPHER_CTX_set_padding(c, 0) &&
	     EVP_EncryptUpdate(c, want_cbc, &n, pt + AAD, LEN) &&
	     EVP_EncryptInit_ex2(c, EVP_aes_128_gcm(), key, nonce, NULL) &&
	     EVP_EncryptUpdate(c, NULL, &n, pt, AAD) &&
	     EVP_EncryptUpdate(c, want_gcm, &n, pt + AAD, LEN) &&
	     EVP_EncryptFinal_ex(c, want_gcm, &n) &&
	     EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, 16, want_tag) &&
	     EVP_Digest(pt + AAD, LEN, want_md, &mdlen, EVP_sha256(), NULL);
	EVP_CIPHER_CTX_free(c);
	return ok ? 0 : -1;
}

static int init_all(void)
{
	struct wd_ctx_nums nums[1] = { { 1, 0 } };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = nums };
	char cbc[] = "cbc(aes)", sha[] = "sha256", gcm[] = "gcm(aes)";
	int ret;

	ret = wd_cipher_init2_(cbc, SCHED_POLICY_RR, TASK_HW, &p);
	if (!ret)
		ret = wd_digest_init2_(sha, SCHED_POLICY_RR, TASK_HW, &p);
	if (!ret)
		ret = wd_aead_init2_(gcm, SCHED_POLICY_RR, TASK_HW, &p);
	if (ret)
		printf("# TASK_HW init of the crypto classes failed: %d (%s)\n", ret,
		       wd_strerror(ret));
	return ret;
}

struct sessions {
	handle_t cipher, digest, aead;
};

static int open_sessions(struct sessions *s)
{
	struct wd_cipher_sess_setup cs = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct wd_digest_sess_setup ds = { .alg = WD_DIGEST_SHA256, .mode = WD_DIGEST_NORMAL };
	struct wd_aead_sess_setup as = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM };

	s->cipher = wd_cipher_alloc_sess(&cs);
	s->digest = wd_digest_alloc_sess(&ds);
	s->aead = wd_aead_alloc_sess(&as);
	if (!s->cipher || !s->digest || !s->aead || wd_cipher_set_key(s->cipher, key, 16) ||
	    wd_aead_set_ckey(s->aead, key, 16) || wd_aead_set_authsize(s->aead, 16)) {
		printf("# sessions or keys refused\n");
		return -1;
	}
	return 0;
}

/* One round: the three requests, each checked; 0 or -1 (counted in bad). */
static int round_trip(const struct sessions *s)
{
	unsigned char iv[16], out[AAD + LEN], md[32], tag[16], n12[12];
	struct wd_cipher_req c = { .op_type = WD_CIPHER_ENCRYPTION, .src = pt + AAD, .dst = out,
				   .iv = iv, .in_bytes = LEN, .iv_bytes = 16,
				   .out_buf_bytes = LEN, .out_bytes = LEN };
	struct wd_digest_req d = { .in = pt + AAD, .out = md, .in_bytes = LEN, .out_bytes = 32,
				   .out_buf_bytes = 32, .has_next = WD_DIGEST_END };
	struct wd_aead_req a = { .op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = pt, .dst = out,
				 .mac = tag, .iv = n12, .in_bytes = LEN, .out_bytes = AAD + LEN,
				 .iv_bytes = 12, .mac_bytes = 16, .assoc_bytes = AAD,
				 .msg_state = AEAD_MSG_BLOCK };
	long before = bad;

	memcpy(iv, iv0, 16);
	if (wd_do_cipher_sync(s->cipher, &c) || c.state || memcmp(out, want_cbc, LEN))
		bad++;
	completed++;
	if (wd_do_digest_sync(s->digest, &d) || d.state || memcmp(md, want_md, 32))
		bad++;
	completed++;
	memcpy(n12, nonce, 12);
	if (wd_do_aead_sync(s->aead, &a) || a.state || memcmp(out + AAD, want_gcm, LEN) ||
	    memcmp(tag, want_tag, 16))
		bad++;
	completed++;
	return bad == before ? 0 : -1;
}

/* trap_run's loop: every round, each result checked (counted in bad) */
static struct {
	const struct sessions *s;
	int rounds;
} run;

static int run_rounds(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < run.rounds; i++)
		round_trip(run.s);
	return 0;
}

int crypto_child(int loops)
{
	struct sessions s;
	int i;

	for (i = 0; i < (int)sizeof(pt); i++)
		pt[i] = (unsigned char)(i * 31 + 7);
	memset(key, 0x4b, sizeof(key));
	memset(iv0, 0x1f, sizeof(iv0));
	memset(nonce, 0x2e, sizeof(nonce));
	if (references() || init_all())
		return 10;
	if (open_sessions(&s))
		return 11;
	/* warm: queues, session slots, lazily set-up state */
	for (i = 0; i < 100; i++)
		if (round_trip(&s)) {
			printf("# warm-up round %d: a result differs from OpenSSL's\n", i);
			return 11;
		}
	printf("# warm: %ld requests done (cipher, digest, aead: each = OpenSSL)\n", completed);
	run.s = &s;
	run.rounds = loops;
	/* a sync request's wait for the device is let through (and counted) */
	return trap_run(true, run_rounds, &run, &bad);
}
