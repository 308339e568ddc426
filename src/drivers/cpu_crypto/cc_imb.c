/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Intel ipsec-mb managers. A manager's job API (submit, flush) keeps
 * state in it and is for one thread at a time: lanes and per-thread
 * managers get their own (cc_imb_new). Its direct functions (key
 * expansion, GCM, GHASH) only touch the key and context data passed to
 * them, so one manager serves them for the whole process (cc_imb_direct).
 * As with OpenSSL's objects, nothing is freed at exit.
 */
#include <pthread.h>
#define NO_COMPAT_IMB_API_053	/* its AES_BLOCK_SIZE would clash with UADK's */
#include <intel-ipsec-mb.h>
#include "cc.h"

static IMB_MGR *direct;
static pthread_once_t direct_once = PTHREAD_ONCE_INIT;

IMB_MGR *cc_imb_new(void)
{
	IMB_MGR *m = alloc_mb_mgr(0);

	if (!m)
		return NULL;
	/* the best code path this CPU has (AVX-512, AVX2 ... SSE) */
	init_mb_mgr_auto(m, NULL);
	if (imb_get_errno(m)) {
		free_mb_mgr(m);
		return NULL;
	}
	return m;
}

static void direct_make(void)
{
	direct = cc_imb_new();
}

IMB_MGR *cc_imb_direct(void)
{
	pthread_once(&direct_once, direct_make);
	return direct;
}
