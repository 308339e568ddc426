/* SPDX-License-Identifier: Apache-2.0 */
/* `wd info`: drivers, devices with their attributes, algorithms and ctxs. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "wd_cli.h"

#define MAX_ROWS 64

/* The crypto classes: what a default init of each gets on this host. */
enum { CL_CIPHER, CL_DIGEST, CL_AEAD, CL_MAX };

static const char *const cl_names[CL_MAX] = { "cipher", "digest", "aead" };
/* each class's default algorithm (its UADK v1 init's) */
static char *const cl_algs[CL_MAX] = { "cbc(aes)", "sha256", "gcm(aes)" };

struct crypto_ctxs {
	int init_ret;
	struct wd_ctx_info ctx[MAX_ROWS];
	int nctx;
};

struct info {
	struct wd_driver_info drv[MAX_ROWS];
	char *algs[MAX_ROWS];		/* every name: drv[i].algs holds what fits */
	int ndrv;
	struct wd_ctx_info ctx[MAX_ROWS];
	int nctx;
	int init_ret;
	struct crypto_ctxs crypto[CL_MAX];
};

static int crypto_init(int cl)
{
	switch (cl) {
	case CL_CIPHER:
		return wd_cipher_init2_(cl_algs[cl], SCHED_POLICY_RR, TASK_MIX, NULL);
	case CL_DIGEST:
		return wd_digest_init2_(cl_algs[cl], SCHED_POLICY_RR, TASK_MIX, NULL);
	default:
		return wd_aead_init2_(cl_algs[cl], SCHED_POLICY_RR, TASK_MIX, NULL);
	}
}

static void crypto_collect(int cl, struct crypto_ctxs *c)
{
	c->init_ret = crypto_init(cl);
	if (c->init_ret && c->init_ret != -WD_EEXIST)
		return;
	c->nctx = cl == CL_CIPHER ? wd_cipher_get_ctx_info(c->ctx, MAX_ROWS) :
		  cl == CL_DIGEST ? wd_digest_get_ctx_info(c->ctx, MAX_ROWS) :
				    wd_aead_get_ctx_info(c->ctx, MAX_ROWS);
	if (c->nctx > MAX_ROWS)
		c->nctx = MAX_ROWS;
	if (cl == CL_CIPHER)
		wd_cipher_uninit2();
	else if (cl == CL_DIGEST)
		wd_digest_uninit2();
	else
		wd_aead_uninit2();
}

/* A driver's whole algorithm list (the info struct's field is bounded). */
static char *all_algs(const struct wd_driver_info *d)
{
	int n = wd_get_driver_algs(d->name, NULL, 0);
	char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;

	if (buf && wd_get_driver_algs(d->name, buf, (size_t)n + 1) == n)
		return buf;
	free(buf);
	return strdup(d->algs);	/* unregistered meanwhile: what we have */
}

static void collect(struct info *in)
{
	memset(in, 0, sizeof(*in));
	in->ndrv = wd_get_driver_info(in->drv, MAX_ROWS);
	if (in->ndrv > MAX_ROWS)
		in->ndrv = MAX_ROWS;
	for (int i = 0; i < in->ndrv; i++)
		in->algs[i] = all_algs(&in->drv[i]);
	/* show the ctxs a default init gets on this host */
	in->init_ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_MIX, NULL);
	if (!in->init_ret || in->init_ret == -WD_EEXIST) {
		in->nctx = wd_comp_get_ctx_info(in->ctx, MAX_ROWS);
		if (in->nctx > MAX_ROWS)
			in->nctx = MAX_ROWS;
		wd_comp_uninit2();
	}
	for (int cl = 0; cl < CL_MAX; cl++)
		crypto_collect(cl, &in->crypto[cl]);
}

static const char *drv_algs(const struct info *in, int i)
{
	return in->algs[i] ? in->algs[i] : in->drv[i].algs;
}

/* "a b c" as a JSON array of strings. */
static void json_words(FILE *f, const char *s)
{
	char word[128];
	int first = 1;

	fputc('[', f);
	while (*s) {
		size_t n = strcspn(s, " ");

		if (n && n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			fputs(first ? "" : ",", f);
			cli_json_str(f, word);
			first = 0;
		}
		s += n;
		s += strspn(s, " ");
	}
	fputc(']', f);
}

/* The list wrapped under a heading of indent columns, lines under 100 wide. */
static void print_wrapped(FILE *f, const char *s, int indent, int col)
{
	while (*s) {
		int n = (int)strcspn(s, " ");

		if (col > indent && col + 1 + n > 100) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", n, s);
		col += n;
		s += n;
		s += strspn(s, " ");
	}
	fputc('\n', f);
}

static void alg_lines(char *out, size_t size, const char *algs)
{
	size_t i, n = 0;

	/* sysfs separates with newlines; print them space-separated */
	for (i = 0; algs[i] && n + 1 < size; i++)
		out[n++] = algs[i] == '\n' ? ' ' : algs[i];
	out[n] = '\0';
}

