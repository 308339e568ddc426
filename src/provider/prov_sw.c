// SPDX-License-Identifier: Apache-2.0
/*
 * The software path: OpenSSL's default provider, loaded into a private
 * library context so that fetching from it can never find warpdrive again
 * (no recursion through default_properties) and the application's
 * configuration does not apply to it. Fetched algorithms are cached for the
 * module's life: a lookup is a scan without a lock; only a miss locks.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/provider.h>

#include "prov.h"

enum sw_kind { SW_CIPHER, SW_MD, SW_MAC };

struct sw_entry {
	char name[48];
	enum sw_kind kind;
	void *alg;		/* NULL: the default provider has no such algorithm */
};

#define SW_MAX 96

static pthread_mutex_t sw_lock = PTHREAD_MUTEX_INITIALIZER;
static OSSL_LIB_CTX *sw_ctx;
static OSSL_PROVIDER *sw_default;
static struct sw_entry sw_table[SW_MAX];
static int sw_count;		/* entries published (release store) */

static void *fetch(enum sw_kind kind, const char *name)
{
	switch (kind) {
	case SW_CIPHER:
		return EVP_CIPHER_fetch(sw_ctx, name, "provider=default");
	case SW_MD:
		return EVP_MD_fetch(sw_ctx, name, "provider=default");
	default:
		return EVP_MAC_fetch(sw_ctx, name, "provider=default");
	}
}

static void *lookup(enum sw_kind kind, const char *name)
{
	int n = __atomic_load_n(&sw_count, __ATOMIC_ACQUIRE), i;
	void *alg = NULL;

	for (i = 0; i < n; i++)
		if (sw_table[i].kind == kind && !strcmp(sw_table[i].name, name))
			return sw_table[i].alg;
	if (strlen(name) >= sizeof(sw_table[0].name))
		return NULL;
	pthread_mutex_lock(&sw_lock);
	for (i = 0; i < sw_count; i++)	/* another thread may have added it */
		if (sw_table[i].kind == kind && !strcmp(sw_table[i].name, name))
			break;
	if (i < sw_count) {
		alg = sw_table[i].alg;
	} else if (sw_count < SW_MAX) {
		if (!sw_ctx) {
			sw_ctx = OSSL_LIB_CTX_new();
			sw_default = sw_ctx ? OSSL_PROVIDER_load(sw_ctx, "default") : NULL;
		}
		if (sw_default) {
			alg = fetch(kind, name);
			strcpy(sw_table[sw_count].name, name);
			sw_table[sw_count].kind = kind;
			sw_table[sw_count].alg = alg;
			__atomic_store_n(&sw_count, sw_count + 1, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&sw_lock);
	return alg;
}

EVP_CIPHER *wdp_sw_cipher(const char *name)
{
	return lookup(SW_CIPHER, name);
}

EVP_MD *wdp_sw_md(const char *name)
{
	return lookup(SW_MD, name);
}

EVP_MAC *wdp_sw_mac(const char *name)
{
	return lookup(SW_MAC, name);
}

void wdp_sw_teardown(void)
{
	pthread_mutex_lock(&sw_lock);
	for (int i = 0; i < sw_count; i++) {
		switch (sw_table[i].kind) {
		case SW_CIPHER:
			EVP_CIPHER_free(sw_table[i].alg);
			break;
		case SW_MD:
			EVP_MD_free(sw_table[i].alg);
			break;
		default:
			EVP_MAC_free(sw_table[i].alg);
			break;
		}
	}
	__atomic_store_n(&sw_count, 0, __ATOMIC_RELEASE);
	if (sw_default)
		OSSL_PROVIDER_unload(sw_default);
	OSSL_LIB_CTX_free(sw_ctx);
	sw_default = NULL;
	sw_ctx = NULL;
	pthread_mutex_unlock(&sw_lock);
}
