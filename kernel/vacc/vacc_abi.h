/* SPDX-License-Identifier: (GPL-2.0 OR Apache-2.0) */
/*
 * vacc queue format, version 1: the one description of the rings shared by
 * the vacc kernel driver (kernel/vacc/) and the WarpDrive user-space driver
 * (src/drivers/vacc/). Included from both sides, so only <linux/types.h>
 * and <linux/ioctl.h>.
 *
 * A queue is one open() of /dev/vacc-N (uacce). Two regions are mmap'ed:
 *
 *   MMIO (uacce region 0, 1 page): struct vacc_ctrl - ring indices, the
 *        doorbell (sq_tail) and the worker's flags. Each index has its own
 *        cache line and exactly one writer.
 *   DUS  (uacce region 1): sq_entries submission entries (struct vacc_sqe,
 *        64 bytes) at offset 0, then cq_entries completion entries
 *        (struct vacc_cqe, 32 bytes) at sq_entries * 64.
 *
 * Indices run freely (u32, wrapping); entry = index & (entries - 1).
 *
 * Submission (user side, the only writer of sq_tail and cq_head):
 *   1. fill sqes[sq_tail & mask] (the slot is free while
 *      sq_tail - sq_head < sq_entries),
 *   2. store-release sq_tail + 1,
 *   3. full barrier, then read flags: if VACC_CTRL_NEED_WAKEUP is set the
 *      worker sleeps, so ioctl(fd, VACC_IOCTL_WAKE). Otherwise no system
 *      call: a busy queue is served by a polling kernel worker (the
 *      io_uring SQPOLL pattern).
 * The worker sets NEED_WAKEUP, issues a full barrier and re-reads sq_tail
 * before it sleeps, so a submission is never stranded.
 *
 * Completion (kernel side, the only writer of sq_head and of cqes):
 *   the worker consumes sqes in order and posts exactly one cqe per sqe, in
 *   order, into cqes[n & mask] for completion number n (0, 1, ...). It fills
 *   the cqe, then store-releases cqe.seq = n + 1. The user side knows which
 *   n it expects next (its cq_head), so it load-acquires
 *   cqes[cq_head & mask].seq and compares with cq_head + 1 - no shared index
 *   is read on the completion path (NVMe's phase bit, widened to a sequence
 *   number so a stale entry can never look new). After reading the entry
 *   the user side store-releases cq_head + 1. The worker posts only while
 *   cq_tail - cq_head < cq_entries, so a full CQ stalls the SQ (never drops).
 *   poll() on the fd reports EPOLLIN while a cqe is unread.
 *
 * Addresses in an sqe are the queue owner's virtual addresses; the device
 * reaches them through the owner's mm. Everything the user side writes is
 * validated: a bad address completes with VACC_ST_FAULT and fault_off, a
 * bad field with VACC_ST_BAD_DESC, an oversize length with VACC_ST_BAD_LEN.
 *
 * Stop: when the queue is put or the device goes away, the kernel sets
 * VACC_CTRL_DEAD, completes what is in flight with VACC_ST_STOPPED and
 * wakes poll(). The user side, seeing DEAD, writes dead_ack = 1 and must not
 * touch the regions again; the kernel waits (bounded) for that ack before
 * the regions are unmapped, so a live client gets errors, not SIGBUS.
 */
#ifndef VACC_ABI_H
#define VACC_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VACC_API_NAME		"vacc_v1"	/* sysfs "api" */
#define VACC_CTRL_MAGIC		0x43434156u	/* "VACC" little-endian */
#define VACC_ABI_VERSION	1

#define VACC_SQ_ENTRIES		256u
#define VACC_CQ_ENTRIES		256u
#define VACC_MAX_LEN		(64u << 20)	/* src_len / dst_len limit */
#define VACC_MAX_STREAMS	16u		/* compression: stream slots per queue */
#define VACC_MAX_SESSIONS	64u		/* crypto: session slots per queue */
#define VACC_MAX_KEY		256u		/* crypto: bytes of one key */

/* ctrl.flags, written by the kernel */
#define VACC_CTRL_NEED_WAKEUP	(1u << 0)	/* worker sleeps: ring the doorbell ioctl */
#define VACC_CTRL_DEAD		(1u << 1)	/* queue stopped: no more completions */

