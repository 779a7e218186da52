/* lower.c - expansion of the program and assembly of the template.
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
 * so IDs are stable across builds and environments. Then every resource's
 * properties are evaluated (eval.c) and the template is put together:
 * Parameters, Resources, Outputs. Dependency cycles are found on the
 * expanded graph. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval.h"
#include "ir.h"
#include "lower.h"
#include "misspell.h"
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expand_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items);

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

void lower_expand_instance(struct eval_ctx *c, struct xinst *inst)
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
static void expand_items(struct eval_ctx *c, struct xscope *sc, struct ast_node *items)
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
				lower_expand_instance(c, v->inst);
		}
	}
}

/* ---- the template --------------------------------------------------------- */

struct lower_ctx {
	struct eval_ctx ev;
	struct ir_template *t;
	struct xscope *global;
	struct ir *outputs;
};

static void lower_origin(struct lower_ctx *c, const char *id, struct phx_loc loc)
{
	struct ir_template *t = c->t;

	t->origins = arena_grow(c->ev.a, t->origins, &t->caporigins, t->norigins + 1,
				sizeof(*t->origins));
	t->origins[t->norigins].logical_id = id;
	t->origins[t->norigins].loc = loc;
	t->norigins++;
}

static struct ir *lower_entry_value(struct lower_ctx *c, struct xscope *sc, struct ast_node *entries,
				    const char *key)
{
	struct ast_node *e = ast_entry_find(entries, key);

	return e ? eval_to_ir(&c->ev, eval_expr(&c->ev, sc, e->entry.value), NULL) : NULL;
}

struct param_field {
	const char *key, *cfn;
};

static const struct param_field param_fields[] = {
	{ "description", "Description" },
	{ "allowed_values", "AllowedValues" },
	{ "allowed_pattern", "AllowedPattern" },
	{ "min_length", "MinLength" },
	{ "max_length", "MaxLength" },
	{ "min_value", "MinValue" },
	{ "max_value", "MaxValue" },
	{ "constraint_description", "ConstraintDescription" },
};

/* A parameter's default as CloudFormation wants it: a string or number;
 * lists are comma-joined, booleans spelt out. */
static struct ir *lower_param_default(struct lower_ctx *c, struct ast_node *v)
{
	struct val *x = eval_expr(&c->ev, c->global, v);
	struct strbuf b;
	struct ir *out;

	if (x->kind == VAL_BOOL)
		return ir_str(c->ev.a, x->b ? "true" : "false");
	if (x->kind != VAL_LIST)
		return eval_to_ir(&c->ev, x, NULL);
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < x->list.n; i++) {
		if (i)
			strbuf_addc(&b, ',');
		if (!eval_scalar_text(&b, x->list.v[i]))
			diag_error(c->ev.d, v->loc, "a list parameter's default holds plain values only");
	}
	out = ir_strn(c->ev.a, b.s, b.len);
	strbuf_fini(&b);
	return out;
}

static const char *param_type(struct lower_ctx *c, struct ast_node *it)
{
	const char *tname = "";
	struct ast_node *t = it->item.type;

	if (t->kind == AST_REF)
		tname = t->ref.segs[0].name;
	else
		ast_string_literal(c->ev.a, t, &tname);
	return tname;
}

static void lower_param(struct lower_ctx *c, struct ir *params, struct ast_node *it)
{
	struct arena *a = c->ev.a;
	struct ir *p = ir_map(a);
	const char *tname = param_type(c, it);
	const char *id = it->item.sym ? it->item.sym->logical_id : res_logical_id(a, it->item.name.name);

	if (!strcmp(tname, "string") || !strcmp(tname, "secret") || !strcmp(tname, "bool"))
		ir_set(a, p, "Type", ir_str(a, "String"));
	else if (!strcmp(tname, "number") || !strcmp(tname, "int"))
		ir_set(a, p, "Type", ir_str(a, "Number"));
	else if (!strcmp(tname, "list"))
		ir_set(a, p, "Type", ir_str(a, "CommaDelimitedList"));
	else
		ir_set(a, p, "Type", ir_str(a, tname));
	if (it->item.value) {
		struct ir *v = lower_param_default(c, it->item.value);

		if (v)
			ir_set(a, p, "Default", v);
	}
	for (size_t i = 0; i < PHX_ARRAY_SIZE(param_fields); i++) {
		struct ir *v = lower_entry_value(c, c->global, it->item.body, param_fields[i].key);

		if (v)
			ir_set(a, p, param_fields[i].cfn, v);
	}
	if (!strcmp(tname, "bool") && !ir_get(p, "AllowedValues")) {
		struct ir *l = ir_list(a);

		ir_push(a, l, ir_str(a, "true"));
		ir_push(a, l, ir_str(a, "false"));
		ir_set(a, p, "AllowedValues", l);
	}
	if (!strcmp(tname, "secret"))
		ir_set(a, p, "NoEcho", ir_bool(a, true));
	ir_append(a, params, id, p);
	lower_origin(c, id, it->item.name.loc);
}

