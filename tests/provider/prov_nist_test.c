/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prov_nist_test: NIST CAVP and RFC known answers through EVP, on the
 * target ("provider=warpdrive" forced) and on the reference (the default
 * provider), which must both give the vector's answer (prov_nist.h).
 *
 * Usage: prov_nist_test [options] [FAMILY...]
 *   common provider options (prov_util.h), and
 *   --contract   a family the target does not serve at all fails
 *   --list       the families
 * The vectors directory is $WD_TEST_VECTORS, else Debian's
 * /usr/lib/python3/dist-packages/cryptography_vectors.
 * Exit 0: all agree; 1: a vector failed on a side (printed with file:line);
 * 2: setup error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "prov_nist.h"

static struct prov_opts opts;
static int printed;

static void report_fail(const char *where, const char *side, const char *why)
{
	if (printed++ < 200)
		fprintf(stderr, "FAIL %s on %s: %s\n", where, side, why);
	else if (printed == 201)
		fprintf(stderr, "... (further failures not printed)\n");
}

static void both(struct nist_tally *t, const char *where, const struct tv_rec *r,
		 nist_side_fn fn, void *arg)
{
	char why[640];
	int tg, rf;

	why[0] = '\0';
	tg = fn(&opts.target, r, arg, why, sizeof(why));
	if (tg == PE_NOT_SERVED) {
		t->not_served++;
		return;
	}
	if (tg != PE_OK)
		report_fail(where, opts.target.name, why);
	why[0] = '\0';
	rf = fn(&opts.ref, r, arg, why, sizeof(why));
	if (rf != PE_OK && rf != PE_NOT_SERVED)
		report_fail(where, opts.ref.name, why);
	if (tg != PE_OK || (rf != PE_OK && rf != PE_NOT_SERVED))
		t->fail++;
	else if (rf == PE_NOT_SERVED)
		t->target_only++;
	else
		t->ok++;
}

void nist_both(struct nist_tally *t, const struct tv_rec *r, nist_side_fn fn, void *arg)
{
	char where[160];

	snprintf(where, sizeof(where), "%s:%d", r->file, r->line);
	both(t, where, r, fn, arg);
}

void nist_both_named(struct nist_tally *t, const char *what, nist_side_fn fn, void *arg)
{
	both(t, what, NULL, fn, arg);
}

void nist_file(struct nist_tally *t, const char *rel, const char *key, nist_rec_fn rec, void *arg)
{
	struct tv_file *f = tv_open(rel);
	long before = t->ok + t->fail + t->not_served + t->target_only;
	struct tv_rec r;

	if (!f) {
		fprintf(stderr, "FAIL %s/%s: missing (python3-cryptography-vectors installed?)\n",
			tv_dir(), rel);
		t->fail++;
		return;
	}
	while (tv_next(f, key, &r))
		rec(t, &r, arg);
	tv_close(f);
	t->files++;
	if (t->ok + t->fail + t->not_served + t->target_only == before) {
		fprintf(stderr, "FAIL %s: not one vector run (format not understood?)\n", rel);
		t->fail++;
	}
}

void nist_dir(struct nist_tally *t, const char *dir, const char *prefix, const char *suffix,
	      const char *skip_prefix, const char *key, nist_rec_fn rec, void *arg)
{
	char *names[TV_MAX_FILES];
	int n = tv_list(dir, prefix, suffix, names, TV_MAX_FILES), i, used = 0;

	for (i = 0; i < n; i++) {
		const char *base = strrchr(names[i], '/') + 1;

		if (skip_prefix && !strncmp(base, skip_prefix, strlen(skip_prefix)))
			continue;
		nist_file(t, names[i], key, rec, arg);
		used++;
	}
	if (n > 0)
		tv_free_names(names, n);
	if (!used) {
		fprintf(stderr, "FAIL no %s*%s in %s/%s (python3-cryptography-vectors installed?)\n",
			prefix, suffix, tv_dir(), dir);
		t->fail++;
	}
}

