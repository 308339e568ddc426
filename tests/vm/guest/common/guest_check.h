/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The check line the guest programs print (one "ok - ..." / "not ok - ..."
 * per check, suite.sh shows them): CHECK(cond, printf-format, ...). The
 * program defines `int failures`, the count of failed checks. Guest
 * programs reach this directory through -I (tests/vm/run_vm_tests.sh).
 */
#ifndef WD_GUEST_CHECK_H
#define WD_GUEST_CHECK_H

#include <stdio.h>

#define CHECK(cond, ...)                                                              \
	do {                                                                          \
		if (cond) {                                                           \
			printf("ok - " __VA_ARGS__);                                  \
			printf("\n");                                                 \
		} else {                                                              \
			failures++;                                                   \
			printf("not ok - " __VA_ARGS__);                              \
			printf(" (%s:%d: %s)\n", __FILE__, __LINE__, #cond);          \
		}                                                                     \
		fflush(stdout);                                                       \
	} while (0)

#endif
