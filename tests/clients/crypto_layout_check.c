// SPDX-License-Identifier: Apache-2.0
/*
 * The binary interface of libwd_crypto as a client compiled against the
 * installed headers sees it: size and offset of every member of the
 * structs that cross the library boundary, and the enum and macro values,
 * against UADK 2.10 as measured on x86_64 (LP64; the facts file
 * uadk-crypto-api.md, section 11; aarch64 is expected the same: LP64,
 * natural alignment). Run by run_client_tests.sh.
 */
#include <stddef.h>
#include <stdio.h>
#include <uadk/wd_cipher.h>
#include <uadk/wd_digest.h>
#include <uadk/wd_aead.h>
#include <uadk/wd_sched.h>

static int fails, passes;

static void eq(const char *what, long got, long want)
{
	if (got == want) {
		passes++;
		return;
	}
	fails++;
	printf("crypto layout: %s is %ld, UADK 2.10 has %ld\n", what, got, want);
}

#define MSIZE(s, m)	((long)sizeof(((struct s *)0)->m))
/* a member: where it is and how big */
#define M(s, m, off, size)							\
	do {									\
		eq("offsetof(struct " #s ", " #m ")", (long)offsetof(struct s, m), off); \
		eq("sizeof(struct " #s ".." #m ")", MSIZE(s, m), size);		\
	} while (0)
#define SIZE(s, v)	eq("sizeof(struct " #s ")", (long)sizeof(struct s), v)
#define VAL(e, v)	eq(#e, (long)(e), v)

static void structs(void)
{
	M(wd_cipher_req, op_type, 0, 4); M(wd_cipher_req, src, 8, 8);
	M(wd_cipher_req, list_src, 8, 8); M(wd_cipher_req, dst, 16, 8);
	M(wd_cipher_req, list_dst, 16, 8); M(wd_cipher_req, iv, 24, 8);
	M(wd_cipher_req, in_bytes, 32, 4); M(wd_cipher_req, iv_bytes, 36, 4);
	M(wd_cipher_req, out_buf_bytes, 40, 4); M(wd_cipher_req, out_bytes, 44, 4);
	M(wd_cipher_req, state, 48, 2); M(wd_cipher_req, type, 50, 1);
	M(wd_cipher_req, data_fmt, 51, 1); M(wd_cipher_req, cb, 56, 8);
	M(wd_cipher_req, cb_param, 64, 8); SIZE(wd_cipher_req, 72);

	M(wd_cipher_sess_setup, alg, 0, 4); M(wd_cipher_sess_setup, mode, 4, 4);
	M(wd_cipher_sess_setup, sched_param, 8, 8); M(wd_cipher_sess_setup, mm_ops, 16, 56);
	M(wd_cipher_sess_setup, mm_type, 72, 4); SIZE(wd_cipher_sess_setup, 80);

	M(wd_digest_req, in, 0, 8); M(wd_digest_req, list_in, 0, 8);
	M(wd_digest_req, out, 8, 8); M(wd_digest_req, in_bytes, 16, 4);
	M(wd_digest_req, out_bytes, 20, 4); M(wd_digest_req, out_buf_bytes, 24, 4);
	M(wd_digest_req, iv, 32, 8); M(wd_digest_req, iv_bytes, 40, 4);
	M(wd_digest_req, state, 44, 2); M(wd_digest_req, has_next, 46, 2);
	M(wd_digest_req, data_fmt, 48, 1); M(wd_digest_req, cb, 56, 8);
	M(wd_digest_req, cb_param, 64, 8); M(wd_digest_req, long_data_len, 72, 8);
	SIZE(wd_digest_req, 80);

	M(wd_digest_sess_setup, alg, 0, 4); M(wd_digest_sess_setup, mode, 4, 4);
	M(wd_digest_sess_setup, sched_param, 8, 8); M(wd_digest_sess_setup, mm_ops, 16, 56);
	M(wd_digest_sess_setup, mm_type, 72, 4); SIZE(wd_digest_sess_setup, 80);

	M(wd_aead_req, op_type, 0, 4); M(wd_aead_req, src, 8, 8); M(wd_aead_req, list_src, 8, 8);
	M(wd_aead_req, dst, 16, 8); M(wd_aead_req, list_dst, 16, 8); M(wd_aead_req, mac, 24, 8);
	M(wd_aead_req, iv, 32, 8); M(wd_aead_req, in_bytes, 40, 4);
	M(wd_aead_req, out_bytes, 44, 4); M(wd_aead_req, iv_bytes, 48, 2);
	M(wd_aead_req, mac_bytes, 50, 2); M(wd_aead_req, assoc_bytes, 52, 2);
	M(wd_aead_req, state, 54, 2); M(wd_aead_req, data_fmt, 56, 1);
	M(wd_aead_req, cb, 64, 8); M(wd_aead_req, cb_param, 72, 8);
	M(wd_aead_req, msg_state, 80, 4); SIZE(wd_aead_req, 88);

	M(wd_aead_sess_setup, calg, 0, 4); M(wd_aead_sess_setup, cmode, 4, 4);
	M(wd_aead_sess_setup, dalg, 8, 4); M(wd_aead_sess_setup, dmode, 12, 4);
	M(wd_aead_sess_setup, sched_param, 16, 8); M(wd_aead_sess_setup, mm_ops, 24, 56);
	M(wd_aead_sess_setup, mm_type, 80, 4); SIZE(wd_aead_sess_setup, 88);

	M(wd_mm_ops, alloc, 0, 8); M(wd_mm_ops, free, 8, 8); M(wd_mm_ops, iova_map, 16, 8);
	M(wd_mm_ops, iova_unmap, 24, 8); M(wd_mm_ops, get_bufsize, 32, 8);
	M(wd_mm_ops, usr, 40, 8); M(wd_mm_ops, sva_mode, 48, 1); SIZE(wd_mm_ops, 56);

	M(wd_datalist, data, 0, 8); M(wd_datalist, len, 8, 4); M(wd_datalist, next, 16, 8);
	SIZE(wd_datalist, 24);

	M(sched_params, numa_id, 0, 4); M(sched_params, type, 4, 1); M(sched_params, mode, 5, 1);
	M(sched_params, begin, 8, 4); M(sched_params, end, 12, 4); M(sched_params, dev_id, 16, 4);
	SIZE(sched_params, 20);
	eq("_Alignof(struct sched_params)", (long)_Alignof(struct sched_params), 4);

	SIZE(wd_cb_tag, 24);
	SIZE(wd_digest_tag, 40);
}

static void values(void)
{
	VAL(WD_CIPHER_SM4, 0); VAL(WD_CIPHER_AES, 1); VAL(WD_CIPHER_DES, 2); VAL(WD_CIPHER_3DES, 3);
	VAL(WD_CIPHER_ALG_TYPE_MAX, 4);
	VAL(WD_CIPHER_ECB, 0); VAL(WD_CIPHER_CBC, 1); VAL(WD_CIPHER_CTR, 2); VAL(WD_CIPHER_XTS, 3);
	VAL(WD_CIPHER_OFB, 4); VAL(WD_CIPHER_CFB, 5); VAL(WD_CIPHER_CBC_CS1, 6);
	VAL(WD_CIPHER_CBC_CS2, 7); VAL(WD_CIPHER_CBC_CS3, 8); VAL(WD_CIPHER_CCM, 9);
	VAL(WD_CIPHER_GCM, 10); VAL(WD_CIPHER_XTS_GB, 11); VAL(WD_CIPHER_MODE_TYPE_MAX, 12);
	VAL(WD_CIPHER_ENCRYPTION, 0); VAL(WD_CIPHER_DECRYPTION, 1);
	VAL(CTX_TYPE_ENCRYPT, 0); VAL(CTX_TYPE_DECRYPT, 1);
	VAL(AES_BLOCK_SIZE, 16); VAL(GCM_IV_SIZE, 12); VAL(DES3_BLOCK_SIZE, 8); VAL(MAX_IV_SIZE, 16);
	VAL(MAX_CIPHER_KEY_SIZE, 64); VAL(AES_KEYSIZE_128, 16); VAL(AES_KEYSIZE_192, 24);
	VAL(AES_KEYSIZE_256, 32); VAL(SM4_KEY_SIZE, 16); VAL(DES_KEY_SIZE, 8);
	VAL(DES3_2KEY_SIZE, 16); VAL(DES3_3KEY_SIZE, 24); VAL(MAX_HMAC_KEY_SIZE, 128);

	VAL(WD_DIGEST_SM3, 0); VAL(WD_DIGEST_MD5, 1); VAL(WD_DIGEST_SHA1, 2);
	VAL(WD_DIGEST_SHA256, 3); VAL(WD_DIGEST_SHA224, 4); VAL(WD_DIGEST_SHA384, 5);
	VAL(WD_DIGEST_SHA512, 6); VAL(WD_DIGEST_SHA512_224, 7); VAL(WD_DIGEST_SHA512_256, 8);
	VAL(WD_DIGEST_AES_XCBC_MAC_96, 9); VAL(WD_DIGEST_AES_XCBC_PRF_128, 10);
	VAL(WD_DIGEST_AES_CMAC, 11); VAL(WD_DIGEST_AES_GMAC, 12); VAL(WD_DIGEST_TYPE_MAX, 13);
	VAL(WD_DIGEST_SM3_LEN, 32); VAL(WD_DIGEST_MD5_LEN, 16); VAL(WD_DIGEST_SHA1_LEN, 20);
	VAL(WD_DIGEST_SHA256_LEN, 32); VAL(WD_DIGEST_SHA224_LEN, 28); VAL(WD_DIGEST_SHA384_LEN, 48);
	VAL(WD_DIGEST_SHA512_LEN, 64); VAL(WD_DIGEST_SHA512_224_LEN, 28);
	VAL(WD_DIGEST_SHA512_256_LEN, 32); VAL(WD_DIGEST_AES_XCBC_MAC_96_LEN, 12);
	VAL(WD_DIGEST_AES_XCBC_PRF_128_LEN, 16); VAL(WD_DIGEST_AES_CMAC_LEN, 16);
	VAL(WD_DIGEST_AES_GMAC_LEN, 16);
	VAL(WD_DIGEST_SM3_FULL_LEN, 32); VAL(WD_DIGEST_MD5_FULL_LEN, 16);
	VAL(WD_DIGEST_SHA1_FULL_LEN, 20); VAL(WD_DIGEST_SHA256_FULL_LEN, 32);
	VAL(WD_DIGEST_SHA224_FULL_LEN, 32); VAL(WD_DIGEST_SHA384_FULL_LEN, 64);
	VAL(WD_DIGEST_SHA512_FULL_LEN, 64); VAL(WD_DIGEST_SHA512_224_FULL_LEN, 64);
	VAL(WD_DIGEST_SHA512_256_FULL_LEN, 64);
	VAL(WD_DIGEST_NORMAL, 0); VAL(WD_DIGEST_HMAC, 1); VAL(WD_DIGEST_MODE_MAX, 2);
	VAL(WD_DIGEST_END, 0); VAL(WD_DIGEST_DOING, 1); VAL(WD_DIGEST_STREAM_END, 2);
	VAL(WD_DIGEST_STREAM_DOING, 3); VAL(WD_DIGEST_MSG_STATE_MAX, 4);

	VAL(WD_CIPHER_ENCRYPTION_DIGEST, 0); VAL(WD_CIPHER_DECRYPTION_DIGEST, 1);
	VAL(WD_DIGEST_CIPHER_ENCRYPTION, 2); VAL(WD_DIGEST_CIPHER_DECRYPTION, 3);
	VAL(AEAD_MSG_BLOCK, 0); VAL(AEAD_MSG_FIRST, 1); VAL(AEAD_MSG_MIDDLE, 2);
	VAL(AEAD_MSG_END, 3); VAL(AEAD_MSG_INVALID, 4); VAL(AIV_STREAM_LEN, 64);

	VAL(WD_FLAT_BUF, 0); VAL(WD_SGL_BUF, 1); VAL(UADK_MEM_AUTO, 0); VAL(UADK_MEM_USER, 1);
	VAL(UADK_MEM_PROXY, 2); VAL(TASK_MIX, 0); VAL(TASK_HW, 1); VAL(TASK_INSTR, 2);
	VAL(SCHED_POLICY_RR, 0); VAL(WD_EEXIST, 17); VAL(WD_EBUSY, 16); VAL(WD_EAGAIN, 11);
	VAL(WD_EINVAL, 22); VAL(WD_ENODEV, 19); VAL(WD_VERIFY_ERR, 64); VAL(WD_IN_EPARA, 67);
	VAL(WD_OUT_EPARA, 66); VAL(WD_ENOPROC, 68);
	/* enums are ints (no -fshort-enums) */
	VAL(sizeof(enum wd_cipher_mode), 4); VAL(sizeof(enum wd_digest_type), 4);
	VAL(sizeof(enum wd_aead_msg_state), 4);
}

int main(void)
{
	if (sizeof(void *) != 8 || sizeof(long) != 8) {
		printf("crypto layout: not an LP64 target, the expected values do not apply\n");
		return 0;
	}
	structs();
	values();
	printf("crypto layout: %d passed, %d failed\n", passes, fails);
	return fails != 0;
}
