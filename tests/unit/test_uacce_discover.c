/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce discovery against fake sysfs trees (WD_UACCE_SYSFS / WD_UACCE_DEVFS /
 * WD_NODE_SYSFS): attribute parsing, bad values, isolation, whole-line
 * algorithm matching and device choice by NUMA distance, then free queues.
 * Each test gets a fresh tree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <uadk/wd.h>
#include "wd_uacce.h"
#include "test_util.h"

static char top[256], root[300], nodes[300];

static void write_file(const char *path, const char *val)
{
	assert_int_equal(td_write_file(path, val), 0);
}

static void put(const char *dev, const char *attr, const char *val)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", root, dev, attr);
	write_file(path, val);
}

static void drop(const char *dev, const char *attr)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/%s", root, dev, attr);
	unlink(path);
}

/* A well-formed device; tests then spoil one attribute at a time. */
static void dev(const char *name, const char *api, const char *flags, const char *algs,
		const char *avail, const char *numa)
{
	if (api)
		put(name, "api", api);
	if (flags)
		put(name, "flags", flags);
	if (algs)
		put(name, "algorithms", algs);
	if (avail)
		put(name, "available_instances", avail);
	if (numa)
		put(name, "device/numa_node", numa);
	put(name, "region_mmio_size", "4096\n");
	put(name, "region_dus_size", "16384\n");
}

static void good(const char *name)
{
	dev(name, "vacc_v1\n", "0\n", "zlib\ngzip\n", "4\n", "0\n");
}

static void node_row(int node, const char *row)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/node%d/distance", nodes, node);
	write_file(path, row);
}

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof(top), "/tmp/wd-sysfs-XXXXXX");
	assert_non_null(mkdtemp(top));
	snprintf(root, sizeof(root), "%s/uacce", top);
	snprintf(nodes, sizeof(nodes), "%s/node", top);
	assert_int_equal(td_mkdirs(root), 0);
	setenv("WD_UACCE_SYSFS", root, 1);
	setenv("WD_UACCE_DEVFS", "/nonexistent-dev", 1);
	setenv("WD_NODE_SYSFS", nodes, 1);	/* empty: |a - b| until a test writes rows */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return td_rm_tree(top);
}

static struct uacce_dev *find(struct uacce_dev_list *list, const char *name)
{
	const char *base;

	for (; list; list = list->next) {
		base = strrchr(list->dev->dev_root, '/');
		if (base && !strcmp(base + 1, name))
			return list->dev;
	}
	return NULL;
}

static int count(struct uacce_dev_list *list)
{
	int n = 0;

	for (; list; list = list->next)
		n++;
	return n;
}

static const char *dev_base(const struct uacce_dev *d)
{
	const char *b = strrchr(d->dev_root, '/');

	return b ? b + 1 : d->dev_root;
}

static void test_empty_and_missing(void **state)
{
	char longname[MAX_ATTR_STR_SIZE + 8];
	struct uacce_dev *d;

	(void)state;
	assert_null(wd_get_accel_list("zlib"));
	assert_null(wd_get_accel_dev("zlib"));
	assert_null(wd_get_accel_list(NULL));
	assert_null(wd_get_accel_list(""));
	good("vacc-0");
	d = wd_get_accel_dev("zlib");
	assert_non_null(d);
	free(d);
	/* names that cannot be a line of "algorithms" */
	assert_null(wd_get_accel_list("zlib\ngzip"));
	assert_null(wd_get_accel_list("zl ib"));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_null(wd_get_accel_list(longname));
	setenv("WD_UACCE_SYSFS", "/nonexistent-sysfs", 1);
	assert_null(wd_get_accel_dev("zlib"));
	setenv("WD_UACCE_SYSFS", root, 1);
	assert_int_equal(wd_get_avail_ctx(NULL), -WD_EINVAL);
	assert_int_equal(wd_is_isolate(NULL), -WD_EINVAL);
	wd_free_list_accels(NULL);
}