#define VACC_CACHELINE		64

/* The MMIO page. Fields grouped by writer, one cache line per group. */
struct vacc_ctrl {
	/* written once by the kernel at queue open */
	__u32 magic;			/* VACC_CTRL_MAGIC */
	__u32 version;			/* VACC_ABI_VERSION */
	__u32 sq_entries;		/* power of two */
	__u32 cq_entries;		/* power of two, >= sq_entries */
	__u32 sq_offset;		/* byte offset of sqes in DUS (0) */
	__u32 cq_offset;		/* byte offset of cqes in DUS */
	__u32 max_len;			/* VACC_MAX_LEN */
	__u32 max_streams;		/* compression: VACC_MAX_STREAMS */
	__u32 max_sessions;		/* crypto: VACC_MAX_SESSIONS (0: no crypto class) */
	__u8 pad0[VACC_CACHELINE - 36];

	/* written by the user side */
	__u32 sq_tail;			/* doorbell: next sqe to be filled */
	__u8 pad1[VACC_CACHELINE - 4];
	__u32 cq_head;			/* next cqe to be read */
	__u32 dead_ack;			/* 1: user saw VACC_CTRL_DEAD, regions unused */
	__u8 pad2[VACC_CACHELINE - 8];

	/* written by the kernel */
	__u32 sq_head;			/* next sqe the worker reads */
	__u8 pad3[VACC_CACHELINE - 4];
	__u32 cq_tail;			/* completions posted (informational) */
	__u32 passes;			/* statistics: worker loop iterations */
	__u8 pad4[VACC_CACHELINE - 8];
	__u32 flags;			/* VACC_CTRL_* */
	__u32 wakeups;			/* statistics: sleeps a WAKE arrived in */
	__u32 sleeps;			/* statistics: NEED_WAKEUP published */
	__u32 waits;			/* statistics: sleeps that found no work and waited */
	__u8 pad5[VACC_CACHELINE - 16];
};

/*
 * The statistics (passes, wakeups, sleeps, waits) count from 0 at queue
 * open and wrap; user space may only read them. Fields after the first
 * version's (passes, sleeps, waits) sit in what was padding: a client that
 * does not know them is unaffected, so the version stays 1.
 *
 * passes grows once per worker loop iteration. A worker blocked behind a
 * full CQ re-polls on a timer of at least one jiffy, so passes then grows
 * by at most one per jiffy; it has its own line (not the flags line) since
 * a polling worker writes it continuously.
 *
 * sleeps is incremented before NEED_WAKEUP is set, under the same lock and
 * ordered before it (store-release of flags): a client that load-acquires
 * flags and sees NEED_WAKEUP then reads a sleeps value that counts it.
 * After setting the flag the worker re-checks sq_tail; when it finds no
 * work it increments waits and waits for VACC_IOCTL_WAKE (or, while work
 * is held back by a full CQ, for the re-poll timer). So waits == sleeps
 * with NEED_WAKEUP set means the worker is parked: an entry queued now runs
 * only after a WAKE. wakeups counts the sleeps in which a WAKE arrived, at most
 * one per sleep and never more than the WAKEs issued.
 */

/*
 * Opcodes come in classes: the core's own (NOP, MEMCPY) and one range per
 * class of descriptors, each with its own parameters (see struct vacc_sqe).
 */
enum vacc_opcode {
	/* the core */
	VACC_OP_NOP = 0,		/* completes at once: ring tests */
	VACC_OP_MEMCPY = 1,		/* dst[0..src_len) = src[0..src_len) */
	/* the compression class */
	VACC_OP_COMPRESS = 2,
	VACC_OP_DECOMPRESS = 3,
	/* the crypto class */
	VACC_OP_CRYPTO_SETUP = 4,	/* (re)key session slot sqe.sess, or free it */
	VACC_OP_CIPHER = 5,
	VACC_OP_DIGEST = 6,
	VACC_OP_AEAD = 7,
	VACC_OP_MAX,
};

