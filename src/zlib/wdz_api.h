/* SPDX-License-Identifier: Apache-2.0 */
/*
 * zlib 1.2.13's exported functions, each listed once, as X-macros. The
 * wrapper bodies (wdz_forward.c, wdz_stream.c) and the declarations of the
 * private zlib copy (wdzp_<name>, see make_private_zlib.sh) are generated
 * from these lists, so a function cannot be declared one way and forwarded
 * another. Which node each symbol is versioned in is libwd_zlib.map's job.
 *
 * X(ret, name, params, args)
 *   params: the full prototype, parameter names included;
 *   args:   the call's arguments. In the stream lists the stream is written
 *           S_: the wrapper passes the stream when its state is ours and
 *           NULL when not, so the private zlib itself produces zlib's exact
 *           answer for a bad stream (Z_STREAM_ERROR, inflateMark's -65536,
 *           deflateBound's conservative bound ...).
 *
 * Not here (written by hand): gzprintf (variadic: goes through gzvprintf)
 * and gzclearerr (returns void); uncompress and uncompress2, which run on
 * our own inflate (wdz_uncompress.c) so they get its fast path.
 */
#ifndef WDZ_API_H
#define WDZ_API_H

/* Functions with no stream state: checksums, one-shot helpers, gz*. The
 * gzFile handles are the private zlib's own, so their layout is zlib's
 * (the gzgetc() macro reads it in the application). */
#define WDZ_PLAIN_FUNCS(X) \
	X(uLong, adler32, (uLong adler, const Bytef *buf, uInt len), (adler, buf, len)) \
	X(uLong, adler32_z, (uLong adler, const Bytef *buf, z_size_t len), (adler, buf, len)) \
	X(uLong, adler32_combine, (uLong a1, uLong a2, z_off_t len2), (a1, a2, len2)) \
	X(uLong, adler32_combine64, (uLong a1, uLong a2, z_off64_t len2), (a1, a2, len2)) \
	X(uLong, crc32, (uLong crc, const Bytef *buf, uInt len), (crc, buf, len)) \
	X(uLong, crc32_z, (uLong crc, const Bytef *buf, z_size_t len), (crc, buf, len)) \
	X(uLong, crc32_combine, (uLong c1, uLong c2, z_off_t len2), (c1, c2, len2)) \
	X(uLong, crc32_combine64, (uLong c1, uLong c2, z_off64_t len2), (c1, c2, len2)) \
	X(uLong, crc32_combine_gen, (z_off_t len2), (len2)) \
	X(uLong, crc32_combine_gen64, (z_off64_t len2), (len2)) \
	X(uLong, crc32_combine_op, (uLong c1, uLong c2, uLong op), (c1, c2, op)) \
	X(const z_crc_t *, get_crc_table, (void), ()) \
	X(uLong, compressBound, (uLong sourceLen), (sourceLen)) \
	X(const char *, zError, (int err), (err)) \
	X(const char *, zlibVersion, (void), ()) \
	X(uLong, zlibCompileFlags, (void), ()) \
	X(gzFile, gzopen, (const char *path, const char *mode), (path, mode)) \
	X(gzFile, gzopen64, (const char *path, const char *mode), (path, mode)) \
	X(gzFile, gzdopen, (int fd, const char *mode), (fd, mode)) \
	X(int, gzbuffer, (gzFile file, unsigned size), (file, size)) \
	X(int, gzsetparams, (gzFile file, int level, int strategy), (file, level, strategy)) \
	X(int, gzread, (gzFile file, voidp buf, unsigned len), (file, buf, len)) \
	X(z_size_t, gzfread, (voidp buf, z_size_t size, z_size_t nitems, gzFile file), \
	  (buf, size, nitems, file)) \
	X(int, gzwrite, (gzFile file, voidpc buf, unsigned len), (file, buf, len)) \
	X(z_size_t, gzfwrite, (voidpc buf, z_size_t size, z_size_t nitems, gzFile file), \
	  (buf, size, nitems, file)) \
	X(int, gzvprintf, (gzFile file, const char *format, va_list va), (file, format, va)) \
	X(int, gzputs, (gzFile file, const char *s), (file, s)) \
	X(char *, gzgets, (gzFile file, char *buf, int len), (file, buf, len)) \
	X(int, gzputc, (gzFile file, int c), (file, c)) \
	X(int, gzgetc, (gzFile file), (file)) \
	X(int, gzgetc_, (gzFile file), (file)) \
	X(int, gzungetc, (int c, gzFile file), (c, file)) \
	X(int, gzflush, (gzFile file, int flush), (file, flush)) \
	X(z_off_t, gzseek, (gzFile file, z_off_t offset, int whence), (file, offset, whence)) \
	X(z_off64_t, gzseek64, (gzFile file, z_off64_t offset, int whence), (file, offset, whence)) \
	X(int, gzrewind, (gzFile file), (file)) \
	X(z_off_t, gztell, (gzFile file), (file)) \
	X(z_off64_t, gztell64, (gzFile file), (file)) \
	X(z_off_t, gzoffset, (gzFile file), (file)) \
	X(z_off64_t, gzoffset64, (gzFile file), (file)) \
	X(int, gzeof, (gzFile file), (file)) \
	X(int, gzdirect, (gzFile file), (file)) \
	X(int, gzclose, (gzFile file), (file)) \
	X(int, gzclose_r, (gzFile file), (file)) \
	X(int, gzclose_w, (gzFile file), (file)) \
	X(const char *, gzerror, (gzFile file, int *errnum), (file, errnum))

