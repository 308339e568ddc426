/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce discovery against fake sysfs trees (WD_UACCE_SYSFS / WD_UACCE_DEVFS):
 * attribute parsing, bad values, isolation, whole-line algorithm matching
 * and device choice by NUMA distance, then free queues.
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

static char root[256];

static void put(const char *dev, const char *attr, const char *val)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, dev);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/device", root, dev);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", root, dev, attr);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(val, f);
	fclose(f);
}

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

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/wd-sysfs-XXXXXX");
	assert_non_null(mkdtemp(root));
	setenv("WD_UACCE_SYSFS", root, 1);
	setenv("WD_UACCE_DEVFS", "/nonexistent-dev", 1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_empty_and_missing(void **state)
{
	(void)state;
	assert_null(wd_get_accel_list("zlib"));
	assert_null(wd_get_accel_dev("zlib"));
	assert_null(wd_get_accel_list(NULL));
	assert_null(wd_get_accel_list(""));
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
	int n = 0;

	(void)state;
	dev("vacc-0", "vacc_v1\n", "0\n", "zlib\ngzip\ndeflate\n", "2\n", "0\n");
	dev("vacc-1", "vacc_v1\n", "1\n", "zlib\ngzip\n", "5\n", "1\n");
	dev("vacc-2", "vacc_v1\n", "0\n", "zlib\n", "8\n", "0\n");
	dev("bad-flags", "x", "abc", "zlib", "1", "0");	/* skipped */
	dev("no-api", NULL, "0", "zlib", "1", "0");	/* skipped */
	dev("sec-0", "vacc_v1", "0", "cipher\ndigest", "3", "0");
	dev("zlibish-0", "vacc_v1", "0", "zlib-raw", "3", "0");	/* whole lines only */
	dev("iso-0", "vacc_v1", "0", "zlib", "9", "0");
	put("iso-0", "isolate", "1\n");	/* isolated after errors: never chosen */
	list = wd_get_accel_list("zlib");
	assert_non_null(list);
	for (l = list; l; l = l->next) {
		n++;
		assert_string_equal(l->dev->api, "vacc_v1");
		assert_int_equal(l->dev->qfrs_offs[UACCE_QFRT_DUS], 16384);
		assert_null(strstr(l->dev->dev_root, "iso-0"));
		assert_null(strstr(l->dev->dev_root, "zlibish"));
	}
	assert_int_equal(n, 3);
	/* node 0: vacc-0 (2 free) and vacc-2 (8 free) are nearest; most free wins */
	d = wd_find_dev_by_numa(list, 0);
	assert_non_null(d);
	assert_non_null(strstr(d->char_dev_path, "/nonexistent-dev/vacc-2"));
	d = wd_find_dev_by_numa(list, 1);
	assert_non_null(strstr(d->dev_root, "vacc-1"));
	assert_int_equal(d->flags, 1);
	assert_int_equal(d->numa_id, 1);
	wd_free_list_accels(list);
	list = wd_get_accel_list("deflate");
	assert_non_null(list);
	assert_null(list->next);
	assert_non_null(strstr(list->dev->dev_root, "vacc-0"));
	wd_free_list_accels(list);
	assert_null(wd_get_accel_list("lz4"));
	/* a full device is not chosen */
	put("vacc-0", "available_instances", "0\n");
	list = wd_get_accel_list("deflate");
	assert_null(wd_find_dev_by_numa(list, 0));
	wd_free_list_accels(list);
	/* a garbage count reads as an error, not as a number */
	put("vacc-2", "available_instances", "-3\n");
	list = wd_get_accel_list("zlib");
	for (l = list; l; l = l->next)
		if (strstr(l->dev->dev_root, "vacc-2"))
			assert_true(wd_get_avail_ctx(l->dev) < 0);
	wd_free_list_accels(list);
}

static void test_names(void **state)
{
	char p[] = "/dev/hisi_zip-3";
	char *a = wd_get_accel_name(p, 0), *b = wd_get_accel_name(p, 1);

	(void)state;
	assert_string_equal(a, "hisi_zip-3");
	assert_string_equal(b, "hisi_zip");
	free(a);
	free(b);
	assert_null(wd_get_accel_name(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_parse_and_choose),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
