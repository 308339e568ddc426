// SPDX-License-Identifier: GPL-2.0
/*
 * vacc - the crypto class's data movement: user memory at any offset of
 * src, dst, iv or mac (the core's vacc_load_chunk reads src in order only,
 * and AEAD requests need the AAD / payload boundary at a chunk boundary),
 * scatterlists over kernel buffers that may be vmalloc'ed (the bounce
 * buffers and the whole-request buffers come from kvmalloc), and the
 * mapping of crypto API errors to statuses.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "vacc_crypto.h"

/* One piece of a long copy: an abort check and a reschedule between pieces. */
#define VACC_CR_PIECE		VACC_BOUNCE_SIZE

static void vacc_cr_fault(struct vacc_job *j, u32 side, u32 off)
{
	j->res->status = VACC_ST_FAULT;
	j->res->fault_off = side | off;
}

/*
 * Copy @len bytes at the owner's @uaddr into @buf. @side and @off say
 * where @uaddr lies (VACC_FAULT_SRC/DST/IV/MAC and the offset within) for
 * fault_off. -EFAULT with the FAULT status set.
 */
int vacc_cr_read(struct vacc_job *j, void *buf, u64 uaddr, u32 len, u32 side, u32 off)
{
	unsigned long left;

	if (!len)
		return 0;
	left = copy_from_user(buf, u64_to_user_ptr(uaddr), len);
	if (left) {
		vacc_cr_fault(j, side, off + len - left);
		return -EFAULT;
	}
	return 0;
}

/* Copy @len bytes of @buf to the owner's @uaddr; faults as vacc_cr_read. */
int vacc_cr_write(struct vacc_job *j, u64 uaddr, const void *buf, u32 len, u32 side, u32 off)
{
	unsigned long left;

	if (!len)
		return 0;
	left = copy_to_user(u64_to_user_ptr(uaddr), buf, len);
	if (left) {
		vacc_cr_fault(j, side, off + len - left);
		return -EFAULT;
	}
	return 0;
}

/* The queue is being stopped or its owner is gone: the request ends STOPPED. */
bool vacc_cr_abort(struct vacc_job *j)
{
	if (!vacc_should_abort(j->q))
		return false;
	j->res->status = VACC_ST_STOPPED;
	return true;
}

/*
 * Whole-buffer copies (a request of up to max_len bytes) in pieces, so a
 * long one can be stopped and does not hog the CPU. @uaddr is the start
 * of the @side area (offsets count from it).
 */
int vacc_cr_read_all(struct vacc_job *j, void *buf, u64 uaddr, u32 len, u32 side)
{
	u32 off, n;

	for (off = 0; off < len; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, len - off, VACC_CR_PIECE);
		if (vacc_cr_read(j, buf + off, uaddr + off, n, side, off))
			return -EFAULT;
		cond_resched();
	}
	return 0;
}

int vacc_cr_write_all(struct vacc_job *j, u64 uaddr, const void *buf, u32 len, u32 side)
{
	u32 off, n;

	for (off = 0; off < len; off += n) {
		if (vacc_cr_abort(j))
			return -EINTR;
		n = min_t(u32, len - off, VACC_CR_PIECE);
		if (vacc_cr_write(j, uaddr + off, buf + off, n, side, off))
			return -EFAULT;
		cond_resched();
	}
	return 0;
}

/* Overwrite the first @len bytes of dst with zeros (unverified plaintext). */
int vacc_cr_zero_dst(struct vacc_job *j, u32 len)
{
	u32 off, n;

	memset(j->q->bout, 0, min_t(u32, len, VACC_BOUNCE_SIZE));
	for (off = 0; off < len; off += n) {
		n = min_t(u32, len - off, VACC_BOUNCE_SIZE);
		if (vacc_cr_write(j, j->sqe->dst + off, j->q->bout, n, VACC_FAULT_DST, off))
			return -EFAULT;
		cond_resched();
	}
	return 0;
}

/* Pages spanned by [buf, buf + len): one scatterlist entry each. */
unsigned int vacc_sg_nents(const void *buf, size_t len)
{
	unsigned long start = (unsigned long)buf;

	if (!len)
		return 1;
	return ((start + len - 1) >> PAGE_SHIFT) - (start >> PAGE_SHIFT) + 1;
}

/*
 * Describe a kernel buffer, linear or vmalloc'ed, page by page: a
 * vmalloc address has no virt_to_page(), so sg_init_one() cannot be used
 * on kvmalloc memory. Never on the stack (it may be vmalloc'ed too).
 */
void vacc_sg_fill(struct scatterlist *sg, unsigned int nents, void *buf, size_t len)
{
	bool vm = is_vmalloc_addr(buf);
	unsigned int i;

	sg_init_table(sg, nents);
	if (!len)
		return;		/* an empty entry: nothing is mapped */
	for (i = 0; i < nents && len; i++) {
		size_t off = offset_in_page(buf);
		size_t n = min_t(size_t, len, PAGE_SIZE - off);
		struct page *pg = vm ? vmalloc_to_page(buf) : virt_to_page(buf);

		sg_set_page(&sg[i], pg, n, off);
		buf += n;
		len -= n;
	}
}

/* A scatterlist over a whole-request buffer; kvfree() it. NULL: no memory. */
struct scatterlist *vacc_sg_alloc(void *buf, size_t len)
{
	unsigned int n = vacc_sg_nents(buf, len);
	struct scatterlist *sg;

	sg = kvmalloc_array(n, sizeof(*sg), GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (sg)
		vacc_sg_fill(sg, n, buf, len);
	return sg;
}

/* The queue's scatterlist over @len bytes of a bounce buffer at @buf. */
struct scatterlist *vacc_sg_bounce(struct vacc_job *j, void *buf, u32 len)
{
	struct vacc_crypto_state *cs = *j->state;
	unsigned int n = vacc_sg_nents(buf, len);

	if (WARN_ON_ONCE(n > VACC_BOUNCE_SG))
		return NULL;
	vacc_sg_fill(cs->sg, n, buf, len);
	return cs->sg;
}

/* Run a synchronous skcipher over @len bytes of @sg in place; @iv is updated. */
int vacc_sk_run(struct skcipher_request *req, struct scatterlist *sg, u32 len, u8 *iv,
		bool dec)
{
	skcipher_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP, NULL, NULL);
	skcipher_request_set_crypt(req, sg, sg, len, iv);
	return dec ? crypto_skcipher_decrypt(req) : crypto_skcipher_encrypt(req);
}

/*
 * A crypto API error as a status. The requests are validated first, so
 * only an allocation failure or a tag mismatch is expected here.
 */
u32 vacc_cr_status(int err)
{
	switch (err) {
	case 0:
		return VACC_ST_OK;
	case -ENOMEM:
		return VACC_ST_NOMEM;
	case -EBADMSG:
		return VACC_ST_AUTH_FAIL;
	case -EINVAL:
	case -EOVERFLOW:
		return VACC_ST_BAD_LEN;
	case -ENOKEY:
		return VACC_ST_BAD_SESS;
	default:
		return VACC_ST_BAD_DESC;
	}
}
