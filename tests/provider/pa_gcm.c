// SPDX-License-Identifier: Apache-2.0
/*
 * GCM: random messages run call for call on warpdrive's and the default
 * provider's AES-GCM (same calls, same return values, same bytes): AAD
 * and payload cut at random, tags set early or late, right or wrong,
 * decrypt and encrypt, contexts reused for several messages (same key,
 * new key, new IV only) and copied at random points. SM4-GCM against the
 * reference of pa_ref.c.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include "pa_test.h"

#define MAXP 20000

struct pair {
	EVP_CIPHER_CTX *w, *r;
};

struct msg {
	unsigned char key[32], iv[64], aad[MAXP], in[MAXP], tag[16];
	size_t klen, ivlen, alen, len, taglen;
	int enc;
};

static unsigned char ow[MAXP + 32], orf[MAXP + 32];
static int dup_refused, dups;

/* One call on both contexts: the same result, the same output. */
static int both(struct pair *p, const char *what, int (*fn)(EVP_CIPHER_CTX *, void *), void *arg)
{
	int a = fn(p->w, arg), b = fn(p->r, arg);

	PA_CHECK(a == b, "%s: warpdrive %d, default %d", what, a, b);
	ERR_clear_error();
	return b;
}

struct upd {
	const unsigned char *in;
	size_t len, off;	/* output at ow/orf + off */
	int aad;
};

static int update_both(struct pair *p, struct upd *u)
{
	int nw = -1, nr = -2, a, b;

	a = EVP_CipherUpdate(p->w, u->aad ? NULL : ow + u->off, &nw, u->in, (int)u->len);
	b = EVP_CipherUpdate(p->r, u->aad ? NULL : orf + u->off, &nr, u->in, (int)u->len);
	PA_CHECK(a == b, "%s update of %zu: warpdrive %d, default %d", u->aad ? "AAD" : "payload",
		 u->len, a, b);
	if (a && b) {
		PA_CHECK(nw == nr, "update outl: warpdrive %d, default %d", nw, nr);
		PA_CHECK(u->aad || !memcmp(ow + u->off, orf + u->off, u->len),
			 "payload update of %zu at %zu: output differs", u->len, u->off);
	}
	ERR_clear_error();
	return a && b;
}

/*
 * refusable: a decrypt tag under 8 bytes set after a payload longer than
 * the context keeps (1 KiB): WarpDrive cannot check it (aead_gcm_wd.c).
 */
static int final_both(struct pair *p, int refusable)
{
	int nw, nr, a = EVP_CipherFinal_ex(p->w, ow, &nw), b = EVP_CipherFinal_ex(p->r, orf, &nr);

	if (refusable && !a && b)
		a = b = 0;
	PA_CHECK(a == b, "final: warpdrive %d, default %d", a, b);
	if (a && b)
		PA_CHECK(nw == nr && nw == 0, "final outl %d / %d", nw, nr);
	ERR_clear_error();
	return a && b;
}

static int set_tag_fn(EVP_CIPHER_CTX *c, void *m)
{
	return pa_set_tag(c, ((struct msg *)m)->tag, ((struct msg *)m)->taglen);
}

static void compare_tags(struct pair *p)
{
	unsigned char tw[16], tr[16];
	size_t n = 1 + pa_rand() % 16;
	int a = pa_get_tag(p->w, tw, n), b = pa_get_tag(p->r, tr, n);

	PA_CHECK(a == b, "get tag(%zu): warpdrive %d, default %d", n, a, b);
	if (a && b)
		PA_CHECK(!memcmp(tw, tr, n), "tags differ");
	ERR_clear_error();
}

/* Copy both contexts; go on with the copies (the originals are freed). */
static void maybe_dup(struct pair *p, int payload_updates)
{
	EVP_CIPHER_CTX *w, *r;

	if (pa_rand() % 5)
		return;
	dups++;
	w = EVP_CIPHER_CTX_new();
	r = EVP_CIPHER_CTX_new();
	if (!EVP_CIPHER_CTX_copy(w, p->w)) {
		/* refused only for a message streaming on WarpDrive: 2+ updates */
		PA_CHECK(payload_updates >= 1, "dupctx refused before the payload");
		dup_refused++;
		ERR_clear_error();
		EVP_CIPHER_CTX_free(w);
		EVP_CIPHER_CTX_free(r);
		return;
	}
	PA_CHECK(EVP_CIPHER_CTX_copy(r, p->r), "default provider refused a copy");
	/* the originals must still work: run them to the end elsewhere? free them */
	EVP_CIPHER_CTX_free(p->w);
	EVP_CIPHER_CTX_free(p->r);
	p->w = w;
	p->r = r;
}

