/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vacc - the crypto class (vacc_crypto*.c): the algorithm table, the
 * session slots and what the class's files share. Nothing outside the
 * class's files includes this.
 *
 * Every algorithm runs on the kernel crypto API. Synchronous transforms
 * only (mask CRYPTO_ALG_ASYNC): the worker runs one descriptor at a time
 * and waits for nothing. GCM and GMAC are built here from "ctr(<cipher>)"
 * and "ghash" so that a GCM message may come in several requests (the
 * kernel's gcm(aes) takes a whole message at once).
 */
#ifndef VACC_CRYPTO_H
#define VACC_CRYPTO_H

#include <crypto/hash.h>
#include <crypto/skcipher.h>
#include <crypto/aead.h>
#include <linux/scatterlist.h>

#include "vacc_internal.h"

/* How an algorithm is run. */
enum vacc_ckind {
	VACC_CK_SKCIPHER,	/* cipher: one skcipher */
	VACC_CK_HASH,		/* digest: an unkeyed shash, PART/LAST capable */
	VACC_CK_HMAC,		/* digest: hmac(hash) shash, PART/LAST capable */
	VACC_CK_MAC,		/* digest: cmac / xcbc shash, ONESHOT */
	VACC_CK_GMAC,		/* digest: our GCM core, ONESHOT */
	VACC_CK_GCM,		/* aead: our GCM core, streams */
	VACC_CK_KAEAD,		/* aead: a kernel aead (ccm, authenc), BLOCK */
};

/* cipher modes: what must be whole, how the IV is written back */
enum vacc_cmode {
	VACC_CM_ECB,
	VACC_CM_CBC,
	VACC_CM_CTR,
	VACC_CM_XTS,
	VACC_CM_OFB,
	VACC_CM_CFB,
	VACC_CM_CS3,
};

/* hash families: the layout of the kernel's export struct */
enum vacc_hfam {
	VACC_HF_NONE,
	VACC_HF_MD5,		/* struct md5_state, little-endian words */
	VACC_HF_SHA1,		/* struct sha1_state */
	VACC_HF_SHA256,		/* struct sha256_state (SHA-224 too) */
	VACC_HF_SHA512,		/* struct sha512_state (SHA-384 too) */
	VACC_HF_SM3,		/* struct sm3_state */
};

struct vacc_calg_info {
	u8 id;			/* enum vacc_calg */
	u8 op;			/* the opcode of its class */
	u8 kind;		/* enum vacc_ckind */
	u8 mode;		/* cipher: enum vacc_cmode; kaead: 1 = CCM */
	u8 hfam;		/* hash, hmac: enum vacc_hfam */
	u8 blk;			/* block size (cipher, hash) */
	u8 ivlen;		/* the iv_len requests must carry */
	u8 macsize;		/* digest: MAC bytes; aead: largest tag */
	u8 ssize;		/* hash, hmac: chaining state bytes */
	const char *name;	/* sysfs "algorithms" */
	const char *kname;	/* the kernel's name (gcm, gmac: the ctr mode) */
};

/* GCM's block and IV sizes */
#define VACC_GCM_BLK		16
#define VACC_GCM_IV		12
/* payload bytes per GCM message: 2^32 - 2 counter blocks after J0 */
#define VACC_GCM_MAX_PAYLOAD	((((u64)1 << 32) - 2) * VACC_GCM_BLK)

/*
 * One session slot. Only the worker touches it (queue_fini runs after the
 * worker stopped), so no lock.
 */
struct vacc_sess {
	const struct vacc_calg_info *alg;
	struct crypto_skcipher *sk;	/* cipher; gcm, gmac: the ctr mode */
	struct skcipher_request *skreq;
	struct crypto_shash *sh;	/* digest; gcm, gmac: ghash keyed with H */
	struct shash_desc *desc;	/* its running state */
	struct crypto_aead *ae;		/* kaead */
	struct aead_request *aereq;

	/* GCM / GMAC message state (a stream lives here between requests) */
	bool open;			/* FIRST done, END not yet */
	u8 j0[VACC_GCM_BLK];		/* pre-counter block */
	u8 cb[VACC_GCM_BLK];		/* counter block of the next payload block */
	u64 alen, clen;			/* AAD and payload bytes */
	u8 blk[VACC_GCM_BLK];		/* single-block work buffer (in the slab, for sg) */
};

/* The class's state of one queue (its slot in q->cls_state). */
#define VACC_BOUNCE_SG		(VACC_BOUNCE_SIZE / PAGE_SIZE + 2)
struct vacc_crypto_state {
	struct vacc_sess *sess[VACC_MAX_SESSIONS];
	struct scatterlist sg[VACC_BOUNCE_SG];	/* over a bounce buffer */
};

/* fault_off side of a bad address (vacc_abi.h) */
#define VACC_FAULT_SRC		0u

/* vacc_crypto.c: session slots */
int vacc_sess_tfms(struct vacc_sess *s, const struct vacc_calg_info *a);
void vacc_sess_free(struct vacc_sess *s);

/* vacc_crypto_algs.c: the table, the probe */
const struct vacc_calg_info *vacc_calg_find(u8 id);
bool vacc_calg_available(u8 id);
int vacc_crypto_algs_init(const char **algs);
void vacc_crypto_algs_exit(void);

/* vacc_crypto_io.c: user memory, scatterlists, statuses */
int vacc_cr_read(struct vacc_job *j, void *buf, u64 uaddr, u32 len, u32 side, u32 off);
int vacc_cr_write(struct vacc_job *j, u64 uaddr, const void *buf, u32 len, u32 side, u32 off);
int vacc_cr_read_all(struct vacc_job *j, void *buf, u64 uaddr, u32 len, u32 side);
int vacc_cr_write_all(struct vacc_job *j, u64 uaddr, const void *buf, u32 len, u32 side);
int vacc_cr_zero_dst(struct vacc_job *j, u32 len);
bool vacc_cr_abort(struct vacc_job *j);
unsigned int vacc_sg_nents(const void *buf, size_t len);
void vacc_sg_fill(struct scatterlist *sg, unsigned int nents, void *buf, size_t len);
struct scatterlist *vacc_sg_alloc(void *buf, size_t len);
struct scatterlist *vacc_sg_bounce(struct vacc_job *j, void *buf, u32 len);
u32 vacc_cr_status(int err);
int vacc_sk_run(struct skcipher_request *req, struct scatterlist *sg, u32 len, u8 *iv,
		bool dec);

/* vacc_crypto_cipher.c */
void vacc_cipher_exec(struct vacc_job *j, struct vacc_sess *s);

/* vacc_crypto_digest.c */
unsigned int vacc_hstate_size(u8 hfam);
void vacc_digest_exec(struct vacc_job *j, struct vacc_sess *s);

/* vacc_crypto_aead.c */
void vacc_aead_exec(struct vacc_job *j, struct vacc_sess *s);

/* vacc_crypto_gcm.c: the GCM core (GCM and GMAC) */
int vacc_gcm_setkey(struct vacc_sess *s, const u8 *key, u32 len);
int vacc_gcm_start(struct vacc_sess *s, const u8 *j0);
int vacc_gcm_aad(struct vacc_sess *s, const u8 *p, u32 len);
int vacc_gcm_aad_end(struct vacc_sess *s);
int vacc_gcm_crypt(struct vacc_job *j, struct vacc_sess *s, u8 *buf, u32 len, bool dec);
int vacc_gcm_tag(struct vacc_sess *s, u8 *tag);
void vacc_gcm_exec(struct vacc_job *j, struct vacc_sess *s);

#endif /* VACC_CRYPTO_H */
