// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the per-queue worker kthread: the "hardware".
 *
 * It polls sq_tail while there is work (io_uring SQPOLL style), executes
 * descriptors in the opener's address space and posts completions. After
 * idle_us without work it publishes NEED_WAKEUP and sleeps until the owner
 * rings VACC_IOCTL_WAKE.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/memcontrol.h>
#include <linux/sched/signal.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/stat.h>
#include <linux/timekeeping.h>

#include "vacc_internal.h"

/* Re-check interval while the CQ is full: user space frees it silently. */
#define VACC_CQ_FULL_POLL	msecs_to_jiffies(2)

/* Fill the next cqe; seq is written last, with release semantics. */
void vacc_post(struct vacc_queue *q, u64 user_data, const struct vacc_res *r)
{
	struct vacc_cqe *cqe = &q->cqes[q->cq_tail & VACC_CQ_MASK];

	WRITE_ONCE(cqe->user_data, user_data);
	WRITE_ONCE(cqe->status, r->status);
	WRITE_ONCE(cqe->consumed, r->consumed);
	WRITE_ONCE(cqe->produced, r->produced);
	WRITE_ONCE(cqe->flags, r->flags);
	WRITE_ONCE(cqe->fault_off, r->fault_off);
	/* the fields above are visible before seq says the entry is new */
	smp_store_release(&cqe->seq, q->cq_tail + 1);
	WRITE_ONCE(q->cq_tail, q->cq_tail + 1);	/* is_q_updated() reads it unlocked */
	/* informational; ordered after the entry it counts */
	smp_store_release(&q->ctrl->cq_tail, q->cq_tail);
	wake_up_interruptible(&q->uq->wait);
}

static bool vacc_cq_full(struct vacc_queue *q)
{
	return q->cq_tail - READ_ONCE(q->ctrl->cq_head) >= VACC_CQ_ENTRIES;
}

static bool vacc_sq_pending(struct vacc_queue *q)
{
	return READ_ONCE(q->ctrl->sq_tail) != q->sq_head;
}

/* Release: the statistics written before a flag change are seen with it. */
static void vacc_set_flags(struct vacc_queue *q, u32 set, u32 clear)
{
	q->flags = (q->flags | set) & ~clear;
	smp_store_release(&q->ctrl->flags, q->flags);
}

/*
 * The doorbell. NEED_WAKEUP is cleared here, not only when the worker gets
 * the CPU, so the submitter's next entries (same burst) need no ioctl.
 * flag_lock orders this against the worker's "kick = 0, set NEED_WAKEUP":
 * either the worker publishes NEED_WAKEUP after this (and then finds the
 * entry already queued when it re-checks sq_tail), or it sees the kick.
 */
void vacc_worker_kick(struct vacc_queue *q)
{
	spin_lock(&q->flag_lock);
	atomic_set(&q->kick, 1);
	vacc_set_flags(q, 0, VACC_CTRL_NEED_WAKEUP);
	spin_unlock(&q->flag_lock);
	wake_up(&q->wq);
}

/*
 * Run what is queued now. A hostile sq_tail can claim more than the ring
 * holds: at most one ring's worth is taken per call, indices masked.
 * Returns the number of descriptors completed.
 */
static unsigned int vacc_run_batch(struct vacc_queue *q)
{
	/* pairs with the submitter's store-release: sqes before the tail */
	u32 n = smp_load_acquire(&q->ctrl->sq_tail) - q->sq_head;
	struct mem_cgroup *memcg = NULL, *old_memcg = NULL;
	unsigned int done = 0;
	struct vacc_sqe sqe;
	struct vacc_res res;
	bool have_mm;

	/* nothing to run, or nowhere to post: do not even take the mm */
	if (!n || vacc_cq_full(q))
		return 0;
	n = min_t(u32, n, VACC_SQ_ENTRIES);

	/* The owner may be exiting: then its requests are STOPPED. */
	have_mm = mmget_not_zero(q->mm);
	if (have_mm) {
		kthread_use_mm(q->mm);
		/*
		 * What a request allocates (__GFP_ACCOUNT: crypto's whole-message
		 * buffers) is charged to the owner's memory cgroup, not to
		 * nobody: a queue must not let its owner escape its limit.
		 */
		memcg = get_mem_cgroup_from_mm(q->mm);
		old_memcg = set_active_memcg(memcg);
	}

	while (n-- && !kthread_should_stop() && !vacc_cq_full(q)) {
		/* One copy; nothing is read from the shared slot again. */
		memcpy(&sqe, &q->sqes[q->sq_head & VACC_SQ_MASK], sizeof(sqe));
		barrier();
		q->sq_head++;
		WRITE_ONCE(q->ctrl->sq_head, q->sq_head);

		if (have_mm && !vacc_should_abort(q)) {
			vacc_exec(q, &sqe, &res);
		} else {
			memset(&res, 0, sizeof(res));
			res.status = VACC_ST_STOPPED;
		}
		vacc_post(q, sqe.user_data, &res);
		done++;
		cond_resched();
	}

	if (have_mm) {
		set_active_memcg(old_memcg);
		mem_cgroup_put(memcg);
		kthread_unuse_mm(q->mm);
		mmput(q->mm);
	}
	return done;
}

