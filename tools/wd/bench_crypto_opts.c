/* SPDX-License-Identifier: Apache-2.0 */
/* `wd bench --alg <crypto algorithm>`: usage text, value parsers, defaults. */
#define _GNU_SOURCE
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "bench_crypto.h"
#include "uadk/wd_alg_common.h"
#include "wd_cli.h"

#define DEF_SIZES	"16,64,256,1k,4k,16k,64k"
#define MAX_SIZE	(8u << 20)

static void usage(FILE *f)
{
	fputs("usage: wd bench --alg ALGORITHM [options]      (symmetric crypto)\n"
	      "\n"
	      "Encrypt, decrypt or hash requests of each size through WarpDrive (wd) and, in\n"
	      "the same run, through OpenSSL EVP and Intel ipsec-mb called directly (one\n"
	      "reused context per thread, keys expanded once, a new IV per request).\n"
	      "MB/s = 10^6 payload bytes per second of wall time over all threads. Rounds\n"
	      "alternate the implementations; medians are reported, and wd/evp and\n"
	      "wd/best (the fastest direct implementation) are medians of the ratios\n"
	      "measured in one round. Every implementation's output is first checked\n"
	      "against OpenSSL's (or ipsec-mb's where OpenSSL lacks the algorithm).\n"
	      "\n"
	      "  --alg NAME        UADK names: ecb|cbc|ctr|xts|ofb|cfb|cbc-cs1|cbc-cs2|cbc-cs3\n"
	      "                    (aes) or (sm4), ecb|cbc(des), ecb|cbc(des3_ede);\n"
	      "                    sm3 md5 sha1 sha224 sha256 sha384 sha512 sha512-224\n"
	      "                    sha512-256, hmac(HASH), cmac(aes) gmac(aes)\n"
	      "                    xcbc-mac-96(aes) xcbc-prf-128(aes); gcm(aes|sm4),\n"
	      "                    ccm(aes|sm4), authenc(hmac(HASH),cbc(aes|sm4)).\n"
	      "                    OpenSSL-style names too: aes-128-cbc, aes-256-gcm,\n"
	      "                    aes-128-cbc-hmac-sha256, aes-128-cmac, sm4-ctr,\n"
	      "                    des-ede3-cbc, hmac-sha256\n"
	      "  --key-bits N      AES key size: 128 (default), 192, 256 (XTS: per key)\n"
	      "  --sizes LIST      request sizes, e.g. 16,4k (default " DEF_SIZES ")\n"
	      "  --op enc|dec      ciphers and AEADs (default enc; AEAD dec checks tags)\n"
	      "  --mode sync|async wd API used (default sync); --async = --mode async\n"
	      "  --inflight N      async requests in flight per thread (default 32)\n"
	      "  --threads N       threads, each with its own sessions (default 1)\n"
	      "  --duration SECONDS  per implementation per size per round (default 0.5)\n"
	      "  --rounds N        interleaved rounds, median reported (default 3)\n"
	      "  --aad N           AEAD associated data bytes (default 16)\n"
	      "  --libs LIST       evp,ipsec-mb (default both) or none\n"
	      "  --cpu N           pin thread i to CPU N+i (default: not pinned)\n"
	      "  --task instr|hw|mix  where wd runs requests: CPU drivers (default), queue\n"
	      "                    devices only, or devices with the CPU for what they lack;\n"
	      "                    the report says which drivers ran them\n"
	      "  --json            one JSON object instead of a table\n"
	      "\n"
	      "Direct implementations are one request at a time, as an application calls\n"
	      "them; with --async, ipsec-mb-inflight also keeps --inflight jobs in its job\n"
	      "API (its multi-buffer lanes) where ipsec-mb has the algorithm.\n", f);
}

/* A request size: the common spelling, at most MAX_SIZE, no sign. */
static int parse_size(const char *s, size_t *out)
{
	size_t v;

	if (*s == '-' || bench_parse_size(s, &v) || v > MAX_SIZE)
		return -1;
	*out = v;
	return 0;
}

static int parse_sizes(const char *s, struct bc_opts *o)
{
	char buf[256], *tok, *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	o->nsizes = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (o->nsizes == BC_MAX_SIZES || parse_size(tok, &o->sizes[o->nsizes]))
			return -1;
		o->nsizes++;
	}
	return o->nsizes ? 0 : -1;
}

static int parse_libs(const char *s, bool *lib)
{
	char buf[128], *tok, *save = NULL;

	lib[BC_EVP] = lib[BC_IMB] = false;
	if (!strcmp(s, "none"))
		return 0;
	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "evp") || !strcmp(tok, "openssl"))
			lib[BC_EVP] = true;
		else if (!strcmp(tok, "ipsec-mb") || !strcmp(tok, "imb"))
			lib[BC_IMB] = true;
		else
			return -1;
	}
	return 0;
}

