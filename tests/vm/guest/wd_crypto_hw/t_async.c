/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Async: per class, NJOBS requests submitted before the first poll, over
 * a session of every advertised algorithm plus EXTRA_SESS sessions of one
 * algorithm with different keys (more than a queue's VACC_MAX_SESSIONS
 * slots, so slots are taken over while requests of their old sessions
 * are still queued), then polled to completion and each checked against
 * OpenSSL; some AEAD decryptions carry a wrong tag and must reach their
 * callback with state WD_IN_EPARA. Also the kill -9 victim (busy).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crypto_hw.h"

#define EXTRA_SESS	80
#define MAX_SESS	(EXTRA_SESS + 64)
#define NJOBS		160

static struct sess sess[MAX_SESS];
static struct job jobs[NJOBS];
static volatile int ndone;

static void *cipher_cb(struct wd_cipher_req *req, void *param)
{
	struct job *j = param;

	j->state = req->state;
	j->done = 1;
	ndone++;
	return NULL;
}

/* UADK calls a digest callback with its copy of the request */
static void *digest_cb(void *arg)
{
	struct wd_digest_req *req = arg;
	struct job *j = req->cb_param;

	j->state = req->state;
	j->done = 1;
	ndone++;
	return NULL;
}

static void *aead_cb(struct wd_aead_req *req, void *param)
{
	struct job *j = param;

	j->state = req->state;
	j->done = 1;
	ndone++;
	return NULL;
}

/* The algorithm whose extra sessions crowd the slots: the class's common one. */
const struct calg *main_alg(enum cls c, const struct calg **list, int n)
{
	const char *name = c == CLS_CIPHER ? "cbc(aes)" : c == CLS_DIGEST ? "hmac(sha256)" :
					     "gcm(aes)";
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i]->name, name))
			return list[i];
	for (i = 0; i < n; i++)
		if (list[i]->cls == c)
			return list[i];
	return NULL;
}

bool sess_open(struct sess *s, const struct calg *a, unsigned int seed)
{
	s->a = a;
	s->klen = a->keys[0];
	fill(s->key, sizeof(s->key), seed);
	fill(s->akey, sizeof(s->akey), seed + 1);
	if (a->cls == CLS_CIPHER) {
		struct wd_cipher_sess_setup ss = { .alg = (enum wd_cipher_alg)a->alg,
						   .mode = (enum wd_cipher_mode)a->mode };

		s->h = wd_cipher_alloc_sess(&ss);
		return s->h && !wd_cipher_set_key(s->h, s->key, s->klen);
	}
	if (a->cls == CLS_DIGEST) {
		struct wd_digest_sess_setup ss = { .alg = (enum wd_digest_type)a->alg,
						   .mode = (enum wd_digest_mode)a->mode };

		s->h = wd_digest_alloc_sess(&ss);
		return s->h && (!s->klen || !wd_digest_set_key(s->h, s->key, s->klen));
	} else {
		struct wd_aead_sess_setup ss = { .calg = (enum wd_cipher_alg)a->alg,
						 .cmode = (enum wd_cipher_mode)a->mode,
						 .dalg = (enum wd_digest_type)a->dalg,
						 .dmode = WD_DIGEST_HMAC };

		s->aklen = a->mode == WD_CIPHER_CBC ? 20 : 0;
		s->authsize = a->mode == WD_CIPHER_CBC ? dg_mac_len(a->dalg) : 16;
		if (s->authsize > 16)
			s->authsize = 16;	/* the jobs' tag buffers */
		s->h = wd_aead_alloc_sess(&ss);
		return s->h && !wd_aead_set_ckey(s->h, s->key, (__u16)s->klen) &&
		       (!s->aklen || !wd_aead_set_akey(s->h, s->akey, (__u16)s->aklen)) &&
		       !wd_aead_set_authsize(s->h, (__u16)s->authsize);
	}
}