static void test_parse_and_choose(void **state)
{
	struct uacce_dev_list *list, *l;
	struct uacce_dev *d;

	(void)state;
	dev("vacc-0", "vacc_v1\n", "0\n", "zlib\ngzip\ndeflate\n", "2\n", "0\n");
	dev("vacc-1", "vacc_v1\n", "1\n", "zlib\ngzip\n", "5\n", "1\n");
	dev("vacc-2", "vacc_v1\n", "0\n", "zlib\n", "8\n", "0\n");
	dev("sec-0", "vacc_v1", "0", "cipher\ndigest", "3", "0");
	list = wd_get_accel_list("zlib");
	assert_non_null(list);
	assert_int_equal(count(list), 3);
	for (l = list; l; l = l->next) {
		assert_string_equal(l->dev->api, "vacc_v1");
		assert_int_equal(l->dev->qfrs_offs[UACCE_QFRT_MMIO], 4096);
		assert_int_equal(l->dev->qfrs_offs[UACCE_QFRT_DUS], 16384);
	}
	/* sorted by name; paths from the roots */
	assert_string_equal(dev_base(list->dev), "vacc-0");
	assert_string_equal(list->dev->char_dev_path, "/nonexistent-dev/vacc-0");
	assert_string_equal(list->dev->algs, "zlib\ngzip\ndeflate");
	/* node 0: vacc-0 (2 free) and vacc-2 (8 free) are nearest; most free wins */
	d = wd_find_dev_by_numa(list, 0);
	assert_false(WD_IS_ERR(d));
	assert_string_equal(d->char_dev_path, "/nonexistent-dev/vacc-2");
	d = wd_find_dev_by_numa(list, 1);
	assert_false(WD_IS_ERR(d));
	assert_string_equal(dev_base(d), "vacc-1");
	assert_int_equal(d->flags, 1);
	assert_int_equal(d->numa_id, 1);
	wd_free_list_accels(list);

	list = wd_get_accel_list("deflate");
	assert_int_equal(count(list), 1);
	assert_string_equal(dev_base(list->dev), "vacc-0");
	/* a full device is not chosen: an error pointer, as in UADK */
	put("vacc-0", "available_instances", "0\n");
	d = wd_find_dev_by_numa(list, 0);
	assert_true(WD_IS_ERR(d));
	assert_int_equal(WD_PTR_ERR(d), -WD_ENODEV);
	wd_free_list_accels(list);
	d = wd_find_dev_by_numa(NULL, 0);
	assert_true(WD_IS_ERR(d));
	assert_int_equal(WD_PTR_ERR(d), -WD_EINVAL);
	assert_null(wd_get_accel_list("lz4"));

	/* a garbage or negative count reads as an error and is never chosen */
	list = wd_get_accel_list("zlib");
	put("vacc-2", "available_instances", "-3\n");
	assert_int_equal(wd_get_avail_ctx(find(list, "vacc-2")), -WD_EINVAL);
	put("vacc-2", "available_instances", "lots\n");
	assert_int_equal(wd_get_avail_ctx(find(list, "vacc-2")), -WD_EINVAL);
	put("vacc-2", "available_instances", "2147483648\n");
	assert_int_equal(wd_get_avail_ctx(find(list, "vacc-2")), -WD_EINVAL);
	drop("vacc-2", "available_instances");
	assert_int_equal(wd_get_avail_ctx(find(list, "vacc-2")), -WD_ENODEV);
	d = wd_find_dev_by_numa(list, 0);
	assert_false(WD_IS_ERR(d));
	assert_string_equal(dev_base(d), "vacc-1");	/* node 0 has no usable device */
	put("vacc-2", "available_instances", "7\n");
	assert_int_equal(wd_get_avail_ctx(find(list, "vacc-2")), 7);
	wd_free_list_accels(list);
}

