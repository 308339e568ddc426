// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client basic: the sysfs attributes and ctrl page, every opcode
 * and format (stateless and streamed, cross-checked with zlib), poll(),
 * queue exhaustion and PUT_Q.
 */
#include "raw.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void test_sysfs(void)
{
	char buf[4096];		/* the crypto class lists its algorithms too */
	int lines = 0;

	CHECK(!sysfs_read("api", buf, sizeof(buf)) &&
	      !strcmp(buf, VACC_API_NAME "\n"), "sysfs api", "'%s'", buf);
	CHECK(sysfs_long("flags") == 0, "sysfs flags == 0", "%ld",
	      sysfs_long("flags"));
	if (!sysfs_read("algorithms", buf, sizeof(buf))) {
		lines += !!strstr(buf, "zlib\n");
		lines += !!strstr(buf, "gzip\n");
		lines += !!strstr(buf, "deflate\n");
		lines += !!strstr(buf, "memcpy\n");
	}
	CHECK(lines == 4, "sysfs algorithms", "'%s'", buf);
	CHECK(sysfs_long("region_mmio_size") == 4096, "sysfs region_mmio_size",
	      "%ld", sysfs_long("region_mmio_size"));
	CHECK(sysfs_long("region_dus_size") == 24576, "sysfs region_dus_size",
	      "%ld", sysfs_long("region_dus_size"));
}

static void test_ctrl(struct vq *q)
{
	struct vacc_ctrl *c = q->ctrl;

	CHECK(c->magic == VACC_CTRL_MAGIC && c->version == VACC_ABI_VERSION &&
	      c->sq_entries == VACC_SQ_ENTRIES &&
	      c->cq_entries == VACC_CQ_ENTRIES && c->sq_offset == 0 &&
	      c->cq_offset == VACC_SQ_ENTRIES * sizeof(struct vacc_sqe) &&
	      c->max_len == VACC_MAX_LEN && c->max_streams == VACC_MAX_STREAMS,
	      "ctrl page fields", "magic %x ver %u sq %u cq %u off %u/%u",
	      c->magic, c->version, c->sq_entries, c->cq_entries,
	      c->sq_offset, c->cq_offset);
}

static void test_nop_memcpy(struct vq *q)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vacc_cqe c = q_run(q, &s);
	unsigned char *big;

	CHECK(c.status == VACC_ST_OK && c.seq == q->cq_head, "nop",
	      "status %u seq %u", c.status, c.seq);

	memset(dbuf, 0, 4096);
	s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4096);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && c.produced == 4096 &&
	      c.consumed == 4096 && !memcmp(data, dbuf, 4096), "memcpy 4 KiB",
	      "status %u produced %u", c.status, c.produced);

	big = xalloc(1 << 20);
	memset(dbuf, 0, CAP);
	gen_data(big, 1 << 20);
	s = mk(VACC_OP_MEMCPY, 0, big, 300001, dbuf, CAP);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && c.produced == 300001 &&
	      !memcmp(big, dbuf, 300001) && dbuf[300001] == 0,
	      "memcpy 300001 bytes (bounce chunks)", "status %u produced %u",
	      c.status, c.produced);
	munmap(big, 1 << 20);

	s = mk(VACC_OP_MEMCPY, 0, data, 4096, dbuf, 4095);
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OVERFLOW, "memcpy dst too small: OVERFLOW",
	      "status %u", c.status);
}

static void test_stateless(struct vq *q, int fmt)
{
	struct vacc_sqe s;
	struct vacc_cqe c;
	char name[128];
	long n;
	size_t zl;

	/* device compress, zlib decompress */
	s = mk(VACC_OP_COMPRESS, fmt, data, DLEN, cbuf, CAP);
	c = q_run(q, &s);
	n = c.status ? -1 : zdecompress(fmt, cbuf, c.produced, dbuf, CAP);
	snprintf(name, sizeof(name), "%s stateless compress, zlib inflates it",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END) &&
	      c.consumed == DLEN && n == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u produced %u inflate %ld", c.status, c.produced,
	      n);

	/* device decompress of its own output, trailing junk left over */
	zl = c.produced;
	memset(cbuf + zl, 0x5a, 100);
	s = mk(VACC_OP_DECOMPRESS, fmt, cbuf, zl + 100, dbuf, CAP);
	memset(dbuf, 0, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name),
		 "%s stateless decompress stops at stream end", fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END) &&
	      c.consumed == zl && c.produced == DLEN &&
	      !memcmp(dbuf, data, DLEN), name,
	      "status %u consumed %u/%zu produced %u", c.status, c.consumed,
	      zl, c.produced);

	/* zlib compress (gzip: with every optional header field) */
	zl = zcompress(fmt, data, DLEN, zbuf, CAP, 1);
	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, DLEN);
	memset(dbuf, 0, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s stateless decompress of zlib output%s",
		 fmt_name[fmt], fmt == VACC_FMT_GZIP ?
		 " (FEXTRA FNAME FCOMMENT FHCRC)" : "");
	CHECK(c.status == VACC_ST_OK && c.consumed == zl &&
	      c.produced == DLEN && !memcmp(dbuf, data, DLEN), name,
	      "status %u consumed %u/%zu produced %u", c.status, c.consumed,
	      zl, c.produced);

	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl - 5, dbuf, DLEN);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s truncated input: TRUNCATED",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_TRUNCATED, name, "status %u", c.status);

	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, DLEN - 1);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s decompress dst 1 byte short: OVERFLOW",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OVERFLOW, name, "status %u", c.status);

	s = mk(VACC_OP_COMPRESS, fmt, data, DLEN, cbuf, 100);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s compress dst small: OVERFLOW",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_OVERFLOW, name, "status %u", c.status);

	/* corrupt: flip a byte in the checksum trailer (raw: in the data) */
	zbuf[fmt == VACC_FMT_RAW ? zl / 2 : zl - (fmt == VACC_FMT_GZIP ? 6 : 2)] ^= 0x55;
	s = mk(VACC_OP_DECOMPRESS, fmt, zbuf, zl, dbuf, CAP);
	c = q_run(q, &s);
	snprintf(name, sizeof(name), "%s corrupt input: DATA_ERR",
		 fmt_name[fmt]);
	CHECK(c.status == VACC_ST_DATA_ERR ||
	      (fmt == VACC_FMT_RAW && c.status != VACC_ST_OK) ||
	      (fmt == VACC_FMT_RAW && memcmp(dbuf, data, DLEN)), name,
	      "status %u", c.status);
}

