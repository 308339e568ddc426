/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Known-answer tests of libwd_crypto through the public API (sync),
 * vectors read at test time from python3-cryptography-vectors (NIST CAVP,
 * RFCs), plus the few short examples printed in standards the package
 * lacks (GB/T SM3 and SM4, RFC 8998 SM4-GCM/CCM, RFC 3566 XCBC). A missing
 * package or a file that contributes nothing fails the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "kat.h"

void kat_file(struct kat_tally *t, const char *rel, const char *key, kat_fn fn, void *arg)
{
	struct tv_file *f = tv_open(rel);
	long used = 0;
	struct tv_rec r;

	if (!f)
		fail_msg("vectors file %s/%s missing: is python3-cryptography-vectors installed?",
			 tv_dir(), rel);
	while (tv_next(f, key, &r)) {
		switch (fn(&r, arg)) {
		case KAT_OK:
			t->ok++;
			used++;
			break;
		case KAT_REFUSED:
			t->refused++;
			used++;
			break;
		default:
			t->skipped++;
		}
	}
	tv_close(f);
	t->files++;
	if (!used)
		fail_msg("%s: not one vector checked (format not understood?)", rel);
}

void kat_dir(struct kat_tally *t, const char *dir, const char *prefix, const char *suffix,
	     const char *key, kat_fn fn, void *arg)
{
	char *names[TV_MAX_FILES];
	int n = tv_list(dir, prefix, suffix, names, TV_MAX_FILES), i;

	if (n <= 0)
		fail_msg("no %s*%s in %s/%s: is python3-cryptography-vectors installed?", prefix,
			 suffix, tv_dir(), dir);
	for (i = 0; i < n; i++)
		kat_file(t, names[i], key, fn, arg);
	tv_free_names(names, n);
}

void kat_report(const char *family, const struct kat_tally *t, const char *note)
{
	printf("%-12s %6ld vectors checked", family, t->ok);
	if (t->files)
		printf(" from %ld files", t->files);
	if (t->refused)
		printf(", %ld refused as UADK refuses them", t->refused);
	if (t->skipped)
		printf(", %ld skipped", t->skipped);
	if (note && (t->refused || t->skipped))
		printf(" (%s)", note);
	printf("\n");
	fflush(stdout);
	assert_true(t->ok > 0);
}

long kat_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap)
{
	long n = tv_hex(r, name, buf, cap);

	if (n < 0)
		fail_msg("%s:%d: field %s missing, not hex or longer than %zu bytes", r->file, r->line,
			 name, cap);
	return n;
}

void kat_same(const struct tv_rec *r, const char *what, const void *got, const void *want,
	      size_t n)
{
	if (memcmp(got, want, n))
		fail_msg("%s:%d: %s differs:\n  got  %s\n  want %s", r->file, r->line, what,
			 ct_hex(got, n), ct_hex(want, n));
}

static int up(void **state)
{
	(void)state;
	if (ct_init_cipher() || ct_init_digest() || ct_init_aead()) {
		fprintf(stderr, "libwd_crypto: init2 failed: no CPU crypto driver?\n");
		return -1;
	}
	printf("vectors from %s\n", tv_dir());
	return 0;
}

static int down(void **state)
{
	(void)state;
	ct_uninit_all();
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kat_aes_ecb),	cmocka_unit_test(kat_aes_cbc),
		cmocka_unit_test(kat_aes_cfb),	cmocka_unit_test(kat_aes_ofb),
		cmocka_unit_test(kat_aes_ctr),	cmocka_unit_test(kat_aes_xts),
		cmocka_unit_test(kat_3des),	cmocka_unit_test(kat_sm4),
		cmocka_unit_test(kat_sha),	cmocka_unit_test(kat_md5),
		cmocka_unit_test(kat_sm3),	cmocka_unit_test(kat_hmac),
		cmocka_unit_test(kat_cmac),	cmocka_unit_test(kat_xcbc),
		cmocka_unit_test(kat_gcm),	cmocka_unit_test(kat_gmac),
		cmocka_unit_test(kat_ccm),	cmocka_unit_test(kat_sm4_aead),
	};

	if (argc > 1)	/* one family by name, e.g. kat_gcm */
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests_name("known answers", tests, up, down);
}
