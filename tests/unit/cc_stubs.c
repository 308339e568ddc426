/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a CPU crypto driver's files reference outside themselves, for the
 * unit tests and measuring programs that drive a struct cc_class
 * directly: cc_driver.c's hooks (never called here), the registry and the
 * log. cc_done() records the finished messages so a test can check what
 * the lanes completed.
 */
#include <stdarg.h>
#include <stdio.h>
#include "cc.h"
#include "wd_log.h"

/* the test and the measuring program declare these two themselves */
#define CC_STUB_DONE_MAX	1024
struct wd_msg_hdr *cc_stub_done[CC_STUB_DONE_MAX];
unsigned int cc_stub_ndone;

void cc_done(struct cc_ctx *ctx, struct wd_msg_hdr *msg)
{
	(void)ctx;
	if (cc_stub_ndone < CC_STUB_DONE_MAX)
		cc_stub_done[cc_stub_ndone] = msg;
	cc_stub_ndone++;
}

int cc_ctx_open(const struct wd_driver *drv, const char *alg, int numa, __u8 op_type, __u8 mode,
		__u32 depth, void **out)
{
	(void)drv; (void)alg; (void)numa; (void)op_type; (void)mode; (void)depth; (void)out;
	return -WD_EINVAL;
}

void cc_ctx_close(void *ctx)
{
	(void)ctx;
}

int cc_send(void *ctx, struct wd_msg_hdr *msg)
{
	(void)ctx; (void)msg;
	return -WD_EINVAL;
}

int cc_recv(void *ctx, struct wd_msg_hdr **msg)
{
	(void)ctx; (void)msg;
	return -WD_EAGAIN;
}

int cc_sess_init(const struct wd_driver *drv, struct wd_drv_sess *sess,
		 const struct wd_alg_spec *spec)
{
	(void)drv; (void)sess; (void)spec;
	return -WD_EINVAL;
}

int cc_set_key(struct wd_drv_sess *sess, __u32 kind, const __u8 *key, __u32 len)
{
	(void)sess; (void)kind; (void)key; (void)len;
	return -WD_EINVAL;
}

void cc_sess_free(void *home_ctx, struct wd_drv_sess *sess)
{
	(void)home_ctx; (void)sess;
}

void cc_sess_reset(void *home_ctx, struct wd_drv_sess *sess)
{
	(void)home_ctx; (void)sess;
}

int cc_sess_run(struct wd_drv_sess *sess, struct wd_msg_hdr *msg)
{
	(void)sess; (void)msg;
	return -WD_EINVAL;
}

/* the last driver registered: a test reaches its class through it */
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

int wdi_log_threshold = -1;

int wdi_log_level(void)
{
	return WDI_LOG_ERROR;
}

void wdi_log_write(int level, const char *fmt, ...)
{
	va_list ap;

	(void)level;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}