static void test_levels(struct vq *q)
{
	static const struct { int level, wb; } v[] = {
		{ 1, 0 }, { 9, 0 }, { 6, 9 }, { 3, 12 }
	};
	unsigned int i;
	int fmt, bad = 0;

	for (i = 0; i < 4; i++) {
		for (fmt = 0; fmt < VACC_FMT_MAX; fmt++) {
			struct vacc_sqe s = mk(VACC_OP_COMPRESS, fmt, data,
					       DLEN, cbuf, CAP);
			struct vacc_cqe c;
			long n;

			s.level = v[i].level;
			s.win_bits = v[i].wb;
			c = q_run(q, &s);
			n = c.status ? -1 :
				zdecompress(fmt, cbuf, c.produced, dbuf, CAP);
			if (n != DLEN || memcmp(dbuf, data, DLEN)) {
				notok("levels/win_bits", "level %d wb %d %s: "
				      "status %u", v[i].level, v[i].wb,
				      fmt_name[fmt], c.status);
				bad++;
			}
		}
	}
	if (!bad)
		ok("compress levels 1/9 and win_bits 9/12, all formats");
}

/* Stream compress: 7000-byte pieces into 3000-byte dst windows. */
static void test_stream_compress(struct vq *q, int fmt, int slot)
{
	size_t off = 0, olen = 0;
	int first = 1, end = 0, iter = 0;
	char name[96];
	struct vacc_cqe c;
	long n;

	while (!end && iter++ < 10000) {
		size_t piece = DLEN - off < 7000 ? DLEN - off : 7000;
		struct vacc_sqe s = mk(VACC_OP_COMPRESS, fmt, data + off,
				       piece, cbuf + olen, 3000);

		s.flags = VACC_SQE_STREAM | (first ? VACC_SQE_NEW : 0) |
			  (off + piece == DLEN ? VACC_SQE_FINISH : 0);
		s.stream = slot;
		c = q_run(q, &s);
		if (c.status != VACC_ST_OK)
			break;
		off += c.consumed;
		olen += c.produced;
		end = c.flags & VACC_CQE_END;
		first = 0;
	}
	n = end ? zdecompress(fmt, cbuf, olen, dbuf, CAP) : -1;
	snprintf(name, sizeof(name), "%s stream compress in pieces",
		 fmt_name[fmt]);
	CHECK(end && off == DLEN && n == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u end %d off %zu olen %zu inflate %ld", c.status,
	      end, off, olen, n);
}

/* Stream decompress in tiny-to-large pieces, junk after the stream. */
static void test_stream_decompress(struct vq *q, int fmt, int slot)
{
	static const size_t pieces[] = { 1, 2, 1, 3, 5, 1, 700, 4000, 13 };
	size_t zl, off = 0, olen = 0, total;
	int first = 1, end = 0, iter = 0, stall = 0;
	struct vacc_cqe c = { 0 };
	char name[96];

	zl = zcompress(fmt, data, DLEN, zbuf, CAP, 1);
	memset(zbuf + zl, 0xa5, 64);
	total = zl + 64;
	memset(dbuf, 0, DLEN);
	while (!end && iter < 100000 && stall < 3) {
		size_t piece = pieces[iter++ % 9];
		struct vacc_sqe s;

		if (piece > total - off)
			piece = total - off;
		s = mk(VACC_OP_DECOMPRESS, fmt, zbuf + off, piece,
		       dbuf + olen, DLEN - olen < 5000 ? DLEN - olen : 5000);
		s.flags = VACC_SQE_STREAM | (first ? VACC_SQE_NEW : 0);
		s.stream = slot;
		c = q_run(q, &s);
		if (c.status != VACC_ST_OK)
			break;
		stall = c.consumed || c.produced ? 0 : stall + 1;
		off += c.consumed;
		olen += c.produced;
		end = c.flags & VACC_CQE_END;
		first = 0;
	}
	snprintf(name, sizeof(name),
		 "%s stream decompress in 1..4000-byte pieces", fmt_name[fmt]);
	CHECK(end && off == zl && olen == DLEN && !memcmp(dbuf, data, DLEN),
	      name, "status %u end %d consumed %zu/%zu produced %zu",
	      c.status, end, off, zl, olen);
}

