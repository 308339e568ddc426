// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - uacce queue ops: queue allocation (ctrl page and rings), mmap,
 * start/stop, the doorbell ioctl and poll support.
 *
 * Locking: uacce calls get_queue, put_queue, start_queue, stop_queue and
 * ioctl under uacce->mutex; mmap and is_q_updated under q->mutex only.
 * vdev->lock nests inside uacce->mutex and guards the device's queue list.
 */
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vacc_internal.h"

static void vacc_queue_free(struct vacc_queue *q)
{
	unsigned int i;

	vacc_classes_queue_fini(q);
	/* they held the last requests' plaintexts, keys' messages, AAD */
	if (q->bin)
		kvfree_sensitive(q->bin, VACC_BOUNCE_SIZE);
	if (q->bout)
		kvfree_sensitive(q->bout, VACC_BOUNCE_SIZE);
	if (q->dus)
		vunmap(q->dus);
	/* A page still mapped somewhere keeps its own reference. */
	for (i = 0; i < VACC_DUS_PAGES; i++)
		if (q->dus_pages[i])
			put_page(q->dus_pages[i]);
	if (q->ctrl_page)
		put_page(q->ctrl_page);
	if (q->mm)
		mmdrop(q->mm);
	kfree(q);
}

static int vacc_queue_alloc_mem(struct vacc_queue *q)
{
	struct vacc_ctrl *c;
	unsigned int i;

	q->ctrl_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!q->ctrl_page)
		return -ENOMEM;
	q->ctrl = page_address(q->ctrl_page);

	for (i = 0; i < VACC_DUS_PAGES; i++) {
		q->dus_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!q->dus_pages[i])
			return -ENOMEM;
	}
	q->dus = vmap(q->dus_pages, VACC_DUS_PAGES, VM_MAP, PAGE_KERNEL);
	if (!q->dus)
		return -ENOMEM;
	q->sqes = q->dus;
	q->cqes = q->dus + VACC_CQ_OFFSET;

	q->bin = kvmalloc(VACC_BOUNCE_SIZE, GFP_KERNEL);
	q->bout = kvmalloc(VACC_BOUNCE_SIZE, GFP_KERNEL);
	if (!q->bin || !q->bout)
		return -ENOMEM;

	c = q->ctrl;
	c->magic = VACC_CTRL_MAGIC;
	c->version = VACC_ABI_VERSION;
	c->sq_entries = VACC_SQ_ENTRIES;
	c->cq_entries = VACC_CQ_ENTRIES;
	c->sq_offset = 0;
	c->cq_offset = VACC_CQ_OFFSET;
	c->max_len = VACC_MAX_LEN;
	vacc_classes_ctrl_init(c);
	return 0;
}

static int vacc_get_queue(struct uacce_device *uacce, unsigned long arg,
			  struct uacce_queue *uq)
{
	struct vacc_dev *vdev = uacce->priv;
	struct vacc_queue *q;
	int ret;

	/* The worker executes descriptors in the opener's address space. */
	if (!current->mm)
		return -EINVAL;

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->vdev = vdev;
	q->uq = uq;
	init_waitqueue_head(&q->wq);
	spin_lock_init(&q->flag_lock);
	atomic_set(&q->kick, 0);

	ret = vacc_queue_alloc_mem(q);
	if (ret)
		goto err;

	mutex_lock(&vdev->lock);
	if (vdev->dying) {
		ret = -ENODEV;
	} else if (vdev->nr_open >= vdev->nr_queues) {
		ret = -EBUSY;
	} else {
		mmgrab(current->mm);
		q->mm = current->mm;
		q->index = vdev->nr_open;
		WRITE_ONCE(vdev->nr_open, vdev->nr_open + 1);
		list_add_tail(&q->node, &vdev->queues);
		uq->priv = q;
	}
	mutex_unlock(&vdev->lock);
	if (ret)
		goto err;
	return 0;
err:
	vacc_queue_free(q);
	return ret;
}

/*
 * Stop the queue for good: stop the worker (it finishes or aborts the
 * descriptor in hand), complete what is still queued as STOPPED while the
 * CQ has room, publish DEAD and wake poll(). Idempotent. Called under
 * uacce->mutex.
 */