void sess_close(struct sess *s)
{
	if (!s->h)
		return;
	if (s->a->cls == CLS_CIPHER)
		wd_cipher_free_sess(s->h);
	else if (s->a->cls == CLS_DIGEST)
		wd_digest_free_sess(s->h);
	else
		wd_aead_free_sess(s->h);
	s->h = 0;
}

/* Sessions from sess[at]: every advertised algorithm of c, then the extras; the count. */
static int open_sessions(enum cls c, bool extras, int at)
{
	const struct calg *list[128], *m;
	int n = calg_advertised(list, 128), i, ns = at;

	for (i = 0; i < n; i++)
		if (list[i]->cls == c && ns < MAX_SESS - EXTRA_SESS &&
		    sess_open(&sess[ns], list[i], 50 + (unsigned int)ns))
			ns++;
		else if (list[i]->cls == c)
			NOTE("%s: session or key refused", list[i]->name);
	m = main_alg(c, list, n);
	for (i = 0; m && extras && i < EXTRA_SESS; i++)
		if (sess_open(&sess[ns], m, 500 + (unsigned int)i))
			ns++;
	return ns - at;
}

/* Input, IV and expected result of job j (references computed now). */
void job_prepare(struct job *j, struct sess *s, int i)
{
	const struct calg *a = s->a;
	unsigned int wl;

	memset(j, 0, sizeof(*j));
	j->s = s;
	j->len = JOB_LEN - (size_t)(i % 3) * 16;
	fill(j->in, sizeof(j->in), 1000 + (unsigned int)i);
	fill(j->iv0, 16, 2000 + (unsigned int)i);
	if (a->cls == CLS_DIGEST) {
		j->len -= (size_t)(i % 5);
		memset(j->iv0 + 12, 0, 4);	/* GMAC: J0 = nonce || 00000001 */
		j->iv0[15] = 1;
		j->unchecked = ref_digest(a, s->key, s->klen, j->iv0, j->in, j->len, j->want, &wl);
	} else if (a->cls == CLS_CIPHER) {
		j->unchecked = ref_cipher(a, 1, s->key, s->klen, j->iv0, j->in, j->want, j->len);
	} else {
		if (a->mode == WD_CIPHER_CCM) {
			j->iv0[0] = 1;	/* L = 2 */
			memset(j->iv0 + 14, 0, 2);
		}
		j->unchecked = ref_aead(a, s->key, s->klen, s->akey, s->aklen, j->iv0, j->in,
					AAD_LEN, j->in + AAD_LEN, j->want, j->len, j->tag,
					s->authsize);
		/* every tenth checked one: decrypt the reference with a wrong tag */
		if (!j->unchecked && i % 10 == 9) {
			j->bad_tag = true;
			memcpy(j->in + AAD_LEN, j->want, j->len);
			j->tag[0] ^= 1;
		}
	}
	memcpy(j->iv, j->iv0, 16);
}

/* Sync requests take the same fields; their outcome is recorded as a callback would. */
static int job_sync_done(struct job *j, int ret, __u16 state)
{
	if (ret)
		NOTE("%s sync request: %d (%s)", j->s->a->name, ret, wd_strerror(ret));
	j->state = ret ? (__u16)-ret : state;
	j->done = 1;
	return ret;
}

