/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zdwd: a wd_comp program whose CPU driver calls zlib (streams at L6, a
 * one-shot with an 8 KiB window, stream inflate) with libwd_zlib as its libz.so.1. Those
 * calls come from inside the program's own wd requests and must stay on
 * the private zlib (the fast path would re-enter wd_comp): zlib_dfast.sh
 * runs it with and without libwd_zlib preloaded and wants the same
 * transcript, bytes included (the private zlib's bytes are zlib's).
 */
#include <stdio.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>

static unsigned long fnv(const unsigned char *p, unsigned n)
{
	unsigned long h = 1469598103934665603ul;

	while (n--)
		h = (h ^ *p++) * 1099511628211ul;
	return h;
}

int main(void)
{
	static unsigned char in[100000], out[200000], back[200000];

	for (unsigned i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)("hello world\n"[i % 12] + (i % 7 == 0));
	if (wd_comp_init2("zlib", SCHED_POLICY_RR, TASK_MIX) < 0)
		return 2;
	for (int alg = WD_DEFLATE; alg <= WD_GZIP; alg++) {
		for (int win = WD_COMP_WS_8K; win <= WD_COMP_WS_32K; win += WD_COMP_WS_32K - WD_COMP_WS_8K) {
			struct wd_comp_sess_setup su = { .alg_type = alg, .comp_lv = WD_COMP_L6,
							 .win_sz = win, .op_type = WD_DIR_COMPRESS };
			handle_t h = wd_comp_alloc_sess(&su);
			struct wd_comp_req r = { .src = in, .src_len = sizeof(in), .dst = out,
						 .dst_len = sizeof(out), .op_type = WD_DIR_COMPRESS,
						 .last = 1 };
			int ret = wd_do_comp_strm(h, &r);

			printf("alg %d win %d strm %d %u %u %lx\n", alg, win, ret, r.status, r.dst_len,
			       fnv(out, r.dst_len));
			/* and back through the driver's stream inflate (zlib's inflate) */
			if (ret == 0) {
				struct wd_comp_sess_setup du = su;
				handle_t d;
				struct wd_comp_req q = { .src = out, .src_len = r.dst_len, .dst = back,
							 .dst_len = sizeof(back),
							 .op_type = WD_DIR_DECOMPRESS, .last = 1 };

				du.op_type = WD_DIR_DECOMPRESS;
				d = wd_comp_alloc_sess(&du);
				ret = d ? wd_do_comp_strm(d, &q) : -1;
				printf("alg %d win %d inflate strm %d %u %u %lx\n", alg, win, ret,
				       q.status, q.dst_len, fnv(back, q.dst_len));
				if (d)
					wd_comp_free_sess(d);
			}
			r.src_len = sizeof(in);
			r.dst_len = sizeof(out);
			wd_comp_reset_sess(h);
			if (win != WD_COMP_WS_32K) {	/* zlib at L4+ only below 32 KiB */
				ret = wd_do_comp_sync(h, &r);
				printf("alg %d win %d sync %d %u %u %lx\n", alg, win, ret, r.status,
				       r.dst_len, fnv(out, r.dst_len));
			}
			wd_comp_free_sess(h);
		}
	}
	wd_comp_uninit2();
	return 0;
}
