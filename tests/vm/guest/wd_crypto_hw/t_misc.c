/* SPDX-License-Identifier: Apache-2.0 */
/*
 * smoke: one verified request per class (a new process after kill -9, or
 * after the module was reloaded). unadvertised: an algorithm the device
 * does not list (SM4 and SM3 on Debian's kernel) has no session under
 * TASK_HW, and under TASK_MIX runs on the CPU driver while the device's
 * algorithms stay on vacc in the same init.
 */
#include <string.h>
#include "crypto_hw.h"

/* One sync request of algorithm a in the class's current init; 1 good. */
static int one_request(const struct calg *a, struct sess *s, unsigned int seed)
{
	struct job j;

	if (!sess_open(s, a, seed)) {
		NOTE("%s: no session (or key refused)", a->name);
		return 0;
	}
	job_prepare(&j, s, 3);	/* not a wrong-tag job */
	if (j.unchecked)
		printf("# %s: no OpenSSL reference here: result not compared\n", a->name);
	return !job_submit(&j, true) && job_good(&j, 0);
}

void test_smoke(void)
{
	const struct calg *list[128];
	int n = calg_advertised(list, 128), c;
	struct sess s;

	for (c = 0; c < CLS_N; c++) {
		const struct calg *a = main_alg((enum cls)c, list, n);

		if (!setup_class((enum cls)c))
			continue;
		if (a) {
			CHECK(one_request(a, &s, 7), "smoke: %s request = OpenSSL", a->name);
			check_driver((enum cls)c, s.h, run.want[c], a->name);
			sess_close(&s);
		} else {
			CHECK(0, "smoke: the device lists no %s algorithm", cls_name((enum cls)c));
		}
		class_uninit((enum cls)c);
	}
}

/* The algorithms of class c in VACC_CALGS that the device does not list. */
static int unlisted(enum cls c, const struct calg **out, int max, char *names, size_t size)
{
	const struct calg *a;
	size_t used = 0;
	int n = 0;

	names[0] = 0;
	for (a = calgs; a->name && n < max; a++)
		if (a->cls == c && !calg_is_advertised(a->name)) {
			out[n++] = a;
			used += (size_t)snprintf(names + used, used < size ? size - used : 0, "%s%s",
						 n > 1 ? " " : "", a->name);
		}
	return n;
}

/* TASK_HW: no session for what the device lacks; a listed one still gets one. */
static void refused_under_hw(enum cls c, const struct calg **miss, int n, const char *names,
			     const struct calg *listed)
{
	struct wd_cipher_sess_setup cs = { 0 };
	struct wd_digest_sess_setup ds = { 0 };
	struct wd_aead_sess_setup as = { 0 };
	int i, refused = 0;
	struct sess s;

	if (class_init(c, TASK_HW, 1, 1)) {
		CHECK(0, "unadvertised: %s init2 TASK_HW", cls_name(c));
		return;
	}
	for (i = 0; i < n; i++) {
		handle_t h;

		cs.alg = (enum wd_cipher_alg)miss[i]->alg;
		cs.mode = (enum wd_cipher_mode)miss[i]->mode;
		ds.alg = (enum wd_digest_type)miss[i]->alg;
		ds.mode = (enum wd_digest_mode)miss[i]->mode;
		as.calg = (enum wd_cipher_alg)miss[i]->alg;
		as.cmode = (enum wd_cipher_mode)miss[i]->mode;
		as.dalg = (enum wd_digest_type)miss[i]->dalg;
		as.dmode = WD_DIGEST_HMAC;
		h = c == CLS_CIPHER ? wd_cipher_alloc_sess(&cs) :
		    c == CLS_DIGEST ? wd_digest_alloc_sess(&ds) : wd_aead_alloc_sess(&as);
		refused += !h;
		if (!h) {
			continue;
		}
		NOTE("%s: TASK_HW gave a session", miss[i]->name);
		if (c == CLS_CIPHER)
			wd_cipher_free_sess(h);
		else if (c == CLS_DIGEST)
			wd_digest_free_sess(h);
		else
			wd_aead_free_sess(h);
	}
	CHECK(refused == n, "unadvertised: %s TASK_HW refuses a session for all %d the device "
	      "does not list (%s)", cls_name(c), n, names);
	if (listed) {
		CHECK(one_request(listed, &s, 9), "unadvertised: %s TASK_HW still serves %s",
		      cls_name(c), listed->name);
		sess_close(&s);
	}
	class_uninit(c);
}

/* TASK_MIX: what the device lacks runs on the CPU, the rest on vacc, one init. */
static void fallback_under_mix(enum cls c, const struct calg **miss, int n,
			       const struct calg *listed)
{
	static const char *const cpu[CLS_N] = { "cpu_cipher", "cpu_digest", "cpu_aead" };
	int i, good = 0, on_cpu = 0, unknown = 0, r;
	char desc[256];
	struct sess s;

	if (class_init(c, TASK_MIX, 1, 1)) {
		CHECK(0, "unadvertised: %s init2 TASK_MIX", cls_name(c));
		return;
	}
	for (i = 0; i < n; i++) {
		good += one_request(miss[i], &s, 20 + (unsigned int)i);
		r = s.h ? sess_ran_on(c, s.h, cpu[c], desc, sizeof(desc)) : 0;
		on_cpu += r == 1;
		unknown += r < 0;
		if (r == 0)
			NOTE("%s: ran on %s", miss[i]->name, s.h ? desc : "nothing (no session)");
		sess_close(&s);
	}
	CHECK(good == n, "unadvertised: %s TASK_MIX runs all %d on the CPU driver, = OpenSSL "
	      "(%d good)", cls_name(c), n, good);
	if (unknown)
		printf("# unadvertised: %s: which driver ran them is unknown (%s)\n", cls_name(c),
		       desc);
	else
		CHECK(on_cpu == n, "unadvertised: %s TASK_MIX: %d of %d ran on %s", cls_name(c),
		      on_cpu, n, cpu[c]);
	if (listed) {
		CHECK(one_request(listed, &s, 10), "unadvertised: %s TASK_MIX serves %s",
		      cls_name(c), listed->name);
		check_driver(c, s.h, run.want[c], listed->name);
		sess_close(&s);
	}
	class_uninit(c);
}

void test_unadvertised(void)
{
	const struct calg *list[128], *miss[128];
	int n = calg_advertised(list, 128), c, k;
	char names[2048];

	if (!run.device) {
		printf("# SKIP: unadvertised needs a vacc device (its algorithms list)\n");
		return;
	}
	for (c = 0; c < CLS_N; c++) {
		const struct calg *listed = main_alg((enum cls)c, list, n);

		k = unlisted((enum cls)c, miss, 128, names, sizeof(names));
		printf("# %s: the device does not list %d: %s\n", cls_name((enum cls)c), k,
		       k ? names : "-");
		if (listed && (int)listed->cls != c)
			listed = NULL;
		refused_under_hw((enum cls)c, miss, k, names, listed);
		if (k || listed)
			fallback_under_mix((enum cls)c, miss, k, listed);
	}
}
