/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The trap: a seccomp filter that lets through exit_group, rt_sigreturn
 * and two re-issued forms only the SIGSYS handler makes, and traps every
 * other system call. The handler ends the child on any trapped call but
 * two, which are part of the queue protocol and are re-issued, counted
 * and checked instead:
 *   - the doorbell VACC_IOCTL_WAKE, owed when the worker published a
 *     sleep (the parent checks WAKEs <= sleeps + queues);
 *   - with allow_waits, a sync request's slow path, taken when the device
 *     has not answered within the library's spin budget: its wait (poll()
 *     on one of our queue fds) and the clock reads of its timeout, system
 *     calls where the clocksource has no vDSO read (the TCG guest's hpet).
 *     They must be for an outstanding request (a wait or clock read with
 *     nothing outstanding is counted in idle_waits, a failure).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include "vacc_abi.h"
#include "trap.h"

#define MAXQ	16
/* the arguments of the calls the handler re-issues: the filter lets those pass */
#define WAKE_PASS	0x57414b45u	/* ioctl(fd, VACC_IOCTL_WAKE, WAKE_PASS) */
#define PPOLL_PASS	0x504f4c4cu	/* ppoll(fds, n, ts, NULL, PPOLL_PASS): the size */
					/* of a sigmask that is NULL, so unused */
#define CLOCK_PASS	0x434c4b21u	/* clock_gettime(id, ts, CLOCK_PASS): a third */
					/* argument the kernel ignores */

static struct vacc_ctrl *ctrls[MAXQ];
static int nctrl, qfds[MAXQ], nqfd;
static bool waits_allowed;
static volatile long wakes, waits, clocks, slow, idle_waits, slow_at = -1;

/* The ctrl pages (MMIO region, offset 0, one page) of our vacc queues. */
static void find_ctrl_pages(void)
{
	unsigned long lo, hi, off;
	char line[512], path[256];
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && fgets(line, sizeof(line), f) && nctrl < MAXQ) {
		if (sscanf(line, "%lx-%lx %*s %lx %*s %*s %255s", &lo, &hi, &off, path) == 4 &&
		    !strncmp(path, "/dev/vacc-", 10) && !off && hi - lo == 4096)
			ctrls[nctrl++] = (struct vacc_ctrl *)lo;
	}
	if (f)
		fclose(f);
}

/* Our open queue fds (links to /dev/vacc-*): the only fds a wait may be on. */
static void find_queue_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	char path[300], target[64];
	struct dirent *e;
	ssize_t n;

	while (d && (e = readdir(d)) && nqfd < MAXQ) {
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = 0;
		if (!strncmp(target, "/dev/vacc-", 10))
			qfds[nqfd++] = atoi(e->d_name);
	}
	if (d)
		closedir(d);
}

long trap_sleeps(void)
{
	long n = 0;
	int i;

	for (i = 0; i < nctrl; i++)
		n += __atomic_load_n(&ctrls[i]->sleeps, __ATOMIC_ACQUIRE);
	return n;
}

/* A request submitted and not yet reaped on one of our queues. */
static bool outstanding(void)
{
	int i;

	for (i = 0; i < nctrl; i++)
		if (__atomic_load_n(&ctrls[i]->sq_tail, __ATOMIC_RELAXED) !=
		    __atomic_load_n(&ctrls[i]->cq_head, __ATOMIC_RELAXED))
			return true;
	return false;
}

static bool queue_wait(const struct pollfd *p, unsigned long n)
{
	int i;

	if (!waits_allowed || n != 1 || !p)
		return false;
	for (i = 0; i < nqfd; i++)
		if (p->fd == qfds[i])
			return true;
	return false;
}