long nist_hex(const struct tv_rec *r, const char *name, unsigned char *buf, size_t cap)
{
	return tv_hex(r, name, buf, cap);
}

bool nist_same(const char *what, const void *got, const void *want, size_t n, char *why,
	       size_t whylen)
{
	long at = prov_diff_at(got, want, n);

	if (at < 0)
		return true;
	snprintf(why, whylen, "%s differs at byte %ld: got %s, want %s", what, at,
		 prov_hex((const char *)got + at, n - (size_t)at),
		 prov_hex((const char *)want + at, n - (size_t)at));
	return false;
}

static const struct {
	const char *name;
	void (*fn)(struct nist_tally *t);
} families[] = {
	{ "aes-ecb", nist_aes_ecb },	{ "aes-cbc", nist_aes_cbc },
	{ "aes-cfb128", nist_aes_cfb },	{ "aes-ofb", nist_aes_ofb },
	{ "aes-ctr", nist_aes_ctr },	{ "aes-xts", nist_aes_xts },
	{ "3des", nist_3des },		{ "sm4", nist_sm4 },
	{ "aes-gcm", nist_gcm },	{ "aes-ccm", nist_ccm },
	{ "sm4-aead", nist_sm4_aead },	{ "sha", nist_sha },
	{ "sha-monte", nist_sha_monte }, { "md5-sm3", nist_md5_sm3 },
	{ "hmac", nist_hmac },		{ "cmac", nist_cmac },
	{ "gmac", nist_gmac },
};
#define NFAM (sizeof(families) / sizeof(families[0]))

int main(int argc, char **argv)
{
	bool want[NFAM] = { false }, any = false, contract = false;
	long fails = 0, ran = 0;
	size_t k;
	int i;

	prov_opts_init(&opts);
	for (i = 1; i < argc; i++) {
		int c = prov_opt(argc, argv, &i, &opts);

		if (c < 0)
			return 2;
		if (c)
			continue;
		if (!strcmp(argv[i], "--contract")) {
			contract = true;
			continue;
		}
		for (k = 0; k < NFAM && strcmp(argv[i], families[k].name); k++)
			;
		if (!strcmp(argv[i], "--list") || k == NFAM) {
			fprintf(k == NFAM && strcmp(argv[i], "--list") ? stderr : stdout,
				"usage: %s [options] [FAMILY...]\n" PROV_OPTS_USAGE
				"  --contract\nfamilies:", argv[0]);
			for (k = 0; k < NFAM; k++)
				printf(" %s", families[k].name);
			printf("\n");
			return strcmp(argv[i], "--list") ? 2 : 0;
		}
		want[k] = any = true;
	}
	if (prov_setup(&opts))
		return 2;
	printf("vectors from %s; target %s (%s), reference %s (%s)\n", tv_dir(), opts.target.name,
	       opts.target.props, opts.ref.name, opts.ref.props);
	printf("%-11s %7s %6s %7s %7s %7s\n", "family", "ok", "fail", "notsrv", "skipped",
	       "tgtonly");
	for (k = 0; k < NFAM; k++) {
		struct nist_tally t = { 0 };

		if (any && !want[k])
			continue;
		families[k].fn(&t);
		printf("%-11s %7ld %6ld %7ld %7ld %7ld%s\n", families[k].name, t.ok, t.fail,
		       t.not_served, t.skipped, t.target_only,
		       contract && !t.ok && !t.target_only && !t.fail ? "  not served: contract" : "");
		fflush(stdout);
		fails += t.fail;
		ran += t.ok + t.target_only;
		if (contract && !t.ok && !t.target_only && !t.fail)
			fails++;
	}
	printf("%ld vectors agree on %s and the vector, %ld failures\n", ran, opts.target.name,
	       fails);
	prov_teardown();
	if (!ran) {
		fprintf(stderr, "not one vector ran on %s: is it loaded?\n", opts.target.name);
		return 1;
	}
	return fails ? 1 : 0;
}
