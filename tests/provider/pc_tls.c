// SPDX-License-Identifier: Apache-2.0
/*
 * TLS record mode of the CBC ciphers, as libssl drives provided ciphers:
 * TLS_VERSION (an int) and TLS_MAC_SIZE set once, then one in-place Update
 * per record; decryption strips the explicit IV, the padding and (MAC-then-
 * encrypt) the MAC, handed out by TLS_MAC. Records of random sizes chain
 * their IV, some are damaged; warpdrive must agree with the default
 * provider on every result, length and byte, and on the MAC of every
 * intact record.
 */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/prov_ssl.h>

#include "pc_util.h"

int pc_tls_tests(void);

static unsigned char rec[20000], bw[20100], br[20100];

static int tls_params(EVP_CIPHER_CTX *x, int version, size_t macsize)
{
	OSSL_PARAM prm[3] = {
		OSSL_PARAM_int(OSSL_CIPHER_PARAM_TLS_VERSION, &version),
		OSSL_PARAM_size_t(OSSL_CIPHER_PARAM_TLS_MAC_SIZE, &macsize),
		OSSL_PARAM_END
	};

	return EVP_CIPHER_CTX_set_params(x, prm);
}

static const unsigned char *tls_mac(EVP_CIPHER_CTX *x, size_t macsize)
{
	unsigned char *mac = NULL;
	OSSL_PARAM prm[2] = {
		OSSL_PARAM_octet_ptr(OSSL_CIPHER_PARAM_TLS_MAC, (void **)&mac, macsize),
		OSSL_PARAM_END
	};

	return EVP_CIPHER_CTX_get_params(x, prm) ? mac : NULL;
}

static void records(const char *name, int version, size_t macsize)
{
	EVP_CIPHER *cw = pc_fetch_wd(name), *cr = pc_fetch_ref(name);
	int explicit_iv = version != SSL3_VERSION && version != TLS1_VERSION;
	unsigned char key[32], iv[16];
	struct pc_pair e, d;
	int bs, r;

	PC_CHECK(cw && cr, "fetch");
	if (!cw || !cr || !pc_pair_new(&e) || !pc_pair_new(&d))
		goto out;
	bs = EVP_CIPHER_get_block_size(cr);
	pc_fill(key, sizeof(key));
	pc_fill(iv, sizeof(iv));
	if (!pc_init(&e, cw, cr, key, iv, 1, NULL) || !pc_init(&d, cw, cr, key, iv, 0, NULL))
		goto out;
	PC_CHECK(tls_params(e.w, version, macsize) && tls_params(e.r, version, macsize) &&
		 tls_params(d.w, version, macsize) && tls_params(d.r, version, macsize),
		 "tls params");
	for (r = 0; r < 24; r++) {
		size_t len = pc_below(4) ? pc_below(1500) : pc_below(16384), n = 0, room;
		int lw = -1, lr = -1, a, b, damaged = r % 4 == 3;
		const unsigned char *mw, *mr;

		if (explicit_iv) {
			pc_fill(rec, (size_t)bs);
			n = (size_t)bs;
		}
		pc_fill(rec + n, len + macsize);
		n += len + macsize;
		room = n + (size_t)bs;
		memcpy(bw, rec, n);
		memcpy(br, rec, n);
		a = EVP_CipherUpdate(e.w, bw, &lw, bw, (int)n);
		b = EVP_CipherUpdate(e.r, br, &lr, br, (int)n);
		PC_CHECK(a == b && lw == lr && (!a || !memcmp(bw, br, (size_t)lw)),
			 "encrypt record %d (%zu bytes): %d/%d, %d/%d", r, n, a, b, lw, lr);
		ERR_clear_error();
		if (!a || !b || lw != lr || (size_t)lw > room)
			break;
		if (damaged)	/* somewhere in the last two blocks: padding or MAC */
			bw[(size_t)lw - 1 - pc_below(2 * (size_t)bs)] ^= (unsigned char)(1 + pc_below(255));
		memcpy(br, bw, (size_t)lw);
		n = (size_t)lw;
		a = EVP_CipherUpdate(d.w, bw, &lw, bw, (int)n);
		b = EVP_CipherUpdate(d.r, br, &lr, br, (int)n);
		PC_CHECK(a == b, "decrypt record %d: warpdrive %d default %d", r, a, b);
		ERR_clear_error();
		if (!a || !b)
			continue;
		PC_CHECK(lw == lr, "decrypt record %d: length %d/%d", r, lw, lr);
		PC_CHECK(!memcmp(bw, br, n), "decrypt record %d: bytes differ", r);
		if (!damaged)
			PC_CHECK((size_t)lw == len, "record %d: payload %d, sent %zu", r, lw, len);
		if (macsize) {
			mw = tls_mac(d.w, macsize);
			mr = tls_mac(d.r, macsize);
			PC_CHECK(mw && mr, "tls mac of record %d", r);
			if (mw && mr && !damaged) {
				PC_CHECK(!memcmp(mw, mr, macsize), "record %d: MACs differ", r);
				PC_CHECK(!memcmp(mw, rec + (explicit_iv ? bs : 0) + len, macsize),
					 "record %d: not the MAC sent", r);
			}
		}
	}
	/* Final has no place in record mode */
	PC_CHECK(!EVP_CipherFinal_ex(d.w, bw, &r) && !EVP_CipherFinal_ex(d.r, br, &r),
		 "final in TLS mode");
	ERR_clear_error();
out:
	pc_pair_free(&e);
	pc_pair_free(&d);
	EVP_CIPHER_free(cw);
	EVP_CIPHER_free(cr);
}

int pc_tls_tests(void)
{
	static const char *const names[] = { "AES-128-CBC", "AES-256-CBC", "SM4-CBC",
					     "DES-EDE3-CBC", NULL };
	static const int versions[] = { SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION,
					DTLS1_2_VERSION };
	static const size_t macs[] = { 0, 20, 32, 48 };
	char what[64];

	for (const char *const *n = names; *n; n++)
		for (size_t v = 0; v < sizeof(versions) / sizeof(versions[0]); v++)
			for (size_t m = 0; m < sizeof(macs) / sizeof(macs[0]); m++) {
				snprintf(what, sizeof(what), "%s tls %#x mac %zu", *n, versions[v],
					 macs[m]);
				pc_what = what;
				records(*n, versions[v], macs[m]);
			}
	return 0;
}
