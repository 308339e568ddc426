/* SPDX-License-Identifier: Apache-2.0 */
/* test_vacc_crypto's shared helpers: see vacc_crypto_test.h. */
#include <string.h>
#include "vacc_crypto_test.h"

const char vt_algs[] =
	"cipher\ndigest\naead\n"
	"ecb(aes)\ncbc(aes)\nctr(aes)\nxts(aes)\nofb(aes)\ncfb(aes)\ncbc-cs3(aes)\n"
	"ecb(des)\ncbc(des)\necb(des3_ede)\ncbc(des3_ede)\n"
	"md5\nsha1\nsha224\nsha256\nsha384\nsha512\n"
	"hmac(md5)\nhmac(sha1)\nhmac(sha224)\nhmac(sha256)\nhmac(sha384)\nhmac(sha512)\n"
	"cmac(aes)\nxcbc-mac-96(aes)\ngmac(aes)\n"
	"gcm(aes)\nccm(aes)\nauthenc(hmac(sha1),cbc(aes))\nauthenc(hmac(sha256),cbc(aes))\n"
	"memcpy";

static enum vt_class up_cls;
static bool is_up;

int vt_up_cfg(enum vt_class cls, const char *alg, const struct fu_cfg *cfg, int task_type,
	      __u32 nsync, __u32 nasync)
{
	struct wd_ctx_nums nums = { .sync_ctx_num = nsync, .async_ctx_num = nasync };
	struct wd_ctx_params p = { .op_type_num = 1, .ctx_set_num = &nums };
	int ret;

	if (fu_setup(cfg))
		return -1;
	switch (cls) {
	case VT_CIPHER:
		ret = wd_cipher_init2_((char *)alg, SCHED_POLICY_RR, task_type, &p);
		break;
	case VT_DIGEST:
		ret = wd_digest_init2_((char *)alg, SCHED_POLICY_RR, task_type, &p);
		break;
	default:
		ret = wd_aead_init2_((char *)alg, SCHED_POLICY_RR, task_type, &p);
		break;
	}
	up_cls = cls;
	is_up = !ret;
	if (ret)
		fu_teardown();
	return ret;
}

void vt_up(enum vt_class cls, const char *alg, __u32 max_sessions, bool inline_mode,
	   __u32 nsync, __u32 nasync)
{
	struct fu_cfg cfg = { .algs = vt_algs, .max_sessions = max_sessions,
			      .inline_mode = inline_mode };

	assert_int_equal(vt_up_cfg(cls, alg, &cfg, TASK_HW, nsync, nasync), 0);
	/* the queues the init opened are this device's */
	assert_true(fu_ndev() >= (int)(nsync + nasync));
}

void vt_down(void)
{
	vt_force_off();
	if (is_up) {
		if (up_cls == VT_CIPHER)
			wd_cipher_uninit2();
		else if (up_cls == VT_DIGEST)
			wd_digest_uninit2();
		else
			wd_aead_uninit2();
		is_up = false;
	}
	fu_teardown();
}

const struct vacc_sqe *vt_log(int n, __u32 *count)
{
	struct fdev *d = fu_dev(n);

	*count = d ? d->log_n : 0;
	return d ? d->log : NULL;
}

void vt_log_reset(void)
{
	int i;

	for (i = 0; i < fu_ndev(); i++)
		fdev_log_reset(fu_dev(i));
}

__u32 vt_count(int n, __u8 opcode, __u8 alg)
{
	const struct vacc_sqe *s;
	__u32 i, cnt, hits = 0;

	s = vt_log(n, &cnt);
	for (i = 0; i < cnt; i++)
		if (s[i].opcode == opcode &&
		    (!alg || s[i].alg == alg || (alg == VT_NONE && !s[i].alg)))
			hits++;
	return hits;
}

static struct {
	__u8 opcode;
	__u32 status, consumed, left;
} force;

static bool force_hook(struct fdev *d, const struct vacc_sqe *s, struct fdev_res *r, void *arg)
{
	(void)d;
	(void)arg;
	if (!force.left)
		return false;
	if (force.opcode == VT_ANY_REQ ? s->opcode == VACC_OP_CRYPTO_SETUP :
	    s->opcode != force.opcode)
		return false;
	force.left--;
	r->status = force.status;
	r->consumed = force.consumed == VT_COUNTS_ASKED ? s->src_len : force.consumed;
	r->produced = force.consumed == VT_COUNTS_ASKED ? s->dst_len : 0;
	return true;
}

void vt_force(__u8 opcode, __u32 status, __u32 consumed, __u32 times)
{
	force.opcode = opcode;
	force.status = status;
	force.consumed = consumed;
	force.left = times;
	fu_set_hook(force_hook, NULL);
}

void vt_force_off(void)
{
	force.left = 0;
	fu_set_hook(NULL, NULL);
}

handle_t vt_cipher_sess(enum wd_cipher_alg alg, enum wd_cipher_mode mode, const __u8 *key,
			__u32 klen)
{
	struct wd_cipher_sess_setup setup = { .alg = alg, .mode = mode };
	handle_t h = wd_cipher_alloc_sess(&setup);

	if (h && key && wd_cipher_set_key(h, key, klen)) {
		wd_cipher_free_sess(h);
		return 0;
	}
	return h;
}

int vt_cipher(handle_t h, bool enc, const void *in, void *out, __u32 len, __u8 *iv)
{
	struct wd_cipher_req req;

	memset(&req, 0, sizeof(req));
	req.op_type = enc ? WD_CIPHER_ENCRYPTION : WD_CIPHER_DECRYPTION;
	req.src = (void *)in;
	req.dst = out;
	req.in_bytes = len;
	req.out_buf_bytes = len;
	req.iv = iv;
	req.iv_bytes = iv ? 16 : 0;
	return wd_do_cipher_sync(h, &req);
}

bool vt_xored(const __u8 *in, const __u8 *out, __u32 len, const __u8 *key, __u32 klen)
{
	__u32 i;

	for (i = 0; i < len; i++)
		if (out[i] != (in[i] ^ key[i % klen]))
			return false;
	return true;
}

handle_t vt_aead_sess(enum wd_cipher_mode mode, const __u8 *key, __u32 klen, __u16 authsize)
{
	struct wd_aead_sess_setup setup = { .calg = WD_CIPHER_AES, .cmode = mode,
					    .dalg = WD_DIGEST_SHA256, .dmode = WD_DIGEST_HMAC };
	handle_t h = wd_aead_alloc_sess(&setup);

	if (!h)
		return 0;
	if (wd_aead_set_ckey(h, key, (__u16)klen) || wd_aead_set_authsize(h, authsize) ||
	    (mode == WD_CIPHER_CBC && wd_aead_set_akey(h, key, (__u16)klen))) {
		wd_aead_free_sess(h);
		return 0;
	}
	return h;
}

int vt_aead(handle_t h, struct vt_ae *a)
{
	struct wd_aead_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	req.op_type = a->enc ? WD_CIPHER_ENCRYPTION_DIGEST : WD_CIPHER_DECRYPTION_DIGEST;
	req.src = a->src;
	req.dst = a->dst;
	req.mac = a->mac;
	req.mac_bytes = 16;
	req.iv = a->iv;
	req.iv_bytes = a->ivlen ? a->ivlen : 12;
	req.in_bytes = a->len;
	req.out_bytes = a->aad + a->len;
	req.assoc_bytes = (__u16)a->aad;
	req.msg_state = a->st;
	ret = wd_do_aead_sync(h, &req);
	a->state = req.state;
	return ret;
}
