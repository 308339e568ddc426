/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zseq: a differential fuzzer of zlib API call sequences (zlib_seq.sh runs
 * it; the invariants it checks are listed in zseq_main.c's header).
 *
 * One seed is one deflate scenario and one inflate scenario. Everything a
 * scenario does comes from PRNGs seeded by the seed alone, never from what
 * zlib answered, except where an answer ends a loop: so the same seed makes
 * the same calls under any zlib whose answers are the same, and a run under
 * the drop-in whose answers differ (default mode) still makes a comparable
 * sequence. The data (and dictionaries) come from PRNGs of their own, so the
 * verifier can make them again from the seed without running a scenario.
 */
#ifndef ZSEQ_H
#define ZSEQ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <zlib.h>

/* splitmix64; or, for libFuzzer, the fuzzer's bytes first */
struct zrng {
	uint64_t s;
	const uint8_t *bytes;
	size_t n, pos;
};

void zr_seed(struct zrng *r, uint64_t seed);
uint32_t zr_next(struct zrng *r);
/* 0 .. n-1 (n > 0) */
uint32_t zr_below(struct zrng *r, uint32_t n);
/* percent chance */
int zr_pct(struct zrng *r, unsigned pct);

/* which PRNG stream of a seed: data and dictionaries must not depend on
 * the call sequence, so each has its own */
enum { ZS_DATA = 1, ZS_DICT, ZS_CALLS, ZS_MAKE, ZS_IDATA, ZS_ICALLS, ZS_IEVENTS };
void zr_for(struct zrng *r, uint32_t seed, int stream);

/* test data of the scenario's kind (text, random, runs, mixed), 0..~1 MiB */
unsigned char *zs_gen_data(struct zrng *r, size_t *len);
/* a dictionary of 1..~40 KiB: words, or a piece of data */
unsigned char *zs_gen_dict(struct zrng *r, const unsigned char *data, size_t len,
			   size_t *dlen);
/* an avail_in/avail_out size, 1 byte to 256 KiB; gran 0: mostly 1..16,
 * 1: mostly up to 512, 2: a mix (zs_gran picks one per scenario) */
uInt zs_avail(struct zrng *r, int gran);
#define zs_gran(r) (zr_pct(r, 25) ? 0 : zr_pct(r, 33) ? 1 : 2)

uint64_t zs_hash(const void *p, size_t n);
/* adler32/crc32 computed here, not by the zlib under test */
uint32_t zs_adler32(const unsigned char *p, size_t n);
uint32_t zs_crc32(const unsigned char *p, size_t n);

/* The scenario running, for failure messages. */
struct zs_ctx {
	uint32_t seed;
	const char *what;	/* "deflate", "inflate", "verify" */
	unsigned call;
	int exact;		/* -x: checks and calls only exact mode answers as zlib does */
	int quiet;		/* no transcript (libFuzzer) */
	const char *brk;	/* ZSEQ_BREAK: a deliberately wrong check (self-test) */
	FILE *corpus_out;	/* -w: the inflate scenarios' input streams, as made here */
	FILE *corpus_in;	/* -r: ... read instead of made */
	FILE *records;		/* -d: deflate output for `zseq verify` */
	const uint8_t *fuzz;	/* libFuzzer: the call sequences' bytes (then the PRNG) */
	size_t fuzz_len;
	size_t max_len;		/* data size cap (0: none) */
	jmp_buf *next;		/* ZSEQ_KEEP_GOING: a failure goes on from here */
	unsigned failures;
};
extern struct zs_ctx zs;

/* A transcript line: "E ..." only exact mode must reproduce, "F ..." every
 * mode must. */
void zs_line(char kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An invariant broken: prints the seed and call, exits 1 (aborts under
 * libFuzzer; with ZSEQ_KEEP_GOING, counts it and goes on with the next
 * scenario, leaking this one's memory). */
void zs_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
#define ZS_CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			zs_fail(__VA_ARGS__); \
	} while (0)

/* a growable byte buffer */
struct zbuf {
	unsigned char *p;
	size_t len, cap;
};
void zb_reserve(struct zbuf *b, size_t room);
void zb_free(struct zbuf *b);

/* what the deflate scenario writes per stream segment for the verifier */
struct zs_record {
	uint32_t seed;
	int32_t wbits;		/* as given to deflateInit2 */
	uint32_t dict;		/* 1: the seed's dictionary was set */
	uint32_t finished;	/* Z_STREAM_END seen */
	uint64_t in_off;	/* where in the seed's data the segment starts */
	uint64_t in_len;	/* input consumed */
	uint32_t adler;		/* strm->adler at the end */
	uint32_t nflush;	/* flush points: (input, output) pairs */
	uint64_t out_len;
};
void zs_write_record(const struct zs_record *rec, const uint64_t *flush_pts,
		     const unsigned char *out);

void zs_deflate_scenario(uint32_t seed);
void zs_inflate_scenario(uint32_t seed);
/* decode every record of f with the system zlib; the number checked */
unsigned long zs_verify(FILE *f);

#endif /* ZSEQ_H */
