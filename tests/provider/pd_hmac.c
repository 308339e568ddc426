// SPDX-License-Identifier: Apache-2.0
/*
 * warpdrive's HMAC against OpenSSL's default provider: every digest (and
 * two only the software path runs), keys around the block size, messages
 * split into Updates, copies mid-message, the re-init and key rules of
 * hmac_prov.c, parameters, the TLS record MAC parameter, EVP_PKEY HMAC
 * through the default provider's adapter, PBKDF2, and threads copying one
 * keyed template.
 */
#include <pthread.h>
#include <sys/wait.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include "pd_common.h"

static const char *const mds[] = {
	"SHA1", "SHA2-224", "SHA2-256", "SHA2-384", "SHA2-512", "SHA2-512/224", "SHA2-512/256",
	"SM3", "MD5", "sha256", "SHA3-256", "BLAKE2S-256", NULL
};
static const size_t keylens[] = { 0, 1, 20, 64, 65, 128, 129, 300 };

static unsigned char msg[300000], key[301];	/* key + 1 is a key too */
static EVP_MAC *wmac, *rmac;

static EVP_MAC_CTX *mk(EVP_MAC *mac, const char *md, const unsigned char *k, size_t klen)
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_new(mac);
	OSSL_PARAM p[2];

	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0);
	p[1] = OSSL_PARAM_construct_end();
	if (!c || !EVP_MAC_init(c, k, klen, p)) {
		EVP_MAC_CTX_free(c);
		return NULL;
	}
	return c;
}

/* HMAC of two pieces (a then b) by the reference */
static size_t ref_mac(const char *md, const unsigned char *k, size_t klen, const unsigned char *a,
		      size_t na, const unsigned char *b, size_t nb, unsigned char *out)
{
	EVP_MAC_CTX *c = mk(rmac, md, k, klen);
	size_t n = 0;

	if (!c || !EVP_MAC_update(c, a, na) || !EVP_MAC_update(c, b, nb) ||
	    !EVP_MAC_final(c, out, &n, 64))
		fprintf(stderr, "reference HMAC failed\n");
	EVP_MAC_CTX_free(c);
	return n;
}

static void params(const char *md)
{
	EVP_MAC_CTX *w = EVP_MAC_CTX_new(wmac), *r = EVP_MAC_CTX_new(rmac);
	const OSSL_PARAM *gw = EVP_MAC_settable_ctx_params(wmac);
	const OSSL_PARAM *gr = EVP_MAC_settable_ctx_params(rmac);
	int i;

	/* before a key: size 0, as OpenSSL's */
	CHECK(EVP_MAC_CTX_get_mac_size(w) == EVP_MAC_CTX_get_mac_size(r), "%s size before key", md);
	EVP_MAC_CTX_free(w);
	EVP_MAC_CTX_free(r);
	w = mk(wmac, md, key, 10);
	r = mk(rmac, md, key, 10);
	CHECK(w && r, "%s contexts", md);
	if (w && r) {
		CHECK(EVP_MAC_CTX_get_mac_size(w) == EVP_MAC_CTX_get_mac_size(r) &&
		      EVP_MAC_CTX_get_block_size(w) == EVP_MAC_CTX_get_block_size(r),
		      "%s size %zu/%zu block %zu/%zu", md, EVP_MAC_CTX_get_mac_size(w),
		      EVP_MAC_CTX_get_mac_size(r), EVP_MAC_CTX_get_block_size(w),
		      EVP_MAC_CTX_get_block_size(r));
	}
	EVP_MAC_CTX_free(w);
	EVP_MAC_CTX_free(r);
	for (i = 0; gw[i].key && gr[i].key; i++)
		CHECK(!strcmp(gw[i].key, gr[i].key) && gw[i].data_type == gr[i].data_type,
		      "settable %s", gw[i].key);
	CHECK(!gw[i].key && !gr[i].key, "settable lists differ");
	gw = EVP_MAC_gettable_ctx_params(wmac);
	gr = EVP_MAC_gettable_ctx_params(rmac);
	for (i = 0; gw[i].key && gr[i].key; i++)
		CHECK(!strcmp(gw[i].key, gr[i].key), "gettable %s", gw[i].key);
	CHECK(!gw[i].key && !gr[i].key, "gettable lists differ");
}

