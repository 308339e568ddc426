/* SPDX-License-Identifier: Apache-2.0 */
/* A one-line progress bar on stderr for long `wd zip` runs. */
#ifndef WD_CLI_PROGRESS_H
#define WD_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

/* Below this the run is too short for a bar to be worth the noise. */
#define PROGRESS_MIN_BYTES	(16ULL << 20)

struct progress {
	bool on;
	const char *label;
	uint64_t total;		/* input size in bytes */
	uint64_t start_ms;
	uint64_t last_ms;	/* last redraw */
};

/*
 * Enable the bar only when stderr is a terminal, the size is known and
 * large, and the user did not ask for quiet. Otherwise every call is a no-op.
 */
void progress_begin(struct progress *p, const char *label, uint64_t total, bool quiet);
/* done: input bytes processed so far. Redraws at most a few times a second. */
void progress_update(struct progress *p, uint64_t done);
/* Erase the bar so that following messages start on a clean line. */
void progress_end(struct progress *p);

#endif /* WD_CLI_PROGRESS_H */
