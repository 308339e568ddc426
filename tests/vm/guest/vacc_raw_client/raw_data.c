// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client: test data (a fixed xorshift sequence), user-space zlib
 * to cross-check the device, the shared buffers, and a probe that tells
 * whether reading an address faults.
 */
#include "raw.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <zlib.h>

/* allocated by main(), CAP bytes each (cbuf, zbuf: one page more) */
unsigned char *data, *cbuf, *dbuf, *zbuf;

/* ---- data and zlib ----------------------------------------------------- */

static uint64_t rng = 88172645463325252ull;

uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Text-like, compressible data. */
void gen_data(unsigned char *p, size_t n)
{
	static const char *w[] = { "accelerator ", "queue ", "deflate ",
		"the ", "of ", "submission ", "completion ", "kernel ",
		"0x", "ring ", "\n", "page " };
	size_t i = 0;

	while (i < n) {
		const char *s = w[rnd() % 12];
		char num[24];

		if (rnd() % 5 == 0) {
			snprintf(num, sizeof(num), "%u ", (unsigned)rnd() % 100000);
			s = num;
		}
		while (*s && i < n)
			p[i++] = *s++;
	}
}

static int zwbits(int fmt, int wb)
{
	return fmt == VACC_FMT_RAW ? -wb : fmt == VACC_FMT_ZLIB ? wb : wb + 16;
}

/* User-space zlib compress; @hdr: gzip header with every optional field. */
size_t zcompress(int fmt, const void *in, size_t n, void *out, size_t cap,
		 int hdr)
{
	static unsigned char extra[] = "XYab";
	gz_header h;
	z_stream s;
	size_t r;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, 6, Z_DEFLATED, zwbits(fmt, 15), 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	if (hdr && fmt == VACC_FMT_GZIP) {
		memset(&h, 0, sizeof(h));
		h.text = 1;
		h.extra = extra;
		h.extra_len = 4;
		h.name = (Bytef *)"name.txt";
		h.comment = (Bytef *)"a comment";
		h.hcrc = 1;
		h.os = 3;
		deflateSetHeader(&s, &h);
	}
	s.next_in = (void *)in;
	s.avail_in = n;
	s.next_out = out;
	s.avail_out = cap;
	r = deflate(&s, Z_FINISH) == Z_STREAM_END ? s.total_out : 0;
	deflateEnd(&s);
	return r;
}

/* User-space zlib decompress; returns bytes out or -1. */
long zdecompress(int fmt, const void *in, size_t n, void *out, size_t cap)
{
	z_stream s;
	long r;

	memset(&s, 0, sizeof(s));
	if (inflateInit2(&s, zwbits(fmt, 15)) != Z_OK)
		return -1;
	s.next_in = (void *)in;
	s.avail_in = n;
	s.next_out = out;
	s.avail_out = cap;
	r = inflate(&s, Z_FINISH) == Z_STREAM_END ? (long)s.total_out : -1;
	inflateEnd(&s);
	return r;
}

void *xalloc(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

const char *fmt_name[] = { "raw", "zlib", "gzip" };

/* ---- fault probe ------------------------------------------------------- */

static sigjmp_buf segv_jb;

static void on_fault(int sig)
{
	siglongjmp(segv_jb, sig);
}

/* Read *p; returns the signal it raised, 0 if none. */
int touch(volatile uint32_t *p)
{
	struct sigaction sa, o1, o2;
	int sig;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, &o1);
	sigaction(SIGBUS, &sa, &o2);
	sig = sigsetjmp(segv_jb, 1);
	if (!sig)
		(void)*p;
	sigaction(SIGSEGV, &o1, NULL);
	sigaction(SIGBUS, &o2, NULL);
	return sig;
}
