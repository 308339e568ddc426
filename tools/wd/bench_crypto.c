/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench --alg <crypto algorithm>`: WarpDrive against OpenSSL EVP and
 * ipsec-mb called directly, per request size, in the same run and thread
 * count. For each size every implementation is checked first, then the
 * rounds alternate the implementations (drift on a shared machine hits all
 * alike) and medians are reported, as the compression bench does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uadk/wd_cipher.h>
#include "bench_common.h"
#include "bench_crypto.h"
#include "wd_cli.h"

/* Run and print order: the framework, then the libraries. */
static const int order[BC_IMPLS] = { BC_WD, BC_EVP, BC_IMB, BC_IMB_N };

struct row {
	bool on;
	double mbps[BC_MAX_ROUNDS], ns[BC_MAX_ROUNDS];
	double med, lo, hi, med_ns;
};

struct size_res {
	size_t size;
	struct row row[BC_IMPLS];
	double wd_evp;		/* median of the rounds' wd/evp; 0: no evp */
	int best;		/* fastest direct implementation by median, -1: none */
	double wd_best;
};

struct bench {
	struct bc_opts o;
	struct bc_cfg cfg;
	const struct bc_impl_ops *ops[BC_IMPLS];
	struct size_res res[BC_MAX_SIZES];
	char note[BC_IMPLS][192];	/* from the first size: n/a reasons, check results */
	bool progress;
};

/* Median over the rounds of wd's MB/s over impl's, each pair from one round. */
static double paired(const struct size_res *r, int impl, int rounds)
{
	double rel[BC_MAX_ROUNDS];

	for (int i = 0; i < rounds; i++)
		rel[i] = r->row[impl].mbps[i] > 0 ? r->row[BC_WD].mbps[i] / r->row[impl].mbps[i] : 0;
	return bench_median(rel, rounds, NULL, NULL);
}

static void summarize(struct bench *b, struct size_res *r)
{
	int rounds = b->o.rounds;

	r->best = -1;
	for (int i = 0; i < BC_IMPLS; i++) {
		struct row *w = &r->row[i];

		if (!w->on)
			continue;
		w->med = bench_median(w->mbps, rounds, &w->lo, &w->hi);
		w->med_ns = bench_median(w->ns, rounds, NULL, NULL);
		if (i != BC_WD && (r->best < 0 || w->med > r->row[r->best].med))
			r->best = i;
	}
	r->wd_evp = r->row[BC_EVP].on ? paired(r, BC_EVP, rounds) : 0;
	r->wd_best = r->best >= 0 ? paired(r, r->best, rounds) : 0;
}

static int run_size(struct bench *b, int si)
{
	const struct bc_opts *o = &b->o;
	struct size_res *r = &b->res[si];
	bool aead_dec = o->alg.cls == BC_AEAD && !o->encrypt;
	char note[BC_IMPLS][192], err[512];
	bool on[BC_IMPLS];
	struct bc_data d;
	int rc = 0;

	r->size = o->sizes[si];
	memcpy(on, o->lib, sizeof(on));
	memset(note, 0, sizeof(note));
	if (bc_data_make(&d, r->size, o->aad, aead_dec)) {
		cli_err("bench: out of memory");
		return -1;
	}
	if (b->progress)
		fprintf(stderr, "\rwd bench: %zu bytes: checking outputs   ", r->size);
	if (bc_check(&d, &b->cfg, b->ops, on, note, err, sizeof(err))) {
		if (b->progress)
			fputc('\n', stderr);
		cli_err("bench: %s", err);
		bc_data_free(&d);
		return -1;
	}
	if (!si)
		memcpy(b->note, note, sizeof(note));
	for (int round = 0; round < o->rounds && !rc; round++) {
		for (int k = 0; k < BC_IMPLS && !rc; k++) {
			int i = order[k];
			struct bc_job job = {
				.d = &d, .ops = b->ops[i], .cfg = &b->cfg,
				.threads = (unsigned)o->threads, .cpu = o->cpu,
				.duration = o->duration,
			};
			struct bc_result res;

			if (!on[i])
				continue;
			if (b->progress)
				fprintf(stderr, "\rwd bench: %zu bytes: round %d/%d: %-18s", r->size,
					round + 1, o->rounds, bc_impl_name(i));
			if (bc_run(&job, &res, err, sizeof(err))) {
				if (b->progress)
					fputc('\n', stderr);
				cli_err("bench: %s, %zu bytes: %s", bc_impl_name(i), r->size, err);
				rc = -1;
				break;
			}
			struct row *w = &r->row[i];

			w->on = true;
			w->mbps[round] = res.secs > 0 ? (double)res.bytes / res.secs / 1e6 : 0;
			w->ns[round] = res.reqs ? res.secs * 1e9 * o->threads / (double)res.reqs : 0;
		}
	}
	bc_data_free(&d);
	if (!rc)
		summarize(b, r);
	return rc;
}

static const char *op_name(const struct bc_opts *o)
{
	return o->alg.cls == BC_DIGEST ? "digest" : o->encrypt ? "enc" : "dec";
}

static const char *size_str(size_t n, char *buf, size_t len)
{
	if (n >= (1u << 20) && !(n % (1u << 20)))
		snprintf(buf, len, "%zu MiB", n >> 20);
	else if (n >= 1024 && !(n % 1024))
		snprintf(buf, len, "%zu KiB", n >> 10);
	else
		snprintf(buf, len, "%zu B", n);
	return buf;
}

static void print_table(const struct bench *b)
{
	const struct bc_opts *o = &b->o;
	const struct bc_alg *a = &o->alg;
	char sz[32];

	printf("wd bench: %s", a->name);
	if (a->key_bits)
		printf(", %d-bit key%s", a->key_bits,
		       a->cls == BC_CIPHER && a->cmode == WD_CIPHER_XTS ? "s" : "");
	if (a->cls == BC_AEAD)
		printf(", %u-byte tag, %u bytes AAD", a->mac_len, o->aad);
	printf(", %s\n          %s, %d thread%s%s, %d round%s x %.2g s alternating "
	       "implementations, median MB/s\n",
	       a->cls == BC_DIGEST ? "digest" : o->encrypt ? "encrypt" : "decrypt",
	       o->async ? "async" : "sync", o->threads, o->threads > 1 ? "s" : "",
	       o->cpu >= 0 ? " (pinned)" : "", o->rounds, o->rounds > 1 ? "s" : "", o->duration);
	if (o->async)
		printf("          wd: %u requests in flight per thread; "
		       "evp, ipsec-mb: one at a time\n", o->inflight);
	printf("\n%9s", "size");
	for (int k = 0; k < BC_IMPLS; k++)
		if (o->lib[order[k]])
			printf(" %*s", order[k] == BC_IMB_N ? 18 : 10, bc_impl_name(order[k]));
	printf(" %8s %8s\n", "wd/evp", "wd/best");
	for (int s = 0; s < o->nsizes; s++) {
		const struct size_res *r = &b->res[s];

		printf("%9s", size_str(r->size, sz, sizeof(sz)));
		for (int k = 0; k < BC_IMPLS; k++) {
			int i = order[k], wdt = i == BC_IMB_N ? 18 : 10;

			if (!o->lib[i])
				continue;
			if (r->row[i].on)
				printf(" %*.1f", wdt, r->row[i].med);
			else
				printf(" %*s", wdt, "n/a");
		}
		if (r->row[BC_EVP].on)
			printf(" %8.3f", r->wd_evp);
		else
			printf(" %8s", "-");
		if (r->best >= 0)
			printf(" %8.3f (%s)\n", r->wd_best, bc_impl_name(r->best));
		else
			printf(" %8s\n", "-");
	}
	putchar('\n');
	bench_drivers_text(stdout);
	for (int k = 0; k < BC_IMPLS; k++)
		if (o->lib[order[k]] && b->note[order[k]][0])
			printf("  %-18s %s\n", bc_impl_name(order[k]), b->note[order[k]]);
}

static void print_json(const struct bench *b)
{
	const struct bc_opts *o = &b->o;
	const struct bc_alg *a = &o->alg;
	int first = 1;

	printf("{\"alg\":");
	cli_json_str(stdout, a->name);
	printf(",\"class\":\"%s\",\"key_bits\":%d,\"op\":\"%s\",\"mode\":\"%s\",\"inflight\":%u,"
	       "\"threads\":%d,\"cpu\":%d,\"duration\":%g,\"rounds\":%d,\"aad\":%u,\"mac_bytes\":%u,",bc_class_name(a->cls), a->key_bits, op_name(o),
	       o->async ? "async" : "sync", o->inflight, o->threads, o->cpu, o->duration,
	       o->rounds, o->aad, a->mac_len);
	printf("\"task\":\"%s\",\"wd_drivers\":", bench_task_name(o->task));
	bench_drivers_json(stdout);
	printf(",\"notes\":{");
	for (int k = 0; k < BC_IMPLS; k++) {
		if (!o->lib[order[k]])
			continue;
		printf("%s\"%s\":", first ? "" : ",", bc_impl_name(order[k]));
		cli_json_str(stdout, b->note[order[k]]);
		first = 0;
	}
	printf("},\"sizes\":[");
	for (int s = 0; s < o->nsizes; s++) {
		const struct size_res *r = &b->res[s];

		printf("%s{\"size\":%zu,\"rows\":[", s ? "," : "", r->size);
		first = 1;
		for (int k = 0; k < BC_IMPLS; k++) {
			const struct row *w = &r->row[order[k]];

			if (!w->on)
				continue;
			printf("%s{\"name\":\"%s\",\"mbps\":%.2f,\"mbps_min\":%.2f,\"mbps_max\":%.2f,"
			       "\"ns_per_req\":%.1f,\"rounds_mbps\":[", first ? "" : ",",
			       bc_impl_name(order[k]), w->med, w->lo, w->hi, w->med_ns);
			for (int i = 0; i < o->rounds; i++)
				printf("%s%.2f", i ? "," : "", w->mbps[i]);
			printf("]}");
			first = 0;
		}
		printf("]");
		if (r->row[BC_EVP].on)
			printf(",\"wd_over_evp\":%.4f", r->wd_evp);
		else
			printf(",\"wd_over_evp\":null");
		if (r->best >= 0)
			printf(",\"best_direct\":\"%s\",\"wd_over_best_direct\":%.4f}",
			       bc_impl_name(r->best), r->wd_best);
		else
			printf(",\"best_direct\":null,\"wd_over_best_direct\":null}");
	}
	printf("]}\n");
}

int bc_crypto_main(int argc, char **argv)
{
	struct bench *b = calloc(1, sizeof(*b));
	int rc, ret;

	if (!b) {
		cli_err("bench: out of memory");
		return 1;
	}
	rc = bc_parse(argc, argv, &b->o);
	if (rc) {
		free(b);
		return rc == 1 ? 0 : rc;
	}
	b->cfg.alg = &b->o.alg;
	b->cfg.encrypt = b->o.encrypt;
	b->cfg.async = b->o.async;
	b->cfg.inflight = b->o.inflight;
	b->cfg.aad = b->o.aad;
	bc_random(b->cfg.key, sizeof(b->cfg.key), 0x6b6579);
	bc_random(b->cfg.akey, sizeof(b->cfg.akey), 0x616b6579);
	b->ops[BC_WD] = b->o.async ? &bc_wd_async_ops : &bc_wd_ops;
	b->ops[BC_EVP] = &bc_evp_ops;
	b->ops[BC_IMB] = &bc_imb_ops;
	b->ops[BC_IMB_N] = &bc_imb_n_ops;
	ret = bc_wd_init(&b->o.alg, (unsigned)b->o.threads, b->o.task);
	if (ret) {
		cli_err("bench: wd_%s_init2_(\"%s\", SCHED_POLICY_RR, --task %s, %d+%d ctxs) = %d "
			"(no driver serves it?)", bc_class_name(b->o.alg.cls),
			b->o.alg.init ? b->o.alg.init : b->o.alg.name, bench_task_name(b->o.task),
			b->o.threads, b->o.threads, ret);
		free(b);
		return 1;
	}
	b->progress = isatty(STDERR_FILENO);
	rc = 0;
	for (int s = 0; s < b->o.nsizes && !rc; s++)
		rc = run_size(b, s);
	if (b->progress)
		fprintf(stderr, "\r%60s\r", "");
	bc_wd_uninit(&b->o.alg);
	if (!rc) {
		if (b->o.json)
			print_json(b);
		else
			print_table(b);
	}
	free(b);
	return rc ? 1 : 0;
}
