// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client crypto-hostile: what a misbehaving client can do with
 * the crypto opcodes: bad key / IV / tag lengths and fields, session slots
 * never keyed, out of range or keyed for another algorithm, GCM stream
 * misuse, bad addresses (FAULT with the right fault_off side), huge
 * lengths, random descriptors on keyed slots, SETUP repeated thousands of
 * times on one slot (no leak: module references and slab), a queue closed
 * with every slot keyed. Each completes with the documented status and
 * the queue works afterwards.
 */
#include "raw.h"
#include "crypto.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static struct vq q;
static uint8_t key[512], *buf, *out, *guard, *gone;
static uint8_t iv[64], mac[64];

static long read_long(const char *path, const char *field)
{
	char line[256];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (!field) {
			v = atol(line);
			break;
		}
		if (!strncmp(line, field, strlen(field))) {
			v = atol(line + strlen(field));
			break;
		}
	}
	fclose(f);
	return v;
}

/* the module's reference count: every transform of its algorithms holds one */
static long modref(const char *mod)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/module/%s/refcnt", mod);
	return read_long(path, NULL);
}

static long slab_kb(void)
{
	return read_long("/proc/meminfo", "SUnreclaim:");
}

static int good_after(const char *what)
{
	uint8_t k[16] = { 1 }, v[16] = { 2 };
	struct vacc_cqe c = cr_setup(&q, 63, VACC_CALG_AES_CTR, k, 16, NULL, 0);
	char name[160];

	if (!c.status)
		c = cr_cipher(&q, 63, VACC_CALG_AES_CTR, 0, v, 16, buf, out, 1000);
	snprintf(name, sizeof(name), "crypto works after %s", what);
	CHECK(c.status == VACC_ST_OK, name, "status %u", c.status);
	return c.status == VACC_ST_OK;
}

/* ---- bad fields --------------------------------------------------------- */

struct hc {
	const char *what;
	struct vacc_sqe s;
	uint32_t want;
};

#define SLOT_CBC	1
#define SLOT_SHA	2
#define SLOT_GCM	3
#define SLOT_CCM	4
#define SLOT_AUTHENC	5
#define SLOT_XTS	6
#define SLOT_CMAC	8
#define SLOT_NEVER	7

static int key_slots(void)
{
	return !cr_setup(&q, SLOT_CBC, VACC_CALG_AES_CBC, key, 16, NULL, 0).status &&
	       !cr_setup(&q, SLOT_SHA, VACC_CALG_SHA256, NULL, 0, NULL, 0).status &&
	       !cr_setup(&q, SLOT_GCM, VACC_CALG_AES_GCM, key, 16, NULL, 0).status &&
	       !cr_setup(&q, SLOT_CCM, VACC_CALG_AES_CCM, key, 16, NULL, 0).status &&
	       !cr_setup(&q, SLOT_AUTHENC, VACC_CALG_AUTHENC_SHA256_AES, key, 16, key, 32).status &&
	       !cr_setup(&q, SLOT_XTS, VACC_CALG_AES_XTS, key, 32, NULL, 0).status &&
	       !cr_setup(&q, SLOT_CMAC, VACC_CALG_AES_CMAC, key, 16, NULL, 0).status;
}

