/* SPDX-License-Identifier: Apache-2.0 */
#include <stdlib.h>
#include <string.h>
#include "fake_drv.h"

#define FAKE_RING 4096

struct fake_ctx {
	struct wd_msg_hdr *ring[FAKE_RING];
	unsigned int head, tail;
	int id;
};

int fake_opened, fake_max_open = 1000, fake_hold, fake_result;
unsigned int fake_max_level;
int fake_sends[64];
handle_t fake_adopted[8];
int fake_nadopted;

void fake_reset(void)
{
	fake_max_open = 1000;
	fake_hold = 0;
	fake_result = 0;
	fake_max_level = 0;
	fake_nadopted = 0;
	memset(fake_sends, 0, sizeof(fake_sends));
}

static int fake_open(const struct wd_driver *d, const char *alg, int numa, __u8 op, __u8 mode,
		     __u32 depth, void **out)
{
	struct fake_ctx *c;

	(void)d; (void)alg; (void)numa; (void)op; (void)mode; (void)depth;
	if (fake_opened >= fake_max_open)
		return -WD_EBUSY;	/* "no more queues" */
	c = calloc(1, sizeof(*c));
	if (!c)
		return -WD_ENOMEM;
	c->id = fake_opened++;
	*out = c;
	return 0;
}

static void fake_close(void *p)
{
	fake_opened--;
	free(p);
}

static int fake_send(void *p, struct wd_msg_hdr *h)
{
	struct fake_ctx *c = p;
	struct wd_comp_msg *m = (struct wd_comp_msg *)h;
	__u32 n = m->src_len < m->dst_len ? m->src_len : m->dst_len;

	if (c->tail - c->head >= FAKE_RING)
		return -WD_EBUSY;
	/* like a device that keeps stream state in the queue: bind the session */
	if ((h->flags & WD_MSG_STREAM) && h->sess) {
		if (h->sess->bound && h->sess->priv != c)
			return -WD_EIO;		/* the engine sent it elsewhere */
		h->sess->drv = &fake_hw;
		h->sess->priv = c;
		h->sess->bound = !m->last;
	}
	if (fake_result) {
		h->result = fake_result;
	} else {
		memcpy(m->dst, m->src, n);
		m->consumed = n;
		m->produced = n;
		m->status = WD_SUCCESS;
	}
	fake_sends[c->id % 64]++;
	c->ring[c->tail++ % FAKE_RING] = h;
	return 0;
}

static int fake_recv(void *p, struct wd_msg_hdr **out)
{
	struct fake_ctx *c = p;

	if (fake_hold || c->head == c->tail)
		return -WD_EAGAIN;
	*out = c->ring[c->head++ % FAKE_RING];
	return 0;
}

static int fake_wait(void *p, int ms)
{
	(void)p; (void)ms;
	return -WD_ETIMEDOUT;
}

/* v1 init: take over a queue the caller opened (only handles of api "fake_v1"). */
static int fake_adopt(const struct wd_driver *d, handle_t h, __u8 op, __u8 mode, __u32 depth,
		      void **out)
{
	const char *api = wd_ctx_get_api(h);

	if (!api || strcmp(api, "fake_v1"))
		return -WD_ENODEV;
	fake_adopted[fake_nadopted++ % 8] = h;
	return fake_open(d, NULL, 0, op, mode, depth, out);
}

static bool fake_supports(const struct wd_driver *d, const struct wd_alg_spec *spec)
{
	(void)d;
	return !fake_max_level || spec->param <= fake_max_level;
}

static const char *const fake_algs[] = { "zlib", "gzip", "deflate", NULL };
const struct wd_driver fake_hw = {
	.name = "fake_hw", .desc = "test double", .kind = WD_DRV_HW, .alg_class = WD_CLASS_COMP,
	.priority = 1, .algs = fake_algs, .op_mask = 3,
	.ctx_open = fake_open, .ctx_close = fake_close, .ctx_adopt = fake_adopt,
	.send = fake_send, .recv = fake_recv, .wait = fake_wait, .supports = fake_supports,
};
