// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - descriptor validation and execution, and the user memory access
 * helpers. Runs in the worker with the owner's mm in use: user addresses
 * are reached with copy_{from,to}_user through the queue's bounce buffers,
 * so a bad address is an error code, never an oops.
 */
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "vacc_internal.h"

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
 * Load the next chunk of src into the input bounce and point strm at it.
 * Call only when strm.avail_in is 0. Nothing of a chunk that faults is
 * used, so a stream stays consistent and the caller may resubmit.
 */
int vacc_load_chunk(struct vacc_job *j, z_stream *s)
{
	u32 n = min_t(u32, VACC_BOUNCE_SIZE, j->sqe->src_len - j->src_off);
	unsigned long left;

	left = copy_from_user(j->q->bin,
			      u64_to_user_ptr(j->sqe->src + j->src_off), n);
	if (left) {
		vacc_fault(j, j->src_off + n - left, false);
		return -EFAULT;
	}
	if (s) {
		s->next_in = j->q->bin;
		s->avail_in = n;
	}
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
		n = min_t(u32, VACC_BOUNCE_SIZE, sqe->src_len - j->src_off);
		if (vacc_load_chunk(j, NULL))
			break;
		if (vacc_store(j, j->q->bin, n))
			break;
		cond_resched();
	}
	j->res->consumed = j->src_off;
	j->res->produced = j->dst_off;
}

/* Everything user space wrote is checked before anything runs. */
static u32 vacc_validate(const struct vacc_sqe *sqe)
{
	unsigned int i;

	if (sqe->opcode >= VACC_OP_MAX || sqe->rsvd0)
		return VACC_ST_BAD_DESC;
	for (i = 0; i < ARRAY_SIZE(sqe->rsvd1); i++)
		if (sqe->rsvd1[i])
			return VACC_ST_BAD_DESC;
	if (sqe->flags & ~VACC_SQE_FLAGS_ALL)
		return VACC_ST_BAD_DESC;
	if (sqe->format >= VACC_FMT_MAX || sqe->level > 9)
		return VACC_ST_BAD_DESC;
	if (sqe->win_bits && (sqe->win_bits < 9 || sqe->win_bits > 15))
		return VACC_ST_BAD_DESC;
	/* NEW/FINISH/RELEASE qualify a stream request */
	if ((sqe->flags & ~VACC_SQE_STREAM) && !(sqe->flags & VACC_SQE_STREAM))
		return VACC_ST_BAD_DESC;
	if (sqe->flags && (sqe->opcode == VACC_OP_NOP ||
			   sqe->opcode == VACC_OP_MEMCPY))
		return VACC_ST_BAD_DESC;
	if (sqe->stream >= VACC_MAX_STREAMS)
		return VACC_ST_BAD_STREAM;
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

	memset(res, 0, sizeof(*res));
	res->status = vacc_validate(sqe);
	if (res->status != VACC_ST_OK)
		return;

	switch (sqe->opcode) {
	case VACC_OP_NOP:
		break;
	case VACC_OP_MEMCPY:
		vacc_memcpy(&j);
		break;
	case VACC_OP_COMPRESS:
	case VACC_OP_DECOMPRESS:
		vacc_comp_exec(&j);
		break;
	}
}
