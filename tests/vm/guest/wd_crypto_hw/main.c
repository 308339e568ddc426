/* guest: dynamic */
/* SPDX-License-Identifier: Apache-2.0 */
/*
 * wd_crypto_hw SUBCOMMAND [hw|mix]: guest tests of the crypto classes
 * through the public API, on vacc queues (TASK_HW, the default) or with
 * the CPU drivers as fallback (mix). Every algorithm the device lists in
 * /sys/class/uacce/vacc-0/algorithms is run and checked against OpenSSL.
 *
 *   cipher        every cipher: key sizes, lengths up to > 64 KiB, in place,
 *                 chained requests (IV write-back), scatter-gather
 *   digest        one-shot, long hashes (DOING ... END), HMAC, the AES MACs
 *   aead          GCM/CCM/authenc block mode, GCM streams, tag failures
 *   async         160 requests in flight per class (> 64 sessions), all verified
 *   unadvertised  what the device does not list fails under TASK_HW and
 *                 runs on the CPU under TASK_MIX (needs the device)
 *   smoke         one request per class, verified (after kill -9, reload)
 *   busy          the kill -9 victim: async requests in flight until killed
 *
 * Prints "ok - ..." / "not ok - ..." lines; exit 0 only if all passed, 77
 * when TASK_HW is asked on a host without a vacc device (set
 * WD_CPU_AS_HW=1 to run the TASK_HW paths on the CPU drivers there).
 */
#include <execinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "crypto_hw.h"

int failures;
struct run run;


/* Which drivers the task type must end up on: vacc_*, or the CPU's without a device. */
static int choose_run(const char *task)
{
	static const char *const hw[CLS_N] = { "vacc_cipher", "vacc_digest", "vacc_aead" };
	static const char *const cpu[CLS_N] = { "cpu_cipher", "cpu_digest", "cpu_aead" };
	const char *cpu_as_hw = getenv("WD_CPU_AS_HW");

	run.device = vacc_present();
	if (!strcmp(task, "mix")) {
		run.task = TASK_MIX;
	} else if (!strcmp(task, "hw")) {
		run.task = TASK_HW;
		if (!run.device && !(cpu_as_hw && !strcmp(cpu_as_hw, "1"))) {
			printf("# SKIP: no /sys/class/uacce/vacc-*: TASK_HW needs the vacc device "
			       "(run in the guest, or set WD_CPU_AS_HW=1 for the CPU drivers)\n");
			return 77;
		}
	} else {
		return 2;
	}
	memcpy(run.want, run.device ? hw : cpu, sizeof(run.want));
	printf("# %s, %s: requests must run on %s, %s, %s\n",
	       run.task == TASK_HW ? "TASK_HW" : "TASK_MIX",
	       run.device ? "vacc device present" : "no vacc device", run.want[0], run.want[1],
	       run.want[2]);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: wd_crypto_hw cipher|digest|aead|async|unadvertised|smoke|busy "
			"[hw|mix]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 3)
		return usage();
	ret = choose_run(argc > 2 ? argv[2] : "hw");
	if (ret)
		return ret == 2 ? usage() : ret;
	if (strcmp(cmd, "busy")) {
		guest_watchdog_arm();
		alarm(55);
	}
	if (calg_table_complete())
		failures++;
	if (!strcmp(cmd, "cipher"))
		test_cipher();
	else if (!strcmp(cmd, "digest"))
		test_digest();
	else if (!strcmp(cmd, "aead"))
		test_aead();
	else if (!strcmp(cmd, "async"))
		test_async();
	else if (!strcmp(cmd, "unadvertised"))
		test_unadvertised();
	else if (!strcmp(cmd, "smoke"))
		test_smoke();
	else if (!strcmp(cmd, "busy"))
		return busy_loop();
	else
		return usage();
	printf("# %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
