/* SPDX-License-Identifier: Apache-2.0 */
/* Quiet by default: the level is read once from WD_LOG_LEVEL. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "wd_log.h"
#include "uadk/wd.h"

int wdi_log_threshold = -1;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static void log_read_env(void)
{
	const char *v = getenv("WD_LOG_LEVEL");
	int lvl = WDI_LOG_NONE;

	if (v) {
		if (!strcasecmp(v, "error") || !strcmp(v, "1"))
			lvl = WDI_LOG_ERROR;
		else if (!strcasecmp(v, "warn") || !strcasecmp(v, "warning") || !strcmp(v, "2"))
			lvl = WDI_LOG_WARN;
		else if (!strcasecmp(v, "info") || !strcmp(v, "3"))
			lvl = WDI_LOG_INFO;
		else if (!strcasecmp(v, "debug") || !strcmp(v, "4"))
			lvl = WDI_LOG_DEBUG;
	}
	__atomic_store_n(&wdi_log_threshold, lvl, __ATOMIC_RELEASE);
}

int wdi_log_level(void)
{
	pthread_once(&log_once, log_read_env);
	return wdi_log_threshold;
}

void wdi_log_write(int level, const char *fmt, ...)
{
	static const char *const names[] = { "", "error", "warn", "info", "debug" };
	char line[512];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "warpdrive[%d] %s: ", (int)getpid(),
		     names[level < 0 || level > WDI_LOG_DEBUG ? 0 : level]);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	/* one write per line so lines from threads do not interleave */
	fprintf(stderr, "%s\n", line);
}

bool wd_need_debug(void)
{
	return wdi_log_level() >= WDI_LOG_DEBUG;
}

bool wd_need_info(void)
{
	return wdi_log_level() >= WDI_LOG_INFO;
}

void wd_get_version(void)
{
	/* UADK prints its version here; a library call should not, unless asked. */
	wd_info("WarpDrive " "2.10.0" " (UADK 2.10 compatible)");
}
