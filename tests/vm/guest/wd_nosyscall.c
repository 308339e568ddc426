/* guest: dynamic */
/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Proof that the steady-state data path makes no system call: a child warms
 * up wd_comp on vacc queues (TASK_HW, async + poll), installs a seccomp
 * filter that traps every system call but exit_group and rt_sigreturn, and
 * runs a hot loop of submissions and polls. Any system call inside the loop
 * raises SIGSYS; the handler records its number in shared memory and exits.
 * `wd_nosyscall control` makes one getppid() after the loop, to prove the
 * trap fires (a test that cannot fail proves nothing).
 *
 * One system call is part of the protocol: the doorbell VACC_IOCTL_WAKE,
 * owed when the worker went to sleep. A worker sleeps after idle_us without
 * work, and a guest vCPU the host deschedules looks idle, so whether it
 * happens in the loop is the host's doing. The handler therefore lets that
 * ioctl through (re-issued with an argument the filter allows) and counts
 * it, and the check is that every WAKE answered a sleep the worker
 * published: WAKEs <= sleeps during the loop + 1 per queue (a sleep
 * published before the loop). The counts are printed; 0 WAKEs is the norm.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <uadk/wd_comp.h>
#include <uadk/wd_sched.h>
#include <uadk/warpdrive.h>

#include "vacc_abi.h"

#define DEPTH	16
#define BLOCK	4096
#define LOOPS	4000
#define MAXQ	8
/* the argument of the WAKE the handler re-issues: the filter lets it pass */
#define WAKE_PASS	0x57414b45u

struct shared {
	volatile long trapped_nr;	/* -1: no trap */
	volatile long done;		/* requests completed in the hot loop */
	volatile long bad;		/* completions with an error */
	volatile long wakes;		/* VACC_IOCTL_WAKEs in the hot loop */
	volatile long sleeps;		/* worker sleeps published meanwhile */
	volatile long queues;		/* ctrl pages found */
};

static struct shared *sh;
static unsigned char src[BLOCK], dst[DEPTH][BLOCK * 2];
static volatile long completed, bad, warm, wakes;
static volatile __u32 last_bad_status;
static struct vacc_ctrl *ctrls[MAXQ];
static int nctrl;

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	greg_t *r = ((ucontext_t *)uc)->uc_mcontext.gregs;
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
	sh->trapped_nr = si->si_syscall;
	sh->done = completed - warm;
	syscall(SYS_exit_group, 3);	/* allowed by the filter */
}

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

static long sleeps_now(void)
{
	long n = 0;
	int i;

	for (i = 0; i < nctrl; i++)
		n += __atomic_load_n(&ctrls[i]->sleeps, __ATOMIC_ACQUIRE);
	return n;
}

