// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the core of descriptor execution: the class table, the checks
 * every descriptor gets, dispatch to the class owning the opcode, the
 * core's own NOP and MEMCPY, and the user memory access helpers. Runs in
 * the worker with the owner's mm in use: user addresses are reached with
 * copy_{from,to}_user through the queue's bounce buffers, so a bad address
 * is an error code, never an oops.
 */
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vacc_internal.h"

static const struct vacc_class *const vacc_classes[VACC_NR_CLASSES] = {
#define VACC_CLASS(name) [VACC_CLASS_##name] = &vacc_##name##_class,
#include "vacc_classes.h"
#undef VACC_CLASS
};

/* The algorithm names of the core's own opcodes, after the classes'. */
#define VACC_CORE_ALGS		"memcpy"

/*
 * Abort long requests when the queue is being stopped or its owner has
 * gone (only our own mmget keeps the address space alive).
 */
bool vacc_should_abort(struct vacc_queue *q)
{
	return kthread_should_stop() || atomic_read(&q->mm->mm_users) <= 1;
}

/* fault_off: byte offset of the first inaccessible byte, bit 31 = dst */
static void vacc_fault(struct vacc_job *j, u32 off, bool dst)
{
	j->res->status = VACC_ST_FAULT;
	j->res->fault_off = off | (dst ? VACC_FAULT_DST : 0);
}

/*
 * Load the next chunk of src (up to VACC_BOUNCE_SIZE bytes, *@len of them)
 * into the input bounce q->bin, overwriting what was there. Nothing of a
 * chunk that faults is used, so a stream stays consistent and the caller
 * may resubmit.
 */
int vacc_load_chunk(struct vacc_job *j, u32 *len)
{
	u32 n = min_t(u32, VACC_BOUNCE_SIZE, j->sqe->src_len - j->src_off);
	unsigned long left;

	left = copy_from_user(j->q->bin,
			      u64_to_user_ptr(j->sqe->src + j->src_off), n);
	if (left) {
		vacc_fault(j, j->src_off + n - left, false);
		return -EFAULT;
	}
	*len = n;
	j->src_off += n;
	return 0;
}

/* Write @len produced bytes to dst at the current output offset. */
int vacc_store(struct vacc_job *j, const void *buf, u32 len)
{
	unsigned long left;

	left = copy_to_user(u64_to_user_ptr(j->sqe->dst + j->dst_off), buf,
			    len);
	if (left) {
		vacc_fault(j, j->dst_off + len - left, true);
		return -EFAULT;
	}
	j->dst_off += len;
	return 0;
}

static void vacc_memcpy(struct vacc_job *j)
{
	const struct vacc_sqe *sqe = j->sqe;
	u32 n;

	if (sqe->dst_len < sqe->src_len) {
		j->res->status = VACC_ST_OVERFLOW;
		return;
	}
	while (j->src_off < sqe->src_len) {
		if (vacc_should_abort(j->q)) {
			j->res->status = VACC_ST_STOPPED;
			break;
		}
		if (vacc_load_chunk(j, &n))
			break;
		if (vacc_store(j, j->q->bin, n))
			break;
		cond_resched();
	}
	j->res->consumed = j->src_off;
	j->res->produced = j->dst_off;
}

/* The class owning @opcode; NULL for the core's own (and unknown) opcodes. */
static int vacc_class_of(u8 opcode)
{
	int i;

	for (i = 0; i < VACC_NR_CLASSES; i++)
		if (opcode >= vacc_classes[i]->op_first &&
		    opcode <= vacc_classes[i]->op_last)
			return i;
	return -1;
}

/*
 * NOP and MEMCPY use no class parameter. Version 1 has checked those bytes
 * as compression parameters on every opcode, so the core's opcodes still
 * do (a client may rely on the statuses; a later version should require
 * zeros instead).
 */
static u32 vacc_core_params(const struct vacc_sqe *sqe)
{
	return vacc_comp_class.validate(sqe);
}

/*
 * Everything user space wrote is checked before anything runs: the
 * generic fields here, the class parameters by the class. @cls: the owning
 * class (index), -1 for a core opcode.
 */
static u32 vacc_validate(const struct vacc_sqe *sqe, int cls)
{
	const struct vacc_class *c = cls >= 0 ? vacc_classes[cls] : NULL;
	unsigned int i;
	u32 st;

	if (!c && sqe->opcode != VACC_OP_NOP && sqe->opcode != VACC_OP_MEMCPY)
		return VACC_ST_BAD_DESC;
	/* reserved for the core and the classes that do not own them */
	if (!c || !c->owns_rsvd) {
		if (sqe->rsvd0)
			return VACC_ST_BAD_DESC;
		for (i = 0; i < ARRAY_SIZE(sqe->rsvd1); i++)
			if (sqe->rsvd1[i])
				return VACC_ST_BAD_DESC;
	}
	/* flags belong to the class; the core's opcodes take none */
	if (sqe->flags & ~(c ? c->flags : 0))
		return VACC_ST_BAD_DESC;
	st = c ? c->validate(sqe) : vacc_core_params(sqe);
	if (st != VACC_ST_OK)
		return st;
	if (sqe->opcode != VACC_OP_NOP &&
	    (sqe->src_len > VACC_MAX_LEN || sqe->dst_len > VACC_MAX_LEN))
		return VACC_ST_BAD_LEN;
	return VACC_ST_OK;
}

