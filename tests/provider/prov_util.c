/* SPDX-License-Identifier: Apache-2.0 */
/* Provider loading, the contract's names and helpers (see prov_util.h). */
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include "prov_util.h"

const char *const prov_contract_ciphers[] = {
	"AES-128-ECB", "AES-192-ECB", "AES-256-ECB", "AES-128-CBC", "AES-192-CBC", "AES-256-CBC",
	"AES-128-CBC-CTS", "AES-192-CBC-CTS", "AES-256-CBC-CTS", "AES-128-CTR", "AES-192-CTR",
	"AES-256-CTR", "AES-128-OFB", "AES-192-OFB", "AES-256-OFB", "AES-128-CFB", "AES-192-CFB",
	"AES-256-CFB", "AES-128-GCM", "AES-192-GCM", "AES-256-GCM", "AES-128-CCM", "AES-192-CCM",
	"AES-256-CCM", "AES-128-XTS", "AES-256-XTS", "SM4-ECB", "SM4-CBC", "SM4-CTR", "SM4-OFB",
	"SM4-CFB", "SM4-CBC-CTS", "SM4-XTS", "SM4-GCM", "SM4-CCM", "DES-EDE3-ECB", "DES-EDE3-CBC",
	NULL,
};
const char *const prov_contract_digests[] = {
	"SHA1", "SHA2-224", "SHA2-256", "SHA2-384", "SHA2-512", "SHA2-512/224", "SHA2-512/256",
	"SM3", "MD5", NULL,
};
const char *const prov_contract_macs[] = { "HMAC", "CMAC", "GMAC", NULL };

#define MAX_LOADED 8
static OSSL_PROVIDER *loaded[MAX_LOADED + 1];
static int nloaded;

void prov_opts_init(struct prov_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->ref.name = "default";
	o->ref.props = "provider=default";
	o->ref.inner_props = true;
	o->target.name = "warpdrive";
	o->target.props = "provider=warpdrive";
}

static const char *path_opt;

int prov_opt(int argc, char **argv, int *i, struct prov_opts *o)
{
	static const char *const names[] = { "--provider-path", "--load", "--config",
					     "--target-props", "--ref-props", NULL };
	const char *v;
	int k;

	for (k = 0; names[k] && strcmp(argv[*i], names[k]); k++)
		;
	if (!names[k])
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "%s needs a value\n", argv[*i]);
		return -1;
	}
	v = argv[++*i];
	switch (k) {
	case 0:
		path_opt = v;
		break;
	case 1:
		if (o->nload == (int)(sizeof(o->load) / sizeof(o->load[0]))) {
			fprintf(stderr, "too many --load\n");
			return -1;
		}
		o->load[o->nload++] = v;
		break;
	case 2:
		o->config = v;
		break;
	case 3:
		o->target.props = v;
		/* a stand-in: name the side after what it selects */
		o->target.name = strncmp(v, "provider=", 9) ? v : v + 9;
		break;
	default:
		o->ref.props = v;
		o->ref.name = strncmp(v, "provider=", 9) ? v : v + 9;
		break;
	}
	return 1;
}

static int load_one(const char *name)
{
	if (nloaded == MAX_LOADED) {
		fprintf(stderr, "too many providers\n");
		return -1;
	}
	loaded[nloaded] = OSSL_PROVIDER_load(NULL, name);
	if (!loaded[nloaded]) {
		fprintf(stderr, "cannot load provider %s: %s\n", name, prov_err_reason());
		return -1;
	}
	nloaded++;
	return 0;
}

int prov_setup(const struct prov_opts *o)
{
	int i;

	if (path_opt && !OSSL_PROVIDER_set_default_search_path(NULL, path_opt)) {
		fprintf(stderr, "cannot set the provider path %s\n", path_opt);
		return -1;
	}
	if (o->config && !OSSL_LIB_CTX_load_config(NULL, o->config)) {
		fprintf(stderr, "cannot load the config %s: %s\n", o->config, prov_err_reason());
		return -1;
	}
	/* loading one provider explicitly stops the implicit default one */
	if (!OSSL_PROVIDER_available(NULL, "default") && load_one("default"))
		return -1;
	for (i = 0; i < o->nload; i++)
		if (!OSSL_PROVIDER_available(NULL, o->load[i]) && load_one(o->load[i]))
			return -1;
	return 0;
}

void prov_teardown(void)
{
	/* warpdrive writes its counters (WARPDRIVE_STATS) when unloaded */
	while (nloaded > 0)
		OSSL_PROVIDER_unload(loaded[--nloaded]);
}

int prov_check_contract(const struct prov_side *target, FILE *out)
{
	int i, missing = 0;

	ERR_set_mark();
	for (i = 0; prov_contract_ciphers[i]; i++) {
		EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, prov_contract_ciphers[i], target->props);

		if (!c && ++missing)
			fprintf(out, "contract: cipher %s not served by %s\n", prov_contract_ciphers[i],
				target->name);
		EVP_CIPHER_free(c);
	}
	for (i = 0; prov_contract_digests[i]; i++) {
		EVP_MD *m = EVP_MD_fetch(NULL, prov_contract_digests[i], target->props);

		if (!m && ++missing)
			fprintf(out, "contract: digest %s not served by %s\n", prov_contract_digests[i],
				target->name);
		EVP_MD_free(m);
	}
	for (i = 0; prov_contract_macs[i]; i++) {
		EVP_MAC *m = EVP_MAC_fetch(NULL, prov_contract_macs[i], target->props);

		if (!m && ++missing)
			fprintf(out, "contract: MAC %s not served by %s\n", prov_contract_macs[i],
				target->name);
		EVP_MAC_free(m);
	}
	ERR_pop_to_mark();
	return missing;
}

const char *prov_hex(const void *p, size_t n)
{
	static char buf[4][2 * 48 + 8];
	static int slot;
	const unsigned char *b = p;
	char *s = buf[slot++ & 3], *w = s;
	size_t i, m = n > 48 ? 48 : n;

	for (i = 0; i < m; i++)
		w += sprintf(w, "%02x", b[i]);
	if (m < n)
		strcpy(w, "...");
	else if (!n)
		strcpy(w, "(empty)");
	return s;
}

long prov_diff_at(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i] != y[i])
			return (long)i;
	return -1;
}

const char *prov_err_reason(void)
{
	static char buf[160];
	unsigned long e = ERR_peek_last_error();
	const char *r;

	buf[0] = '\0';
	if (e) {
		r = ERR_reason_error_string(e);
		if (r)
			snprintf(buf, sizeof(buf), "%s", r);
		else
			snprintf(buf, sizeof(buf), "error %lx", e);
	}
	ERR_clear_error();
	return buf;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void prov_rng_seed(struct prov_rng *r, uint64_t seed)
{
	int i;

	/* splitmix64 spreads one seed over the four words */
	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		r->s[i] = z ^ (z >> 31);
	}
}

uint64_t prov_rng_next(struct prov_rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

uint32_t prov_rng_below(struct prov_rng *r, uint32_t n)
{
	return (uint32_t)((prov_rng_next(r) >> 32) * n >> 32);
}

void prov_rng_fill(struct prov_rng *r, void *buf, size_t len)
{
	unsigned char *p = buf;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			v = prov_rng_next(r);
		p[i] = (unsigned char)(v >> (8 * (i & 7)));
	}
}