/* Each device spoils one attribute; only the good ones are listed. */
static void test_bad_attributes(void **state)
{
	static const char *const skipped[] = {
		"api-missing", "api-empty", "api-ctrl", "api-long", "api-space",
		"flags-garbage", "flags-neg", "flags-overflow", "flags-33bit", "flags-missing",
		"flags-trail", "numa-garbage", "numa-minus2", "numa-huge",
		"mmio-odd", "dus-odd", "mmio-neg", "dus-overflow", "dus-huge", "mmio-empty",
		"iso-1", "iso-garbage", "iso-2", "algs-ctrl", "algs-empty",
	};
	struct uacce_dev_list *list;
	struct uacce_dev *d;
	char longapi[WD_NAME_SIZE + 2];
	size_t i;

	(void)state;
	good("ok-0");
	good("api-missing");
	drop("api-missing", "api");
	good("api-empty");
	put("api-empty", "api", "\n");
	good("api-ctrl");
	put("api-ctrl", "api", "vacc\x01v1\n");
	good("api-long");	/* 64 bytes do not fit the 64-byte field with its NUL */
	memset(longapi, 'a', WD_NAME_SIZE);
	strcpy(longapi + WD_NAME_SIZE, "\n");
	put("api-long", "api", longapi);
	good("api-fits");	/* 63 bytes do */
	longapi[WD_NAME_SIZE - 1] = '\n';
	longapi[WD_NAME_SIZE] = '\0';
	put("api-fits", "api", longapi);
	good("api-space");
	put("api-space", "api", "vacc v1\n");
	good("flags-garbage");
	put("flags-garbage", "flags", "abc\n");
	good("flags-neg");
	put("flags-neg", "flags", "-1\n");
	good("flags-overflow");
	put("flags-overflow", "flags", "99999999999999999999999\n");
	good("flags-33bit");
	put("flags-33bit", "flags", "4294967296\n");
	good("flags-missing");
	drop("flags-missing", "flags");
	good("flags-trail");
	put("flags-trail", "flags", "1x\n");
	good("flags-unknown");	/* unknown bits are kept, only SVA is read */
	put("flags-unknown", "flags", "4294967295\n");
	good("numa-garbage");
	put("numa-garbage", "device/numa_node", "zero\n");
	good("numa-minus1");	/* unknown: node 0 */
	put("numa-minus1", "device/numa_node", "-1\n");
	good("numa-minus2");
	put("numa-minus2", "device/numa_node", "-2\n");
	good("numa-huge");
	put("numa-huge", "device/numa_node", "100000\n");
	good("numa-missing");
	drop("numa-missing", "device/numa_node");
	good("mmio-odd");
	put("mmio-odd", "region_mmio_size", "4095\n");
	good("dus-odd");
	put("dus-odd", "region_dus_size", "4097\n");
	good("mmio-neg");
	put("mmio-neg", "region_mmio_size", "-4096\n");
	good("dus-overflow");
	put("dus-overflow", "region_dus_size", "184467440737095516160\n");
	good("dus-huge");	/* 2 GiB: page-aligned but beyond any queue */
	put("dus-huge", "region_dus_size", "2147483648\n");
	good("mmio-empty");
	put("mmio-empty", "region_mmio_size", "\n");
	good("dus-hidden");	/* a region with no pages has no attribute */
	drop("dus-hidden", "region_dus_size");
	good("iso-1");
	put("iso-1", "isolate", "1\n");
	good("iso-0");
	put("iso-0", "isolate", "0\n");
	good("iso-garbage");
	put("iso-garbage", "isolate", "yes\n");
	good("iso-2");
	put("iso-2", "isolate", "2\n");
	good("algs-ctrl");
	put("algs-ctrl", "algorithms", "zlib\ngz\x7fip\n");
	good("algs-empty");
	put("algs-empty", "algorithms", "\n");

	list = wd_get_accel_list("zlib");
	for (i = 0; i < ARRAY_SIZE(skipped); i++)
		if (find(list, skipped[i]))
			fail_msg("%s was listed", skipped[i]);
	assert_int_equal(count(list), 7);
	d = find(list, "ok-0");
	assert_non_null(d);
	assert_int_equal(d->flags, 0);
	d = find(list, "api-fits");
	assert_non_null(d);
	assert_int_equal(strnlen(d->api, WD_NAME_SIZE), WD_NAME_SIZE - 1);	/* NUL-terminated, full */
	d = find(list, "flags-unknown");
	assert_non_null(d);
	assert_int_equal((unsigned int)d->flags, 0xffffffffu);
	d = find(list, "numa-minus1");
	assert_non_null(d);
	assert_int_equal(d->numa_id, 0);
	d = find(list, "numa-missing");
	assert_non_null(d);
	assert_int_equal(d->numa_id, 0);
	d = find(list, "dus-hidden");
	assert_non_null(d);
	assert_int_equal(d->qfrs_offs[UACCE_QFRT_DUS], 0);
	assert_int_equal(d->qfrs_offs[UACCE_QFRT_MMIO], 4096);
	assert_non_null(find(list, "iso-0"));
	assert_int_equal(wd_is_isolate(find(list, "iso-0")), 0);
	/* isolation can happen after discovery: wd_is_isolate reads it live */
	put("iso-0", "isolate", "1\n");
	assert_int_equal(wd_is_isolate(find(list, "iso-0")), 1);
	put("iso-0", "isolate", "maybe\n");
	assert_true(wd_is_isolate(find(list, "iso-0")) < 0);
	assert_int_equal(wd_is_isolate(find(list, "ok-0")), 0);	/* no attribute */
	wd_free_list_accels(list);
}

