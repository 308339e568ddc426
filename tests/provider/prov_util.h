/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the provider test programs (evp_data_test, prov_nist_test,
 * prov_cross_test) share: loading providers into the default library
 * context from the command line, the two sides a test compares (the
 * reference, OpenSSL's default provider, and the target, warpdrive), the
 * algorithms the provider's contract names, and small helpers.
 *
 * Common options (every program):
 *   --provider-path DIR   where OSSL_PROVIDER_load looks for modules
 *   --load NAME           load and activate provider NAME (repeatable; the
 *                         default provider is always loaded first)
 *   --config FILE         load an OpenSSL config file into the default
 *                         library context (provider settings, module path)
 *   --target-props Q      properties of the side under test
 *                         (default "provider=warpdrive")
 *   --ref-props Q         properties of the reference ("provider=default")
 */
#ifndef PROV_UTIL_H
#define PROV_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct prov_side {
	const char *name;	/* for messages: "default", "warpdrive" */
	const char *props;	/* the property query every fetch uses */
	/*
	 * Pass props on as the "properties" parameter of a MAC's inner
	 * cipher or digest. The reference sets it so that its HMAC hashes
	 * with the default provider's digest, not the target's; the target
	 * gets none, as an application does (its MAC picks its own).
	 */
	bool inner_props;
};

struct prov_opts {
	struct prov_side ref, target;
	const char *config;
	int nload;
	const char *load[8];
};

#define PROV_OPTS_USAGE \
	"  --provider-path DIR  --load NAME (repeatable)  --config FILE\n" \
	"  --target-props Q (default provider=warpdrive)  --ref-props Q (default provider=default)\n"

void prov_opts_init(struct prov_opts *o);
/*
 * One common option at argv[*i] (its value is argv[*i + 1]): 1 and *i on
 * its last word when it was one, 0 when it is not, -1 (message printed)
 * when its value is missing.
 */
int prov_opt(int argc, char **argv, int *i, struct prov_opts *o);
/* Load what the options name; 0 on success, -1 with a message. */
int prov_setup(const struct prov_opts *o);
void prov_teardown(void);

/* The contract's algorithms (contract.md), as the default provider names them. */
extern const char *const prov_contract_ciphers[];
extern const char *const prov_contract_digests[];
extern const char *const prov_contract_macs[];
/* The contract's names the target does not serve, printed; their count. */
int prov_check_contract(const struct prov_side *target, FILE *out);

/* Hex of up to 48 bytes ("..." after), in one of 4 rotating static buffers. */
const char *prov_hex(const void *p, size_t n);
/* Where two buffers first differ, or -1. */
long prov_diff_at(const void *a, const void *b, size_t n);
/* The reason of the newest error on OpenSSL's queue ("" if none); clears it. */
const char *prov_err_reason(void);

/* xoshiro256** from a 64-bit seed: the cross test's deterministic numbers. */
struct prov_rng {
	uint64_t s[4];
};
void prov_rng_seed(struct prov_rng *r, uint64_t seed);
uint64_t prov_rng_next(struct prov_rng *r);
uint32_t prov_rng_below(struct prov_rng *r, uint32_t n);	/* 0..n-1, n > 0 */
void prov_rng_fill(struct prov_rng *r, void *buf, size_t len);

#endif /* PROV_UTIL_H */