void vacc_queue_shutdown(struct vacc_queue *q)
{
	struct vacc_res res = { .status = VACC_ST_STOPPED };
	u32 tail, n;

	vacc_worker_stop(q);
	if (q->dead)
		return;

	tail = READ_ONCE(q->ctrl->sq_tail);
	n = min_t(u32, tail - q->sq_head, VACC_SQ_ENTRIES);
	while (n-- &&
	       q->cq_tail - READ_ONCE(q->ctrl->cq_head) < VACC_CQ_ENTRIES) {
		u64 ud = READ_ONCE(q->sqes[q->sq_head & VACC_SQ_MASK].user_data);

		q->sq_head++;
		WRITE_ONCE(q->ctrl->sq_head, q->sq_head);
		vacc_post(q, ud, &res);
	}

	q->dead = true;
	spin_lock(&q->flag_lock);
	q->flags |= VACC_CTRL_DEAD;
	q->flags &= ~VACC_CTRL_NEED_WAKEUP;
	/* completions above are visible before DEAD */
	smp_store_release(&q->ctrl->flags, q->flags);
	spin_unlock(&q->flag_lock);
	wake_up_interruptible(&q->uq->wait);
}

static void vacc_put_queue(struct uacce_queue *uq)
{
	struct vacc_queue *q = uq->priv;
	struct vacc_dev *vdev = q->vdev;

	vacc_queue_shutdown(q);

	mutex_lock(&vdev->lock);
	list_del(&q->node);
	WRITE_ONCE(vdev->nr_open, vdev->nr_open - 1);
	mutex_unlock(&vdev->lock);

	uq->priv = NULL;
	vacc_queue_free(q);
}

static int vacc_start_queue(struct uacce_queue *uq)
{
	struct vacc_queue *q = uq->priv;

	if (current->mm != q->mm)
		return -EPERM;
	/* A stopped queue stays dead: its rings say so. */
	if (q->dead)
		return -EINVAL;
	return vacc_worker_start(q);
}

/*
 * UACCE_CMD_PUT_Q reaches here without any check, so a forked child could
 * stop its parent's queue through the inherited fd: ignore other address
 * spaces. Release (current->mm NULL or the owner's) and uacce_remove()
 * always follow with put_queue, which shuts the queue down regardless.
 */
static void vacc_stop_queue(struct uacce_queue *uq)
{
	struct vacc_queue *q = uq->priv;

	if (current->mm && current->mm != q->mm)
		return;
	vacc_queue_shutdown(q);
}

static int vacc_mmap(struct uacce_queue *uq, struct vm_area_struct *vma,
		     struct uacce_qfile_region *qfr)
{
	struct vacc_queue *q = uq->priv;
	unsigned long size = vma->vm_end - vma->vm_start;
	unsigned int i;
	int ret;

	/* Only the opener: a forked child must open its own queue. */
	if (current->mm != q->mm || vma->vm_mm != q->mm)
		return -EPERM;
	if (q->dead)
		return -ENXIO;
	/* The rings are shared with the worker; a private copy is useless. */
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;

	switch (qfr->type) {
	case UACCE_QFRT_MMIO:
		if (size != PAGE_SIZE)
			return -EINVAL;
		ret = vm_insert_page(vma, vma->vm_start, q->ctrl_page);
		break;
	case UACCE_QFRT_DUS:
		if (size != VACC_DUS_SIZE)
			return -EINVAL;
		ret = 0;
		for (i = 0; i < VACC_DUS_PAGES && !ret; i++)
			ret = vm_insert_page(vma, vma->vm_start + i * PAGE_SIZE,
					     q->dus_pages[i]);
		break;
	default:
		return -EINVAL;
	}
	if (ret)
		return ret;
	vma->vm_flags |= VM_DONTDUMP;
	q->mapped = true;
	return 0;
}

static long vacc_ioctl(struct uacce_queue *uq, unsigned int cmd,
		       unsigned long arg)
{
	struct vacc_queue *q = uq->priv;

	if (cmd != VACC_IOCTL_WAKE)
		return -ENOTTY;
	/* Requests come from the queue owner only (seed 001: fork). */
	if (current->mm != q->mm)
		return -EPERM;
	if (q->dead)
		return -ENXIO;
	if (q->worker)
		vacc_worker_kick(q);
	return 0;
}

static int vacc_is_q_updated(struct uacce_queue *uq)
{
	struct vacc_queue *q = uq->priv;

	/* DEAD counts as an event so a poll() sleeper notices the stop. */
	return READ_ONCE(q->cq_tail) != READ_ONCE(q->ctrl->cq_head) ||
	       READ_ONCE(q->dead);
}

static int vacc_get_available_instances(struct uacce_device *uacce)
{
	struct vacc_dev *vdev = uacce->priv;

	return vdev->nr_queues - READ_ONCE(vdev->nr_open);
}

const struct uacce_ops vacc_uacce_ops = {
	.get_available_instances = vacc_get_available_instances,
	.get_queue = vacc_get_queue,
	.put_queue = vacc_put_queue,
	.start_queue = vacc_start_queue,
	.stop_queue = vacc_stop_queue,
	.is_q_updated = vacc_is_q_updated,
	.mmap = vacc_mmap,
	.ioctl = vacc_ioctl,
};
