// SPDX-License-Identifier: Apache-2.0
/*
 * OSSL_provider_init and the provider-wide dispatch: which algorithms are
 * offered (the algorithm files' tables, minus what the configuration
 * disables), the provider's parameters, and teardown.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

#include "prov.h"

#define WDP_VERSION "2.10.0"

struct wdp_core wdp_core;

/*
 * The offered tables: the algorithm files' entries that are enabled. The
 * module may be loaded into several library contexts at once: the tables and
 * the process-wide state live from the first init to the last teardown.
 */
static OSSL_ALGORITHM *offered[3];	/* cipher (incl. AEAD), digest, mac */
static pthread_mutex_t instances_lock = PTHREAD_MUTEX_INITIALIZER;
static int instances;

static const OSSL_PARAM *prov_gettable_params(void *provctx)
{
	static const OSSL_PARAM params[] = {
		OSSL_PARAM_DEFN(OSSL_PROV_PARAM_NAME, OSSL_PARAM_UTF8_PTR, NULL, 0),
		OSSL_PARAM_DEFN(OSSL_PROV_PARAM_VERSION, OSSL_PARAM_UTF8_PTR, NULL, 0),
		OSSL_PARAM_DEFN(OSSL_PROV_PARAM_BUILDINFO, OSSL_PARAM_UTF8_PTR, NULL, 0),
		OSSL_PARAM_DEFN(OSSL_PROV_PARAM_STATUS, OSSL_PARAM_INTEGER, NULL, 0),
		OSSL_PARAM_END
	};

	(void)provctx;
	return params;
}

static int prov_get_params(void *provctx, OSSL_PARAM params[])
{
	OSSL_PARAM *p;

	(void)provctx;
	p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_NAME);
	if (p && !OSSL_PARAM_set_utf8_ptr(p, "WarpDrive provider (UADK-compatible accelerator framework)"))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_VERSION);
	if (p && !OSSL_PARAM_set_utf8_ptr(p, WDP_VERSION))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_BUILDINFO);
	if (p && !OSSL_PARAM_set_utf8_ptr(p, "warpdrive " WDP_VERSION))
		return 0;
	p = OSSL_PARAM_locate(params, OSSL_PROV_PARAM_STATUS);
	if (p && !OSSL_PARAM_set_int(p, 1))
		return 0;
	return 1;
}

static const OSSL_ALGORITHM *prov_query(void *provctx, int operation_id, int *no_cache)
{
	(void)provctx;
	*no_cache = 0;
	switch (operation_id) {
	case OSSL_OP_CIPHER:
		return offered[0];
	case OSSL_OP_DIGEST:
		return offered[1];
	case OSSL_OP_MAC:
		return offered[2];
	default:
		return NULL;
	}
}

static const OSSL_ITEM *prov_reasons(void *provctx)
{
	static const OSSL_ITEM reasons[] = {
		{ WDP_R_BAD_ARGUMENT, "bad argument" },
		{ WDP_R_WRONG_STATE, "call out of order" },
		{ WDP_R_OUTPUT_TOO_SMALL, "output buffer too small" },
		{ WDP_R_NO_SESSION, "no WarpDrive session for the algorithm" },
		{ WDP_R_REQUEST_FAILED, "WarpDrive request failed" },
		{ WDP_R_TAG_MISMATCH, "authentication failed" },
		{ WDP_R_BAD_PADDING, "bad decrypt" },
		{ WDP_R_NO_MEMORY, "out of memory" },
		{ WDP_R_SW_FAILED, "software path failed" },
		{ 0, NULL }
	};

	(void)provctx;
	return reasons;
}

static void free_offered(void)
{
	for (size_t i = 0; i < sizeof(offered) / sizeof(offered[0]); i++) {
		free(offered[i]);
		offered[i] = NULL;
	}
}

static void prov_teardown(void *provctx)
{
	pthread_mutex_lock(&instances_lock);
	if (--instances == 0) {
		wdp_stats_report();
		wdp_run_teardown();
		wdp_sw_teardown();
		free_offered();
	}
	pthread_mutex_unlock(&instances_lock);
	free(provctx);
}

/* Copies the enabled entries of up to two tables into one new table. */
static OSSL_ALGORITHM *filter(const OSSL_ALGORITHM *a, const OSSL_ALGORITHM *b)
{
	const OSSL_ALGORITHM *src[2] = { a, b };
	size_t n = 1, k = 0;
	OSSL_ALGORITHM *out;

	for (int t = 0; t < 2; t++)
		for (const OSSL_ALGORITHM *e = src[t]; e && e->algorithm_names; e++)
			n++;
	out = calloc(n, sizeof(*out));
	if (!out)
		return NULL;
	for (int t = 0; t < 2; t++)
		for (const OSSL_ALGORITHM *e = src[t]; e && e->algorithm_names; e++)
			if (wdp_alg_enabled(e->algorithm_names))
				out[k++] = *e;
	return out;
}

static const OSSL_DISPATCH prov_dispatch[] = {
	{ OSSL_FUNC_PROVIDER_TEARDOWN, (void (*)(void))prov_teardown },
	{ OSSL_FUNC_PROVIDER_GETTABLE_PARAMS, (void (*)(void))prov_gettable_params },
	{ OSSL_FUNC_PROVIDER_GET_PARAMS, (void (*)(void))prov_get_params },
	{ OSSL_FUNC_PROVIDER_QUERY_OPERATION, (void (*)(void))prov_query },
	{ OSSL_FUNC_PROVIDER_GET_REASON_STRINGS, (void (*)(void))prov_reasons },
	{ 0, NULL }
};

__attribute__((visibility("default")))
int OSSL_provider_init(const OSSL_CORE_HANDLE *handle, const OSSL_DISPATCH *in,
		       const OSSL_DISPATCH **out, void **provctx)
{
	struct wdp_prov *prov;

	for (; in && in->function_id; in++) {
		switch (in->function_id) {
		case OSSL_FUNC_CORE_GET_PARAMS:
			wdp_core.get_params = OSSL_FUNC_core_get_params(in);
			break;
		case OSSL_FUNC_CORE_NEW_ERROR:
			wdp_core.new_error = OSSL_FUNC_core_new_error(in);
			break;
		case OSSL_FUNC_CORE_SET_ERROR_DEBUG:
			wdp_core.set_error_debug = OSSL_FUNC_core_set_error_debug(in);
			break;
		case OSSL_FUNC_CORE_VSET_ERROR:
			wdp_core.vset_error = OSSL_FUNC_core_vset_error(in);
			break;
		default:
			break;
		}
	}
	prov = calloc(1, sizeof(*prov));
	if (!prov)
		return 0;
	prov->handle = handle;
	pthread_mutex_lock(&instances_lock);
	if (instances == 0) {
		/* the first instance's configuration holds for the process */
		if (!wdp_config_load(handle))
			goto fail;
		offered[0] = filter(wdp_cipher_algs, wdp_aead_algs);
		offered[1] = filter(wdp_digest_algs, NULL);
		offered[2] = filter(wdp_mac_algs, NULL);
		if (!offered[0] || !offered[1] || !offered[2]) {
			free_offered();
			goto fail;
		}
	}
	instances++;
	wdp_core.handle = handle;
	pthread_mutex_unlock(&instances_lock);
	*provctx = prov;
	*out = prov_dispatch;
	return 1;
fail:
	pthread_mutex_unlock(&instances_lock);
	free(prov);
	return 0;
}

