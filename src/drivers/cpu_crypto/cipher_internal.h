/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU cipher driver's session state and the pieces its files share.
 *
 * A session picks its executors once (at set_key, which knows the key
 * size), so run() is one indirect call per request. Keys live expanded
 * inside per-session EVP contexts (one per direction, plus an auxiliary
 * ECB context for the constructions OpenSSL 3.0 lacks) and, for AES-CBC,
 * as ipsec-mb key schedules the multi-buffer lanes read.
 */
#ifndef CIPHER_INTERNAL_H
#define CIPHER_INTERNAL_H

#include <stdbool.h>
#include <openssl/evp.h>
#include "cc.h"

struct cipher_state;

/* Executes one request; returns 0 or -WD_E* (hdr.result). */
typedef int (*cipher_exec_fn)(struct cipher_state *st, struct wd_cipher_msg *m);

/* What the auxiliary context holds for a generic construction. */
enum cipher_aux {
	CIPHER_AUX_NONE,
	CIPHER_AUX_XTS,		/* ctx[] = data key ECB, auxctx = tweak key ECB (encrypt) */
	CIPHER_AUX_CS,		/* ctx[] = CBC, auxctx = ECB decrypt */
};

struct cipher_state {
	cipher_exec_fn exec[2];		/* [msg->encrypt] */
	__u8 alg;			/* enum wd_cipher_alg */
	__u8 mode;			/* enum wd_cipher_mode */
	__u8 aux;			/* enum cipher_aux in use for the current key */
	__u8 keyed;
	/*
	 * Test hook, set before init: serve AES CBC-CS and XTS with the
	 * generic constructions (as SM4 is), so they can be checked against
	 * OpenSSL's own AES-CBC-CTS and AES-XTS.
	 */
	__u8 own_modes;
	__u8 imb_ok;			/* AES-CBC/CTR: imb_enc/imb_dec hold the key */
	__u32 key_len;
	EVP_CIPHER_CTX *ctx[2];		/* [0] decrypt, [1] encrypt */
	/*
	 * CBC: the IV ctx[i] continues with after its last Update (the last
	 * ciphertext block), when chain_ok[i]: a request that continues the
	 * chain needs no re-IV, which costs OpenSSL ~150 ns (a param lookup).
	 */
	__u8 chain_iv[2][16];
	__u8 chain_ok[2];
	EVP_CIPHER_CTX *auxctx;
	/* ipsec-mb AES key schedules (up to 15 round keys) */
	__u8 imb_enc[16 * 15] __attribute__((aligned(16)));
	__u8 imb_dec[16 * 15] __attribute__((aligned(16)));
};

/* cipher_evp.c: modes OpenSSL runs as they are */
int cipher_evp_ecb(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_cbc_enc(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_cbc_dec(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_ctr(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_ofb(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_cfb(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_evp_xts(struct cipher_state *st, struct wd_cipher_msg *m);
/* CBC-CS through AES-*-CBC-CTS: CBC's IV rule, one Update */
#define cipher_evp_cts_enc	cipher_evp_cbc_enc
#define cipher_evp_cts_dec	cipher_evp_cbc_dec

/* cipher_xts.c: XTS over an ECB context (SM4, AES with equal halves) */
int cipher_xts_ieee(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_xts_gb(struct cipher_state *st, struct wd_cipher_msg *m);

/* cipher_cs.c: CBC-CS1/2/3 over CBC + ECB contexts */
int cipher_cs_enc(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_cs_dec(struct cipher_state *st, struct wd_cipher_msg *m);

void cipher_imb_key(struct cipher_state *st, const __u8 *key, __u32 len);
int cipher_imb_cbc_enc(struct cipher_state *st, struct wd_cipher_msg *m);
/* Fill an IMB_JOB (mode, direction: ipsec-mb's enums) for m; user_data = m. */
void cipher_imb_job_fill(void *imb_job, const struct cipher_state *st, int mode, int dir,
			 struct wd_cipher_msg *m);
int cipher_imb_cbc_dec(struct cipher_state *st, struct wd_cipher_msg *m);
int cipher_imb_ctr(struct cipher_state *st, struct wd_cipher_msg *m);
/* CBC encryption from this size on is EVP's (serial; EVP's loop is faster) */
#define CIPHER_IMB_CBC_ENC_MAX	1024

/* cipher_lanes.c: ipsec-mb lanes for AES-CBC encryption */
void *cipher_lanes_open(void);
void cipher_lanes_close(void *lanes);
int cipher_mb_submit(struct cc_ctx *ctx, void *lanes, void *state, struct wd_msg_hdr *msg);
void cipher_mb_flush(struct cc_ctx *ctx, void *lanes);
/*
 * The smallest request the lanes take. Measured (bench/cc_cipher_choice.c):
 * with 32 in flight the lanes win at every size, and with one in flight a
 * lane job costs what a single ipsec-mb job in run() does, so all go in.
 */
#define CIPHER_LANES_MIN	16

/* Big-endian 128-bit counter += n (CTR's IV rule). */
static inline void cipher_ctr_add(__u8 *ctr, __u32 n)
{
	int i;

	for (i = 15; i >= 0 && n; i--) {
		n += ctr[i];
		ctr[i] = (__u8)n;
		n >>= 8;
	}
}

#endif /* CIPHER_INTERNAL_H */