/* depends_on: resources, lists of them (a name declared in a for), or an
 * instance (every resource it made). */
static void lower_depends(struct lower_ctx *c, struct xres *r, struct val *v, struct ir *deps)
{
	struct arena *a = c->ev.a;

	switch (v->kind) {
	case VAL_RES:
		for (size_t i = 0; i < deps->list.n; i++)
			if (!strcmp(deps->list.v[i]->str.s, v->res->logical_id))
				return;
		if (v->res == r) {
			diag_error(c->ev.d, v->loc, "a resource cannot depend on itself");
			return;
		}
		ir_push(a, deps, ir_str(a, v->res->logical_id));
		break;
	case VAL_LIST:
		for (size_t i = 0; i < v->list.n; i++)
			lower_depends(c, r, v->list.v[i], deps);
		break;
	case VAL_INST:
		lower_expand_instance(&c->ev, v->inst);
		for (struct xres *x = v->inst->first_res; x; x = x->next) {
			size_t len = strlen(v->inst->name);
			struct val one;

			/* the instance's resources, nested instances' included: web.*,
			 * not web2.* */
			if (!x->owner || strncmp(x->name, v->inst->name, len) || x->name[len] != '.')
				continue;
			one.kind = VAL_RES;
			one.loc = v->loc;
			one.res = x;
			lower_depends(c, r, &one, deps);
		}
		break;
	case VAL_ERROR:
		break;
	default:
		diag_error(c->ev.d, v->loc, "depends_on takes resources, not %s", val_a(v));
	}
}

/* Resource attributes written as lowercase settings. */
struct resource_attr {
	const char *key, *cfn;
	bool policy;	/* one of the deletion policy words; else a map */
};

static const struct resource_attr resource_attrs[] = {
	{ "deletion_policy", "DeletionPolicy", true },
	{ "update_replace_policy", "UpdateReplacePolicy", true },
	{ "update_policy", "UpdatePolicy", false },
	{ "creation_policy", "CreationPolicy", false },
	{ "metadata", "Metadata", false },
};

static struct ir *lower_attr(struct lower_ctx *c, struct xres *x, struct ast_node *e,
			     const struct resource_attr *ra)
{
	static const char *const words[] = { "Delete", "Retain", "Snapshot", "RetainExceptOnCreate" };
	struct val *v = eval_expr(&c->ev, x->scope, e->entry.value);
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return NULL;
	if (!ra->policy) {
		if (v->kind == VAL_MAP)
			return eval_to_ir(&c->ev, v, NULL);
		diag_error(c->ev.d, v->loc, "%s takes a map, not %s", ra->key, val_a(v));
		return NULL;
	}
	if (v->kind == VAL_STR)
		for (size_t i = 0; i < PHX_ARRAY_SIZE(words); i++)
			if (!strcmp(v->str.s, words[i]))
				return ir_str(c->ev.a, words[i]);
	r = diag_error(c->ev.d, v->loc, "%s must be \"Delete\", \"Retain\", \"Snapshot\" or \"RetainExceptOnCreate\"%s",
		       ra->key, v->kind == VAL_STR ? "" : ", known at compile time");
	if (v->kind == VAL_STR) {
		struct misspell m;

		misspell_init(&m, v->str.s);
		for (size_t i = 0; i < PHX_ARRAY_SIZE(words); i++)
			misspell_offer(&m, words[i]);
		if (misspell_best(&m))
			diag_hint(r, "did you mean \"%s\"?", misspell_best(&m));
	}
	if (v->origin.start != v->loc.start || v->origin.file != v->loc.file)
		diag_note(r, v->origin, "the value comes from here");
	return NULL;
}