int job_submit(struct job *j, bool sync)
{
	struct sess *s = j->s;

	if (s->a->cls == CLS_CIPHER) {
		struct wd_cipher_req r = { .op_type = WD_CIPHER_ENCRYPTION, .src = j->in,
					   .dst = j->out, .iv = s->a->mode == WD_CIPHER_ECB ?
								NULL : j->iv,
					   .in_bytes = (__u32)j->len,
					   .iv_bytes = s->a->mode == WD_CIPHER_ECB ? 0 :
						       s->a->alg == WD_CIPHER_DES ||
						       s->a->alg == WD_CIPHER_3DES ? 8 : 16,
					   .out_buf_bytes = (__u32)j->len,
					   .out_bytes = (__u32)j->len, .cb = cipher_cb,
					   .cb_param = j };

		return sync ? job_sync_done(j, wd_do_cipher_sync(s->h, &r), r.state) :
			      wd_do_cipher_async(s->h, &r);
	}
	if (s->a->cls == CLS_DIGEST) {
		struct wd_digest_req r = { .in = j->in, .out = j->out, .in_bytes = (__u32)j->len,
					   .out_bytes = dg_mac_len(s->a->alg),
					   .out_buf_bytes = sizeof(j->out),
					   .iv = s->a->alg == WD_DIGEST_AES_GMAC ? j->iv : NULL,
					   .iv_bytes = s->a->alg == WD_DIGEST_AES_GMAC ? 16 : 0,
					   .has_next = WD_DIGEST_END, .cb = digest_cb,
					   .cb_param = j };

		return sync ? job_sync_done(j, wd_do_digest_sync(s->h, &r), r.state) :
			      wd_do_digest_async(s->h, &r);
	} else {
		struct wd_aead_req r = { .op_type = j->bad_tag ? WD_CIPHER_DECRYPTION_DIGEST :
								 WD_CIPHER_ENCRYPTION_DIGEST,
					 .src = j->in, .dst = j->out,
					 .mac = j->bad_tag ? j->tag : j->mac, .iv = j->iv,
					 .in_bytes = (__u32)j->len,
					 .out_bytes = (__u32)(AAD_LEN + j->len),
					 .iv_bytes = s->a->mode == WD_CIPHER_GCM ? 12 : 16,
					 .mac_bytes = 16, .assoc_bytes = AAD_LEN, .cb = aead_cb,
					 .cb_param = j, .msg_state = AEAD_MSG_BLOCK };

		return sync ? job_sync_done(j, wd_do_aead_sync(s->h, &r), r.state) :
			      wd_do_aead_async(s->h, &r);
	}
}

bool job_good(const struct job *j, int i)
{
	const struct sess *s = j->s;
	char what[64];

	snprintf(what, sizeof(what), "job %d (%s)", i, s->a->name);
	if (j->bad_tag) {
		if (j->state != WD_IN_EPARA)
			NOTE("%s: wrong tag completed with state %u, want %d", what, j->state,
			     WD_IN_EPARA);
		return j->state == WD_IN_EPARA;
	}
	if (j->state) {
		NOTE("%s: state %u", what, j->state);
		return false;
	}
	if (j->unchecked)
		return true;
	if (s->a->cls == CLS_DIGEST)
		return same(what, j->out, j->want, dg_mac_len(s->a->alg));
	if (s->a->cls == CLS_CIPHER)
		return same(what, j->out, j->want, j->len);
	return same(what, j->out + AAD_LEN, j->want, j->len) &&
	       same(what, j->mac, j->tag, s->authsize);
}

/* Submit jobs[first, first + n) without reaping; the most in flight at once. */
static int submit_all(enum cls c, int first, int n)
{
	int i, ret, most = 0;
	__u32 cnt;

	for (i = first; i < first + n; i++) {
		while ((ret = job_submit(&jobs[i], false)) == -WD_EBUSY) {
			if (c == CLS_CIPHER)
				wd_cipher_poll(1, &cnt);
			else if (c == CLS_DIGEST)
				wd_digest_poll(1, &cnt);
			else
				wd_aead_poll(1, &cnt);
		}
		if (ret) {
			NOTE("submit of job %d (%s): %d (%s)", i, jobs[i].s->a->name, ret,
			     wd_strerror(ret));
			return -1;
		}
		if (i + 1 - first - ndone > most)
			most = i + 1 - first - ndone;
	}
	return most;
}

