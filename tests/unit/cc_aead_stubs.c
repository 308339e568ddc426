/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the AEAD driver's files reference from libwd and cc_driver.c, for
 * the unit test and the measuring program, which drive struct cc_class
 * directly: the registry calls and the generic ops table entries (never
 * called here).
 */
#include "cc.h"

int wdi_driver_register(const struct wd_driver *drv)
{
	(void)drv;
	return 0;
}

void wdi_driver_unregister(const struct wd_driver *drv)
{
	(void)drv;
}

int cc_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type, __u8 mode,
		__u32 depth, void **out)
{
	(void)drv, (void)alg, (void)numa, (void)op_type, (void)mode, (void)depth, (void)out;
	return -WD_EINVAL;
}

void cc_ctx_close(void *ctx)
{
	(void)ctx;
}

int cc_send(void *ctx, struct wd_msg_hdr *msg)
{
	(void)ctx, (void)msg;
	return -WD_EINVAL;
}

int cc_recv(void *ctx, struct wd_msg_hdr **msg)
{
	(void)ctx, (void)msg;
	return -WD_EAGAIN;
}

int cc_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		 const struct wd_alg_spec *spec)
{
	(void)drv, (void)sess, (void)spec;
	return -WD_EINVAL;
}

int cc_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len)
{
	(void)sess, (void)kind, (void)key, (void)len;
	return -WD_EINVAL;
}

void cc_sess_free(void *home_ctx, struct wd_drv_sess *sess)
{
	(void)home_ctx, (void)sess;
}

void cc_sess_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	(void)home_ctx, (void)sess;
}
