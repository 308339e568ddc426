/* SPDX-License-Identifier: (GPL-2.0 OR Apache-2.0) */
/*
 * vacc queue format, version 1: the one description of the rings shared by
 * the vacc kernel driver (kernel/vacc/) and the WarpDrive user-space driver
 * (src/drivers/vacc/). Included from both sides, so only <linux/types.h>
 * and <linux/ioctl.h>.
 *
 * A queue is one open() of /dev/vacc-N (uacce). Two regions are mmap'ed:
 *
 *   MMIO (uacce region 0, 1 page): struct vacc_ctrl - ring indices, the
 *        doorbell (sq_tail) and the worker's flags. Each index has its own
 *        cache line and exactly one writer.
 *   DUS  (uacce region 1): sq_entries submission entries (struct vacc_sqe,
 *        64 bytes) at offset 0, then cq_entries completion entries
 *        (struct vacc_cqe, 32 bytes) at sq_entries * 64.
 *
 * Indices run freely (u32, wrapping); entry = index & (entries - 1).
 *
 * Submission (user side, the only writer of sq_tail and cq_head):
 *   1. fill sqes[sq_tail & mask] (the slot is free while
 *      sq_tail - sq_head < sq_entries),
 *   2. store-release sq_tail + 1,
 *   3. full barrier, then read flags: if VACC_CTRL_NEED_WAKEUP is set the
 *      worker sleeps, so ioctl(fd, VACC_IOCTL_WAKE). Otherwise no system
 *      call: a busy queue is served by a polling kernel worker (the
 *      io_uring SQPOLL pattern).
 * The worker sets NEED_WAKEUP, issues a full barrier and re-reads sq_tail
 * before it sleeps, so a submission is never stranded.
 *
 * Completion (kernel side, the only writer of sq_head and of cqes):
 *   the worker consumes sqes in order and posts exactly one cqe per sqe, in
 *   order, into cqes[n & mask] for completion number n (0, 1, ...). It fills
 *   the cqe, then store-releases cqe.seq = n + 1. The user side knows which
 *   n it expects next (its cq_head), so it load-acquires
 *   cqes[cq_head & mask].seq and compares with cq_head + 1 - no shared index
 *   is read on the completion path (NVMe's phase bit, widened to a sequence
 *   number so a stale entry can never look new). After reading the entry
 *   the user side store-releases cq_head + 1. The worker posts only while
 *   cq_tail - cq_head < cq_entries, so a full CQ stalls the SQ (never drops).
 *   poll() on the fd reports EPOLLIN while a cqe is unread.
 *
 * Addresses in an sqe are the queue owner's virtual addresses; the device
 * reaches them through the owner's mm. Everything the user side writes is
 * validated: a bad address completes with VACC_ST_FAULT and fault_off, a
 * bad field with VACC_ST_BAD_DESC, an oversize length with VACC_ST_BAD_LEN.
 *
 * Stop: when the queue is put or the device goes away, the kernel sets
 * VACC_CTRL_DEAD, completes what is in flight with VACC_ST_STOPPED and
 * wakes poll(). The user side, seeing DEAD, writes dead_ack = 1 and must not
 * touch the regions again; the kernel waits (bounded) for that ack before
 * the regions are unmapped, so a live client gets errors, not SIGBUS.
 */
#ifndef VACC_ABI_H
#define VACC_ABI_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define VACC_API_NAME		"vacc_v1"	/* sysfs "api" */
#define VACC_CTRL_MAGIC		0x43434156u	/* "VACC" little-endian */
#define VACC_ABI_VERSION	1

#define VACC_SQ_ENTRIES		256u
#define VACC_CQ_ENTRIES		256u
#define VACC_MAX_LEN		(64u << 20)	/* src_len / dst_len limit */
#define VACC_MAX_STREAMS	16u		/* compression: stream slots per queue */

/* ctrl.flags, written by the kernel */
#define VACC_CTRL_NEED_WAKEUP	(1u << 0)	/* worker sleeps: ring the doorbell ioctl */
#define VACC_CTRL_DEAD		(1u << 1)	/* queue stopped: no more completions */

#define VACC_CACHELINE		64

/* The MMIO page. Fields grouped by writer, one cache line per group. */
struct vacc_ctrl {
	/* written once by the kernel at queue open */
	__u32 magic;			/* VACC_CTRL_MAGIC */
	__u32 version;			/* VACC_ABI_VERSION */
	__u32 sq_entries;		/* power of two */
	__u32 cq_entries;		/* power of two, >= sq_entries */
	__u32 sq_offset;		/* byte offset of sqes in DUS (0) */
	__u32 cq_offset;		/* byte offset of cqes in DUS */
	__u32 max_len;			/* VACC_MAX_LEN */
	__u32 max_streams;		/* compression: VACC_MAX_STREAMS */
	__u8 pad0[VACC_CACHELINE - 32];

