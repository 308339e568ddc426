/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every file of the drop-in includes: zlib's public header (zlib1g-dev,
 * the ABI we provide) with its functions made exported, and the hidden
 * declarations of the private zlib copy's renamed functions.
 */
#ifndef WDZ_ZLIB_H
#define WDZ_ZLIB_H

/* The *64 offset functions are part of the ABI; the plain ones must stay
 * 32-bit-off_t-named symbols, so 64-bit off_t must not rename them. */
#if defined(_FILE_OFFSET_BITS) && _FILE_OFFSET_BITS == 64
#error "libwd_zlib must be built without _FILE_OFFSET_BITS=64 (zlib.h would rename gzopen & co.)"
#endif
#ifndef _LARGEFILE64_SOURCE
#error "libwd_zlib is built with _LARGEFILE64_SOURCE (zlib.h's *64 functions)"
#endif

#include <stdarg.h>

/* The library is built with -fvisibility=hidden: zlib's own names, declared
 * here, are the only symbols it exports (the map gives them their nodes). */
#pragma GCC visibility push(default)
#include <zlib.h>
#pragma GCC visibility pop

#include "wdz_api.h"

/* zlib.h makes gzgetc a macro reading the gzFile; the library defines the
 * function itself. */
#undef gzgetc

/* The private zlib: Debian's libz.a with every symbol renamed wdzp_*
 * (make_private_zlib.sh) and linked hidden (--exclude-libs). Nothing outside
 * this library can see or interpose it, and its internal calls stay in it. */
#define WDZ_PRIV_DECL(ret, name, params, ...) \
	extern ret wdzp_##name params __attribute__((visibility("hidden")));
WDZ_PLAIN_FUNCS(WDZ_PRIV_DECL)
WDZ_STREAM_FUNCS(WDZ_PRIV_DECL)
WDZ_INIT_FUNCS(WDZ_PRIV_DECL)
WDZ_DEFLATE_HOOKED_FUNCS(WDZ_PRIV_DECL)
WDZ_DEFLATE_INIT_FUNCS(WDZ_PRIV_DECL)
WDZ_COPY_FUNCS(WDZ_PRIV_DECL)
extern void wdzp_gzclearerr(gzFile file) __attribute__((visibility("hidden")));

#endif /* WDZ_ZLIB_H */
