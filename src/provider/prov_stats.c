// SPDX-License-Identifier: Apache-2.0
/*
 * Which code ran the provider's requests: the WarpDrive driver of each
 * session (counted by the library per session, added up here when the
 * session is freed) and the software path. WARPDRIVE_STATS=<file> appends
 * one JSON line at unload: how a test proves TLS records ran on a queue.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uadk/warpdrive.h>

#include "prov.h"

#define STATS_DRIVERS 16
#define TEARDOWN_HOOKS 8

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char name[32];
	uint64_t requests;
} drivers[STATS_DRIVERS];
static int ndrivers;
static uint64_t sw_requests;	/* racy by design: no atomic on the data path */
static void (*hooks[TEARDOWN_HOOKS])(void);
static int nhooks;

void wdp_count_sw(void)
{
	__atomic_store_n(&sw_requests, __atomic_load_n(&sw_requests, __ATOMIC_RELAXED) + 1,
			 __ATOMIC_RELAXED);
}

void wdp_stats_add_session(handle_t h)
{
	struct wd_sess_driver_count c[STATS_DRIVERS];
	int n = wd_sess_get_driver_counts(h, c, STATS_DRIVERS), i, j;

	if (n <= 0)
		return;
	if (n > STATS_DRIVERS)
		n = STATS_DRIVERS;
	pthread_mutex_lock(&stats_lock);
	for (i = 0; i < n; i++) {
		c[i].driver[sizeof(c[i].driver) - 1] = 0;
		for (j = 0; j < ndrivers; j++)
			if (!strcmp(drivers[j].name, c[i].driver))
				break;
		if (j == ndrivers) {
			if (ndrivers == STATS_DRIVERS)
				continue;
			strcpy(drivers[ndrivers++].name, c[i].driver);
		}
		drivers[j].requests += c[i].requests;
	}
	pthread_mutex_unlock(&stats_lock);
}

void wdp_at_teardown(void (*fn)(void))
{
	pthread_mutex_lock(&stats_lock);
	for (int i = 0; i < nhooks; i++)
		if (hooks[i] == fn)
			goto out;
	if (nhooks < TEARDOWN_HOOKS)
		hooks[nhooks++] = fn;
out:
	pthread_mutex_unlock(&stats_lock);
}

void wdp_teardown_hooks(void)
{
	pthread_mutex_lock(&stats_lock);
	int n = nhooks;

	nhooks = 0;
	pthread_mutex_unlock(&stats_lock);
	for (int i = 0; i < n; i++)
		hooks[i]();
}

void wdp_stats_report(void)
{
	const char *path = getenv("WARPDRIVE_STATS");
	FILE *f;

	/* the hooks free pooled sessions: their counts belong in the report */
	wdp_teardown_hooks();
	if (!path || !*path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	pthread_mutex_lock(&stats_lock);
	fprintf(f, "{\"pid\":%ld,\"requests\":{", (long)getpid());
	for (int i = 0; i < ndrivers; i++)
		fprintf(f, "\"%s\":%" PRIu64 ",", drivers[i].name, drivers[i].requests);
	fprintf(f, "\"sw\":%" PRIu64 "}}\n", __atomic_load_n(&sw_requests, __ATOMIC_RELAXED));
	pthread_mutex_unlock(&stats_lock);
	fclose(f);
}