/* A slow-path call of the request now in flight: counted, and must have one. */
static void slow_path(void)
{
	idle_waits += !outstanding();
	if (slow_at != completed) {
		slow_at = completed;
		slow++;
		sh->slow_by[completed % 3]++;
	}
}

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	greg_t *r = ((ucontext_t *)uc)->uc_mcontext.gregs;
	struct pollfd *p = (struct pollfd *)r[REG_RDI];
	struct timespec ts, *tp = NULL;
	int e = errno;
	long ret;

	(void)sig;
	if (si->si_syscall == SYS_ioctl &&
	    (unsigned long)r[REG_RSI] == VACC_IOCTL_WAKE) {
		/* the doorbell: done here, counted, its result returned */
		ret = syscall(SYS_ioctl, r[REG_RDI], VACC_IOCTL_WAKE, WAKE_PASS);
		r[REG_RAX] = ret < 0 ? -errno : ret;
		wakes++;
		errno = e;
		return;
	}
	if ((si->si_syscall == SYS_poll || (si->si_syscall == SYS_ppoll && !r[REG_R10])) &&
	    queue_wait(p, (unsigned long)r[REG_RSI])) {
		/* a sync request's wait: re-issued as the ppoll the filter passes */
		if (si->si_syscall == SYS_poll && (int)r[REG_RDX] >= 0) {
			ts.tv_sec = (int)r[REG_RDX] / 1000;
			ts.tv_nsec = (long)((int)r[REG_RDX] % 1000) * 1000000;
			tp = &ts;
		} else if (si->si_syscall == SYS_ppoll) {
			tp = (struct timespec *)r[REG_RDX];
		}
		slow_path();
		ret = syscall(SYS_ppoll, p, 1, tp, NULL, PPOLL_PASS);
		r[REG_RAX] = ret < 0 ? -errno : ret;
		waits++;
		errno = e;
		return;
	}
	if (si->si_syscall == SYS_clock_gettime && waits_allowed) {
		slow_path();
		ret = syscall(SYS_clock_gettime, r[REG_RDI], r[REG_RSI], CLOCK_PASS);
		r[REG_RAX] = ret < 0 ? -errno : ret;
		clocks++;
		errno = e;
		return;
	}
	sh->trapped_nr = si->si_syscall;
	sh->done = completed - warm;
	syscall(SYS_exit_group, 3);	/* allowed by the filter */
}

static int install_filter(void)
{
	const unsigned int a1 = offsetof(struct seccomp_data, args[1]);
	const unsigned int a2 = offsetof(struct seccomp_data, args[2]);
	const unsigned int a4 = offsetof(struct seccomp_data, args[4]);
	/* jumps count from the next instruction: TRAP is 25, ALLOW 26 */
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		/* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 21, 0),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigreturn, 20, 0),
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 2, 0),
		/* 7 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ppoll, 9, 0),
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clock_gettime, 12, 16),
		/* ioctl(fd, VACC_IOCTL_WAKE, WAKE_PASS) only: the handler's */
		/* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a1),
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, VACC_IOCTL_WAKE, 0, 14),
		/* 11 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a1 + 4),
		/* 12 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 12),
		/* 13 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2),
		/* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, WAKE_PASS, 0, 10),
		/* 15 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2 + 4),
		/* 16 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 9, 8),
		/* ppoll(..., PPOLL_PASS) only: the handler's */
		/* 17 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a4),
		/* 18 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PPOLL_PASS, 0, 6),
		/* 19 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a4 + 4),
		/* 20 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 4),
		/* clock_gettime(id, ts, CLOCK_PASS) only: the handler's */
		/* 21 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2),
		/* 22 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, CLOCK_PASS, 0, 2),
		/* 23 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2 + 4),
		/* 24 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		/* 25 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		/* 26 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int trap_arm(bool allow_waits)
{
	struct sigaction sa;

	find_ctrl_pages();
	find_queue_fds();
	sh->queues = nctrl;
	waits_allowed = allow_waits;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) || install_filter())
		return -1;
	return 0;
}

void trap_report(void)
{
	sh->wakes = wakes;
	sh->waits = waits;
	sh->clocks = clocks;
	sh->slow = slow;
	sh->idle_waits = idle_waits;
}

int trap_run(bool allow_waits, int (*loop)(void *arg), void *arg, const volatile long *bad)
{
	long sleeps0;
	int failed;

	warm = completed;
	fflush(stdout);
	if (trap_arm(allow_waits))
		return 12;
	/* from here on a system call the trap does not let through ends the process */
	sleeps0 = trap_sleeps();
	failed = loop(arg);
	sh->sleeps = trap_sleeps() - sleeps0;
	sh->done = completed - warm;
	sh->bad = *bad;
	trap_report();
	return failed || *bad ? 13 : 0;
}
