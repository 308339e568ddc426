/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prov_cross_test: random cross-checks of every cipher, AEAD, digest and
 * MAC the target serves against the reference (prov_cross_cases.c says
 * what a case is). The served set is the contract's algorithms plus every
 * other one the target's provider lists (when --target-props is
 * "provider=NAME"); MACs are HMAC over each served digest, CMAC over the
 * served CBC ciphers, GMAC over the served GCM ciphers.
 *
 * Usage: prov_cross_test [options]
 *   common provider options (prov_util.h), and
 *   --seed N        the random seed (printed; a fixed default)
 *   --iterations N  cases per algorithm (default 40)
 *   --max-len N     the longest message (default 70000)
 *   --only NAME     one algorithm (as printed, e.g. 'HMAC SHA2-256')
 *   -v              notes on cases both sides refuse
 * Each algorithm draws from its own generator (the seed and its name), so
 * --only NAME with the same seed repeats its cases exactly.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "prov_cross.h"

#define MAX_ALGS 256

static struct xalg algs[MAX_ALGS];
static int nalgs;
static const char *only, *target_prov;

static struct xalg *add(const char *name, int kind)
{
	int i;

	for (i = 0; i < nalgs; i++)
		if (!strcasecmp(algs[i].name, name))
			return NULL;
	if (nalgs == MAX_ALGS || (only && strcasecmp(only, name)))
		return NULL;
	snprintf(algs[nalgs].name, sizeof(algs[0].name), "%s", name);
	algs[nalgs].kind = kind;
	return &algs[nalgs++];
}

/* Modes a case knows how to run. */
static bool runnable(EVP_CIPHER *c)
{
	int mode = EVP_CIPHER_get_mode(c);
	bool aead = EVP_CIPHER_get_flags(c) & EVP_CIPH_FLAG_AEAD_CIPHER;

	if (aead)
		return mode == EVP_CIPH_GCM_MODE || mode == EVP_CIPH_CCM_MODE;
	return mode == EVP_CIPH_ECB_MODE || mode == EVP_CIPH_CBC_MODE || mode == EVP_CIPH_CFB_MODE ||
	       mode == EVP_CIPH_OFB_MODE || mode == EVP_CIPH_CTR_MODE || mode == EVP_CIPH_XTS_MODE ||
	       mode == EVP_CIPH_STREAM_CIPHER;
}

static void add_cipher(const char *name, const struct prov_opts *o)
{
	EVP_CIPHER *t, *r;
	struct xalg *a;

	ERR_set_mark();
	t = EVP_CIPHER_fetch(NULL, name, o->target.props);
	r = t ? EVP_CIPHER_fetch(NULL, EVP_CIPHER_get0_name(t), o->ref.props) : NULL;
	ERR_pop_to_mark();
	if (!t || !runnable(t) || !(a = add(EVP_CIPHER_get0_name(t), 'c'))) {
		EVP_CIPHER_free(t);
		EVP_CIPHER_free(r);
		return;
	}
	a->c[XT] = t;
	a->c[XR] = r;
	a->st[XT][0].c = a->st[XT][1].c = t;
	a->st[XR][0].c = a->st[XR][1].c = r;
}

static void add_digest(const char *name, const struct prov_opts *o)
{
	EVP_MD *t, *r;
	struct xalg *a;

	ERR_set_mark();
	t = EVP_MD_fetch(NULL, name, o->target.props);
	r = t ? EVP_MD_fetch(NULL, EVP_MD_get0_name(t), o->ref.props) : NULL;
	ERR_pop_to_mark();
	/* XOFs have no fixed length to compare; nothing in the contract is one */
	if (!t || !r || (EVP_MD_get_flags(t) & EVP_MD_FLAG_XOF) ||
	    !(a = add(EVP_MD_get0_name(t), 'd'))) {
		EVP_MD_free(t);
		EVP_MD_free(r);
		return;
	}
	a->md[XT] = t;
	a->md[XR] = r;
}

static void add_mac(const char *mac, const char *sub, const char *param, size_t sub_klen,
		    const struct prov_opts *o)
{
	char name[64];
	EVP_MAC *t, *r;
	struct xalg *a;

	snprintf(name, sizeof(name), "%s %s", mac, sub);
	ERR_set_mark();
	t = EVP_MAC_fetch(NULL, mac, o->target.props);
	r = t ? EVP_MAC_fetch(NULL, mac, o->ref.props) : NULL;
	/* a reference MAC over a cipher the reference lacks is no reference */
	if (r && !strcmp(param, OSSL_MAC_PARAM_CIPHER) && !pe_served(&o->ref, 'c', sub)) {
		EVP_MAC_free(r);
		r = NULL;
	}
	ERR_pop_to_mark();
	if (!t || !(a = add(name, 'm'))) {
		EVP_MAC_free(t);
		EVP_MAC_free(r);
		return;
	}
	a->mac[XT] = t;
	a->mac[XR] = r;
	snprintf(a->sub, sizeof(a->sub), "%s", sub);
	a->sub_param = param;
	a->sub_klen = sub_klen;
}

static void each_cipher(EVP_CIPHER *c, void *arg)
{
	const OSSL_PROVIDER *p = EVP_CIPHER_get0_provider(c);

	if (target_prov && p && !strcmp(OSSL_PROVIDER_get0_name(p), target_prov))
		add_cipher(EVP_CIPHER_get0_name(c), arg);
}