	/* written by the user side */
	__u32 sq_tail;			/* doorbell: next sqe to be filled */
	__u8 pad1[VACC_CACHELINE - 4];
	__u32 cq_head;			/* next cqe to be read */
	__u32 dead_ack;			/* 1: user saw VACC_CTRL_DEAD, regions unused */
	__u8 pad2[VACC_CACHELINE - 8];

	/* written by the kernel */
	__u32 sq_head;			/* next sqe the worker reads */
	__u8 pad3[VACC_CACHELINE - 4];
	__u32 cq_tail;			/* completions posted (informational) */
	__u32 passes;			/* statistics: worker loop iterations */
	__u8 pad4[VACC_CACHELINE - 8];
	__u32 flags;			/* VACC_CTRL_* */
	__u32 wakeups;			/* statistics: sleeps a WAKE arrived in */
	__u32 sleeps;			/* statistics: NEED_WAKEUP published */
	__u32 waits;			/* statistics: sleeps that found no work and waited */
	__u8 pad5[VACC_CACHELINE - 16];
};

/*
 * The statistics (passes, wakeups, sleeps, waits) count from 0 at queue
 * open and wrap; user space may only read them. Fields after the first
 * version's (passes, sleeps, waits) sit in what was padding: a client that
 * does not know them is unaffected, so the version stays 1.
 *
 * passes grows once per worker loop iteration. A worker blocked behind a
 * full CQ re-polls on a timer of at least one jiffy, so passes then grows
 * by at most one per jiffy; it has its own line (not the flags line) since
 * a polling worker writes it continuously.
 *
 * sleeps is incremented before NEED_WAKEUP is set, under the same lock and
 * ordered before it (store-release of flags): a client that load-acquires
 * flags and sees NEED_WAKEUP then reads a sleeps value that counts it.
 * After setting the flag the worker re-checks sq_tail; when it finds no
 * work it increments waits and waits for VACC_IOCTL_WAKE (or, while work
 * is held back by a full CQ, for the re-poll timer). So waits == sleeps
 * with NEED_WAKEUP set means the worker is parked: an entry queued now runs
 * only after a WAKE. wakeups counts the sleeps in which a WAKE arrived, at most
 * one per sleep and never more than the WAKEs issued.
 */

/*
 * Opcodes come in classes: the core's own (NOP, MEMCPY) and one range per
 * class of descriptors, each with its own parameters (see struct vacc_sqe).
 */
enum vacc_opcode {
	/* the core */
	VACC_OP_NOP = 0,		/* completes at once: ring tests */
	VACC_OP_MEMCPY = 1,		/* dst[0..src_len) = src[0..src_len) */
	/* the compression class */
	VACC_OP_COMPRESS = 2,
	VACC_OP_DECOMPRESS = 3,
	VACC_OP_MAX,
};

/* compression: sqe.format */
enum vacc_format {
	VACC_FMT_RAW = 0,		/* raw deflate (RFC 1951) */
	VACC_FMT_ZLIB = 1,		/* RFC 1950 */
	VACC_FMT_GZIP = 2,		/* RFC 1952, one member */
	VACC_FMT_MAX,
};

/* compression: sqe.flags */
#define VACC_SQE_STREAM		(1u << 0)	/* stateful: uses stream slot sqe.stream */
#define VACC_SQE_NEW		(1u << 1)	/* with STREAM: start a fresh stream in the slot */
#define VACC_SQE_FINISH		(1u << 2)	/* with STREAM + COMPRESS: last input, end the stream */
#define VACC_SQE_RELEASE	(1u << 3)	/* with STREAM: free the slot's state after this */
#define VACC_SQE_FLAGS_ALL	0xfu		/* every compression flag */

/*
 * One request. Every opcode uses opcode, flags, src_len, dst_len (each at
 * most max_len, else VACC_ST_BAD_LEN), src, dst and user_data; NOP ignores
 * the lengths and addresses. rsvd0 and rsvd1 must be 0.
 *
 * Class parameters: the bytes format, level, win_bits and stream, and the
 * meaning of the flags bits, belong to the class of the opcode; the field
 * names are the compression class's. A flag bit the class does not define
 * is VACC_ST_BAD_DESC. NOP and MEMCPY take no flags and no parameters, but
 * version 1 checks their parameter bytes as compression's (format <
 * VACC_FMT_MAX, level <= 9, win_bits 0 or 9..15, else BAD_DESC; stream <
 * max_streams, else BAD_STREAM): leave them 0.
 *
 * Compression: stateless compress/decompress (no STREAM flag) treats src
 * as the whole input and must fit the output in dst (else
 * VACC_ST_OVERFLOW). Stream requests consume what they can: consumed <
 * src_len means dst filled up; the caller resubmits the rest with a fresh
 * dst.
 */
