/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive AEAD API (libwd_crypto): AES/SM4 GCM and CCM, and authenc
 * (CBC + HMAC), source- and binary-compatible with Linaro UADK v2.10.
 *
 * Block mode (msg_state AEAD_MSG_BLOCK): src = AAD (assoc_bytes) followed
 * by the payload (in_bytes; for decryption the ciphertext without tag);
 * the result payload is written at dst + assoc_bytes; the tag is in mac
 * (authsize bytes written on encryption, read and checked on decryption).
 * A tag mismatch returns 0 with req->state = WD_IN_EPARA.
 * GCM stream mode: AEAD_MSG_FIRST (src = the AAD), then any number of
 * AEAD_MSG_MIDDLE (16-byte multiples, no AAD), then AEAD_MSG_END (the
 * rest, also 0 bytes): the tag is written / checked at END (a mismatch
 * returns -WD_EINVAL with state WD_IN_EPARA). IVs: GCM 12 bytes; CCM and
 * authenc 16 (CCM: the counter block, byte 0 = L - 1, then the nonce).
 */
#ifndef WD_UADK_AEAD_H
#define WD_UADK_AEAD_H

#include <dlfcn.h>
#include "wd_alg_common.h"
#include "wd_cipher.h"
#include "wd_digest.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AIV_STREAM_LEN		64

enum wd_aead_op_type {
	WD_CIPHER_ENCRYPTION_DIGEST,	/* encrypt, then MAC over AAD || ciphertext */
	WD_CIPHER_DECRYPTION_DIGEST,	/* verify, decrypt */
	WD_DIGEST_CIPHER_ENCRYPTION,	/* not served (as UADK's SEC driver) */
	WD_DIGEST_CIPHER_DECRYPTION,
};

enum wd_aead_msg_state {
	AEAD_MSG_BLOCK = 0x0,
	AEAD_MSG_FIRST,
	AEAD_MSG_MIDDLE,
	AEAD_MSG_END,
	AEAD_MSG_INVALID,
};

struct wd_aead_sess_setup {
	enum wd_cipher_alg calg;
	enum wd_cipher_mode cmode;
	enum wd_digest_type dalg;	/* authenc: the HMAC's hash */
	enum wd_digest_mode dmode;
	void *sched_param;		/* struct sched_params *, or NULL */
	struct wd_mm_ops mm_ops;	/* leave zeroed */
	enum wd_mem_type mm_type;	/* UADK_MEM_AUTO only */
};

struct wd_aead_req;
typedef void *wd_alg_aead_cb_t(struct wd_aead_req *req, void *cb_param);

struct wd_aead_req {
	enum wd_aead_op_type op_type;
	union {
		struct wd_datalist *list_src;
		void *src;
	};
	union {
		struct wd_datalist *list_dst;
		void *dst;
	};
	void *mac;
	void *iv;
	__u32 in_bytes;
	__u32 out_bytes;
	__u16 iv_bytes;
	__u16 mac_bytes;
	__u16 assoc_bytes;
	__u16 state;
	__u8 data_fmt;
	wd_alg_aead_cb_t *cb;
	void *cb_param;
	enum wd_aead_msg_state msg_state;
};

int wd_aead_init(struct wd_ctx_config *config, struct wd_sched *sched);
void wd_aead_uninit(void);
int wd_aead_init2_(char *alg, __u32 sched_type, int task_type, struct wd_ctx_params *ctx_params);
#define wd_aead_init2(alg, sched_type, task_type) \
	wd_aead_init2_(alg, sched_type, task_type, NULL)
void wd_aead_uninit2(void);

handle_t wd_aead_alloc_sess(struct wd_aead_sess_setup *setup);
void wd_aead_free_sess(handle_t h_sess);
/* Cipher key: AES 16/24/32, SM4 16. */
int wd_aead_set_ckey(handle_t h_sess, const __u8 *key, __u16 key_len);
/* authenc HMAC key: up to 64 bytes (SM3 ... SHA-256) or 128. */
int wd_aead_set_akey(handle_t h_sess, const __u8 *key, __u16 key_len);
/* GCM 8..16; CCM 4..16 even; authenc 1..the hash's length. */
int wd_aead_set_authsize(handle_t h_sess, __u16 authsize);
int wd_aead_get_authsize(handle_t h_sess);
int wd_aead_get_maxauthsize(handle_t h_sess);

int wd_do_aead_sync(handle_t h_sess, struct wd_aead_req *req);
int wd_do_aead_async(handle_t h_sess, struct wd_aead_req *req);
int wd_aead_poll_ctx(__u32 idx, __u32 expt, __u32 *count);
int wd_aead_poll(__u32 expt, __u32 *count);

int wd_aead_env_init(struct wd_sched *sched);
void wd_aead_env_uninit(void);
int wd_aead_ctx_num_init(__u32 node, __u32 type, __u32 num, __u8 mode);
void wd_aead_ctx_num_uninit(void);
int wd_aead_get_env_param(__u32 node, __u32 type, __u32 mode, __u32 *num, __u8 *is_enable);

/* For UADK's driver plug-ins; WarpDrive has none: always NULL. */
struct wd_aead_msg *wd_aead_get_msg(__u32 idx, __u32 tag);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_AEAD_H */
