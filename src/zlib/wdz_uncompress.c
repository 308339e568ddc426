/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uncompress() and uncompress2() on this library's own inflate, so a whole
 * buffer gets inflate's one-shot fast path (wdz_fast_inflate.c). The loop is
 * zlib 1.2.13's contract, call for call: avail_in/avail_out handed out in
 * uInt-sized pieces, Z_NO_FLUSH, and the same mapping of the final code
 * (Z_NEED_DICT and a truncated stream are Z_DATA_ERROR; no room is
 * Z_BUF_ERROR). *destLen == 0 decodes into a one-byte scratch buffer, as zlib
 * does, to tell an empty stream from a truncated one.
 */
#include "wdz_zlib.h"
#include "wdz_fast_inflate.h"

int uncompress2(Bytef *dest, uLongf *destLen, const Bytef *source, uLong *sourceLen)
{
	const uInt piece = (uInt)-1;
	uLong in_left = *sourceLen, out_left;
	Bytef scratch[1];
	z_stream s;
	int err;

	if (*destLen) {
		out_left = *destLen;
		*destLen = 0;
	} else {
		out_left = 1;
		dest = scratch;
	}
	s.next_in = (z_const Bytef *)source;
	s.avail_in = 0;
	s.zalloc = Z_NULL;
	s.zfree = Z_NULL;
	s.opaque = Z_NULL;
	err = inflateInit(&s);
	if (err != Z_OK)
		return err;
	s.next_out = dest;
	s.avail_out = 0;
	/* the whole buffer at once: output that does not fit is an error here,
	 * answered by zlib (how far it got), not drained */
	wdz_inf_nodrain++;
	do {
		if (!s.avail_out) {
			s.avail_out = out_left > piece ? piece : (uInt)out_left;
			out_left -= s.avail_out;
		}
		if (!s.avail_in) {
			s.avail_in = in_left > piece ? piece : (uInt)in_left;
			in_left -= s.avail_in;
		}
		err = inflate(&s, Z_NO_FLUSH);
	} while (err == Z_OK);
	wdz_inf_nodrain--;
	*sourceLen -= in_left + s.avail_in;
	if (dest != scratch)
		*destLen = s.total_out;
	else if (s.total_out && err == Z_BUF_ERROR)
		out_left = 1;	/* the scratch byte filled: there was more */
	inflateEnd(&s);
	if (err == Z_STREAM_END)
		return Z_OK;
	if (err == Z_NEED_DICT)
		return Z_DATA_ERROR;
	if (err == Z_BUF_ERROR && out_left + s.avail_out)
		return Z_DATA_ERROR;	/* room was left: the input ran out */
	return err;
}

int uncompress(Bytef *dest, uLongf *destLen, const Bytef *source, uLong sourceLen)
{
	return uncompress2(dest, destLen, source, &sourceLen);
}