/* A message on both: init variant, AAD pieces, payload pieces, tag timing. */
static void one_message(struct pair *p, struct msg *m, EVP_CIPHER *cw, EVP_CIPHER *cr, int first)
{
	/* before init, after init, after AAD, before Final */
	int tag_when = m->enc ? -1 : (int)(pa_rand() % 4);
	int init = first ? 0 : (int)(pa_rand() % 3), updates = 0, fails_before = pa_failures;
	size_t off, k;
	struct upd u;

	if (tag_when == 0 && !first)
		both(p, "set tag", set_tag_fn, m);
	switch (init) {
	case 0:	/* a fresh start: cipher, IV length, key and IV */
		PA_CHECK(EVP_CipherInit_ex2(p->w, cw, NULL, NULL, m->enc, NULL) ==
			 EVP_CipherInit_ex2(p->r, cr, NULL, NULL, m->enc, NULL), "init");
		if (m->ivlen != 12) {
			PA_CHECK(pa_set_ivlen(p->w, m->ivlen) == pa_set_ivlen(p->r, m->ivlen),
				 "ivlen");
		}
		if (tag_when == 0)
			both(p, "set tag", set_tag_fn, m);
		PA_CHECK(EVP_CipherInit_ex2(p->w, NULL, m->key, m->iv, m->enc, NULL) ==
			 EVP_CipherInit_ex2(p->r, NULL, m->key, m->iv, m->enc, NULL), "key+iv init");
		break;
	case 1:	/* the same key again with the IV (as openssl speed does) */
		PA_CHECK(EVP_CipherInit_ex2(p->w, NULL, m->key, m->iv, m->enc, NULL) ==
			 EVP_CipherInit_ex2(p->r, NULL, m->key, m->iv, m->enc, NULL), "re-init");
		break;
	default:	/* IV only: the key stays (TLS 1.3) */
		PA_CHECK(EVP_CipherInit_ex2(p->w, NULL, NULL, m->iv, m->enc, NULL) ==
			 EVP_CipherInit_ex2(p->r, NULL, NULL, m->iv, m->enc, NULL), "iv init");
		break;
	}
	ERR_clear_error();
	if (tag_when == 1)
		both(p, "set tag", set_tag_fn, m);
	maybe_dup(p, 0);
	for (off = 0; off < m->alen; off += k) {
		k = pa_rand() % 3 ? m->alen - off : 1 + pa_rand() % (m->alen - off);
		u = (struct upd){ m->aad + off, k, 0, 1 };
		update_both(p, &u);
	}
	if (tag_when == 2)
		both(p, "set tag", set_tag_fn, m);
	maybe_dup(p, 0);
	for (off = 0; off < m->len; off += k) {
		switch (pa_rand() % 4) {
		case 0:
			k = m->len - off;
			break;
		case 1:
			k = 1 + pa_rand() % 16;
			break;
		case 2:
			k = 16 * (1 + pa_rand() % 8);
			break;
		default:
			k = 1 + pa_rand() % (m->len - off);
			break;
		}
		if (k > m->len - off)
			k = m->len - off;
		u = (struct upd){ m->in + off, k, off, 0 };
		update_both(p, &u);
		updates++;
		maybe_dup(p, updates);
	}
	if (tag_when == 3)
		both(p, "set tag", set_tag_fn, m);
	final_both(p, !m->enc && tag_when == 3 && m->taglen < 8 && m->len > 1024);
	if (m->enc)
		compare_tags(p);
	if (pa_failures != fails_before)
		fprintf(stderr, "  in: enc %d ivlen %zu aad %zu len %zu taglen %zu tag_when %d "
			"init %d first %d\n", m->enc, m->ivlen, m->alen, m->len, m->taglen, tag_when,
			init, first);
}

