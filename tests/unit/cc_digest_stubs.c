/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the cpu_digest sources need from the rest of libwd, for a test or
 * bench that drives the struct cc_class directly: the registry remembers
 * the last driver registered (the test reaches the class through it), and
 * the generic cc_driver.c hooks exist only so the ops table links.
 */
#include <stddef.h>
#include "cc.h"

const struct wd_driver *cc_test_registered;

int wdi_driver_register(const struct wd_driver *drv)
{
	cc_test_registered = drv;
	return 0;
}

void wdi_driver_unregister(const struct wd_driver *drv)
{
	if (cc_test_registered == drv)
		cc_test_registered = NULL;
}

int cc_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type, __u8 mode,
		__u32 depth, void **out)
{
	(void)drv, (void)alg, (void)numa, (void)op_type, (void)mode, (void)depth, (void)out;
	return -WD_ENODEV;
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