static void messages(const char *md)
{
	static const size_t sizes[] = { 0, 1, 63, 64, 65, 127, 128, 129, 2047, 2048, 2049, 5000,
					100000 };
	unsigned char a[64], b[64];
	size_t la = 0, lb = 0;

	for (size_t k = 0; k < sizeof(keylens) / sizeof(keylens[0]); k++) {
		EVP_MAC_CTX *c = mk(wmac, md, key, keylens[k]), *d;

		CHECK(c, "%s key %zu", md, keylens[k]);
		if (!c)
			continue;
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			size_t cut = sizes[i] / 3;

			/* re-init with a NULL key: the key in use, a new message */
			CHECK(EVP_MAC_init(c, NULL, 0, NULL), "%s re-init", md);
			CHECK(EVP_MAC_update(c, msg, cut) && EVP_MAC_update(c, NULL, 0),
			      "%s update", md);
			d = EVP_MAC_CTX_dup(c);
			CHECK(d, "%s dup", md);
			CHECK(EVP_MAC_update(c, msg + cut, sizes[i] - cut) &&
			      EVP_MAC_final(c, a, &la, sizeof(a)), "%s final", md);
			lb = ref_mac(md, key, keylens[k], msg, cut, msg + cut, sizes[i] - cut, b);
			CHECK(la == lb && !memcmp(a, b, lb), "%s key %zu msg %zu differs", md,
			      keylens[k], sizes[i]);
			if (!d)
				continue;
			CHECK(EVP_MAC_update(d, msg + 200000, sizes[i]) &&
			      EVP_MAC_final(d, a, &la, sizeof(a)), "%s final of the copy", md);
			lb = ref_mac(md, key, keylens[k], msg, cut, msg + 200000, sizes[i], b);
			CHECK(la == lb && !memcmp(a, b, lb), "%s key %zu copy at %zu differs", md,
			      keylens[k], cut);
			EVP_MAC_CTX_free(d);
		}
		/* Init with a key again: same key (kept) and another one */
		CHECK(EVP_MAC_init(c, key, keylens[k], NULL) && EVP_MAC_update(c, msg, 77) &&
		      EVP_MAC_final(c, a, &la, sizeof(a)), "%s init same key", md);
		lb = ref_mac(md, key, keylens[k], msg, 77, NULL, 0, b);
		CHECK(la == lb && !memcmp(a, b, lb), "%s same key differs", md);
		CHECK(EVP_MAC_init(c, key + 1, keylens[k], NULL) && EVP_MAC_update(c, msg, 77) &&
		      EVP_MAC_final(c, a, &la, sizeof(a)), "%s init new key", md);
		lb = ref_mac(md, key + 1, keylens[k], msg, 77, NULL, 0, b);
		CHECK(la == lb && !memcmp(a, b, lb), "%s new key differs", md);
		EVP_MAC_CTX_free(c);
	}
}

static void rules(void)
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_new(wmac), *r = EVP_MAC_CTX_new(rmac);
	OSSL_PARAM p[3];
	unsigned char a[64], b[64];
	size_t la = 0, lb = 0;

	/* no key, no digest: Init fails on both */
	ERR_set_mark();
	CHECK(!EVP_MAC_init(c, NULL, 0, NULL) && !EVP_MAC_init(r, NULL, 0, NULL), "init, no key");
	CHECK(!EVP_MAC_init(c, key, 5, NULL) && !EVP_MAC_init(r, key, 5, NULL), "key, no digest");
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "NO-SUCH-MD", 0);
	p[1] = OSSL_PARAM_construct_end();
	CHECK(!EVP_MAC_CTX_set_params(c, p) && !EVP_MAC_CTX_set_params(r, p), "unknown digest");
	ERR_pop_to_mark();
	/* key as a parameter, then the digest changes without a key: the old one stays */
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA2-256", 0);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, key, 33);
	p[2] = OSSL_PARAM_construct_end();
	CHECK(EVP_MAC_CTX_set_params(c, p) && EVP_MAC_CTX_set_params(r, p), "key parameter");
	p[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA2-512", 0);
	p[1] = OSSL_PARAM_construct_end();
	CHECK(EVP_MAC_init(c, NULL, 0, p) && EVP_MAC_init(r, NULL, 0, p), "digest change");
	CHECK(EVP_MAC_CTX_get_mac_size(c) == EVP_MAC_CTX_get_mac_size(r) &&
	      EVP_MAC_CTX_get_block_size(c) == EVP_MAC_CTX_get_block_size(r), "sizes after change");
	CHECK(EVP_MAC_update(c, msg, 1000) && EVP_MAC_final(c, a, &la, 64) &&
	      EVP_MAC_update(r, msg, 1000) && EVP_MAC_final(r, b, &lb, 64), "after change");
	CHECK(la == lb && !memcmp(a, b, la), "digest change without a key differs");
	/* final twice and update after final: refused (OpenSSL returns garbage) */
	ERR_set_mark();
	CHECK(!EVP_MAC_final(c, a, &la, 64), "second final accepted");
	CHECK(!EVP_MAC_update(c, msg, 3), "update after final accepted");
	CHECK(EVP_MAC_init(c, NULL, 0, NULL) && !EVP_MAC_final(c, a, &la, 10), "small output");
	ERR_pop_to_mark();
	EVP_MAC_CTX_free(c);
	EVP_MAC_CTX_free(r);
}