static void make_msg(struct msg *m, size_t klen, int odd_iv)
{
	m->klen = klen;
	pa_rand_bytes(m->key, klen);
	m->ivlen = odd_iv && pa_rand() % 4 == 0 ? 1 + pa_rand() % 64 : 12;
	pa_rand_bytes(m->iv, sizeof(m->iv));
	m->alen = pa_rand() % 3 ? pa_rand_len(600) : 0;
	m->len = pa_rand_len(9000);
	pa_rand_bytes(m->aad, m->alen);
	pa_rand_bytes(m->in, m->len);
	m->enc = pa_rand() % 2;
	m->taglen = 16;
	if (!m->enc) {
		/* a real tag from the reference, sometimes cut or corrupted */
		unsigned char scratch[MAXP];

		pa_ref_gcm(klen == 16 ? "AES-128-ECB" : klen == 24 ? "AES-192-ECB" : "AES-256-ECB",
			   m->key, klen, m->iv, m->ivlen, m->aad, m->alen, m->in, m->len, scratch,
			   m->tag, 1);
		memcpy(m->in, scratch, m->len);	/* decrypt the ciphertext */
		/* encrypting ran on m->in as plaintext: the tag is for that plaintext's ciphertext */
		if (pa_rand() % 4 == 0)
			m->taglen = 4 + pa_rand() % 13;
		if (pa_rand() % 5 == 0)
			m->tag[pa_rand() % m->taglen] ^= 1;
	}
}

static void aes_gcm_random(const char *name, size_t klen, int rounds)
{
	EVP_CIPHER *cw = pa_fetch_wd(name), *cr = pa_fetch_ref(name);
	struct pair p;
	static struct msg m;

	PA_CHECK(cw && cr, "fetch %s", name);
	if (!cw || !cr)
		return;
	for (int i = 0; i < rounds; i++) {
		int msgs = 1 + pa_rand() % 3;

		p.w = EVP_CIPHER_CTX_new();
		p.r = EVP_CIPHER_CTX_new();
		make_msg(&m, klen, 1);
		for (int j = 0; j < msgs; j++) {
			one_message(&p, &m, cw, cr, j == 0);
			/* the next message: same or new key, new IV, maybe other direction */
			unsigned char keep[32];

			memcpy(keep, m.key, klen);
			make_msg(&m, klen, 0);
			if (pa_rand() % 2)
				memcpy(m.key, keep, klen);
		}
		EVP_CIPHER_CTX_free(p.w);
		EVP_CIPHER_CTX_free(p.r);
	}
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

/* SM4-GCM: warpdrive only; judged by the reference. */
static void sm4_gcm_random(int rounds)
{
	EVP_CIPHER *cw = pa_fetch_wd("SM4-GCM");
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	static struct msg m;
	unsigned char ref[MAXP], tag[16], t2[16];
	int n, ok;

	PA_CHECK(cw != NULL, "fetch SM4-GCM");
	if (!cw)
		return;
	for (int i = 0; i < rounds; i++) {
		size_t off, k;

		make_msg(&m, 16, 0);
		pa_ref_gcm("SM4-ECB", m.key, 16, m.iv, 12, m.aad, m.alen, m.in, m.len, ref, tag,
			   m.enc);
		ok = EVP_CipherInit_ex2(c, cw, m.key, m.iv, m.enc, NULL);
		if (!m.enc) {
			memcpy(t2, tag, 16);
			if (pa_rand() % 4 == 0)
				t2[pa_rand() % 16] ^= 1;
			ok &= pa_set_tag(c, t2, 16);
		}
		if (m.alen)
			ok &= EVP_CipherUpdate(c, NULL, &n, m.aad, (int)m.alen);
		for (off = 0; off < m.len; off += k) {
			k = pa_rand() % 2 ? m.len - off : 1 + pa_rand() % (m.len - off);
			ok &= EVP_CipherUpdate(c, ow + off, &n, m.in + off, (int)k);
			ok &= n == (int)k;
		}
		PA_CHECK(ok, "SM4-GCM updates");
		PA_CHECK(!memcmp(ow, ref, m.len), "SM4-GCM output (len %zu, aad %zu)", m.len,
			 m.alen);
		n = EVP_CipherFinal_ex(c, ow, &n);
		if (m.enc) {
			PA_CHECK(n == 1 && pa_get_tag(c, t2, 16) && !memcmp(t2, tag, 16),
				 "SM4-GCM tag");
		} else {
			PA_CHECK(n == !memcmp(t2, tag, 16), "SM4-GCM verify: %d", n);
		}
		ERR_clear_error();
	}
	EVP_CIPHER_CTX_free(c);
	EVP_CIPHER_free(cw);
}

void pa_gcm_tests(void)
{
	pa_seed(1);
	aes_gcm_random("AES-128-GCM", 16, 400);
	aes_gcm_random("AES-192-GCM", 24, 100);
	aes_gcm_random("AES-256-GCM", 32, 200);
	sm4_gcm_random(200);
	if (pa_verbose)
		printf("GCM: %d copies, %d refused (streaming on WarpDrive)\n", dups, dup_refused);
}
