/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The page path's x86 builds (cpu_pg*.c): whether they are compiled in
 * (CPU_PG_X86) and the CPU features they are chosen by at run time. Built
 * with CPU_PG_PLAIN defined (the unit tests' second build), they are left
 * out, as on other machines, so that the portable code is tested here too.
 */
#ifndef CPU_PGX86_H
#define CPU_PGX86_H

#if defined(__x86_64__) && !defined(CPU_PG_PLAIN)
#define CPU_PG_X86 1
#include <immintrin.h>
#define CPU_PG_HAVE_AVX2() __builtin_cpu_supports("avx2")
#define CPU_PG_HAVE_BMI2() __builtin_cpu_supports("bmi2")
#else
#define CPU_PG_X86 0
#define CPU_PG_HAVE_AVX2() 0
#define CPU_PG_HAVE_BMI2() 0
#endif

#endif /* CPU_PGX86_H */