static void test_whole_lines(void **state)
{
	struct uacce_dev_list *list;

	(void)state;
	dev("a-0", "v", "0", "zlib-raw\nxzlib\nzlibx\n", "1", "0");
	dev("b-0", "v", "0", "gzip\nzlib", "1", "0");	/* last line, no newline */
	dev("c-0", "v", "0", "\n\nzlib\n\n", "1", "0");	/* blank lines ignored */
	dev("d-0", "v", "0", "zlib-raw\n", "1", "0");
	list = wd_get_accel_list("zlib");
	assert_int_equal(count(list), 2);
	assert_non_null(find(list, "b-0"));
	assert_non_null(find(list, "c-0"));
	assert_string_equal(find(list, "c-0")->algs, "zlib");
	wd_free_list_accels(list);
	list = wd_get_accel_list("zlib-raw");
	assert_int_equal(count(list), 2);
	wd_free_list_accels(list);
	assert_null(wd_get_accel_list("zli"));
	assert_null(wd_get_accel_list("lib"));
	assert_null(wd_get_accel_list("gzip\n"));
}

/* A list longer than the 384-byte field keeps whole names only. */
static void test_long_alg_list(void **state)
{
	struct uacce_dev_list *list;
	struct uacce_dev *d;
	char algs[1024] = "", name[32], *last;
	int i;

	(void)state;
	for (i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "alg%02d-xyz\n", i);	/* 10 bytes a line */
		strcat(algs, name);
	}
	strcat(algs, "zlib\n");
	dev("long-0", "v", "0", algs, "1", "0");
	list = wd_get_accel_list("zlib");	/* listed: sysfs says it serves zlib */
	assert_int_equal(count(list), 1);
	d = list->dev;
	assert_true(strlen(d->algs) < MAX_ATTR_STR_SIZE);
	last = strrchr(d->algs, '\n');
	assert_non_null(last);
	/* the kept list ends on a whole name, never a cut one */
	/* 38 lines of 10 bytes (379 without the last newline) fit 383; 39 do not */
	assert_string_equal(last + 1, "alg37-xyz");
	assert_int_equal(strlen(d->algs), 379);
	assert_memory_equal(d->algs, "alg00-xyz\nalg01-xyz\n", 20);
	wd_free_list_accels(list);
	list = wd_get_accel_list("alg05-xyz");
	assert_int_equal(count(list), 1);
	wd_free_list_accels(list);
}

static void test_numa_distance(void **state)
{
	struct uacce_dev_list *list;
	struct uacce_dev *d;

	(void)state;
	/* not monotonic in the node number: node 2 is nearer node 0 than node 1 */
	node_row(0, "10 40 20\n");
	node_row(1, "40 10 30\n");
	node_row(2, "20 30 10\n");
	assert_int_equal(wdi_uacce_numa_distance(0, 2), 20);
	assert_int_equal(wdi_uacce_numa_distance(0, 1), 40);
	assert_int_equal(wdi_uacce_numa_distance(1, 1), 10);
	assert_int_equal(wdi_uacce_numa_distance(0, 5), WDI_NUMA_FAR);	/* not in the row */
	assert_int_equal(wdi_uacce_numa_distance(4, 1), 3);	/* no row: |a - b| */
	dev("n0-0", "v", "0", "zlib", "1", "0");
	dev("n1-0", "v", "0", "zlib", "2", "1");
	dev("n2-0", "v", "0", "zlib", "9", "2");
	dev("n2-1", "v", "0", "zlib", "3", "2");
	list = wd_get_accel_list("zlib");
	assert_int_equal(count(list), 4);
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n0-0");	/* local beats more free queues */
	d = wd_find_dev_by_numa(list, 1);
	assert_string_equal(dev_base(d), "n1-0");
	put("n0-0", "available_instances", "0");
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n2-0");	/* distance 20 < 40; then most free */
	put("n2-0", "available_instances", "1");
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n2-1");
	put("n2-0", "available_instances", "0");
	put("n2-1", "available_instances", "0");
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n1-0");
	put("n2-0", "available_instances", "9");
	put("n2-1", "available_instances", "3");

	/* a garbage row is not used: back to |a - b|, where node 1 is nearer node 0 */
	node_row(0, "10 forty 20\n");
	assert_int_equal(wdi_uacce_numa_distance(0, 2), 2);
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n1-0");
	/* no row at all: the same */
	setenv("WD_NODE_SYSFS", "/nonexistent-node", 1);
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n1-0");
	d = wd_find_dev_by_numa(list, 2);
	assert_string_equal(dev_base(d), "n2-0");
	setenv("WD_NODE_SYSFS", nodes, 1);
	/* a device on a node the row does not list comes last */
	node_row(0, "10 40\n");
	d = wd_find_dev_by_numa(list, 0);
	assert_string_equal(dev_base(d), "n1-0");
	wd_free_list_accels(list);
}