struct vacc_sqe {
	__u8 opcode;			/* enum vacc_opcode */
	__u8 format;			/* class: compression: enum vacc_format */
	__u8 level;			/* class: compress: 1..9; 0 means 6 */
	__u8 win_bits;			/* class: compress: 9..15; 0 means 15 */
	__u8 flags;			/* class: compression: VACC_SQE_* */
	__u8 stream;			/* class: compression: stream slot, < max_streams */
	__u16 rsvd0;			/* must be 0 */
	__u32 src_len;
	__u32 dst_len;
	__u64 src;			/* owner's virtual address */
	__u64 dst;			/* owner's virtual address */
	__u64 user_data;		/* returned in the cqe as is */
	__u64 rsvd1[3];			/* must be 0 */
};

enum vacc_status {
	VACC_ST_OK = 0,
	VACC_ST_FAULT = 1,		/* src/dst not accessible: see fault_off */
	VACC_ST_BAD_DESC = 2,		/* unknown opcode, bad flags or class field, reserved != 0 */
	VACC_ST_BAD_LEN = 3,		/* a length above max_len */
	VACC_ST_OVERFLOW = 4,		/* memcpy, stateless compression: dst too small */
	VACC_ST_DATA_ERR = 5,		/* corrupt compressed input (or checksum) */
	VACC_ST_TRUNCATED = 6,		/* stateless decompress: input ended early */
	VACC_ST_NOMEM = 7,		/* the device could not allocate state */
	VACC_ST_STOPPED = 8,		/* queue stopped before or while the request ran */
	VACC_ST_BAD_STREAM = 9,		/* stream slot unused/out of range, or NEW missing */
};

/* cqe.flags */
#define VACC_CQE_END		(1u << 0)	/* stream/member end reached (decompress), */
						/* or final block written (compress) */

struct vacc_cqe {
	__u64 user_data;		/* from the sqe */
	__u32 status;			/* enum vacc_status */
	__u32 consumed;			/* src bytes used */
	__u32 produced;			/* dst bytes written */
	__u32 flags;			/* VACC_CQE_* */
	__u32 fault_off;		/* FAULT: first bad byte, src offset or VACC_FAULT_DST + dst offset */
	__u32 seq;			/* completion number + 1, written last */
};

#define VACC_FAULT_DST		(1u << 31)	/* fault_off refers to dst */

/* Driver ioctls on the queue fd (uacce passes unknown numbers to the driver). */
#define VACC_IOCTL_WAKE		_IO('V', 1)	/* wake a sleeping worker */

/* The layout both sides rely on: one writer per line, all in one page. */
_Static_assert(__builtin_offsetof(struct vacc_ctrl, sq_tail) == 1 * VACC_CACHELINE,
	       "vacc_ctrl: sq_tail starts line 1");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, cq_head) == 2 * VACC_CACHELINE,
	       "vacc_ctrl: cq_head starts line 2");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, sq_head) == 3 * VACC_CACHELINE,
	       "vacc_ctrl: sq_head starts line 3");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, cq_tail) == 4 * VACC_CACHELINE &&
	       __builtin_offsetof(struct vacc_ctrl, passes) == 4 * VACC_CACHELINE + 4,
	       "vacc_ctrl: cq_tail, passes on line 4");
_Static_assert(__builtin_offsetof(struct vacc_ctrl, flags) == 5 * VACC_CACHELINE &&
	       __builtin_offsetof(struct vacc_ctrl, wakeups) == 5 * VACC_CACHELINE + 4 &&
	       __builtin_offsetof(struct vacc_ctrl, sleeps) == 5 * VACC_CACHELINE + 8 &&
	       __builtin_offsetof(struct vacc_ctrl, waits) == 5 * VACC_CACHELINE + 12,
	       "vacc_ctrl: flags, wakeups, sleeps, waits on line 5");
_Static_assert(sizeof(struct vacc_ctrl) == 6 * VACC_CACHELINE &&
	       sizeof(struct vacc_ctrl) <= 4096, "vacc_ctrl: six lines, within one page");

#endif /* VACC_ABI_H */
