/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The gz* functions on the fast paths. They are the private zlib's own code
 * (gzread.o, gzwrite.o ...), but make_private_zlib.sh points their stream
 * calls at wdzg_<name> (WDZ_GZ_FUNCS in CMakeLists.txt), defined here: each
 * calls this library's exported wrapper (wdz_stream.c, wdz_deflate.c), so a
 * gzFile's z_stream carries our state and gets deflate's and inflate's fast
 * paths (WD_ZLIB=exact: zlib's bytes, as every wrapper gives there).
 *
 * Not through the exported name: from inside a shared library a call to
 * `inflate` goes through the PLT, and a program defining its own `inflate`
 * would get zlib's gz code's calls (Debian's libz.so.1 does exactly that;
 * the private copy's gz code never could, and keeps it so).
 * wdz_self_<name> is that same function under a hidden name
 * (-Wl,--defsym=wdz_self_<name>=<name>, CMakeLists.txt), bound inside the
 * library at link time. The wrappers see a return address in this library,
 * not in libwd_comp, so their re-entry guard (wdz_from_wd) lets the fast
 * paths run; a gz call made from inside a wd request (a driver using gz*)
 * is still caught by the per-thread guard.
 */
#include "wdz_zlib.h"

#define WDZ_HIDDEN __attribute__((visibility("hidden")))

/* X(name, params, args): the stream calls zlib 1.2.13's gz code makes */
#define WDZ_GZ_FUNCS(X) \
	X(deflateInit2_, (z_streamp strm, int level, int method, int windowBits, int memLevel, \
			  int strategy, const char *version, int stream_size), \
	  (strm, level, method, windowBits, memLevel, strategy, version, stream_size)) \
	X(deflate, (z_streamp strm, int flush), (strm, flush)) \
	X(deflateParams, (z_streamp strm, int level, int strategy), (strm, level, strategy)) \
	X(deflateReset, (z_streamp strm), (strm)) \
	X(deflateEnd, (z_streamp strm), (strm)) \
	X(inflateInit2_, (z_streamp strm, int windowBits, const char *version, int stream_size), \
	  (strm, windowBits, version, stream_size)) \
	X(inflate, (z_streamp strm, int flush), (strm, flush)) \
	X(inflateReset, (z_streamp strm), (strm)) \
	X(inflateEnd, (z_streamp strm), (strm))

/* __typeof__: the alias has exactly the exported function's prototype
 * (zlib.h), and each wdzg_ definition below must match it too */
#define WDZ_GZ_DEF(name, params, args) \
	extern __typeof__(name) wdz_self_##name WDZ_HIDDEN; \
	extern __typeof__(name) wdzg_##name WDZ_HIDDEN; \
	int wdzg_##name params \
	{ \
		return wdz_self_##name args; \
	}
WDZ_GZ_FUNCS(WDZ_GZ_DEF)