static void test_get_accel_dev(void **state)
{
	struct uacce_dev *d;

	(void)state;
	/* all on one node so the calling thread's node does not matter */
	dev("z-0", "v", "1", "deflate\nzlib", "2", "0");
	dev("z-1", "v", "0", "deflate", "6", "0");
	dev("z-2", "v", "0", "deflate", "9", "0");
	put("z-2", "isolate", "1");	/* most free, but isolated */
	d = wd_get_accel_dev("deflate");
	assert_non_null(d);
	assert_string_equal(dev_base(d), "z-1");
	assert_string_equal(d->char_dev_path, "/nonexistent-dev/z-1");
	free(d);	/* a copy: the list it came from is gone */
	d = wd_get_accel_dev("zlib");
	assert_non_null(d);
	assert_int_equal(d->flags, 1);
	free(d);
	put("z-0", "available_instances", "0");
	put("z-1", "available_instances", "0");
	assert_null(wd_get_accel_dev("deflate"));
	assert_null(wd_get_accel_dev("gzip"));
}

static void test_list_helpers(void **state)
{
	struct uacce_dev_list *a, *b, *c;
	struct uacce_dev *d;

	(void)state;
	good("h-0");
	good("h-1");
	a = wd_get_accel_list("zlib");
	assert_int_equal(count(a), 2);
	d = wd_clone_dev(a->dev);
	assert_non_null(d);
	assert_ptr_not_equal(d, a->dev);
	assert_memory_equal(d, a->dev, sizeof(*d));
	assert_null(wd_clone_dev(NULL));
	b = calloc(1, sizeof(*b));
	assert_non_null(b);
	b->dev = d;
	wd_add_dev_to_list(a, b);
	assert_int_equal(count(a), 3);
	c = a;
	while (c->next)
		c = c->next;
	assert_ptr_equal(c, b);
	wd_add_dev_to_list(NULL, b);
	wd_add_dev_to_list(a, NULL);
	assert_int_equal(count(a), 3);
	wd_free_list_accels(a);	/* frees the added node too (ASan: no leak) */
}

static void test_names(void **state)
{
	char p[] = "/dev/hisi_zip-3", rel[] = "hisi_sec2-12", raw[] = "/dev/zlib-raw",
	     nodash[] = "/dev/vacc", slash[] = "/dev/a-b/", bare[] = "/dev/x-";
	char *a = wd_get_accel_name(p, 0), *b = wd_get_accel_name(p, 1);

	(void)state;
	assert_string_equal(a, "hisi_zip-3");
	assert_string_equal(b, "hisi_zip");
	free(a);
	free(b);
	a = wd_get_accel_name(rel, 1);
	assert_string_equal(a, "hisi_sec2");
	free(a);
	a = wd_get_accel_name(raw, 1);	/* not "-<digits>": part of the name */
	assert_string_equal(a, "zlib-raw");
	free(a);
	a = wd_get_accel_name(bare, 1);
	assert_string_equal(a, "x-");
	free(a);
	assert_null(wd_get_accel_name(nodash, 0));
	assert_null(wd_get_accel_name(slash, 0));
	assert_null(wd_get_accel_name(p, 2));
	assert_null(wd_get_accel_name(NULL, 0));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty_and_missing),
		T(test_parse_and_choose),
		T(test_bad_attributes),
		T(test_whole_lines),
		T(test_long_alg_list),
		T(test_numa_distance),
		T(test_get_accel_dev),
		T(test_list_helpers),
		T(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
