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
#include <linux/zlib.h>

#include "vacc_abi.h"

#define VACC_MAX_DEVICES	8
#define VACC_MAX_QUEUES		64

/* Kernel bounce buffers between user memory and zlib / memcpy. */
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

/* gzip member parser / writer states (struct vacc_zctx.gz_state) */
enum vacc_gz_state {
	VACC_GZ_FIXED = 0,		/* the 10 fixed header bytes */
	VACC_GZ_XLEN,			/* FEXTRA length, 2 bytes */
	VACC_GZ_EXTRA,			/* FEXTRA payload */
	VACC_GZ_NAME,			/* FNAME, zero terminated */
	VACC_GZ_COMMENT,		/* FCOMMENT, zero terminated */
	VACC_GZ_HCRC,			/* FHCRC, 2 bytes */
	VACC_GZ_BODY,			/* raw deflate data */
	VACC_GZ_TRAILER,		/* crc32 + isize, 8 bytes */
};

#define VACC_GZ_HDR_LEN		10
#define VACC_GZ_TRL_LEN		8

/*
 * One zlib (de)compression context: a stream slot, or the queue's scratch
 * context for stateless requests.
 */
struct vacc_zctx {
	z_stream strm;
	void *ws;			/* zlib workspace, vmalloc'ed */
	u8 op;				/* VACC_OP_COMPRESS / DECOMPRESS */
	u8 fmt;				/* VACC_FMT_* */
	bool zdone;			/* zlib returned Z_STREAM_END */
	bool ended;			/* whole stream/member done */
	bool broken;			/* state lost (fault on dst, misuse) */
	bool trailer_queued;		/* compress: gzip trailer in pend */

	/* gzip */
	u32 crc;			/* running crc32_le (pre-inverted) */
	u32 isize;			/* uncompressed size mod 2^32 */
	u32 hcrc;			/* decompress: crc of header bytes */
	u8 gz_state;			/* enum vacc_gz_state */
	u8 gz_flg;
	u16 gz_cnt;			/* bytes collected in the current state */
	u16 gz_xlen;
	u8 gz_buf[VACC_GZ_HDR_LEN];	/* fixed header / trailer bytes */

	/* compress: header/trailer bytes still to be written to dst */
	u8 pend[VACC_GZ_HDR_LEN];
	u8 pend_len;
	u8 pend_off;
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
	struct vacc_zctx *sl[2];	/* stateless: [0] deflate, [1] inflate */
	struct vacc_zctx *streams[VACC_MAX_STREAMS];
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
};

/* vacc_queue.c */
extern const struct uacce_ops vacc_uacce_ops;
void vacc_queue_shutdown(struct vacc_queue *q);

/* vacc_worker.c */
int vacc_worker_start(struct vacc_queue *q);
void vacc_worker_stop(struct vacc_queue *q);
void vacc_worker_kick(struct vacc_queue *q);
void vacc_post(struct vacc_queue *q, u64 user_data, const struct vacc_res *r);

/* vacc_exec.c */
void vacc_exec(struct vacc_queue *q, const struct vacc_sqe *sqe,
	       struct vacc_res *res);
bool vacc_should_abort(struct vacc_queue *q);
int vacc_load_chunk(struct vacc_job *j, z_stream *s);
int vacc_store(struct vacc_job *j, const void *buf, u32 len);

/* vacc_comp.c */
void vacc_comp_exec(struct vacc_job *j);
void vacc_zctx_free(struct vacc_zctx *z);
void vacc_streams_free(struct vacc_queue *q);

/* vacc_gzip.c */
void vacc_gz_write_header(struct vacc_zctx *z, unsigned int level);
void vacc_gz_write_trailer(struct vacc_zctx *z);
void vacc_gz_reset(struct vacc_zctx *z);
int vacc_gz_parse_header(struct vacc_zctx *z);
int vacc_gz_parse_trailer(struct vacc_zctx *z);

#endif /* VACC_INTERNAL_H */
