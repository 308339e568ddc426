// SPDX-License-Identifier: Apache-2.0
/*
 * The provider's configuration: the keys of its section in openssl.cnf
 * (see warpdrive.cnf), read once when the first instance loads. Unknown
 * values keep the default and the load goes on: a typo must not take TLS
 * down, but it is reported on the error queue.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "prov.h"

/* cpu_below_*: unset means the measured defaults of wdp_cpu_below() (prov_run.c) */
struct wdp_config wdp_cfg = {
	.offload = 1,
	.async_jobs = 1,

};

static int parse_bool(const char *key, const char *v, int *out)
{
	static const char *const on[] = { "1", "on", "yes", "true", "enable", "enabled" };
	static const char *const off[] = { "0", "off", "no", "false", "disable", "disabled" };

	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (!strcasecmp(v, on[i])) {
			*out = 1;
			return 1;
		}
		if (!strcasecmp(v, off[i])) {
			*out = 0;
			return 1;
		}
	}
	wdp_raise(WDP_R_BAD_ARGUMENT, "warpdrive config: %s = %s is not on/off", key, v);
	return 0;
}

static int parse_size(const char *key, const char *v, size_t *out)
{
	char *end;
	unsigned long long n = strtoull(v, &end, 10);

	if (*v < '0' || *v > '9' || *end || n > (1ULL << 30)) {
		wdp_raise(WDP_R_BAD_ARGUMENT, "warpdrive config: %s = %s is not a size in bytes",
			  key, v);
		return 0;
	}
	*out = (size_t)n;
	return 1;
}

int wdp_config_load(const OSSL_CORE_HANDLE *handle)
{
	char *offload = NULL, *disable = NULL, *async = NULL;
	char *below[WDP_CLASS_NUM] = { NULL };
	static const char *const below_keys[WDP_CLASS_NUM] = {
		[WDP_CIPHER] = "cpu_below_cipher",
		[WDP_DIGEST] = "cpu_below_digest",
		[WDP_AEAD] = "cpu_below_aead",
	};
	OSSL_PARAM params[4 + WDP_CLASS_NUM], *p = params;
	int c;

	*p++ = OSSL_PARAM_construct_utf8_ptr("offload", &offload, 0);
	*p++ = OSSL_PARAM_construct_utf8_ptr("disable", &disable, 0);
	*p++ = OSSL_PARAM_construct_utf8_ptr("async_jobs", &async, 0);
	for (c = 0; c < WDP_CLASS_NUM; c++)
		*p++ = OSSL_PARAM_construct_utf8_ptr(below_keys[c], &below[c], 0);
	*p = OSSL_PARAM_construct_end();
	if (!wdp_core.get_params || !wdp_core.get_params(handle, params))
		return 1;	/* no configuration: the defaults */
	if (offload)
		parse_bool("offload", offload, &wdp_cfg.offload);
	if (async)
		parse_bool("async_jobs", async, &wdp_cfg.async_jobs);
	for (c = 0; c < WDP_CLASS_NUM; c++)
		if (below[c])
			wdp_cfg.cpu_below_set[c] = parse_size(below_keys[c], below[c],
							      &wdp_cfg.cpu_below[c]);
	if (disable) {
		if (strlen(disable) >= sizeof(wdp_cfg.disable)) {
			wdp_raise(WDP_R_BAD_ARGUMENT, "warpdrive config: disable list too long");
			return 0;
		}
		strcpy(wdp_cfg.disable, disable);
	}
	return 1;
}

/* Is one of the ':'-separated names of an algorithm entry in the ','-separated list? */
int wdp_alg_enabled(const char *names)
{
	const char *n = names;

	if (!wdp_cfg.disable[0])
		return 1;
	while (*n) {
		size_t nlen = strcspn(n, ":");
		const char *d = wdp_cfg.disable;

		while (*d) {
			size_t dlen;

			d += strspn(d, " \t,");
			dlen = strcspn(d, ",");
			while (dlen && (d[dlen - 1] == ' ' || d[dlen - 1] == '\t'))
				dlen--;
			if (dlen == nlen && !strncasecmp(d, n, nlen))
				return 0;
			d += strcspn(d, ",");
		}
		n += nlen;
		if (*n == ':')
			n++;
	}
	return 1;
}