static int install_filter(void)
{
	const unsigned int a1 = offsetof(struct seccomp_data, args[1]);
	const unsigned int a2 = offsetof(struct seccomp_data, args[2]);
	struct sock_filter f[] = {
		/* 0 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		/* 2 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		/* 3 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		/* 4 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 11, 0),
		/* 5 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigreturn, 10, 0),
		/* 6 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 8),
		/* ioctl(fd, VACC_IOCTL_WAKE, WAKE_PASS) only: the handler's */
		/* 7 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a1),
		/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, VACC_IOCTL_WAKE, 0, 6),
		/* 9 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a1 + 4),
		/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4),
		/* 11 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2),
		/* 12 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, WAKE_PASS, 0, 2),
		/* 13 */ BPF_STMT(BPF_LD | BPF_W | BPF_ABS, a2 + 4),
		/* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0),
		/* 15 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP),
		/* 16 */ BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static void *done_cb(struct wd_comp_req *req, void *param)
{
	(void)param;
	if (req->status || !req->dst_len) {
		last_bad_status = req->status;
		bad++;
	}
	completed++;
	return NULL;
}

/* Keep DEPTH requests in flight for n completions: submit, poll, repeat. */
static int hot_loop(handle_t h, long n)
{
	long submitted = 0, start = completed;
	__u32 cnt;

	while (completed - start < n) {
		while (submitted - (completed - start) < DEPTH && submitted < n) {
			struct wd_comp_req r = { .src = src, .src_len = BLOCK,
						 .dst = dst[submitted % DEPTH], .dst_len = BLOCK * 2,
						 .op_type = WD_DIR_COMPRESS, .cb = done_cb,
						 .cb_param = sh };	/* UADK requires one */

			int ret = wd_do_comp_async(h, &r);

			if (ret == -WD_EBUSY)
				break;	/* ring full: poll first */
			if (ret)
				return ret;
			submitted++;
		}
		wd_comp_poll(DEPTH, &cnt);
	}
	return bad ? -1 : 0;
}

static int child(int control)
{
	struct wd_ctx_nums nums[WD_DIR_MAX] = { { 0, 1 }, { 0, 0 } };
	struct wd_ctx_params p = { .op_type_num = WD_DIR_MAX, .ctx_set_num = nums };
	struct sched_params sp = { .numa_id = -1, .type = WD_DIR_COMPRESS, .mode = CTX_MODE_ASYNC };
	struct wd_comp_sess_setup ss = { .alg_type = WD_DEFLATE, .op_type = WD_DIR_COMPRESS,
					 .comp_lv = WD_COMP_L1, .win_sz = WD_COMP_WS_32K,
					 .sched_param = &sp };
	struct sigaction sa;
	long sleeps0;
	handle_t h;
	int ret;
	size_t i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)("warpdrive queue "[i % 16] + (i / 977));
	if (wd_comp_init2_("deflate", SCHED_POLICY_RR, TASK_HW, &p))
		return 10;
	h = wd_comp_alloc_sess(&ss);
	if (!h)
		return 11;
	ret = hot_loop(h, 200);		/* warm: pools, ring, lazily set-up state */
	if (ret) {
		printf("# warm-up failed: %d (%s), %ld bad completions, last status %u\n", ret,
		       wd_strerror(ret), bad, last_bad_status);
		return 11;
	}
	warm = completed;
	printf("# warm: %ld requests done, %ld bad\n", completed, bad);
	fflush(stdout);
	find_ctrl_pages();
	sh->queues = nctrl;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	if (sigaction(SIGSYS, &sa, NULL) || install_filter())
		return 12;
	/* from here on a system call but the WAKE ends the process through on_sigsys */
	sleeps0 = sleeps_now();
	if (hot_loop(h, LOOPS))
		return 13;
	sh->sleeps = sleeps_now() - sleeps0;
	sh->wakes = wakes;
	sh->done = completed - warm;
	sh->bad = bad;
	if (control)
		syscall(SYS_getppid);
	syscall(SYS_exit_group, 0);
	return 0;
}

int main(int argc, char **argv)
{
	int control = argc > 1 && !strcmp(argv[1], "control");
	int st, code;
	pid_t pid;

	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 2;
	sh->trapped_nr = -1;
	pid = fork();
	if (!pid) {
		int code;

		alarm(45);	/* a stuck loop must end and say so, before the case timeout */
		code = child(control);
		fflush(stdout);
		_exit(code);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		printf("not ok - nosyscall: child died abnormally (status 0x%x)\n", st);
		return 1;
	}
	code = WEXITSTATUS(st);
	if (control) {
		int ok = code == 3 && sh->trapped_nr == SYS_getppid;

		printf("%s - nosyscall control: a getppid() after the loop is trapped "
		       "(exit %d, syscall %ld)\n", ok ? "ok" : "not ok", code, sh->trapped_nr);
		return ok ? 0 : 1;
	}
	printf("# nosyscall: %ld requests, %ld WAKEs, worker sleeps %ld on %ld queue(s)\n",
	       sh->done, sh->wakes, sh->sleeps, sh->queues);
	if (code == 0 && sh->trapped_nr == -1 && sh->done >= LOOPS &&
	    sh->wakes <= sh->sleeps + sh->queues) {
		printf("ok - nosyscall: %ld async requests (4 KiB, %d in flight) submitted and "
		       "completed under a seccomp trap: no system call but %ld doorbell(s), each "
		       "answering a worker sleep\n", sh->done, DEPTH, sh->wakes);
		return 0;
	}
	printf("not ok - nosyscall: exit %d, trapped syscall %ld after %ld requests; %ld WAKEs "
	       "for %ld sleeps on %ld queue(s)\n", code, sh->trapped_nr, sh->done, sh->wakes,
	       sh->sleeps, sh->queues);
	return 1;
}