/* Execute one descriptor (a kernel copy) and fill @res. */
void vacc_exec(struct vacc_queue *q, const struct vacc_sqe *sqe,
	       struct vacc_res *res)
{
	struct vacc_job j = { .q = q, .sqe = sqe, .res = res };
	int cls = vacc_class_of(sqe->opcode);

	memset(res, 0, sizeof(*res));
	res->status = vacc_validate(sqe, cls);
	if (res->status != VACC_ST_OK)
		return;

	if (cls >= 0) {
		j.state = &q->cls_state[cls];
		vacc_classes[cls]->exec(&j);
	} else if (sqe->opcode == VACC_OP_MEMCPY) {
		vacc_memcpy(&j);
	}
	/* VACC_OP_NOP: nothing to do */
}

/* A new queue's ctrl page: the classes' read-only fields. */
void vacc_classes_ctrl_init(struct vacc_ctrl *c)
{
	int i;

	for (i = 0; i < VACC_NR_CLASSES; i++)
		if (vacc_classes[i]->ctrl_init)
			vacc_classes[i]->ctrl_init(c);
}

/* Free what the classes keep per queue. */
void vacc_classes_queue_fini(struct vacc_queue *q)
{
	int i;

	for (i = 0; i < VACC_NR_CLASSES; i++) {
		if (q->cls_state[i])
			vacc_classes[i]->queue_fini(q->cls_state[i]);
		q->cls_state[i] = NULL;
	}
}

/*
 * The devices' sysfs "algorithms": every class's names in table order,
 * then the core's. Set by vacc_classes_init().
 */
const char *vacc_algs;

/* each class's lines: its static .algs or what its init supplied */
static const char *vacc_class_algs[VACC_NR_CLASSES];

/* Undo the init of classes [0, n). */
static void vacc_classes_exit_n(int n)
{
	while (n-- > 0) {
		if (vacc_classes[n]->exit)
			vacc_classes[n]->exit();
		vacc_class_algs[n] = NULL;
	}
}

/* Check the class table, initialise the classes and build vacc_algs. Module init. */
int vacc_classes_init(void)
{
	size_t len = sizeof(VACC_CORE_ALGS);
	char *algs;
	int i, k, ret;

	for (i = 0; i < VACC_NR_CLASSES; i++) {
		const struct vacc_class *c = vacc_classes[i];

		/* opcodes: above the core's, below VACC_OP_MAX, one owner each */
		if (c->op_first <= VACC_OP_MEMCPY || c->op_last < c->op_first ||
		    c->op_last >= VACC_OP_MAX || (!c->algs && !c->init) ||
		    !c->validate || !c->exec || !c->queue_fini)
			return -EINVAL;
		for (k = 0; k < i; k++)
			if (c->op_first <= vacc_classes[k]->op_last &&
			    c->op_last >= vacc_classes[k]->op_first)
				return -EINVAL;
	}
	for (i = 0; i < VACC_NR_CLASSES; i++) {
		const struct vacc_class *c = vacc_classes[i];

		vacc_class_algs[i] = c->algs;
		if (c->init) {
			ret = c->init(&vacc_class_algs[i]);
			if (!ret && !vacc_class_algs[i])
				ret = -EINVAL;
			if (ret) {
				vacc_classes_exit_n(i);
				return ret;
			}
		}
		len += strlen(vacc_class_algs[i]) + 1;
	}
	algs = kzalloc(len, GFP_KERNEL);
	if (!algs) {
		vacc_classes_exit_n(VACC_NR_CLASSES);
		return -ENOMEM;
	}
	for (i = 0; i < VACC_NR_CLASSES; i++) {
		if (!*vacc_class_algs[i])
			continue;	/* a class with nothing to offer here */
		strlcat(algs, vacc_class_algs[i], len);
		strlcat(algs, "\n", len);
	}
	strlcat(algs, VACC_CORE_ALGS, len);
	vacc_algs = algs;
	return 0;
}

/* Module exit, after the last device is gone. */
void vacc_classes_exit(void)
{
	kfree(vacc_algs);
	vacc_algs = NULL;
	vacc_classes_exit_n(VACC_NR_CLASSES);
}
