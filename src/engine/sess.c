/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sessions of every class: allocation (driver support and per-session
 * driver state decided here, so an unsupported combination fails at
 * allocation), the table of live handles, and free/reset.
 *
 * A public handle is (generation << 32 | slot + 1) in a table of slots
 * that is never moved or freed: chunks are added as it grows. Looking a
 * handle up reads only the table, so a freed, foreign or made-up handle
 * is refused without touching freed memory; freeing bumps the slot's
 * generation, so the old handle stays refused when the slot is reused.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "engine_internal.h"
#include "wd_fork.h"
#include "uadk/warpdrive.h"

_Static_assert(sizeof(handle_t) == 8, "handles carry a 32-bit generation and a slot");

struct wdi_sess_slot *wdi_sess_chunks[WDI_SESS_CHUNKS];

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static __u32 free_head;		/* first free slot + 1; 0: none */
static __u32 used;		/* slots handed out at least once */

void wdi_sess_table_lock(void)
{
	pthread_mutex_lock(&table_lock);
}

void wdi_sess_table_unlock(void)
{
	pthread_mutex_unlock(&table_lock);
}

static struct wdi_sess_slot *slot_at(__u32 idx)
{
	return &wdi_sess_chunks[idx >> WDI_SESS_CHUNK_BITS][idx & ((1u << WDI_SESS_CHUNK_BITS) - 1)];
}

/* A free slot index. Caller holds table_lock. */
static int slot_take(__u32 *idx)
{
	__u32 chunk;

	if (free_head) {
		*idx = free_head - 1;
		free_head = slot_at(*idx)->next_free;
		return 0;
	}
	if (used == WDI_SESS_CHUNKS << WDI_SESS_CHUNK_BITS)
		return -WD_ENOMEM;
	chunk = used >> WDI_SESS_CHUNK_BITS;
	if (!wdi_sess_chunks[chunk]) {
		struct wdi_sess_slot *c = calloc(1u << WDI_SESS_CHUNK_BITS, sizeof(*c));
		__u32 i;

		if (!c)
			return -WD_ENOMEM;
		/* generation 0 never occurs, so no small integer is a valid handle */
		for (i = 0; i < 1u << WDI_SESS_CHUNK_BITS; i++)
			c[i].gen = 1;
		__atomic_store_n(&wdi_sess_chunks[chunk], c, __ATOMIC_RELEASE);
	}
	*idx = used++;
	return 0;
}

static bool engine_up(struct wdi_engine *e)
{
	return __atomic_load_n(&e->style, __ATOMIC_ACQUIRE) != WDI_UNINIT;
}

/* Bit per ctx mode in which d has a ctx of op type op. */
static unsigned int ctx_modes(const struct wdi_engine *e, const struct wd_driver *d, __u32 op)
{
	unsigned int modes = 0;
	__u32 i;

	for (i = 0; i < e->ctx_num; i++)
		if (e->ctxs[i].drv == d && e->ctxs[i].op_type == op)
			modes |= 1u << e->ctxs[i].mode;
	return modes;
}

/*
 * The driver a session of spec would stay on, among those with ctxs of its
 * op type that support it: the one with ctxs in most modes, best first on
 * ties. *pin: the session must stay there, because a driver that has ctxs
 * of the op type does not support it, or a supporting driver keeps
 * per-session state (sess_init, set_key). NULL when none supports it.
 */
static const struct wd_driver *choose_driver(const struct wdi_engine *e,
					     const struct wd_alg_spec *spec, bool *pin)
{
	const struct wd_driver *best = NULL;
	int i, ncand = 0, nsup = 0, best_modes = 0;
	bool state = false;

	for (i = 0; i < e->ndrv; i++) {
		const struct wd_driver *d = e->drvs[i];
		int modes = __builtin_popcount(ctx_modes(e, d, spec->op_type));

		if (!modes)
			continue;
		ncand++;
		if (d->supports && !d->supports(d, spec))
			continue;
		nsup++;
		state |= d->sess_init || d->set_key;
		if (modes > best_modes) {
			best = d;
			best_modes = modes;
		}
	}
	*pin = best && (nsup < ncand || state);
	return best;
}

