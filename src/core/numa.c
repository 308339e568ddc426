/* SPDX-License-Identifier: Apache-2.0 */
#define _GNU_SOURCE
#include <sched.h>
#include "wd_engine.h"
#ifdef WD_HAVE_NUMA
#include <numa.h>
#endif

int wdi_current_numa(void)
{
	int node = 0;
#ifdef WD_HAVE_NUMA
	int cpu = sched_getcpu();

	if (cpu >= 0 && numa_available() >= 0)
		node = numa_node_of_cpu(cpu);
#endif
	return node < 0 || node >= WDI_MAX_NUMA ? 0 : node;
}
