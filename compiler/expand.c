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

/* The sort key of an item: where its output goes in the template, whatever
 * the order of the source. At the top level an item is keyed by its name
 * (names are unique there); inside a component, by its place in the
 * component's body, which does not move when the user's items do. */
static const char *item_key(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	char pos[24];

	if (!sc->inst)
		return join3(c, sc->key, "/", it->item.name.name);
	snprintf(pos, sizeof(pos), "%08lx", (unsigned long)it->loc.start);
	return join3(c, sc->key, "/", pos);
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
	r->conds = c->conds;
	r->key = item_key(c, sc, it);
	r->name = join3(c, sc->path, it->item.name.name, sc->psuffix);
	/* logical_id = "ID" (top level only, checked by resolve) */
	r->logical_id = it->item.sym && ast_entry_find(it->item.body, "logical_id")
		? it->item.sym->logical_id
		: join3(c, sc->prefix, res_logical_id(c->a, it->item.name.name), sc->suffix);
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
}

static void declare_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items);
static void expand_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items);
static void expand_rest(struct eval_ctx *c, struct xscope *sc, struct ast_node *items, bool top);

/* Opens an instance: its scope, its arguments (bound lazily) and the names
 * its body declares outside ifs and loops, exports included. Nothing is
 * evaluated, so another instance may read its exports before it expands. */
static void open_instance(struct eval_ctx *c, struct xinst *inst)
{
	struct xscope *sc;
	struct ast_node *comp = inst->comp;
	const struct cond_set *saved = c->conds;

	inst->state = XINST_OPEN;
	sc = eval_scope_new(c, NULL);
	sc->inst = inst;
	sc->prefix = join3(c, inst->caller->prefix, res_logical_id(c->a, inst->decl->item.name.name),
			   inst->caller->suffix);
	sc->path = join3(c, inst->name, ".", "");
	sc->key = inst->key;
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
	c->conds = inst->conds;
	declare_items(c, sc, comp->item.body);
	c->conds = saved;
}

void expand_instance_open(struct eval_ctx *c, struct xinst *inst)
{
	if (inst->state == XINST_DECLARED && inst->comp)
		open_instance(c, inst);
}

void expand_instance_body(struct eval_ctx *c, struct xinst *inst)
{
	if (!inst->comp || inst->state == XINST_DONE)
		return;
	if (inst->state == XINST_EXPANDING) {
		struct diag *r = diag_error(c->d, inst->decl->item.name.loc,
					    "'%s' needs its own exports to be made", inst->name);

		eval_chain_note(c, r);
		diag_hint(r, "a condition or loop of the component reads, through these values, an export that it declares inside an 'if' or a 'for'");
		return;
	}
	if (inst->state == XINST_DECLARED)
		open_instance(c, inst);
	inst->state = XINST_EXPANDING;
	{
		const struct cond_set *saved = c->conds;

		c->conds = inst->conds;
		expand_rest(c, inst->scope, inst->comp->item.body, false);
		c->conds = saved;
	}
	inst->state = XINST_DONE;
}

static void expand_instance(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	struct xinst *inst = ARENA_NEW(c->a, struct xinst);
	struct val *v;

	inst->decl = it;
	inst->comp = res_find_component(c->prog, it->item.type->ref.segs[0].name);
	inst->caller = sc;
	inst->conds = c->conds;
	inst->key = item_key(c, sc, it);
	inst->name = join3(c, sc->path, it->item.name.name, sc->psuffix);
	v = val_new(c, VAL_INST, it->item.name.loc);
	v->inst = inst;
	if (!eval_bind_value(c, sc, it->item.name.name, it->item.name.loc, v))
		return;
	*c->inst_tail = inst;
	c->inst_tail = &inst->next;
}

static int inst_cmp(const void *a, const void *b)
{
	const struct xinst *x = *(struct xinst *const *)a, *y = *(struct xinst *const *)b;

	return strcmp(x->key, y->key);
}

/* Instances in key order, so that what is evaluated first, and so which
 * end of a cycle is reported, does not depend on the order of the source. */
static size_t insts_sorted(struct eval_ctx *c, struct xinst ***out)
{
	size_t n = 0;
	struct xinst **v;

	for (struct xinst *i = c->inst_head; i; i = i->next)
		n++;
	v = xmalloc((n ? n : 1) * sizeof(*v));
	n = 0;
	for (struct xinst *i = c->inst_head; i; i = i->next)
		v[n++] = i;
	qsort(v, n, sizeof(*v), inst_cmp);
	*out = v;
	return n;
}

