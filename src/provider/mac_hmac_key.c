// SPDX-License-Identifier: Apache-2.0
/*
 * HMAC key objects (mac_int.h says why they exist) and the per-digest pool
 * of "blank" HMAC sessions: sessions keyed with the empty key, kept so
 * that a new key costs a set_key, not a session (a session is ~2 us, a
 * set_key ~0.3 us, and TLS 1.3's key schedule keys HMAC a dozen times per
 * handshake).
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "mac_int.h"

#define HKEY_SLOTS	4	/* idle sessions a key keeps: one per thread using it at once */

static struct wdp_slots blank[WDP_MD_NUM];
static unsigned int blank_gen[WDP_MD_NUM];	/* the fork generation of their sessions */
static int hook_set;
static const unsigned char no_key[1];

static void blank_teardown(void)
{
	for (int i = 0; i < WDP_MD_NUM; i++) {
		uintptr_t h;

		while ((h = wdp_slots_get(&blank[i], WDP_SLOTS)) != 0)
			wdp_sess_free(WDP_DIGEST, h);
	}
	__atomic_store_n(&hook_set, 0, __ATOMIC_RELEASE);
}

/* A session leaves its key: emptied and kept for the next key, or freed. */
static void retire(const struct wdp_md_desc *d, handle_t h)
{
	if (!__atomic_load_n(&hook_set, __ATOMIC_ACQUIRE) &&
	    !__atomic_exchange_n(&hook_set, 1, __ATOMIC_ACQ_REL))
		wdp_at_teardown(blank_teardown);
	if (!wd_digest_set_key(h, no_key, 0) && wdp_slots_put(&blank[d->index], WDP_SLOTS, h))
		return;
	wdp_sess_free(WDP_DIGEST, h);
}

struct wdp_hkey *wdp_hkey_new(const struct wdp_md_desc *d, const char *mdname,
			      const unsigned char *key, size_t len)
{
	struct wdp_hkey *k;
	const EVP_MD *md = NULL;
	unsigned int n;

	if (!key)
		len = 0;
	if (!d) {
		md = wdp_sw_md(mdname);
		if (!md || strlen(mdname) >= sizeof(k->mdname) || EVP_MD_get_size(md) <= 0) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "HMAC: no digest %s", mdname);
			return NULL;
		}
	}
	k = calloc(1, sizeof(*k));
	if (!k || !(k->raw = malloc(len ? len : 1))) {
		free(k);
		wdp_raise(WDP_R_NO_MEMORY, "HMAC key");
		return NULL;
	}
	k->refs = 1;
	k->d = d;
	strcpy(k->mdname, d ? d->sw_name : mdname);
	k->size = d ? d->size : (size_t)EVP_MD_get_size(md);
	k->block = d ? d->block : (size_t)EVP_MD_get_block_size(md);
	if (len)
		memcpy(k->raw, key, len);
	k->rawlen = len;
	if (!d)
		return k;
	if (len <= d->block) {
		if (len)
			memcpy(k->wkey, key, len);
		k->wkeylen = (uint32_t)len;
		return k;
	}
	/* WarpDrive takes keys up to a block: a longer one is hashed first (RFC 2104) */
	md = wdp_sw_md(d->sw_name);
	if (!md || !EVP_Digest(key, len, k->wkey, &n, md, NULL)) {
		wdp_raise(WDP_R_SW_FAILED, "HMAC: hashing a %zu-byte key", len);
		wdp_hkey_unref(k);
		return NULL;
	}
	k->wkeylen = n;
	return k;
}

void wdp_hkey_ref(struct wdp_hkey *k)
{
	__atomic_fetch_add(&k->refs, 1, __ATOMIC_RELAXED);
}