static void test_fields(void)
{
	static struct hc t[128];
	struct vacc_sqe setup = cr_sqe(VACC_OP_CRYPTO_SETUP, 10, VACC_CALG_AES_CBC, key, 16,
				       NULL, 0);
	struct vacc_sqe cbc = cr_sqe(VACC_OP_CIPHER, SLOT_CBC, VACC_CALG_AES_CBC, buf, 64, out, 64);
	struct vacc_sqe sha = cr_sqe(VACC_OP_DIGEST, SLOT_SHA, VACC_CALG_SHA256, buf, 64, out, 32);
	struct vacc_sqe gcm = cr_sqe(VACC_OP_AEAD, SLOT_GCM, VACC_CALG_AES_GCM, buf, 64, out, 48);
	struct vacc_sqe base;
	int n = 0, i, bad = 0;

	cbc.iv = (uintptr_t)iv;
	cbc.iv_len = 16;
	gcm.iv = (uintptr_t)iv;
	gcm.iv_len = 12;
	gcm.aux = 16;
	gcm.mac = (uintptr_t)mac;
	gcm.tag_len = 16;

#define T(w, expr, st) do { t[n].what = w; t[n].s = base; expr; t[n].want = st; n++; } while (0)
	base = setup;
	T("setup: AES key 15", t[n].s.src_len = 15, VACC_ST_BAD_KEY);
	T("setup: AES key 0", t[n].s.src_len = 0, VACC_ST_BAD_KEY);
	T("setup: key 257", t[n].s.src_len = 257, VACC_ST_BAD_KEY);
	T("setup: XTS key 16", t[n].s.alg = VACC_CALG_AES_XTS, VACC_ST_BAD_KEY);
	T("setup: 3DES key 10", (t[n].s.alg = VACC_CALG_DES3_CBC, t[n].s.src_len = 10),
	  VACC_ST_BAD_KEY);
	T("setup: GCM key 20", (t[n].s.alg = VACC_CALG_AES_GCM, t[n].s.src_len = 20),
	  VACC_ST_BAD_KEY);
	T("setup: SHA-256 with a key", t[n].s.alg = VACC_CALG_SHA256, VACC_ST_BAD_KEY);
	T("setup: alg 200", t[n].s.alg = 200, VACC_ST_NO_ALG);
	T("setup: unused id 19", t[n].s.alg = 19, VACC_ST_NO_ALG);
	T("setup: iv set", t[n].s.iv = (uintptr_t)iv, VACC_ST_BAD_DESC);
	T("setup: flags", t[n].s.flags = VACC_CSQE_DECRYPT, VACC_ST_BAD_DESC);
	T("setup: stage", t[n].s.stage = 1, VACC_ST_BAD_DESC);
	T("setup: tag_len", t[n].s.tag_len = 16, VACC_ST_BAD_DESC);
	T("setup: aux", t[n].s.aux = 1, VACC_ST_BAD_DESC);
	T("setup: CBC with a second key", (t[n].s.dst = (uintptr_t)key, t[n].s.dst_len = 16),
	  VACC_ST_BAD_DESC);
	T("setup: NONE with a key", t[n].s.alg = VACC_CALG_NONE, VACC_ST_BAD_DESC);
	T("setup: sess 64", t[n].s.sess = 64, VACC_ST_BAD_SESS);
	T("setup: sess 65535", t[n].s.sess = 65535, VACC_ST_BAD_SESS);
	T("setup: src_len > max", t[n].s.src_len = VACC_MAX_LEN + 1, VACC_ST_BAD_LEN);
	base = cbc;
	T("cipher: iv_len 8", t[n].s.iv_len = 8, VACC_ST_BAD_DESC);
	T("cipher: iv_len 0", t[n].s.iv_len = 0, VACC_ST_BAD_DESC);
	T("cipher: CBC 15 bytes", (t[n].s.src_len = 15, t[n].s.dst_len = 15), VACC_ST_BAD_LEN);
	T("cipher: dst_len != src_len", t[n].s.dst_len = 48, VACC_ST_BAD_LEN);
	T("cipher: RESUME flag", t[n].s.flags = VACC_CSQE_RESUME, VACC_ST_BAD_DESC);
	T("cipher: flag 0x80", t[n].s.flags = 0x80, VACC_ST_BAD_DESC);
	T("cipher: tag_len", t[n].s.tag_len = 4, VACC_ST_BAD_DESC);
	T("cipher: stage", t[n].s.stage = 1, VACC_ST_BAD_DESC);
	T("cipher: aux", t[n].s.aux = 1, VACC_ST_BAD_DESC);
	T("cipher: mac", t[n].s.mac = (uintptr_t)mac, VACC_ST_BAD_DESC);
	T("cipher: slot keyed for CBC, alg CTR", t[n].s.alg = VACC_CALG_AES_CTR, VACC_ST_BAD_SESS);
	T("cipher: alg 200", t[n].s.alg = 200, VACC_ST_BAD_DESC);
	T("cipher: alg of a digest", t[n].s.alg = VACC_CALG_SHA256, VACC_ST_BAD_SESS);
	T("cipher: slot never keyed", t[n].s.sess = SLOT_NEVER, VACC_ST_BAD_SESS);
	T("cipher: slot keyed for SHA-256", t[n].s.sess = SLOT_SHA, VACC_ST_BAD_SESS);
	T("cipher: sess 64", t[n].s.sess = 64, VACC_ST_BAD_SESS);
	T("cipher: sess 1000", t[n].s.sess = 1000, VACC_ST_BAD_SESS);
	T("cipher: huge length", (t[n].s.src_len = VACC_MAX_LEN + 16,
				  t[n].s.dst_len = VACC_MAX_LEN + 16), VACC_ST_BAD_LEN);
	T("cipher: XTS 15 bytes", (t[n].s.alg = VACC_CALG_AES_XTS, t[n].s.sess = SLOT_XTS,
				   t[n].s.src_len = t[n].s.dst_len = 15), VACC_ST_BAD_LEN);
	base = sha;
	T("digest: dst_len 0", t[n].s.dst_len = 0, VACC_ST_BAD_LEN);
	T("digest: dst_len 33", t[n].s.dst_len = 33, VACC_ST_BAD_LEN);
	T("digest: PART of 100 bytes", (t[n].s.stage = VACC_DG_PART, t[n].s.src_len = 100),
	  VACC_ST_BAD_LEN);
	T("digest: PART of 0 bytes", (t[n].s.stage = VACC_DG_PART, t[n].s.src_len = 0),
	  VACC_ST_BAD_LEN);
	T("digest: PART dst_len 16", (t[n].s.stage = VACC_DG_PART, t[n].s.dst_len = 16),
	  VACC_ST_BAD_LEN);
	T("digest: ONESHOT with RESUME", t[n].s.flags = VACC_CSQE_RESUME, VACC_ST_BAD_DESC);
	T("digest: aux without RESUME", (t[n].s.stage = VACC_DG_LAST, t[n].s.aux = 64),
	  VACC_ST_BAD_DESC);
	T("digest: RESUME after 100 bytes", (t[n].s.stage = VACC_DG_LAST,
		t[n].s.flags = VACC_CSQE_RESUME, t[n].s.aux = 100), VACC_ST_BAD_LEN);
	T("digest: stage 3", t[n].s.stage = 3, VACC_ST_BAD_DESC);
	T("digest: DECRYPT flag", t[n].s.flags = VACC_CSQE_DECRYPT, VACC_ST_BAD_DESC);
	T("digest: iv_len 16", (t[n].s.iv = (uintptr_t)iv, t[n].s.iv_len = 16), VACC_ST_BAD_DESC);
	T("digest: tag_len", t[n].s.tag_len = 16, VACC_ST_BAD_DESC);
	T("digest: CMAC PART", (t[n].s.sess = SLOT_CMAC, t[n].s.alg = VACC_CALG_AES_CMAC,
				t[n].s.stage = VACC_DG_PART, t[n].s.dst_len = 16), VACC_ST_BAD_DESC);
	T("digest: GMAC iv_len 12", (t[n].s.alg = VACC_CALG_AES_GMAC, t[n].s.dst_len = 16,
				     t[n].s.iv = (uintptr_t)iv, t[n].s.iv_len = 12),
	  VACC_ST_BAD_DESC);
	T("digest: alg of a cipher", t[n].s.alg = VACC_CALG_AES_CBC, VACC_ST_BAD_SESS);
	base = gcm;
	T("aead: GCM iv_len 16", t[n].s.iv_len = 16, VACC_ST_BAD_DESC);
	T("aead: GCM tag_len 0", t[n].s.tag_len = 0, VACC_ST_BAD_DESC);
	T("aead: GCM tag_len 17", t[n].s.tag_len = 17, VACC_ST_BAD_DESC);
	T("aead: aux > src_len", t[n].s.aux = 65, VACC_ST_BAD_LEN);
	T("aead: dst_len wrong", t[n].s.dst_len = 64, VACC_ST_BAD_LEN);
	T("aead: FIRST with payload", (t[n].s.stage = VACC_AE_FIRST, t[n].s.tag_len = 0,
				       t[n].s.mac = 0), VACC_ST_BAD_LEN);
	T("aead: FIRST with a tag", (t[n].s.stage = VACC_AE_FIRST, t[n].s.dst_len = 0,
				     t[n].s.aux = 64), VACC_ST_BAD_DESC);
	T("aead: MIDDLE of 17 bytes", (t[n].s.stage = VACC_AE_MIDDLE, t[n].s.tag_len = 0,
		t[n].s.mac = 0, t[n].s.aux = 0, t[n].s.src_len = t[n].s.dst_len = 17),
	  VACC_ST_BAD_LEN);
	T("aead: MIDDLE with AAD", (t[n].s.stage = VACC_AE_MIDDLE, t[n].s.tag_len = 0,
				    t[n].s.mac = 0), VACC_ST_BAD_LEN);
	T("aead: stage 4", t[n].s.stage = 4, VACC_ST_BAD_DESC);
	T("aead: RESUME flag", t[n].s.flags = VACC_CSQE_RESUME, VACC_ST_BAD_DESC);
	T("aead: CCM tag 5", (t[n].s.alg = VACC_CALG_AES_CCM, t[n].s.sess = SLOT_CCM,
			      t[n].s.iv_len = 16, t[n].s.tag_len = 5), VACC_ST_BAD_DESC);
	T("aead: CCM tag 2", (t[n].s.alg = VACC_CALG_AES_CCM, t[n].s.sess = SLOT_CCM,
			      t[n].s.iv_len = 16, t[n].s.tag_len = 2), VACC_ST_BAD_DESC);
	T("aead: CCM iv_len 12", (t[n].s.alg = VACC_CALG_AES_CCM, t[n].s.sess = SLOT_CCM),
	  VACC_ST_BAD_DESC);
	T("aead: CCM stream", (t[n].s.alg = VACC_CALG_AES_CCM, t[n].s.sess = SLOT_CCM,
			       t[n].s.iv_len = 16, t[n].s.stage = VACC_AE_FIRST, t[n].s.tag_len = 0,
			       t[n].s.mac = 0, t[n].s.aux = 64, t[n].s.dst_len = 0),
	  VACC_ST_BAD_DESC);
	T("aead: authenc payload 17", (t[n].s.alg = VACC_CALG_AUTHENC_SHA256_AES,
		t[n].s.sess = SLOT_AUTHENC, t[n].s.iv_len = 16, t[n].s.src_len = 33,
		t[n].s.dst_len = 17), VACC_ST_BAD_LEN);
	T("aead: authenc tag 33", (t[n].s.alg = VACC_CALG_AUTHENC_SHA256_AES,
		t[n].s.sess = SLOT_AUTHENC, t[n].s.iv_len = 16, t[n].s.tag_len = 33),
	  VACC_ST_BAD_DESC);
	T("aead: huge length", (t[n].s.src_len = VACC_MAX_LEN + 1), VACC_ST_BAD_LEN);
#undef T
	for (i = 0; i < n; i++) {
		struct vacc_cqe c = q_run(&q, &t[i].s);

		if (c.status != t[i].want) {
			notok("crypto bad field", "%s: status %u want %u", t[i].what, c.status,
			      t[i].want);
			bad++;
		}
	}
	if (!bad)
		ok("crypto bad fields, lengths, keys, ids, slots: the documented statuses");
}