static void each_md(EVP_MD *m, void *arg)
{
	const OSSL_PROVIDER *p = EVP_MD_get0_provider(m);

	if (target_prov && p && !strcmp(OSSL_PROVIDER_get0_name(p), target_prov))
		add_digest(EVP_MD_get0_name(m), arg);
}

static void build(const struct prov_opts *o)
{
	int i, n;

	if (!strncmp(o->target.props, "provider=", 9))
		target_prov = o->target.props + 9;
	for (i = 0; prov_contract_ciphers[i]; i++)
		add_cipher(prov_contract_ciphers[i], o);
	EVP_CIPHER_do_all_provided(NULL, each_cipher, (void *)o);
	for (i = 0; prov_contract_digests[i]; i++)
		add_digest(prov_contract_digests[i], o);
	EVP_MD_do_all_provided(NULL, each_md, (void *)o);
	/* the MACs over what was found above (a fixed count: add() appends) */
	n = nalgs;
	for (i = 0; i < n; i++) {
		const struct xalg *a = &algs[i];
		int mode = a->kind == 'c' ? EVP_CIPHER_get_mode(a->c[XT]) : 0;

		if (a->kind == 'd')
			add_mac("HMAC", a->name, OSSL_MAC_PARAM_DIGEST, 0, o);
		else if (a->kind == 'c' && mode == EVP_CIPH_CBC_MODE &&
			 !(EVP_CIPHER_get_flags(a->c[XT]) & EVP_CIPH_FLAG_CTS))
			add_mac("CMAC", a->name, OSSL_MAC_PARAM_CIPHER,
				(size_t)EVP_CIPHER_get_key_length(a->c[XT]), o);
		else if (a->kind == 'c' && mode == EVP_CIPH_GCM_MODE)
			add_mac("GMAC", a->name, OSSL_MAC_PARAM_CIPHER,
				(size_t)EVP_CIPHER_get_key_length(a->c[XT]), o);
	}
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static void release(struct xalg *a)
{
	int s;

	for (s = XT; s <= XR; s++) {
		xc_state_free(&a->st[s][0]);
		xc_state_free(&a->st[s][1]);
		EVP_CIPHER_free(a->c[s]);
		EVP_MD_CTX_free(a->dctx[s]);
		EVP_MD_free(a->md[s]);
		EVP_MAC_CTX_free(a->mctx[s]);
		EVP_MAC_free(a->mac[s]);
	}
}

int main(int argc, char **argv)
{
	struct prov_opts o;
	struct xrun x = { .o = &o, .max_len = 70000, .seed = 20240611 };
	long iterations = 40, n, fails = 0, cases = 0;
	int i, k;

	prov_opts_init(&o);
	for (i = 1; i < argc; i++) {
		int c = prov_opt(argc, argv, &i, &o);

		if (c < 0)
			return 2;
		if (c)
			continue;
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			x.seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--iterations") && i + 1 < argc)
			iterations = atol(argv[++i]);
		else if (!strcmp(argv[i], "--max-len") && i + 1 < argc)
			x.max_len = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "-v"))
			x.verbose = 1;
		else {
			fprintf(stderr, "usage: %s [options]\n" PROV_OPTS_USAGE
				"  --seed N  --iterations N  --max-len N  --only NAME  -v\n", argv[0]);
			return 2;
		}
	}
	if (x.max_len > (1u << 30) || iterations < 0) {
		fprintf(stderr, "%s: bad --max-len or --iterations\n", argv[0]);
		return 2;
	}
	if (prov_setup(&o))
		return 2;
	build(&o);
	printf("cross: seed %llu, %ld cases per algorithm up to %zu bytes; target %s (%s), "
	       "reference %s (%s); %d algorithms\n", x.seed, iterations, x.max_len, o.target.name,
	       o.target.props, o.ref.name, o.ref.props, nalgs);
	fflush(stdout);
	for (k = 0; k < nalgs; k++) {
		struct xalg *a = &algs[k];
		struct prov_rng g;

		prov_rng_seed(&g, x.seed ^ name_hash(a->name));
		for (n = 0; n < iterations; n++) {
			if (a->kind == 'c')
				x_cipher_case(&x, a, &g, n);
			else if (a->kind == 'd')
				x_digest_case(&x, a, &g, n);
			else
				x_mac_case(&x, a, &g, n);
		}
		printf("%-32s %5ld cases %9ld bytes %3ld failures", a->name, a->cases, a->bytes,
		       a->fails);
		if (a->refused)
			printf(", %ld refused", a->refused);
		if (a->nocopy)
			printf(", %ld copies refused", a->nocopy);
		printf("%s\n", a->alone ? "  (the reference lacks it: checked alone)" : "");
		fflush(stdout);
		fails += a->fails;
		cases += a->cases;
		release(a);
	}
	printf("%ld cases, %ld failures (seed %llu)\n", cases, fails, x.seed);
	prov_teardown();
	if (!nalgs) {
		fprintf(stderr, "%s serves nothing to cross-check: is it loaded?\n", o.target.name);
		return 1;
	}
	return fails ? 1 : 0;
}
