/* SPDX-License-Identifier: Apache-2.0 */
/* zseq's PRNGs, test data, checksums and small helpers (zseq.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "zfnv.h"
#include "zseq.h"

struct zs_ctx zs;

void zr_seed(struct zrng *r, uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->s = seed;
}

uint32_t zr_next(struct zrng *r)
{
	uint64_t z;

	if (r->bytes != NULL && r->pos < r->n) {
		uint32_t v = 0;

		for (int i = 0; i < 4; i++)
			v = v << 8 | (r->pos < r->n ? r->bytes[r->pos++] : 0);
		return v;
	}
	z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

uint32_t zr_below(struct zrng *r, uint32_t n)
{
	return zr_next(r) % n;
}

int zr_pct(struct zrng *r, unsigned pct)
{
	return zr_below(r, 100) < pct;
}

void zr_for(struct zrng *r, uint32_t seed, int stream)
{
	zr_seed(r, (uint64_t)seed * 0x100000001b3ull + (uint64_t)stream * 0x9e3779b97f4a7c15ull);
	if (zs.fuzz != NULL && (stream == ZS_CALLS || stream == ZS_ICALLS)) {
		/* libFuzzer steers the calls; the data stays the seed's */
		r->bytes = zs.fuzz;
		r->n = zs.fuzz_len;
	}
}

static const char *const zs_words[] = { "warp", "drive", "zlib", "deflate", "inflate",
	"window", "stream", "the", "of", "and", "a", "queue", "accelerator", "sync", "flush",
	"block", "huffman", "literal", "distance", "length" };
#define ZS_NWORDS (sizeof(zs_words) / sizeof(zs_words[0]))

static void gen_text(struct zrng *r, unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *w = zs_words[zr_below(r, ZS_NWORDS)];
		unsigned sep = zr_below(r, 10);

		while (*w && i < n)
			p[i++] = (unsigned char)*w++;
		if (i < n)
			p[i++] = sep == 0 ? '\n' : sep == 1 ? ',' : ' ';
	}
}

static void gen_random(struct zrng *r, unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)zr_next(r);
}

static void gen_runs(struct zrng *r, unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t run = 1 + zr_below(r, zr_pct(r, 20) ? 2000 : 40);
		unsigned char c = (unsigned char)zr_below(r, zr_pct(r, 50) ? 4 : 256);

		if (run > n - i)
			run = n - i;
		memset(p + i, c, run);
		i += run;
	}
}

/* pieces of the other kinds, and copies of earlier data at far distances */
static void gen_mixed(struct zrng *r, unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k = 1 + zr_below(r, 20000);
		unsigned kind = zr_below(r, 4);

		if (k > n - i)
			k = n - i;
		if (kind == 0)
			gen_text(r, p + i, k);
		else if (kind == 1)
			gen_random(r, p + i, k);
		else if (kind == 2)
			gen_runs(r, p + i, k);
		else if (i > 0) {
			size_t from = zr_below(r, (uint32_t)i);

			if (k > i - from)
				k = i - from;
			memmove(p + i, p + from, k);
		} else {
			gen_text(r, p + i, k);
		}
		i += k;
	}
}

unsigned char *zs_gen_data(struct zrng *r, size_t *len)
{
	unsigned cls = zr_below(r, 100);
	size_t n = cls < 20 ? zr_below(r, 65) :
		   cls < 45 ? zr_below(r, 4097) :
		   cls < 85 ? zr_below(r, 65537) : zr_below(r, (1u << 20) + 4097);
	unsigned kind = zr_below(r, 4);
	unsigned char *p;

	if (zs.max_len && n > zs.max_len)
		n = zs.max_len;
	p = malloc(n + 1);
	if (p == NULL)
		abort();
	if (kind == 0)
		gen_text(r, p, n);
	else if (kind == 1)
		gen_random(r, p, n);
	else if (kind == 2)
		gen_runs(r, p, n);
	else
		gen_mixed(r, p, n);
	*len = n;
	return p;
}

unsigned char *zs_gen_dict(struct zrng *r, const unsigned char *data, size_t len,
			   size_t *dlen)
{
	size_t n = 1 + zr_below(r, zr_pct(r, 70) ? 2048 : 40000);
	unsigned char *p = malloc(n);

	if (p == NULL)
		abort();
	if (len > 0 && zr_pct(r, 50)) {
		/* a piece of the data: the stream will find matches in it */
		size_t from = zr_below(r, (uint32_t)len);

		for (size_t i = 0; i < n; i++)
			p[i] = data[(from + i) % len];
	} else {
		gen_text(r, p, n);
	}
	*dlen = n;
	return p;
}

uInt zs_avail(struct zrng *r, int gran)
{
	unsigned c = zr_below(r, 100);

	if (gran == 0 && c < 95)
		return 1 + zr_below(r, c < 50 ? 1 : 16);
	if (gran == 1 && c < 90)
		return 1 + zr_below(r, 512);
	if (c < 15)
		return 1;
	if (c < 30)
		return 1 + zr_below(r, 16);
	if (c < 55)
		return 1 + zr_below(r, 512);
	if (c < 80)
		return 1 + zr_below(r, 16384);
	return 1 + zr_below(r, 1u << 18);
}

uint64_t zs_hash(const void *p, size_t n)
{
	return zfnv(p, n);
}

uint32_t zs_adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n > 0) {
		size_t k = n < 5552 ? n : 5552;

		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

uint32_t zs_crc32(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	uint32_t c = 0xffffffffu;

	if (table[1] == 0) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;

			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[i] = v;
		}
	}
	while (n--)
		c = table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

void zs_line(char kind, const char *fmt, ...)
{
	va_list ap;

	if (zs.quiet)
		return;
	printf("%c %u %s ", kind, zs.seed, zs.what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void zs_fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "FAIL seed=%u %s call=%u: ", zs.seed, zs.what, zs.call);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (zs.quiet)
		abort();	/* libFuzzer keeps the input */
	if (zs.next != NULL) {
		zs.failures++;
		longjmp(*zs.next, 1);
	}
	exit(1);
}

void zb_reserve(struct zbuf *b, size_t room)
{
	if (b->cap - b->len >= room)
		return;
	size_t cap = b->cap ? b->cap : 4096;

	while (cap - b->len < room)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (b->p == NULL)
		abort();
	b->cap = cap;
}

void zb_free(struct zbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}
