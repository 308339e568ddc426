/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The algorithms a vacc device may advertise (VACC_CALGS), how the public
 * API selects each and which OpenSSL algorithm checks it; the device's
 * list from sysfs. A name of VACC_CALGS without an entry here fails the
 * run: "every advertised algorithm is tested" must not rot silently when
 * the ABI grows.
 */
#include <dirent.h>
#include <string.h>
#include "crypto_hw.h"
#include "vacc_abi.h"

#define C(n, a, m, ref, ...) { n, CLS_CIPHER, WD_CIPHER_##a, WD_CIPHER_##m, 0, ref, { __VA_ARGS__ } }
#define H(n, a, ref) { n, CLS_DIGEST, WD_DIGEST_##a, WD_DIGEST_NORMAL, 0, ref, { 0 } }
#define M(n, a, ref, ...) { n, CLS_DIGEST, WD_DIGEST_##a, WD_DIGEST_HMAC, 0, ref, { __VA_ARGS__ } }
#define A(n, a, m, d, ref, ...) { n, CLS_AEAD, WD_CIPHER_##a, WD_CIPHER_##m, d, ref, { __VA_ARGS__ } }
#define AUTHENC(h, d)									\
	A("authenc(hmac(" h "),cbc(aes))", AES, CBC, WD_DIGEST_##d, "AES-%u-CBC", 16, 24, 32), \
	A("authenc(hmac(" h "),cbc(sm4))", SM4, CBC, WD_DIGEST_##d, "SM4-CBC", 16)

/*
 * Single DES and two-key 3DES are checked with OpenSSL's three-key 3DES
 * (K || K || K, K1 || K2 || K1): the default provider has no single DES,
 * and the guest has no legacy provider module.
 */
const struct calg calgs[] = {
	C("ecb(aes)", AES, ECB, "AES-%u-ECB", 16, 24, 32),
	C("cbc(aes)", AES, CBC, "AES-%u-CBC", 16, 24, 32),
	C("ctr(aes)", AES, CTR, "AES-%u-CTR", 16, 24, 32),
	C("xts(aes)", AES, XTS, "AES-%u-XTS", 32, 64),
	C("ofb(aes)", AES, OFB, "AES-%u-OFB", 16, 24, 32),
	C("cfb(aes)", AES, CFB, "AES-%u-CFB", 16, 24, 32),
	C("cbc-cs3(aes)", AES, CBC_CS3, "AES-%u-CBC", 16, 24, 32),	/* CS3 over CBC */
	C("ecb(sm4)", SM4, ECB, "SM4-ECB", 16),
	C("cbc(sm4)", SM4, CBC, "SM4-CBC", 16),
	C("ctr(sm4)", SM4, CTR, "SM4-CTR", 16),
	C("xts(sm4)", SM4, XTS, "SM4-XTS", 32),
	C("ofb(sm4)", SM4, OFB, "SM4-OFB", 16),
	C("cfb(sm4)", SM4, CFB, "SM4-CFB", 16),
	C("cbc-cs3(sm4)", SM4, CBC_CS3, "SM4-CBC", 16),
	C("ecb(des)", DES, ECB, "DES-EDE3-ECB", 8),
	C("cbc(des)", DES, CBC, "DES-EDE3-CBC", 8),
	C("ecb(des3_ede)", 3DES, ECB, "DES-EDE3-ECB", 16, 24),
	C("cbc(des3_ede)", 3DES, CBC, "DES-EDE3-CBC", 16, 24),
	H("md5", MD5, "MD5"),
	H("sha1", SHA1, "SHA1"),
	H("sha224", SHA224, "SHA224"),
	H("sha256", SHA256, "SHA256"),
	H("sha384", SHA384, "SHA384"),
	H("sha512", SHA512, "SHA512"),
	H("sm3", SM3, "SM3"),
	M("hmac(md5)", MD5, "MD5", 16, 64),
	M("hmac(sha1)", SHA1, "SHA1", 20, 64),
	M("hmac(sha224)", SHA224, "SHA224", 28, 64),
	M("hmac(sha256)", SHA256, "SHA256", 32, 64),
	M("hmac(sha384)", SHA384, "SHA384", 48, 128),
	M("hmac(sha512)", SHA512, "SHA512", 64, 128),
	M("hmac(sm3)", SM3, "SM3", 32, 64),
	M("cmac(aes)", AES_CMAC, "CMAC", 16),
	M("xcbc-mac-96(aes)", AES_XCBC_MAC_96, "XCBC", 16),
	M("gmac(aes)", AES_GMAC, "AES-%u-GCM", 16, 24, 32),
	A("gcm(aes)", AES, GCM, 0, "AES-%u-GCM", 16, 24, 32),
	A("ccm(aes)", AES, CCM, 0, "AES-%u-CCM", 16, 24, 32),
	A("gcm(sm4)", SM4, GCM, 0, "SM4-GCM", 16),
	A("ccm(sm4)", SM4, CCM, 0, "SM4-CCM", 16),
	AUTHENC("md5", MD5),
	AUTHENC("sha1", SHA1),
	AUTHENC("sha224", SHA224),
	AUTHENC("sha256", SHA256),
	AUTHENC("sha384", SHA384),
	AUTHENC("sha512", SHA512),
	AUTHENC("sm3", SM3),
	{ NULL, 0, 0, 0, 0, NULL, { 0 } },
};

const struct calg *calg_find(const char *name)
{
	const struct calg *a;

	for (a = calgs; a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

int calg_table_complete(void)
{
#define NAME(id, val, op, name) name,
	static const char *const abi[] = { VACC_CALGS(NAME) NULL };
#undef NAME
	int i, bad = 0;

	for (i = 0; abi[i]; i++)
		if (!calg_find(abi[i])) {
			printf("# VACC_CALGS has %s, which this program does not know how to test\n",
			       abi[i]);
			bad = -1;
		}
	return bad;
}

/* The first vacc device's sysfs directory name, or NULL. */
static const char *first_vacc(char *buf, size_t n)
{
	DIR *d = opendir("/sys/class/uacce");
	struct dirent *e;
	const char *ret = NULL;

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "vacc-", 5) && (!ret || strcmp(e->d_name, buf) < 0)) {
			snprintf(buf, n, "%s", e->d_name);
			ret = buf;
		}
	if (d)
		closedir(d);
	return ret;
}

bool vacc_present(void)
{
	char name[256];

	return first_vacc(name, sizeof(name)) != NULL;
}

int calg_advertised(const struct calg **out, int max)
{
	char dev[256], path[320], line[128];
	const struct calg *a;
	int n = 0;
	FILE *f;

	if (!first_vacc(dev, sizeof(dev))) {
		/* no device (a host run under TASK_MIX): every algorithm, on the CPU */
		for (a = calgs; a->name && n < max; a++)
			out[n++] = a;
		return n;
	}
	snprintf(path, sizeof(path), "/sys/class/uacce/%s/algorithms", dev);
	f = fopen(path, "re");
	if (!f) {
		printf("# cannot read %s\n", path);
		return 0;
	}
	while (fgets(line, sizeof(line), f) && n < max) {
		line[strcspn(line, "\n")] = 0;
		a = calg_find(line);
		if (a)
			out[n++] = a;
	}
	fclose(f);
	return n;
}

bool calg_is_advertised(const char *name)
{
	const struct calg *list[128];
	int i, n = calg_advertised(list, 128);

	for (i = 0; i < n; i++)
		if (!strcmp(list[i]->name, name))
			return true;
	return false;
}
