/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fixed-order integers in byte buffers (any alignment), for every driver
 * and class: checksums in stream wrappers, hash states, tweaks.
 */
#ifndef WD_BYTES_H
#define WD_BYTES_H

#include <string.h>
#include <linux/types.h>

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define WD_LE32(v) __builtin_bswap32(v)
#define WD_LE64(v) __builtin_bswap64(v)
#define WD_BE32(v) (v)
#define WD_BE64(v) (v)
#else
#define WD_LE32(v) (v)
#define WD_LE64(v) (v)
#define WD_BE32(v) __builtin_bswap32(v)
#define WD_BE64(v) __builtin_bswap64(v)
#endif

#define WD_BYTES_FNS(bits, order, ORDER)					\
	static inline __u##bits wd_get_##order##bits(const void *p)		\
	{									\
		__u##bits v;							\
										\
		memcpy(&v, p, sizeof(v));					\
		return WD_##ORDER##bits(v);					\
	}									\
	static inline void wd_put_##order##bits(void *p, __u##bits v)		\
	{									\
		v = WD_##ORDER##bits(v);					\
		memcpy(p, &v, sizeof(v));					\
	}

WD_BYTES_FNS(32, le, LE)
WD_BYTES_FNS(64, le, LE)
WD_BYTES_FNS(32, be, BE)
WD_BYTES_FNS(64, be, BE)

#endif /* WD_BYTES_H */
