/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uacce device discovery: /sys/class/uacce/<dev>/ attributes. The roots are
 * parameters for tests with fake trees: WD_UACCE_SYSFS (/sys/class/uacce),
 * WD_UACCE_DEVFS (/dev), WD_NODE_SYSFS (/sys/devices/system/node); they are
 * ignored in setuid programs. On a host without uacce every list is NULL,
 * as in UADK.
 *
 * Every attribute is validated; a device with a bad value is skipped with a
 * warning (WD_LOG_LEVEL=warn shows it) rather than half-read.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "uadk/wd.h"
#include "wd_engine.h"
#include "wd_log.h"
#include "wd_uacce.h"

/* sysfs attributes are at most a page; anything longer is not one of them */
#define ATTR_MAX	4096

static const char *env_root(const char *name, const char *dflt)
{
	const char *r = secure_getenv(name);

	return r && *r ? r : dflt;
}

static const char *sysfs_root(void)
{
	return env_root("WD_UACCE_SYSFS", "/sys/class/uacce");
}

static const char *devfs_root(void)
{
	return env_root("WD_UACCE_DEVFS", "/dev");
}

static const char *node_root(void)
{
	return env_root("WD_NODE_SYSFS", "/sys/devices/system/node");
}

/*
 * Read an attribute into buf (size bytes with the NUL), trailing newlines
 * and blanks removed. Returns the length, -WD_ENODEV when the attribute does
 * not exist (hidden), -WD_EIO when it cannot be read, -WD_EINVAL when it
 * does not fit.
 */