/* compression: sqe.format */
enum vacc_format {
	VACC_FMT_RAW = 0,		/* raw deflate (RFC 1951) */
	VACC_FMT_ZLIB = 1,		/* RFC 1950 */
	VACC_FMT_GZIP = 2,		/* RFC 1952, one member */
	VACC_FMT_MAX,
};

/* compression: sqe.flags */
#define VACC_SQE_STREAM		(1u << 0)	/* stateful: uses stream slot sqe.stream */
#define VACC_SQE_NEW		(1u << 1)	/* with STREAM: start a fresh stream in the slot */
#define VACC_SQE_FINISH		(1u << 2)	/* with STREAM + COMPRESS: last input, end the stream */
#define VACC_SQE_RELEASE	(1u << 3)	/* with STREAM: free the slot's state after this */
#define VACC_SQE_FLAGS_ALL	0xfu		/* every compression flag */

/*
 * One request. Every opcode uses opcode, flags, src_len, dst_len (each at
 * most max_len, else VACC_ST_BAD_LEN), src, dst and user_data; NOP ignores
 * the lengths and addresses.
 *
 * Class parameters: the bytes at offsets 1, 2, 3 and 5 and the meaning of
 * the flags bits belong to the class of the opcode (the union members
 * name each class's use). A flag bit the class does not define is
 * VACC_ST_BAD_DESC. rsvd0 and rsvd1 must be 0 for the core's opcodes and
 * compression; the crypto class uses them as sess, iv, aux and mac.
 * NOP and MEMCPY take no flags and no parameters, but version 1 checks
 * their parameter bytes as compression's (format < VACC_FMT_MAX, level <=
 * 9, win_bits 0 or 9..15, else BAD_DESC; stream < max_streams, else
 * BAD_STREAM): leave them 0.
 *
 * Compression: stateless compress/decompress (no STREAM flag) treats src
 * as the whole input and must fit the output in dst (else
 * VACC_ST_OVERFLOW). Stream requests consume what they can: consumed <
 * src_len means dst filled up; the caller resubmits the rest with a fresh
 * dst.
 *
 * Crypto (see "the crypto class" below): every request names a session
 * slot of its queue (sess < max_sessions) that VACC_OP_CRYPTO_SETUP keyed
 * for an algorithm of the opcode's class, and repeats that algorithm in
 * alg; otherwise VACC_ST_BAD_SESS.
 */
struct vacc_sqe {
	__u8 opcode;			/* enum vacc_opcode */
	union {
		__u8 format;		/* compression: enum vacc_format */
		__u8 alg;		/* crypto: enum vacc_calg */
	};
	union {
		__u8 level;		/* compress: 1..9; 0 means 6 */
		__u8 iv_len;		/* crypto: bytes at iv */
	};
	union {
		__u8 win_bits;		/* compress: 9..15; 0 means 15 */
		__u8 tag_len;		/* aead: tag bytes at mac */
	};
	__u8 flags;			/* compression: VACC_SQE_*; crypto: VACC_CSQE_* */
	union {
		__u8 stream;		/* compression: stream slot, < max_streams */
		__u8 stage;		/* digest: enum vacc_dg_stage; aead: enum vacc_ae_stage */
	};
	union {
		__u16 rsvd0;		/* core, compression: must be 0 */
		__u16 sess;		/* crypto: session slot, < max_sessions */
	};
	__u32 src_len;
	__u32 dst_len;
	__u64 src;			/* owner's virtual address */
	__u64 dst;			/* owner's virtual address */
	__u64 user_data;		/* returned in the cqe as is */
	union {
		__u64 rsvd1[3];		/* core, compression: must be 0 */
		struct {
			__u64 iv;	/* crypto: owner's address of iv_len bytes */
			__u64 aux;	/* digest: done_len; aead: aad_len */
			__u64 mac;	/* aead: owner's address of the tag */
		};
	};
};

