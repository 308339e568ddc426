/* SPDX-License-Identifier: Apache-2.0 */
/*
 * WarpDrive's own OpenSSL library context. Algorithms are fetched from it
 * once and kept: a fetch per request would cost more than a small
 * request's work, and a fetch from the default context could land in a
 * WarpDrive OpenSSL provider loaded by the application (recursion).
 * Nothing is freed at exit: OpenSSL's own atexit cleanup may already
 * have run, and the objects stay reachable (no leak report).
 */
#include <pthread.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "cc.h"

#define CC_OSSL_SLOTS	64

enum cc_ossl_kind { CC_CIPHER, CC_MD, CC_MAC };

struct cc_ossl_slot {
	const char *name;	/* a string literal of the caller */
	int kind;
	void *obj;
};

static OSSL_LIB_CTX *libctx;
static OSSL_PROVIDER *prov_default;
static pthread_once_t libctx_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static struct cc_ossl_slot slots[CC_OSSL_SLOTS];
static int nslots;

static void libctx_make(void)
{
	libctx = OSSL_LIB_CTX_new();
	if (!libctx)
		return;
	prov_default = OSSL_PROVIDER_load(libctx, "default");
	/* single DES lives in the legacy provider; without it DES is refused */
	OSSL_PROVIDER_load(libctx, "legacy");
}

static void *fetch(int kind, const char *name)
{
	void *obj = NULL;
	int i;

	pthread_once(&libctx_once, libctx_make);
	if (!libctx || !prov_default)
		return NULL;
	pthread_mutex_lock(&slots_lock);
	for (i = 0; i < nslots; i++)
		if (slots[i].kind == kind && !strcmp(slots[i].name, name)) {
			obj = slots[i].obj;
			goto out;
		}
	if (kind == CC_CIPHER)
		obj = EVP_CIPHER_fetch(libctx, name, NULL);
	else if (kind == CC_MD)
		obj = EVP_MD_fetch(libctx, name, NULL);
	else
		obj = EVP_MAC_fetch(libctx, name, NULL);
	/* remember misses too: asking again would fail again, slowly */
	if (nslots < CC_OSSL_SLOTS) {
		slots[nslots].name = name;
		slots[nslots].kind = kind;
		slots[nslots].obj = obj;
		nslots++;
	}
out:
	pthread_mutex_unlock(&slots_lock);
	return obj;
}

const EVP_CIPHER *cc_ossl_cipher(const char *name)
{
	return fetch(CC_CIPHER, name);
}

const EVP_MD *cc_ossl_md(const char *name)
{
	return fetch(CC_MD, name);
}

EVP_MAC *cc_ossl_mac(const char *name)
{
	return fetch(CC_MAC, name);
}

int cc_memcmp_ct(const void *a, const void *b, size_t n)
{
	const __u8 *x = a, *y = b;
	__u64 d = 0, u, v;
	size_t i = 0;

	/* words while they last: no early exit, no data-dependent branch */
	for (; i + 8 <= n; i += 8) {
		memcpy(&u, x + i, 8);
		memcpy(&v, y + i, 8);
		d |= u ^ v;
	}
	for (; i < n; i++)
		d |= (__u64)(x[i] ^ y[i]);
	/* keep the compiler from turning the OR chain into an early exit */
	__asm__ volatile("" : "+r"(d));
	return d != 0;
}

void cc_wipe(void *p, size_t n)
{
	volatile __u8 *v = p;

	while (n--)
		*v++ = 0;
}
