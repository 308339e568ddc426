/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc queue through libwd's uacce calls only: find a device that lists
 * the algorithm (wd_get_accel_list + api), open and start a queue, map MMIO
 * (the ctrl page) and DUS (the rings), check them with vacc_ring_init().
 * The doorbell is the driver ioctl VACC_IOCTL_WAKE; waiting is poll()
 * (wd_ctx_wait). Nothing here knows what the descriptors carry.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "uadk/wd.h"
#include "wd_log.h"
#include "vacc_drv.h"
#include "wd_uacce.h"

/* The vacc devices among those that serve alg. */
static struct uacce_dev_list *vacc_list(const char *alg)
{
	struct uacce_dev_list *list = wd_get_accel_list(alg), **pp = &list, *n;

	while (*pp) {
		if (strcmp((*pp)->dev->api, VACC_API_NAME)) {
			n = *pp;
			*pp = n->next;
			n->next = NULL;
			wd_free_list_accels(n);
		} else {
			pp = &(*pp)->next;
		}
	}
	return list;
}

static void list_drop(struct uacce_dev_list **list, const struct uacce_dev *dev)
{
	struct uacce_dev_list **pp, *n;

	for (pp = list; *pp; pp = &(*pp)->next) {
		if ((*pp)->dev == dev) {
			n = *pp;
			*pp = n->next;
			n->next = NULL;
			wd_free_list_accels(n);
			return;
		}
	}
}

bool vacc_device_present(const char *alg)
{
	struct uacce_dev_list *list = vacc_list(alg);

	wd_free_list_accels(list);
	return list != NULL;
}

/*
 * The crypto classes' algorithm lists, read once per process: for each
 * class name, the sysfs "algorithms" of every vacc device listing it, one
 * after the other ('\0' between devices). struct uacce_dev's copy cannot
 * be used: it is cut at MAX_ATTR_STR_SIZE, and the crypto names are longer.
 */
#define VACC_ALGS_MAX	4096	/* a sysfs attribute is at most a page */
#define VACC_LIST_CLASSES 3

static const char *const list_classes[VACC_LIST_CLASSES] = {
	VACC_CLASS_CIPHER_NAME, VACC_CLASS_DIGEST_NAME, VACC_CLASS_AEAD_NAME
};
static struct {
	char *text;		/* NULL: no device lists the class (or no memory) */
	size_t len;
} class_lists[VACC_LIST_CLASSES];
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

