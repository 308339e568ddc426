/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The digest/MAC helper's tests of warpdrive.so: a library context with
 * warpdrive (built tree or a config file) beside one with only OpenSSL's
 * default provider, the reference every result is compared with.
 *
 *   pd_digest <dir of warpdrive.so> [openssl.cnf]
 *
 * With a config file, warpdrive is loaded from it (so its section's
 * offload / cpu_below_digest apply); otherwise from <dir>.
 */
#ifndef PD_COMMON_H
#define PD_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/rand.h>

static int pd_failures;

#define CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			pd_failures++;						\
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);	\
			fprintf(stderr, __VA_ARGS__);				\
			fprintf(stderr, "\n");					\
			ERR_print_errors_fp(stderr);				\
		}								\
	} while (0)

static OSSL_LIB_CTX *pd_wd, *pd_ref;
static OSSL_PROVIDER *pd_prov[3];	/* unloaded at the end: teardown writes the stats */

static void pd_setup(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s <dir of warpdrive.so> [openssl.cnf]\n", argv[0]);
		exit(2);
	}
	pd_wd = OSSL_LIB_CTX_new();
	pd_ref = OSSL_LIB_CTX_new();
	if (!pd_wd || !pd_ref || !(pd_prov[0] = OSSL_PROVIDER_load(pd_ref, "default")))
		exit(2);
	if (!OSSL_PROVIDER_set_default_search_path(pd_wd, argv[1]))
		exit(2);
	if (argc > 2) {
		if (!OSSL_LIB_CTX_load_config(pd_wd, argv[2])) {
			ERR_print_errors_fp(stderr);
			exit(2);
		}
	} else if (!(pd_prov[1] = OSSL_PROVIDER_load(pd_wd, "warpdrive")) ||
		   !(pd_prov[2] = OSSL_PROVIDER_load(pd_wd, "default"))) {
		ERR_print_errors_fp(stderr);
		exit(2);
	}
}

static int pd_finish(const char *what)
{
	ERR_clear_error();
	for (int i = 0; i < 3; i++)
		if (pd_prov[i])
			OSSL_PROVIDER_unload(pd_prov[i]);
	OSSL_LIB_CTX_free(pd_wd);
	OSSL_LIB_CTX_free(pd_ref);
	if (pd_failures) {
		fprintf(stderr, "%s: %d failures\n", what, pd_failures);
		return 1;
	}
	printf("%s: ok\n", what);
	return 0;
}

/* Deterministic test bytes (the tests must repeat). */
static void pd_fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (unsigned char)(seed >> 16);
	}
}

#endif /* PD_COMMON_H */