static void async_class(enum cls c)
{
	int ns, i, most, good = 0, unchecked = 0, bad_tags = 0;

	if (!setup_class(c))
		return;
	ns = open_sessions(c, true, 0);
	CHECK(ns > EXTRA_SESS, "%s async: %d sessions (every advertised algorithm + %d of one)",
	      cls_name(c), ns, EXTRA_SESS);
	if (ns > 0) {
		for (i = 0; i < NJOBS; i++)
			job_prepare(&jobs[i], &sess[i % ns], i);
		ndone = 0;
		most = submit_all(c, 0, NJOBS);
		CHECK(most >= 64, "%s async: %d requests submitted, up to %d in flight before "
		      "a poll", cls_name(c), NJOBS, most);
		CHECK(most >= 0 && poll_until(c, &ndone, NJOBS), "%s async: all %d completed "
		      "(%d)", cls_name(c), NJOBS, ndone);
		for (i = 0; i < NJOBS; i++) {
			good += jobs[i].done && job_good(&jobs[i], i);
			unchecked += jobs[i].unchecked;
			bad_tags += jobs[i].bad_tag;
		}
		CHECK(good == NJOBS, "%s async: %d of %d results = OpenSSL (%d without a "
		      "reference here)%s", cls_name(c), good, NJOBS, unchecked,
		      c == CLS_AEAD ? ", wrong tags: callback state WD_IN_EPARA" : "");
		if (c == CLS_AEAD)
			CHECK(bad_tags > 0, "aead async: %d wrong-tag decryptions among them",
			      bad_tags);
		check_driver(c, sess[ns - 1].h, run.want[c], "async sessions");
	}
	for (i = 0; i < ns; i++)
		sess_close(&sess[i]);
	class_uninit(c);
}

void test_async(void)
{
	async_class(CLS_CIPHER);
	async_class(CLS_DIGEST);
	async_class(CLS_AEAD);
}

/* Reap every class until ndone reaches n; false after ~20 s without it. */
static bool poll_all(int n)
{
	int spins = 0;
	__u32 cnt[CLS_N];

	while (ndone < n) {
		memset(cnt, 0, sizeof(cnt));
		wd_cipher_poll(0, &cnt[0]);
		wd_digest_poll(0, &cnt[1]);
		wd_aead_poll(0, &cnt[2]);
		if (cnt[0] + cnt[1] + cnt[2])
			spins = 0;
		else if (++spins > 1000000)
			return false;
		else
			usleep(20);
	}
	return true;
}

/*
 * The kill -9 victim: each class keeps NJOBS / 3 requests in flight over
 * a session of every advertised algorithm, round after round, until
 * killed. The jobs are prepared once with their references and only
 * resubmitted (the IV reset), so the device is busy most of the time.
 * Prints "busy: ready" once the first round is submitted; exits
 * (non-zero) only on an error.
 */
int busy_loop(void)
{
	const int per = NJOBS / CLS_N;
	int c, i, ns[CLS_N], base[CLS_N], next = 0;
	long rounds = 0;

	for (c = 0; c < CLS_N; c++) {
		if (class_init((enum cls)c, run.task, 0, 1)) {
			printf("# busy: %s init failed\n", cls_name((enum cls)c));
			return 1;
		}
		base[c] = next;
		ns[c] = open_sessions((enum cls)c, false, next);
		next += ns[c];
		if (!ns[c]) {
			printf("# busy: no %s session\n", cls_name((enum cls)c));
			return 1;
		}
		for (i = 0; i < per; i++)
			job_prepare(&jobs[c * per + i], &sess[base[c] + i % ns[c]], i);
	}
	for (;;) {
		for (i = 0; i < CLS_N * per; i++) {
			jobs[i].done = 0;
			jobs[i].state = 0;
			memcpy(jobs[i].iv, jobs[i].iv0, 16);
		}
		ndone = 0;
		for (c = 0; c < CLS_N; c++)
			if (submit_all((enum cls)c, c * per, per) < 0)
				return 1;
		if (!rounds++) {
			printf("busy: ready (%d requests in flight per round)\n", CLS_N * per);
			fflush(stdout);
		}
		if (!poll_all(CLS_N * per)) {
			printf("# busy: round %ld did not complete\n", rounds);
			return 1;
		}
		for (i = 0; i < CLS_N * per; i++)
			if (!job_good(&jobs[i], i)) {
				printf("# busy: round %ld, job %d wrong\n", rounds, i);
				return 1;
			}
	}
}