static void lower_resource(struct lower_ctx *c, struct ir *resources, struct xres *x)
{
	struct arena *a = c->ev.a;
	struct ir *r = ir_map(a), *props = ir_map(a), *deps = NULL;
	struct ast_node *policy;

	c->ev.cur_res = x;
	ir_set(a, r, "Type", ir_str(a, x->type));
	for (struct ast_node *e = x->decl->item.body; e; e = e->next) {
		const char *k;
		struct ir *v;

		if (e->kind != AST_ENTRY)
			continue;
		k = e->entry.key.name;
		if (!strcmp(k, "depends_on")) {
			struct val *dv = eval_expr(&c->ev, x->scope, e->entry.value);

			deps = deps ? deps : ir_list(a);
			lower_depends(c, x, dv, deps);
			continue;
		}
		if (islower((unsigned char)k[0]))
			continue;	/* a resource attribute, below */
		v = eval_to_ir(&c->ev, eval_expr(&c->ev, x->scope, e->entry.value), k);
		if (v)	/* keys are unique: sema reports a key set twice */
			ir_append(a, props, k, v);
	}
	if (deps && deps->list.n)
		ir_set(a, r, "DependsOn", deps);
	if (props->map.n)
		ir_set(a, r, "Properties", props);
	for (size_t i = 0; i < PHX_ARRAY_SIZE(resource_attrs); i++) {
		struct ir *v;

		if (!(policy = ast_entry_find(x->decl->item.body, resource_attrs[i].key)))
			continue;
		v = lower_attr(c, x, policy, &resource_attrs[i]);
		if (v)
			ir_set(a, r, resource_attrs[i].cfn, v);
	}
	c->ev.cur_res = NULL;
	x->ir = r;
	ir_append(a, resources, x->logical_id, r);
	lower_origin(c, x->logical_id, x->decl->item.name.loc);
}

static void lower_output(struct lower_ctx *c, struct xscope *sc, struct ast_node *it)
{
	struct arena *a = c->ev.a;
	struct val *val = eval_expr(&c->ev, sc, it->item.value);
	struct ir *o = ir_map(a), *v, *x;
	const char *id = res_logical_id(a, it->item.name.name);

	if (ir_get(c->outputs, id)) {
		struct diag *r = diag_error(c->ev.d, it->item.name.loc, "output '%s' is made twice",
					    it->item.name.name);

		if (sc->psuffix[0])
			diag_hint(r, "an output in a 'for' repeats its name: make one output of the list the loop makes");
		return;
	}
	v = eval_to_ir(&c->ev, val, NULL);
	if (!v)
		return;
	if (v->kind == IR_LIST || (val->kind == VAL_DYN && (val->flags & VAL_F_LIST))) {
		/* an output holds a string: join lists as CloudFormation does */
		struct ir *args = ir_list(a);

		ir_push(a, args, ir_str(a, ","));
		ir_push(a, args, v);
		v = ir_fn(a, "Fn::Join", args);
	} else if (v->kind == IR_MAP && v->map.n != 1) {
		diag_error(c->ev.d, it->item.value->loc, "an output cannot hold a map");
		return;
	} else if (v->kind == IR_BOOL) {
		v = ir_str(a, v->b ? "true" : "false");
	}
	if ((x = lower_entry_value(c, sc, it->item.body, "description")))
		ir_set(a, o, "Description", x);
	ir_set(a, o, "Value", v);
	if ((x = lower_entry_value(c, sc, it->item.body, "export")))
		ir_set(a, o, "Export", ir_fn(a, "Name", x));
	ir_append(a, c->outputs, id, o);
	lower_origin(c, id, it->item.name.loc);
}

/* stack { tags = { team = "web" } }: plain strings, known at compile time,
 * at most 50 (CloudFormation's limit). */
