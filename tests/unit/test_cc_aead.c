/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU AEAD driver's struct cc_class, driven directly: NIST GCM and CCM
 * vectors and RFC 8998's SM4 examples (cc_aead_vectors.c), random
 * cross-checks against OpenSSL called independently and against a slow
 * reference GCM for SM4 (cc_aead_cross.c), GCM streams split at random
 * 16-byte boundaries (cc_aead_streams.c), and tag corruption for every
 * algorithm (cc_aead_tags.c).
 */
#include <stdio.h>
#include "cc_aead_test.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_gcm),
		cmocka_unit_test(test_nist_ccm),
		cmocka_unit_test(test_rfc8998),
		cmocka_unit_test(test_random_gcm),
		cmocka_unit_test(test_random_ccm),
		cmocka_unit_test(test_random_authenc),
		cmocka_unit_test(test_gcm_streams),
		cmocka_unit_test(test_tag_corruption),
	};
	int ret = cmocka_run_group_tests(tests, bufs_setup, bufs_teardown);

	printf("test_cc_aead: %lu checks, %lu NIST vectors\n", cc_checks, nist_vectors);
	return ret;
}
