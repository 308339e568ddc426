/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cpu_digest driven through its struct cc_class: published vectors
 * (cc_digest_vectors.c), cross-checks against OpenSSL EVP at many lengths
 * (cc_digest_cross.c), long hashes split at random block boundaries and
 * moved between sessions (cc_digest_streams.c), and bad requests
 * (cc_digest_edges.c).
 */
#include <stdio.h>
#include "cc_digest_test.h"

extern const struct wd_driver *cc_test_registered;

static int setup(void **unused)
{
	(void)unused;
	cls = (const struct cc_class *)cc_test_registered;
	assert_non_null(cls);
	assert_string_equal(cls->drv.name, "cpu_digest");
	assert_int_equal(cls->drv.alg_class, WD_CLASS_DIGEST);
	return 0;
}

static int teardown(void **unused)
{
	(void)unused;
	printf("[ INFO     ] %lu checks\n", cc_checks);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_vectors),
		cmocka_unit_test(test_sm3_gbt),
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_cmac_vectors),
		cmocka_unit_test(test_gmac_vectors),
		cmocka_unit_test(test_xcbc_rfc),
		cmocka_unit_test(test_hash_random),
		cmocka_unit_test(test_hmac_random),
		cmocka_unit_test(test_state_format),
		cmocka_unit_test(test_aes_random),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_empty_null),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
