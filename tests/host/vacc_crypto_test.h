/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vacc_crypto: the vacc crypto drivers (src/drivers/vacc) through the
 * public API, on the fake uacce device of vacc_fake_uacce.h (no kernel).
 * What the tests share: bringing a class up on the fake device, the sqes
 * the device saw, and a hook that completes chosen sqes with a status.
 */
#ifndef VACC_CRYPTO_TEST_H
#define VACC_CRYPTO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "uadk/wd_cipher.h"
#include "uadk/wd_digest.h"
#include "uadk/wd_aead.h"
#include "uadk/wd_sched.h"
#include "vacc_fake_uacce.h"

/* What every test's device lists: no SM4 (as Debian's kernel), no SM3. */
extern const char vt_algs[];

enum vt_class { VT_CIPHER, VT_DIGEST, VT_AEAD };

/*
 * Fake device (max_sessions, inline or worker thread) and the class's
 * TASK_HW init with nsync sync and nasync async ctxs for alg.
 */
void vt_up(enum vt_class cls, const char *alg, __u32 max_sessions, bool inline_mode,
	   __u32 nsync, __u32 nasync);
/* The same with a whole configuration; returns the init's result. */
int vt_up_cfg(enum vt_class cls, const char *alg, const struct fu_cfg *cfg, int task_type,
	      __u32 nsync, __u32 nasync);
void vt_down(void);

/* The sqes queue n saw since the last vt_log_reset(). */
const struct vacc_sqe *vt_log(int n, __u32 *count);
void vt_log_reset(void);
/* How many sqes of opcode queue n saw (alg: 0 any; for SETUP alg NONE: VT_NONE). */
#define VT_NONE 0xffu
__u32 vt_count(int n, __u8 opcode, __u8 alg);

/*
 * Complete the next sqes of opcode (0xff: any but SETUP) with status and
 * the given counts (VT_COUNTS_ASKED: the sqe's lengths), times times.
 */
#define VT_ANY_REQ 0xffu
#define VT_COUNTS_ASKED 0xffffffffu
void vt_force(__u8 opcode, __u32 status, __u32 consumed, __u32 times);
void vt_force_off(void);

/* Sessions and requests, with the checks every test wants. */
handle_t vt_cipher_sess(enum wd_cipher_alg alg, enum wd_cipher_mode mode, const __u8 *key,
			__u32 klen);
int vt_cipher(handle_t h, bool enc, const void *in, void *out, __u32 len, __u8 *iv);
/* out[i] == in[i] ^ key[i % klen] for len bytes (the fake's "cipher"). */
bool vt_xored(const __u8 *in, const __u8 *out, __u32 len, const __u8 *key, __u32 klen);
handle_t vt_aead_sess(enum wd_cipher_mode mode, const __u8 *key, __u32 klen, __u16 authsize);
/* An AEAD request: src = AAD || payload, dst the same layout, 16 bytes at mac. */
struct vt_ae {
	bool enc;
	enum wd_aead_msg_state st;
	__u8 *src;
	__u32 aad, len;
	__u8 *dst;
	__u8 *mac;
	__u8 *iv;
	__u16 ivlen;			/* 0: 12 (GCM) */
	__u16 state;			/* out: req.state */
};
int vt_aead(handle_t h, struct vt_ae *a);

/* The cases of the other files. */
extern const struct CMUnitTest vt_aead_tests[];
extern const size_t vt_aead_ntests;
extern const struct CMUnitTest vt_status_tests[];
extern const size_t vt_status_ntests;

/* vacc_crypto_cg.c: `--callgrind N` (instructions per request, see the script). */
int vt_callgrind(long n, const char *what);

#endif
