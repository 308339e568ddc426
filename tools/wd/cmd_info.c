/* SPDX-License-Identifier: Apache-2.0 */
/* `wd info`: drivers, devices with their attributes, algorithms and ctxs. */
#include <stdio.h>
#include <string.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>
#include "wd_cli.h"

#define MAX_ROWS 64

static const char *const comp_algs[] = { "deflate", "zlib", "gzip" };

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

static void print_devices(FILE *f, bool json)
{
	struct uacce_dev_list *list = NULL, *l;
	char seen[16][PATH_STR_SIZE], algs[MAX_ATTR_STR_SIZE];
	int nseen = 0, i, a, first = 1;

	if (json)
		fputs("\"devices\":[", f);
	else
		fputs("devices:\n", f);
	for (a = 0; a < 3; a++) {
		list = wd_get_accel_list(comp_algs[a]);
		for (l = list; l; l = l->next) {
			struct uacce_dev *d = l->dev;

			for (i = 0; i < nseen && strcmp(seen[i], d->dev_root); i++)
				;
			if (i < nseen || nseen == 16)
				continue;
			snprintf(seen[nseen++], PATH_STR_SIZE, "%s", d->dev_root);
			alg_lines(algs, sizeof(algs), d->algs);
			if (json) {
				fprintf(f, "%s{\"path\":", first ? "" : ",");
				cli_json_str(f, d->char_dev_path);
				fputs(",\"api\":", f);
				cli_json_str(f, d->api);
				fputs(",\"algorithms\":", f);
				cli_json_str(f, algs);
				fprintf(f, ",\"flags\":%d,\"numa\":%d,\"available_instances\":%d,"
					"\"mmio_size\":%lu,\"dus_size\":%lu}",
					d->flags, d->numa_id, wd_get_avail_ctx(d),
					d->qfrs_offs[UACCE_QFRT_MMIO], d->qfrs_offs[UACCE_QFRT_DUS]);
			} else {
				printf("  %-24s api=%s flags=%d numa=%d free_queues=%d mmio=%lu dus=%lu\n"
				       "  %-24s algorithms: %s\n",
				       d->char_dev_path, d->api, d->flags, d->numa_id,
				       wd_get_avail_ctx(d), d->qfrs_offs[UACCE_QFRT_MMIO],
				       d->qfrs_offs[UACCE_QFRT_DUS], "", algs);
			}
			first = 0;
		}
		wd_free_list_accels(list);
	}
	if (json)
		fputs("],", f);
	else if (first)
		fputs("  none (no uacce device serves deflate/zlib/gzip; the CPU driver does)\n", f);
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
			     "Lists the registered drivers, the uacce devices found (with their\n"
			     "attributes and free queues) and the ctxs a default init gets.");
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
