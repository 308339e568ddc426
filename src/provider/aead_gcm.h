/* SPDX-License-Identifier: Apache-2.0 */
/*
 * GCM: the context and the split between its files.
 *   aead_gcm.c     the OpenSSL face: init, update, final, parameters, the
 *                  choice of path per message
 *   aead_gcm_tls.c IV generation and TLS 1.2 records
 *   aead_gcm_wd.c  a message on WarpDrive (block, stream, the odd-size tails)
 *   aead_gcm_sw.c  a message on OpenSSL's own AES-GCM (software path)
 *
 * How a message runs on WarpDrive (wd_aead takes a block request = AAD ||
 * payload, or a stream FIRST (AAD) / MIDDLE (16-byte multiples) / END):
 *   - AAD is buffered until the first payload update (FIRST wants all of it,
 *     a block request wants it in front of the payload);
 *   - the first payload update, when small (GCM_SPEC_MAX) and when the
 *     direction allows it (encryption, or decryption with the tag already
 *     set), runs as ONE block request: AAD + payload + tag. Its input is
 *     kept. If Final comes next (one-shot use: TLS 1.3, openssl speed, most
 *     applications) the tag is ready: one request per message;
 *   - a small message (GCM_KEEP_MAX) otherwise stays kept: each update's
 *     output comes from CTR (one wd_cipher request at the message's
 *     counter, J0 + 1 + offset), and Final runs one block request over
 *     AAD + everything kept for the tag (a second AES pass, cheaper than a
 *     stream's requests at these sizes). All of it lives in the context:
 *     such a message copies (dupctx) exactly;
 *   - past those sizes the kept input is replayed into a stream (FIRST
 *     with the AAD, MIDDLE with the kept input, output discarded) and the
 *     message goes on there: MIDDLE takes the 16-byte multiple part; the
 *     rest of an update (< 16 bytes) is output at once from the key stream
 *     block of its counter (GCM's J0 + 1 + blocks so far, one CTR block
 *     through wd_cipher), kept, and given to the stream in front of the
 *     next bytes (its output there thrown away), so GHASH sees every byte;
 *   - Final sends END with the kept tail: the tag is written or checked.
 * Every update returns outl == inl, as OpenSSL's GCM (a stream cipher to EVP).
 */
#ifndef WDP_AEAD_GCM_H
#define WDP_AEAD_GCM_H

#include "aead.h"

#define GCM_IV_MAX	128		/* OpenSSL's GCM_IV_MAX_SIZE */
#define GCM_WD_IV	12		/* the only IV length wd_aead's GCM takes */
#define GCM_WD_AAD_MAX	65535		/* assoc_bytes is 16 bits */
#define GCM_MSG_MAX	((1ULL << 36) - 32)	/* SP 800-38D, as OpenSSL checks */
#define GCM_AAD_MAX	(1ULL << 61)
#define GCM_CHUNK	(1u << 30)	/* MIDDLE requests of a huge update */
#define GCM_TLS_EXPLICIT_IV	8
#define GCM_TLS_FIXED_IV	4
#define GCM_TLS_TAG	16

/*
 * Above these, a first payload update streams instead of running as one
 * block request: keeping its input (and, with AAD, bouncing it through a
 * contiguous AAD || payload buffer) costs more than the requests the block
 * request saves (FIRST, END, and a CTR block for an odd size). Measured
 * with the CPU drivers (Zen 3, ns per message, block + copies / stream):
 *   no AAD   1500 B 417/554  4096 B 1056/1073  8192 B 2057/2031  16 KiB 4157/3951
 *   AAD      1500 B 440/594  2048 B  571/631   4096 B 1144/1112  16 KiB 4583/3995
 */
#define GCM_SPEC_MAX	8192		/* no AAD: one copy of the input */
#define GCM_COPY_MAX	4096		/* with AAD: two copies (also TLS records) */
/*
 * A kept message that needs a second AES pass (CTR now, the block request
 * at Final) stays kept up to here: the pass costs what a stream's extra
 * requests cost at about 1 KiB (AES-CTR ~10 GB/s vs ~40 ns a request).
 */
#define GCM_KEEP_MAX	1024

/* OpenSSL's IV_STATE_* */
enum { IV_UNINIT, IV_BUFFERED, IV_COPIED, IV_FINISHED };