/* libssl's receive side of a MAC-then-encrypt CBC record: header, then record */
static void tls_record(const char *md)
{
	unsigned char hdr[13], a[64], b[64];
	size_t la = 0, lb = 0, orig = 1000, len = 900;
	int okw, okr;
	OSSL_PARAM p[2];
	EVP_MAC_CTX *tw = mk(wmac, md, key, 32), *tr = mk(rmac, md, key, 32), *w, *r;

	memset(hdr, 0x17, sizeof(hdr));
	p[0] = OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_TLS_DATA_SIZE, &orig);
	p[1] = OSSL_PARAM_construct_end();
	w = EVP_MAC_CTX_dup(tw);
	r = EVP_MAC_CTX_dup(tr);
	CHECK(w && r && EVP_MAC_CTX_set_params(w, p) && EVP_MAC_CTX_set_params(r, p),
	      "%s TLS data size", md);
	/* libssl takes this path for MD5, SHA-1 and SHA-2 but SHA-512/t; both fail on others */
	ERR_set_mark();
	okw = EVP_MAC_update(w, hdr, 13) && EVP_MAC_update(w, msg, len) &&
	      EVP_MAC_final(w, a, &la, 64);
	okr = EVP_MAC_update(r, hdr, 13) && EVP_MAC_update(r, msg, len) &&
	      EVP_MAC_final(r, b, &lb, 64);
	ERR_pop_to_mark();
	CHECK(okw == okr && (!okw || (la == lb && !memcmp(a, b, la))), "%s TLS record MAC differs",
	      md);
	EVP_MAC_CTX_free(w);
	EVP_MAC_CTX_free(r);
	EVP_MAC_CTX_free(tw);
	EVP_MAC_CTX_free(tr);
}

/* EVP_PKEY "HMAC": the default provider's adapter fetches EVP_MAC HMAC with ?provider=warpdrive */
static void pkey_hmac(void)
{
	unsigned char a[64], b[64];
	size_t la = 64, lb = 64;
	EVP_PKEY *kw = EVP_PKEY_new_raw_private_key_ex(pd_wd, "HMAC", NULL, key, 48);
	EVP_PKEY *kr = EVP_PKEY_new_raw_private_key_ex(pd_ref, "HMAC", NULL, key, 48);
	EVP_MD_CTX *tw = EVP_MD_CTX_new(), *tr = EVP_MD_CTX_new(), *w = EVP_MD_CTX_new();

	CHECK(kw && kr && EVP_DigestSignInit_ex(tw, NULL, "SHA2-384", pd_wd, NULL, kw, NULL) &&
	      EVP_DigestSignInit_ex(tr, NULL, "SHA2-384", pd_ref, NULL, kr, NULL), "pkey init");
	for (int rec = 0; rec < 5; rec++) {
		/* as tls1_mac: a copy of the template per record */
		CHECK(EVP_MD_CTX_copy_ex(w, tw) && EVP_DigestSignUpdate(w, msg, 13) &&
		      EVP_DigestSignUpdate(w, msg + 13, 16384) && EVP_DigestSignFinal(w, a, &la),
		      "pkey record");
		CHECK(EVP_DigestSignUpdate(tr, msg, 13 + 16384) && EVP_DigestSignFinal(tr, b, &lb),
		      "pkey ref");
		EVP_DigestSignInit_ex(tr, NULL, "SHA2-384", pd_ref, NULL, kr, NULL);
		CHECK(la == lb && !memcmp(a, b, la), "pkey HMAC record %d differs", rec);
	}
	EVP_MD_CTX_free(w);
	EVP_MD_CTX_free(tw);
	EVP_MD_CTX_free(tr);
	EVP_PKEY_free(kw);
	EVP_PKEY_free(kr);
}

static void pbkdf2(void)
{
	unsigned char a[40], b[40];
	unsigned int iter = 2000;
	OSSL_PARAM p[5];
	EVP_KDF *kw = EVP_KDF_fetch(pd_wd, "PBKDF2", NULL);
	EVP_KDF *kr = EVP_KDF_fetch(pd_ref, "PBKDF2", NULL);
	EVP_KDF_CTX *cw = kw ? EVP_KDF_CTX_new(kw) : NULL, *cr = kr ? EVP_KDF_CTX_new(kr) : NULL;

	p[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, key, 12);
	p[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, key + 50, 16);
	p[2] = OSSL_PARAM_construct_uint(OSSL_KDF_PARAM_ITER, &iter);
	p[3] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA2-256", 0);
	p[4] = OSSL_PARAM_construct_end();
	CHECK(cw && cr && EVP_KDF_derive(cw, a, sizeof(a), p) &&
	      EVP_KDF_derive(cr, b, sizeof(b), p), "PBKDF2");
	CHECK(!memcmp(a, b, sizeof(a)), "PBKDF2 differs");
	EVP_KDF_CTX_free(cw);
	EVP_KDF_CTX_free(cr);
	EVP_KDF_free(kw);
	EVP_KDF_free(kr);
}

