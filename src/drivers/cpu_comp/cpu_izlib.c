/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rest of a raw deflate stream on zlib, from a block boundary, for the
 * ISA-L stream inflate (cpu_istream.c). ISA-L runs there one block at a
 * time, at a fixed cost per block; a stream of many tiny blocks (flushes,
 * or made to be slow) would cost far more than with zlib, so after enough
 * small blocks the stream moves here: zlib gets the last 32 KiB of output
 * as its dictionary, ISA-L's leftover bits (inflatePrime) and whole bytes
 * (held, decoded before the caller's input), and goes on exactly: zlib
 * takes input bytes only as it needs them, so its end is exact too.
 */
#include <string.h>
#include "cpu_comp.h"

int cpu_izlib_start(struct cpu_izlib *zf, const __u8 *dict, __u32 dict_len, __u32 bits,
		    int nbits, const __u8 *held, __u32 nheld)
{
	if (zf->ready) {
		if (inflateReset(&zf->z) != Z_OK)
			return -1;
	} else {
		memset(&zf->z, 0, sizeof(zf->z));
		if (inflateInit2(&zf->z, -15) != Z_OK)
			return -1;
		zf->ready = true;
	}
	if (dict_len && inflateSetDictionary(&zf->z, dict, dict_len) != Z_OK)
		return -1;
	if (nbits && inflatePrime(&zf->z, nbits, (int)bits) != Z_OK)
		return -1;
	if (nheld > sizeof(zf->held))
		return -1;
	memcpy(zf->held, held, nheld);
	zf->nheld = nheld;
	zf->off = 0;
	return 0;
}

/* One inflate over in[0..len); adds what it used and made. */
static int run1(struct cpu_izlib *zf, const __u8 *in, __u32 len, __u32 *used, __u8 *out,
		__u32 room, __u32 *made)
{
	int ret;

	zf->z.next_in = (Bytef *)in;
	zf->z.avail_in = len;
	zf->z.next_out = out + *made;
	zf->z.avail_out = room - *made;
	ret = inflate(&zf->z, Z_NO_FLUSH);
	*used += len - zf->z.avail_in;
	*made = room - zf->z.avail_out;
	if (ret == Z_STREAM_END)
		return CPU_IZ_END;
	return ret == Z_OK || ret == Z_BUF_ERROR ? CPU_IZ_MORE : CPU_IZ_BAD;
}

int cpu_izlib_run(struct cpu_izlib *zf, const __u8 *in, __u32 len, __u32 *used, __u8 *out,
		  __u32 room, __u32 *made)
{
	__u32 took = 0;
	int r = CPU_IZ_MORE;

	*used = 0;
	*made = 0;
	if (zf->off < zf->nheld) {
		r = run1(zf, zf->held + zf->off, zf->nheld - zf->off, &took, out, room, made);
		zf->off += took;
		if (r != CPU_IZ_MORE || zf->off < zf->nheld)
			return r;	/* ended, bad, or dst full */
	}
	return run1(zf, in, len, used, out, room, made);
}

__u32 cpu_izlib_leftover(struct cpu_izlib *zf, const __u8 **rest)
{
	*rest = zf->held + zf->off;
	return zf->nheld - zf->off;
}

void cpu_izlib_free(struct cpu_izlib *zf)
{
	if (zf->ready)
		inflateEnd(&zf->z);
	zf->ready = false;
}
