/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the unit tests: data, zlib as the independent decoder. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <uadk/wd_comp.h>

enum tdata { TD_TEXT, TD_RANDOM, TD_ZEROS, TD_MIXED };

/* Deterministic test data of a kind. */
void td_fill(uint8_t *buf, size_t len, enum tdata kind, uint32_t seed);
/* zlib windowBits for a format and WD_COMP_WS_* window (decode side). */
int td_zlib_wbits(int alg, int win);
/* Decode with zlib; returns bytes produced or -1 on any zlib error. */
long td_zlib_inflate(int alg, int win, const uint8_t *src, size_t len, uint8_t *dst, size_t cap);
/* Encode with zlib (level 0-9, strategy); returns bytes or -1. */
long td_zlib_deflate(int alg, int level, int wbits, int strategy, const uint8_t *src, size_t len,
		     uint8_t *dst, size_t cap);
/* init2 + one session; returns the session. */
handle_t td_sess(int alg, int op, int level, int win, int mode);

/* Fake sysfs/dev trees: mkdir -p; write a file (parents made); rm -rf. 0 or -1. */
int td_mkdirs(const char *path);
int td_write_file(const char *path, const char *text);
int td_rm_tree(const char *dir);

#endif
