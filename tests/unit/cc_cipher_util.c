/* SPDX-License-Identifier: Apache-2.0 */
/* test_cc_cipher: sessions of cc_cipher_class and requests to it. */
#include <stdlib.h>
#include <string.h>
#include "cc_cipher_test.h"

__u8 *pt, *ct, *buf, *buf2, *refbuf;

struct cipher_state *sess_new(__u8 alg, __u8 mode, int own, const __u8 *key, __u32 klen)
{
	struct wd_alg_spec spec = { .alg = alg, .mode = mode, .key_len = klen };
	struct cipher_state *st = calloc(1, cc_cipher_class.state_size);

	assert_non_null(st);
	st->own_modes = own;
	CHECK_INT(cc_cipher_class.init(st, &spec), 0);
	CHECK_INT(cc_cipher_class.set_key(st, WD_KEY_CIPHER, key, klen), 0);
	return st;
}

void sess_free(struct cipher_state *st)
{
	cc_cipher_class.fini(st);
	free(st);
}

void fill_msg(struct wd_cipher_msg *m, struct cipher_state *st, int enc, const __u8 *in,
	      __u8 *out, __u32 len, __u8 *iv, __u8 ivlen)
{
	memset(m, 0, sizeof(*m));
	m->alg = st->alg;
	m->mode = st->mode;
	m->encrypt = (__u8)enc;
	m->iv_len = ivlen;
	m->len = len;
	m->in = in;
	m->out = out;
	m->iv = iv;
	m->hdr.result = 12345;
	m->status = 12345;
}

int drive(struct cipher_state *st, int enc, const __u8 *in, __u8 *out, __u32 len, __u8 *iv,
	  __u8 ivlen)
{
	struct wd_cipher_msg m;

	fill_msg(&m, st, enc, in, out, len, iv, ivlen);
	cc_cipher_class.run(st, &m.hdr);
	CHECK_INT(m.status, 0);
	return m.hdr.result;
}
