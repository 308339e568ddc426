/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream decompression speed: wd_do_comp_strm (whatever the CPU driver
 * uses for streams) against zlib's inflate called directly, on the same
 * zlib -6 stream in the same pieces, CPU time (CLOCK_PROCESS_CPUTIME_ID).
 * Not a test: nothing is asserted about time; every decode is checked to
 * give back the file.
 *
 *   strm_inflate FILE [ROUNDS]
 *
 * Rows: {zlib, raw} format x {8 KiB in / 64 KiB out, 64 KiB / 64 KiB}
 * pieces x {wd, zlib}; best of ROUNDS (default 3). bench/strm_inflate.sh
 * builds it and runs it against two library builds (before / after).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

static unsigned char *plain, *packed, *back;
static size_t plain_len, packed_len;

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "strm_inflate: %s\n", what);
	exit(1);
}

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f || fseek(f, 0, SEEK_END))
		die("cannot read the file");
	plain_len = (size_t)ftell(f);
	rewind(f);
	plain = malloc(plain_len + 1);
	back = malloc(plain_len + 1);
	packed = malloc(compressBound(plain_len) + 64);
	if (!plain || !back || !packed || fread(plain, 1, plain_len, f) != plain_len)
		die("cannot read the file");
	fclose(f);
}

static void pack(int wbits)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2");
	z.next_in = plain;
	z.avail_in = (uInt)plain_len;
	z.next_out = packed;
	z.avail_out = (uInt)compressBound(plain_len) + 64;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		die("deflate");
	packed_len = z.total_out;
	deflateEnd(&z);
}

static void check(size_t got)
{
	if (got != plain_len || memcmp(back, plain, plain_len))
		die("the decode differs from the file");
}

static double zlib_run(int wbits, size_t inp, size_t outp)
{
	size_t ip = 0, op = 0;
	double t0 = cpu_now(), t;
	z_stream z;
	int ret = Z_OK;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, wbits) != Z_OK)
		die("inflateInit2");
	while (ret != Z_STREAM_END) {
		z.next_in = packed + ip;
		z.avail_in = (uInt)(packed_len - ip < inp ? packed_len - ip : inp);
		z.next_out = back + op;
		z.avail_out = (uInt)(plain_len + 1 - op < outp ? plain_len + 1 - op : outp);
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret != Z_OK && ret != Z_STREAM_END)
			die("inflate");
		ip = z.total_in;
		op = z.total_out;
	}
	t = cpu_now() - t0;
	inflateEnd(&z);
	check(op);
	return t;
}

static double wd_run(handle_t h, size_t inp, size_t outp)
{
	size_t ip = 0, op = 0;
	double t0 = cpu_now(), t;
	struct wd_comp_req r;

	wd_comp_reset_sess(h);
	do {
		memset(&r, 0, sizeof(r));
		r.op_type = WD_DIR_DECOMPRESS;
		r.data_fmt = WD_FLAT_BUF;
		r.src = packed + ip;
		r.src_len = (__u32)(packed_len - ip < inp ? packed_len - ip : inp);
		r.dst = back + op;
		r.dst_len = (__u32)(plain_len + 1 - op < outp ? plain_len + 1 - op : outp);
		r.last = ip + r.src_len == packed_len;
		if (wd_do_comp_strm(h, &r) || (r.status != WD_SUCCESS && r.status != WD_EAGAIN &&
					       r.status != WD_STREAM_END))
			die("wd_do_comp_strm");
		ip += r.src_len;
		op += r.dst_len;
	} while (r.status != WD_STREAM_END);
	t = cpu_now() - t0;
	if (ip != packed_len)
		die("the stream end is not the input's end");
	check(op);
	return t;
}

static handle_t sess(int alg)
{
	struct sched_params sp = { .numa_id = -1, .type = WD_DIR_DECOMPRESS };
	struct wd_comp_sess_setup ss = {
		.alg_type = alg, .op_type = WD_DIR_DECOMPRESS, .sched_param = &sp,
	};
	handle_t h = wd_comp_alloc_sess(&ss);

	if (!h)
		die("wd_comp_alloc_sess");
	return h;
}

int main(int argc, char **argv)
{
	static const size_t pieces[][2] = { { 8192, 65536 }, { 65536, 65536 } };
	static const struct { const char *name; int alg, wbits; } fmts[] = {
		{ "zlib", WD_ZLIB, 15 }, { "raw", WD_DEFLATE, -15 },
	};
	int rounds = argc > 2 ? atoi(argv[2]) : 3;

	if (argc < 2)
		die("usage: strm_inflate FILE [ROUNDS]");
	load(argv[1]);
	if (wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_INSTR))
		die("wd_comp_init2");
	printf("%-5s %-13s %9s %9s %7s\n", "fmt", "pieces in/out", "wd s", "zlib s", "wd/zlib");
	for (size_t f = 0; f < 2; f++) {
		handle_t h = sess(fmts[f].alg);

		pack(fmts[f].wbits);
		for (size_t p = 0; p < 2; p++) {
			double bw = 1e9, bz = 1e9, t;

			for (int k = 0; k < rounds; k++) {
				t = wd_run(h, pieces[p][0], pieces[p][1]);
				bw = t < bw ? t : bw;
				t = zlib_run(fmts[f].wbits, pieces[p][0], pieces[p][1]);
				bz = t < bz ? t : bz;
			}
			char ps[48];

			snprintf(ps, sizeof(ps), "%zuK/%zuK", pieces[p][0] >> 10, pieces[p][1] >> 10);
			printf("%-5s %-13s %9.3f %9.3f %7.2f\n", fmts[f].name, ps, bw, bz, bw / bz);
		}
		wd_comp_free_sess(h);
	}
	wd_comp_uninit2();
	return 0;
}
