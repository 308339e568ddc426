// SPDX-License-Identifier: Apache-2.0
/* The cipher tests' harness: see pc_util.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/provider.h>

#include "pc_util.h"

int pc_fails;
const char *pc_what = "";

static OSSL_LIB_CTX *wlib;
static char conf_path[64];

int pc_setup(int argc, char **argv)
{
	FILE *f;
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s MODULE_DIR [key=value ...]\n", argv[0]);
		return -1;
	}
	strcpy(conf_path, "/tmp/pc_conf_XXXXXX");
	fd = mkstemp(conf_path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		perror("config");
		return -1;
	}
	fprintf(f, "openssl_conf = init\n[init]\nproviders = provs\n"
		   "[provs]\nwarpdrive = wd_sect\ndefault = def_sect\n"
		   "[def_sect]\nactivate = 1\n"
		   "[wd_sect]\nmodule = %s/warpdrive.so\nactivate = 1\n", argv[1]);
	for (i = 2; i < argc; i++)
		fprintf(f, "%s\n", argv[i]);
	fclose(f);
	wlib = OSSL_LIB_CTX_new();
	if (!wlib || !OSSL_LIB_CTX_load_config(wlib, conf_path) ||
	    !OSSL_PROVIDER_available(wlib, "warpdrive")) {
		ERR_print_errors_fp(stderr);
		fprintf(stderr, "cannot load warpdrive from %s\n", argv[1]);
		unlink(conf_path);
		return -1;
	}
	unlink(conf_path);
	return 0;
}

void pc_teardown(void)
{
	OSSL_LIB_CTX_free(wlib);
	wlib = NULL;
}

EVP_CIPHER *pc_fetch_wd(const char *name)
{
	return EVP_CIPHER_fetch(wlib, name, "provider=warpdrive");
}

EVP_CIPHER *pc_fetch_ref(const char *name)
{
	return EVP_CIPHER_fetch(NULL, name, "provider=default");
}

static uint64_t rng_state = 0x243F6A8885A308D3ull;

/* splitmix64: reproducible runs */
uint64_t pc_rand(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

size_t pc_below(size_t n)
{
	return n ? (size_t)(pc_rand() % n) : 0;
}

void pc_fill(void *p, size_t n)
{
	unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)pc_rand();
}

int pc_pair_new(struct pc_pair *p)
{
	p->w = EVP_CIPHER_CTX_new();
	p->r = EVP_CIPHER_CTX_new();
	return p->w && p->r;
}

void pc_pair_free(struct pc_pair *p)
{
	EVP_CIPHER_CTX_free(p->w);
	EVP_CIPHER_CTX_free(p->r);
	p->w = p->r = NULL;
}

int pc_pair_copy(struct pc_pair *to, const struct pc_pair *from)
{
	int a, b;

	if (!pc_pair_new(to))
		return 0;
	a = EVP_CIPHER_CTX_copy(to->w, from->w);
	b = EVP_CIPHER_CTX_copy(to->r, from->r);
	PC_CHECK(a == b, "copy: warpdrive %d default %d", a, b);
	return a && b;
}

static int agree(const char *op, int a, int b)
{
	PC_CHECK(a == b, "%s: warpdrive %d default %d", op, a, b);
	ERR_clear_error();
	return a;
}

int pc_init(struct pc_pair *p, const EVP_CIPHER *cw, const EVP_CIPHER *cr,
	    const unsigned char *key, const unsigned char *iv, int enc, const OSSL_PARAM *prm)
{
	int a = EVP_CipherInit_ex2(p->w, cw, key, iv, enc, prm);
	int b = EVP_CipherInit_ex2(p->r, cr, key, iv, enc, prm);

	return agree("init", a, b);
}

#define PC_MAXOUT (1 << 20)
static unsigned char outw[PC_MAXOUT + 64], outr[PC_MAXOUT + 64];

int pc_update(struct pc_pair *p, const unsigned char *in, size_t inl, int inplace)
{
	int lw = -1, lr = -1, a, b;
	const unsigned char *iw = in, *ir = in;

	if (inl > PC_MAXOUT)
		return 0;
	if (inplace) {
		memcpy(outw, in, inl);
		memcpy(outr, in, inl);
		iw = outw;
		ir = outr;
	}
	a = EVP_CipherUpdate(p->w, outw, &lw, iw, (int)inl);
	b = EVP_CipherUpdate(p->r, outr, &lr, ir, (int)inl);
	agree("update", a, b);
	if (a && b) {
		PC_CHECK(lw == lr, "update %zu: outl warpdrive %d default %d", inl, lw, lr);
		PC_CHECK(lw != lr || !memcmp(outw, outr, (size_t)lw), "update %zu: output differs",
			 inl);
		pc_same_state(p);
	}
	return a;
}

int pc_final(struct pc_pair *p)
{
	int lw = -1, lr = -1;
	int a = EVP_CipherFinal_ex(p->w, outw, &lw);
	int b = EVP_CipherFinal_ex(p->r, outr, &lr);

	agree("final", a, b);
	if (a && b) {
		PC_CHECK(lw == lr, "final: outl warpdrive %d default %d", lw, lr);
		PC_CHECK(lw != lr || !memcmp(outw, outr, (size_t)lw), "final: output differs");
	}
	return a;
}

int pc_cipher(struct pc_pair *p, const unsigned char *in, size_t inl)
{
	int a = EVP_Cipher(p->w, outw, in, (unsigned int)inl);
	int b = EVP_Cipher(p->r, outr, in, (unsigned int)inl);

	PC_CHECK(a == b, "EVP_Cipher %zu: warpdrive %d default %d", inl, a, b);
	ERR_clear_error();
	if (a == b && a > 0)
		PC_CHECK(!memcmp(outw, outr, (size_t)a), "EVP_Cipher %zu: output differs", inl);
	if (a == b)
		pc_same_state(p);
	return a;
}

void pc_same_state(struct pc_pair *p)
{
	unsigned char ivw[16] = { 0 }, ivr[16] = { 0 };
	size_t n = (size_t)EVP_CIPHER_CTX_get_iv_length(p->r);
	int a = EVP_CIPHER_CTX_get_updated_iv(p->w, ivw, n);
	int b = EVP_CIPHER_CTX_get_updated_iv(p->r, ivr, n);

	PC_CHECK(a == b, "updated iv: warpdrive %d default %d", a, b);
	PC_CHECK(!memcmp(ivw, ivr, n), "updated iv differs");
	PC_CHECK(EVP_CIPHER_CTX_get_num(p->w) == EVP_CIPHER_CTX_get_num(p->r),
		 "num: warpdrive %d default %d", EVP_CIPHER_CTX_get_num(p->w),
		 EVP_CIPHER_CTX_get_num(p->r));
	ERR_clear_error();
}
