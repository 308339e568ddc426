/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The request loop bench/callgrind_crypto.sh counts under callgrind: N sync
 * requests through the public crypto API (<uadk/wd_cipher.h>, wd_digest.h,
 * wd_aead.h), CPU drivers only (TASK_INSTR), in these phases:
 *   cbc-enc-16     AES-128-CBC encrypt, 16 bytes
 *   cbc-enc-4k     AES-128-CBC encrypt, 4 KiB
 *   sha256-4k      SHA-256, 4 KiB
 *   hmac-sha256-4k HMAC-SHA256 (32-byte key), 4 KiB
 *   gcm-enc-4k     AES-128-GCM encrypt, 4 KiB + 16 bytes AAD, 16-byte tag
 *   sm3-4k         SM3, 4 KiB (the driver's own algorithm: see the script)
 * Each phase runs WARMUP requests (first-use costs: the scheduler's pick,
 * a thread's ipsec-mb manager), zeroes callgrind's counters, runs N
 * requests and dumps the counters under the phase's name. The script
 * collects only inside wd_do_*_sync (--toggle-collect), so this program's
 * loop and checks are never counted. Every request is checked: return
 * value, state, and the same output as the phase's first request (same
 * input, IV reset each time). Without valgrind's header the client
 * requests are no-ops: an ordinary check of the six request kinds.
 *
 * Usage: callgrind_crypto [N]    (default 2000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>

#include "callgrind_client.h"

#define BLOCK	4096
#define AAD	16
#define WARMUP	16

static unsigned char in[AAD + BLOCK], out[AAD + BLOCK], ref[AAD + BLOCK + 64];
static unsigned char mac[64], iv[16];
static const unsigned char key[32] = "warpdrive callgrind crypto key!";
static const unsigned char iv0[16] = "initial vector..";

static void die(const char *phase, long i, const char *what, int ret, int state)
{
	fprintf(stderr, "callgrind_crypto: %s request %ld: %s (ret %d, state %d)\n", phase, i,
		what, ret, state);
	exit(1);
}

enum kind { CBC, HASH, GCM };

struct phase {
	const char *name;
	enum kind kind;
	__u32 len;
	handle_t sess;
};

/* One request of the phase; its output (and digest / tag) to out / mac. */
static void one(const struct phase *p, long i)
{
	int ret, state;

	memcpy(iv, iv0, sizeof(iv));	/* CBC chains into it: same IV every time */
	if (p->kind == CBC) {
		struct wd_cipher_req r = {
			.op_type = WD_CIPHER_ENCRYPTION, .src = in, .dst = out, .iv = iv,
			.in_bytes = p->len, .iv_bytes = 16, .out_buf_bytes = p->len,
			.out_bytes = p->len, .data_fmt = WD_FLAT_BUF,
		};

		ret = wd_do_cipher_sync(p->sess, &r);
		state = r.state;
	} else if (p->kind == HASH) {
		struct wd_digest_req r = {
			.in = in, .out = mac, .in_bytes = p->len, .out_bytes = 32,
			.out_buf_bytes = sizeof(mac), .has_next = WD_DIGEST_END,
			.data_fmt = WD_FLAT_BUF,
		};

		ret = wd_do_digest_sync(p->sess, &r);
		state = r.state;
	} else {
		struct wd_aead_req r = {
			.op_type = WD_CIPHER_ENCRYPTION_DIGEST, .src = in, .dst = out, .mac = mac,
			.iv = iv, .in_bytes = p->len, .out_bytes = AAD + p->len, .iv_bytes = 12,
			.mac_bytes = 16, .assoc_bytes = AAD, .msg_state = AEAD_MSG_BLOCK,
			.data_fmt = WD_FLAT_BUF,
		};

		ret = wd_do_aead_sync(p->sess, &r);
		state = r.state;
	}
	if (ret || state)
		die(p->name, i, "failed", ret, state);
}

static void run(const struct phase *p, long n)
{
	/* what a request produces: payload (after GCM's AAD) and digest / tag */
	size_t off = p->kind == GCM ? AAD : 0, plen = p->kind == HASH ? 0 : p->len;
	size_t tlen = p->kind == CBC ? 0 : p->kind == GCM ? 16 : 32;
	long i;

	for (i = -WARMUP; i < n; i++) {
		if (i == 0)
			CALLGRIND_ZERO_STATS;
		one(p, i);
		if (i == -WARMUP) {
			memcpy(ref, out + off, plen);
			memcpy(ref + plen, mac, tlen);
		} else if (memcmp(ref, out + off, plen) || memcmp(ref + plen, mac, tlen)) {
			die(p->name, i, "output differs from the first one", 0, 0);
		}
	}
	CALLGRIND_DUMP_STATS_AT(p->name);
}

static handle_t cipher_sess(void)
{
	struct wd_cipher_sess_setup s = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	handle_t h = wd_cipher_alloc_sess(&s);

	if (!h || wd_cipher_set_key(h, key, 16))
		die("set-up", 0, "cbc(aes) session", 0, 0);
	return h;
}

static handle_t digest_sess(int alg, int hmac)
{
	struct wd_digest_sess_setup s = {
		.alg = (enum wd_digest_type)alg, .mode = hmac ? WD_DIGEST_HMAC : WD_DIGEST_NORMAL,
	};
	handle_t h = wd_digest_alloc_sess(&s);

	if (!h || (hmac && wd_digest_set_key(h, key, 32)))
		die("set-up", 0, "digest session", 0, 0);
	return h;
}

static handle_t aead_sess(void)
{
	struct wd_aead_sess_setup s = { .calg = WD_CIPHER_AES, .cmode = WD_CIPHER_GCM };
	handle_t h = wd_aead_alloc_sess(&s);

	if (!h || wd_aead_set_ckey(h, key, 16) || wd_aead_set_authsize(h, 16))
		die("set-up", 0, "gcm(aes) session", 0, 0);
	return h;
}

int main(int argc, char **argv)
{
	struct phase ph[] = {
		{ .name = "cbc-enc-16", .kind = CBC, .len = 16 },
		{ .name = "cbc-enc-4k", .kind = CBC, .len = BLOCK },
		{ .name = "sha256-4k", .kind = HASH, .len = BLOCK },
		{ .name = "hmac-sha256-4k", .kind = HASH, .len = BLOCK },
		{ .name = "gcm-enc-4k", .kind = GCM, .len = BLOCK },
		{ .name = "sm3-4k", .kind = HASH, .len = BLOCK },
	};
	long n = argc > 1 ? atol(argv[1]) : 2000;
	size_t k;
	int ret;

	if (n <= 0) {
		fprintf(stderr, "usage: callgrind_crypto [N > 0]\n");
		return 2;
	}
	for (k = 0; k < sizeof(in); k++)
		in[k] = (unsigned char)(k * 131 + 7);
	ret = wd_cipher_init2_("cbc(aes)", SCHED_POLICY_RR, TASK_INSTR, NULL);
	if (!ret)
		ret = wd_digest_init2_("sha256", SCHED_POLICY_RR, TASK_INSTR, NULL);
	if (!ret)
		ret = wd_aead_init2_("gcm(aes)", SCHED_POLICY_RR, TASK_INSTR, NULL);
	if (ret) {
		fprintf(stderr, "callgrind_crypto: init = %d (no CPU crypto driver?)\n", ret);
		return 1;
	}
	ph[0].sess = ph[1].sess = cipher_sess();
	ph[2].sess = digest_sess(WD_DIGEST_SHA256, 0);
	ph[3].sess = digest_sess(WD_DIGEST_SHA256, 1);
	ph[4].sess = aead_sess();
	ph[5].sess = digest_sess(WD_DIGEST_SM3, 0);
	for (k = 0; k < sizeof(ph) / sizeof(ph[0]); k++)
		run(&ph[k], n);
	printf("callgrind_crypto: %ld requests per phase, %zu phases\n", n, k);
	wd_cipher_free_sess(ph[0].sess);
	wd_digest_free_sess(ph[2].sess);
	wd_digest_free_sess(ph[3].sess);
	wd_digest_free_sess(ph[5].sess);
	wd_aead_free_sess(ph[4].sess);
	wd_aead_uninit2();
	wd_digest_uninit2();
	wd_cipher_uninit2();
	return 0;
}
