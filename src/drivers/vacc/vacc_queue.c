/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vacc queue through libwd's uacce calls only: find the device
 * (wd_get_accel_list + api), open and start a queue, map MMIO (the ctrl
 * page) and DUS (the rings), check them with vacc_ring_init(). The doorbell
 * is the driver ioctl VACC_IOCTL_WAKE; waiting is poll() (wd_ctx_wait).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "uadk/wd.h"
#include "wd_log.h"
#include "vacc_drv.h"
#include "wd_uacce.h"

/* The vacc devices among those that serve deflate. */
static struct uacce_dev_list *vacc_list(void)
{
	struct uacce_dev_list *list = wd_get_accel_list("deflate"), **pp = &list, *n;

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

bool vacc_device_present(void)
{
	struct uacce_dev_list *list = vacc_list();

	wd_free_list_accels(list);
	return list != NULL;
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

/*
 * fork() child: ctx_forget() runs inside libwd's atfork child handler, when
 * libwd's handle table may still be locked (its own child handler, which
 * unlocks it, can run later), so the handles are only noted there and
 * released afterwards: by our atfork child handler, registered after the
 * first wd_request_ctx() and so run after libwd's, or at the next open.
 */
struct forgotten {
	handle_t h;
	struct forgotten *next;
};

static pthread_mutex_t forgot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static struct forgotten *forgot;

static void release_forgotten(void)
{
	struct forgotten *f;

	pthread_mutex_lock(&forgot_lock);
	while ((f = forgot)) {
		forgot = f->next;
		/* inherited: only closes our copy of the fd (no munmap, no ioctl) */
		wd_release_ctx(f->h);
		free(f);
	}
	pthread_mutex_unlock(&forgot_lock);
}

static void atfork_child(void)
{
	/* single-threaded now: a lock held by a lost thread is reset */
	pthread_mutex_init(&forgot_lock, NULL);
	release_forgotten();
}

static void install_atfork(void)
{
	pthread_atfork(NULL, NULL, atfork_child);
}

static bool errno_busy(int err)
{
	return err == EBUSY || err == ENOSPC || err == EAGAIN;
}

int vacc_queue_open(struct vacc_ctx *c, int numa)
{
	struct uacce_dev_list *list = vacc_list();
	int ret = -WD_ENODEV, hard = 0;
	struct uacce_dev *dev;
	handle_t h;

	release_forgotten();
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
		/* after libwd's: its atfork handler runs before ours */
		pthread_once(&atfork_once, install_atfork);
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

void vacc_queue_forget(struct vacc_ctx *c)
{
	struct forgotten *f;

	/* the mappings were not inherited: the addresses may hold something else */
	c->q.mmio = c->q.dus = NULL;
	if (!c->q.h || c->q.adopted)
		return;
	f = malloc(sizeof(*f));
	if (f) {
		if (pthread_mutex_trylock(&forgot_lock)) {
			pthread_mutex_init(&forgot_lock, NULL);
			pthread_mutex_lock(&forgot_lock);
		}
		f->h = c->q.h;
		f->next = forgot;
		forgot = f;
		pthread_mutex_unlock(&forgot_lock);
	}
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
