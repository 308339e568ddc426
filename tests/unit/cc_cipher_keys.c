/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_cipher: keys set, replaced and cleared; what the SEC table lacks is refused. */
#include <stdlib.h>
#include <string.h>
#include "cc_cipher_test.h"

void test_keys(void **unused)
{
	struct wd_alg_spec spec = { .alg = WD_CIPHER_AES, .mode = WD_CIPHER_CBC };
	struct cipher_state *st = calloc(1, cc_cipher_class.state_size);
	__u8 key[32] = { 1 }, iv[16] = { 0 };

	(void)unused;
	CHECK_INT(cc_cipher_class.init(st, &spec), 0);
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), -WD_EINVAL);	/* no key yet */
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_AUTH, key, 16), -WD_EINVAL);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 16), 0);
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), 0);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 32), 0);	/* re-key, other size */
	memset(iv, 0, 16);
	CHECK_INT(drive(st, 1, pt, buf, 64, iv, 16), 0);
	ref("AES-256-CBC", NULL, 1, key, (const __u8[16]){ 0 }, pt, refbuf, 64);
	CHECK_MEM(buf, refbuf, 64);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, 0), 0);	/* cleared */
	CHECK_INT(drive(st, 1, pt, buf, 16, iv, 16), -WD_EINVAL);
	cc_cipher_class.fini(st);
	free(st);
	/* what the SEC table lacks, the driver refuses too */
	st = calloc(1, cc_cipher_class.state_size);
	spec.alg = WD_CIPHER_DES;
	spec.mode = WD_CIPHER_CTR;
	CHECK_INT(cc_cipher_class.init(st, &spec), -WD_EINVAL);
	spec.alg = WD_CIPHER_ALG_TYPE_MAX;
	spec.mode = WD_CIPHER_ECB;
	CHECK_INT(cc_cipher_class.init(st, &spec), -WD_EINVAL);
	free(st);
}
