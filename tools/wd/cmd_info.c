/* SPDX-License-Identifier: Apache-2.0 */
/* `wd info`: drivers, devices with their attributes, algorithms and ctxs. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "wd_cli.h"

#define MAX_ROWS 64

struct info {
	struct wd_driver_info drv[MAX_ROWS];
	int ndrv;
	struct wd_ctx_info ctx[MAX_ROWS];
	int nctx;
	int init_ret;
};

static void collect(struct info *in)
{
	memset(in, 0, sizeof(*in));
	in->ndrv = wd_get_driver_info(in->drv, MAX_ROWS);
	if (in->ndrv > MAX_ROWS)
		in->ndrv = MAX_ROWS;
	/* show the ctxs a default init gets on this host */
	in->init_ret = wd_comp_init2_("zlib", SCHED_POLICY_RR, TASK_MIX, NULL);
	if (!in->init_ret || in->init_ret == -WD_EEXIST) {
		in->nctx = wd_comp_get_ctx_info(in->ctx, MAX_ROWS);
		if (in->nctx > MAX_ROWS)
			in->nctx = MAX_ROWS;
		wd_comp_uninit2();
	}
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
	char algs[MAX_ATTR_STR_SIZE];
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
		fprintf(f, "  none (no uacce device under %s; the CPU driver serves compression)\n",
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
		cli_json_str(stdout, d->algs);
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
	puts("]}");
}

static void print_text(const struct info *in)
{
	int i;

	printf("WarpDrive %s (UADK 2.10 API)\n\ndrivers:\n", WARPDRIVE_VERSION);
	for (i = 0; i < in->ndrv; i++) {
		const struct wd_driver_info *d = &in->drv[i];

		printf("  %-14s %-4s %-6s prio %-4d %-11s algorithms: %s\n  %-14s %s\n", d->name,
		       d->kind == WD_DRIVER_HW ? "hw" : "cpu", d->alg_class, d->priority,
		       d->available ? "available" : "unavailable", d->algs, "", d->desc);
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
			     "Lists the registered drivers, every uacce device (api, SVA, algorithms,\n"
			     "free queues, region sizes, NUMA node, isolation) and the ctxs a default\n"
			     "init gets. WD_UACCE_SYSFS / WD_UACCE_DEVFS point at other trees.");
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
	return 0;
}