/* CCM's iv content: L < 2, and a payload longer than L bytes can count */
static void test_ccm_iv(void)
{
	uint8_t v[16] = { 0 };
	struct vacc_cqe c1, c2;

	c1 = cr_aead(&q, SLOT_CCM, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 0, v, 16, buf, 64, 0, out,
		     mac, 16);
	v[0] = 1;	/* L = 2: at most 65535 payload bytes */
	c2 = cr_aead(&q, SLOT_CCM, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 0, v, 16, buf, 70000, 0, out,
		     mac, 16);
	CHECK(c1.status == VACC_ST_BAD_DESC && c2.status == VACC_ST_BAD_LEN,
	      "CCM iv: L 1 BAD_DESC, payload beyond L bytes BAD_LEN", "%u %u", c1.status,
	      c2.status);
}

static void test_streams(void)
{
	struct vacc_cqe c[8];

	memset(iv, 0, sizeof(iv));
	c[0] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, 0, NULL, 0, buf, 32, 0,
		       out, NULL, 0);
	c[1] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_END, 0, NULL, 0, buf, 5, 0, out,
		       mac, 16);
	/* a stream ended by END */
	c[2] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_FIRST, 0, iv, 12, buf, 16, 16,
		       NULL, NULL, 0);
	c[3] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_END, 0, NULL, 0, buf, 5, 0, out,
		       mac, 16);
	c[4] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, 0, NULL, 0, buf, 32, 0,
		       out, NULL, 0);
	/* a stream ended by a re-key */
	cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_FIRST, 0, iv, 12, buf, 16, 16, NULL,
		NULL, 0);
	cr_setup(&q, SLOT_GCM, VACC_CALG_AES_GCM, key, 16, NULL, 0);
	c[5] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, 0, NULL, 0, buf, 32, 0,
		       out, NULL, 0);
	/* a stream broken by a fault */
	cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_FIRST, 0, iv, 12, buf, 16, 16, NULL,
		NULL, 0);
	c[6] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, 0, NULL, 0, gone, 32, 0,
		       out, NULL, 0);
	c[7] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_MIDDLE, 0, NULL, 0, buf, 32, 0,
		       out, NULL, 0);
	CHECK(c[0].status == VACC_ST_BAD_STREAM && c[1].status == VACC_ST_BAD_STREAM &&
	      c[2].status == VACC_ST_OK && c[3].status == VACC_ST_OK &&
	      c[4].status == VACC_ST_BAD_STREAM && c[5].status == VACC_ST_BAD_STREAM &&
	      c[6].status == VACC_ST_FAULT && c[7].status == VACC_ST_BAD_STREAM,
	      "GCM streams: MIDDLE/END without FIRST, after END, after re-key, after a fault: "
	      "BAD_STREAM", "%u %u %u %u %u %u %u %u", c[0].status, c[1].status, c[2].status,
	      c[3].status, c[4].status, c[5].status, c[6].status, c[7].status);
}