void wdp_hkey_unref(struct wdp_hkey *k)
{
	uintptr_t h;

	if (!k || __atomic_sub_fetch(&k->refs, 1, __ATOMIC_ACQ_REL))
		return;
	while ((h = wdp_slots_get(&k->sess, HKEY_SLOTS)) != 0)
		retire(k->d, h);
	EVP_MAC_CTX_free(k->sw_tpl);
	OPENSSL_cleanse(k->raw, k->rawlen);
	free(k->raw);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

bool wdp_hkey_same(const struct wdp_hkey *k, const struct wdp_md_desc *d, const char *mdname,
		   const unsigned char *key, size_t len)
{
	if (!key)
		len = 0;
	if (!k || k->d != d || k->rawlen != len || (!d && strcmp(k->mdname, mdname)))
		return false;
	return !len || !CRYPTO_memcmp(k->raw, key, len);
}

/* A pool whose sessions a fork made useless is emptied first. */
static void flush_stale(struct wdp_slots *p, int n, unsigned int *gen)
{
	unsigned int now = wdp_fork_gen();
	uintptr_t h;

	if (__atomic_load_n(gen, __ATOMIC_ACQUIRE) == now)
		return;
	while ((h = wdp_slots_get(p, n)) != 0)
		wdp_sess_free(WDP_DIGEST, h);
	__atomic_store_n(gen, now, __ATOMIC_RELEASE);
}

bool wdp_hkey_sess_get(struct wdp_hkey *k, struct wdp_dsess *ss)
{
	handle_t h;

	if (!k->d)
		return false;
	ss->dirty = false;
	ss->gen = wdp_fork_gen();
	flush_stale(&k->sess, HKEY_SLOTS, &k->sess_gen);
	ss->h = wdp_slots_get(&k->sess, HKEY_SLOTS);
	if (ss->h)
		return true;
	if (!wdp_digest_wd_usable(k->d->alg, WD_DIGEST_HMAC))
		return false;
	flush_stale(&blank[k->d->index], WDP_SLOTS, &blank_gen[k->d->index]);
	h = wdp_slots_get(&blank[k->d->index], WDP_SLOTS);
	if (!h && !(h = wdp_digest_sess_new(k->d->alg, WD_DIGEST_HMAC)))
		return false;
	if (wd_digest_set_key(h, k->wkeylen ? k->wkey : no_key, k->wkeylen)) {
		wdp_sess_free(WDP_DIGEST, h);
		return false;
	}
	ss->h = h;
	return true;
}

void wdp_hkey_sess_put(struct wdp_hkey *k, struct wdp_dsess *ss)
{
	if (!ss->h)
		return;
	if (ss->dirty || ss->gen != wdp_fork_gen())
		/* libwd may think a long message is under way in it; or a fork made it useless */
		wdp_sess_free(WDP_DIGEST, ss->h);
	else if (!wdp_slots_put(&k->sess, HKEY_SLOTS, ss->h))
		retire(k->d, ss->h);
	ss->h = 0;
	ss->dirty = false;
}

EVP_MAC_CTX *wdp_hkey_sw_new(struct wdp_hkey *k)
{
	EVP_MAC_CTX *tpl = __atomic_load_n(&k->sw_tpl, __ATOMIC_ACQUIRE), *t, *expected = NULL;
	EVP_MAC *mac;
	OSSL_PARAM p[2];

	if (!tpl) {
		mac = wdp_sw_mac("HMAC");
		t = mac ? EVP_MAC_CTX_new(mac) : NULL;
		p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, k->mdname, 0);
		p[1] = OSSL_PARAM_construct_end();
		if (!t || !EVP_MAC_init(t, k->rawlen ? k->raw : no_key, k->rawlen, p)) {
			EVP_MAC_CTX_free(t);
			wdp_raise(WDP_R_SW_FAILED, "HMAC-%s: software context", k->mdname);
			return NULL;
		}
		/* the first of threads racing here publishes its template */
		if (__atomic_compare_exchange_n(&k->sw_tpl, &expected, t, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE)) {
			tpl = t;
		} else {
			EVP_MAC_CTX_free(t);
			tpl = expected;
		}
	}
	t = EVP_MAC_CTX_dup(tpl);
	if (!t)
		wdp_raise(WDP_R_SW_FAILED, "HMAC-%s: copying the software context", k->mdname);
	return t;
}
