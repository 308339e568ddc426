// SPDX-License-Identifier: Apache-2.0
/*
 * warpdrive's digests against OpenSSL's default provider: parameters,
 * one-shots of every size class around the block and hold sizes, messages
 * split at random into Updates (empty ones too), copies made mid-message
 * that go on differently, re-init, Final twice, SHA-1's SSL3 parameter,
 * and threads sharing the context pools.
 */
#include <pthread.h>
#include <openssl/core_names.h>
#include "pd_common.h"

static const char *const algs[] = {
	"SHA1", "SHA2-224", "SHA2-256", "SHA2-384", "SHA2-512", "SHA2-512/224", "SHA2-512/256",
	"SM3", "MD5", "sha256", "SHA-512/256", "2.16.840.1.101.3.4.2.1", NULL
};

static unsigned char msg[(40u << 20) + 77];

static void ref_digest(EVP_MD *md, const unsigned char *p, size_t n, unsigned char *out)
{
	unsigned int len;

	if (!EVP_Digest(p, n, out, &len, md, NULL))
		fprintf(stderr, "reference digest failed\n");
}

static void check_params(const char *name, EVP_MD *w, EVP_MD *r)
{
	size_t wb = 0, ws = 0, rb = 0, rs = 0;
	int wx = -1, wa = -1, rx = -1, ra = -1;
	OSSL_PARAM pw[] = {
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, &wb),
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, &ws),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_XOF, &wx),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_ALGID_ABSENT, &wa), OSSL_PARAM_END
	};
	OSSL_PARAM pr[] = {
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_BLOCK_SIZE, &rb),
		OSSL_PARAM_size_t(OSSL_DIGEST_PARAM_SIZE, &rs),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_XOF, &rx),
		OSSL_PARAM_int(OSSL_DIGEST_PARAM_ALGID_ABSENT, &ra), OSSL_PARAM_END
	};
	const OSSL_PARAM *gw = EVP_MD_gettable_params(w), *gr = EVP_MD_gettable_params(r);
	int i;

	CHECK(EVP_MD_get_params(w, pw) && EVP_MD_get_params(r, pr), "%s get_params", name);
	CHECK(wb == rb && ws == rs && wx == rx && wa == ra, "%s params %zu/%zu %zu/%zu %d/%d %d/%d",
	      name, wb, rb, ws, rs, wx, rx, wa, ra);
	CHECK(EVP_MD_get_size(w) == EVP_MD_get_size(r) &&
	      EVP_MD_get_block_size(w) == EVP_MD_get_block_size(r) &&
	      EVP_MD_get_type(w) == EVP_MD_get_type(r) &&
	      EVP_MD_get_flags(w) == EVP_MD_get_flags(r),
	      "%s size/type/flags", name);
	for (i = 0; gw && gr && gw[i].key && gr[i].key; i++)
		CHECK(!strcmp(gw[i].key, gr[i].key) && gw[i].data_type == gr[i].data_type,
		      "%s gettable %s", name, gw[i].key);
	CHECK(gw && gr && !gw[i].key && !gr[i].key, "%s gettable lists differ", name);
	CHECK(!EVP_MD_settable_ctx_params(w) == !EVP_MD_settable_ctx_params(r),
	      "%s settable ctx params", name);
}

static void one_shots(const char *name, EVP_MD *w, EVP_MD *r)
{
	static const size_t sizes[] = {
		0, 1, 3, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 255, 1000, 1024, 2047,
		2048, 2049, 2111, 2176, 4096 + 13, 65536, 100003, (16u << 20) + 1, (40u << 20) + 77
	};
	unsigned char a[64], b[64];
	unsigned int la, lb;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		la = lb = 0;
		CHECK(EVP_Digest(msg, sizes[i], a, &la, w, NULL), "%s one-shot %zu", name,
		      sizes[i]);
		ref_digest(r, msg, sizes[i], b);
		lb = (unsigned int)EVP_MD_get_size(r);
		CHECK(la == lb && !memcmp(a, b, lb), "%s one-shot %zu differs", name, sizes[i]);
	}
}

/* A message of n bytes from msg+off in Updates of random sizes (some empty). */
static int feed(EVP_MD_CTX *c, size_t off, size_t n, unsigned int *seed)
{
	while (n) {
		size_t k;

		*seed = *seed * 1103515245u + 12345u;
		switch ((*seed >> 16) % 6) {
		case 0:
			k = 0;
			break;
		case 1:
			k = 1 + (*seed >> 8) % 7;
			break;
		case 2:
			k = 1 + (*seed >> 8) % 300;
			break;
		case 3:
			k = 1 + (*seed >> 8) % 5000;
			break;
		default:
			k = 64 * (1 + (*seed >> 8) % 40);
			break;
		}
		if (k > n)
			k = n;
		if (!EVP_DigestUpdate(c, k ? msg + off : NULL, k))
			return 0;
		off += k;
		n -= k;
	}
	return 1;
}