/* Sleep until rung (or stopped). The CQ-full case re-polls on a timer. */
static void vacc_worker_sleep(struct vacc_queue *q)
{
	bool cq_blocked;

	spin_lock(&q->flag_lock);
	atomic_set(&q->kick, 0);
	/* counted before the flag: whoever sees the flag sees the count */
	q->sleeps++;
	WRITE_ONCE(q->ctrl->sleeps, q->sleeps);
	vacc_set_flags(q, VACC_CTRL_NEED_WAKEUP, 0);
	spin_unlock(&q->flag_lock);
	/* Pairs with the submitter's barrier between sq_tail and flags. */
	smp_mb();
	cq_blocked = vacc_sq_pending(q) && vacc_cq_full(q);
	if (vacc_sq_pending(q) && !cq_blocked)
		goto out;

	/* committed: only a kick, the stop or (cq_blocked) the timer ends it */
	q->waits++;
	WRITE_ONCE(q->ctrl->waits, q->waits);
	if (cq_blocked)
		wait_event_interruptible_timeout(q->wq,
				atomic_read(&q->kick) || kthread_should_stop(),
				VACC_CQ_FULL_POLL);
	else
		wait_event_interruptible(q->wq,
				atomic_read(&q->kick) || kthread_should_stop());

	if (atomic_xchg(&q->kick, 0)) {
		q->wakeups++;
		WRITE_ONCE(q->ctrl->wakeups, q->wakeups);
	}
out:
	spin_lock(&q->flag_lock);
	vacc_set_flags(q, 0, VACC_CTRL_NEED_WAKEUP);
	spin_unlock(&q->flag_lock);
}

/*
 * Idle time is summed per poll step, each step counting at most this much:
 * when the worker (or the whole VM) was not running, the submitter could
 * not submit either, so that gap is no evidence of an idle queue.
 */
#define VACC_IDLE_STEP_NS	(50 * NSEC_PER_USEC)
/* How long a contended worker sleeps per idle step. */
#define VACC_IDLE_STEP_US	200

static int vacc_worker_fn(void *data)
{
	struct vacc_queue *q = data;
	u64 prev = ktime_get_ns();
	u64 idle = 0, now;

	/* stop sends SIGKILL: a copy stuck in a killable user page fault returns */
	allow_signal(SIGKILL);
	while (!kthread_should_stop()) {
		q->passes++;
		WRITE_ONCE(q->ctrl->passes, q->passes);
		if (vacc_run_batch(q)) {
			idle = 0;
			prev = ktime_get_ns();
			continue;
		}
		/*
		 * Work queued but the owner does not read its completions:
		 * no busy poll, straight to the timed sleep (a hostile owner
		 * must not make the worker burn a CPU on its behalf).
		 */
		if (vacc_sq_pending(q) && vacc_cq_full(q)) {
			vacc_worker_sleep(q);
			idle = 0;
			prev = ktime_get_ns();
			continue;
		}
		now = ktime_get_ns();
		idle += min_t(u64, now - prev, VACC_IDLE_STEP_NS);
		prev = now;
		if (idle < (u64)vacc_idle_us * NSEC_PER_USEC) {
			/*
			 * Poll; but when another task wants this CPU (the
			 * submitter, on one CPU) step aside long enough for
			 * it to run: a waking worker preempts it at once, so
			 * a tiny sleep (or yield()) would give it nothing
			 * and the queue would look idle while it is not.
			 */
			if (!single_task_running())
				usleep_range(VACC_IDLE_STEP_US, 2 * VACC_IDLE_STEP_US);
			else
				cpu_relax();
			cond_resched();
			continue;
		}
		vacc_worker_sleep(q);
		idle = 0;
		prev = ktime_get_ns();
	}
	return 0;
}

/* Called under uacce->mutex. */
int vacc_worker_start(struct vacc_queue *q)
{
	struct task_struct *t;

	if (q->worker)
		return 0;
	t = kthread_run(vacc_worker_fn, q, "vacc%u-q%u", q->vdev->index,
			q->index);
	if (IS_ERR(t))
		return PTR_ERR(t);
	q->worker = t;
	return 0;
}

/* Called under uacce->mutex; waits for the descriptor in hand. */
void vacc_worker_stop(struct vacc_queue *q)
{
	if (!q->worker)
		return;
	/*
	 * The worker may sit in a page fault on the owner's memory that only
	 * user space can resolve (userfaultfd, a FUSE file whose daemon does
	 * not answer). Those waits end on a fatal signal, and then the copy
	 * fails and the worker sees the stop: without this, kthread_stop()
	 * would wait forever under uacce->mutex.
	 */
	send_sig(SIGKILL, q->worker, 1);
	kthread_stop(q->worker);
	q->worker = NULL;
}