static int read_file(const char *path, char *buf, size_t size)
{
	char tmp[ATTR_MAX + 1];
	size_t n = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? -WD_ENODEV : -WD_EIO;
	while (n < sizeof(tmp)) {
		r = read(fd, tmp + n, sizeof(tmp) - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return -WD_EIO;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > ATTR_MAX)
		return -WD_EINVAL;
	while (n && (tmp[n - 1] == '\n' || tmp[n - 1] == ' ' || tmp[n - 1] == '\t'))
		n--;
	if (n >= size || memchr(tmp, '\0', n))
		return -WD_EINVAL;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return (int)n;
}

static int read_attr(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -WD_EINVAL;
	return read_file(path, buf, size);
}

/* A decimal integer in [min, max]: optional '-', digits, nothing else. */
static int parse_dec(const char *s, long long min, long long max, long long *out)
{
	const char *p = s;
	long long v;
	char *end;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -WD_EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -WD_EINVAL;
	*out = v;
	return 0;
}

/* 0, -WD_ENODEV (attribute absent) or -WD_EINVAL (garbage, out of range). */
static int read_num(const char *dir, const char *name, long long min, long long max,
		    long long *out)
{
	char buf[32];
	int ret = read_attr(dir, name, buf, sizeof(buf));

	if (ret == -WD_ENODEV)
		return ret;
	if (ret <= 0)
		return -WD_EINVAL;
	return parse_dec(buf, min, max, out);
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

static bool printable(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Copy the non-empty lines of raw into out (size bytes) as "a\nb\nc".
 * Lines that do not fit are dropped whole (a cut line could match another
 * name). Returns the number of lines kept, or -WD_EINVAL for a line that
 * is not a name.
 */
static int copy_alg_lines(const char *raw, char *out, size_t size, const char *dev)
{
	size_t used = 0;
	int kept = 0;

	out[0] = '\0';
	while (*raw) {
		const char *nl = strchr(raw, '\n');
		size_t l = nl ? (size_t)(nl - raw) : strlen(raw);

		if (l && !printable(raw, l))
			return -WD_EINVAL;
		if (l) {
			size_t need = l + (used ? 1 : 0);

			if (used + need >= size) {
				wd_warn("uacce: %s: algorithm list longer than %zu bytes, "
					"ignoring from \"%.*s\" on", dev, size - 1, (int)l, raw);
				break;
			}
			if (used)
				out[used++] = '\n';
			memcpy(out + used, raw, l);
			used += l;
			out[used] = '\0';
			kept++;
		}
		if (!nl)
			break;
		raw = nl + 1;
	}
	return kept;
}

/* A region size: hidden means 0 pages; else a bounded multiple of the page. */
static int read_region(const char *dir, const char *name, unsigned long *out)
{
	long long v, page = sysconf(_SC_PAGESIZE);
	int ret = read_num(dir, name, 0, (long long)WDI_UACCE_REGION_MAX, &v);

	if (ret == -WD_ENODEV) {
		*out = 0;
		return 0;
	}
	if (ret || (page > 0 && v % page))
		return -WD_EINVAL;
	*out = (unsigned long)v;
	return 0;
}

static bool name_ok(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/') && !strchr(name, '\n');
}

/*
 * Read /sys/class/uacce/<name>. NULL when the device does not serve alg
 * (silently) or has a bad attribute (with a warning).
 */
static struct uacce_dev *read_dev(const char *name, const char *alg)
{
	char raw[ATTR_MAX + 1];
	const char *why;
	struct uacce_dev *d;
	long long v;
	int ret;

	if (!name_ok(name))
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	why = "path too long";
	if (snprintf(d->dev_root, sizeof(d->dev_root), "%s/%s", sysfs_root(), name) >=
	    (int)sizeof(d->dev_root) ||
	    snprintf(d->char_dev_path, sizeof(d->char_dev_path), "%s/%s", devfs_root(), name) >=
	    (int)sizeof(d->char_dev_path))
		goto bad;

	/* algorithms first: a device that does not serve alg is not reported */
	why = "missing or unreadable algorithms";
	if (read_attr(d->dev_root, "algorithms", raw, sizeof(raw)) <= 0)
		goto bad;
	if (!has_alg(raw, alg))
		goto skip;
	/* a list cut to fit d->algs may lose alg's line: the device still serves it */
	why = "bad algorithms (a line that is not a name)";
	if (copy_alg_lines(raw, d->algs, sizeof(d->algs), name) <= 0)
		goto bad;

	ret = read_attr(d->dev_root, "api", d->api, sizeof(d->api));
	why = ret == -WD_ENODEV ? "no api attribute" : "bad api (empty, too long or not printable)";
	if (ret <= 0 || !printable(d->api, (size_t)ret))
		goto bad;

	why = "missing or bad flags";
	if (read_num(d->dev_root, "flags", 0, UINT32_MAX, &v))
		goto bad;
	d->flags = (int)(__u32)v;	/* only UACCE_DEV_SVA is interpreted */

	ret = read_num(d->dev_root, "isolate", 0, 1, &v);
	why = "bad isolate";
	if (ret && ret != -WD_ENODEV)
		goto bad;
	if (!ret && v == 1) {
		wd_warn("uacce: skipping %s: isolated after hardware errors", name);
		goto skip;
	}

	ret = read_num(d->dev_root, "device/numa_node", -1, WDI_MAX_NUMA - 1, &v);
	why = "bad device/numa_node";
	if (ret && ret != -WD_ENODEV)
		goto bad;
	/* -1 (or no attribute): the platform does not say; count it as node 0 */
	d->numa_id = ret || v < 0 ? 0 : (int)v;

	why = "bad region_mmio_size (not a page multiple, or too large)";
	if (read_region(d->dev_root, "region_mmio_size", &d->qfrs_offs[UACCE_QFRT_MMIO]))
		goto bad;
	why = "bad region_dus_size (not a page multiple, or too large)";
	if (read_region(d->dev_root, "region_dus_size", &d->qfrs_offs[UACCE_QFRT_DUS]))
		goto bad;
	return d;
bad:
	wd_warn("uacce: skipping %s: %s", name, why);
skip:
	free(d);
	return NULL;
}

int wd_is_isolate(struct uacce_dev *dev)
{
	long long v;
	int ret;

	if (!dev || !dev->dev_root[0])
		return -WD_EINVAL;
	ret = read_num(dev->dev_root, "isolate", 0, 1, &v);
	if (ret == -WD_ENODEV)
		return 0;
	return ret ? ret : (int)v;
}

int wd_get_avail_ctx(struct uacce_dev *dev)
{
	long long v;
	int ret;

	if (!dev || !dev->dev_root[0])
		return -WD_EINVAL;
	ret = read_num(dev->dev_root, "available_instances", 0, INT_MAX, &v);
	return ret ? ret : (int)v;
}

static bool alg_name_ok(const char *alg)
{
	size_t n;

	if (!alg)
		return false;
	n = strnlen(alg, MAX_ATTR_STR_SIZE);
	return n && n < MAX_ATTR_STR_SIZE && printable(alg, n);
}

struct uacce_dev_list *wd_get_accel_list(const char *alg_name)
{
	struct uacce_dev_list *head = NULL, **tail = &head;
	struct dirent **ents;
	int n, i;

	if (!alg_name_ok(alg_name))
		return NULL;
	n = scandir(sysfs_root(), &ents, NULL, alphasort);
	if (n < 0)
		return NULL;
	for (i = 0; i < n; i++) {
		struct uacce_dev_list *node;
		struct uacce_dev *d = read_dev(ents[i]->d_name, alg_name);

		free(ents[i]);
		if (!d)
			continue;
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

/* Row of node from's distances; the count read, or -1 when unavailable. */
static int distance_row(int from, int *row, int max)
{
	char path[PATH_MAX], buf[ATTR_MAX + 1], *p, *end;
	int n = 0;

	if (from < 0 ||
	    snprintf(path, sizeof(path), "%s/node%d/distance", node_root(), from) >=
	    (int)sizeof(path) ||
	    read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	for (p = buf; *p && n < max;) {
		long v;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			return -1;
		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || v < 0 || v > 255 || (*end && *end != ' ' && *end != '\t'))
			return -1;
		row[n++] = (int)v;
		p = end;
	}
	return n ? n : -1;
}

static int row_distance(const int *row, int nrow, int from, int to)
{
	if (nrow < 0)
		return abs(from - to);
	return to >= 0 && to < nrow ? row[to] : WDI_NUMA_FAR;
}

int wdi_uacce_numa_distance(int from, int to)
{
	int row[WDI_MAX_NUMA];

	return row_distance(row, distance_row(from, row, WDI_MAX_NUMA), from, to);
}

/* Nearest device with a free queue, then the one with the most free queues. */
static struct uacce_dev *choose_dev(struct uacce_dev_list *list, int numa_id)
{
	struct uacce_dev *best = NULL;
	int best_dist = INT_MAX, best_free = 0, row[WDI_MAX_NUMA], nrow;

	if (numa_id < 0)
		numa_id = wdi_current_numa();
	nrow = distance_row(numa_id, row, WDI_MAX_NUMA);
	for (; list; list = list->next) {
		int dist, avail;

		if (!list->dev)
			continue;
		avail = wd_get_avail_ctx(list->dev);
		if (avail <= 0)
			continue;
		dist = row_distance(row, nrow, numa_id, list->dev->numa_id);
		if (dist < best_dist || (dist == best_dist && avail > best_free)) {
			best = list->dev;
			best_dist = dist;
			best_free = avail;
		}
	}
	if (!best)
		wd_info("uacce: no device with a free queue for node %d", numa_id);
	return best;
}

struct uacce_dev *wd_find_dev_by_numa(struct uacce_dev_list *list, int numa_id)
{
	struct uacce_dev *d;

	if (!list)
		return WD_ERR_PTR((uintptr_t)-WD_EINVAL);
	d = choose_dev(list, numa_id);
	return d ? d : WD_ERR_PTR((uintptr_t)-WD_ENODEV);
}

struct uacce_dev *wd_get_accel_dev(const char *alg_name)
{
	struct uacce_dev_list *list = wd_get_accel_list(alg_name);
	struct uacce_dev *dev = list ? wd_clone_dev(choose_dev(list, -1)) : NULL;

	wd_free_list_accels(list);
	return dev;
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
	const char *base, *dash, *p;
	size_t len;

	/* UADK: NULL unless the path names "<driver>-<id>" */
	if (!dev_path || (no_apdx != 0 && no_apdx != 1) || !strchr(dev_path, '-'))
		return NULL;
	base = strrchr(dev_path, '/');
	base = base ? base + 1 : dev_path;
	if (!*base)
		return NULL;
	len = strlen(base);
	if (no_apdx) {
		/* drop "-<digits>" only; "-raw" and a bare "-" are part of the name */
		dash = strrchr(base, '-');
		if (dash && dash[1]) {
			for (p = dash + 1; isdigit((unsigned char)*p); p++)
				;
			if (!*p)
				len = (size_t)(dash - base);
		}
	}
	return strndup(base, len);
}
