/* SPDX-License-Identifier: Apache-2.0 */
/*
 * UADK's scheduler calls, exported by each class library where UADK's ABI
 * puts them (libwd_comp, libwd_crypto): the RR scheduler itself is libwd's.
 * Built into every class library from this one file.
 */
#include "uadk/wd_sched.h"
#include "wd_engine.h"

struct wd_sched *wd_sched_rr_alloc(__u8 sched_type, __u8 type_num, __u16 numa_num,
				   user_poll_func func)
{
	return wdi_sched_rr_alloc(sched_type, type_num, numa_num, func, NULL);
}

int wd_sched_rr_instance(const struct wd_sched *sched, struct sched_params *param)
{
	return wdi_sched_rr_instance(sched, param);
}

void wd_sched_rr_release(struct wd_sched *sched)
{
	wdi_sched_rr_release(sched);
}
