/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Environment configuration, as UADK documents it:
 *   WD_<ALG>_CTX_NUM="sync-comp:2@0,async-decomp:1@1,..."  (mode-op:count@node)
 *   WD_<ALG>_ASYNC_POLL_EN=1   a library thread polls async ctxs
 *   WD_<ALG>_EPOLL_EN=1        sync waits on queue devices sleep in poll()
 * and WarpDrive's own WD_CPU_AS_HW=1 (CPU drivers may serve TASK_HW).
 */
#include <stdlib.h>
#include <string.h>
#include "wd_engine.h"
#include "wd_log.h"

bool wdi_env_flag(const char *name)
{
	const char *v = getenv(name);

	return v && (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
		     !strcasecmp(v, "on"));
}

__u32 wdi_env_uint(const char *name, __u32 lo, __u32 hi, __u32 dflt)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return dflt;
	n = strtoul(v, &end, 10);
	if (*end || n < lo || n > hi) {
		wd_warn("%s=%s is not in %u..%u; using %u", name, v, lo, hi, dflt);
		return dflt;
	}
	return (__u32)n;
}

bool wdi_cpu_as_hw(void)
{
	return wdi_env_flag("WD_CPU_AS_HW");
}

static int parse_uint(const char *s, const char *end, long max, long *out)
{
	char *stop;
	long v;

	if (s == end || *s < '0' || *s > '9')
		return -WD_EINVAL;
	v = strtol(s, &stop, 10);
	if (stop != end || v < 0 || v > max)
		return -WD_EINVAL;
	*out = v;
	return 0;
}

/* One "mode-op:count@node" item. */
static int parse_item(const struct wdi_class *cls, const char *s, const char *end,
		      struct wdi_ctx_plan *plans, int *nplan, int max)
{
	const char *dash = memchr(s, '-', (size_t)(end - s));
	const char *colon = memchr(s, ':', (size_t)(end - s));
	const char *at = memchr(s, '@', (size_t)(end - s));
	long count, node;
	int mode, op = -1, i;
	__u32 t;

	/* UADK's crypto classes name no op type: "sync:2@0" */
	if (cls->flags & WDI_CLASS_UNTYPED) {
		if (dash)
			return -WD_EINVAL;
		dash = colon;
		op = 0;
	}
	if (!dash || !colon || !at || !(dash <= colon && colon < at))
		return -WD_EINVAL;
	if ((size_t)(dash - s) == 4 && !strncmp(s, "sync", 4))
		mode = CTX_MODE_SYNC;
	else if ((size_t)(dash - s) == 5 && !strncmp(s, "async", 5))
		mode = CTX_MODE_ASYNC;
	else
		return -WD_EINVAL;
	for (t = 0; op < 0 && t < cls->op_type_num; t++)
		if (strlen(cls->op_names[t]) == (size_t)(colon - dash - 1) &&
		    !strncmp(dash + 1, cls->op_names[t], (size_t)(colon - dash - 1)))
			op = (int)t;
	if (op < 0 || parse_uint(colon + 1, at, WDI_MAX_CTX, &count) ||
	    parse_uint(at + 1, end, WDI_MAX_NUMA - 1, &node))
		return -WD_EINVAL;
	for (i = 0; i < *nplan; i++)
		if (plans[i].numa == node)
			break;
	if (i == *nplan) {
		if (*nplan == max)
			return -WD_EINVAL;
		memset(&plans[i], 0, sizeof(plans[i]));
		plans[i].numa = (int)node;
		plans[i].given = true;	/* a node listed gets exactly what is listed */
		(*nplan)++;
	}
	plans[i].num[op][mode] += (__u32)count;
	return 0;
}

int wdi_env_ctx_plan(const struct wdi_class *cls, const char *value,
		     struct wdi_ctx_plan *plans, int max)
{
	const char *s = value, *end;
	int n = 0, ret;

	if (!cls || cls->op_type_num > WDI_MAX_OPS || !value || !plans || max <= 0)
		return -WD_EINVAL;
	while (*s) {
		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		ret = parse_item(cls, s, end, plans, &n, max);
		if (ret) {
			if (cls->flags & WDI_CLASS_UNTYPED)
				wd_err("bad WD_%s_CTX_NUM item '%.*s' (want mode:count@node, e.g. sync:2@0)",
				       cls->env_prefix, (int)(end - s), s);
			else
				wd_err("bad WD_%s_CTX_NUM item '%.*s' (want mode-op:count@node, e.g. sync-%s:1@0)",
				       cls->env_prefix, (int)(end - s), s, cls->op_names[0]);
			return ret;
		}
		if (*end && !end[1])
			return -WD_EINVAL;	/* a trailing comma hides a missing item */
		s = *end ? end + 1 : end;
	}
	return n ? n : -WD_EINVAL;
}