/*
 * A GCM decrypt that fails leaves no plaintext behind: a tag it cannot read
 * stops it before dst is touched; a dst that faults half-way gets what was
 * written overwritten with zeros.
 */
static void test_gcm_dec_leaves_nothing(void)
{
	struct vacc_cqe c1, c2;
	size_t i, left = 0;

	memset(out, 0xee, 64);
	memset(iv, 5, 12);
	c1 = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 1, iv, 12, buf, 80, 16, out,
		     gone, 16);
	for (i = 0; i < 64; i++)
		left += out[i] != 0xee;
	memset(guard, 0xee, PAGE);
	c2 = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 1, iv, 12, buf,
		     2 * PAGE + 16, 16, guard, mac, 16);
	for (i = 0; i < PAGE; i++)
		left += guard[i] != 0;
	CHECK(c1.status == VACC_ST_FAULT && c1.fault_off == VACC_FAULT_MAC && !c1.produced &&
	      c2.status == VACC_ST_FAULT && c2.fault_off == (VACC_FAULT_DST | PAGE) &&
	      !c2.produced && !left,
	      "GCM decrypt: an unreadable tag writes nothing, a dst fault zeroes what was written",
	      "%u %#x %u / %u %#x %u, %zu bytes left", c1.status, c1.fault_off, c1.produced,
	      c2.status, c2.fault_off, c2.produced, left);
}