static void lower_tags(struct lower_ctx *c, struct ast_node *e)
{
	struct val *v;
	size_t cap = 0;

	if (!e)
		return;
	v = eval_expr(&c->ev, c->global, e->entry.value);
	if (v->kind != VAL_MAP) {
		if (v->kind != VAL_ERROR)
			diag_error(c->ev.d, e->entry.value->loc, "stack tags are a map: tags = { team = \"web\" }");
		return;
	}
	if (v->map.n > 50)
		diag_error(c->ev.d, e->entry.value->loc, "a stack has at most 50 tags, not %zu", v->map.n);
	for (size_t i = 0; i < v->map.n; i++) {
		struct val *x = v->map.v[i].val;
		struct strbuf b;

		strbuf_init(&b);
		if (x->kind == VAL_STR || x->kind == VAL_INT || x->kind == VAL_BOOL) {
			if (x->kind == VAL_STR)
				strbuf_addn(&b, x->str.s, x->str.len);
			else if (x->kind == VAL_INT)
				strbuf_addf(&b, "%lld", (long long)x->i);
			else
				strbuf_adds(&b, x->b ? "true" : "false");
			c->t->tags = arena_grow(c->ev.a, c->t->tags, &cap, c->t->ntags + 1,
						sizeof(*c->t->tags));
			c->t->tags[c->t->ntags].key = v->map.v[i].key;
			c->t->tags[c->t->ntags].value = arena_strdup(c->ev.a, b.s ? b.s : "");
			c->t->ntags++;
		} else if (x->kind != VAL_ERROR) {
			diag_error(c->ev.d, x->loc, "a stack tag's value is a plain string known at compile time, not %s",
				   val_a(x));
		}
		strbuf_fini(&b);
	}
}

/* CloudFormation's quotas on a template (AWS CloudFormation User Guide,
 * "Understand CloudFormation quotas"): an error past each, a warning from
 * 90 % of it. */
static void lower_limits(struct lower_ctx *c, struct phx_loc at)
{
	const struct {
		const char *what;
		size_t n, max;
	} limits[] = {
		{ "resources", c->t->nresources, 500 },
		{ "outputs", c->t->noutputs, 200 },
		{ "parameters", c->t->nparams, 200 },
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(limits); i++) {
		struct diag *r;

		if (limits[i].n > limits[i].max) {
			r = diag_error(c->ev.d, at, "the template%s%s has %zu %s; CloudFormation allows %zu",
				       c->t->env ? " for " : "", c->t->env ? c->t->env : "",
				       limits[i].n, limits[i].what, limits[i].max);
			diag_hint(r, "split the program into stacks");
		} else if (limits[i].n * 10 >= limits[i].max * 9) {
			diag_warning(c->ev.d, at, "the template%s%s has %zu %s, near CloudFormation's limit of %zu",
				     c->t->env ? " for " : "", c->t->env ? c->t->env : "",
				     limits[i].n, limits[i].what, limits[i].max);
		}
	}
}

/* ---- the dependency graph, read off the template ---------------------------
 *
 * Values are cached once evaluated, so edges are not collected while
 * evaluating: they are read from each resource's lowered IR, which is what
 * CloudFormation itself will read (Ref, Fn::GetAtt, ${X} in Fn::Sub, and
 * DependsOn). */

struct idmap {
	struct xres **slots;
	size_t cap;
};

static uint32_t idmap_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct xres **idmap_slot(struct idmap *m, const char *id, size_t len)
{
	size_t i = idmap_hash(id, len) & (m->cap - 1);

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
static void graph_sub(struct arena *a, struct idmap *m, struct xres *from, const struct ir *s)
{
	const char *p = s->str.s, *end = p + s->str.len;

	while ((p = strstr(p, "${")) && p < end) {
		const char *q = p + 2, *e;

		if (*q == '!') {
			p = q;
			continue;
		}
		e = q;
		while (e < end && *e != '}' && *e != '.')
			e++;
		graph_edge(a, from, *idmap_slot(m, q, (size_t)(e - q)));
		p = e;
	}
}

static void graph_walk(struct arena *a, struct idmap *m, struct xres *from, const struct ir *v)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			graph_walk(a, m, from, v->list.v[i]);
		return;
	}
	if (v->kind != IR_MAP)
		return;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		const struct ir *x = v->map.v[0].val;

		if (!strcmp(k, "Ref") && x->kind == IR_STR) {
			graph_edge(a, from, *idmap_slot(m, x->str.s, x->str.len));
			return;
		}
		if (!strcmp(k, "Fn::GetAtt") && x->kind == IR_LIST && x->list.n &&
		    x->list.v[0]->kind == IR_STR) {
			graph_edge(a, from, *idmap_slot(m, x->list.v[0]->str.s, x->list.v[0]->str.len));
			return;
		}
		if (!strcmp(k, "Fn::Sub")) {
			const struct ir *tpl = x->kind == IR_LIST && x->list.n ? x->list.v[0] : x;

			if (tpl->kind == IR_STR)
				graph_sub(a, m, from, tpl);
			if (x->kind == IR_LIST)
				for (size_t i = 1; i < x->list.n; i++)
					graph_walk(a, m, from, x->list.v[i]);
			return;
		}
	}
	for (size_t i = 0; i < v->map.n; i++)
		graph_walk(a, m, from, v->map.v[i].val);
}