/* Calls on an initialised stream: validated, then run on the private
 * state swapped into strm->state (the End calls free our struct too). */
#define WDZ_STREAM_FUNCS(X) \
	X(int, deflateGetDictionary, (z_streamp strm, Bytef *dictionary, uInt *dictLength), \
	  (S_, dictionary, dictLength)) \
	X(uLong, deflateBound, (z_streamp strm, uLong sourceLen), (S_, sourceLen)) \
	X(int, inflate, (z_streamp strm, int flush), (S_, flush)) \
	X(int, inflateEnd, (z_streamp strm), (S_)) \
	X(int, inflateSetDictionary, (z_streamp strm, const Bytef *dictionary, uInt dictLength), \
	  (S_, dictionary, dictLength)) \
	X(int, inflateGetDictionary, (z_streamp strm, Bytef *dictionary, uInt *dictLength), \
	  (S_, dictionary, dictLength)) \
	X(int, inflateSync, (z_streamp strm), (S_)) \
	X(int, inflateSyncPoint, (z_streamp strm), (S_)) \
	X(int, inflateReset, (z_streamp strm), (S_)) \
	X(int, inflateReset2, (z_streamp strm, int windowBits), (S_, windowBits)) \
	X(int, inflateResetKeep, (z_streamp strm), (S_)) \
	X(int, inflatePrime, (z_streamp strm, int bits, int value), (S_, bits, value)) \
	X(long, inflateMark, (z_streamp strm), (S_)) \
	X(int, inflateGetHeader, (z_streamp strm, gz_headerp head), (S_, head)) \
	X(int, inflateBack, (z_streamp strm, in_func in, void *in_desc, out_func out, \
			     void *out_desc), (S_, in, in_desc, out, out_desc)) \
	X(int, inflateBackEnd, (z_streamp strm), (S_)) \
	X(int, inflateUndermine, (z_streamp strm, int subvert), (S_, subvert)) \
	X(int, inflateValidate, (z_streamp strm, int check), (S_, check)) \
	X(unsigned long, inflateCodesUsed, (z_streamp strm), (S_))

/* Initialisers: the private zlib builds its state, then ours wraps it.
 * The last column is the private call that undoes the init if wrapping
 * fails. */
#define WDZ_INIT_FUNCS(X) \
	X(int, inflateInit_, (z_streamp strm, const char *version, int stream_size), \
	  (strm, version, stream_size), inflateEnd) \
	X(int, inflateInit2_, (z_streamp strm, int windowBits, const char *version, int stream_size), \
	  (strm, windowBits, version, stream_size), inflateEnd) \
	X(int, inflateBackInit_, (z_streamp strm, int windowBits, unsigned char *window, \
				  const char *version, int stream_size), \
	  (strm, windowBits, window, version, stream_size), inflateBackEnd)

/* The deflate calls the one-shot fast path hooks (wdz_deflate.c writes
 * them by hand; the private declarations still come from here). compress
 * and compress2 are written there too, on our own deflate, so that they
 * reach the fast path: the private zlib's would call the private deflate. */
#define WDZ_DEFLATE_HOOKED_FUNCS(X) \
	X(int, deflate, (z_streamp strm, int flush), (S_, flush)) \
	X(int, deflateEnd, (z_streamp strm), (S_)) \
	X(int, deflateSetDictionary, (z_streamp strm, const Bytef *dictionary, uInt dictLength), \
	  (S_, dictionary, dictLength)) \
	X(int, deflateReset, (z_streamp strm), (S_)) \
	X(int, deflateResetKeep, (z_streamp strm), (S_)) \
	X(int, deflateParams, (z_streamp strm, int level, int strategy), (S_, level, strategy)) \
	X(int, deflateTune, (z_streamp strm, int good_length, int max_lazy, int nice_length, \
			     int max_chain), (S_, good_length, max_lazy, nice_length, max_chain)) \
	X(int, deflatePending, (z_streamp strm, unsigned *pending, int *bits), (S_, pending, bits)) \
	X(int, deflatePrime, (z_streamp strm, int bits, int value), (S_, bits, value)) \
	X(int, deflateSetHeader, (z_streamp strm, gz_headerp head), (S_, head))

#define WDZ_DEFLATE_INIT_FUNCS(X) \
	X(int, deflateInit_, (z_streamp strm, int level, const char *version, int stream_size), \
	  (strm, level, version, stream_size), deflateEnd) \
	X(int, deflateInit2_, (z_streamp strm, int level, int method, int windowBits, int memLevel, \
			       int strategy, const char *version, int stream_size), \
	  (strm, level, method, windowBits, memLevel, strategy, version, stream_size), deflateEnd)

/* Deep copies: the source is swapped in, the copy gets its own struct. */
#define WDZ_COPY_FUNCS(X) \
	X(int, deflateCopy, (z_streamp dest, z_streamp source), deflateEnd) \
	X(int, inflateCopy, (z_streamp dest, z_streamp source), inflateEnd)

#endif /* WDZ_API_H */
