// SPDX-License-Identifier: Apache-2.0
/*
 * The digests' software path, called directly: the dispatch functions of
 * OpenSSL's default provider as loaded in the private library context
 * (the provider of wdp_sw_md()'s digest), without a second EVP layer.
 *
 * Through EVP, a software message cost a second EVP_DigestInit_ex (which
 * in OpenSSL 3.0 frees and makes the provider context every time), its
 * ENGINE lookup and the EVP wrappers: twice the default provider's own
 * cost, so a small message on the software path ran at ~0.55x of it. Called
 * directly, with the provider context kept in the pooled context, it costs
 * the default provider's digest functions alone.
 */
#include <pthread.h>
#include <string.h>
#include <openssl/provider.h>

#include "digest_int.h"

static struct wdp_md_sw impls[WDP_MD_NUM];
static int state[WDP_MD_NUM];		/* 0: not looked up, 1: found, 2: none */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int fill(struct wdp_md_sw *s, const OSSL_DISPATCH *f)
{
	for (; f->function_id; f++) {
		switch (f->function_id) {
		case OSSL_FUNC_DIGEST_NEWCTX:
			s->newctx = OSSL_FUNC_digest_newctx(f);
			break;
		case OSSL_FUNC_DIGEST_INIT:
			s->init = OSSL_FUNC_digest_init(f);
			break;
		case OSSL_FUNC_DIGEST_UPDATE:
			s->update = OSSL_FUNC_digest_update(f);
			break;
		case OSSL_FUNC_DIGEST_FINAL:
			s->final = OSSL_FUNC_digest_final(f);
			break;
		case OSSL_FUNC_DIGEST_DUPCTX:
			s->dupctx = OSSL_FUNC_digest_dupctx(f);
			break;
		case OSSL_FUNC_DIGEST_FREECTX:
			s->freectx = OSSL_FUNC_digest_freectx(f);
			break;
		default:
			break;
		}
	}
	return s->newctx && s->init && s->update && s->final && s->dupctx && s->freectx;
}

static void look_up(const struct wdp_md_desc *d)
{
	struct wdp_md_sw s;
	const EVP_MD *md = wdp_sw_md(d->sw_name);
	OSSL_PROVIDER *prov = md ? (OSSL_PROVIDER *)EVP_MD_get0_provider(md) : NULL;
	const OSSL_ALGORITHM *a, *algs;
	int no_cache = 0, found = 0;

	memset(&s, 0, sizeof(s));
	algs = prov ? OSSL_PROVIDER_query_operation(prov, OSSL_OP_DIGEST, &no_cache) : NULL;
	for (a = algs; a && a->algorithm_names; a++)
		if (wdp_name_in(a->algorithm_names, d->sw_name)) {
			found = fill(&s, a->implementation);
			break;
		}
	/* the default provider's tables are static: its functions outlive the query */
	if (algs)
		OSSL_PROVIDER_unquery_operation(prov, OSSL_OP_DIGEST, algs);
	if (found) {
		s.provctx = OSSL_PROVIDER_get0_provider_ctx(prov);
		impls[d->index] = s;
	}
	__atomic_store_n(&state[d->index], found ? 1 : 2, __ATOMIC_RELEASE);
}

const struct wdp_md_sw *wdp_md_sw_get(const struct wdp_md_desc *d)
{
	int st = __atomic_load_n(&state[d->index], __ATOMIC_ACQUIRE);

	if (!st) {
		pthread_mutex_lock(&lock);
		if (!state[d->index])
			look_up(d);
		st = state[d->index];
		pthread_mutex_unlock(&lock);
	}
	return st == 1 ? &impls[d->index] : NULL;
}

void wdp_md_sw_reset(void)
{
	pthread_mutex_lock(&lock);
	memset(state, 0, sizeof(state));
	pthread_mutex_unlock(&lock);
}
