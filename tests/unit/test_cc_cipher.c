/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The CPU cipher driver's struct cc_class, driven directly: every row of
 * the SEC cipher table against OpenSSL (its own default library context,
 * fetched here independently) at many lengths, in place and out of place,
 * with UADK's IV write-back and chaining; AES-XTS and SM4 against the
 * published vectors in python3-cryptography-vectors; SM4-XTS-GB against
 * the example of GB/T 17964-2021; CBC-CS1/2/3 against the textbook
 * definition (CBC over the zero-padded message, then the addendum's
 * reordering) for AES (also OpenSSL's CTS) and SM4; the own XTS and CBC-CS
 * constructions run over AES against OpenSSL's AES-XTS and AES-CBC-CTS;
 * the ipsec-mb lanes against single requests. One file a kind:
 * cc_cipher_keys.c, _rows.c, _vectors.c, _xts.c, _imb.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <openssl/provider.h>
#include "cc_cipher_test.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_aes_xts_vectors),
		cmocka_unit_test(test_sm4_vectors),
		cmocka_unit_test(test_sm4_xts_gb),
		cmocka_unit_test(test_sm4_xts_roundtrip),
		cmocka_unit_test(test_aes_xts_equal_halves),
		cmocka_unit_test(test_lanes),
		cmocka_unit_test(test_ctr_counter_edges),
	};
	int ret;

	/* DES lives in the legacy provider (the reference's context too) */
	if (!OSSL_PROVIDER_load(NULL, "legacy") || !OSSL_PROVIDER_load(NULL, "default"))
		return 1;
	pt = malloc(MAXLEN);
	ct = malloc(MAXLEN);
	buf = malloc(MAXLEN);
	buf2 = malloc(MAXLEN);
	refbuf = malloc(MAXLEN);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	printf("test_cc_cipher: %lu checks, %d AES-XTS vectors skipped (bit-length data units)\n",
	       cc_checks, xts_skipped);
	free(pt);
	free(ct);
	free(buf);
	free(buf2);
	free(refbuf);
	return ret;
}