/* Append dir/algorithms and a '\0' to *buf (of *len bytes); false on failure. */
static bool read_algs(const char *dir, char **buf, size_t *len)
{
	char path[PATH_MAX], *nb;
	ssize_t n, got = 0;
	int fd;

	if (snprintf(path, sizeof(path), "%s/algorithms", dir) >= (int)sizeof(path))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	nb = realloc(*buf, *len + VACC_ALGS_MAX + 1);
	if (!nb) {
		close(fd);
		return false;
	}
	*buf = nb;
	while (got < VACC_ALGS_MAX) {
		n = read(fd, nb + *len + got, (size_t)(VACC_ALGS_MAX - got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	/* a NUL inside would end the list early: only names count anyway */
	nb[*len + got] = '\0';
	*len += (size_t)got + 1;
	return true;
}

static void lists_read(void)
{
	struct uacce_dev_list *list, *n;
	int i;

	for (i = 0; i < VACC_LIST_CLASSES; i++) {
		list = vacc_list(list_classes[i]);
		for (n = list; n; n = n->next) {
			if (!read_algs(n->dev->dev_root, &class_lists[i].text, &class_lists[i].len)) {
				/* a device we cannot read may lack anything: serve nothing */
				free(class_lists[i].text);
				class_lists[i].text = NULL;
				class_lists[i].len = 0;
				break;
			}
		}
		wd_free_list_accels(list);
	}
}

/* name is a whole line of the NUL-terminated list text. */
static bool has_line(const char *text, const char *name, size_t nlen)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);

		if (l == nlen && !memcmp(p, name, nlen))
			return true;
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

bool vacc_device_lists(const char *cls, const char *name)
{
	size_t off, nlen = strlen(name);
	const char *t;
	int i;

	pthread_once(&lists_once, lists_read);
	for (i = 0; i < VACC_LIST_CLASSES && strcmp(list_classes[i], cls); i++)
		;
	if (i == VACC_LIST_CLASSES || !class_lists[i].text || !nlen)
		return false;
	/* every device must list it: the engine may open a queue on any of them */
	for (t = class_lists[i].text, off = 0; off < class_lists[i].len; off += strlen(t + off) + 1)
		if (!has_line(t + off, name, nlen))
			return false;
	return true;
}

static int doorbell(void *arg)
{
	struct vacc_ctx *c = arg;

	return wd_ctx_set_io_cmd(c->q.h, VACC_IOCTL_WAKE, NULL) < 0 ? -WD_EIO : 0;
}

static void unmap(struct vacc_queue *q)
{
	if (q->mmio)
		wd_ctx_unmap_qfr(q->h, UACCE_QFRT_MMIO);
	if (q->dus)
		wd_ctx_unmap_qfr(q->h, UACCE_QFRT_DUS);
	q->mmio = q->dus = NULL;
}

/* Map both regions of the started queue c->q.h and check the ring. */
static int map_ring(struct vacc_ctx *c)
{
	struct vacc_queue *q = &c->q;
	const char *name = wd_ctx_get_dev_name(q->h);
	int ret;

	q->mmio_size = wd_ctx_get_region_size(q->h, UACCE_QFRT_MMIO);
	q->dus_size = wd_ctx_get_region_size(q->h, UACCE_QFRT_DUS);
	if (!q->mmio_size || !q->dus_size) {
		wd_err("vacc: %s does not report both region sizes", name ? name : "?");
		return -WD_EINVAL;
	}
	q->mmio = wd_ctx_mmap_qfr(q->h, UACCE_QFRT_MMIO);
	q->dus = q->mmio ? wd_ctx_mmap_qfr(q->h, UACCE_QFRT_DUS) : NULL;
	if (!q->dus) {
		unmap(q);
		return -WD_ENOMEM;
	}
	ret = vacc_ring_init(&c->ring, q->mmio, q->mmio_size, q->dus, q->dus_size, doorbell, c);
	if (ret) {
		wd_err("vacc: %s: %s", name ? name : "?", ret == -WD_HW_EACCESS ?
		       "the queue is already stopped" : "the queue memory is not a vacc v1 ring");
		unmap(q);
	}
	return ret;
}

static bool errno_busy(int err)
{
	return err == EBUSY || err == ENOSPC || err == EAGAIN;
}

int vacc_queue_open(struct vacc_ctx *c, const char *alg, int numa)
{
	struct uacce_dev_list *list = vacc_list(alg);
	int ret = -WD_ENODEV, hard = 0;
	struct uacce_dev *dev;
	handle_t h;

	if (!list)
		return -WD_ENODEV;
	/* nearest device with free queues first; a device that fails is dropped */
	for (;;) {
		/* as in UADK, "none" is an error pointer */
		dev = list ? wd_find_dev_by_numa(list, numa) : NULL;
		if (!dev || WD_IS_ERR(dev)) {
			dev = NULL;
			break;
		}
		h = wd_request_ctx(dev);
		if (!h) {
			if (!errno_busy(errno))
				hard = errno ? -errno : -WD_ENODEV;
			list_drop(&list, dev);
			continue;
		}
		c->q.h = h;
		c->q.adopted = false;
		ret = wd_ctx_start(h);
		if (!ret)
			ret = map_ring(c);
		if (!ret)
			break;
		hard = ret;
		wd_release_ctx(h);
		c->q.h = 0;
		list_drop(&list, dev);
	}
	if (!dev) {
		/* devices left in the list have no free queue: the engine uses what it has */
		ret = list || !hard ? -WD_EBUSY : hard;
	}
	wd_free_list_accels(list);
	return ret;
}

int vacc_queue_adopt(struct vacc_ctx *c, handle_t h)
{
	const char *api = wd_ctx_get_api(h);
	int ret;

	if (!api || strcmp(api, VACC_API_NAME))
		return -WD_ENODEV;
	c->q.h = h;
	c->q.adopted = true;
	/* api answered, so h is live: -WD_EINVAL means the caller started it */
	ret = wd_ctx_start(h);
	if (ret && ret != -WD_EINVAL)
		return ret;
	return map_ring(c);
}

void vacc_queue_close(struct vacc_ctx *c)
{
	unmap(&c->q);
	if (c->q.h && !c->q.adopted)
		wd_release_ctx(c->q.h);
	c->q.h = 0;
}

/*
 * fork() child, from libwd's handler: the uacce layer already knows the
 * handle is inherited, so releasing it only closes the child's copy of the
 * fd (no munmap, no ioctl: the queue stays the parent's).
 */
void vacc_queue_forget(struct vacc_ctx *c)
{
	/* the mappings were not inherited: the addresses may hold something else */
	c->q.mmio = c->q.dus = NULL;
	if (c->q.h && !c->q.adopted)
		wd_release_ctx(c->q.h);
	c->q.h = 0;
}

int vacc_queue_wait(struct vacc_ctx *c, int timeout_ms)
{
	int ret;

	if (vacc_ring_is_dead(&c->ring))
		return 0;	/* recv() reports the in-flight requests */
	/* libwd's form: < 0 waits without limit (wd_ctx_wait's __u16 cannot say that) */
	ret = wdi_uacce_ctx_wait(c->q.h, timeout_ms);
	if (!ret || ret == -WD_ETIMEDOUT)
		return ret;
	/* error or hang-up: if the queue was stopped, recv() will see DEAD */
	if (__atomic_load_n(&c->ring.ctrl->flags, __ATOMIC_ACQUIRE) & VACC_CTRL_DEAD)
		return 0;
	return ret;
}
