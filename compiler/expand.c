/* expand.c - expansion of the program: ifs, fors and component instances.
 *
 * For the selected environment, the items are expanded: an `if` keeps the
 * branch its condition selects, a `for` repeats its body once per element,
 * a component instance expands the component's body in a scope of its own.
 * Every resource made this way gets a logical ID from its path:
 *
 *   resource vpc           (top level)            -> Vpc
 *   net { resource vpc }   (instance net)         -> NetVpc
 *   for az in azs(2) { resource subnet }          -> Subnet0, Subnet1
 *
 * so IDs are stable across builds and environments. Lowering (lower.c)
 * then evaluates every resource's properties and assembles the template. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static const char *join3(struct eval_ctx *c, const char *a, const char *b, const char *d)
{
	size_t la = strlen(a), lb = strlen(b), ld = strlen(d);
	char *s = arena_alloc(c->a, la + lb + ld + 1);

	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, d, ld);
	return s;
}

static void expand_resource(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	struct xres *r = ARENA_NEW(c->a, struct xres);
	struct val *v;
	const char *type = "";

	ast_string_literal(c->a, it->item.type, &type);
	r->type = type;
	r->decl = it;
	r->scope = sc;
	r->owner = sc->inst;
	r->name = join3(c, sc->path, it->item.name.name, sc->psuffix);
	r->logical_id = join3(c, sc->prefix, res_logical_id(c->a, it->item.name.name), sc->suffix);
	r->node.kind = SYM_RESOURCE;
	r->node.name = r->name;
	r->node.logical_id = r->logical_id;
	r->node.decl = it;
	r->node.index = c->nres++;
	v = val_new(c, VAL_RES, it->item.name.loc);
	v->res = r;
	if (!eval_bind_value(c, sc, it->item.name.name, it->item.name.loc, v))
		return;
	*c->res_tail = r;
	c->res_tail = &r->next;
	if (sc->inst && !sc->inst->first_res)
		sc->inst->first_res = r;
}

void expand_instance_body(struct eval_ctx *c, struct xinst *inst)
{
	struct xscope *sc;
	struct ast_node *comp = inst->comp;

	if (inst->state == 2 || !comp)
		return;
	if (inst->state == 1) {
		struct diag *r = diag_error(c->d, inst->decl->item.name.loc,
					    "'%s' needs its own exports to be made", inst->name);

		diag_hint(r, "an argument or condition of the instance reads one of its exports");
		return;
	}
	inst->state = 1;
	sc = eval_scope_new(c, NULL);
	sc->inst = inst;
	sc->prefix = join3(c, inst->caller->prefix, res_logical_id(c->a, inst->decl->item.name.name),
			   inst->caller->suffix);
	sc->path = join3(c, inst->name, ".", "");
	sc->exports = NULL;
	inst->scope = sc;
	/* arguments: given ones are evaluated in the caller's scope, defaults in
	 * the component's; both lazily, with their declared type checked */
	for (struct ast_node *pa = comp->item.params; pa; pa = pa->next) {
		struct ast_node *given = ast_entry_find(inst->decl->item.body, pa->item.name.name);

		if (given)
			eval_bind_lazy(c, sc, pa->item.name.name, given->entry.key.loc,
				       given->entry.value, inst->caller, pa);
		else if (pa->item.value)
			eval_bind_lazy(c, sc, pa->item.name.name, pa->item.name.loc, pa->item.value,
				       sc, pa);
		/* a missing argument was reported by resolve */
	}
	expand_items(c, sc, comp->item.body);
	inst->state = 2;
	/* every argument given is checked against its type, used or not */
	for (struct ast_node *e = inst->decl->item.body; e; e = e->next)
		if (e->kind == AST_ENTRY)
			eval_scope_get(c, sc, e->entry.key.name);
}

static void expand_instance(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	struct xinst *inst = ARENA_NEW(c->a, struct xinst);
	struct val *v;

	inst->decl = it;
	inst->comp = res_find_component(c->prog, it->item.type->ref.segs[0].name);
	inst->caller = sc;
	inst->name = join3(c, sc->path, it->item.name.name, sc->psuffix);
	v = val_new(c, VAL_INST, it->item.name.loc);
	v->inst = inst;
	eval_bind_value(c, sc, it->item.name.name, it->item.name.loc, v);
}

/* A loop key for logical IDs: the element itself when it is a short plain
 * string or an integer ("a" -> A, 2 -> 2), else the position. */
static const char *loop_key(struct eval_ctx *c, struct val *v, size_t i)
{
	char buf[32];

	if (v->kind == VAL_STR && v->str.len && v->str.len <= 32) {
		char *k = arena_alloc(c->a, v->str.len + 1), *o = k;
		bool up = true;

		for (size_t j = 0; j < v->str.len; j++) {
			unsigned char ch = (unsigned char)v->str.s[j];

			if (!isalnum(ch)) {
				up = true;
				continue;
			}
			*o++ = (char)(up ? toupper(ch) : ch);
			up = false;
		}
		*o = '\0';
		if (*k)
			return k;
	}
	if (v->kind == VAL_INT && v->i >= 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)v->i);
	else
		snprintf(buf, sizeof(buf), "%zu", i);
	return arena_strdup(c->a, buf);
}

