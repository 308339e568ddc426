/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The check line the guest programs print (one "ok - ..." / "not ok - ..."
 * per check, suite.sh shows them): CHECK(cond, printf-format, ...). The
 * program defines `int failures`, the count of failed checks. Guest
 * programs reach this directory through -I (tests/vm/run_vm_tests.sh).
 */
#ifndef WD_GUEST_CHECK_H
#define WD_GUEST_CHECK_H

#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

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

/* A stuck test says where it is stuck: backtrace on SIGALRM, then exit 124. */
static inline void guest_on_alarm(int sig)
{
	void *frames[32];
	int n = backtrace(frames, 32);

	(void)sig;
	dprintf(2, "# pid %d stuck (SIGALRM), backtrace:\n", (int)getpid());
	backtrace_symbols_fd(frames, n, 2);
	_exit(124);
}

/* SIGALRM (an alarm() the caller sets) ends the process with a backtrace. */
static inline void guest_watchdog_arm(void)
{
	signal(SIGALRM, guest_on_alarm);
}

#endif
