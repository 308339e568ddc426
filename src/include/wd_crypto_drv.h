/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Driver messages of the symmetric crypto classes (cipher, digest, aead).
 * Never installed. The class files check every request against UADK's
 * rules and resolve it into one of these; a driver reads only the resolved
 * fields (never the request copy, which is the callback's), writes its
 * output buffers, and reports:
 *   hdr.result  0, or -WD_E* when the request could not be executed;
 *   status      0, or WD_IN_EPARA when an AEAD tag did not verify.
 * Scatter-gather requests reach drivers as flat buffers (the class bounces
 * them), so in/out are always plain pointers.
 */
#ifndef WD_CRYPTO_DRV_H
#define WD_CRYPTO_DRV_H

#include "wd_drv.h"
#include "uadk/wd_cipher.h"
#include "uadk/wd_digest.h"
#include "uadk/wd_aead.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * wd_alg_spec for the crypto classes:
 *   cipher  alg = enum wd_cipher_alg, mode = enum wd_cipher_mode
 *   digest  alg = enum wd_digest_type, mode = enum wd_digest_mode
 *   aead    alg = calg, mode = cmode, param = dalg | dmode << 8
 *   op_type = the session's scheduling type (which ctxs it uses).
 */
#define WD_AEAD_SPEC_PARAM(dalg, dmode)	((__u32)(dalg) | (__u32)(dmode) << 8)
#define WD_AEAD_SPEC_DALG(param)	((param) & 0xff)

struct wd_cipher_msg {
	struct wd_msg_hdr hdr;
	__u8 alg;		/* enum wd_cipher_alg */
	__u8 mode;		/* enum wd_cipher_mode */
	__u8 encrypt;		/* 1: encrypt, 0: decrypt */
	__u8 iv_len;		/* bytes at iv (0 for ECB) */
	__u32 len;		/* bytes in and out */
	const __u8 *in;
	__u8 *out;		/* may equal in */
	__u8 *iv;		/* read, then replaced by the chaining IV */
	int status;
	void *bounce;		/* class: scatter-gather bounce buffer, freed at completion */
	struct wd_cipher_req req;	/* async: the copy the callback gets */
};

/* wd_digest_msg.stage */
enum wd_digest_stage {
	WD_DIGEST_ONESHOT,	/* the whole message */
	WD_DIGEST_PART,		/* a block-aligned part: state written to out */
	WD_DIGEST_LAST,		/* the last part: state read from out, MAC to out */
};

struct wd_digest_msg {
	struct wd_msg_hdr hdr;
	__u8 alg;		/* enum wd_digest_type */
	__u8 mode;		/* enum wd_digest_mode */
	__u8 stage;		/* enum wd_digest_stage */
	__u8 resume;		/* PART/LAST: out holds the state after done_len bytes */
	__u32 in_len;
	__u32 out_len;		/* PART: the FULL_LEN; else the MAC bytes wanted */
	__u32 iv_len;
	__u64 done_len;		/* message bytes hashed before this request */
	const __u8 *in;
	__u8 *out;
	const __u8 *iv;		/* GMAC */
	int status;
	void *bounce;		/* class: scatter-gather bounce buffer, freed at completion */
	struct wd_digest_req req;
};

/* wd_aead_msg.stage: enum wd_aead_msg_state (BLOCK, FIRST, MIDDLE, END) */
struct wd_aead_msg {
	struct wd_msg_hdr hdr;
	__u8 calg;		/* enum wd_cipher_alg */
	__u8 cmode;		/* WD_CIPHER_GCM, WD_CIPHER_CCM, WD_CIPHER_CBC (authenc) */
	__u8 dalg;		/* authenc: enum wd_digest_type */
	__u8 encrypt;
	__u8 stage;		/* enum wd_aead_msg_state */
	__u8 iv_len;
	__u16 authsize;		/* tag bytes written / checked */
	__u32 aad_len;
	__u32 len;		/* payload bytes (no tag) */
	const __u8 *aad;	/* BLOCK, FIRST */
	const __u8 *in;		/* payload */
	__u8 *out;		/* payload result */
	__u8 *mac;		/* tag: written (encrypt) or read (decrypt) */
	const __u8 *iv;
	int status;		/* WD_IN_EPARA: the tag did not verify */
	void *bounce;		/* class: scatter-gather bounce buffer, freed at completion */
	struct wd_aead_req req;
};

#ifdef __cplusplus
}
#endif

#endif /* WD_CRYPTO_DRV_H */