#define FAULTS	12

static void test_faults(void)
{
	struct vacc_cqe c[FAULTS];
	uint32_t want[FAULTS] = {
		PAGE, VACC_FAULT_DST | PAGE, VACC_FAULT_IV, PAGE, VACC_FAULT_MAC, VACC_FAULT_MAC,
		PAGE, 0, VACC_FAULT_DST, PAGE, VACC_FAULT_DST | PAGE, 0,
	};
	int i, bad = 0;

	memset(iv, 3, sizeof(iv));
	iv[0] = 3;
	c[0] = cr_cipher(&q, SLOT_CBC, VACC_CALG_AES_CBC, 0, iv, 16, guard, out, 2 * PAGE);
	c[1] = cr_cipher(&q, SLOT_CBC, VACC_CALG_AES_CBC, 0, iv, 16, buf, guard, 2 * PAGE);
	c[2] = cr_cipher(&q, SLOT_CBC, VACC_CALG_AES_CBC, 0, gone, 16, buf, out, 64);
	c[3] = cr_cipher(&q, SLOT_XTS, VACC_CALG_AES_XTS, 0, iv, 16, guard, out, 2 * PAGE);
	c[4] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 0, iv, 12, buf, 64, 16,
		       out, gone, 16);
	c[5] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 1, iv, 12, buf, 64, 16,
		       out, gone, 16);
	c[6] = cr_aead(&q, SLOT_CCM, VACC_CALG_AES_CCM, VACC_AE_BLOCK, 0, iv, 16, guard,
		       2 * PAGE, 16, out, mac, 16);
	/* a key at a bad address leaves the slot free */
	c[7] = cr_setup(&q, 20, VACC_CALG_AES_CBC, gone, 16, NULL, 0);
	/* RESUME reads the chaining state from dst */
	c[8] = cr_digest(&q, SLOT_SHA, VACC_CALG_SHA256, VACC_DG_LAST, 64, 1, buf, 64, gone, 32,
			 NULL, 0);
	c[9] = cr_digest(&q, SLOT_SHA, VACC_CALG_SHA256, VACC_DG_ONESHOT, 0, 0, guard, 2 * PAGE,
			 out, 32, NULL, 0);
	c[10] = cr_aead(&q, SLOT_GCM, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 0, iv, 12, buf,
			2 * PAGE + 16, 16, guard, mac, 16);
	c[11] = cr_cipher(&q, SLOT_CBC, VACC_CALG_AES_CBC, 0, iv, 16, (void *)0xffff888000000000ull,
			  out, 64);
	for (i = 0; i < FAULTS; i++) {
		if (c[i].status != VACC_ST_FAULT || c[i].fault_off != want[i]) {
			notok("crypto fault", "case %d: status %u fault_off %#x, want FAULT %#x", i,
			      c[i].status, c[i].fault_off, want[i]);
			bad++;
		}
	}
	c[0] = cr_cipher(&q, 20, VACC_CALG_AES_CBC, 0, iv, 16, buf, out, 64);
	if (c[0].status != VACC_ST_BAD_SESS) {
		notok("crypto fault", "slot after a faulting SETUP: status %u", c[0].status);
		bad++;
	}
	if (!bad)
		ok("crypto bad addresses: FAULT, fault_off on the src/dst/iv/mac side");
}

