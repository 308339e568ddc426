/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `wd bench`: the framework against the libraries under it, on the same
 * blocks, in the same run, in the same thread count. Absolute MB/s drift on a
 * shared machine; the wd/lib ratios of one run are what to read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bench_common.h"
#include "bench_crypto.h"
#include "bench_opts.h"
#include "bench_run.h"
#include "wd_cli.h"


struct row {
	bool on;
	double mbps[MAX_ROUNDS], ns[MAX_ROUNDS];
	uint64_t raw, packed;	/* the ratio: one whole pass (decompression: wd's blocks) */
	double med_mbps, med_ns, lo, hi;
	/* Paired with wd's run of the same round (adjacent in time, so drift
	 * cancels): median of wd/lib MB/s and of wd - lib ns per block. */
	double rel, dns;
};

/* Run and print order: the framework, then the libraries. */
static const int order[BR_ENGINES] = { BR_WD, BD_ISAL, BD_ZLIB, BD_LIBDEFLATE };


static unsigned char *load(const struct opts *o, size_t *len)
{
	struct stat st;
	unsigned char *buf;
	FILE *f = fopen(o->input, "rb");

	if (!f) {
		cli_err("bench: cannot open %s: %s", o->input, strerror(errno));
		if (!strcmp(o->input, DEF_INPUT))
			cli_err("bench: make it with bench/make_corpus.sh (from the source tree),"
				" or pass --input FILE");
		return NULL;
	}
	*len = fstat(fileno(f), &st) || (size_t)st.st_size > o->max_bytes ?
		o->max_bytes : (size_t)st.st_size;
	buf = malloc(*len ? *len : 1);
	if (buf)
		*len = fread(buf, 1, *len, f);
	fclose(f);
	if (!buf || !*len) {
		cli_err("bench: %s: %s", o->input, buf ? "empty" : "out of memory");
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * The library the CPU driver runs for this job (docs/levels.md): the overhead
 * reference. Compression: ISA-L for L1-L3, libdeflate above; whole-buffer
 * decompression: libdeflate.
 */
static int ref_lib(const struct opts *o, bool decomp)
{
	if (o->ref >= 0)
		return o->ref;
	return !decomp && o->level <= 3 ? BD_ISAL : BD_LIBDEFLATE;
}

struct bench {
	struct opts o;
	unsigned char *data, *comp_buf;
	size_t len, comp_cap;
	struct br_blocks raw, comp;
	uint64_t comp_total;	/* bytes of all wd-compressed blocks */
	bool progress;		/* a terminal on stderr: say what is running */
	struct row rows[2][BR_ENGINES];
	size_t *resume[2][BR_ENGINES];
};

static bool engine_on(const struct bench *b, int e, bool decomp)
{
	if (e == BR_WD)
		return true;
	return b->o.lib[e] && (decomp || bd_level_ok(e, b->o.level));
}

static int run_one(struct bench *b, int e, bool decomp, double duration, bool verify,
		   struct br_result *res)
{
	struct br_job j = {
		.engine = e, .decomp = decomp, .fmt = b->o.fmt, .level = b->o.level,
		.async = e == BR_WD && b->o.async, .window = b->o.window,
		.threads = (unsigned)b->o.threads, .cpu = b->o.cpu, .duration = duration,
		.verify = verify, .src = decomp ? &b->comp : &b->raw, .raw = &b->raw,
		.dst_cap = decomp ? b->o.block : b->comp_cap,
		.resume = duration > 0 && !verify ? b->resume[decomp][e] : NULL,
	};
	char err[256];

	if (br_run(&j, res, err, sizeof(err))) {
		cli_err("bench: %s %s: %s", decomp ? "decompress" : "compress",
			br_engine_name(e), err);
		return -1;
	}
	return 0;
}

/* wd compresses every block once (checked by zlib): the decompression input. */
static int prepare(struct bench *b)
{
	struct br_job j = {
		.engine = BR_WD, .fmt = b->o.fmt, .level = b->o.level,
		.threads = (unsigned)b->o.threads, .cpu = -1, .verify = true,
		.src = &b->raw, .raw = &b->raw, .keep = &b->comp,
	};
	struct br_result res;
	char err[256];
	size_t n = (b->len + b->o.block - 1) / b->o.block;

	b->raw.n = b->comp.n = n;
	b->raw.ptr = calloc(n, sizeof(*b->raw.ptr));
	b->raw.len = calloc(n, sizeof(*b->raw.len));
	b->comp.ptr = calloc(n, sizeof(*b->comp.ptr));
	b->comp.len = calloc(n, sizeof(*b->comp.len));
	b->comp_cap = bd_comp_bound(b->o.block);
	b->comp_buf = malloc(n * b->comp_cap);
	if (!b->raw.ptr || !b->raw.len || !b->comp.ptr || !b->comp.len || !b->comp_buf) {
		cli_err("bench: out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		b->raw.ptr[i] = b->data + i * b->o.block;
		b->raw.len[i] = i + 1 < n ? b->o.block : b->len - i * b->o.block;
		b->comp.ptr[i] = b->comp_buf + i * b->comp_cap;
	}
	j.dst_cap = b->comp_cap;	/* known only now */
	if (br_run(&j, &res, err, sizeof(err))) {
		cli_err("bench: wd output check failed, nothing measured: %s", err);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		b->comp_total += b->comp.len[i];
	for (int d = 0; d < 2; d++)
		for (int e = 0; e < BR_ENGINES; e++)
			if (!(b->resume[d][e] = calloc((size_t)b->o.threads, sizeof(size_t))))
				return -1;
	return 0;
}

static int run_op(struct bench *b, bool decomp)
{
	struct row *rows = b->rows[decomp];
	double warm = b->o.duration < 0.5 ? b->o.duration : 0.5;
	struct br_result res;
	int e, r;

	/*
	 * Warm up (caches, page faults, CPU clocks) and check every engine's
	 * output; wd's whole output is checked (sync compression already was,
	 * by prepare()). Compression warms up with one whole pass per engine,
	 * whose sizes give the ratio: the timed rounds stop mid-pass, each
	 * engine at another place, which on a large input biased the ratio by
	 * a percent or more.
	 */
	for (int k = 0; k < BR_ENGINES; k++) {
		bool full;

		e = order[k];
		full = decomp ? e == BR_WD : true;

		if (!engine_on(b, e, decomp))
			continue;
		if (run_one(b, e, decomp, full ? 0 : warm, true, &res))
			return -1;
		if (!decomp) {
			rows[e].raw = res.raw_bytes;
			rows[e].packed = res.packed_bytes;
		}
	}
	/* Rounds alternate the engines so drift on a shared VM hits all alike. */
	for (r = 0; r < b->o.rounds; r++) {
		for (int k = 0; k < BR_ENGINES; k++) {
			struct row *w = &rows[e = order[k]];

			if (!engine_on(b, e, decomp))
				continue;
			if (b->progress)
				fprintf(stderr, "\rwd bench: %s round %d/%d: %-10s ",
					decomp ? "decompress" : "compress", r + 1, b->o.rounds,
					br_engine_name(e));
			if (run_one(b, e, decomp, b->o.duration, false, &res))
				return -1;
			w->on = true;
			w->mbps[r] = res.secs > 0 ? (double)res.raw_bytes / res.secs / 1e6 : 0;
			w->ns[r] = res.blocks ? res.secs * 1e9 * b->o.threads / (double)res.blocks : 0;
		}
	}
	for (e = 0; e < BR_ENGINES; e++) {
		if (!rows[e].on)
			continue;
		if (decomp) {
			/* Everyone decoded the same blocks: the ratio is the corpus's. */
			rows[e].raw = b->len;
			rows[e].packed = b->comp_total;
		}
		double rel[MAX_ROUNDS], dns[MAX_ROUNDS];

		for (r = 0; r < b->o.rounds; r++) {
			rel[r] = rows[e].mbps[r] > 0 ? rows[BR_WD].mbps[r] / rows[e].mbps[r] : 0;
			dns[r] = rows[BR_WD].ns[r] - rows[e].ns[r];
		}
		rows[e].rel = bench_median(rel, b->o.rounds, NULL, NULL);
		rows[e].dns = bench_median(dns, b->o.rounds, NULL, NULL);
		rows[e].med_mbps = bench_median(rows[e].mbps, b->o.rounds, &rows[e].lo, &rows[e].hi);
		rows[e].med_ns = bench_median(rows[e].ns, b->o.rounds, NULL, NULL);
	}
	return 0;
}

static double ratio(const struct row *w)
{
	return w->packed ? (double)w->raw / (double)w->packed : 0;
}

static void print_table(const struct bench *b)
{
	const struct opts *o = &b->o;

	printf("wd bench: %s, %zu bytes = %zu blocks of %zu; %s level %d\n"
	       "          %s, %d thread%s%s, %d round%s x %.1f s alternating engines, median\n",
	       o->input, b->len, b->raw.n, o->block, bench_fmt_names[o->fmt], o->level,
	       o->async ? "async" : "sync", o->threads, o->threads > 1 ? "s" : "",
	       o->cpu >= 0 ? " (pinned)" : "", o->rounds, o->rounds > 1 ? "s" : "", o->duration);
	for (int d = 0; d < 2; d++) {
		const struct row *rows = b->rows[d];
		const struct row *ref = &rows[ref_lib(o, d)];

		if (!o->op[d])
			continue;
		if (d)
			printf("\n(decompression: every engine decodes the same %zu wd-compressed blocks)",
			       b->comp.n);
		printf("\n%-12s %9s %19s %7s %10s %7s\n", d ? "decompress" : "compress", "MB/s",
		       "(min..max)", "ratio", "ns/block", "wd/lib");
		for (int k = 0; k < BR_ENGINES; k++) {
			int e = order[k];
			const struct row *w = &rows[e];
			char range[40];

			if (e != BR_WD && !o->lib[e])
				continue;
			if (!w->on) {
				printf("  %-10s %9s   (no level %d)\n", br_engine_name(e), "n/a", o->level);
				continue;
			}
			snprintf(range, sizeof(range), "(%.1f..%.1f)", w->lo, w->hi);
			printf("  %-10s %9.1f %19s %7.3f %10.0f", br_engine_name(e), w->med_mbps,
			       range, ratio(w), w->med_ns);
			if (e == BR_WD)
				printf(" %7s\n", "-");
			else
				printf(" %7.3f\n", w->rel);
		}
		if (ref->on && ref->med_ns > 0)
			printf("  overhead: wd - %s = %+.0f ns per block (%+.1f%%)\n",
			       bd_lib_name(ref_lib(o, d)), ref->dns, 100 * ref->dns / ref->med_ns);
	}
	putchar('\n');
	bench_drivers_text(stdout);
}

static void print_json(const struct bench *b)
{
	const struct opts *o = &b->o;

	printf("{\"input\":");
	cli_json_str(stdout, o->input);
	printf(",\"bytes\":%zu,\"block_size\":%zu,\"blocks\":%zu,\"alg\":\"%s\",\"level\":%d,"
	       "\"mode\":\"%s\",\"window\":%u,\"threads\":%d,\"cpu\":%d,\"duration\":%g,"
	       "\"rounds\":%d", b->len, o->block, b->raw.n, bench_fmt_names[o->fmt], o->level,
	       o->async ? "async" : "sync", o->window, o->threads, o->cpu, o->duration, o->rounds);
	printf(",\"task\":\"%s\",\"wd_drivers\":", bench_task_name(o->task));
	bench_drivers_json(stdout);
	for (int d = 0; d < 2; d++) {
		const struct row *rows = b->rows[d];
		const struct row *ref = &rows[ref_lib(o, d)];
		int first = 1;

		if (!o->op[d])
			continue;
		printf(",\"%s\":{\"rows\":[", d ? "decomp" : "comp");
		for (int k = 0; k < BR_ENGINES; k++) {
			int e = order[k];
			const struct row *w = &rows[e];

			if (!w->on)
				continue;
			printf("%s{\"name\":\"%s\",\"mbps\":%.2f,\"mbps_min\":%.2f,\"mbps_max\":%.2f,"
			       "\"rounds_mbps\":[", first ? "" : ",", br_engine_name(e), w->med_mbps,
			       w->lo, w->hi);
			for (int r = 0; r < o->rounds; r++)
				printf("%s%.2f", r ? "," : "", w->mbps[r]);
			printf("],\"ratio\":%.4f,\"ns_per_block\":%.0f", ratio(w), w->med_ns);
			if (e != BR_WD)
				printf(",\"wd_over_lib\":%.4f", w->rel);
			printf("}");
			first = 0;
		}
		printf("]");
		if (ref->on && ref->med_ns > 0)
			printf(",\"overhead\":{\"ref\":\"%s\",\"ns_per_block\":%.0f,\"percent\":%.2f}",
			       bd_lib_name(ref_lib(o, d)), ref->dns, 100 * ref->dns / ref->med_ns);
		printf("}");
	}
	printf("}\n");
}

static void cleanup(struct bench *b)
{
	for (int d = 0; d < 2; d++)
		for (int e = 0; e < BR_ENGINES; e++)
			free(b->resume[d][e]);
	free(b->raw.ptr);
	free(b->raw.len);
	free(b->comp.ptr);
	free(b->comp.len);
	free(b->comp_buf);
	free(b->data);
	free(b);
}

/* The --alg value, if any: a crypto algorithm runs the crypto bench. */
static const char *alg_arg(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--alg") && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(argv[i], "--alg=", 6))
			return argv[i] + 6;
	}
	return NULL;
}

int cmd_bench(int argc, char **argv)
{
	const char *alg = alg_arg(argc, argv);
	struct bench *b;
	int rc, ret;

	if (alg && bc_alg_known(alg))
		return bc_crypto_main(argc, argv);
	b = calloc(1, sizeof(*b));
	if (!b) {
		cli_err("bench: out of memory");
		return 1;
	}
	rc = bench_parse(argc, argv, &b->o);
	if (rc) {
		free(b);
		return rc == 1 ? 0 : rc;
	}
	if (!(b->data = load(&b->o, &b->len))) {
		cleanup(b);
		return 1;
	}
	ret = br_wd_init(b->o.fmt, (unsigned)b->o.threads, b->o.task);
	if (ret) {
		cli_err("bench: wd_comp_init2_(\"%s\", SCHED_POLICY_RR, --task %s, %d+%d ctxs) = %d",
			bench_fmt_names[b->o.fmt], bench_task_name(b->o.task), b->o.threads,
			b->o.threads, ret);
		cleanup(b);
		return 1;
	}
	b->progress = isatty(STDERR_FILENO);
	rc = prepare(b) || (b->o.op[0] && run_op(b, false)) || (b->o.op[1] && run_op(b, true));
	if (b->progress)
		fprintf(stderr, "\r%40s\r", "");
	br_wd_uninit();
	if (!rc) {
		if (b->o.json)
			print_json(b);
		else
			print_table(b);
	}
	cleanup(b);
	return rc ? 1 : 0;
}
