/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include "wd_engine.h"
#ifdef WD_HAVE_NUMA
#include <numa.h>

static pthread_once_t numa_once = PTHREAD_ONCE_INIT;
static int numa_ok;

/* libnuma builds its tables on first use, and that is not thread-safe */
static void numa_warm(void)
{
	numa_ok = numa_available() >= 0;
	if (numa_ok)
		numa_node_of_cpu(0);
}
#endif

int wdi_current_numa(void)
{
	int node = 0;
#ifdef WD_HAVE_NUMA
	int cpu = sched_getcpu();

	pthread_once(&numa_once, numa_warm);
	if (cpu >= 0 && numa_ok)
		node = numa_node_of_cpu(cpu);
#endif
	return node < 0 || node >= WDI_MAX_NUMA ? 0 : node;
}