/* Thousands of random crypto descriptors on keyed slots: all complete. */
static void test_random(void)
{
	static const uint8_t algs[] = { 0, 1, 2, 3, 4, 7, 18, 35, 51, 64, 66, 80, 81, 99, 200,
					8, 38 };
	unsigned int i, total = 3000, got = 0, odd = 0;
	struct vacc_cqe c;

	for (i = 0; i < total; i++) {
		struct vacc_sqe s;
		uint32_t len = rnd() % 3 ? rnd() % 70000 : rnd() % 64;

		memset(&s, 0, sizeof(s));
		s.opcode = VACC_OP_CRYPTO_SETUP + rnd() % 4;
		s.alg = algs[rnd() % sizeof(algs)];
		s.sess = rnd() % 8 ? rnd() % 10 : rnd();
		s.iv_len = rnd() % 2 ? (rnd() % 2 ? 16 : 12) : rnd() % 20;
		s.tag_len = rnd() % 3 ? rnd() % 20 : 0;
		s.flags = rnd() % 3 ? rnd() % 4 : 0;
		s.stage = rnd() % 5;
		s.src = rnd() % 10 ? (uintptr_t)buf : (uintptr_t)gone;
		s.src_len = len;
		s.dst = rnd() % 10 ? (uintptr_t)out : (uintptr_t)guard;
		s.dst_len = rnd() % 2 ? len : rnd() % 70000;
		s.iv = rnd() % 10 ? (uintptr_t)iv : rnd() % 2 ? 0 : (uintptr_t)gone;
		s.aux = rnd() % 2 ? 0 : rnd() % 2 ? rnd() % 100 : rnd();
		s.mac = rnd() % 10 ? (uintptr_t)mac : (uintptr_t)gone;
		if (s.opcode == VACC_OP_CRYPTO_SETUP && rnd() % 2) {
			/* mostly sane SETUPs, so later requests find keyed slots */
			s.iv_len = s.tag_len = s.flags = s.stage = 0;
			s.iv = s.aux = s.mac = 0;
			s.src = (uintptr_t)key;
			s.src_len = 16 << (rnd() % 3);
			s.dst = 0;
			s.dst_len = 0;
			if (s.alg == VACC_CALG_AUTHENC_SHA256_AES) {
				s.dst = (uintptr_t)key;
				s.dst_len = 32;
			}
		}
		s.user_data = i;
		while (q.sq_tail - q.cq_head >= q.ctrl->sq_entries && !q_wait(&q, &c, WAIT_MS, 1)) {
			got++;
			odd += c.status > VACC_ST_AUTH_FAIL;
		}
		q_submit(&q, &s);
		while (q_peek(&q, &c)) {
			got++;
			odd += c.status > VACC_ST_AUTH_FAIL;
		}
	}
	while (got < total && !q_wait(&q, &c, WAIT_MS, 1)) {
		got++;
		odd += c.status > VACC_ST_AUTH_FAIL;
	}
	CHECK(got == total && !odd, "3000 random crypto descriptors on keyed slots: all complete",
	      "got %u of %u, %u unknown statuses", got, total, odd);
}

