// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - virtual accelerator devices registered with uacce.
 *
 * Module parameters, the platform parent devices, uacce registration and
 * the unload sequence. Queue ops live in vacc_queue.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "vacc_internal.h"

static unsigned int devices = 2;
module_param(devices, uint, 0444);
MODULE_PARM_DESC(devices, "number of vacc devices (1..8, default 2)");

static unsigned int queues = 4;
module_param(queues, uint, 0444);
MODULE_PARM_DESC(queues, "queues per device (1..64, default 4)");

unsigned int vacc_idle_us = 1000;
module_param_named(idle_us, vacc_idle_us, uint, 0444);
MODULE_PARM_DESC(idle_us, "worker polls this long without work before it sleeps (default 1000)");

/* How long unload waits, in total, for clients to acknowledge DEAD. */
#define VACC_UNLOAD_WAIT	(2 * HZ)

static struct vacc_dev *vacc_devs[VACC_MAX_DEVICES];

static void vacc_dev_destroy(struct vacc_dev *vdev)
{
	/* uacce_remove() puts every open queue through our ops. */
	if (vdev->uacce)
		uacce_remove(vdev->uacce);
	if (vdev->pdev)
		platform_device_unregister(vdev->pdev);
	kfree(vdev);
}

static int vacc_dev_create(unsigned int index, struct vacc_dev **out)
{
	struct uacce_interface iface = {
		.name = "vacc",
		.flags = 0,		/* no SVA: the worker walks the mm */
		.ops = &vacc_uacce_ops,
	};
	struct uacce_device *uacce;
	struct vacc_dev *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	vdev->index = index;
	vdev->nr_queues = queues;
	mutex_init(&vdev->lock);
	INIT_LIST_HEAD(&vdev->queues);

	/* uacce needs a real parent device; nothing binds to it. */
	vdev->pdev = platform_device_register_simple("vacc", index, NULL, 0);
	if (IS_ERR(vdev->pdev)) {
		ret = PTR_ERR(vdev->pdev);
		vdev->pdev = NULL;
		goto err;
	}

	uacce = uacce_alloc(&vdev->pdev->dev, &iface);
	if (IS_ERR(uacce)) {
		ret = PTR_ERR(uacce);
		goto err;
	}
	vdev->uacce = uacce;
	uacce->priv = vdev;
	uacce->api_ver = VACC_API_NAME;
	uacce->algs = vacc_algs;
	uacce->qf_pg_num[UACCE_QFRT_MMIO] = 1;
	uacce->qf_pg_num[UACCE_QFRT_DUS] = VACC_DUS_PAGES;

	ret = uacce_register(uacce);
	if (ret)
		goto err;

	*out = vdev;
	return 0;
err:
	vacc_dev_destroy(vdev);
	return ret;
}

/*
 * First unload step for one device: stop every queue's worker, complete
 * what is pending as STOPPED, publish DEAD and wake poll() waiters. Taking
 * uacce->mutex serialises with open/release/ioctl, so every queue on the
 * list is fully opened (its uacce waitqueue initialised).
 */
static void vacc_dev_kill(struct vacc_dev *vdev)
{
	struct vacc_queue *q;

	mutex_lock(&vdev->uacce->mutex);
	mutex_lock(&vdev->lock);
	vdev->dying = true;
	list_for_each_entry(q, &vdev->queues, node)
		vacc_queue_shutdown(q);
	mutex_unlock(&vdev->lock);
	mutex_unlock(&vdev->uacce->mutex);
}

/* True while a mapped queue of @vdev has not acknowledged DEAD. */
static bool vacc_dev_waiting(struct vacc_dev *vdev)
{
	struct vacc_queue *q;
	bool waiting = false;

	mutex_lock(&vdev->lock);
	list_for_each_entry(q, &vdev->queues, node) {
		if (q->mapped && !READ_ONCE(q->ctrl->dead_ack)) {
			waiting = true;
			break;
		}
	}
	mutex_unlock(&vdev->lock);
	return waiting;
}

static void vacc_remove_all(void)
{
	unsigned long deadline;
	unsigned int i;
	bool waiting;

	for (i = 0; i < VACC_MAX_DEVICES; i++)
		if (vacc_devs[i])
			vacc_dev_kill(vacc_devs[i]);

	/*
	 * Give live clients a bounded chance to see DEAD and stop touching
	 * the regions before uacce_remove() unmaps them.
	 */
	deadline = jiffies + VACC_UNLOAD_WAIT;
	do {
		waiting = false;
		for (i = 0; i < VACC_MAX_DEVICES && !waiting; i++)
			if (vacc_devs[i] && vacc_dev_waiting(vacc_devs[i]))
				waiting = true;
		if (waiting)
			msleep(20);
	} while (waiting && time_before(jiffies, deadline));

	for (i = 0; i < VACC_MAX_DEVICES; i++) {
		if (vacc_devs[i])
			vacc_dev_destroy(vacc_devs[i]);
		vacc_devs[i] = NULL;
	}
}

static int __init vacc_init(void)
{
	unsigned int i;
	int ret;

	if (devices < 1 || devices > VACC_MAX_DEVICES) {
		pr_err("devices=%u out of range 1..%u\n", devices,
		       VACC_MAX_DEVICES);
		return -EINVAL;
	}
	if (queues < 1 || queues > VACC_MAX_QUEUES) {
		pr_err("queues=%u out of range 1..%u\n", queues,
		       VACC_MAX_QUEUES);
		return -EINVAL;
	}
	if (vacc_idle_us > USEC_PER_SEC)
		vacc_idle_us = USEC_PER_SEC;
	ret = vacc_classes_init();
	if (ret) {
		pr_err("descriptor class table: %d\n", ret);
		return ret;
	}

	for (i = 0; i < devices; i++) {
		ret = vacc_dev_create(i, &vacc_devs[i]);
		if (ret) {
			pr_err("device %u: registration failed: %d\n", i, ret);
			vacc_remove_all();
			vacc_classes_exit();
			return ret;
		}
	}
	pr_info("%u devices, %u queues each, api %s\n", devices, queues,
		VACC_API_NAME);
	return 0;
}

static void __exit vacc_exit(void)
{
	vacc_remove_all();
	vacc_classes_exit();
}

module_init(vacc_init);
module_exit(vacc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Virtual uacce accelerator: memcpy and the classes of vacc_classes.h");
MODULE_SOFTDEP("pre: uacce");