/* m holds every lowered resource by logical ID (lower_resources). */
static void lower_cycles(struct lower_ctx *c, struct idmap *m)
{
	struct arena *a = c->ev.a;
	struct sym **nodes;
	size_t n = 0;

	nodes = xmalloc((c->ev.nres ? c->ev.nres : 1) * sizeof(*nodes));
	for (struct xres *r = c->ev.res_head; r; r = r->next) {
		if (!r->ir)
			continue;
		graph_walk(a, m, r, r->ir);
		r->node.index = n;
		nodes[n++] = &r->node;
	}
	res_find_cycles(c->ev.d, nodes, n);
	free(nodes);
}

/* The stack block's template sections: metadata (Metadata), transform
 * (Transform: one name or a list), rules (Rules) and globals (Globals, SAM
 * only). Each is a value known at compile time, written as it is; *rules
 * and *globals are set in the template's order by the caller. */
static bool lower_has_sam(const struct ir *tr)
{
	if (tr && tr->kind == IR_STR)
		return !strcmp(tr->str.s, "AWS::Serverless-2016-10-31");
	for (size_t i = 0; tr && tr->kind == IR_LIST && i < tr->list.n; i++)
		if (lower_has_sam(tr->list.v[i]))
			return true;
	return false;
}

static struct ir *lower_stack_section(struct lower_ctx *c, struct ast_node *body, const char *key,
				      bool map)
{
	struct ast_node *e = ast_entry_find(body, key);
	struct ir *x = lower_entry_value(c, c->global, body, key);
	bool ok;

	if (!x)
		return NULL;
	if (map) {
		ok = x->kind == IR_MAP;
	} else {
		ok = x->kind == IR_STR || (x->kind == IR_LIST && x->list.n > 0);
		for (size_t i = 0; ok && x->kind == IR_LIST && i < x->list.n; i++)
			ok = x->list.v[i]->kind == IR_STR;
	}
	if (!ok) {
		diag_error(c->ev.d, e->entry.value->loc, map ? "the stack's %s is a map: %s = { ... }"
			   : "the stack's %s is a macro name or a list of them: %s = \"AWS::Serverless-2016-10-31\"",
			   key, key);
		return NULL;
	}
	return x;
}

static void lower_stack_sections(struct lower_ctx *c, struct ir *root, struct ast_node *body,
				 struct ir **rules, struct ir **globals)
{
	struct arena *a = c->ev.a;
	struct ir *x, *tr;
	struct ast_node *g;

	if ((x = lower_stack_section(c, body, "metadata", true)))
		ir_set(a, root, "Metadata", x);
	if ((tr = lower_stack_section(c, body, "transform", false)))
		ir_set(a, root, "Transform", tr);
	*rules = lower_stack_section(c, body, "rules", true);
	*globals = lower_stack_section(c, body, "globals", true);
	if (*globals && !lower_has_sam(tr)) {
		struct diag *r;

		g = ast_entry_find(body, "globals");
		r = diag_error(c->ev.d, g->entry.key.loc, "'globals' needs the SAM transform");
		diag_hint(r, "add transform = \"AWS::Serverless-2016-10-31\" to the stack block");
		*globals = NULL;
	}
}

/* CloudFormation stack names: letters, digits and '-', starting with a letter. */
static const char *lower_stack_name(struct lower_ctx *c, const char *base, const char *env)
{
	char *s = arena_alloc(c->ev.a, strlen(base) + (env ? strlen(env) + 1 : 0) + 1);

	strcpy(s, base);
	if (env) {
		strcat(s, "-");
		strcat(s, env);
	}
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = '-';
	return s;
}

