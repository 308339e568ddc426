/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The public calls every UADK algorithm class has in the same shape
 * (wd_<class>_init, _init2_, _env_init, _poll, _free_sess ...), defined
 * once here and instantiated by each class file with its engine:
 *
 *	static struct wdi_engine engine = WDI_ENGINE_INIT(&comp_class);
 *	WDI_CLASS_API(comp, engine)
 *
 * UADK writes these out per class (and they drifted apart); here a class
 * cannot differ by accident. The prototypes are the public headers', so
 * the compiler checks each instantiation against them.
 */
#ifndef WD_CLASS_API_H
#define WD_CLASS_API_H

#include "wd_engine.h"
#include "uadk/warpdrive.h"

#define WDI_CLASS_API(pfx, eng)							\
int wd_##pfx##_init(struct wd_ctx_config *config, struct wd_sched *sched)		\
{											\
	return wdi_engine_init_v1(&(eng), config, sched);				\
}											\
void wd_##pfx##_uninit(void)								\
{											\
	wdi_engine_uninit(&(eng));							\
}											\
int wd_##pfx##_init2_(char *alg, __u32 sched_type, int task_type,			\
		      struct wd_ctx_params *ctx_params)					\
{											\
	return wdi_engine_init_v2(&(eng), alg, sched_type, task_type, ctx_params);	\
}											\
void wd_##pfx##_uninit2(void)								\
{											\
	wdi_engine_uninit(&(eng));							\
}											\
int wd_##pfx##_env_init(struct wd_sched *sched)					\
{											\
	return wdi_engine_env_init(&(eng), sched);					\
}											\
void wd_##pfx##_env_uninit(void)							\
{											\
	wdi_engine_uninit(&(eng));							\
}											\
int wd_##pfx##_ctx_num_init(__u32 node, __u32 type, __u32 num, __u8 mode)		\
{											\
	return wdi_engine_ctx_num_init(&(eng), node, type, num, mode);			\
}											\
void wd_##pfx##_ctx_num_uninit(void)							\
{											\
	wdi_engine_uninit(&(eng));							\
}											\
int wd_##pfx##_get_env_param(__u32 node, __u32 type, __u32 mode, __u32 *num,		\
			     __u8 *is_enable)						\
{											\
	return wdi_engine_env_param(&(eng), node, type, mode, num, is_enable);		\
}											\
int wd_##pfx##_poll_ctx(__u32 idx, __u32 expt, __u32 *count)				\
{											\
	return wdi_engine_poll_ctx(&(eng), idx, expt, count);				\
}											\
int wd_##pfx##_poll(__u32 expt, __u32 *count)						\
{											\
	return wdi_engine_poll(&(eng), expt, count);					\
}											\
void wd_##pfx##_free_sess(handle_t h_sess)						\
{											\
	wdi_sess_free(&(eng), h_sess);							\
}											\
int wd_##pfx##_get_ctx_info(struct wd_ctx_info *out, int max)				\
{											\
	return wdi_engine_ctx_info(&(eng), out, max);					\
}											\
/* dlclose of the class library: libwd must not walk this engine at fork */	\
__attribute__((destructor)) static void wdi_##pfx##_untrack(void)			\
{											\
	wdi_engine_untrack(&(eng));							\
}

#endif /* WD_CLASS_API_H */
