// SPDX-License-Identifier: Apache-2.0
/* Progress bar on stderr; silent unless stderr is a terminal. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "progress.h"

#define REDRAW_MS	200

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		return ws.ws_col;
	return 80;
}

void progress_begin(struct progress *p, const char *label, uint64_t total, bool quiet)
{
	memset(p, 0, sizeof(*p));
	if (quiet || total <= PROGRESS_MIN_BYTES || !isatty(STDERR_FILENO))
		return;
	p->on = true;
	p->label = label;
	p->total = total;
	p->start_ms = now_ms();
}

void progress_update(struct progress *p, uint64_t done)
{
	char bar[64], label[48];
	uint64_t t, elapsed;
	double rate, pct;
	int width, bar_w, fill, i;

	if (!p->on)
		return;
	t = now_ms();
	if (t - p->last_ms < REDRAW_MS && done < p->total)
		return;
	p->last_ms = t;

	if (done > p->total)
		done = p->total;	/* the file grew while we read it */
	pct = (double)done * 100.0 / (double)p->total;
	elapsed = t - p->start_ms;
	rate = elapsed ? (double)done / 1048576.0 / ((double)elapsed / 1000.0) : 0.0;

	/* Label, bar, percentage and rate must fit on one line or \r breaks. */
	width = term_width();
	snprintf(label, sizeof(label), "%s", p->label);
	bar_w = width - (int)strlen(label) - 32;
	if (bar_w > (int)sizeof(bar) - 1)
		bar_w = sizeof(bar) - 1;
	if (bar_w < 10) {
		label[0] = '\0';
		bar_w = 10;
	}
	fill = (int)(pct * bar_w / 100.0);
	for (i = 0; i < bar_w; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[bar_w] = '\0';
	fprintf(stderr, "\r%s [%s] %5.1f%% %8.1f MiB/s", label, bar, pct, rate);
	fflush(stderr);
}

void progress_end(struct progress *p)
{
	if (!p->on)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->on = false;
}
