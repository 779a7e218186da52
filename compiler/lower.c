/* lower.c - the template, assembled from the expanded program.
 *
 * Runs once per environment: the program is expanded (expand.c), every
 * resource's properties are evaluated (eval.c) to IR, and the template is
 * put together: Parameters, Resources, Outputs. Dependency cycles are found
 * on the expanded graph (lower_graph.c). */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval.h"
#include "ir.h"
#include "lower.h"
#include "lower_int.h"
#include "misspell.h"
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lower_origin(struct lower_ctx *c, const char *id, struct phx_loc loc)
{
	struct ir_template *t = c->t;

	t->origins = arena_grow(c->ev.a, t->origins, &t->caporigins, t->norigins + 1,
				sizeof(*t->origins));
	t->origins[t->norigins].logical_id = id;
	t->origins[t->norigins].loc = loc;
	t->norigins++;
}

/* ---- seclint: the resource's declaration and instance chain in its origin
 * (ir.h struct ir_origin; read by lint.c). Additive: nothing else reads it. */
static void lower_origin_chain(struct lower_ctx *c, struct xres *x)
{
	struct ir_origin *o = &c->t->origins[c->t->norigins - 1];
	size_t n = 0;

	o->decl = x->decl;
	for (struct xinst *i = x->owner; i; i = i->caller ? i->caller->inst : NULL)
		n++;
	o->insts = arena_alloc(c->ev.a, (n ? n : 1) * sizeof(*o->insts));
	o->comps = arena_alloc(c->ev.a, (n ? n : 1) * sizeof(*o->comps));
	for (struct xinst *i = x->owner; i; i = i->caller ? i->caller->inst : NULL) {
		o->insts[o->ninsts] = i->decl;
		o->comps[o->ninsts++] = i->comp;
	}
}
/* ---- end seclint */

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
		expand_instance_body(&c->ev, v->inst);
		for (struct xres *x = c->ev.res_head; x; x = x->next) {
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
	{ "version", "Version", false },
};

static struct ir *lower_attr(struct lower_ctx *c, struct xres *x, struct ast_node *e,
			     const struct resource_attr *ra)
{
	static const char *const words[] = { "Delete", "Retain", "Snapshot", "RetainExceptOnCreate" };
	struct val *v = eval_expr(&c->ev, x->scope, e->entry.value);
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return NULL;
	if (!strcmp(ra->key, "version")) {
		/* custom resources only: CloudFormation's "1.0" */
		if (strcmp(x->type, "AWS::CloudFormation::CustomResource") && strncmp(x->type, "Custom::", 8)) {
			diag_error(c->ev.d, e->entry.key.loc, "'version' is for custom resources, not %s", x->type);
			return NULL;
		}
		if (v->kind == VAL_STR)
			return eval_to_ir(&c->ev, v, NULL);
		diag_error(c->ev.d, v->loc, "version takes a string (\"1.0\"), not %s", val_a(v));
		return NULL;
	}
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
	if (x->conds)
		ir_set(a, r, "Condition", ir_str(a, x->conds->name));
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
		if (islower((unsigned char)k[0]) && !e->entry.key.quoted)
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
	lower_origin_chain(c, x);	/* seclint */
}

