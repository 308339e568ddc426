/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Small stateless requests with the session's learning (QEMU's 4 KiB
 * pages): compression keeps Huffman tables learned from the session's
 * earlier requests (cpu_pgdeflate.c), decompression keeps decode tables
 * keyed by block-header bytes (cpu_pginflate.c). Both live in the
 * session's learning slot (wd_drv_learn), made on a session's second
 * small request, so one-off requests never pay for it.
 *
 * Every output is still one complete zlib/gzip/deflate stream that any
 * decoder reads alone. Anything the page path does not take (a larger
 * request, another level, a slot another thread holds, a stream that does
 * not fit dst, any decode failure) goes the ordinary way, which gives the
 * verdict: results differ from the ordinary path only in the compressed
 * bytes. WD_COMP_LEARN=0 in the environment turns the page path off.
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_comp.h"
#include "cpu_pgcache.h"
#include "cpu_pglearn.h"
#include "uadk/wd_comp.h"
#include "wd_bytes.h"
#include "wd_wrap.h"

/*
 * Per level: the largest request sent to the page deflater (where it
 * measured faster than ISA-L at that level, bench/pg_deflate.sh; larger
 * requests amortise ISA-L's per-call set-up) and the page deflater's level.
 * Level 2 takes the page deflater's level 1: ISA-L's level 2 makes level
 * 1's very bytes at 4 KiB (0.15% smaller at 8 KiB on the corpus), and the
 * page deflater's own level 2 measured no faster than ISA-L.
 */
static const struct {
	__u32 max;
	int level;
} pg_route[4] = { { 0, 0 }, { 8192, 1 }, { 8192, 1 }, { 8192, 3 } };
/*
 * Requests with compressed input up to PG_INFLATE_MAX and room for output up
 * to PG_INFLATE_DST_MAX take the page inflater. Its gain is in building
 * tables cheaply; on longer outputs libdeflate's decode loop is as fast or
 * faster (bench/pg_inflate.sh, ISA-L level 1 pages against libdeflate: 8
 * KiB 1.00-1.20x; 16 KiB 0.95x on the corpus, 0.98x on shared libraries,
 * 1.10x on a core dump; 64 KiB core dump pages, whose compressed size is
 * under 16 KiB, 0.97x).
 */
#define PG_INFLATE_MAX		(16u * 1024)
#define PG_INFLATE_DST_MAX	(8u * 1024)

static const char enc_tag, dec_tag;	/* who owns wd_drv_learn.priv */

static bool learning_on(void)
{
	static int on = -1;	/* threads may race to fill it: same answer */
	int v = __atomic_load_n(&on, __ATOMIC_RELAXED);
	const char *e;

	if (__builtin_expect(v < 0, 0)) {
		e = getenv("WD_COMP_LEARN");
		v = !(e && e[0] == '0' && e[1] == '\0');
		__atomic_store_n(&on, v, __ATOMIC_RELAXED);
	}
	return v;
}

static void free_enc(void *p)
{
	cpu_pglearn_free(p);
}

static void free_dec(void *p)
{
	cpu_pgcache_free(p);
}

/*
 * The session's state of kind tag, made on its second small request; NULL
 * (and the slot given back) when this request goes the ordinary way.
 */
static void *take_state(struct wd_drv_learn *l, const char *tag)
{
	if (!learning_on() || !wd_learn_take(l))
		return NULL;
	if (!l->priv) {
		if (l->uses++ == 0)
			goto none;
		l->priv = tag == &enc_tag ? (void *)cpu_pglearn_new() : (void *)cpu_pgcache_new(0);
		if (!l->priv)
			goto none;
		l->owner = tag;
		l->free = tag == &enc_tag ? free_enc : free_dec;
	}
	if (l->owner == tag)
		return l->priv;
none:
	wd_learn_give(l);
	return NULL;
}

/* The gzip header ISA-L writes, so both paths' members look alike. */
static const __u8 gz_head[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff };

/* The stream into m->dst; false when it does not fit (nothing reported). */
static bool pg_deflate(struct cpu_pglearn *L, struct wd_comp_msg *m)
{
	__u32 head = m->alg == WD_ZLIB ? 2 : m->alg == WD_GZIP ? 10 : 0;
	__u32 tail = m->alg == WD_ZLIB ? 4 : m->alg == WD_GZIP ? 8 : 0;
	int wbits = cpu_win_bits(m->win);
	__u32 n;

	if (m->dst_len <= head + tail)
		return false;
	n = cpu_pg_deflate(L, m->src, m->src_len, m->dst + head, m->dst_len - head - tail,
			   pg_route[m->level].level, wbits);
	if (!n)
		return false;
	if (m->alg == WD_ZLIB) {
		cpu_zlib_header(m->dst, wbits, m->level);
		wd_put_be32(m->dst + head + n, cpu_wrap_check(WD_ZLIB, 1, m->src, m->src_len));
	} else if (m->alg == WD_GZIP) {
		memcpy(m->dst, gz_head, sizeof(gz_head));
		wd_put_le32(m->dst + head + n, cpu_wrap_check(WD_GZIP, 0, m->src, m->src_len));
		wd_put_le32(m->dst + head + n + 4, m->src_len);
	}
	m->consumed = m->src_len;
	m->produced = head + n + tail;
	m->status = WD_SUCCESS;
	return true;
}

bool cpu_pg_try_deflate(struct wd_comp_msg *m)
{
	struct cpu_pglearn *L;
	bool done;

	if (!m->hdr.learn || !cpu_level_is_isal(m->level) || m->src_len > pg_route[m->level].max)
		return false;
	L = take_state(m->hdr.learn, &enc_tag);
	if (!L)
		return false;
	done = pg_deflate(L, m);
	wd_learn_give(m->hdr.learn);
	return done;
}

/* The wrapper's header length as libdeflate accepts it, or 0 (not ours). */
static __u32 wrap_head(const struct wd_comp_msg *m)
{
	const __u8 *p = m->src;
	size_t h;

	if (m->alg == WD_DEFLATE)
		return 0;
	if (m->alg == WD_ZLIB) {
		if (m->src_len < 6 || !wd_zlib_head_win(p[0], p[1]) || (p[1] & WD_ZLIB_FDICT))
			return 0;
		return 2;
	}
	if (m->src_len < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 ||
	    (p[3] & WD_GZ_RESERVED))
		return 0;
	h = wd_gzip_head_len(p, m->src_len);
	return h && cpu_gz_header_crc_ok(p, m->src_len) ? (__u32)h : 0;
}

static bool pg_inflate(struct cpu_pgcache *C, struct wd_comp_msg *m)
{
	__u32 head = wrap_head(m), tail = m->alg == WD_ZLIB ? 4 : m->alg == WD_GZIP ? 8 : 0;
	__u32 used, made, check;
	const __u8 *t;

	if (m->alg != WD_DEFLATE && !head)
		return false;
	if (cpu_pg_inflate(C, m->src + head, m->src_len - head, m->dst, m->dst_len, &used,
			   &made) != CPU_PGI_OK || m->src_len - head - used < tail)
		return false;
	t = m->src + head + used;
	check = cpu_wrap_check(m->alg, cpu_wrap_check_start(m->alg), m->dst, made);
	if (m->alg == WD_ZLIB && check != wd_get_be32(t))
		return false;
	if (m->alg == WD_GZIP && (check != wd_get_le32(t) || wd_get_le32(t + 4) != made))
		return false;
	m->consumed = head + used + tail;
	m->produced = made;
	m->status = WD_SUCCESS;
	return true;
}

bool cpu_pg_try_inflate(struct wd_comp_msg *m)
{
	struct cpu_pgcache *C;
	bool done;

	if (!m->hdr.learn || m->src_len > PG_INFLATE_MAX || m->dst_len > PG_INFLATE_DST_MAX)
		return false;
	C = take_state(m->hdr.learn, &dec_tag);
	if (!C)
		return false;
	done = pg_inflate(C, m);
	wd_learn_give(m->hdr.learn);
	return done;
}