enum vacc_status {
	VACC_ST_OK = 0,
	VACC_ST_FAULT = 1,		/* src/dst not accessible: see fault_off */
	VACC_ST_BAD_DESC = 2,		/* unknown opcode, bad flags or class field, reserved != 0 */
	VACC_ST_BAD_LEN = 3,		/* a length above max_len */
	VACC_ST_OVERFLOW = 4,		/* memcpy, stateless compression: dst too small */
	VACC_ST_DATA_ERR = 5,		/* corrupt compressed input (or checksum) */
	VACC_ST_TRUNCATED = 6,		/* stateless decompress: input ended early */
	VACC_ST_NOMEM = 7,		/* the device could not allocate state */
	VACC_ST_STOPPED = 8,		/* queue stopped before or while the request ran */
	VACC_ST_BAD_STREAM = 9,		/* stream slot unused/out of range, or NEW missing; */
					/* aead: MIDDLE/END without a stream begun by FIRST */
	VACC_ST_BAD_SESS = 10,		/* crypto: session slot out of range, not set up, */
					/* or keyed for another algorithm than sqe.alg */
	VACC_ST_BAD_KEY = 11,		/* crypto SETUP: a key length the algorithm refuses */
	VACC_ST_NO_ALG = 12,		/* crypto SETUP: this kernel lacks the algorithm */
	VACC_ST_AUTH_FAIL = 13,		/* aead decrypt: the tag did not verify */
};

/* cqe.flags */
#define VACC_CQE_END		(1u << 0)	/* stream/member end reached (decompress), */
						/* or final block written (compress) */

struct vacc_cqe {
	__u64 user_data;		/* from the sqe */
	__u32 status;			/* enum vacc_status */
	__u32 consumed;			/* src bytes used */
	__u32 produced;			/* dst bytes written */
	__u32 flags;			/* VACC_CQE_* */
	__u32 fault_off;		/* FAULT: first bad byte, src offset or VACC_FAULT_DST + dst offset */
	__u32 seq;			/* completion number + 1, written last */
};

#define VACC_FAULT_DST		(1u << 31)	/* fault_off refers to dst */
/*
 * crypto: fault_off of a bad iv or mac address (offset within it in the
 * low bits). A digest RESUME reads its chaining state from dst: a fault
 * there is a dst fault. The lengths stay below max_len (2^26), so these
 * bits are never an offset.
 */
#define VACC_FAULT_IV		(1u << 30)	/* fault_off refers to iv */
#define VACC_FAULT_MAC		(1u << 29)	/* fault_off refers to mac */

