/* lower_cond.c - what deploy-time conditions mean for the template: a
 * reference that CloudFormation would refuse (from a place where a
 * conditional resource may not exist), and the Conditions and Mappings
 * sections, which hold what the template uses and nothing else. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval.h"
#include "ir.h"
#include "lower_int.h"

#include <stdlib.h>
#include <string.h>

struct check {
	const char *who;	/* "'app'" or "output 'url'" */
	struct phx_loc at;
	struct xres **seen;	/* reported once per resource */
	size_t n, cap;
};

static void check_ref(struct lower_ctx *c, void *ud, struct xres *to, const struct cond_set *have)
{
	struct check *k = ud;
	struct diag *r;

	if (cond_set_covers(&c->ev, have, to->conds))
		return;
	for (size_t i = 0; i < k->n; i++)
		if (k->seen[i] == to)
			return;
	k->seen = arena_grow(c->ev.a, k->seen, &k->cap, k->n + 1, sizeof(*k->seen));
	k->seen[k->n++] = to;
	r = diag_error(c->ev.d, k->at, "%s refers to '%s', which exists only when %s", k->who, to->name,
		       to->conds->name);
	diag_note(r, to->decl->item.name.loc, "'%s' is made under a condition decided at deploy time",
		  to->name);
	diag_hint(r, "put it under the same 'if', or choose at deploy time: if COND then %s else aws.no_value",
		  to->name);
}

void lower_cond_check(struct lower_ctx *c, struct idmap *m, const struct ir *v,
		      const struct cond_set *have, const char *who, struct phx_loc at)
{
	struct check k = { who, at, NULL, 0, 0 };
	const struct ir *deps = v->kind == IR_MAP ? ir_get(v, "DependsOn") : NULL;

	lower_refs(c, m, v, have, true, check_ref, &k);
	for (size_t i = 0; deps && deps->kind == IR_LIST && i < deps->list.n; i++) {
		const struct ir *d = deps->list.v[i];
		struct xres *to;

		if (d->kind == IR_STR && (to = *idmap_slot(m, d->str.s, d->str.len)))
			check_ref(c, &k, to, have);
	}
}

/* ---- sections -------------------------------------------------------------- */

struct used {
	const char **v;
	size_t n, cap;
};

static bool used_has(const struct used *u, const char *name)
{
	for (size_t i = 0; i < u->n; i++)
		if (!strcmp(u->v[i], name))
			return true;
	return false;
}

static void use(struct lower_ctx *c, struct used *u, const char *name);

/* Conditions named in v: Fn::If's first argument, {"Condition": N}. */
static void use_in(struct lower_ctx *c, struct used *u, const struct ir *v)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			use_in(c, u, v->list.v[i]);
		return;
	}
	if (v->kind != IR_MAP)
		return;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		const struct ir *x = v->map.v[0].val;

		if (!strcmp(k, "Condition") && x->kind == IR_STR)
			use(c, u, x->str.s);
		if (!strcmp(k, "Fn::If") && x->kind == IR_LIST && x->list.n == 3 &&
		    x->list.v[0]->kind == IR_STR)
			use(c, u, x->list.v[0]->str.s);
	}
	for (size_t i = 0; i < v->map.n; i++)
		use_in(c, u, v->map.v[i].val);
}

static void use(struct lower_ctx *c, struct used *u, const char *name)
{
	struct ir *def;

	if (used_has(u, name))
		return;
	u->v = arena_grow(c->ev.a, u->v, &u->cap, u->n + 1, sizeof(*u->v));
	u->v[u->n++] = name;
	if (c->ev.cond_defs && (def = ir_get(c->ev.cond_defs, name)))
		use_in(c, u, def);
}

/* Resources and outputs name their condition with a "Condition" key. */
static void use_section(struct lower_ctx *c, struct used *u, const struct ir *sec)
{
	for (size_t i = 0; sec && i < sec->map.n; i++) {
		const struct ir *x = sec->map.v[i].val, *cond = ir_get(x, "Condition");

		if (cond && cond->kind == IR_STR)
			use(c, u, cond->str.s);
		use_in(c, u, x);
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A copy of the map with its keys sorted. */
static struct ir *sorted_map(struct lower_ctx *c, const struct ir *m, const char **keys, size_t n)
{
	struct ir *out = ir_map(c->ev.a);

	qsort(keys, n, sizeof(*keys), name_cmp);
	for (size_t i = 0; i < n; i++)
		ir_append(c->ev.a, out, keys[i], ir_get(m, keys[i]));
	return out;
}

void lower_cond_sections(struct lower_ctx *c, struct ir *root)
{
	struct used u = { NULL, 0, 0 };
	const struct ir *m = c->ev.mappings;

	use_section(c, &u, ir_get(root, "Resources"));
	use_section(c, &u, ir_get(root, "Outputs"));
	if (u.n)
		ir_set(c->ev.a, root, "Conditions", sorted_map(c, c->ev.cond_defs, u.v, u.n));
	if (m && m->map.n) {
		const char **keys = arena_alloc(c->ev.a, m->map.n * sizeof(*keys));

		for (size_t i = 0; i < m->map.n; i++)
			keys[i] = m->map.v[i].key;
		ir_set(c->ev.a, root, "Mappings", sorted_map(c, m, keys, m->map.n));
	}
}
