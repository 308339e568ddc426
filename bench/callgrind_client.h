/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Valgrind's callgrind client requests for the bench/callgrind_*.c loops.
 * Without valgrind's header they are no-ops, so the same programs build
 * (and run as ordinary checks) on machines without valgrind.
 */
#ifndef WD_BENCH_CALLGRIND_CLIENT_H
#define WD_BENCH_CALLGRIND_CLIENT_H

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_ZERO_STATS
#define CALLGRIND_ZERO_STATS do { } while (0)
#define CALLGRIND_DUMP_STATS_AT(name) do { (void)(name); } while (0)
#endif

#endif /* WD_BENCH_CALLGRIND_CLIENT_H */