static void splits_and_copies(const char *name, EVP_MD *w, EVP_MD *r)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new(), *d = EVP_MD_CTX_new();
	unsigned char a[64], b[64], ref[64];
	unsigned int la, seed = 7;
	size_t sz = (size_t)EVP_MD_get_size(r);

	for (int t = 0; t < 60; t++) {
		size_t n = (size_t)(t * 997u % 20000u), cut, n2;

		seed += (unsigned int)t;
		cut = n ? seed % n : 0;
		n2 = (size_t)(seed % 9000u);
		CHECK(EVP_DigestInit_ex(c, w, NULL), "%s init", name);
		CHECK(feed(c, 0, cut, &seed), "%s feed", name);
		/* a copy goes on with different bytes than the original */
		CHECK(EVP_MD_CTX_copy_ex(d, c), "%s copy", name);
		CHECK(feed(c, cut, n - cut, &seed), "%s feed 2", name);
		CHECK(feed(d, 50000, n2, &seed), "%s feed copy", name);
		CHECK(EVP_DigestFinal_ex(c, a, &la), "%s final", name);
		ref_digest(r, msg, n, ref);
		CHECK(la == sz && !memcmp(a, ref, sz), "%s split message %zu (cut %zu) differs",
		      name, n, cut);
		CHECK(EVP_DigestFinal_ex(d, b, &la), "%s final of the copy", name);
		{
			EVP_MD_CTX *rc = EVP_MD_CTX_new();

			EVP_DigestInit_ex(rc, r, NULL);
			EVP_DigestUpdate(rc, msg, cut);
			EVP_DigestUpdate(rc, msg + 50000, n2);
			EVP_DigestFinal_ex(rc, ref, &la);
			EVP_MD_CTX_free(rc);
		}
		CHECK(!memcmp(b, ref, sz), "%s copy at %zu then %zu differs", name, cut, n2);
	}
	/* Final twice, Update after Final: refused */
	ERR_set_mark();
	CHECK(EVP_DigestInit_ex(c, w, NULL) && EVP_DigestUpdate(c, msg, 10) &&
	      EVP_DigestFinal_ex(c, a, &la), "%s final", name);
	CHECK(!EVP_DigestFinal_ex(c, a, &la), "%s second final accepted", name);
	CHECK(!EVP_DigestUpdate(c, msg, 10), "%s update after final accepted", name);
	ERR_pop_to_mark();
	/* re-init without naming the digest again; NULL/0 updates */
	CHECK(EVP_DigestInit_ex(c, NULL, NULL) && EVP_DigestUpdate(c, NULL, 0) &&
	      EVP_DigestUpdate(c, msg, 3) && EVP_DigestUpdate(c, NULL, 0) &&
	      EVP_DigestFinal_ex(c, a, &la), "%s re-init", name);
	ref_digest(r, msg, 3, ref);
	CHECK(!memcmp(a, ref, sz), "%s re-init message differs", name);
	/* a copy of a finished or fresh context */
	CHECK(EVP_DigestInit_ex(c, w, NULL) && EVP_MD_CTX_copy_ex(d, c) &&
	      EVP_DigestFinal_ex(d, a, &la), "%s copy of a fresh context", name);
	ref_digest(r, msg, 0, ref);
	CHECK(!memcmp(a, ref, sz), "%s empty message through a copy", name);
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(d);
}

static void sha1_ssl3(EVP_MD *w, EVP_MD *r)
{
	unsigned char ms[48], a[20], b[20];
	unsigned int la, lb;
	EVP_MD_CTX *c = EVP_MD_CTX_new(), *d = EVP_MD_CTX_new();
	OSSL_PARAM p[2];

	memset(ms, 0xA5, sizeof(ms));
	p[0] = OSSL_PARAM_construct_octet_string(OSSL_DIGEST_PARAM_SSL3_MS, ms, sizeof(ms));
	p[1] = OSSL_PARAM_construct_end();
	CHECK(EVP_DigestInit_ex(c, w, NULL) && EVP_DigestUpdate(c, msg, 300) &&
	      EVP_MD_CTX_set_params(c, p) && EVP_DigestFinal_ex(c, a, &la), "SHA1 SSL3_MS");
	EVP_DigestInit_ex(d, r, NULL);
	EVP_DigestUpdate(d, msg, 300);
	EVP_MD_CTX_set_params(d, p);
	EVP_DigestFinal_ex(d, b, &lb);
	CHECK(!memcmp(a, b, 20), "SHA1 SSL3_MS differs");
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(d);
}