void *wdi_sess_alloc(struct wdi_engine *e, const struct sched_params *sp,
		     const struct wd_alg_spec *spec)
{
	const struct wd_driver *d;
	struct sched_params dflt;
	struct wdi_sess *s;
	bool pin;

	if (!engine_up(e)) {
		wd_err("wd_%s_alloc_sess: wd_%s is not initialised", e->cls->name, e->cls->name);
		return NULL;
	}
	if (spec->op_type >= e->cls->op_type_num || (sp && sp->type >= e->cls->op_type_num))
		return NULL;
	if (!sp) {
		memset(&dflt, 0, sizeof(dflt));
		dflt.numa_id = -1;
		dflt.type = (__u8)spec->op_type;
		sp = &dflt;
	}
	d = choose_driver(e, spec, &pin);
	if (!d) {
		wd_err("wd_%s_alloc_sess: no driver of this init serves alg %u mode %u op %u "
		       "key %u param %u", e->cls->name, spec->alg, spec->mode, spec->op_type,
		       spec->key_len, spec->param);
		return NULL;
	}
	s = calloc(1, e->cls->sess_size);
	if (!s)
		return NULL;
	s->e = e;
	s->gen = __atomic_load_n(&e->gen, __ATOMIC_RELAXED);
	s->spec = *spec;
	if (e->sched && e->sched->sched_init)
		s->sched_key = e->sched->sched_init(e->sched->h_sched_ctx, (void *)sp);
	if (!s->sched_key) {
		free(s);
		return NULL;
	}
	if (pin) {
		s->pin = d;
		s->drv.drv = d;
		if (d->sess_init && d->sess_init(d, &s->drv, spec)) {
			free((void *)s->sched_key);
			free(s);
			return NULL;
		}
		if (d->sess_run && ctx_modes(e, d, spec->op_type) & (1u << CTX_MODE_SYNC))
			s->direct = d->sess_run;
	}
	return s;
}

/* Driver state goes; home_ctx is the session's queue while it is live and bound. */
static void drop_drv(struct wdi_engine *e, struct wdi_sess *s, bool free_it)
{
	const struct wd_driver *d = s->drv.drv;
	void (*fn)(void *, struct wd_drv_sess *) = !d ? NULL : free_it ? d->sess_free : d->sess_reset;
	struct wdi_ctx *home = NULL;

	if (fn) {
		if (s->drv.home && s->gen == __atomic_load_n(&e->gen, __ATOMIC_RELAXED) &&
		    engine_up(e) && s->drv.home <= e->ctx_num &&
		    e->ctxs[s->drv.home - 1].drv == d)
			home = &e->ctxs[s->drv.home - 1];
		if (home)
			wdi_lock(&home->lock);
		fn(home ? home->drv_ctx : NULL, &s->drv);
		if (home)
			wdi_unlock(&home->lock);
	}
	s->drv.home = 0;
	s->drv.bound = false;
}

static void sess_destroy(struct wdi_engine *e, struct wdi_sess *s)
{
	drop_drv(e, s, true);
	if (s->learn.priv && s->learn.free)
		s->learn.free(s->learn.priv);
	free((void *)s->sched_key);	/* keys come from sched_init's malloc, as in UADK */
	free(s);
}

handle_t wdi_sess_publish(struct wdi_engine *e, void *sess)
{
	struct wdi_sess *s = sess;
	struct wdi_sess_slot *slot;
	__u32 idx;

	pthread_mutex_lock(&table_lock);
	if (slot_take(&idx)) {
		pthread_mutex_unlock(&table_lock);
		wd_err("wd_%s_alloc_sess: too many sessions", e->cls->name);
		sess_destroy(e, s);
		return 0;
	}
	slot = slot_at(idx);
	s->handle = ((handle_t)slot->gen << 32) | (idx + 1);
	__atomic_store_n(&slot->sess, s, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&table_lock);
	return s->handle;
}

void wdi_sess_discard(struct wdi_engine *e, void *sess)
{
	if (sess)
		sess_destroy(e, sess);
}

