// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client stuck: the worker is blocked in a page fault on our
 * memory that only we could resolve (a userfaultfd range nobody serves).
 * Putting the queue must still return promptly: the driver must not wait
 * for that worker forever (it would hold uacce's device mutex while doing
 * so, hanging every open and close of the device).
 */
#include "raw.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define UACCE_PUT_Q	_IO('W', 1)

int cmd_stuck(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg;
	struct uffd_msg msg = { 0 };
	struct pollfd pfd;
	struct vacc_sqe s;
	ssize_t got;
	uint64_t t0, took;
	unsigned char *trap;
	struct vq q;
	int uffd, r;

	uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api)) {
		notok("stuck: userfaultfd", "%s", strerror(errno));
		return 1;
	}
	trap = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (unsigned long)trap;
	reg.range.len = 65536;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (trap == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg)) {
		notok("stuck: register a userfaultfd range", "%s", strerror(errno));
		return 1;
	}
	if (q_open(&q)) {
		notok("stuck: open queue", "%s", strerror(errno));
		return 1;
	}
	pfd.fd = uffd;
	pfd.events = POLLIN;
	/* the worker faults on trap[] and waits for a resolution that never comes */
	s = mk(VACC_OP_MEMCPY, 0, trap, 4096, dbuf, 4096);
	q_submit(&q, &s);
	/* the fault's message says the worker is in it (WAIT_MS: a hang guard) */
	r = poll(&pfd, 1, WAIT_MS);
	got = r == 1 ? read(uffd, &msg, sizeof(msg)) : -1;
	CHECK(got == (ssize_t)sizeof(msg) && msg.event == UFFD_EVENT_PAGEFAULT &&
	      msg.arg.pagefault.address - (unsigned long)trap < 65536 &&
	      ld32(&q.ctrl->sq_head) == 1,
	      "stuck: the worker took the request and is blocked in the fault",
	      "poll %d read %zd event %u sq_head %u", r, got, msg.event,
	      ld32(&q.ctrl->sq_head));
	alarm(30);	/* a hang fails the case here, not at the suite's limit */
	t0 = now_ms();
	r = ioctl(q.fd, UACCE_PUT_Q);
	took = now_ms() - t0;
	alarm(0);
	/* without the fix PUT_Q never returns; 20 s only guards the alarm */
	CHECK(r == 0 && took < 20000, "stuck: PUT_Q returns while the worker is blocked in a fault",
	      "r %d after %llu ms", r, (unsigned long long)took);
	printf("# stuck: PUT_Q returned after %llu ms\n", (unsigned long long)took);
	q_close(&q);
	close(uffd);
	/* the device is still usable by others */
	r = q_open(&q);
	CHECK(r == 0, "stuck: a new queue opens afterwards", "%s", strerror(errno));
	if (!r) {
		s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4096);
		CHECK(q_run(&q, &s).status == VACC_ST_OK, "stuck: and runs a request", "status");
		q_close(&q);
	}
	return 0;
}