struct thr {
	EVP_MD *w, *r;
	EVP_MD_CTX *tpl;	/* a shared template (copied, never changed) */
	int bad;
};

/* Copies of one template from several threads, as the legacy HMAC_CTX / PBKDF2 make them. */
static void *template_run(void *arg)
{
	struct thr *t = arg;
	unsigned char a[64], b[64];
	unsigned int la;
	EVP_MD_CTX *c = EVP_MD_CTX_new(), *rc = EVP_MD_CTX_new();

	for (unsigned int i = 0; i < 500; i++) {
		if (!EVP_MD_CTX_copy_ex(c, t->tpl) ||
		    !EVP_DigestUpdate(c, msg + 1000 + i, i % 200) ||
		    !EVP_DigestFinal_ex(c, a, &la))
			t->bad++;
		EVP_DigestInit_ex(rc, t->r, NULL);
		EVP_DigestUpdate(rc, msg, 197);
		EVP_DigestUpdate(rc, msg + 1000 + i, i % 200);
		EVP_DigestFinal_ex(rc, b, &la);
		if (memcmp(a, b, la))
			t->bad++;
	}
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(rc);
	return NULL;
}

static void templates(void)
{
	pthread_t th[3];
	struct thr t[3];
	EVP_MD *w = EVP_MD_fetch(pd_wd, "SHA2-256", "provider=warpdrive");
	EVP_MD *r = EVP_MD_fetch(pd_ref, "SHA2-256", NULL);
	EVP_MD_CTX *tpl = EVP_MD_CTX_new();
	unsigned char a[32], b[32];
	unsigned int la;

	/* three blocks and a tail wait in the template's hold */
	CHECK(EVP_DigestInit_ex(tpl, w, NULL) && EVP_DigestUpdate(tpl, msg, 197), "template");
	for (int i = 0; i < 3; i++) {
		t[i].w = w;
		t[i].r = r;
		t[i].tpl = tpl;
		t[i].bad = 0;
		pthread_create(&th[i], NULL, template_run, &t[i]);
	}
	for (int i = 0; i < 3; i++) {
		pthread_join(th[i], NULL);
		CHECK(!t[i].bad, "template thread %d: %d digests differ", i, t[i].bad);
	}
	/* the template goes on itself */
	CHECK(EVP_DigestUpdate(tpl, msg + 197, 5000) && EVP_DigestFinal_ex(tpl, a, &la),
	      "template");
	ref_digest(r, msg, 5197, b);
	CHECK(!memcmp(a, b, 32), "template's own message differs");
	EVP_MD_CTX_free(tpl);
	EVP_MD_free(w);
	EVP_MD_free(r);
}

static void *thread_run(void *arg)
{
	struct thr *t = arg;
	unsigned char a[64], b[64];

	for (unsigned int i = 0; i < 3000; i++) {
		size_t n = (i * 131u) % 5000u;

		EVP_Digest(msg + i, n, a, NULL, t->w, NULL);
		ref_digest(t->r, msg + i, n, b);
		if (memcmp(a, b, (size_t)EVP_MD_get_size(t->r)))
			t->bad++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pd_setup(argc, argv);
	pd_fill(msg, sizeof(msg), 1);
	for (int i = 0; algs[i]; i++) {
		EVP_MD *w = EVP_MD_fetch(pd_wd, algs[i], "provider=warpdrive");
		EVP_MD *r = EVP_MD_fetch(pd_ref, algs[i], NULL);

		CHECK(w && r, "fetch %s", algs[i]);
		if (!w || !r)
			continue;
		check_params(algs[i], w, r);
		one_shots(algs[i], w, r);
		splits_and_copies(algs[i], w, r);
		if (!strcmp(algs[i], "SHA1"))
			sha1_ssl3(w, r);
		EVP_MD_free(w);
		EVP_MD_free(r);
	}
	templates();
	{
		pthread_t th[4];
		struct thr t[4];

		for (int i = 0; i < 4; i++) {
			t[i].w = EVP_MD_fetch(pd_wd, i & 1 ? "SHA2-512" : "SHA2-256",
					      "provider=warpdrive");
			t[i].r = EVP_MD_fetch(pd_ref, i & 1 ? "SHA2-512" : "SHA2-256", NULL);
			t[i].bad = 0;
			pthread_create(&th[i], NULL, thread_run, &t[i]);
		}
		for (int i = 0; i < 4; i++) {
			pthread_join(th[i], NULL);
			CHECK(!t[i].bad, "thread %d: %d digests differ", i, t[i].bad);
			EVP_MD_free(t[i].w);
			EVP_MD_free(t[i].r);
		}
	}
	return pd_finish("pd_digest");
}
