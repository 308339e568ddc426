/* SPDX-License-Identifier: Apache-2.0 */
/*
 * evp_data_test: every Cipher, Digest and MAC stanza of OpenSSL's own
 * evp_test data files, run through EVP twice: on the reference side
 * (--ref-props, OpenSSL's default provider) and on the target side
 * (--target-props, warpdrive), each in several ways (evp_data_*.c).
 *
 * A stanza the target does not serve is "not served": counted, no failure.
 * One it serves must pass there whenever it passes on the reference: a
 * stanza that passes on the reference and fails on the target is a
 * regression; one the reference cannot run (SM4-GCM is not in Debian's
 * default provider) must pass on the target alone. Exit 1 on any of these,
 * printing the stanza (file:line) and why. A stanza the reference fails is
 * the harness's problem or OpenSSL's, reported, and fatal with --strict.
 *
 * Usage: evp_data_test [options] FILE...
 *   common provider options (prov_util.h), and
 *   --contract   also fail when the target lacks an algorithm of the contract
 *   --strict     fail on reference failures and on keywords the harness
 *                does not know
 *   --only NAME  run only the stanzas of algorithm NAME (as the file spells it)
 *   --json       a machine summary on stdout (the report goes to stderr)
 *   -v           one line per stanza
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "evp_data.h"

struct tally {
	long pass, regress, target_fail, target_only, not_served, skip, unparsed, ref_fail, ways;
};

struct row {
	char name[72];
	struct tally t;
};

struct rows {
	struct row *r;
	int n, cap;
};

struct failure {
	char where[96], alg[64], why[800];
};

static struct rows files, algs;
static struct failure *fails;
static int nfails, capfails;
static int verbose, json, strict;
static const char *only;
static FILE *rep;	/* the human report: stdout, or stderr under --json */

static struct tally *row_of(struct rows *rs, const char *name)
{
	int i;

	for (i = 0; i < rs->n; i++)
		if (!strcmp(rs->r[i].name, name))
			return &rs->r[i].t;
	if (rs->n == rs->cap) {
		int cap = rs->cap ? 2 * rs->cap : 32;
		struct row *r = realloc(rs->r, (size_t)cap * sizeof(*r));

		if (!r) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		rs->r = r;
		rs->cap = cap;
	}
	memset(&rs->r[rs->n], 0, sizeof(rs->r[0]));
	snprintf(rs->r[rs->n].name, sizeof(rs->r[0].name), "%s", name);
	return &rs->r[rs->n++].t;
}