static void expand_check_arguments(struct eval_ctx *c)
{
	struct xinst **v;
	size_t n = insts_sorted(c, &v);

	/* every argument given is checked against its type, used or not */
	for (size_t i = 0; i < n && !diag_full(c->d); i++) {
		if (!v[i]->scope)
			continue;
		for (struct ast_node *e = v[i]->decl->item.body; e; e = e->next)
			if (e->kind == AST_ENTRY)
				eval_scope_get(c, v[i]->scope, e->entry.key.name);
	}
	free(v);
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

static const char *loop_pos(struct eval_ctx *c, size_t i)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%08zx", i & 0xffffffffu);
	return arena_strdup(c->a, buf);
}

/* if c { } else if d { } else { }: a branch known at compile time is kept or
 * dropped; a condition known at deploy time keeps every branch, each under
 * its condition (and the negations of those before it). */
static void expand_if(struct eval_ctx *c, struct xscope *sc, struct ast_node *it)
{
	const struct cond_set *saved = c->conds, *reach = c->conds;

	for (struct ast_node *b = it; b && !diag_full(c->d); b = b->cond.otherwise) {
		struct val *v;

		if (!b->cond.cond) {
			c->conds = reach;
			expand_items(c, sc, b->cond.then);
			break;
		}
		v = eval_expr(c, sc, b->cond.cond);
		if (v->kind == VAL_BOOL) {
			if (!v->b)
				continue;
			c->conds = reach;
			expand_items(c, sc, b->cond.then);
			break;
		}
		if (val_is_cond(v)) {
			c->conds = cond_set_with(c, reach, v, false);
			expand_items(c, sc, b->cond.then);
			reach = cond_set_with(c, reach, v, true);
			continue;
		}
		eval_not_bool(c, v, b->cond.cond->loc, "an 'if'");
		break;
	}
	c->conds = saved;
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
			struct diag *r = eval_error_value(c, items, it->loop.iter->loc,
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
		inner->key = join3(c, sc->key, "#", loop_pos(c, i));
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

/* Declares the names of items (resources, instances, exports, outputs), so
 * that references may point forward; nothing is evaluated. */
static void declare_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items)
{
	for (struct ast_node *it = items; it; it = it->next) {
		if (it->kind == AST_RESOURCE)
			expand_resource(c, sc, it);
		else if (it->kind == AST_INSTANCE)
			expand_instance(c, sc, it);
		else if (it->kind == AST_EXPORT)
			eval_export(c, sc, it);
		else if (it->kind == AST_LET)
			eval_let(c, sc, it);
		else if (it->kind == AST_OUTPUT && !sc->inst)
			eval_pending_output(c, sc, it);
	}
}

/* Takes the branches of ifs and runs loops (both declare more), then
 * expands the instances declared here. */
static void expand_rest(struct eval_ctx *c, struct xscope *sc, struct ast_node *items, bool top)
{
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		if (it->kind == AST_IF) {
			expand_if(c, sc, it);
		} else if (it->kind == AST_FOR) {
			expand_for(c, sc, it);
		}
	}
	if (top) {
		/* the program: every instance of the top level, in key order */
		struct xinst **v;
		size_t n = insts_sorted(c, &v);

		for (size_t i = 0; i < n && !diag_full(c->d); i++)
			if (!v[i]->caller->inst)
				expand_instance_body(c, v[i]);
		free(v);
		return;
	}
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		if (it->kind == AST_INSTANCE) {
			struct val *v = eval_scope_get(c, sc, it->item.name.name);

			if (v && v->kind == VAL_INST && v->inst->decl == it)
				expand_instance_body(c, v->inst);
		}
	}
}

static void expand_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items)
{
	declare_items(c, sc, items);
	expand_rest(c, sc, items, false);
}


static int res_cmp(const void *a, const void *b)
{
	const struct xres *x = *(struct xres *const *)a, *y = *(struct xres *const *)b;
	int k = strcmp(x->key, y->key);

	if (k)
		return k;
	return x->node.index < y->node.index ? -1 : x->node.index > y->node.index;
}

static void expand_sort(struct eval_ctx *c)
{
	struct xres **v;
	size_t n = 0;

	for (struct xres *r = c->res_head; r; r = r->next)
		n++;
	if (n < 2)
		return;
	v = xmalloc(n * sizeof(*v));
	n = 0;
	for (struct xres *r = c->res_head; r; r = r->next)
		v[n++] = r;
	qsort(v, n, sizeof(*v), res_cmp);
	c->res_tail = &c->res_head;
	for (size_t i = 0; i < n; i++) {
		*c->res_tail = v[i];
		c->res_tail = &v[i]->next;
	}
	*c->res_tail = NULL;
	free(v);
}

void expand_program(struct eval_ctx *c, struct xscope *global, struct ast_node *items)
{
	declare_items(c, global, items);
	expand_rest(c, global, items, true);
	expand_check_arguments(c);
	expand_sort(c);
}
