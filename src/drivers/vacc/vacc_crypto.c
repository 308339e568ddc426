/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The vacc crypto drivers' shared part (see vacc_crypto.h): algorithm
 * names and what the device lists, probe/ctx hooks, sessions and keys,
 * and how a completion becomes hdr.result.
 *
 * Results follow the CPU drivers (src/drivers/cpu_crypto) case for case:
 *   OK         0 (the cqe must account for every byte asked for)
 *   AUTH_FAIL  AEAD decrypt: status WD_IN_EPARA, result 0, output zeroed
 *   FAULT      -WD_ADDR_ERR;  NOMEM -WD_ENOMEM;  STOPPED -WD_HW_EACCESS
 *   BAD_SESS / BAD_STREAM behind a failed set-up: what the failure means
 *              (vacc_cslot.c)
 *   the rest   -WD_EIO: statuses the two sides never disagree on when
 *              both follow vacc_abi.h (lengths, fields, slots are checked
 *              here or by the class before anything is posted)
 */
#include <stdlib.h>
#include <string.h>
#include "uadk/wd_alg_common.h"
#include "wd_log.h"
#include "vacc_crypto.h"

static const char *const calg_names[VACC_CALG_MAX] = {
#define VACC_CALG_NAME(id, val, op, name) [val] = name,
	VACC_CALGS(VACC_CALG_NAME)
#undef VACC_CALG_NAME
};

static const __u8 calg_ops[VACC_CALG_MAX] = {
#define VACC_CALG_OP(id, val, op, name) [val] = VACC_OP_##op,
	VACC_CALGS(VACC_CALG_OP)
#undef VACC_CALG_OP
};

const char *vacc_calg_name(__u8 calg)
{
	return calg < VACC_CALG_MAX ? calg_names[calg] : NULL;
}

static const struct vacc_cdriver *cdrv(const struct wd_driver *drv)
{
	return (const struct vacc_cdriver *)drv;	/* drv is the first member */
}

int vacc_c_probe(const struct wd_driver *drv)
{
	return vacc_device_present(cdrv(drv)->cname) ? 0 : -WD_ENODEV;
}

/*
 * A device algorithm name as an init names it: HMACs by their hash
 * ("hmac(sha256)" -> "sha256"), authenc by its cipher
 * ("authenc(hmac(sha1),cbc(aes))" -> "authenc(generic,cbc(aes))").
 */
static bool init_name_is(const char *vname, const char *alg)
{
	size_t n = strlen(vname), a = strlen(alg);
	const char *cbc;

	if (!strncmp(vname, "hmac(", 5))
		return a == n - 6 && !strncmp(vname + 5, alg, a);
	if (!strncmp(vname, "authenc(", 8)) {
		cbc = strstr(vname, ",cbc(");
		return cbc && !strncmp(alg, "authenc(generic", 15) && !strcmp(alg + 15, cbc);
	}
	return !strcmp(vname, alg);
}

/*
 * The init's algorithm (NULL: the class) has a session the device can run.
 * A queue is opened only then: under TASK_MIX an algorithm the device
 * lacks is left to the CPU driver's ctxs, and under TASK_HW the init
 * fails instead of every session.
 */
static bool init_alg_served(const struct vacc_cdriver *d, const char *alg)
{
	int i;

	if (!alg)
		return true;
	for (i = 1; i < VACC_CALG_MAX; i++)
		if (calg_ops[i] == d->opcode && init_name_is(calg_names[i], alg) &&
		    vacc_device_lists(d->cname, calg_names[i]))
			return true;
	return false;
}

int vacc_c_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type,
		    __u8 mode, __u32 depth, void **out)
{
	const struct vacc_cdriver *d = cdrv(drv);

	(void)depth;	/* in flight is bounded by the ring: send says -WD_EBUSY beyond */
	if (op_type >= 32 || !(drv->op_mask & (1u << op_type)))
		return -WD_EINVAL;
	if (!init_alg_served(d, alg))
		return -WD_ENODEV;
	/* a queue serves every algorithm of the class: sessions pick theirs */
	return vacc_ctx_open(d->qcls, d->cname, numa, op_type, mode, out);
}

int vacc_c_ctx_adopt(const struct wd_driver *drv, handle_t h, __u8 op_type, __u8 mode,
		     __u32 depth, void **out)
{
	(void)depth;
	if (op_type >= 32 || !(drv->op_mask & (1u << op_type)))
		return -WD_EINVAL;
	return vacc_ctx_adopt(cdrv(drv)->qcls, h, op_type, mode, out);
}

bool vacc_c_supports(const struct wd_driver *drv, const struct wd_alg_spec *spec)
{
	const struct vacc_cdriver *d = cdrv(drv);
	__u8 calg = d->calg_of(spec);

	return calg && calg_ops[calg] == d->opcode && vacc_device_lists(d->cname, calg_names[calg]);
}

/* Ids of keys: process-unique, never 0, never with VACC_KEYLESS_ID's bit. */
static __u64 new_id(void)
{
	static __u64 next;

	return __atomic_add_fetch(&next, 1, __ATOMIC_RELAXED);
}

