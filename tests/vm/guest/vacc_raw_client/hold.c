// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client hold [noack]: a live client while the vacc module is
 * removed (tests/vm/guest/suite.sh case_rmmod_held_client runs rmmod once
 * it holds a queue). hold keeps requests in flight until it sees DEAD and
 * acks it; hold noack sleeps in poll() and never acks.
 */
#include "raw.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_hold(int ack)
{
	unsigned int submitted = 0, completed = 0, stopped = 0, other = 0, consumed;
	unsigned char *big = xalloc(1 << 20);
	struct vacc_sqe s;
	struct vacc_cqe c;
	uint64_t t0;
	struct vq q;
	int fd, r;

	if (q_open(&q)) {
		notok("hold: open queue", "%s", strerror(errno));
		return 1;
	}
	fd = open("/tmp/hold.ready", O_CREAT | O_WRONLY | O_APPEND, 0644);
	if (write(fd, "x", 1) != 1)
		perror("ready");
	close(fd);
	printf("hold%s: ready\n", ack ? "" : " noack");
	fflush(stdout);

	if (!ack) {
		/* sleep in poll() until DEAD wakes us, never ack */
		struct pollfd pfd = { .fd = q.fd, .events = POLLIN };

		r = poll(&pfd, 1, 120000);
		CHECK(r == 1 && (ld32(&q.ctrl->flags) & VACC_CTRL_DEAD),
		      "hold noack: poll() woken by DEAD", "r %d flags %x", r,
		      q.ctrl->flags);
		/* unload gives up waiting for our ack after ~2 s, then removes */
		r = wait_dev_gone(WAIT_MS);
		CHECK(!r, "hold noack: the device is removed without our ack",
		      "/sys/class/uacce/%s still there", dev_name);
		r = touch(&q.ctrl->flags);
		CHECK(r == SIGBUS || r == SIGSEGV,
		      "hold noack: regions unmapped after removal",
		      "signal %d", r);
		r = ioctl(q.fd, VACC_IOCTL_WAKE);
		CHECK(r < 0, "hold noack: ioctl after removal fails", "r %d",
		      r);
		close(q.fd);
		return 0;
	}

	t0 = now_ms();
	while (!(ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) &&
	       now_ms() - t0 < 600000) {
		while (submitted - completed < 32) {
			s = mk(VACC_OP_MEMCPY, 0, big, 1 << 20, big, 1 << 20);
			s.user_data = submitted++;
			q_submit(&q, &s);
		}
		r = q_wait(&q, &c, 1000, 1);
		if (r == 0) {
			completed++;
			stopped += c.status == VACC_ST_STOPPED;
			other += c.status != VACC_ST_STOPPED &&
				 c.status != VACC_ST_OK;
		}
	}
	/* DEAD: everything posted before it is visible */
	while (q_peek(&q, &c)) {
		completed++;
		stopped += c.status == VACC_ST_STOPPED;
		other += c.status != VACC_ST_STOPPED && c.status != VACC_ST_OK;
	}
	/*
	 * Requests submitted after the kernel's last look at sq_tail were
	 * never consumed: its final sq_head says how many were. Each of
	 * those has exactly one completion; the rest are the client's to
	 * fail (as the user driver does).
	 */
	consumed = ld32(&q.ctrl->sq_head);
	st32(&q.ctrl->dead_ack, 1);
	printf("# hold: submitted %u, consumed %u, completed %u (%u STOPPED)\n", submitted,
	       consumed, completed, stopped);
	CHECK((ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) && completed == consumed &&
	      submitted - consumed <= 32 && stopped > 0 && other == 0,
	      "hold: DEAD seen, every consumed request completed (OK or STOPPED)",
	      "submitted %u consumed %u completed %u stopped %u other %u", submitted,
	      consumed, completed, stopped, other);
	/* the regions are off limits now; the fd still answers */
	r = wait_dev_gone(WAIT_MS);
	CHECK(!r, "hold: the device is removed after our ack",
	      "/sys/class/uacce/%s still there", dev_name);
	r = ioctl(q.fd, VACC_IOCTL_WAKE);
	CHECK(r < 0, "hold: ioctl after removal fails", "r %d", r);
	close(q.fd);
	return 0;
}
