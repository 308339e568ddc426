/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vacc - virtual accelerator for uacce: driver-internal definitions.
 *
 * One struct vacc_dev per registered uacce device, one struct vacc_queue
 * per open() of it. The queue's rings live in kernel pages that are mapped
 * into the opener; a per-queue kthread (the "hardware") polls the SQ and
 * executes descriptors against the opener's address space.
 */
#ifndef VACC_INTERNAL_H
#define VACC_INTERNAL_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/uacce.h>
#include <linux/wait.h>

#include "vacc_abi.h"

#define VACC_MAX_DEVICES	8
#define VACC_MAX_QUEUES		64

/* Kernel bounce buffers between user memory and the executing class. */
#define VACC_BOUNCE_SIZE	(64 * 1024)

#define VACC_SQ_MASK		(VACC_SQ_ENTRIES - 1)
#define VACC_CQ_MASK		(VACC_CQ_ENTRIES - 1)
#define VACC_CQ_OFFSET		(VACC_SQ_ENTRIES * sizeof(struct vacc_sqe))
#define VACC_DUS_BYTES		(VACC_CQ_OFFSET + \
				 VACC_CQ_ENTRIES * sizeof(struct vacc_cqe))
#define VACC_DUS_PAGES		((VACC_DUS_BYTES + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define VACC_DUS_SIZE		(VACC_DUS_PAGES << PAGE_SHIFT)

extern unsigned int vacc_idle_us;

struct vacc_dev {
	struct platform_device *pdev;
	struct uacce_device *uacce;
	unsigned int index;
	unsigned int nr_queues;
	unsigned int nr_open;		/* under lock; read unlocked by sysfs */
	bool dying;			/* module unload: refuse new queues */
	struct mutex lock;		/* queues list, nr_open, dying */
	struct list_head queues;
};

struct vacc_job;

/*
 * A class of descriptors: the opcodes op_first..op_last, the algorithm
 * names they add to sysfs, and how they are checked and run. The core
 * (vacc_exec.c) owns NOP and MEMCPY and does the checks every descriptor
 * gets: opcode known, reserved fields zero, sqe.flags within the class's
 * flags, lengths within max_len. The class checks the rest: the fields
 * vacc_abi.h lists as class parameters and its own flag combinations.
 * A class that owns_rsvd uses rsvd0/rsvd1 as its own parameters (the
 * crypto class: sess, iv, aux, mac) and checks them itself.
 * Adding a class: a vacc_NAME.c that defines vacc_NAME_class, its object
 * in Kbuild, and VACC_CLASS(NAME) in vacc_classes.h.
 */
struct vacc_class {
	const char *algs;		/* sysfs "algorithms" lines, '\n'-separated */
	u8 op_first, op_last;		/* enum vacc_opcode, inclusive */
	u8 flags;			/* sqe.flags bits the class defines */
	bool owns_rsvd;			/* sqe.rsvd0/rsvd1 are class parameters */
	/* VACC_ST_OK or the status for a bad class field; never sleeps */
	u32 (*validate)(const struct vacc_sqe *sqe);
	/* run a validated descriptor: fill j->res; *j->state is the queue's */
	void (*exec)(struct vacc_job *j);
	/* optional: the class's read-only fields of a new queue's ctrl page */
	void (*ctrl_init)(struct vacc_ctrl *c);
	/* free what exec left in a queue's state slot (never NULL here) */
	void (*queue_fini)(void *state);
	/*
	 * optional, module init: set up the class and supply its sysfs
	 * lines in *algs (instead of .algs; may be "", valid until exit)
	 */
	int (*init)(const char **algs);
	/* optional, module exit (also when a later class's init failed) */
	void (*exit)(void);
};

#define VACC_CLASS(name) extern const struct vacc_class vacc_##name##_class;
#include "vacc_classes.h"
#undef VACC_CLASS

enum {
#define VACC_CLASS(name) VACC_CLASS_##name,
#include "vacc_classes.h"
#undef VACC_CLASS
	VACC_NR_CLASSES
};

struct vacc_queue {
	struct vacc_dev *vdev;
	struct uacce_queue *uq;
	struct list_head node;		/* in vdev->queues */
	unsigned int index;
	struct mm_struct *mm;		/* opener, mmgrab'ed */

	struct page *ctrl_page;
	struct vacc_ctrl *ctrl;		/* MMIO region */
	struct page *dus_pages[VACC_DUS_PAGES];
	void *dus;			/* vmap of dus_pages */
	struct vacc_sqe *sqes;
	struct vacc_cqe *cqes;
	bool mapped;			/* some region was mmap'ed */

	/*
	 * Kernel copies of the kernel-written indices: the shared page is
	 * writable by user space, so the driver never reads these back.
	 */
	u32 sq_head;
	u32 cq_tail;
	u32 flags;
	u32 wakeups;
	u32 passes;
	u32 sleeps;
	u32 waits;

	struct task_struct *worker;	/* under uacce->mutex */
	wait_queue_head_t wq;		/* worker sleeps here */
	spinlock_t flag_lock;		/* flags and kick vs the doorbell */
	atomic_t kick;			/* VACC_IOCTL_WAKE arrived */
	bool dead;			/* VACC_CTRL_DEAD published */

	void *bin;			/* input bounce, VACC_BOUNCE_SIZE */
	void *bout;			/* output bounce, VACC_BOUNCE_SIZE */
	/* each class's per-queue state, its own type; freed by queue_fini */
	void *cls_state[VACC_NR_CLASSES];
};

/* Result of one descriptor, copied into the cqe. */
struct vacc_res {
	u32 status;
	u32 consumed;
	u32 produced;
	u32 flags;
	u32 fault_off;
};

/* Execution state of one descriptor. */
struct vacc_job {
	struct vacc_queue *q;
	const struct vacc_sqe *sqe;	/* kernel copy, validated */
	u32 src_off;			/* src bytes loaded into q->bin */
	u32 dst_off;			/* dst bytes written */
	struct vacc_res *res;
	void **state;			/* the class's slot in q->cls_state */
};

/* vacc_queue.c */
extern const struct uacce_ops vacc_uacce_ops;
void vacc_queue_shutdown(struct vacc_queue *q);

/* vacc_worker.c */
int vacc_worker_start(struct vacc_queue *q);
void vacc_worker_stop(struct vacc_queue *q);
void vacc_worker_kick(struct vacc_queue *q);
void vacc_post(struct vacc_queue *q, u64 user_data, const struct vacc_res *r);

/* vacc_exec.c: the core */
void vacc_exec(struct vacc_queue *q, const struct vacc_sqe *sqe,
	       struct vacc_res *res);
bool vacc_should_abort(struct vacc_queue *q);
int vacc_load_chunk(struct vacc_job *j, u32 *len);
int vacc_store(struct vacc_job *j, const void *buf, u32 len);
void vacc_classes_ctrl_init(struct vacc_ctrl *c);
void vacc_classes_queue_fini(struct vacc_queue *q);
extern const char *vacc_algs;
int vacc_classes_init(void);
void vacc_classes_exit(void);

#endif /* VACC_INTERNAL_H */
