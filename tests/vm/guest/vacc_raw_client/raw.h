/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vacc_raw_client - guest test client that drives /dev/vacc-N directly:
 * open / mmap / UACCE_CMD_START_Q and the vacc_abi.h rings, no WarpDrive
 * library. Results are cross-checked with user-space zlib.
 *
 * build (tests/vm/run_vm_tests.sh does this), from all the .c files here,
 * dynamic (crypto_util.c has the marker):
 *     gcc -O2 -pthread -I kernel/vacc -I include -o vacc_raw_client \
 *         tests/vm/guest/vacc_raw_client/NAME.c ... -lcrypto -lz
 *
 * usage: vacc_raw_client basic|hostile|fork|wake|stuck|cqfull|hold [noack]|
 *                        crypto|crypto-hostile|crypto-busy|crypto-quick
 * Prints "ok - <check>" / "not ok - <check>: <why>"; exit 0 iff all pass.
 *
 * Files:
 *   raw.h        what the files share (this)
 *   raw_queue.c  check/report helpers, sysfs, queue open/mmap/submit/reap/wait
 *   raw_data.c   test data, user-space zlib, buffers, fault probe
 *   main.c       subcommand dispatch, usage
 *   basic.c      basic:   sysfs, ctrl page, every opcode/format, streams, poll
 *   hostile.c    hostile: bad mmaps, addresses, fields, indices
 *   fork.c       fork:    inherited fds, dying clients
 *   wake.c       wake:    the SQPOLL doorbell protocol
 *   stuck.c      stuck:   PUT_Q while the worker waits in a userfaultfd fault
 *   cqfull.c     cqfull:  a worker blocked on a full CQ waits on a timer
 *   hold.c       hold:    a live client while vacc is removed
 *   crypto*.c    the crypto class (see crypto.h); these need OpenSSL's
 *                libcrypto, so the program is a dynamic guest program
 */
#ifndef VACC_RAW_CLIENT_RAW_H
#define VACC_RAW_CLIENT_RAW_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "vacc_abi.h"

#define UACCE_CMD_START_Q	_IO('W', 0)
#define UACCE_CMD_PUT_Q		_IO('W', 1)
#define PAGE			4096UL
#define WAIT_MS			30000	/* TCG guests are slow */

/* ---- checks and report (raw_queue.c) ----------------------------------- */

extern int n_fail, n_pass;
extern char dev_name[64];		/* "vacc-N" */

void ok(const char *name);
void notok(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define CHECK(cond, name, ...) \
	do { if (cond) ok(name); else notok(name, __VA_ARGS__); } while (0)

uint64_t now_ms(void);

/* ---- sysfs (raw_queue.c) ----------------------------------------------- */

int sysfs_read(const char *attr, char *buf, size_t len);
long sysfs_long(const char *attr);
int find_dev(void);

/* ---- queue (raw_queue.c) ----------------------------------------------- */

struct vq {
	int fd;
	struct vacc_ctrl *ctrl;
	struct vacc_sqe *sqes;
	struct vacc_cqe *cqes;
	size_t dus_size;
	uint32_t sq_tail, cq_head;	/* our copies: we are their writer */
	unsigned int rings;		/* WAKE ioctls issued */
	uint64_t next_ud;
};

static inline uint32_t ld32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void st32(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

int q_open_fd(void);
int q_open(struct vq *q);
void q_close(struct vq *q);
void q_push(struct vq *q, const struct vacc_sqe *sqe);
void q_doorbell(struct vq *q);
void q_submit(struct vq *q, const struct vacc_sqe *sqe);
int q_peek(struct vq *q, struct vacc_cqe *out);
int q_wait(struct vq *q, struct vacc_cqe *out, int ms, int use_poll);
struct vacc_cqe q_run(struct vq *q, struct vacc_sqe *sqe);
int wait_passes(const struct vq *q, uint32_t since, uint32_t n, int ms);
int wait_dev_gone(int ms);
struct vacc_sqe mk(uint8_t op, uint8_t fmt, const void *src, uint32_t slen,
		   void *dst, uint32_t dlen);

/* ---- data, zlib, buffers (raw_data.c) ---------------------------------- */

#define DLEN	(100 * 1024)		/* the test input used by most checks */
#define CAP	(512 * 1024)		/* size of each buffer below */

extern unsigned char *data, *cbuf, *dbuf, *zbuf;
extern const char *fmt_name[];

uint64_t rnd(void);
void gen_data(unsigned char *p, size_t n);
size_t zcompress(int fmt, const void *in, size_t n, void *out, size_t cap,
		 int hdr);
long zdecompress(int fmt, const void *in, size_t n, void *out, size_t cap);
void *xalloc(size_t n);
int touch(volatile uint32_t *p);

/* ---- subcommands ------------------------------------------------------- */

int cmd_basic(void);
int cmd_hostile(void);
int cmd_fork(void);
int cmd_wake(void);
int cmd_hold(int ack);
int cmd_stuck(void);
int cmd_cqfull(void);
int cmd_crypto(void);
int cmd_crypto_hostile(void);
int cmd_crypto_busy(void);
int cmd_crypto_quick(void);

#endif