/*
 * The crypto class. Algorithms are numbered (enum vacc_calg, from
 * VACC_CALGS below: id, value, the opcode that uses it, its name in sysfs
 * "algorithms"). A device lists "cipher", "digest" and "aead" for each
 * class it serves and then the name of every algorithm its kernel has; a
 * SETUP of an algorithm not listed is VACC_ST_NO_ALG.
 *
 * Sessions. A queue has max_sessions session slots. VACC_OP_CRYPTO_SETUP
 * keys slot sess for algorithm alg:
 *   src/src_len  the key: cipher key, the MAC key of HMAC/CMAC/XCBC/GMAC,
 *                or an AEAD's cipher key (1..VACC_MAX_KEY bytes; HMAC
 *                keys may be 0 bytes)
 *   dst/dst_len  authenc only: the HMAC key (else both 0)
 * and everything else 0. A SETUP replaces what the slot held (ending an
 * AEAD stream); alg VACC_CALG_NONE frees the slot (src, dst, lengths 0).
 * On any failure the slot is left free. Slots are freed when the queue is
 * put or the device goes away. Descriptors run in order, so a SETUP may
 * follow requests that still use the slot's previous key.
 *
 * VACC_OP_CIPHER: src_len bytes of src to dst (dst_len == src_len; may be
 * the same address); iv_len must be the algorithm's IV size (0 for ECB).
 * flags: VACC_CSQE_DECRYPT. src_len must suit the mode (a whole number of
 * blocks for ECB/CBC, at least one block for XTS and CBC-CS), else
 * VACC_ST_BAD_LEN. After the request the iv bytes hold the chaining value
 * that continues the stream: CBC and CBC-CS the last ciphertext block,
 * CTR the next counter block, OFB/CFB the mode's feedback block; XTS and
 * ECB leave iv unchanged.
 *
 * VACC_OP_DIGEST: hash src_len bytes of src. stage:
 *   ONESHOT  the whole message; dst_len MAC bytes (1..the MAC size, the
 *            leading bytes of the MAC) go to dst.
 *   PART     a part of a long message: src_len a non-zero multiple of the
 *            block size; dst_len == the state size; the chaining state
 *            after it goes to dst.
 *   LAST     the last part; dst_len MAC bytes to dst.
 * flags VACC_CSQE_RESUME (PART, LAST): dst holds the chaining state after
 * aux message bytes (a multiple of the block size; HMAC: message bytes
 * only, not the key block) and the request continues from it; without it
 * the message starts here. The chaining state is the hash's state words
 * in the digest's byte order (big-endian; MD5 little-endian), state size
 * bytes: MD5 16, SHA-1 20, SHA-224/256 and SM3 32, SHA-384/512 64; for
 * HMAC the inner hash's. CMAC, XCBC and GMAC are ONESHOT only. GMAC:
 * iv_len 16, the IV used as GCM's J0; src is the authenticated data.
 *
 * VACC_OP_AEAD: src holds aux AAD bytes followed by the payload
 * (src_len = aux + payload bytes); dst receives the payload's result
 * (dst_len == src_len - aux). The tag: tag_len bytes at mac, written
 * (encrypt) or checked (VACC_CSQE_DECRYPT: VACC_ST_AUTH_FAIL when it
 * differs). iv_len: GCM 12, CCM and authenc 16. stage:
 *   BLOCK   one whole message.
 *   FIRST   GCM only: start a stream in the slot: iv and the AAD (no
 *           payload, dst_len 0, no tag).
 *   MIDDLE  a payload part, a multiple of 16 bytes (no AAD, no tag).
 *   END     the last payload part (any length, no AAD) and the tag.
 * MIDDLE/END without a stream begun by FIRST: VACC_ST_BAD_STREAM.
 *
 * Details both sides rely on (the kernel side's choices where the text
 * above left them open):
 *   - tag_len: GCM 1..16, CCM 4..16 and even, authenc 1..the HMAC's size;
 *     another value, an iv_len other than the algorithm's, or a class
 *     field an opcode does not use set (stage, tag_len, iv, aux, mac) is
 *     VACC_ST_BAD_DESC. Lengths that do not fit the mode or stage
 *     (dst_len vs src_len and aux, block multiples, PART sizes, MAC sizes)
 *     are VACC_ST_BAD_LEN; a SETUP key the algorithm refuses (or a key for
 *     a plain hash) is VACC_ST_BAD_KEY.
 *   - alg: SETUP of an id not in VACC_CALGS or not listed is NO_ALG; a
 *     request whose alg is no id at all is BAD_DESC, one of another class
 *     than the opcode's is BAD_SESS.
 *   - GCM MIDDLE/END may repeat the stream's iv_len (the iv is not read).
 *     A stream part that fails (fault, stop) ends the stream: the next
 *     MIDDLE/END is BAD_STREAM. A BLOCK or FIRST restarts the slot's
 *     message. A GCM message's payload is at most 2^32 - 2 blocks (SP
 *     800-38D: the counter must not wrap onto J0): a part beyond it is
 *     BAD_LEN. GCM decrypt (BLOCK, END): the tag is read before any
 *     plaintext is written; when the request then fails (AUTH_FAIL, a
 *     fault, a stop) what it wrote to dst is overwritten with zeros, the
 *     status staying the failure's; CCM and authenc write nothing to dst
 *     then.
 *   - CCM's iv: byte 0 holds L - 1 in its low 3 bits (L >= 2, else
 *     BAD_DESC; the other bits are ignored), then the 15 - L nonce bytes;
 *     the counter bytes are ignored. A payload L bytes cannot count is
 *     BAD_LEN.
 *   - authenc: the tag is HMAC(AAD || ciphertext), truncated to tag_len.
 *   - A crypto request that completes OK reports consumed == src_len and
 *     produced == dst_len (the AEAD tag and the iv are not counted); the
 *     user side treats anything else as the two sides disagreeing.
 *   - A fault reading iv or mac is reported with VACC_FAULT_IV or
 *     VACC_FAULT_MAC (below); the chaining state RESUME reads from dst is
 *     a dst fault.
 */
#define VACC_CSQE_DECRYPT	(1u << 0)	/* cipher, aead: decrypt */
#define VACC_CSQE_RESUME	(1u << 1)	/* digest PART/LAST: continue from dst */