enum gcm_path { PATH_NONE, PATH_WD, PATH_SW, PATH_DEAD };
enum gcm_phase { PH_AAD, PH_SPEC, PH_STREAM };	/* PH_SPEC: the payload is kept */

struct gcm_ctx {
	struct aead_base b;

	/* what OpenSSL's PROV_GCM_CTX keeps, same meanings */
	size_t ivlen;
	unsigned char iv[GCM_IV_MAX];
	int iv_state;
	int iv_gen;
	int iv_gen_rand;
	size_t taglen;			/* AEAD_UNSET, or the decrypt tag's length, or 16 */
	unsigned char tag[AEAD_TAG_MAX];	/* decrypt: expected; encrypt: after Final */
	int tag_fresh;			/* a tag was set since the last Final */
	size_t tls_aad_len;		/* AEAD_UNSET unless a TLS record is pending */
	size_t tls_aad_pad_sz;
	unsigned char tls_aad[AEAD_TLS_AAD];
	uint64_t tls_enc_records;

	/* the message: from the IV's use (OpenSSL's setiv) to Final */
	int path;			/* enum gcm_path */
	int phase;			/* enum gcm_phase, WarpDrive path */
	size_t msg_ivlen;
	unsigned char msg_iv[GCM_IV_MAX];	/* the IV the message runs with */
	uint64_t aad_len;		/* AAD so far (buffered in b.buf on WarpDrive) */
	uint64_t msg_len;		/* payload so far */
	size_t spec_len;		/* PH_SPEC: payload kept (in b.buf behind the AAD) */
	int spec_whole;			/* PH_SPEC: one block request covered all of it */
	int spec_ok;			/* ...and (decrypt) the tag matched */
	unsigned char wtag[AEAD_TAG_MAX];	/* encrypt: the tag before Final */
	uint64_t blocks;		/* PH_STREAM: 16-byte blocks given to MIDDLE */
	size_t tail_len;		/* PH_STREAM: bytes output but not given yet */
	unsigned char tail[AEAD_BLK];
	unsigned char ks[AEAD_BLK];	/* key stream of the tail's block */
	int ks_valid;

	int stream_open;		/* the session may hold a stream: END it first */
};

/* aead_gcm.c: OpenSSL's setiv; a message starts with the IV now in c->iv. */
void gcm_msg_start(struct gcm_ctx *c);

/* aead_gcm_tls.c: OpenSSL's functions of the same names (0: refused). */
int gcm_getivgen(struct gcm_ctx *c, unsigned char *out, size_t olen);
int gcm_setivinv(struct gcm_ctx *c, const unsigned char *in, size_t inl);
int gcm_iv_generate(struct gcm_ctx *c);
size_t gcm_tls_init(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len);
int gcm_tls_iv_set_fixed(struct gcm_ctx *c, const unsigned char *iv, size_t len);
int gcm_tls_record(struct gcm_ctx *c, unsigned char *out, size_t *padlen,
		   const unsigned char *in, size_t len);

/* aead_gcm_wd.c: 1 ok, 0 error raised (tag mismatch: WDP_R_TAG_MISMATCH). */
int gcm_wd_update(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len);
int gcm_wd_final(struct gcm_ctx *c);
/* A decrypt tag set after a block request checked the old one: check again at Final. */
void gcm_wd_tag_changed(struct gcm_ctx *c);
/* A whole message (TLS record). Decrypt: tag is read; a mismatch returns 0. */
int gcm_wd_oneshot(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len,
		   const unsigned char *in, unsigned char *out, size_t len, unsigned char *tag);

/* aead_gcm_sw.c: the message on OpenSSL's implementation; 1 ok, 0 error raised. */
int gcm_sw_begin(struct gcm_ctx *c);	/* keys, IV, the buffered AAD */
int gcm_sw_aad(struct gcm_ctx *c, const unsigned char *in, size_t len);
int gcm_sw_update(struct gcm_ctx *c, const unsigned char *in, unsigned char *out, size_t len);
int gcm_sw_final(struct gcm_ctx *c);
int gcm_sw_oneshot(struct gcm_ctx *c, const unsigned char *aad, size_t aad_len,
		   const unsigned char *in, unsigned char *out, size_t len, unsigned char *tag);

#endif /* WDP_AEAD_GCM_H */