static void add_failure(const struct ed_stanza *s, const char *alg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_failure(const struct ed_stanza *s, const char *alg, const char *fmt, ...)
{
	va_list ap;
	struct failure *f;

	if (nfails == capfails) {
		int cap = capfails ? 2 * capfails : 16;

		f = realloc(fails, (size_t)cap * sizeof(*f));
		if (!f) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
		fails = f;
		capfails = cap;
	}
	f = &fails[nfails++];
	snprintf(f->where, sizeof(f->where), "%s:%d", s->file, s->line);
	snprintf(f->alg, sizeof(f->alg), "%s", alg);
	va_start(ap, fmt);
	vsnprintf(f->why, sizeof(f->why), fmt, ap);
	va_end(ap);
	fprintf(rep, "FAIL %s %s: %s\n", f->where, alg, f->why);
	ed_stanza_print(rep, s);
}

/* Availablein: one of the named providers must be loaded. */
static bool available(const char *names)
{
	char buf[256], *tok, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", names);
	for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		if (OSSL_PROVIDER_available(NULL, tok))
			return true;
	return false;
}

/*
 * A name the target does not know while the reference does: does the
 * target serve the reference's own name for it (an alias it forgot)?
 */
static const char *alias_gap(const char *kind, const char *name, const struct prov_opts *o)
{
	static char canon[64];
	bool gap = false;

	ERR_set_mark();
	if (!strcmp(kind, "Cipher")) {
		EVP_CIPHER *r = EVP_CIPHER_fetch(NULL, name, o->ref.props), *t = NULL;

		if (r && (t = EVP_CIPHER_fetch(NULL, EVP_CIPHER_get0_name(r), o->target.props)))
			gap = snprintf(canon, sizeof(canon), "%s", EVP_CIPHER_get0_name(r)) > 0;
		EVP_CIPHER_free(r);
		EVP_CIPHER_free(t);
	} else if (!strcmp(kind, "Digest")) {
		EVP_MD *r = EVP_MD_fetch(NULL, name, o->ref.props), *t = NULL;

		if (r && (t = EVP_MD_fetch(NULL, EVP_MD_get0_name(r), o->target.props)))
			gap = snprintf(canon, sizeof(canon), "%s", EVP_MD_get0_name(r)) > 0;
		EVP_MD_free(r);
		EVP_MD_free(t);
	}
	ERR_pop_to_mark();
	return gap ? canon : NULL;
}

typedef void (*runner)(const struct ed_stanza *, int, const char *, const struct prov_side *,
		       struct ed_outcome *);

static void one_stanza(const struct ed_stanza *all, const struct prov_opts *o, struct tally *ft)
{
	static const char *const common[] = { "Result", "Reason", "Function", "Securitycheck",
					      "Unapproved", "Availablein", "FIPSversion", NULL };
	struct ed_stanza s = *all;	/* its own pairs, without the common ones */
	struct ed_outcome tgt = { 0 }, ref = { 0 };
	const char *expect = NULL, *kind, *gap;
	struct tally *at;
	runner run;
	char name[72];
	int i, k, first = 0;

	s.p = malloc((size_t)all->n * sizeof(*s.p));
	s.n = 0;
	if (!s.p)
		exit(2);
	while (first < all->n && (!strcmp(all->p[first].key, "Availablein") ||
				  !strcmp(all->p[first].key, "FIPSversion"))) {
		/* FIPSversion restricts a stanza when a FIPS provider is loaded: never here */
		if (!strcmp(all->p[first].key, "Availablein") && !available(all->p[first].value))
			goto out;
		first++;
	}
	if (first == all->n)
		goto out;
	kind = all->p[first].key;
	run = !strcmp(kind, "Cipher") ? ed_run_cipher :
	      !strcmp(kind, "Digest") ? ed_run_digest :
	      !strcmp(kind, "MAC") ? ed_run_mac : NULL;
	if (!run || (only && strcasecmp(all->p[first].value, only)))
		goto out;	/* keys, KDFs, signatures ...: not the provider's */
	for (i = first; i < all->n; i++) {
		for (k = 0; common[k] && strcmp(all->p[i].key, common[k]); k++)
			;
		if (!common[k])
			s.p[s.n++] = all->p[i];
		else if (!strcmp(all->p[i].key, "Result"))
			expect = all->p[i].value;
		else if (!strcmp(all->p[i].key, "Securitycheck"))
			goto out;	/* a FIPS provider's security checks: none here */
	}
	run(&s, 0, expect, &o->target, &tgt);
	if (tgt.st == ED_NOT_SERVED || !tgt.alg[0]) {
		for (i = 0; all->p[first].value[i] && i < 63; i++)
			tgt.alg[i] = (char)toupper((unsigned char)all->p[first].value[i]);
		tgt.alg[i] = '\0';
	}
	snprintf(name, sizeof(name), "%s %s", kind, tgt.alg);
	at = row_of(&algs, name);
	at->ways += tgt.ways;
	ft->ways += tgt.ways;
	switch (tgt.st) {
	case ED_NOT_SERVED:
		at->not_served++;
		ft->not_served++;
		if ((gap = alias_gap(kind, all->p[first].value, o))) {
			at->target_fail++;
			ft->target_fail++;
			add_failure(all, tgt.alg, "%s serves %s but not its alias %s",
				    o->target.name, gap, all->p[first].value);
		}
		goto out;
	case ED_SKIP:
		at->skip++;
		ft->skip++;
		at->unparsed += tgt.unparsed;
		ft->unparsed += tgt.unparsed;
		if (verbose || tgt.unparsed)
			fprintf(rep, "skip %s:%d %s: %s\n", all->file, all->line, tgt.alg, tgt.why);
		goto out;
	default:
		break;
	}
	if (strcmp(o->ref.props, "none"))
		run(&s, 0, expect, &o->ref, &ref);
	else
		ref.st = ED_NOT_SERVED;
	if (ref.st == ED_FAIL) {
		at->ref_fail++;
		ft->ref_fail++;
		fprintf(rep, "%s %s:%d %s: the reference (%s) fails: %s\n",
			strict ? "FAIL" : "note", all->file, all->line, tgt.alg, o->ref.name, ref.why);
	}
	if (tgt.st == ED_PASS) {
		at->pass++;
		ft->pass++;
		if (ref.st == ED_NOT_SERVED) {
			at->target_only++;
			ft->target_only++;
		}
	} else if (ref.st == ED_PASS) {
		at->regress++;
		ft->regress++;
		add_failure(all, tgt.alg, "regression: passes with %s, not with %s: %s",
			    o->ref.name, o->target.name, tgt.why);
	} else if (ref.st != ED_FAIL) {
		at->target_fail++;
		ft->target_fail++;
		add_failure(all, tgt.alg, "%s fails (%s cannot run it): %s", o->target.name,
			    o->ref.name, tgt.why);
	}
	if (verbose)
		fprintf(rep, "%-4s %s:%d %s (%d ways)\n", tgt.st == ED_PASS ? "ok" : "FAIL",
			all->file, all->line, tgt.alg, tgt.ways);
out:
	free(s.p);
}

static int one_file(const char *path, const struct prov_opts *o)
{
	struct ed_reader *r = ed_open(path);
	struct ed_stanza s = { 0 };
	struct tally *ft;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int got;

	if (!r)
		return -1;
	ft = row_of(&files, base);
	while ((got = ed_next(r, &s)) > 0)
		one_stanza(&s, o, ft);
	ed_stanza_free(&s);
	ed_close(r);
	return got;
}

static void print_rows(const char *title, const struct rows *rs)
{
	int i;

	fprintf(rep, "\n%-34s %6s %6s %6s %6s %6s %6s %7s\n", title, "pass", "regr", "fail",
		"notsrv", "skip", "reffl", "ways");
	for (i = 0; i < rs->n; i++) {
		const struct tally *t = &rs->r[i].t;

		if (!t->pass && !t->regress && !t->target_fail && !t->skip && !t->ref_fail &&
		    rs == &algs)
			continue;	/* algorithms the target does not serve: one total below */
		fprintf(rep, "%-34s %6ld %6ld %6ld %6ld %6ld %6ld %7ld\n", rs->r[i].name, t->pass,
			t->regress, t->target_fail, t->not_served, t->skip, t->ref_fail, t->ways);
	}
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void json_tally(const struct tally *t)
{
	printf("{\"pass\":%ld,\"regressions\":%ld,\"target_failures\":%ld,\"target_only\":%ld,"
	       "\"not_served\":%ld,\"skipped\":%ld,\"reference_failures\":%ld,\"ways\":%ld}",
	       t->pass, t->regress, t->target_fail, t->target_only, t->not_served, t->skip,
	       t->ref_fail, t->ways);
}

static void json_rows(const char *key, const struct rows *rs)
{
	int i;

	printf("\"%s\":{", key);
	for (i = 0; i < rs->n; i++) {
		printf(i ? "," : "");
		json_str(rs->r[i].name);
		putchar(':');
		json_tally(&rs->r[i].t);
	}
	printf("}");
}

static void sum(struct tally *all, const struct rows *rs)
{
	int i;

	memset(all, 0, sizeof(*all));
	for (i = 0; i < rs->n; i++) {
		const struct tally *t = &rs->r[i].t;

		all->pass += t->pass;
		all->regress += t->regress;
		all->target_fail += t->target_fail;
		all->target_only += t->target_only;
		all->not_served += t->not_served;
		all->skip += t->skip;
		all->unparsed += t->unparsed;
		all->ref_fail += t->ref_fail;
		all->ways += t->ways;
	}
}

int main(int argc, char **argv)
{
	struct prov_opts o;
	struct tally all;
	int i, nfiles = 0, contract_missing = 0, rc;

	prov_opts_init(&o);
	rep = stdout;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		int c = prov_opt(argc, argv, &i, &o);

		if (c < 0)
			return 2;
		if (c)
			continue;
		if (!strcmp(argv[i], "--json")) {
			json = 1;
			rep = stderr;
		} else if (!strcmp(argv[i], "--strict")) {
			strict = 1;
		} else if (!strcmp(argv[i], "--contract")) {
			contract_missing = -1;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			only = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [options] FILE...\n" PROV_OPTS_USAGE
				"  --contract  --strict  --only NAME  --json  -v\n", argv[0]);
			return 2;
		}
	}
	if (i == argc) {
		fprintf(stderr, "%s: no data files\n", argv[0]);
		return 2;
	}
	if (prov_setup(&o))
		return 2;
	fprintf(rep, "evp_data: target %s (%s), reference %s (%s)\n", o.target.name,
		o.target.props, o.ref.name, o.ref.props);
	if (contract_missing)
		contract_missing = prov_check_contract(&o.target, rep);
	for (; i < argc; i++, nfiles++)
		if (one_file(argv[i], &o) < 0) {
			fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[i]);
			return 2;
		}
	print_rows("file", &files);
	print_rows("algorithm (served by the target)", &algs);
	sum(&all, &files);
	fprintf(rep, "\n%d files: %ld stanzas pass on %s (%ld it alone serves), %ld regressions, "
		"%ld failures, %ld not served, %ld skipped, %ld fail on the reference; %ld ways "
		"run\n", nfiles, all.pass, o.target.name, all.target_only, all.regress,
		all.target_fail, all.not_served, all.skip, all.ref_fail, all.ways);
	if (contract_missing)
		fprintf(rep, "%d algorithms of the contract are not served\n", contract_missing);
	rc = nfails || contract_missing || !all.pass ||
	     (strict && (all.ref_fail || all.unparsed));
	if (!all.pass)
		fprintf(rep, "not one stanza ran on %s: is it loaded?\n", o.target.name);
	if (json) {
		printf("{\"target\":");
		json_str(o.target.name);
		printf(",\"reference\":");
		json_str(o.ref.name);
		printf(",\"ok\":%s,\"totals\":", rc ? "false" : "true");
		json_tally(&all);
		printf(",\"contract_missing\":%d,", contract_missing);
		json_rows("files", &files);
		putchar(',');
		json_rows("algorithms", &algs);
		printf(",\"failures\":[");
		for (i = 0; i < nfails; i++) {
			printf(i ? ",{\"where\":" : "{\"where\":");
			json_str(fails[i].where);
			printf(",\"algorithm\":");
			json_str(fails[i].alg);
			printf(",\"why\":");
			json_str(fails[i].why);
			putchar('}');
		}
		printf("]}\n");
	}
	free(files.r);
	free(algs.r);
	free(fails);
	prov_teardown();
	return rc ? 1 : 0;
}
