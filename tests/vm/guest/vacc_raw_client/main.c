// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client: find the vacc device, set up the shared buffers and run
 * one subcommand (see raw.h for the usage and the files).
 */
#include "raw.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "basic";
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (find_dev()) {
		printf("not ok - find device: no vacc device in /sys/class/uacce\n");
		return 1;
	}
	data = xalloc(CAP);
	cbuf = xalloc(CAP + PAGE);
	dbuf = xalloc(CAP);
	zbuf = xalloc(CAP + PAGE);
	gen_data(data, CAP);

	if (!strcmp(cmd, "basic"))
		r = cmd_basic();
	else if (!strcmp(cmd, "hostile"))
		r = cmd_hostile();
	else if (!strcmp(cmd, "fork"))
		r = cmd_fork();
	else if (!strcmp(cmd, "wake"))
		r = cmd_wake();
	else if (!strcmp(cmd, "cqfull"))
		r = cmd_cqfull();
	else if (!strcmp(cmd, "stuck"))
		r = cmd_stuck();
	else if (!strcmp(cmd, "crypto"))
		r = cmd_crypto();
	else if (!strcmp(cmd, "crypto-hostile"))
		r = cmd_crypto_hostile();
	else if (!strcmp(cmd, "crypto-busy"))
		r = cmd_crypto_busy();
	else if (!strcmp(cmd, "crypto-quick"))
		r = cmd_crypto_quick();
	else if (!strcmp(cmd, "hold"))
		r = cmd_hold(!(argc > 2 && !strcmp(argv[2], "noack")));
	else {
		fprintf(stderr, "usage: %s basic|hostile|fork|wake|stuck|cqfull|hold [noack]|"
			"crypto|crypto-hostile|crypto-busy|crypto-quick\n", argv[0]);
		return 2;
	}
	printf("# %s: %d passed, %d failed\n", cmd, n_pass, n_fail);
	return r || n_fail ? 1 : 0;
}
