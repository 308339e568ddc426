/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The driver registry: drivers register an ops table from a constructor;
 * the engine asks for the drivers of a class that serve an algorithm, best
 * first (hardware before CPU, then priority).
 */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "wd_drv.h"
#include "wd_log.h"
#include "wd_fork.h"
#include "uadk/warpdrive.h"


static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct wd_driver *drivers[WD_MAX_DRIVERS];
static int ndrivers;

void wdi_registry_lock(void)
{
	pthread_mutex_lock(&reg_lock);
}

void wdi_registry_unlock(void)
{
	pthread_mutex_unlock(&reg_lock);
}

static int drv_rank(const struct wd_driver *d)
{
	return (d->kind == WD_DRV_HW ? 1 << 20 : 0) + d->priority;
}

int wdi_driver_register(const struct wd_driver *drv)
{
	int i, ret = 0;

	if (!drv || !drv->name || !drv->algs || !drv->ctx_open || !drv->ctx_close ||
	    !drv->send || !drv->recv || drv->alg_class >= WD_CLASS_MAX)
		return -WD_EINVAL;
	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < ndrivers; i++)
		if (drivers[i] == drv || !strcmp(drivers[i]->name, drv->name))
			ret = -WD_EEXIST;
	if (!ret && ndrivers == WD_MAX_DRIVERS)
		ret = -WD_ENOMEM;
	if (!ret) {
		/* keep sorted, best first */
		for (i = ndrivers; i > 0 && drv_rank(drivers[i - 1]) < drv_rank(drv); i--)
			drivers[i] = drivers[i - 1];
		drivers[i] = drv;
		ndrivers++;
	}
	pthread_mutex_unlock(&reg_lock);
	wd_dbg("driver %s register: %d", drv->name, ret);
	return ret;
}

void wdi_driver_unregister(const struct wd_driver *drv)
{
	int i;

	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < ndrivers; i++) {
		if (drivers[i] != drv)
			continue;
		memmove(&drivers[i], &drivers[i + 1], (size_t)(ndrivers - i - 1) * sizeof(drivers[0]));
		ndrivers--;
		break;
	}
	pthread_mutex_unlock(&reg_lock);
}

static int serves(const struct wd_driver *d, const char *alg)
{
	const char *const *a;

	if (!alg)
		return 1;
	for (a = d->algs; *a; a++)
		if (!strcmp(*a, alg))
			return 1;
	return 0;
}

int wdi_driver_find(enum wd_alg_class cls, const char *alg,
		    const struct wd_driver **out, int max)
{
	int i, n = 0;

	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < ndrivers && n < max; i++)
		if (drivers[i]->alg_class == cls && serves(drivers[i], alg))
			out[n++] = drivers[i];
	pthread_mutex_unlock(&reg_lock);
	return n;
}

int wdi_driver_all(const struct wd_driver **out, int max)
{
	int i, n;

	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < ndrivers && i < max; i++)
		out[i] = drivers[i];
	n = ndrivers;
	pthread_mutex_unlock(&reg_lock);
	return n;
}

static const char *class_name(enum wd_alg_class c)
{
	static const char *const names[] = { "comp", "cipher", "digest", "aead" };

	return c < WD_CLASS_MAX ? names[c] : "?";
}

int wd_get_driver_info(struct wd_driver_info *out, int max)
{
	const struct wd_driver *all[WD_MAX_DRIVERS];
	int i, n = wdi_driver_all(all, WD_MAX_DRIVERS);

	if (max < 0 || (max > 0 && !out))
		return -WD_EINVAL;
	for (i = 0; i < n && i < max; i++) {
		const struct wd_driver *d = all[i];
		struct wd_driver_info *o = &out[i];
		const char *const *a;
		size_t len = 0;

		memset(o, 0, sizeof(*o));
		snprintf(o->name, sizeof(o->name), "%s", d->name);
		snprintf(o->desc, sizeof(o->desc), "%s", d->desc ? d->desc : "");
		snprintf(o->alg_class, sizeof(o->alg_class), "%s", class_name(d->alg_class));
		/* whole names only: the full list is wd_get_driver_algs()'s */
		for (a = d->algs; *a; a++) {
			size_t k = strlen(*a) + (len ? 1 : 0);

			if (len + k >= sizeof(o->algs))
				break;
			snprintf(o->algs + len, sizeof(o->algs) - len, "%s%s", len ? " " : "", *a);
			len += k;
		}
		o->kind = d->kind == WD_DRV_HW ? WD_DRIVER_HW : WD_DRIVER_CPU;
		o->priority = d->priority;
		o->available = d->probe ? d->probe(d) == 0 : 1;
	}
	return n;
}

int wd_get_driver_algs(const char *driver, char *buf, size_t size)
{
	const struct wd_driver *all[WD_MAX_DRIVERS];
	const struct wd_driver *d = NULL;
	const char *const *a;
	size_t need = 0, len = 0;
	int i, n;

	if (!driver || (size && !buf))
		return -WD_EINVAL;
	n = wdi_driver_all(all, WD_MAX_DRIVERS);
	for (i = 0; i < n && i < WD_MAX_DRIVERS && !d; i++)
		if (!strcmp(all[i]->name, driver))
			d = all[i];
	if (!d)
		return -WD_ENODEV;
	if (size)
		buf[0] = '\0';
	for (a = d->algs; *a; a++) {
		size_t k = strlen(*a) + (need ? 1 : 0);

		/* whole names that fit, and nothing after one that did not */
		if (len == need && len + k < size) {
			snprintf(buf + len, size - len, "%s%s", need ? " " : "", *a);
			len += k;
		}
		need += k;
	}
	return need > (size_t)INT_MAX ? -WD_EINVAL : (int)need;
}