static void lower_output(struct lower_ctx *c, struct pending_output *po, struct idmap *ids)
{
	struct xscope *sc = po->scope;
	struct ast_node *it = po->item;
	struct arena *a = c->ev.a;
	struct val *val = eval_expr(&c->ev, sc, it->item.value);
	struct ir *o = ir_map(a), *v, *x;
	const char *id = res_logical_id(a, it->item.name.name);
	struct ast_node *own = ast_entry_find(it->item.body, "logical_id");

	if (own)	/* checked by resolve */
		ast_string_literal(a, own->entry.value, &id);

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
	if (po->conds)
		ir_set(a, o, "Condition", ir_str(a, po->conds->name));
	if ((x = lower_entry_value(c, sc, it->item.body, "description")))
		ir_set(a, o, "Description", x);
	ir_set(a, o, "Value", v);
	{
		char *who = xasprintf("output '%s'", it->item.name.name);

		lower_cond_check(c, ids, o, po->conds, who, it->item.name.loc);
		free(who);
	}
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

/* Fn::Length needs the AWS::LanguageExtensions transform, before any other. */
static void lower_lang_ext(struct lower_ctx *c, struct ir *root)
{
	struct arena *a = c->ev.a;
	struct ir *tr = ir_get(root, "Transform"), *l;
	static const char ext[] = "AWS::LanguageExtensions";

	if (tr && tr->kind == IR_STR && !strcmp(tr->str.s, ext))
		return;
	for (size_t i = 0; tr && tr->kind == IR_LIST && i < tr->list.n; i++)
		if (tr->list.v[i]->kind == IR_STR && !strcmp(tr->list.v[i]->str.s, ext))
			return;
	if (!tr) {
		ir_set(a, root, "Transform", ir_str(a, ext));
		return;
	}
	l = ir_list(a);
	ir_push(a, l, ir_str(a, ext));
	if (tr->kind == IR_STR)
		ir_push(a, l, tr);
	for (size_t i = 0; tr->kind == IR_LIST && i < tr->list.n; i++)
		ir_push(a, l, tr->list.v[i]);
	ir_set(a, root, "Transform", l);
}

/* The template's sections in the order CloudFormation's documentation lists them. */
static struct ir *lower_order(struct lower_ctx *c, struct ir *root)
{
	static const char *const order[] = {
		"AWSTemplateFormatVersion", "Description", "Metadata", "Transform", "Parameters",
		"Rules", "Mappings", "Conditions", "Globals", "Resources", "Outputs",
	};
	struct ir *out = ir_map(c->ev.a), *x;

	for (size_t i = 0; i < PHX_ARRAY_SIZE(order); i++)
		if ((x = ir_get(root, order[i])))
			ir_append(c->ev.a, out, order[i], x);
	return out;
}

/* Parameters and outputs go into the template by name, resources by their
 * keys (expand_sort): the template does not depend on the order of items. */
static int param_cmp(const void *a, const void *b)
{
	const struct ast_node *x = *(struct ast_node *const *)a, *y = *(struct ast_node *const *)b;

	return strcmp(x->item.name.name, y->item.name.name);
}

static int output_cmp(const void *a, const void *b)
{
	const struct pending_output *x = a, *y = b;
	int k = strcmp(x->item->item.name.name, y->item->item.name.name);

	/* the same name twice (in two branches): keep the source order */
	return k ? k : (x->item->loc.start > y->item->loc.start) - (x->item->loc.start < y->item->loc.start);
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
	c.ev.inst_tail = &c.ev.inst_head;
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
		else if (!strcmp(param_type(&c, p), "bool"))
			v->flags |= VAL_F_BOOL;
		eval_bind_value(&c.ev, c.global, p->item.name.name, p->item.name.loc, v);
	}
	expand_program(&c.ev, c.global, prog->items);

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
	if (prog->nparams) {
		struct ast_node **sorted = xmalloc(prog->nparams * sizeof(*sorted));

		memcpy(sorted, prog->params, prog->nparams * sizeof(*sorted));
		qsort(sorted, prog->nparams, sizeof(*sorted), param_cmp);
		for (i = 0; i < prog->nparams; i++)
			lower_param(&c, params, sorted[i]);
		free(sorted);
	}
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
	if (c.ev.noutputs)
		qsort(c.ev.outputs, c.ev.noutputs, sizeof(*c.ev.outputs), output_cmp);
	for (struct xres *r = c.ev.res_head; r && !diag_full(d); r = r->next) {
		if (r->ir && *idmap_slot(&ids, r->logical_id, strlen(r->logical_id)) == r) {
			char *who = xasprintf("'%s'", r->name);

			lower_cond_check(&c, &ids, r->ir, r->conds, who, r->decl->item.name.loc);
			free(who);
		}
	}
	for (size_t k = 0; k < c.ev.noutputs; k++)
		lower_output(&c, &c.ev.outputs[k], &ids);
	if (params->map.n)
		ir_set(a, root, "Parameters", params);
	if (rules)
		ir_set(a, root, "Rules", rules);
	if (globals)
		ir_set(a, root, "Globals", globals);
	ir_set(a, root, "Resources", resources);
	if (c.outputs->map.n)
		ir_set(a, root, "Outputs", c.outputs);
	lower_cond_sections(&c, root);
	if (c.ev.lang_ext)
		lower_lang_ext(&c, root);
	t->root = root = lower_order(&c, root);
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
