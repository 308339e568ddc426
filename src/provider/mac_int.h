/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the MAC files share: HMAC's key objects (mac_hmac_key.c) and the
 * MAC dispatch tables mac_table.c lists.
 *
 * An HMAC key object is made when a context is keyed and shared, by
 * reference, with every copy of that context: libssl copies its record
 * MAC context for every record, PBKDF2 copies its context for every
 * iteration, so a copy must not cost a session or a key schedule. The
 * object keeps the sessions keyed with it that no context is using, and a
 * keyed software template the software path copies from. When the last
 * reference goes, its sessions are re-keyed to the empty key (no secret
 * stays behind) and kept for the next key of the same digest.
 */
#ifndef WDP_MAC_INT_H
#define WDP_MAC_INT_H

#include "digest_int.h"

#define WDP_MDNAME_MAX	64	/* a digest or cipher name as the application gave it */

struct wdp_hkey {
	int refs;
	const struct wdp_md_desc *d;	/* NULL: a digest only the software path runs */
	char mdname[WDP_MDNAME_MAX];	/* the software path's digest name */
	size_t size, block;		/* of the digest */
	unsigned char *raw;		/* the key as set (OpenSSL keeps it too) */
	size_t rawlen;
	/* WarpDrive's key: raw, or hashed when longer than a block (RFC 2104) */
	unsigned char wkey[WDP_MD_MAX_BLOCK];
	uint32_t wkeylen;
	struct wdp_slots sess;		/* idle sessions keyed with it (HKEY_SLOTS used) */
	unsigned int sess_gen;		/* the fork generation of those sessions */
	EVP_MAC_CTX *sw_tpl;		/* keyed software context, made at first need */
};

/*
 * A key object for digest d (or, d NULL, the software path's digest
 * mdname, whose sizes are looked up); NULL (error raised) on failure.
 */
struct wdp_hkey *wdp_hkey_new(const struct wdp_md_desc *d, const char *mdname,
			      const unsigned char *key, size_t len);
void wdp_hkey_ref(struct wdp_hkey *k);
void wdp_hkey_unref(struct wdp_hkey *k);

/* Is k the key (and digest) given? Constant time in the key bytes. */
bool wdp_hkey_same(const struct wdp_hkey *k, const struct wdp_md_desc *d, const char *mdname,
		   const unsigned char *key, size_t len);

/* A session keyed with k into ss (its own idle one, or a re-keyed one); false: none, no error. */
bool wdp_hkey_sess_get(struct wdp_hkey *k, struct wdp_dsess *ss);
/* Give ss's session back to k (ss->h becomes 0). */
void wdp_hkey_sess_put(struct wdp_hkey *k, struct wdp_dsess *ss);

/* A new software HMAC context keyed with k, ready for a message; NULL (error raised). */
EVP_MAC_CTX *wdp_hkey_sw_new(struct wdp_hkey *k);

/*
 * CMAC and GMAC (mac_aes.c): wd_digest runs them as one request over the
 * whole message, so a context collects the message; past WDP_MBUF_MAX
 * the message moves to the software path (the collected bytes replayed).
 */
#define WDP_MBUF_MAX	(1u << 20)

struct wdp_mbuf {
	unsigned char *p;
	size_t len, cap;
};

/* Append; 0 when the message would pass WDP_MBUF_MAX or memory ran out (no error). */
int wdp_mbuf_add(struct wdp_mbuf *b, const unsigned char *in, size_t len);
void wdp_mbuf_reset(struct wdp_mbuf *b);	/* wiped, kept for the next message */
void wdp_mbuf_free(struct wdp_mbuf *b);
int wdp_mbuf_copy(struct wdp_mbuf *dst, const struct wdp_mbuf *src);

/*
 * A session of an AES MAC (WD_DIGEST_AES_CMAC / _GMAC) keyed with key;
 * 0 without an error left behind when WarpDrive has none.
 */
handle_t wdp_aesmac_sess(enum wd_digest_type alg, const unsigned char *key, size_t keylen);
/* Re-key a session; 0 (no error) on failure. */
int wdp_aesmac_set_key(handle_t h, const unsigned char *key, size_t keylen);
/* The MAC (16 bytes) of a whole message; GMAC's j0 is the initial counter block. */
int wdp_aesmac_run(handle_t h, const struct wdp_mbuf *msg, unsigned char *j0,
		   unsigned char out[16]);

extern const OSSL_DISPATCH wdp_hmac_functions[];
extern const OSSL_DISPATCH wdp_cmac_functions[];
extern const OSSL_DISPATCH wdp_gmac_functions[];

#endif /* WDP_MAC_INT_H */
