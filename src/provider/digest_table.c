// SPDX-License-Identifier: Apache-2.0
/*
 * The hashes the provider runs on wd_digest: their OpenSSL names (as the
 * default provider spells them, aliases and OIDs included, so a fetch by
 * any of them finds warpdrive), sizes, and the flags digestcommon.c
 * reports; and the lookup HMAC uses for its digest parameter.
 */
#include <pthread.h>
#include <string.h>
#include <strings.h>
#include <openssl/err.h>

#include "digest_int.h"

#define MD(i, n, sw, a, sz, fl, bl, absent) \
	[i] = { .names = (n), .sw_name = (sw), .alg = (a), .size = (sz), .full = (fl), \
		.block = (bl), .algid_absent = (absent), .index = (i) }

/* SHA-1 and SHA-2 leave the AlgorithmIdentifier parameters absent; MD5 and SM3 do not. */
const struct wdp_md_desc wdp_md_descs[WDP_MD_NUM] = {
	MD(WDP_MD_SHA1, WDP_NAMES_SHA1, "SHA1", WD_DIGEST_SHA1, 20, 20, 64, 1),
	MD(WDP_MD_SHA224, WDP_NAMES_SHA224, "SHA2-224", WD_DIGEST_SHA224, 28, 32, 64, 1),
	MD(WDP_MD_SHA256, WDP_NAMES_SHA256, "SHA2-256", WD_DIGEST_SHA256, 32, 32, 64, 1),
	MD(WDP_MD_SHA384, WDP_NAMES_SHA384, "SHA2-384", WD_DIGEST_SHA384, 48, 64, 128, 1),
	MD(WDP_MD_SHA512, WDP_NAMES_SHA512, "SHA2-512", WD_DIGEST_SHA512, 64, 64, 128, 1),
	MD(WDP_MD_SHA512_224, WDP_NAMES_SHA512_224, "SHA2-512/224", WD_DIGEST_SHA512_224,
	   28, 64, 128, 1),
	MD(WDP_MD_SHA512_256, WDP_NAMES_SHA512_256, "SHA2-512/256", WD_DIGEST_SHA512_256,
	   32, 64, 128, 1),
	MD(WDP_MD_SM3, WDP_NAMES_SM3, "SM3", WD_DIGEST_SM3, 32, 32, 64, 0),
	MD(WDP_MD_MD5, WDP_NAMES_MD5, "MD5", WD_DIGEST_MD5, 16, 16, 64, 0),
};

bool wdp_name_in(const char *names, const char *name)
{
	size_t len = strlen(name);

	while (*names) {
		size_t n = strcspn(names, ":");

		if (n == len && !strncasecmp(names, name, n))
			return true;
		names += n;
		if (*names == ':')
			names++;
	}
	return false;
}

const struct wdp_md_desc *wdp_md_find(const char *name)
{
	if (!name)
		return NULL;
	for (int i = 0; i < WDP_MD_NUM; i++)
		if (wdp_name_in(wdp_md_descs[i].names, name))
			return &wdp_md_descs[i];
	return NULL;
}

/* An algorithm and mode WarpDrive could not make a session for: ask once per load (or fork). */
static int refused[WD_DIGEST_TYPE_MAX][WD_DIGEST_MODE_MAX];

unsigned int wdp_forks;
static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void forked_child(void)
{
	__atomic_add_fetch(&wdp_forks, 1, __ATOMIC_RELEASE);
	memset(refused, 0, sizeof(refused));
}

/* dlclose unregisters the handler with the module (glibc) */
static void fork_watch(void)
{
	pthread_atfork(NULL, NULL, forked_child);
}

bool wdp_digest_wd_usable(enum wd_digest_type alg, enum wd_digest_mode mode)
{
	return !__atomic_load_n(&refused[alg][mode], __ATOMIC_RELAXED);
}

handle_t wdp_digest_sess_new(enum wd_digest_type alg, enum wd_digest_mode mode)
{
	struct wd_digest_sess_setup setup;
	handle_t h;

	pthread_once(&fork_once, fork_watch);
	if (!wdp_digest_wd_usable(alg, mode))
		return 0;
	memset(&setup, 0, sizeof(setup));
	setup.alg = alg;
	setup.mode = mode;
	/* the caller goes on in software: the failure is no error of the application's */
	ERR_set_mark();
	h = wdp_sess_new(WDP_DIGEST, &setup);
	ERR_pop_to_mark();
	if (!h)
		__atomic_store_n(&refused[alg][mode], 1, __ATOMIC_RELAXED);
	return h;
}

void wdp_md_refused_reset(void)
{
	memset(refused, 0, sizeof(refused));
}
