/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_get_driver_algs(): a driver's whole algorithm list, which the fixed
 * 128-byte field of struct wd_driver_info cannot hold for the crypto
 * drivers (22 cipher names). And that field: whole names only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "uadk/warpdrive.h"
#include "wd_drv.h"

/* 30 names of 12 characters: 389 bytes as a list, three times the field. */
#define NALGS	30
static char names[NALGS][16];
static const char *algs[NALGS + 1];
static char full[NALGS * 16];

static int nop_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op, __u8 mode,
		    __u32 depth, void **ctx)
{
	(void)drv, (void)alg, (void)numa, (void)op, (void)mode, (void)depth;
	*ctx = NULL;
	return -WD_ENODEV;
}

static void nop_close(void *ctx)
{
	(void)ctx;
}

static int nop_send(void *ctx, struct wd_msg_hdr *msg)
{
	(void)ctx, (void)msg;
	return -WD_EIO;
}

static int nop_recv(void *ctx, struct wd_msg_hdr **msg)
{
	(void)ctx, (void)msg;
	return -WD_EAGAIN;
}

static struct wd_driver many = {
	.name = "many_algs", .desc = "a driver with a long algorithm list",
	.kind = WD_DRV_CPU, .alg_class = WD_CLASS_CIPHER, .priority = 1, .algs = algs,
	.ctx_open = nop_open, .ctx_close = nop_close, .send = nop_send, .recv = nop_recv,
};

static int setup(void **state)
{
	size_t len = 0;

	(void)state;
	for (int i = 0; i < NALGS; i++) {
		snprintf(names[i], sizeof(names[i]), "cbc-cs%d(x%02d)", i % 3 + 1, i);
		algs[i] = names[i];
		len += (size_t)snprintf(full + len, sizeof(full) - len, "%s%s", i ? " " : "",
					names[i]);
	}
	algs[NALGS] = NULL;
	return wdi_driver_register(&many);
}

static int teardown(void **state)
{
	(void)state;
	wdi_driver_unregister(&many);
	return 0;
}

static void test_whole_list(void **state)
{
	char buf[sizeof(full)];
	int n;

	(void)state;
	n = wd_get_driver_algs("many_algs", NULL, 0);
	assert_int_equal(n, (int)strlen(full));
	assert_true(n > 128);	/* the point: more than wd_driver_info holds */
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(wd_get_driver_algs("many_algs", buf, (size_t)n + 1), n);
	assert_string_equal(buf, full);
}

/* A short buffer: a prefix of whole names, NUL-terminated, never overrun. */
static void test_short_buffer(void **state)
{
	char buf[64];
	size_t size;

	(void)state;
	for (size = 1; size < sizeof(buf); size++) {
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(wd_get_driver_algs("many_algs", buf, size), (int)strlen(full));
		assert_true(strlen(buf) < size);
		assert_int_equal(buf[size], 'x');
		assert_memory_equal(buf, full, strlen(buf));
		/* ends where a name ends */
		assert_true(full[strlen(buf)] == ' ' || !buf[0]);
	}
	/* exactly one name fits in 13 bytes */
	assert_int_equal(wd_get_driver_algs("many_algs", buf, 13), (int)strlen(full));
	assert_string_equal(buf, names[0]);
}

static void test_bad_arguments(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(wd_get_driver_algs("no_such_driver", buf, sizeof(buf)), -WD_ENODEV);
	assert_int_equal(wd_get_driver_algs(NULL, buf, sizeof(buf)), -WD_EINVAL);
	assert_int_equal(wd_get_driver_algs("many_algs", NULL, 8), -WD_EINVAL);
}

/* The fixed field keeps whole names that fit (it used to cut one in half). */
static void test_info_field(void **state)
{
	struct wd_driver_info info[WD_MAX_DRIVERS];
	int n, i, found = 0;

	(void)state;
	n = wd_get_driver_info(info, WD_MAX_DRIVERS);
	for (i = 0; i < n && i < WD_MAX_DRIVERS; i++) {
		size_t len = strlen(info[i].algs);

		if (strcmp(info[i].name, "many_algs"))
			continue;
		found++;
		assert_true(len > 0 && len < sizeof(info[i].algs));
		assert_memory_equal(info[i].algs, full, len);
		assert_int_equal(full[len], ' ');
		/* and as many as fit: the next name would not */
		assert_true(len + 1 + strlen(names[0]) >= sizeof(info[i].algs));
	}
	assert_int_equal(found, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_list),
		cmocka_unit_test(test_short_buffer),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_info_field),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