/* SETUP over and over on the same slots: module references and slab stay. */
static void test_setup_loop(void)
{
	long x0, a0, s0, x1, a1, s1;
	struct vacc_cqe c;
	int i, bad = 0;

	/* warm: the algorithms' instances exist before the first reading */
	cr_setup(&q, 30, VACC_CALG_AES_XTS, key, 64, NULL, 0);
	cr_setup(&q, 31, VACC_CALG_AUTHENC_SHA512_AES, key, 32, key, 64);
	cr_setup(&q, 32, VACC_CALG_AES_GCM, key, 32, NULL, 0);
	cr_setup(&q, 30, VACC_CALG_NONE, NULL, 0, NULL, 0);
	cr_setup(&q, 31, VACC_CALG_NONE, NULL, 0, NULL, 0);
	cr_setup(&q, 32, VACC_CALG_NONE, NULL, 0, NULL, 0);
	x0 = modref("xts");
	a0 = modref("authenc");
	s0 = slab_kb();
	for (i = 0; i < 1000; i++) {
		rnd_bytes(key, 64);
		c = cr_setup(&q, 30, VACC_CALG_AES_XTS, key, 32 << (i & 1), NULL, 0);
		bad += c.status != VACC_ST_OK;
		c = cr_setup(&q, 31, VACC_CALG_AUTHENC_SHA512_AES, key, 32, key, 64);
		bad += c.status != VACC_ST_OK;
		c = cr_setup(&q, 32, VACC_CALG_AES_GCM, key, 16, NULL, 0);
		bad += c.status != VACC_ST_OK;
		/* and failing SETUPs leave nothing behind either */
		c = cr_setup(&q, 33, VACC_CALG_AES_XTS, key, 16, NULL, 0);
		bad += c.status != VACC_ST_BAD_KEY;
	}
	cr_setup(&q, 30, VACC_CALG_NONE, NULL, 0, NULL, 0);
	cr_setup(&q, 31, VACC_CALG_NONE, NULL, 0, NULL, 0);
	cr_setup(&q, 32, VACC_CALG_NONE, NULL, 0, NULL, 0);
	x1 = modref("xts");
	a1 = modref("authenc");
	s1 = slab_kb();
	printf("# setup loop: xts refcnt %ld -> %ld, authenc %ld -> %ld, SUnreclaim %ld -> %ld kB\n",
	       x0, x1, a0, a1, s0, s1);
	CHECK(!bad && x0 >= 0 && x1 == x0 && a1 == a0 && s1 - s0 < 4096,
	      "4000 SETUPs on four slots: module references back, slab within 4 MiB",
	      "%d bad statuses", bad);
}

