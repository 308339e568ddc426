/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce device discovery: /sys/class/uacce/<dev>/ attributes. The roots are
 * parameters (WD_UACCE_SYSFS / WD_UACCE_DEVFS, for tests with fake trees).
 * On a host without uacce every list is NULL, as in UADK.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "uadk/wd.h"
#include "wd_engine.h"
#include "wd_log.h"

static const char *sysfs_root(void)
{
	const char *r = getenv("WD_UACCE_SYSFS");

	return r ? r : "/sys/class/uacce";
}

static const char *devfs_root(void)
{
	const char *r = getenv("WD_UACCE_DEVFS");

	return r ? r : "/dev";
}

/* Read a small attribute; trailing newline removed. Returns length or -errno. */
static int read_attr(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	size_t n;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -WD_EINVAL;
	f = fopen(path, "re");
	if (!f)
		return -WD_ENODEV;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return (int)n;
}

static int read_long(const char *dir, const char *name, long min, long max, long *out)
{
	char buf[32], *end;
	long v;

	if (read_attr(dir, name, buf, sizeof(buf)) <= 0)
		return -WD_ENODEV;
	v = strtol(buf, &end, 10);
	if (*end || v < min || v > max)
		return -WD_EINVAL;
	*out = v;
	return 0;
}

static bool has_alg(const char *algs, const char *alg)
{
	size_t len = strlen(alg);
	const char *p = algs;

	/* whole lines only: "zlib" must not match "zlib-raw" */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l == len && !strncmp(p, alg, len))
			return true;
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

static struct uacce_dev *read_dev(const char *name)
{
	struct uacce_dev *d = calloc(1, sizeof(*d));
	long v;

	if (!d)
		return NULL;
	if (snprintf(d->dev_root, sizeof(d->dev_root), "%s/%s", sysfs_root(), name) >=
	    (int)sizeof(d->dev_root) ||
	    snprintf(d->char_dev_path, sizeof(d->char_dev_path), "%s/%s", devfs_root(), name) >=
	    (int)sizeof(d->char_dev_path))
		goto bad;
	if (read_attr(d->dev_root, "api", d->api, sizeof(d->api)) <= 0 ||
	    read_attr(d->dev_root, "algorithms", d->algs, sizeof(d->algs)) <= 0 ||
	    read_long(d->dev_root, "flags", 0, INT_MAX, &v))
		goto bad;
	d->flags = (int)v;
	d->numa_id = read_long(d->dev_root, "device/numa_node", -1, WDI_MAX_NUMA - 1, &v) ? 0 :
		     (v < 0 ? 0 : (int)v);
	if (!read_long(d->dev_root, "region_mmio_size", 0, LONG_MAX, &v))
		d->qfrs_offs[UACCE_QFRT_MMIO] = (unsigned long)v;
	if (!read_long(d->dev_root, "region_dus_size", 0, LONG_MAX, &v))
		d->qfrs_offs[UACCE_QFRT_DUS] = (unsigned long)v;
	return d;
bad:
	wd_warn("uacce: skipping %s: missing or bad attributes", name);
	free(d);
	return NULL;
}

int wd_is_isolate(struct uacce_dev *dev)
{
	long v;

	if (!dev)
		return -WD_EINVAL;
	return read_long(dev->dev_root, "isolate", 0, 1, &v) ? 0 : (int)v;
}

int wd_get_avail_ctx(struct uacce_dev *dev)
{
	long v;
	int ret;

	if (!dev)
		return -WD_EINVAL;
	ret = read_long(dev->dev_root, "available_instances", 0, INT_MAX, &v);
	return ret ? ret : (int)v;
}

struct uacce_dev_list *wd_get_accel_list(const char *alg_name)
{
	struct uacce_dev_list *head = NULL, **tail = &head;
	struct dirent **ents;
	int n, i;

	if (!alg_name || !*alg_name)
		return NULL;
	n = scandir(sysfs_root(), &ents, NULL, alphasort);
	if (n < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		struct uacce_dev_list *node;
		struct uacce_dev *d = NULL;

		if (ents[i]->d_name[0] == '.' || !(d = read_dev(ents[i]->d_name)) ||
		    !has_alg(d->algs, alg_name) || wd_is_isolate(d) == 1) {
			free(d);
			free(ents[i]);
			continue;
		}
		free(ents[i]);
		node = calloc(1, sizeof(*node));
		if (!node) {
			free(d);
			continue;
		}
		node->dev = d;
		*tail = node;
		tail = &node->next;
	}
	free(ents);
	return head;
}

void wd_free_list_accels(struct uacce_dev_list *list)
{
	while (list) {
		struct uacce_dev_list *next = list->next;

		free(list->dev);
		free(list);
		list = next;
	}
}

struct uacce_dev *wd_find_dev_by_numa(struct uacce_dev_list *list, int numa_id)
{
	struct uacce_dev *best = NULL;
	int best_dist = INT_MAX, best_free = -1;

	if (!list)
		return NULL;
	if (numa_id < 0)
		numa_id = wdi_current_numa();
	for (; list; list = list->next) {
		int dist = abs(list->dev->numa_id - numa_id);
		int avail = wd_get_avail_ctx(list->dev);

		if (avail <= 0)
			continue;
		/* nearest node first, then the most free queues */
		if (dist < best_dist || (dist == best_dist && avail > best_free)) {
			best = list->dev;
			best_dist = dist;
			best_free = avail;
		}
	}
	return best;
}

struct uacce_dev *wd_clone_dev(struct uacce_dev *dev)
{
	struct uacce_dev *c;

	if (!dev)
		return NULL;
	c = malloc(sizeof(*c));
	if (c)
		memcpy(c, dev, sizeof(*c));
	return c;
}

struct uacce_dev *wd_get_accel_dev(const char *alg_name)
{
	struct uacce_dev_list *list = wd_get_accel_list(alg_name);
	struct uacce_dev *dev = wd_clone_dev(wd_find_dev_by_numa(list, -1));

	wd_free_list_accels(list);
	return dev;
}

void wd_add_dev_to_list(struct uacce_dev_list *head, struct uacce_dev_list *node)
{
	if (!head || !node)
		return;
	while (head->next)
		head = head->next;
	head->next = node;
}

char *wd_get_accel_name(char *dev_path, int no_apdx)
{
	const char *base;
	char *name, *dash;

	if (!dev_path)
		return NULL;
	base = strrchr(dev_path, '/');
	base = base ? base + 1 : dev_path;
	name = strdup(base);
	if (name && no_apdx) {
		dash = strrchr(name, '-');
		if (dash)
			*dash = '\0';
	}
	return name;
}
