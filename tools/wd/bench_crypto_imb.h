/* SPDX-License-Identifier: Apache-2.0 */
/* The crypto bench's ipsec-mb baselines: their state, shared by the two files. */
#ifndef WD_BENCH_CRYPTO_IMB_H
#define WD_BENCH_CRYPTO_IMB_H

#include <stdint.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
/* both define it (16): ipsec-mb's header gets its own */
#undef AES_BLOCK_SIZE
#include <intel-ipsec-mb.h>
#include "bench_crypto.h"

enum kind { K_CIPHER, K_SHA, K_HMAC, K_CMAC, K_XCBC, K_GMAC, K_GCM, K_CCM, K_AUTHENC };

#define MAX_QUEUED	128	/* jobs outstanding; the manager holds IMB_MAX_JOBS */

struct imb_st {
	/* key material first: the manager wants it 16-byte aligned */
	uint8_t enc_keys[16 * 15] __attribute__((aligned(64)));
	uint8_t dec_keys[16 * 15] __attribute__((aligned(64)));
	uint8_t ipad[64] __attribute__((aligned(64)));
	uint8_t opad[64] __attribute__((aligned(64)));
	uint8_t sk1[16] __attribute__((aligned(16)));
	uint8_t sk2[16] __attribute__((aligned(16)));
	uint8_t sk3[16] __attribute__((aligned(16)));
	struct gcm_key_data gkd __attribute__((aligned(64)));
	struct gcm_context_data gctx __attribute__((aligned(64)));
	uint64_t des_ks[3][16];
	const void *des3[3];
	const struct bc_cfg *cfg;
	const struct bc_alg *a;
	IMB_MGR *mgr;
	enum kind kind;
	IMB_CIPHER_MODE cmode;
	IMB_HASH_ALG halg;
	unsigned key_bytes;
	unsigned tag_len;	/* what the job writes (authenc: the whole HMAC) */
	bool enc;
	bool sse;		/* the SSE manager (SHA-NI): jobs, not direct SHA calls */
	/* per slot: the tag the job wrote where it is not the caller's, and
	 * the caller's tag (expected, or where a truncated one goes) */
	uint8_t (*tags)[BC_TAG_MAX];
	unsigned char **user_tag;
	unsigned queued, nslots;
	unsigned *fifo, fhead, fcount;	/* finished slots, in order */
	char msg[192];
};

/* What ipsec-mb has of st's algorithm, and its keys expanded: NULL, or why not. */
const char *bci_set_up(struct imb_st *st);
/* Whether one job at a time runs faster on the SSE manager (SHA-NI). */
bool bci_wants_shani(const struct bc_alg *a);

#endif /* WD_BENCH_CRYPTO_IMB_H */