/* A second queue closed with every slot keyed (a GCM stream open too). */
static void test_close_keyed(void)
{
	static const uint8_t algs[] = { VACC_CALG_AES_XTS, VACC_CALG_AES_GCM,
					VACC_CALG_AUTHENC_SHA256_AES, VACC_CALG_HMAC_SHA512,
					VACC_CALG_AES_CCM, VACC_CALG_AES_CBC_CS3 };
	long x0 = modref("xts"), a0 = modref("authenc"), c0 = modref("ccm"), x1, a1, c1;
	struct vacc_cqe c;
	struct vq q2;
	int i, bad = 0;

	if (q_open(&q2)) {
		notok("open a second queue", "%s", strerror(errno));
		return;
	}
	for (i = 0; i < VACC_MAX_SESSIONS; i++) {
		uint8_t a = algs[i % sizeof(algs)];

		c = cr_setup(&q2, i, a, key, a == VACC_CALG_AES_XTS ? 64 : 32,
			     a == VACC_CALG_AUTHENC_SHA256_AES ? key : NULL,
			     a == VACC_CALG_AUTHENC_SHA256_AES ? 32 : 0);
		bad += c.status != VACC_ST_OK;
		if (a == VACC_CALG_AES_GCM)
			cr_aead(&q2, i, a, VACC_AE_FIRST, 0, iv, 12, buf, 16, 16, NULL, NULL, 0);
	}
	x1 = modref("xts");
	q_close(&q2);
	usleep(100000);
	printf("# keyed queue: xts refcnt %ld, %ld while open, %ld after close\n", x0, x1,
	       modref("xts"));
	x1 = modref("xts");
	a1 = modref("authenc");
	c1 = modref("ccm");
	CHECK(!bad && x1 == x0 && a1 == a0 && c1 == c0,
	      "a queue closed with all 64 slots keyed: every transform freed",
	      "%d bad SETUPs; refcnt xts %ld->%ld authenc %ld->%ld ccm %ld->%ld", bad, x0, x1,
	      a0, a1, c0, c1);
}

int cmd_crypto_hostile(void)
{
	buf = xalloc(CAP);
	out = xalloc(CAP);
	guard = xalloc(2 * PAGE);
	memset(guard, 1, PAGE);
	mprotect(guard + PAGE, PAGE, PROT_NONE);
	/*
	 * an inaccessible page that stays reserved: an unmapped one would be
	 * reused by the next mmap (the queue's own ctrl page, say)
	 */
	gone = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	rnd_bytes(key, sizeof(key));
	rnd_bytes(buf, CAP);
	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	if (!key_slots()) {
		notok("crypto-hostile: key the slots", "a SETUP failed (algorithms missing?)");
		return 1;
	}
	test_fields();
	good_after("bad fields");
	test_ccm_iv();
	test_streams();
	test_faults();
	test_gcm_dec_leaves_nothing();
	good_after("bad addresses");
	test_random();
	good_after("random descriptors");
	test_setup_loop();
	test_close_keyed();
	good_after("closing a keyed queue");
	q_close(&q);
	return 0;
}