/* One uacce device as sysfs shows it; numbers are -1 when absent or bad. */
struct uacce_row {
	char name[NAME_MAX + 1];
	char path[PATH_MAX];
	char api[WD_NAME_SIZE];
	char algs[4096];		/* the whole list: a crypto device lists ~60 names */
	long flags, avail, numa, isolate, mmio, dus;
};

static const char *env_or(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

/* A small attribute, trailing newlines cut; "" when unreadable. */
static void read_attr(const char *dir, const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}

static long read_num(const char *dir, const char *attr)
{
	char buf[32], *end;
	long v;

	read_attr(dir, attr, buf, sizeof(buf));
	if (!buf[0])
		return -1;
	v = strtol(buf, &end, 10);
	return *end ? -1 : v;
}

static void read_row(const char *root, const char *name, struct uacce_row *r)
{
	char dir[PATH_MAX];

	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	snprintf(r->path, sizeof(r->path), "%s/%s", env_or("WD_UACCE_DEVFS", "/dev"), name);
	snprintf(dir, sizeof(dir), "%s/%s", root, name);
	read_attr(dir, "api", r->api, sizeof(r->api));
	read_attr(dir, "algorithms", r->algs, sizeof(r->algs));
	alg_lines(r->algs, sizeof(r->algs), r->algs);
	r->flags = read_num(dir, "flags");
	r->avail = read_num(dir, "available_instances");
	r->numa = read_num(dir, "device/numa_node");
	r->isolate = read_num(dir, "isolate");		/* absent before 6.x kernels */
	r->mmio = read_num(dir, "region_mmio_size");	/* hidden when the region is empty */
	r->dus = read_num(dir, "region_dus_size");
}

static void json_num(FILE *f, const char *key, long v)
{
	if (v < 0)
		fprintf(f, ",\"%s\":null", key);
	else
		fprintf(f, ",\"%s\":%ld", key, v);
}

static void print_row_json(FILE *f, const struct uacce_row *r, bool first)
{
	fprintf(f, "%s{\"name\":", first ? "" : ",");
	cli_json_str(f, r->name);
	fputs(",\"path\":", f);
	cli_json_str(f, r->path);
	fputs(",\"api\":", f);
	cli_json_str(f, r->api);
	fputs(",\"algorithms\":", f);
	cli_json_str(f, r->algs);
	fprintf(f, ",\"flags\":%ld,\"sva\":%s", r->flags < 0 ? 0 : r->flags,
		r->flags > 0 && (r->flags & UACCE_DEV_SVA) ? "true" : "false");
	/* numa_node -1 is the kernel's "unknown" */
	fprintf(f, ",\"numa\":%ld", r->numa < -1 ? -1 : r->numa);
	json_num(f, "available_instances", r->avail);
	json_num(f, "mmio_size", r->mmio);
	json_num(f, "dus_size", r->dus);
	if (r->isolate < 0)
		fputs(",\"isolate\":null}", f);
	else
		fprintf(f, ",\"isolate\":%s}", r->isolate ? "true" : "false");
}

static const char *num_str(long v, char *buf, size_t size)
{
	if (v < 0)
		return "?";
	snprintf(buf, size, "%ld", v);
	return buf;
}

static void print_row_text(FILE *f, const struct uacce_row *r)
{
	char a[24], m[24], d[24];

	fprintf(f, "  %-24s api=%s sva=%s flags=%ld numa=%ld free_queues=%s mmio=%s dus=%s "
		"isolate=%s\n  %-24s algorithms: %s\n",
		r->name, r->api[0] ? r->api : "?",
		r->flags > 0 && (r->flags & UACCE_DEV_SVA) ? "yes" : "no",
		r->flags < 0 ? 0 : r->flags, r->numa < -1 ? -1 : r->numa,
		num_str(r->avail, a, sizeof(a)), num_str(r->mmio, m, sizeof(m)),
		num_str(r->dus, d, sizeof(d)),
		r->isolate < 0 ? "n/a" : r->isolate ? "yes" : "no", "", r->algs);
}

/* Every uacce device under the sysfs root (WD_UACCE_SYSFS), whatever it serves. */
static void print_devices(FILE *f, bool json)
{
	const char *root = env_or("WD_UACCE_SYSFS", "/sys/class/uacce");
	struct dirent **ents = NULL;
	struct uacce_row row;
	int n, i, shown = 0;

	if (json)
		fputs("\"devices\":[", f);
	else
		fputs("devices:\n", f);
	n = scandir(root, &ents, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (ents[i]->d_name[0] != '.') {
			read_row(root, ents[i]->d_name, &row);
			if (json)
				print_row_json(f, &row, !shown);
			else
				print_row_text(f, &row);
			shown++;
		}
		free(ents[i]);
	}
	free(ents);
	if (json)
		fputs("],", f);
	else if (!shown)
		fprintf(f, "  none (no uacce device under %s; the CPU drivers serve every class)\n",
			root);
}

static void print_json(const struct info *in)
{
	int i;

	printf("{\"version\":\"%s\",\"drivers\":[", WARPDRIVE_VERSION);
	for (i = 0; i < in->ndrv; i++) {
		const struct wd_driver_info *d = &in->drv[i];

		printf("%s{\"name\":", i ? "," : "");
		cli_json_str(stdout, d->name);
		fputs(",\"class\":", stdout);
		cli_json_str(stdout, d->alg_class);
		printf(",\"kind\":\"%s\",\"priority\":%d,\"available\":%s,\"algorithms\":",
		       d->kind == WD_DRIVER_HW ? "hw" : "cpu", d->priority,
		       d->available ? "true" : "false");
		cli_json_str(stdout, drv_algs(in, i));
		fputs(",\"algorithm_list\":", stdout);
		json_words(stdout, drv_algs(in, i));
		fputs(",\"description\":", stdout);
		cli_json_str(stdout, d->desc);
		fputs("}", stdout);
	}
	fputs("],", stdout);
	print_devices(stdout, true);
	printf("\"comp_init\":%d,\"ctxs\":[", in->init_ret);
	for (i = 0; i < in->nctx; i++) {
		const struct wd_ctx_info *c = &in->ctx[i];

		printf("%s{\"driver\":", i ? "," : "");
		cli_json_str(stdout, c->driver);
		printf(",\"numa\":%d,\"op\":\"%s\",\"mode\":\"%s\"}", c->numa,
		       c->op_type == WD_DIR_COMPRESS ? "comp" : "decomp",
		       c->mode == CTX_MODE_SYNC ? "sync" : "async");
	}
	fputs("],\"crypto\":{", stdout);
	for (int cl = 0; cl < CL_MAX; cl++) {
		const struct crypto_ctxs *cc = &in->crypto[cl];

		printf("%s\"%s\":{\"alg\":\"%s\",\"init\":%d,\"ctxs\":[", cl ? "," : "",
		       cl_names[cl], cl_algs[cl], cc->init_ret);
		for (i = 0; i < cc->nctx; i++) {
			printf("%s{\"driver\":", i ? "," : "");
			cli_json_str(stdout, cc->ctx[i].driver);
			printf(",\"numa\":%d,\"op\":%d,\"mode\":\"%s\"}", cc->ctx[i].numa,
			       cc->ctx[i].op_type,
			       cc->ctx[i].mode == CTX_MODE_SYNC ? "sync" : "async");
		}
		fputs("]}", stdout);
	}
	puts("}}");
}

static void print_text(const struct info *in)
{
	int i;

	printf("WarpDrive %s (UADK 2.10 API)\n\ndrivers:\n", WARPDRIVE_VERSION);
	for (i = 0; i < in->ndrv; i++) {
		const struct wd_driver_info *d = &in->drv[i];

		int col = printf("  %-14s %-4s %-6s prio %-4d %-11s algorithms: ", d->name,
				 d->kind == WD_DRIVER_HW ? "hw" : "cpu", d->alg_class, d->priority,
				 d->available ? "available" : "unavailable");

		print_wrapped(stdout, drv_algs(in, i), col, col);
		printf("  %-14s %s\n", "", d->desc);
	}
	putchar('\n');
	print_devices(stdout, false);
	printf("\nctxs of a default wd_comp init (TASK_MIX):\n");
	if (in->init_ret && in->init_ret != -WD_EEXIST)
		printf("  init failed: %s\n", wd_strerror(in->init_ret));
	for (i = 0; i < in->nctx; i++)
		printf("  ctx %-3d %-14s node %d %-6s %s\n", i, in->ctx[i].driver, in->ctx[i].numa,
		       in->ctx[i].op_type == WD_DIR_COMPRESS ? "comp" : "decomp",
		       in->ctx[i].mode == CTX_MODE_SYNC ? "sync" : "async");
	for (int cl = 0; cl < CL_MAX; cl++) {
		const struct crypto_ctxs *cc = &in->crypto[cl];
		int nsync = 0;

		for (i = 0; i < cc->nctx; i++)
			nsync += cc->ctx[i].mode == CTX_MODE_SYNC;
		printf("ctxs of a default wd_%s init (\"%s\", TASK_MIX): ", cl_names[cl], cl_algs[cl]);
		if (cc->init_ret && cc->init_ret != -WD_EEXIST)
			printf("init failed: %s\n", wd_strerror(cc->init_ret));
		else
			printf("%d sync + %d async on %s\n", nsync, cc->nctx - nsync,
			       cc->nctx ? cc->ctx[0].driver : "-");
	}
}

int cmd_info(int argc, char **argv)
{
	static struct info in;
	bool json = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			puts("usage: wd info [--json]\n\n"
			     "Lists the registered drivers (compression and crypto) with all their\n"
			     "algorithms, every uacce device (api, SVA, algorithms, free queues,\n"
			     "region sizes, NUMA node, isolation) and the ctxs a default init of each\n"
			     "class gets. WD_UACCE_SYSFS / WD_UACCE_DEVFS point at other trees.");
			return 0;
		} else {
			cli_err("info: unknown option '%s'", argv[i]);
			return 2;
		}
	}
	collect(&in);
	if (json)
		print_json(&in);
	else
		print_text(&in);
	for (i = 0; i < in.ndrv; i++)
		free(in.algs[i]);
	return 0;
}