struct thr {
	EVP_MAC_CTX *tpl;
	int bad;
	unsigned int seed;
};

static void *thread_run(void *arg)
{
	struct thr *t = arg;
	unsigned char a[64], b[64];
	size_t la = 0, lb = 0;

	for (unsigned int i = 0; i < 2000; i++) {
		size_t n = (i * 7919u + t->seed) % 6000u;
		EVP_MAC_CTX *c = EVP_MAC_CTX_dup(t->tpl);

		if (!c || !EVP_MAC_update(c, msg + i, n) || !EVP_MAC_final(c, a, &la, 64))
			t->bad++;
		EVP_MAC_CTX_free(c);
		lb = ref_mac("SHA2-256", key, 40, msg + i, n, NULL, 0, b);
		if (la != lb || memcmp(a, b, lb))
			t->bad++;
	}
	return NULL;
}

/*
 * fork(): the child cannot use sessions the parent made (libwd fails them
 * there). Digests and HMACs started in the child, and a keyed HMAC context
 * inherited from the parent, still work (on whatever path the child has).
 */
static int fork_child(EVP_MAC_CTX *keyed)
{
	EVP_MD *w = EVP_MD_fetch(pd_wd, "SHA2-256", "provider=warpdrive");
	EVP_MD *r = EVP_MD_fetch(pd_ref, "SHA2-256", NULL);
	unsigned char a[64], b[64];
	unsigned int la;
	size_t lm;
	int bad = 0;

	for (int i = 0; i < 3; i++) {
		if (!EVP_Digest(msg, 3000u + (unsigned int)i, a, &la, w, NULL))
			bad++;
		EVP_Digest(msg, 3000u + (unsigned int)i, b, &la, r, NULL);
		bad += memcmp(a, b, 32) != 0;
		if (!EVP_MAC_init(keyed, NULL, 0, NULL) || !EVP_MAC_update(keyed, msg, 5000) ||
		    !EVP_MAC_final(keyed, a, &lm, 64))
			bad++;
		ref_mac("SHA2-256", key, 40, msg, 5000, NULL, 0, b);
		bad += memcmp(a, b, 32) != 0;
	}
	EVP_MD_free(w);
	EVP_MD_free(r);
	return bad;
}

static void forked(void)
{
	EVP_MAC_CTX *keyed = mk(wmac, "SHA2-256", key, 40);
	unsigned char a[64];
	size_t lm;
	pid_t pid;
	int st = 0;

	/* the parent's sessions exist before the fork */
	CHECK(keyed && EVP_MAC_update(keyed, msg, 5000) && EVP_MAC_final(keyed, a, &lm, 64),
	      "HMAC before fork");
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(fork_child(keyed) ? 1 : 0);
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st),
	      "digests and HMACs in a forked child failed");
	CHECK(!fork_child(keyed), "digests and HMACs in the parent after a fork failed");
	EVP_MAC_CTX_free(keyed);
}

int main(int argc, char **argv)
{
	pd_setup(argc, argv);
	pd_fill(msg, sizeof(msg), 2);
	pd_fill(key, sizeof(key), 3);
	wmac = EVP_MAC_fetch(pd_wd, "HMAC", "provider=warpdrive");
	rmac = EVP_MAC_fetch(pd_ref, "HMAC", NULL);
	if (!wmac || !rmac) {
		ERR_print_errors_fp(stderr);
		return 1;
	}
	for (int i = 0; mds[i]; i++) {
		params(mds[i]);
		messages(mds[i]);
		tls_record(mds[i]);
	}
	rules();
	forked();
	EVP_set_default_properties(pd_wd, "?provider=warpdrive");
	pkey_hmac();
	pbkdf2();
	{
		pthread_t th[4];
		struct thr t[4];
		EVP_MAC_CTX *tpl = mk(wmac, "SHA2-256", key, 40);

		for (int i = 0; i < 4; i++) {
			t[i].tpl = tpl;
			t[i].bad = 0;
			t[i].seed = (unsigned int)i * 1000u;
			pthread_create(&th[i], NULL, thread_run, &t[i]);
		}
		for (int i = 0; i < 4; i++) {
			pthread_join(th[i], NULL);
			CHECK(!t[i].bad, "thread %d: %d MACs differ", i, t[i].bad);
		}
		EVP_MAC_CTX_free(tpl);
	}
	EVP_MAC_free(wmac);
	EVP_MAC_free(rmac);
	return pd_finish("pd_hmac");
}