static bool cond_value(struct eval_ctx *c, struct xscope *sc, struct ast_node *cond, bool *out)
{
	struct val *v = eval_expr(c, sc, cond);
	struct diag *r;

	if (v->kind == VAL_BOOL) {
		*out = v->b;
		return true;
	}
	if (v->kind == VAL_ERROR)
		return false;
	if (v->kind == VAL_DYN || v->kind == VAL_RES || v->kind == VAL_INST) {
		r = diag_error(c->d, cond->loc, "an 'if' block needs a condition known at compile time, not %s",
			       val_a(v));
		diag_hint(r, "decide with env.KEY, component arguments or literals; CloudFormation Conditions are not used");
		return false;
	}
	diag_error(c->d, cond->loc, "an 'if' needs true or false, not %s", val_a(v));
	return false;
}

static void expand_for(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	struct val *items = eval_expr(c, sc, it->loop.iter);
	struct xscope **iters;
	size_t n;

	if (items->kind == VAL_MAP) {
		struct val *keys = val_new(c, VAL_LIST, items->loc);
		size_t cap = 0;

		for (size_t i = 0; i < items->map.n; i++) {
			keys->list.v = arena_grow(c->a, keys->list.v, &cap, keys->list.n + 1,
						  sizeof(*keys->list.v));
			keys->list.v[keys->list.n++] = val_str(c, items->map.v[i].key,
							       strlen(items->map.v[i].key), items->loc);
		}
		items = keys;
	}
	if (items->kind != VAL_LIST) {
		if (items->kind != VAL_ERROR) {
			struct diag *r = diag_error(c->d, it->loop.iter->loc,
						    "'for' needs a list known at compile time, not %s",
						    val_a(items));

			diag_hint(r, "iterate over a range (0..2), azs(n), a literal list or env.KEY");
		}
		return;
	}
	n = items->list.n;
	iters = arena_alloc(c->a, (n ? n : 1) * sizeof(*iters));
	for (size_t i = 0; i < n; i++) {
		struct xscope *inner = eval_scope_new(c, sc);
		char idx[32];

		snprintf(idx, sizeof(idx), "[%zu]", i);
		inner->suffix = join3(c, sc->suffix, loop_key(c, items->list.v[i], i), "");
		inner->psuffix = join3(c, sc->psuffix, idx, "");
		eval_bind_value(c, inner, it->loop.var.name, it->loop.var.loc, items->list.v[i]);
		expand_items(c, inner, it->loop.body);
		iters[i] = inner;
	}
	/* outside the loop, each name declared in it is the list of its values */
	if (n) {
		const char **names;
		size_t nn = eval_scope_names(iters[0], &names);

		for (size_t k = 0; k < nn; k++) {
			struct val *list;
			size_t cap = 0;

			if (!strcmp(names[k], it->loop.var.name))
				continue;
			list = val_new(c, VAL_LIST, it->loc);
			for (size_t i = 0; i < n; i++) {
				struct val *x = eval_scope_get(c, iters[i], names[k]);

				if (!x)
					continue;
				list->list.v = arena_grow(c->a, list->list.v, &cap, list->list.n + 1,
							  sizeof(*list->list.v));
				list->list.v[list->list.n++] = x;
			}
			eval_bind_value(c, sc, names[k], it->loc, list);
		}
		free(names);
	}
}

/* Declares first (resources and instances, so that references may point
 * forward), then expands ifs, fors and instances. */
void expand_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items)
{
	for (struct ast_node *it = items; it; it = it->next) {
		if (it->kind == AST_RESOURCE)
			expand_resource(c, sc, it);
		else if (it->kind == AST_INSTANCE)
			expand_instance(c, sc, it);
		else if (it->kind == AST_EXPORT)
			eval_export(c, sc, it);
		else if (it->kind == AST_OUTPUT && !sc->inst)
			eval_pending_output(c, sc, it);
	}
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		if (it->kind == AST_IF) {
			for (struct ast_node *b = it; b; b = b->cond.otherwise) {
				bool take = true;

				if (b->cond.cond && !cond_value(c, sc, b->cond.cond, &take))
					break;
				if (take) {
					expand_items(c, sc, b->cond.then);
					break;
				}
			}
		} else if (it->kind == AST_FOR) {
			expand_for(c, sc, it);
		}
	}
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		if (it->kind == AST_INSTANCE) {
			struct val *v = eval_scope_get(c, sc, it->item.name.name);

			if (v && v->kind == VAL_INST && v->inst->decl == it)
				expand_instance_body(c, v->inst);
		}
	}
}