struct ir_template *lower_program(struct arena *a, struct diag_ctx *d, struct program *prog,
				  struct ast_node *env, bool limits)
{
	struct lower_ctx c;
	unsigned before = diag_failures(d);
	struct ir_template *t = ARENA_NEW(a, struct ir_template);
	struct ir *root = ir_map(a), *params = ir_map(a), *resources = ir_map(a), *x;
	struct ir *rules = NULL, *globals = NULL;
	const char *base = prog->default_name;
	struct idmap ids;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.ev.a = a;
	c.ev.d = d;
	c.ev.prog = prog;
	c.ev.env = env;
	c.ev.res_tail = &c.ev.res_head;
	c.t = t;
	c.outputs = ir_map(a);
	c.global = eval_scope_new(&c.ev, NULL);
	t->env = env ? env->item.name.name : NULL;

	/* parameters are values of the global scope */
	for (i = 0; i < prog->nparams; i++) {
		struct ast_node *p = prog->params[i];
		const char *id = p->item.sym ? p->item.sym->logical_id : res_logical_id(a, p->item.name.name);
		struct val *v = val_dyn(&c.ev, ir_fn(a, "Ref", ir_str(a, id)), p->item.name.loc);

		if (!strcmp(param_type(&c, p), "list") || !strncmp(param_type(&c, p), "List<", 5) ||
		    !strcmp(param_type(&c, p), "CommaDelimitedList"))
			v->flags |= VAL_F_LIST;
		eval_bind_value(&c.ev, c.global, p->item.name.name, p->item.name.loc, v);
	}
	expand_items(&c.ev, c.global, prog->items);

	ir_set(a, root, "AWSTemplateFormatVersion", ir_str(a, "2010-09-09"));
	if (prog->stack) {
		base = prog->stack->item.name.name;
		if ((x = lower_entry_value(&c, c.global, prog->stack->item.body, "description")))
			ir_set(a, root, "Description", x);
		if ((x = lower_entry_value(&c, c.global, prog->stack->item.body, "region")) &&
		    x->kind == IR_STR)
			t->region = x->str.s;
		if ((x = lower_entry_value(&c, c.global, prog->stack->item.body, "bucket")) &&
		    x->kind == IR_STR)
			t->bucket = x->str.s;
		lower_tags(&c, ast_entry_find(prog->stack->item.body, "tags"));
		lower_stack_sections(&c, root, prog->stack->item.body, &rules, &globals);
	}
	t->stack_name = lower_stack_name(&c, base, t->env);
	for (i = 0; i < prog->nparams; i++)
		lower_param(&c, params, prog->params[i]);
	ids.cap = 64;
	while (ids.cap < c.ev.nres * 2)
		ids.cap *= 2;
	ids.slots = arena_alloc(a, ids.cap * sizeof(*ids.slots));
	for (struct xres *r = c.ev.res_head; r && !diag_full(d); r = r->next) {
		struct xres **slot = idmap_slot(&ids, r->logical_id, strlen(r->logical_id));

		if (*slot) {
			struct diag *e = diag_error(d, r->decl->item.name.loc,
						    "'%s' makes the logical ID '%s' a second time",
						    r->name, r->logical_id);

			diag_note(e, (*slot)->decl->item.name.loc, "'%s' made it first", (*slot)->name);
			diag_hint(e, "rename one of the resources or instances");
			continue;
		}
		*slot = r;
		lower_resource(&c, resources, r);
	}
	for (size_t k = 0; k < c.ev.noutputs; k++)
		lower_output(&c, c.ev.outputs[k].scope, c.ev.outputs[k].item);
	if (params->map.n)
		ir_set(a, root, "Parameters", params);
	if (rules)
		ir_set(a, root, "Rules", rules);
	if (globals)
		ir_set(a, root, "Globals", globals);
	ir_set(a, root, "Resources", resources);
	if (c.outputs->map.n)
		ir_set(a, root, "Outputs", c.outputs);
	t->root = root;
	t->nparams = params->map.n;
	t->nresources = resources->map.n;
	t->noutputs = c.outputs->map.n;

	if (limits)
		lower_limits(&c, prog->stack ? prog->stack->item.name.loc : (struct phx_loc){ 1, 0, 0 });

	/* dependency cycles on the expanded graph */
	if (diag_failures(d) == before)
		lower_cycles(&c, &ids);

	if (!c.ev.nres && diag_failures(d) == before) {
		struct diag *r = diag_error(d, (struct phx_loc){ 1, 0, 0 },
					    "the program declares no resource%s%s",
					    env ? " for environment " : "", env ? env->item.name.name : "");

		diag_hint(r, "CloudFormation needs at least one: resource NAME \"AWS::S3::Bucket\" { }");
	}
	return diag_failures(d) == before ? t : NULL;
}
