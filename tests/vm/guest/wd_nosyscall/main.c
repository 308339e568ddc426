/* guest: dynamic */
/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Proof that the steady-state data path makes no system call:
 *
 *   wd_nosyscall [crypto [async]] [control]
 *
 * A child warms up the library on vacc queues (TASK_HW), arms a seccomp
 * filter that traps every system call but exit_group and rt_sigreturn
 * (trap.c), and runs a hot loop: async compression with DEPTH requests in
 * flight and polling (comp.c), or with "crypto" sync AES-CBC, SHA-256 and
 * AES-GCM requests (crypto.c), or with "crypto async" AES-CBC and AES-GCM
 * requests in flight and polling (crypto_async.c). Any system call inside the loop raises
 * SIGSYS; the handler records its number in shared memory and exits.
 * "control" makes one getppid() after the loop, to prove the trap fires
 * (a test that cannot fail proves nothing).
 *
 * Two system calls are part of the protocol and are let through, counted
 * and checked (trap.c):
 *   - the doorbell VACC_IOCTL_WAKE, owed when the worker went to sleep. A
 *     worker sleeps after idle_us without work, and a guest vCPU the host
 *     deschedules looks idle, so whether it happens is the host's doing;
 *     every WAKE must answer a sleep the worker published: WAKEs <= sleeps
 *     during the loop + 1 per queue (a sleep published before the loop).
 *   - sync crypto only: the slow path of a sync request the device has
 *     not answered within the library's spin budget - its wait (poll() on
 *     the queue fd) and its timeout's clock reads, system calls where the
 *     clocksource has no vDSO read (the guest's hpet) - again the host's
 *     doing under TCG, where the device is a kernel thread on a vCPU that
 *     may not run; it must be for a request that is outstanding (on an
 *     idle queue it fails).
 * The counts are printed; 0 WAKEs and no slow path is the norm on
 * hardware, and the "fast" count says how many requests completed with
 * no system call at all.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "trap.h"

#define COMP_LOOPS	4000
#define CRYPTO_ROUNDS	1000	/* 3 requests each */
#define CRYPTO_ASYNC_LOOPS	3000

struct shared *sh;
volatile long completed, warm;

/* The syscalls a broken hot loop is likeliest to make, by name. */
static const char *sys_name(long nr)
{
	switch (nr) {
	case SYS_clock_gettime:
		return " (clock_gettime: the clocksource has no vDSO read?)";
	case SYS_poll:
		return " (poll)";
	case SYS_ppoll:
		return " (ppoll)";
	case SYS_ioctl:
		return " (ioctl)";
	case SYS_futex:
		return " (futex)";
	case SYS_getppid:
		return " (getppid)";
	case SYS_write:
		return " (write)";
	default:
		return "";
	}
}

static void print_clocksource(void)
{
	char cs[64] = "?";
	FILE *f = fopen("/sys/devices/system/clocksource/clocksource0/current_clocksource", "re");

	if (f && fgets(cs, sizeof(cs), f))
		cs[strcspn(cs, "\n")] = 0;
	if (f)
		fclose(f);
	printf("# clocksource: %s\n", cs);
}

int main(int argc, char **argv)
{
	int crypto = 0, async = 0, control = 0, i, st, code;
	const char *what;
	long want;
	pid_t pid;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "crypto")) {
			crypto = 1;
		} else if (crypto && !strcmp(argv[i], "async")) {
			async = 1;
		} else if (!strcmp(argv[i], "control")) {
			control = 1;
		} else {
			fprintf(stderr, "usage: wd_nosyscall [crypto [async]] [control]\n");
			return 2;
		}
	}
	what = async ? "nosyscall crypto async" : crypto ? "nosyscall crypto" : "nosyscall";
	want = async ? CRYPTO_ASYNC_LOOPS : crypto ? 3L * CRYPTO_ROUNDS : COMP_LOOPS;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	sh->trapped_nr = -1;
	if (crypto)
		print_clocksource();
	fflush(stdout);
	pid = fork();
	if (!pid) {
		alarm(45);	/* a stuck loop must end and say so, before the case timeout */
		code = async ? crypto_async_child(CRYPTO_ASYNC_LOOPS) :
		       crypto ? crypto_child(CRYPTO_ROUNDS) : comp_child(COMP_LOOPS);
		if (code >= 10 && code <= 12)
			fflush(stdout);	/* failed before the trap was armed */
		if (!code && control)
			syscall(SYS_getppid);
		syscall(SYS_exit_group, code);	/* stdio would make a system call */
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		printf("not ok - %s: child died abnormally (status 0x%x)\n", what, st);
		return 1;
	}
	code = WEXITSTATUS(st);
	if (control) {
		int ok = code == 3 && sh->trapped_nr == SYS_getppid;

		printf("%s - %s control: a getppid() after the loop is trapped (exit %d, "
		       "syscall %ld)\n", ok ? "ok" : "not ok", what, code, sh->trapped_nr);
		return ok ? 0 : 1;
	}
	printf("# %s: %ld requests (%ld bad), %ld WAKEs, worker sleeps %ld on %ld queue(s); "
	       "slow path: %ld requests, %ld waits, %ld clock reads (%ld on an idle queue)\n",
	       what, sh->done, sh->bad, sh->wakes, sh->sleeps, sh->queues, sh->slow, sh->waits,
	       sh->clocks, sh->idle_waits);
	/* with a device, the loop must have run on its queues (not the CPU drivers) */
	if (!access("/sys/class/uacce/vacc-0", F_OK) && !sh->queues) {
		printf("not ok - %s: no vacc queue was mapped: the requests did not run there\n",
		       what);
		return 1;
	}
	if (crypto && !async)
		printf("# slow path by class: cipher %ld, digest %ld, aead %ld\n", sh->slow_by[0],
		       sh->slow_by[1], sh->slow_by[2]);
	if (code == 0 && sh->trapped_nr == -1 && sh->done >= want && !sh->bad &&
	    sh->wakes <= sh->sleeps + sh->queues && !sh->idle_waits) {
		if (async)
			printf("ok - %s: %ld async requests (1 KiB AES-CBC and AES-GCM, 16 of each "
			       "in flight, each = OpenSSL) under a seccomp trap: no system call but "
			       "%ld doorbell(s), each answering a worker sleep\n", what, sh->done,
			       sh->wakes);
		else if (crypto)
			printf("ok - %s: %ld sync requests (AES-CBC, SHA-256, AES-GCM, each = "
			       "OpenSSL) under a seccomp trap, %ld with no system call at all; "
			       "the others only waited for the device (%ld doorbells answering "
			       "worker sleeps)\n", what, sh->done, sh->done - sh->slow, sh->wakes);
		else
			printf("ok - %s: %ld async requests (4 KiB, 16 in flight) submitted and "
			       "completed under a seccomp trap: no system call but %ld doorbell(s), "
			       "each answering a worker sleep\n", what, sh->done, sh->wakes);
		return 0;
	}
	printf("not ok - %s: exit %d, trapped syscall %ld%s after %ld requests (%ld bad); "
	       "%ld WAKEs for %ld sleeps on %ld queue(s); %ld idle waits\n", what, code,
	       sh->trapped_nr, sys_name(sh->trapped_nr), sh->done, sh->bad, sh->wakes,
	       sh->sleeps, sh->queues, sh->idle_waits);
	return 1;
}