enum vacc_dg_stage {
	VACC_DG_ONESHOT = 0,
	VACC_DG_PART = 1,
	VACC_DG_LAST = 2,
};

enum vacc_ae_stage {
	VACC_AE_BLOCK = 0,
	VACC_AE_FIRST = 1,
	VACC_AE_MIDDLE = 2,
	VACC_AE_END = 3,
};

/*
 * X(ID, value, opcode, sysfs name). Digest HMACs are the hash's value +
 * 16; authenc is 96 + hash index (AES) and 112 + hash index (SM4), hash
 * index in the order MD5, SHA1, SHA224, SHA256, SHA384, SHA512, SM3.
 */
#define VACC_CALGS(X)								\
	X(AES_ECB, 1, CIPHER, "ecb(aes)")					\
	X(AES_CBC, 2, CIPHER, "cbc(aes)")					\
	X(AES_CTR, 3, CIPHER, "ctr(aes)")					\
	X(AES_XTS, 4, CIPHER, "xts(aes)")					\
	X(AES_OFB, 5, CIPHER, "ofb(aes)")					\
	X(AES_CFB, 6, CIPHER, "cfb(aes)")					\
	X(AES_CBC_CS3, 7, CIPHER, "cbc-cs3(aes)")				\
	X(SM4_ECB, 8, CIPHER, "ecb(sm4)")					\
	X(SM4_CBC, 9, CIPHER, "cbc(sm4)")					\
	X(SM4_CTR, 10, CIPHER, "ctr(sm4)")					\
	X(SM4_XTS, 11, CIPHER, "xts(sm4)")					\
	X(SM4_OFB, 12, CIPHER, "ofb(sm4)")					\
	X(SM4_CFB, 13, CIPHER, "cfb(sm4)")					\
	X(SM4_CBC_CS3, 14, CIPHER, "cbc-cs3(sm4)")				\
	X(DES_ECB, 15, CIPHER, "ecb(des)")					\
	X(DES_CBC, 16, CIPHER, "cbc(des)")					\
	X(DES3_ECB, 17, CIPHER, "ecb(des3_ede)")				\
	X(DES3_CBC, 18, CIPHER, "cbc(des3_ede)")				\
	X(MD5, 32, DIGEST, "md5")						\
	X(SHA1, 33, DIGEST, "sha1")						\
	X(SHA224, 34, DIGEST, "sha224")						\
	X(SHA256, 35, DIGEST, "sha256")						\
	X(SHA384, 36, DIGEST, "sha384")						\
	X(SHA512, 37, DIGEST, "sha512")						\
	X(SM3, 38, DIGEST, "sm3")						\
	X(HMAC_MD5, 48, DIGEST, "hmac(md5)")					\
	X(HMAC_SHA1, 49, DIGEST, "hmac(sha1)")					\
	X(HMAC_SHA224, 50, DIGEST, "hmac(sha224)")				\
	X(HMAC_SHA256, 51, DIGEST, "hmac(sha256)")				\
	X(HMAC_SHA384, 52, DIGEST, "hmac(sha384)")				\
	X(HMAC_SHA512, 53, DIGEST, "hmac(sha512)")				\
	X(HMAC_SM3, 54, DIGEST, "hmac(sm3)")					\
	X(AES_CMAC, 64, DIGEST, "cmac(aes)")					\
	X(AES_XCBC_MAC_96, 65, DIGEST, "xcbc-mac-96(aes)")			\
	X(AES_GMAC, 66, DIGEST, "gmac(aes)")					\
	X(AES_GCM, 80, AEAD, "gcm(aes)")					\
	X(AES_CCM, 81, AEAD, "ccm(aes)")					\
	X(SM4_GCM, 82, AEAD, "gcm(sm4)")					\
	X(SM4_CCM, 83, AEAD, "ccm(sm4)")					\
	X(AUTHENC_MD5_AES, 96, AEAD, "authenc(hmac(md5),cbc(aes))")		\
	X(AUTHENC_SHA1_AES, 97, AEAD, "authenc(hmac(sha1),cbc(aes))")		\
	X(AUTHENC_SHA224_AES, 98, AEAD, "authenc(hmac(sha224),cbc(aes))")	\
	X(AUTHENC_SHA256_AES, 99, AEAD, "authenc(hmac(sha256),cbc(aes))")	\
	X(AUTHENC_SHA384_AES, 100, AEAD, "authenc(hmac(sha384),cbc(aes))")	\
	X(AUTHENC_SHA512_AES, 101, AEAD, "authenc(hmac(sha512),cbc(aes))")	\
	X(AUTHENC_SM3_AES, 102, AEAD, "authenc(hmac(sm3),cbc(aes))")		\
	X(AUTHENC_MD5_SM4, 112, AEAD, "authenc(hmac(md5),cbc(sm4))")		\
	X(AUTHENC_SHA1_SM4, 113, AEAD, "authenc(hmac(sha1),cbc(sm4))")		\
	X(AUTHENC_SHA224_SM4, 114, AEAD, "authenc(hmac(sha224),cbc(sm4))")	\
	X(AUTHENC_SHA256_SM4, 115, AEAD, "authenc(hmac(sha256),cbc(sm4))")	\
	X(AUTHENC_SHA384_SM4, 116, AEAD, "authenc(hmac(sha384),cbc(sm4))")	\
	X(AUTHENC_SHA512_SM4, 117, AEAD, "authenc(hmac(sha512),cbc(sm4))")	\
	X(AUTHENC_SM3_SM4, 118, AEAD, "authenc(hmac(sm3),cbc(sm4))")

