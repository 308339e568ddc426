/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stream inflate on ISA-L's stateful isal_inflate, about twice as fast as
 * zlib's inflate on the same pieces, with zlib's exact stream ends.
 *
 * ISA-L decodes only the raw deflate data; the zlib/gzip header and
 * trailer are read here byte by byte (cpu_iwrap.c). What makes the end
 * exact is ISA-L's bit buffer: isal_inflate loads up to 8 input bytes into
 * state.read_in ahead of the symbol it decodes, so after the end-of-block
 * code it may hold bytes of the trailer, of the next member or of the
 * caller's own data. Its decoders only stop for input when the next symbol
 * (or block header) does not fit in the bits they have, so when a call
 * ends for want of input every byte held belongs to the stream. When a
 * call ends for any other reason (dst full, or the deflate data done) the
 * whole bytes held are given back to the caller (next_in moves back, the
 * bits are dropped), as long as they came from this call's input. So a
 * byte held across calls is always a byte of the deflate data, and at its
 * end only a partial byte's padding bits are left. A block header split
 * over calls is kept in tmp_in_buffer instead (by header() below, as ISA-L
 * itself does): then all the input is the header's, nothing is given back. The unit test test_comp_istream
 * checks this on every chunking it draws; the fuzzer does too.
 *
 * Decode-ahead into ISA-L's tmp_out_buffer consumes input before its
 * output is delivered: that is fine (it is the stream's input), and the end
 * is reported only when that output is delivered too (ISAL_BLOCK_FINISH).
 *
 * Strictness: ISA-L builds a dynamic block's incomplete Huffman codes
 * (zlib refuses them: "invalid code lengths set", "invalid literal/lengths
 * set", "invalid distances set") and fails only if the data uses a missing
 * code. So every block header is checked with zlib's rules first
 * (cpu_ihdr.c), which needs ISA-L to stop at each block's end: the block is
 * marked final in ISA-L's own copy of its header bits (read_in or
 * tmp_in_buffer, never the caller's buffer), and after a block that was not
 * really the last, the next one starts as a new ISA-L stream whose
 * dictionary is the last 32 KiB of output (kept in hist; ISA-L does not
 * save its history when it thinks the stream is done). Only public fields
 * and calls are used (read_in, read_in_length, tmp_in_buffer/size,
 * block_state, isal_inflate_reset/set_dict). Over-subscribed codes, a
 * missing end-of-block code, bad repeats and the reserved symbols ISA-L
 * refuses too.
 *
 * A run per block has a fixed cost (about a microsecond and a 32 KiB
 * dictionary), which a stream of many tiny blocks would pay per block: so
 * after SMALL_BLOCKS small blocks the rest of the stream is zlib's
 * (cpu_izlib.c), which is exact and strict by itself.
 */
#include <stdlib.h>
#include <string.h>
#include "cpu_comp.h"
#include "uadk/wd_comp.h"

enum { IS_HEADER, IS_BODY, IS_TRAILER };

/*
 * A block with less output than this is small; after this many small
 * blocks the stream goes on with zlib (cpu_izlib.c): one ISA-L run per
 * block costs about a microsecond and a 32 KiB dictionary, which a stream
 * of tiny blocks (many flushes, or made to be slow) would pay per block.
 */
#define SMALL_BLOCK	4096
#define SMALL_BLOCKS	16

struct cpu_istream {
	struct inflate_state st;
	struct cpu_iwrap w;
	int phase;
	bool checked;		/* the current block's header passed cpu_ihdr_check */
	bool final;		/* and it is the stream's last block */
	bool z_on;		/* the rest of the stream is zlib's (zf) */
	__u32 blk_out;		/* output of the current block */
	__u32 small;		/* blocks with less than SMALL_BLOCK output */
	struct cpu_izlib zf;
	/* the output before this call, for the next block's dictionary: a
	 * ring, so that tiny output pieces cost their size, not the window's */
	__u32 hist_len, hist_pos;
	__u8 hist[ISAL_DEF_HIST_SIZE];
	__u8 dict[ISAL_DEF_HIST_SIZE];	/* a dictionary put together (hist_dict) */
};

struct cpu_istream *cpu_istream_new(void)
{
	struct cpu_istream *is = malloc(sizeof(*is));

	if (is) {
		isal_inflate_init(&is->st);
		is->zf.ready = false;
	}
	return is;
}

void cpu_istream_free(struct cpu_istream *is)
{
	if (is)
		cpu_izlib_free(&is->zf);
	free(is);
}

void cpu_istream_reset(struct cpu_istream *is, __u8 alg)
{
	isal_inflate_reset(&is->st);
	is->st.crc_flag = ISAL_DEFLATE;	/* the wrappers are ours */
	is->st.hist_bits = 0;		/* 32 KiB: a decoder accepts every window */
	cpu_iwrap_reset(&is->w, alg);
	is->phase = alg == WD_DEFLATE ? IS_BODY : IS_HEADER;
	is->checked = false;
	is->final = false;
	is->z_on = false;
	is->blk_out = 0;
	is->small = 0;
	is->hist_len = 0;
	is->hist_pos = 0;
}

/* Keep the last ISAL_DEF_HIST_SIZE bytes of output (hist_pos: the oldest). */
static void hist_add(struct cpu_istream *is, const __u8 *out, __u32 n)
{
	const __u32 size = sizeof(is->hist);
	__u32 end, first;

	if (n > size) {
		out += n - size;
		n = size;
	}
	end = (is->hist_pos + is->hist_len) % size;	/* where the next byte goes */
	first = size - end < n ? size - end : n;
	memcpy(is->hist + end, out, first);
	memcpy(is->hist, out + first, n - first);
	if (is->hist_len + n > size) {
		is->hist_pos = (is->hist_pos + is->hist_len + n - size) % size;
		is->hist_len = size;
	} else {
		is->hist_len += n;
	}
}

/*
 * The last 32 KiB of output, in order, where the ring holds the output
 * before this call and cur[0..n) this call's so far: straight from cur
 * when it has enough (the usual case), else put together in is->dict.
 */
static const __u8 *hist_dict(struct cpu_istream *is, const __u8 *cur, __u32 n, __u32 *len)
{
	const __u32 size = sizeof(is->hist);
	__u32 old, start, first;

	if (n >= size) {
		*len = size;
		return cur + n - size;
	}
	old = is->hist_len < size - n ? is->hist_len : size - n;
	start = (is->hist_pos + is->hist_len - old) % size;
	first = size - start < old ? size - start : old;
	memcpy(is->dict, is->hist + start, first);
	memcpy(is->dict + first, is->hist, old - first);
	memcpy(is->dict + old, cur, n);
	*len = old + n;
	return is->dict;
}

/*
 * Check the next block's header before ISA-L reads it, and mark the block
 * final (its BFINAL bit, in ISA-L's own copy of the input) so that ISA-L
 * stops at its end: one block per run, every header seen here. A header
 * not yet whole is kept in ISA-L's tmp_in_buffer as ISA-L itself does.
 */
static int header(struct cpu_istream *is)
{
	struct inflate_state *st = &is->st;
	bool in_tmp = st->block_state == ISAL_BLOCK_HDR;
	struct cpu_bitsrc b = {
		.bits = st->read_in, .nbits = st->read_in_length,
		.buf = { st->tmp_in_buffer, st->next_in },
		.len = { in_tmp ? (__u32)st->tmp_in_size : 0, st->avail_in },
	};
	int r = cpu_ihdr_check(&b, &is->final);

	if (r == CPU_IH_BAD)
		return r;
	if (r == CPU_IH_MORE) {
		/* a header is at most 286 bytes: more than the buffer is no header */
		if ((__u32)st->tmp_in_size + st->avail_in > sizeof(st->tmp_in_buffer) - 8)
			return CPU_IH_BAD;
		memcpy(st->tmp_in_buffer + st->tmp_in_size, st->next_in, st->avail_in);
		st->tmp_in_size = (int16_t)(st->tmp_in_size + st->avail_in);
		st->next_in += st->avail_in;
		st->avail_in = 0;
		st->block_state = ISAL_BLOCK_HDR;
		return r;
	}
	if (st->read_in_length > 0) {
		st->read_in |= 1;
	} else if (in_tmp && st->tmp_in_size) {
		st->tmp_in_buffer[0] |= 1;
	} else {
		/* the bit is in the caller's buffer: take its byte as ISA-L would */
		st->read_in = *st->next_in++ | 1u;
		st->read_in_length = 8;
		st->avail_in--;
	}
	is->checked = true;
	return r;
}

/*
 * After a block that was not the last: a new ISA-L stream with the output
 * so far as its dictionary, and the bits after the block carried over.
 */
static void next_block(struct cpu_istream *is, const struct wd_comp_msg *m)
{
	struct inflate_state *st = &is->st;
	__u64 bits = st->read_in;
	int32_t nbits = st->read_in_length;
	__u32 len;
	const __u8 *dict = hist_dict(is, m->dst, m->produced, &len);

	isal_inflate_reset(st);
	isal_inflate_set_dict(st, (__u8 *)dict, len);
	st->read_in = bits;
	st->read_in_length = nbits;
	is->checked = false;
	is->blk_out = 0;
}

/* Give the whole bytes in read_in back to the caller, at most `taken`. */
static void give_back(struct inflate_state *st, __u32 taken)
{
	__u32 k = (__u32)st->read_in_length / 8;

	if (k > taken)
		k = taken;	/* older bytes: reported consumed already */
	if (!k)
		return;
	st->read_in_length -= (int32_t)(8 * k);
	/* ISA-L ORs new bytes in above read_in_length: the rest must be 0 */
	st->read_in = st->read_in_length ? st->read_in & ((1ull << st->read_in_length) - 1) : 0;
	st->next_in -= k;
	st->avail_in += k;
}

/*
 * At the end of the deflate data, whole bytes still held came from earlier
 * calls: for a wrapper they are the trailer's first bytes (a raw stream
 * has none: see the top comment). The padding bits are dropped.
 */
static int held_trailer(struct cpu_istream *is)
{
	struct inflate_state *st = &is->st;
	__u8 b[8];
	__u32 n = 0, used;
	int ret = CPU_IW_MORE;

	st->read_in >>= st->read_in_length % 8;
	while (st->read_in_length >= 8) {
		b[n++] = (__u8)st->read_in;
		st->read_in >>= 8;
		st->read_in_length -= 8;
	}
	st->read_in = 0;
	st->read_in_length = 0;
	if (n)
		ret = cpu_iwrap_trailer(&is->w, b, n, &used);
	return ret;
}

/* The deflate data on zlib (cpu_izlib.c); as body(). */
static long zbody(struct cpu_istream *is, struct wd_comp_msg *m, __u32 pos)
{
	__u32 used, made;
	const __u8 *rest;
	int r = cpu_izlib_run(&is->zf, m->src + pos, m->src_len - pos, &used,
			      m->dst + m->produced, m->dst_len - m->produced, &made);

	cpu_iwrap_data(&is->w, m->dst + m->produced, made);
	m->produced += made;
	pos += used;
	if (r == CPU_IZ_BAD)
		return -1;
	if (r == CPU_IZ_END) {
		is->phase = IS_TRAILER;
		/* held bytes zlib did not need: the trailer's (see held_trailer) */
		made = cpu_izlib_leftover(&is->zf, &rest);
		if (made && cpu_iwrap_trailer(&is->w, rest, made, &used) == CPU_IW_BAD)
			return -1;
	}
	return pos;
}

/*
 * Hand the stream to zlib at a block boundary: the whole bytes ISA-L took
 * from this call go back to the input, older ones and the partial byte's
 * bits are given to zlib with the last 32 KiB of output.
 */
static long to_zlib(struct cpu_istream *is, struct wd_comp_msg *m, __u32 pos0)
{
	struct inflate_state *st = &is->st;
	int part, k, i;
	__u8 held[8];
	const __u8 *dict;
	__u32 len;

	give_back(st, m->src_len - pos0 - st->avail_in);
	part = st->read_in_length % 8;
	k = st->read_in_length / 8;
	for (i = 0; i < k; i++)
		held[i] = (__u8)(st->read_in >> (part + 8 * i));
	dict = hist_dict(is, m->dst, m->produced, &len);
	if (cpu_izlib_start(&is->zf, dict, len, (__u32)(st->read_in & ((1u << part) - 1)), part,
			    held, (__u32)k))
		return -1;
	is->z_on = true;
	return zbody(is, m, (__u32)(st->next_in - m->src));
}

/* The deflate data of m from pos; returns the new pos, or -1 if corrupt. */
static long body(struct cpu_istream *is, struct wd_comp_msg *m, __u32 pos)
{
	struct inflate_state *st = &is->st;
	__u32 taken, n;

	if (is->z_on)
		return zbody(is, m, pos);
	st->next_in = (__u8 *)m->src + pos;
	st->avail_in = m->src_len - pos;
	for (;;) {
		if (!is->checked) {
			n = (__u32)header(is);
			if (n == CPU_IH_BAD)
				return -1;
			if (n == CPU_IH_MORE)
				break;	/* all input kept for the header */
		}
		st->next_out = m->dst + m->produced;
		st->avail_out = m->dst_len - m->produced;
		if (isal_inflate(st) < 0)
			return -1;
		n = m->dst_len - m->produced - st->avail_out;
		cpu_iwrap_data(&is->w, m->dst + m->produced, n);
		m->produced += n;
		is->blk_out += n;
		/* not finished: the input or dst ran out */
		if (st->block_state != ISAL_BLOCK_FINISH || is->final)
			break;
		if (is->blk_out < SMALL_BLOCK && ++is->small >= SMALL_BLOCKS)
			return to_zlib(is, m, pos);
		next_block(is, m);
	}
	if (!is->final)
		hist_add(is, m->dst, m->produced);
	taken = m->src_len - pos - st->avail_in;
	if (st->block_state != ISAL_BLOCK_HDR &&
	    (!st->avail_out || st->block_state == ISAL_BLOCK_INPUT_DONE ||
	     st->block_state == ISAL_BLOCK_FINISH))
		give_back(st, taken);
	pos = (__u32)(st->next_in - m->src);
	if (st->block_state == ISAL_BLOCK_FINISH) {
		is->phase = IS_TRAILER;
		if (held_trailer(is) == CPU_IW_BAD)
			return -1;
	}
	return pos;
}

void cpu_istream_step(struct cpu_istream *is, struct wd_comp_msg *m, bool *ended)
{
	__u32 pos = 0, used;
	long p;
	int r;

	*ended = false;
	if (is->phase == IS_HEADER) {
		r = cpu_iwrap_header(&is->w, m->src, m->src_len, &used);
		pos = used;
		if (r == CPU_IW_BAD)
			goto bad;
		if (r == CPU_IW_DONE)
			is->phase = IS_BODY;
	}
	if (is->phase == IS_BODY) {
		p = body(is, m, pos);
		if (p < 0)
			goto bad;
		pos = (__u32)p;
	}
	if (is->phase == IS_TRAILER) {
		r = cpu_iwrap_trailer(&is->w, m->src + pos, m->src_len - pos, &used);
		pos += used;
		if (r == CPU_IW_BAD)
			goto bad;
		*ended = r == CPU_IW_DONE;
	}
	m->consumed = pos;
	if (*ended)
		m->status = WD_STREAM_END;
	else if (m->produced == m->dst_len)
		m->status = WD_EAGAIN;
	else	/* all input used, stream not ended: fine unless it was the last */
		m->status = m->last ? WD_IN_EPARA : WD_SUCCESS;
	return;
bad:
	m->consumed = pos;
	m->status = WD_IN_EPARA;
}
