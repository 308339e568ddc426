/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The digest/MAC helper's tests of warpdrive.so: a library context with
 * warpdrive (built tree or a config file) beside one with only OpenSSL's
 * default provider, the reference every result is compared with.
 *
 *   pd_digest <dir of warpdrive.so> [openssl.cnf [wd|sw|both]]
 *
 * With a config file, warpdrive is loaded from it (so its section's
 * offload / cpu_below_digest apply; the module is found in <dir>);
 * otherwise from <dir> with its defaults. The last argument says which
 * paths must have run requests, as warpdrive's WARPDRIVE_STATS counters
 * tell when it is unloaded: WarpDrive drivers, the software path, or both.
 */
#ifndef PD_COMMON_H
#define PD_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
static const char *pd_expect;
static char pd_stats[64];
static OSSL_PROVIDER *pd_prov[3];	/* unloaded at the end: teardown writes the stats */

static void pd_setup(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s <dir of warpdrive.so> [openssl.cnf]\n", argv[0]);
		exit(2);
	}
	if (argc > 3) {
		pd_expect = argv[3];
		snprintf(pd_stats, sizeof(pd_stats), "/tmp/pd_stats.%ld", (long)getpid());
		remove(pd_stats);
		setenv("WARPDRIVE_STATS", pd_stats, 1);
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

/* The counters warpdrive wrote when it was unloaded: did the expected paths run? */
static void pd_check_stats(void)
{
	char line[1024], *p;
	long wd = 0, sw = 0, n;
	FILE *f = fopen(pd_stats, "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		CHECK(0, "no WARPDRIVE_STATS line in %s", pd_stats);
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	remove(pd_stats);
	p = strstr(line, "\"requests\":{");
	for (p = p ? strchr(p, '{') : NULL; p && (p = strchr(p, '"')); ) {
		char *name = p + 1, *end = strchr(name, '"');

		if (!end || sscanf(end + 1, ":%ld", &n) != 1)
			break;
		if (end - name == 2 && !strncmp(name, "sw", 2))
			sw += n;
		else
			wd += n;
		p = strchr(end + 1, ',');
	}
	if (!strcmp(pd_expect, "wd") || !strcmp(pd_expect, "both"))
		CHECK(wd > 0, "no request ran on a WarpDrive driver: %s", line);
	if (!strcmp(pd_expect, "sw") || !strcmp(pd_expect, "both"))
		CHECK(sw > 0, "no request ran on the software path: %s", line);
	if (!strcmp(pd_expect, "sw"))
		CHECK(wd == 0, "offload off, yet WarpDrive ran requests: %s", line);
}

static int pd_finish(const char *what)
{
	ERR_clear_error();
	for (int i = 0; i < 3; i++)
		if (pd_prov[i])
			OSSL_PROVIDER_unload(pd_prov[i]);
	OSSL_LIB_CTX_free(pd_wd);
	OSSL_LIB_CTX_free(pd_ref);
	if (pd_expect)
		pd_check_stats();
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