enum vacc_calg {
	VACC_CALG_NONE = 0,		/* SETUP: free the slot */
#define VACC_CALG_ENUM(id, val, op, name) VACC_CALG_##id = (val),
	VACC_CALGS(VACC_CALG_ENUM)
#undef VACC_CALG_ENUM
	VACC_CALG_MAX = 128,		/* every value is below this */
};

/* The class names a device lists in sysfs "algorithms" (clients probe with these). */
#define VACC_CLASS_CIPHER_NAME	"cipher"
#define VACC_CLASS_DIGEST_NAME	"digest"
#define VACC_CLASS_AEAD_NAME	"aead"

/* Driver ioctls on the queue fd (uacce passes unknown numbers to the driver). */
#define VACC_IOCTL_WAKE		_IO('V', 1)	/* wake a sleeping worker */

/* The layout both sides rely on: one writer per line, all in one page. */
_Static_assert(__builtin_offsetof(struct vacc_ctrl, sq_tail) == 1 * VACC_CACHELINE,
	       "vacc_ctrl: sq_tail starts line 1");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, cq_head) == 2 * VACC_CACHELINE,
	       "vacc_ctrl: cq_head starts line 2");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, sq_head) == 3 * VACC_CACHELINE,
	       "vacc_ctrl: sq_head starts line 3");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, cq_tail) == 4 * VACC_CACHELINE &&
	       __builtin_offsetof(struct vacc_ctrl, passes) == 4 * VACC_CACHELINE + 4,
	       "vacc_ctrl: cq_tail, passes on line 4");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, flags) == 5 * VACC_CACHELINE &&
	       __builtin_offsetof(struct vacc_ctrl, wakeups) == 5 * VACC_CACHELINE + 4 &&
	       __builtin_offsetof(struct vacc_ctrl, sleeps) == 5 * VACC_CACHELINE + 8 &&
	       __builtin_offsetof(struct vacc_ctrl, waits) == 5 * VACC_CACHELINE + 12,
	       "vacc_ctrl: flags, wakeups, sleeps, waits on line 5");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, max_sessions) == 32,
	       "vacc_ctrl: max_sessions in line 0's former padding");
_Static_assert(sizeof(struct vacc_sqe) == 64 && __builtin_offsetof(struct vacc_sqe, sess) == 6 &&
	       __builtin_offsetof(struct vacc_sqe, iv) == 40 &&
	       __builtin_offsetof(struct vacc_sqe, mac) == 56, "vacc_sqe: 64 bytes, v1 layout");
_Static_assert(sizeof(struct vacc_ctrl) == 6 * VACC_CACHELINE &&
	       sizeof(struct vacc_ctrl) <= 4096, "vacc_ctrl: six lines, within one page");

#endif /* VACC_ABI_H */