static void test_stream_misc(struct vq *q)
{
	struct vacc_sqe s = mk(VACC_OP_COMPRESS, VACC_FMT_ZLIB, data, 100,
			       cbuf, CAP);
	struct vacc_cqe c;

	s.flags = VACC_SQE_STREAM | VACC_SQE_NEW | VACC_SQE_FINISH |
		  VACC_SQE_RELEASE;
	s.stream = 3;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_OK && (c.flags & VACC_CQE_END),
	      "stream NEW+FINISH+RELEASE in one request", "status %u",
	      c.status);
	s.flags = VACC_SQE_STREAM | VACC_SQE_FINISH;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_BAD_STREAM, "released slot: BAD_STREAM",
	      "status %u", c.status);

	s.flags = VACC_SQE_STREAM | VACC_SQE_NEW;
	s.stream = 4;
	c = q_run(q, &s);
	s.opcode = VACC_OP_DECOMPRESS;
	s.flags = VACC_SQE_STREAM;
	c = q_run(q, &s);
	CHECK(c.status == VACC_ST_BAD_STREAM,
	      "decompress on a compress slot: BAD_STREAM", "status %u",
	      c.status);
	s.flags = VACC_SQE_STREAM | VACC_SQE_RELEASE;
	s.opcode = VACC_OP_COMPRESS;
	c = q_run(q, &s);
}

static void test_poll(struct vq *q)
{
	struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vacc_cqe c;
	int r1, r2, ev;

	q_submit(q, &s);
	r1 = poll(&pfd, 1, WAIT_MS);
	ev = pfd.revents;
	q_wait(q, &c, WAIT_MS, 1);
	r2 = poll(&pfd, 1, 0);
	CHECK(r1 == 1 && (ev & POLLIN) && r2 == 0,
	      "poll: POLLIN with an unread cqe, none after reading",
	      "r1 %d r2 %d", r1, r2);
}

static void test_exhaust(void)
{
	long total = sysfs_long("available_instances");
	long before = total;
	int fds[VACC_SQ_ENTRIES], n = 0, err = 0;

	while (n < 64) {
		fds[n] = q_open_fd();
		if (fds[n] < 0) {
			err = errno;
			break;
		}
		n++;
	}
	CHECK(n == before && err == EBUSY &&
	      sysfs_long("available_instances") == 0,
	      "queue exhaustion: EBUSY, available_instances 0",
	      "opened %d of %ld, errno %d", n, before, err);
	while (n--)
		close(fds[n]);
	CHECK(sysfs_long("available_instances") == total,
	      "available_instances restored after close", "%ld",
	      sysfs_long("available_instances"));
}

static void test_put_q(void)
{
	struct vacc_sqe s = mk(VACC_OP_NOP, 0, 0, 0, 0, 0);
	struct vq q;
	int r;

	if (q_open(&q)) {
		notok("PUT_Q", "open: %s", strerror(errno));
		return;
	}
	q_push(&q, &s);
	q_push(&q, &s);
	r = ioctl(q.fd, UACCE_CMD_PUT_Q);
	CHECK(r == 0 && (ld32(&q.ctrl->flags) & VACC_CTRL_DEAD) &&
	      ld32(&q.ctrl->cq_tail) == 2,
	      "PUT_Q: DEAD published, queued work completed",
	      "r %d flags %x cq_tail %u", r, q.ctrl->flags, q.ctrl->cq_tail);
	r = ioctl(q.fd, UACCE_CMD_START_Q);
	CHECK(r < 0, "START_Q after PUT_Q refused", "r %d", r);
	q_close(&q);
}

int cmd_basic(void)
{
	long avail = sysfs_long("available_instances");
	struct vq q;
	int fmt;

	test_sysfs();
	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	CHECK(sysfs_long("available_instances") == avail - 1,
	      "available_instances counts the open queue", "%ld -> %ld",
	      avail, sysfs_long("available_instances"));
	test_ctrl(&q);
	test_nop_memcpy(&q);
	for (fmt = 0; fmt < VACC_FMT_MAX; fmt++)
		test_stateless(&q, fmt);
	test_levels(&q);
	for (fmt = 0; fmt < VACC_FMT_MAX; fmt++) {
		test_stream_compress(&q, fmt, fmt);
		test_stream_decompress(&q, fmt, 8 + fmt);
	}
	test_stream_misc(&q);
	test_poll(&q);
	test_exhaust();
	test_put_q();
	q_close(&q);
	return 0;
}
