/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers of the CPU crypto driver tests (cc_test.h). */
#include <stdlib.h>
#include <string.h>
#include "cc_test.h"

unsigned long cc_checks;

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

uint32_t cc_rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* One draw a byte: the tests' counts depend on the sequence, keep it. */
void cc_fill(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = (uint8_t)cc_rnd();
}

bool cc_is_zero(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len--)
		if (*p++)
			return false;
	return true;
}

size_t cc_unhex(const char *hex, uint8_t *buf, size_t cap)
{
	long n = tv_unhex(hex, buf, cap);

	if (n < 0)
		fail_msg("bad hex or longer than %zu bytes: %.40s", cap, hex);
	return (size_t)n;
}

uint8_t *cc_unhex_new(const char *hex, size_t *len)
{
	size_t cap = hex ? strlen(hex) / 2 : 0;
	uint8_t *b = malloc(cap + 1);

	assert_non_null(b);
	*len = hex ? cc_unhex(hex, b, cap) : 0;
	return b;
}

size_t cc_hex(const struct tv_rec *r, const char *name, uint8_t *buf, size_t cap)
{
	const char *v = tv_get(r, name);

	if (!v)
		fail_msg("%s:%d: no %s", r->file, r->line, name);
	return cc_unhex(v, buf, cap);
}

int cc_vec_each(const char *rel, const char *key, cc_vec_fn *fn, void *arg)
{
	struct tv_file *f = tv_open(rel);
	struct tv_rec r;
	int n = 0;

	if (!f)
		fail_msg("vector file %s/%s missing (install python3-cryptography-vectors)",
			 tv_dir(), rel);
	while (tv_next(f, key, &r)) {
		fn(&r, arg);
		n++;
	}
	tv_close(f);
	return n;
}
