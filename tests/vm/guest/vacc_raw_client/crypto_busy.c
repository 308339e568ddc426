// SPDX-License-Identifier: Apache-2.0
/*
 * vacc_raw_client crypto-busy: keeps long crypto requests in flight
 * (XTS and CCM on whole-request kernel buffers, GCM and CBC in chunks)
 * until it is killed; prints "crypto-busy: ready" once they run.
 * crypto-quick: a short check that the device's crypto still works (after
 * such a kill, after a reload).
 */
#include "raw.h"
#include "crypto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BUSY_LEN	(1024 * 1024)

int cmd_crypto_busy(void)
{
	uint8_t key[64], iv[4][16], tag[4][16], *src, *dst;
	struct vacc_sqe s[4];
	struct vacc_cqe c;
	unsigned long rounds = 0;
	struct vq q;
	int i;

	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	src = xmalloc(BUSY_LEN);
	dst = xmalloc(4 * BUSY_LEN);
	rnd_bytes(src, BUSY_LEN);
	rnd_bytes(key, sizeof(key));
	rnd_bytes(iv, sizeof(iv));
	iv[3][0] = 3;	/* CCM: L = 4 */
	if (cr_setup(&q, 0, VACC_CALG_AES_XTS, key, 64, NULL, 0).status ||
	    cr_setup(&q, 1, VACC_CALG_AES_GCM, key, 32, NULL, 0).status ||
	    cr_setup(&q, 2, VACC_CALG_AES_CBC, key, 16, NULL, 0).status ||
	    cr_setup(&q, 3, VACC_CALG_AES_CCM, key, 16, NULL, 0).status) {
		notok("crypto-busy setup", "a SETUP failed");
		return 1;
	}
	s[0] = cr_sqe(VACC_OP_CIPHER, 0, VACC_CALG_AES_XTS, src, BUSY_LEN, dst, BUSY_LEN);
	s[1] = cr_sqe(VACC_OP_AEAD, 1, VACC_CALG_AES_GCM, src, BUSY_LEN, dst + BUSY_LEN,
		      BUSY_LEN - 64);
	s[1].aux = 64;
	s[1].tag_len = 16;
	s[2] = cr_sqe(VACC_OP_CIPHER, 2, VACC_CALG_AES_CBC, src, BUSY_LEN, dst + 2 * BUSY_LEN,
		      BUSY_LEN);
	s[3] = cr_sqe(VACC_OP_AEAD, 3, VACC_CALG_AES_CCM, src, BUSY_LEN, dst + 3 * BUSY_LEN,
		      BUSY_LEN - 64);
	s[3].aux = 64;
	s[3].tag_len = 16;
	for (i = 0; i < 4; i++) {
		s[i].iv = (uintptr_t)iv[i];
		s[i].iv_len = i == 1 ? 12 : 16;
		if (i & 1)
			s[i].mac = (uintptr_t)tag[i];
	}
	for (;;) {
		/* a few of each in flight, reaped as they complete */
		for (i = 0; i < 8; i++)
			q_submit(&q, &s[i % 4]);
		for (i = 0; i < 8; i++) {
			if (q_wait(&q, &c, WAIT_MS, 1)) {
				printf("crypto-busy: no completion\n");
				return 1;
			}
			if (c.status != VACC_ST_OK) {
				printf("crypto-busy: status %u\n", c.status);
				return 1;
			}
		}
		if (!rounds++)
			printf("crypto-busy: ready\n");
	}
}

int cmd_crypto_quick(void)
{
	uint8_t key[16], iv[16], kiv[16], want[4096], tag[16], ktag[16];
	uint8_t *in = xmalloc(4096), *out = xmalloc(4096);
	struct vacc_cqe c;
	struct vq q;

	if (q_open(&q)) {
		notok("open queue", "%s", strerror(errno));
		return 1;
	}
	rnd_bytes(key, sizeof(key));
	rnd_bytes(iv, sizeof(iv));
	rnd_bytes(in, 4096);
	memcpy(kiv, iv, 16);
	ossl_cipher("AES-128-CBC", 0, key, iv, in, 4096, 1, want, NULL);
	c = cr_setup(&q, 5, VACC_CALG_AES_CBC, key, 16, NULL, 0);
	if (!c.status)
		c = cr_cipher(&q, 5, VACC_CALG_AES_CBC, 0, kiv, 16, in, out, 4096);
	CHECK(!c.status && !memcmp(out, want, 4096) && !memcmp(kiv, want + 4080, 16),
	      "crypto quick: AES-CBC 4 KiB = OpenSSL", "status %u", c.status);
	ossl_gcm(key, 16, iv, in, 20, in + 20, 1000, want, tag, 0);
	c = cr_setup(&q, 6, VACC_CALG_AES_GCM, key, 16, NULL, 0);
	if (!c.status)
		c = cr_aead(&q, 6, VACC_CALG_AES_GCM, VACC_AE_BLOCK, 0, iv, 12, in, 1020, 20, out,
			    ktag, 16);
	CHECK(!c.status && !memcmp(out, want, 1000) && !memcmp(ktag, tag, 16),
	      "crypto quick: AES-GCM = OpenSSL", "status %u", c.status);
	q_close(&q);
	return 0;
}
