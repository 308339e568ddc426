/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive symmetric cipher API (libwd_crypto), source- and
 * binary-compatible with Linaro UADK v2.10.
 *
 * Requests. src/dst hold in_bytes bytes each (dst may equal src); the
 * output length is always in_bytes, out_bytes is never read or written as
 * a length (DPDK passes unrelated values). After success req->iv holds the
 * IV that continues the stream: CBC, CBC-CS*, CFB the last ciphertext
 * block; OFB the last keystream block; CTR the counter advanced by
 * in_bytes / 16. Return codes: 0, or -WD_EINVAL for any bad argument,
 * -WD_EBUSY (async: no free slot, retry), -WD_ETIMEDOUT (a device did not
 * answer). req->state is 0 on success; an async request that failed in
 * the driver reaches its callback with state = the positive WD_E* code.
 */
#ifndef WD_UADK_CIPHER_H
#define WD_UADK_CIPHER_H

#include <dlfcn.h>
#include <linux/types.h>
#include "wd_alg_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define AES_BLOCK_SIZE		16
#define GCM_IV_SIZE		12
#define DES3_BLOCK_SIZE		8
#define MAX_IV_SIZE		AES_BLOCK_SIZE

enum {
	CTX_TYPE_ENCRYPT = 0,
	CTX_TYPE_DECRYPT,
};

enum wd_cipher_op_type {
	WD_CIPHER_ENCRYPTION,
	WD_CIPHER_DECRYPTION,
};

enum wd_cipher_alg {
	WD_CIPHER_SM4,
	WD_CIPHER_AES,
	WD_CIPHER_DES,
	WD_CIPHER_3DES,
	WD_CIPHER_ALG_TYPE_MAX,
};

enum wd_cipher_mode {
	WD_CIPHER_ECB,
	WD_CIPHER_CBC,
	WD_CIPHER_CTR,
	WD_CIPHER_XTS,		/* IEEE 1619-2007 */
	WD_CIPHER_OFB,
	WD_CIPHER_CFB,		/* CFB-128 (DES/3DES: CFB-64) */
	WD_CIPHER_CBC_CS1,	/* NIST SP 800-38A addendum */
	WD_CIPHER_CBC_CS2,
	WD_CIPHER_CBC_CS3,
	WD_CIPHER_CCM,		/* AEAD only */
	WD_CIPHER_GCM,		/* AEAD only */
	WD_CIPHER_XTS_GB,	/* GB/T 17964-2021 */
	WD_CIPHER_MODE_TYPE_MAX,
};

struct wd_cipher_sess_setup {
	enum wd_cipher_alg alg;
	enum wd_cipher_mode mode;
	void *sched_param;		/* struct sched_params *, or NULL */
	struct wd_mm_ops mm_ops;	/* leave zeroed */
	enum wd_mem_type mm_type;	/* UADK_MEM_AUTO only */
};

struct wd_cipher_req;
typedef void *wd_alg_cipher_cb_t(struct wd_cipher_req *req, void *cb_param);

struct wd_cipher_req {
	enum wd_cipher_op_type op_type;
	union {
		struct wd_datalist *list_src;
		void *src;
	};
	union {
		struct wd_datalist *list_dst;
		void *dst;
	};
	void *iv;
	__u32 in_bytes;
	__u32 iv_bytes;
	__u32 out_buf_bytes;	/* must be >= in_bytes */
	__u32 out_bytes;	/* not used as a length (see above) */
	__u16 state;
	__u8 type;
	__u8 data_fmt;		/* WD_FLAT_BUF or WD_SGL_BUF */
	wd_alg_cipher_cb_t *cb;
	void *cb_param;
};

int wd_cipher_init(struct wd_ctx_config *config, struct wd_sched *sched);
void wd_cipher_uninit(void);
int wd_cipher_init2_(char *alg, __u32 sched_type, int task_type, struct wd_ctx_params *ctx_params);
#define wd_cipher_init2(alg, sched_type, task_type) \
	wd_cipher_init2_(alg, sched_type, task_type, NULL)
void wd_cipher_uninit2(void);

/* 0 on failure (bad setup, algorithm not served, not initialised). */
handle_t wd_cipher_alloc_sess(struct wd_cipher_sess_setup *setup);
void wd_cipher_free_sess(handle_t h_sess);
/*
 * AES 16/24/32, SM4 16, DES 8 (weak keys refused), 3DES 16/24; XTS and
 * XTS_GB take two keys: AES 32/64, SM4 32. Otherwise -WD_EINVAL.
 */
int wd_cipher_set_key(handle_t h_sess, const __u8 *key, __u32 key_len);

int wd_do_cipher_sync(handle_t h_sess, struct wd_cipher_req *req);
/* The request is copied; req->cb runs from wd_cipher_poll*() only. */
int wd_do_cipher_async(handle_t h_sess, struct wd_cipher_req *req);
int wd_cipher_poll_ctx(__u32 idx, __u32 expt, __u32 *count);
int wd_cipher_poll(__u32 expt, __u32 *count);

int wd_cipher_env_init(struct wd_sched *sched);
void wd_cipher_env_uninit(void);
int wd_cipher_ctx_num_init(__u32 node, __u32 type, __u32 num, __u8 mode);
void wd_cipher_ctx_num_uninit(void);
int wd_cipher_get_env_param(__u32 node, __u32 type, __u32 mode, __u32 *num, __u8 *is_enable);

/* For UADK's driver plug-ins; WarpDrive has none: always NULL. */
struct wd_cipher_msg *wd_cipher_get_msg(__u32 idx, __u32 tag);

#ifdef __cplusplus
}
#endif

#endif /* WD_UADK_CIPHER_H */