static bool is_keyless(__u8 calg)
{
	return calg >= VACC_CALG_MD5 && calg <= VACC_CALG_SM3;
}

static bool is_authenc(__u8 calg)
{
	return calg >= VACC_CALG_AUTHENC_MD5_AES;
}

int vacc_c_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		     const struct wd_alg_spec *spec)
{
	const struct vacc_cdriver *d = cdrv(drv);
	__u8 calg = d->calg_of(spec);
	struct vacc_csess *p;

	if (!calg || calg_ops[calg] != d->opcode)
		return -WD_EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -WD_ENOMEM;
	pthread_spin_init(&p->klock, PTHREAD_PROCESS_PRIVATE);
	p->calg = calg;
	p->opcode = d->opcode;
	p->serial = new_id();
	if (is_keyless(calg))
		p->id = VACC_KEYLESS_ID | calg;
	sess->priv = p;
	return 0;
}

/*
 * Keys as the device takes them. Two-key 3DES (16 bytes) becomes the
 * equivalent three-key form K1 K2 K1: the kernel's des3_ede takes 24.
 */
int vacc_c_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len)
{
	struct vacc_csess *p = sess->priv;
	bool auth;

	if (!p || (len && !key) || (kind != WD_KEY_CIPHER && kind != WD_KEY_AUTH))
		return -WD_EINVAL;
	if (is_keyless(p->calg))
		return 0;	/* a plain hash has no key: taken and ignored, as cpu_digest */
	/* an HMAC key of its own only in authenc; a digest's key is either kind */
	auth = kind == WD_KEY_AUTH && is_authenc(p->calg);
	if (kind == WD_KEY_AUTH && !auth && p->opcode != VACC_OP_DIGEST)
		return -WD_EINVAL;
	if (len > (auth ? VACC_AKEY_MAX : VACC_CKEY_MAX))
		return -WD_EINVAL;
	pthread_spin_lock(&p->klock);
	if (auth) {
		vacc_wipe(p->akey, sizeof(p->akey));
		memcpy(p->akey, key, len);
		p->aklen = len;
		p->akeyed = true;
	} else {
		vacc_wipe(p->key, sizeof(p->key));
		if (len)
			memcpy(p->key, key, len);
		if ((p->calg == VACC_CALG_DES3_ECB || p->calg == VACC_CALG_DES3_CBC) && len == 16) {
			memcpy(p->key + 16, key, 8);
			len = 24;
		}
		p->klen = len;
		/* an empty key unkeys a cipher (as cpu_cipher); an HMAC key may be empty */
		p->ckeyed = len || p->opcode == VACC_OP_DIGEST;
	}
	/* a new id: every queue's slot for the old keys is stale from now on */
	__atomic_store_n(&p->id, new_id(), __ATOMIC_RELEASE);
	pthread_spin_unlock(&p->klock);
	return 0;
}

static void sess_gone(struct wd_drv_sess *sess)
{
	struct vacc_csess *p = sess->priv;

	pthread_spin_destroy(&p->klock);
	vacc_wipe(p, sizeof(*p));
	free(p);
	sess->priv = NULL;
}

void vacc_c_sess_free(void *home_ctx, struct wd_drv_sess *sess)
{
	struct vacc_csess *p = sess->priv;

	if (!p)
		return;
	if (home_ctx)
		vacc_c_sess_drop(home_ctx, sess, true);
	sess->bound = false;
	sess_gone(sess);
}

void vacc_c_sess_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	struct vacc_csess *p = sess->priv;

	if (!p)
		return;
	if (home_ctx)
		vacc_c_sess_drop(home_ctx, sess, false);
	/* a stream on a queue that is gone: nothing there to release */
	p->sc = NULL;
	p->sopen = false;
	sess->bound = false;
}

int vacc_c_len_ok(const struct vacc_ctx *c, __u64 len)
{
	if (__builtin_expect(len <= c->ring.max_len, 1))
		return 0;
	wd_err("vacc: a crypto request is limited to %u bytes (%llu asked)", c->ring.max_len,
	       (unsigned long long)len);
	return -WD_EINVAL;
}

int vacc_c_result(struct vacc_ctx *c, const struct vacc_slot *sl, const struct vacc_cqe *e,
		  bool may_auth_fail, bool *auth_fail)
{
	int ret;

	*auth_fail = false;
	switch (e->status) {
	case VACC_ST_OK:
		if (__builtin_expect(e->consumed == sl->src_len && e->produced == sl->dst_len, 1))
			return 0;
		wd_err("vacc: crypto completion claims %u/%u bytes for a %u/%u request",
		       e->consumed, e->produced, sl->src_len, sl->dst_len);
		return -WD_EIO;
	case VACC_ST_AUTH_FAIL:
		if (!may_auth_fail)
			break;
		*auth_fail = true;
		return 0;
	case VACC_ST_BAD_SESS:
	case VACC_ST_BAD_STREAM:
		ret = vacc_c_setup_error(c, sl->cookie);
		if (ret)
			return ret;
		break;
	default:
		break;
	}
	return vacc_status_error(e);
}
