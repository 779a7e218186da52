/* lower_graph.c - the dependency graph of the expanded resources, read off
 * their lowered IR, and its cycles. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval.h"
#include "ir.h"
#include "lower_int.h"
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

/* ---- the dependency graph, read off the template ---------------------------
 *
 * Values are cached once evaluated, so edges are not collected while
 * evaluating: they are read from each resource's lowered IR, which is what
 * CloudFormation itself will read (Ref, Fn::GetAtt, ${X} in Fn::Sub, and
 * DependsOn). */

struct xres **idmap_slot(struct idmap *m, const char *id, size_t len)
{
	size_t i = str_hash(id, len) & (m->cap - 1);

	while (m->slots[i] && (strlen(m->slots[i]->logical_id) != len ||
			       strncmp(m->slots[i]->logical_id, id, len)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void graph_edge(struct arena *a, struct xres *from, struct xres *to)
{
	struct sym *f = &from->node;

	if (!to)
		return;
	for (size_t i = 0; i < f->ndeps; i++)
		if (f->deps[i].to == &to->node)
			return;
	f->deps = arena_grow(a, f->deps, &f->capdeps, f->ndeps + 1, sizeof(*f->deps));
	f->deps[f->ndeps].to = &to->node;
	f->deps[f->ndeps].at = from->decl->item.name.loc;
	f->ndeps++;
}

/* ${Name} and ${Name.Attr} in a Fn::Sub template (${!...} is literal). */
static void refs_sub(struct lower_ctx *c, struct idmap *m, const struct ir *s,
		     const struct cond_set *have, lower_ref_fn *fn, void *ud)
{
	const char *p = s->str.s, *end = p + s->str.len;

	while ((p = strstr(p, "${")) && p < end) {
		const char *q = p + 2, *e;
		struct xres *to;

		if (*q == '!') {
			p = q;
			continue;
		}
		e = q;
		while (e < end && *e != '}' && *e != '.')
			e++;
		if ((to = *idmap_slot(m, q, (size_t)(e - q))))
			fn(c, ud, to, have);
		p = e;
	}
}

void lower_refs(struct lower_ctx *c, struct idmap *m, const struct ir *v, const struct cond_set *have,
		bool guards, lower_ref_fn *fn, void *ud)
{
	struct xres *to;

	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			lower_refs(c, m, v->list.v[i], have, guards, fn, ud);
		return;
	}
	if (v->kind != IR_MAP)
		return;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		const struct ir *x = v->map.v[0].val;

		if (!strcmp(k, "Ref") && x->kind == IR_STR) {
			if ((to = *idmap_slot(m, x->str.s, x->str.len)))
				fn(c, ud, to, have);
			return;
		}
		if (!strcmp(k, "Fn::GetAtt") && x->kind == IR_LIST && x->list.n &&
		    x->list.v[0]->kind == IR_STR) {
			if ((to = *idmap_slot(m, x->list.v[0]->str.s, x->list.v[0]->str.len)))
				fn(c, ud, to, have);
			return;
		}
		if (!strcmp(k, "Fn::Sub")) {
			const struct ir *tpl = x->kind == IR_LIST && x->list.n ? x->list.v[0] : x;

			if (tpl->kind == IR_STR)
				refs_sub(c, m, tpl, have, fn, ud);
			if (x->kind == IR_LIST)
				for (size_t i = 1; i < x->list.n; i++)
					lower_refs(c, m, x->list.v[i], have, guards, fn, ud);
			return;
		}
		if (guards && !strcmp(k, "Fn::If") && x->kind == IR_LIST && x->list.n == 3 &&
		    x->list.v[0]->kind == IR_STR) {
			/* each branch is guarded by the condition or its negation */
			const char *name = x->list.v[0]->str.s;

			lower_refs(c, m, x->list.v[1], cond_set_add(&c->ev, have, name), guards, fn, ud);
			lower_refs(c, m, x->list.v[2],
				   cond_set_add(&c->ev, have, cond_negation(&c->ev, name)), guards, fn, ud);
			return;
		}
	}
	for (size_t i = 0; i < v->map.n; i++)
		lower_refs(c, m, v->map.v[i].val, have, guards, fn, ud);
}

static void graph_ref(struct lower_ctx *c, void *ud, struct xres *to, const struct cond_set *have)
{
	(void)have;
	graph_edge(c->ev.a, ud, to);
}

/* m holds every lowered resource by logical ID (lower_resources). */
void lower_cycles(struct lower_ctx *c, struct idmap *m)
{
	struct sym **nodes;
	size_t n = 0;

	nodes = xmalloc((c->ev.nres ? c->ev.nres : 1) * sizeof(*nodes));
	for (struct xres *r = c->ev.res_head; r; r = r->next) {
		if (!r->ir)
			continue;
		lower_refs(c, m, r->ir, NULL, false, graph_ref, r);
		r->node.index = n;
		nodes[n++] = &r->node;
	}
	res_find_cycles(c->ev.d, nodes, n);
	free(nodes);
}