/* Every size must be a length the algorithm takes. */
static int check_sizes(const struct bc_opts *o)
{
	const struct bc_alg *a = &o->alg;

	for (int i = 0; i < o->nsizes; i++) {
		if (o->sizes[i] % a->granule || o->sizes[i] < a->min_len) {
			cli_err("bench: %s takes requests of %s%u bytes, not %zu", a->name,
				a->granule > 1 ? "a multiple of " : "at least ",
				a->granule > 1 ? a->granule : a->min_len, o->sizes[i]);
			return 2;
		}
	}
	return 0;
}

int bc_parse(int argc, char **argv, struct bc_opts *o)
{
	static const struct option lo[] = {
		{ "alg", 1, NULL, 'a' }, { "key-bits", 1, NULL, 'k' }, { "sizes", 1, NULL, 's' },
		{ "block-size", 1, NULL, 's' }, { "op", 1, NULL, 'o' }, { "mode", 1, NULL, 'm' },
		{ "async", 0, NULL, 'A' }, { "inflight", 1, NULL, 'W' }, { "window", 1, NULL, 'W' },
		{ "threads", 1, NULL, 't' }, { "duration", 1, NULL, 'd' }, { "rounds", 1, NULL, 'r' },
		{ "aad", 1, NULL, 'D' }, { "libs", 1, NULL, 'L' }, { "cpu", 1, NULL, 'c' },
		{ "json", 0, NULL, 'j' }, { "help", 0, NULL, 'h' }, { "task", 1, NULL, 'T' },
		/* compression's: refused with a clear word instead of "unrecognized" */
		{ "level", 1, NULL, 'C' }, { "input", 1, NULL, 'C' }, { "max-bytes", 1, NULL, 'C' },
		{ "ref", 1, NULL, 'C' }, { NULL, 0, NULL, 0 },
	};
	const char *alg = NULL;
	int c, v, li = 0, key_bits = 0;
	char err[160];
	const struct bench_run_args run = {
		.async = &o->async, .window = &o->inflight, .max_window = BC_MAX_INFLIGHT,
		.threads = &o->threads, .rounds = &o->rounds, .cpu = &o->cpu,
		.duration = &o->duration, .json = &o->json, .task = &o->task,
	};

	memset(o, 0, sizeof(*o));
	o->encrypt = true;
	o->inflight = 32;
	o->threads = 1;
	o->rounds = 3;
	o->cpu = -1;
	o->aad = 16;
	o->duration = 0.5;
	o->task = TASK_INSTR;
	o->lib[BC_EVP] = o->lib[BC_IMB] = true;
	parse_sizes(DEF_SIZES, o);

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, &li)) != -1) {
		switch (c) {
		case 'a':
			alg = optarg;
			break;
		case 'k':
			if (bench_parse_int(optarg, 1, 512, &key_bits))
				goto bad;
			break;
		case 's':
			if (parse_sizes(optarg, o))
				goto bad;
			break;
		case 'o':
			if (!strcmp(optarg, "enc") || !strcmp(optarg, "encrypt"))
				o->encrypt = true;
			else if (!strcmp(optarg, "dec") || !strcmp(optarg, "decrypt"))
				o->encrypt = false;
			else
				goto bad;
			break;
		case 'D':
			if (bench_parse_int(optarg, 0, 65279, &v))
				goto bad;
			o->aad = (unsigned)v;
			break;
		case 'L':
			if (parse_libs(optarg, o->lib))
				goto bad;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'C':
			cli_err("bench: --%s is a compression option; %s is a crypto algorithm",
				lo[li].name, alg ? alg : "--alg");
			return 2;
		default:
			v = bench_parse_run_opt(c, optarg, &run);
			if (v < 0)
				goto bad;
			if (v)
				break;
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		cli_err("bench: unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if (!alg) {
		cli_err("bench: --alg is required for a crypto bench");
		return 2;
	}
	if (bc_alg_lookup(alg, key_bits, &o->alg, err, sizeof(err))) {
		cli_err("bench: --alg %s: %s", alg, err);
		return 2;
	}
	if (o->alg.cls == BC_DIGEST && !o->encrypt) {
		cli_err("bench: --op dec: %s is a digest, it has no direction", o->alg.name);
		return 2;
	}
	if (o->alg.cls != BC_AEAD)
		o->aad = 0;
	o->lib[BC_WD] = true;
	o->lib[BC_IMB_N] = o->async && o->lib[BC_IMB];
	return check_sizes(o);
bad:
	cli_err("bench: bad value '%s' for --%s (see wd bench --help)", optarg, lo[li].name);
	return 2;
}