void wdi_sess_free(struct wdi_engine *e, handle_t h)
{
	struct wdi_sess_slot *slot = wdi_sess_slot_of(h);
	struct wdi_sess *s = NULL;

	if (!h)
		return;	/* as UADK: freeing "no session" is not an error */
	pthread_mutex_lock(&table_lock);
	if (slot && slot->sess && slot->gen == (__u32)(h >> 32) && slot->sess->e == e) {
		s = slot->sess;
		__atomic_store_n(&slot->gen, slot->gen + 1 ? slot->gen + 1 : 1, __ATOMIC_RELAXED);
		__atomic_store_n(&slot->sess, NULL, __ATOMIC_RELEASE);
		slot->next_free = free_head;
		free_head = (__u32)h;	/* slot + 1 */
	}
	pthread_mutex_unlock(&table_lock);
	if (!s) {
		wd_err("wd_%s_free_sess: %#lx is not a live session (double free?)", e->cls->name,
		       (unsigned long)h);
		return;
	}
	sess_destroy(e, s);
}

void wdi_sess_reset(struct wdi_engine *e, struct wdi_sess *s)
{
	drop_drv(e, s, false);
}

int wdi_sess_set_key(struct wdi_engine *e, struct wdi_sess *s, __u32 kind, const __u8 *key,
		     __u32 len)
{
	const struct wd_driver *d = s->drv.drv;

	if ((!key && len) || !d || !d->set_key) {
		wd_err("wd_%s_set_key: no key or no driver takes one", e->cls->name);
		return -WD_EINVAL;
	}
	return d->set_key(&s->drv, kind, key, len);
}

/* The entry of d in s->ran, claiming a free one; NULL when all are taken. */
static struct wdi_sess_ran *ran_entry(struct wdi_sess *s, const struct wd_driver *d, bool claim)
{
	int i;

	for (i = 0; i < WDI_SESS_RAN; i++) {
		const struct wd_driver *cur = __atomic_load_n(&s->ran[i].drv, __ATOMIC_ACQUIRE);

		if (cur == d)
			return &s->ran[i];
		if (!cur && claim) {
			const struct wd_driver *none = NULL;

			if (__atomic_compare_exchange_n(&s->ran[i].drv, &none, d, false,
							__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
			    none == d)
				return &s->ran[i];
		}
	}
	return NULL;
}

void wdi_sess_count_slow(struct wdi_sess *s, const struct wd_driver *d)
{
	struct wdi_sess_ran *r = ran_entry(s, d, true);

	if (r)
		__atomic_fetch_add(&r->n, 1, __ATOMIC_RELAXED);
}

void wdi_sess_uncount(struct wdi_sess *s, const struct wd_driver *d)
{
	struct wdi_sess_ran *r = ran_entry(s, d, false);

	if (r)
		__atomic_fetch_sub(&r->n, 1, __ATOMIC_RELAXED);
}

int wd_sess_get_driver_counts(handle_t h, struct wd_sess_driver_count *out, int max)
{
	struct wdi_sess_slot *slot = wdi_sess_slot_of(h);
	struct wdi_sess *s;
	int i, n = 0;

	if (!slot || max < 0 || (max && !out))
		return -WD_EINVAL;
	s = __atomic_load_n(&slot->sess, __ATOMIC_ACQUIRE);
	if (!s || __atomic_load_n(&slot->gen, __ATOMIC_RELAXED) != (__u32)(h >> 32) ||
	    s->gen != __atomic_load_n(&s->e->gen, __ATOMIC_RELAXED))
		return -WD_EINVAL;
	for (i = 0; i < WDI_SESS_RAN; i++) {
		const struct wd_driver *d = __atomic_load_n(&s->ran[i].drv, __ATOMIC_ACQUIRE);

		if (!d)
			continue;
		if (n < max) {
			memset(&out[n], 0, sizeof(out[n]));
			snprintf(out[n].driver, sizeof(out[n].driver), "%s", d->name);
			out[n].kind = d->kind == WD_DRV_HW ? WD_DRIVER_HW : WD_DRIVER_CPU;
			out[n].requests = __atomic_load_n(&s->ran[i].n, __ATOMIC_RELAXED);
		}
		n++;
	}
	return n;
}
