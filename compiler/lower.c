/* lower.c - AST to CloudFormation.
 *
 *   name            -> { "Ref": "LogicalId" }
 *   name.Attr.Sub   -> { "Fn::GetAtt": ["LogicalId", "Attr.Sub"] }
 *   aws.region      -> { "Ref": "AWS::Region" }
 *   "a-${name}"     -> { "Fn::Sub": "a-${LogicalId}" }
 *   7d, 70%, 20GB   -> a plain number in the unit the property takes
 *   depends_on      -> DependsOn
 */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "lower.h"
#include "resolve.h"
#include "sema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct lower_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct program *prog;
	struct ast_node *env;
	struct ir_template *t;
};

/* The unit a property takes, from its name. Checked in order: the first
 * rule whose suffix ends the property name wins. Property names the table
 * does not know take plain numbers (percent excepted). */
static const struct unit_target unit_targets[] = {
	{ "BackupRetentionPeriod", UNIT_DURATION, 86400, "days" },
	{ "InDays", UNIT_DURATION, 86400, "days" },
	{ "Days", UNIT_DURATION, 86400, "days" },
	{ "Hours", UNIT_DURATION, 3600, "hours" },
	{ "Minutes", UNIT_DURATION, 60, "minutes" },
	{ "Seconds", UNIT_DURATION, 1, "seconds" },
	{ "Period", UNIT_DURATION, 1, "seconds" },
	{ "Timeout", UNIT_DURATION, 1, "seconds" },
	{ "Interval", UNIT_DURATION, 1, "seconds" },
	{ "Cooldown", UNIT_DURATION, 1, "seconds" },
	{ "TTL", UNIT_DURATION, 1, "seconds" },
	{ "AllocatedStorage", UNIT_SIZE, 1e9, "GB" },
	{ "VolumeSize", UNIT_SIZE, 1073741824.0, "GiB" },
	{ "InGB", UNIT_SIZE, 1e9, "GB" },
	{ "GB", UNIT_SIZE, 1e9, "GB" },
	{ "MiB", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemoryReservation", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemorySize", UNIT_SIZE, 1048576.0, "MB" },
	{ "Memory", UNIT_SIZE, 1048576.0, "MiB" },
	{ "Bytes", UNIT_SIZE, 1, "bytes" },
};

static const char *const dim_names[] = {
	[UNIT_NONE] = "number",
	[UNIT_DURATION] = "duration",
	[UNIT_PERCENT] = "percentage",
	[UNIT_SIZE] = "size",
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);

	return ls >= lf && !strcmp(s + ls - lf, suffix);
}

const struct unit_target *lower_unit_target(const char *prop)
{
	for (size_t i = 0; prop && i < PHX_ARRAY_SIZE(unit_targets); i++)
		if (ends_with(prop, unit_targets[i].suffix))
			return &unit_targets[i];
	return NULL;
}

static struct ir *lower_expr(struct lower_ctx *c, struct ast_node *n, const char *prop);

static struct ir *lower_number(struct lower_ctx *c, double v)
{
	if (v == floor(v) && fabs(v) < 9.007199254740992e15)
		return ir_int(c->a, (int64_t)v);
	return ir_num(c->a, v);
}

static struct ir *lower_unit(struct lower_ctx *c, struct ast_node *n, const char *prop, bool neg)
{
	const struct unit_info *u = sema_unit(n->num.unit);
	double base, v;

	if (!u)
		return NULL;	/* reported by sema */
	base = n->num.d * u->scale * (neg ? -1 : 1);
	if (u->dim == UNIT_PERCENT)
		return lower_number(c, base);
	for (size_t i = 0; prop && i < PHX_ARRAY_SIZE(unit_targets); i++) {
		const struct unit_target *t = &unit_targets[i];
		struct diag *r;

		if (!ends_with(prop, t->suffix))
			continue;
		if (t->dim != u->dim) {
			r = diag_error(c->d, n->loc, "'%s' takes a %s in %s, not a %s", prop,
				       dim_names[t->dim], t->name, dim_names[u->dim]);
			return NULL;
		}
		v = base / t->scale;
		if (fabs(v - floor(v + 0.5)) > 1e-9) {
			r = diag_error(c->d, n->loc, "%s%s is not a whole number of %s, as '%s' needs",
				       n->num.text, n->num.unit, t->name, prop);
			diag_hint(r, "write it in %s", t->name);
			return NULL;
		}
		return ir_int(c->a, (int64_t)floor(v + 0.5));
	}
	{
		struct diag *r = diag_error(c->d, n->loc,
					    "cannot tell which unit '%s' takes for %s%s",
					    prop ? prop : "this value", n->num.text, n->num.unit);

		diag_hint(r, "write a plain number in the unit the property documents");
	}
	return NULL;
}

static const char *ref_attr(struct lower_ctx *c, const struct ast_node *ref)
{
	struct strbuf b;
	char *s;

	strbuf_init(&b);
	for (size_t i = 1; i < ref->ref.nsegs; i++)
		strbuf_addf(&b, "%s%s", i > 1 ? "." : "", ref->ref.segs[i].name);
	s = arena_strdup(c->a, b.s ? b.s : "");
	strbuf_fini(&b);
	return s;
}

static struct ir *lower_ref(struct lower_ctx *c, struct ast_node *n, const char *prop)
{
	struct sym *s = n->ref.sym;

	if (!s)
		PHX_BUG("unresolved reference '%s'", n->ref.segs[0].name);
	switch (s->kind) {
	case SYM_RESOURCE:
		if (n->ref.nsegs > 1) {
			struct ir *args = ir_list(c->a);

			ir_push(c->a, args, ir_str(c->a, s->logical_id));
			ir_push(c->a, args, ir_str(c->a, ref_attr(c, n)));
			return ir_fn(c->a, "Fn::GetAtt", args);
		}
		return ir_fn(c->a, "Ref", ir_str(c->a, s->logical_id));
	case SYM_PARAM:
	case SYM_PSEUDO:
		return ir_fn(c->a, "Ref", ir_str(c->a, s->logical_id));
	case SYM_ENV: {
		const char *key = n->ref.segs[1].name;
		struct ast_node *e;

		if (!c->env)
			PHX_BUG("env.%s lowered without an environment", key);
		if (!strcmp(key, "name"))
			return ir_str(c->a, c->env->item.name.name);
		e = ast_entry_find(c->env->item.body, key);
		if (!e)
			PHX_BUG("env.%s missing from '%s' after resolve", key,
				c->env->item.name.name);
		return lower_expr(c, e->entry.value, prop);
	}
	}
	PHX_BUG("bad symbol kind %d", (int)s->kind);
}

/* Appends text to a Fn::Sub template, escaping "${" as "${!". */
static void sub_escape(struct strbuf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		strbuf_addc(b, s[i]);
		if (s[i] == '$' && i + 1 < len && s[i + 1] == '{') {
			strbuf_adds(b, "{!");
			i++;
		}
	}
}

static bool scalar_text(struct strbuf *b, const struct ir *v)
{
	switch (v->kind) {
	case IR_STR:
		strbuf_addn(b, v->str.s, v->str.len);
		return true;
	case IR_INT:
		strbuf_addf(b, "%lld", (long long)v->i);
		return true;
	case IR_NUM:
		strbuf_addf(b, "%.15g", v->d);
		return true;
	case IR_BOOL:
		strbuf_adds(b, v->b ? "true" : "false");
		return true;
	default:
		return false;
	}
}

/* "text ${expr} text": a plain string when every part is known now, else
 * Fn::Sub. Ref and GetAtt become ${Id} and ${Id.Attr}; anything else is
 * passed in Fn::Sub's variable map. */
static struct ir *lower_string(struct lower_ctx *c, struct ast_node *n)
{
	struct strbuf plain, sub, lit;
	struct ir *vars = NULL, *out;
	bool dynamic = false;
	unsigned nvars = 0;

	strbuf_init(&plain);
	strbuf_init(&sub);
	strbuf_init(&lit);	/* literal text not yet escaped into sub */
	strbuf_addn(&plain, "", 0);
	strbuf_addn(&sub, "", 0);
	strbuf_addn(&lit, "", 0);
	for (struct ast_node *q = n->str.parts; q; q = q->next) {
		struct ir *v, *arg;
		struct strbuf tmp;

		if (q->kind == AST_STRPART) {
			strbuf_addn(&plain, q->part.text, q->part.len);
			strbuf_addn(&lit, q->part.text, q->part.len);
			continue;
		}
		v = lower_expr(c, q, NULL);
		if (!v)
			continue;
		strbuf_init(&tmp);
		if (scalar_text(&tmp, v)) {
			strbuf_addn(&plain, tmp.s, tmp.len);
			strbuf_addn(&lit, tmp.s, tmp.len);
			strbuf_fini(&tmp);
			continue;
		}
		strbuf_fini(&tmp);
		dynamic = true;
		sub_escape(&sub, lit.s, lit.len);
		lit.len = 0;
		if ((arg = ir_get(v, "Ref")) && arg->kind == IR_STR && v->map.n == 1) {
			if (!strcmp(arg->str.s, "AWS::NoValue")) {
				diag_error(c->d, q->loc, "aws.no_value cannot be put inside a string");
				continue;
			}
			strbuf_addf(&sub, "${%s}", arg->str.s);
		} else if ((arg = ir_get(v, "Fn::GetAtt")) && v->map.n == 1) {
			strbuf_addf(&sub, "${%s.%s}", arg->list.v[0]->str.s, arg->list.v[1]->str.s);
		} else {
			char name[32];

			if (!vars)
				vars = ir_map(c->a);
			snprintf(name, sizeof(name), "Var%u", nvars++);
			ir_set(c->a, vars, arena_strdup(c->a, name), v);
			strbuf_addf(&sub, "${%s}", name);
		}
	}
	sub_escape(&sub, lit.s, lit.len);
	strbuf_fini(&lit);
	if (!dynamic) {
		out = ir_strn(c->a, plain.s, plain.len);
	} else if (vars) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_strn(c->a, sub.s, sub.len));
		ir_push(c->a, args, vars);
		out = ir_fn(c->a, "Fn::Sub", args);
	} else {
		out = ir_fn(c->a, "Fn::Sub", ir_strn(c->a, sub.s, sub.len));
	}
	strbuf_fini(&plain);
	strbuf_fini(&sub);
	return out;
}

static struct ir *lower_map(struct lower_ctx *c, struct ast_node *entries)
{
	struct ir *m = ir_map(c->a);

	for (struct ast_node *e = entries; e; e = e->next) {
		struct ir *v;

		if (e->kind != AST_ENTRY)
			continue;
		v = lower_expr(c, e->entry.value, e->entry.key.name);
		if (v)	/* keys are unique: sema reports a key set twice */
			ir_append(c->a, m, e->entry.key.name, v);
	}
	return m;
}

static struct ir *lower_expr(struct lower_ctx *c, struct ast_node *n, const char *prop)
{
	switch (n->kind) {
	case AST_STRING:
		return lower_string(c, n);
	case AST_INT:
		return ir_int(c->a, n->num.i);
	case AST_DECIMAL:
		return ir_num(c->a, n->num.d);
	case AST_UNIT:
		return lower_unit(c, n, prop, false);
	case AST_BOOL:
		return ir_bool(c->a, n->b);
	case AST_LIST: {
		struct ir *l = ir_list(c->a);

		for (struct ast_node *q = n->list.items; q; q = q->next) {
			struct ir *v = lower_expr(c, q, prop);

			if (v)
				ir_push(c->a, l, v);
		}
		return l;
	}
	case AST_MAP:
		return lower_map(c, n->list.items);
	case AST_REF:
		return lower_ref(c, n, prop);
	case AST_NEG: {
		struct ast_node *o = n->operand;

		if (o->kind == AST_INT)
			return ir_int(c->a, -o->num.i);
		if (o->kind == AST_DECIMAL)
			return ir_num(c->a, -o->num.d);
		if (o->kind == AST_UNIT)
			return lower_unit(c, o, prop, true);
		return NULL;	/* reported by sema */
	}
	default:
		PHX_BUG("cannot lower a %s", ast_kind_name(n->kind));
	}
}

static void lower_origin(struct lower_ctx *c, const char *id, struct phx_loc loc)
{
	struct ir_template *t = c->t;

	t->origins = arena_grow(c->a, t->origins, &t->caporigins, t->norigins + 1,
				sizeof(*t->origins));
	t->origins[t->norigins].logical_id = id;
	t->origins[t->norigins].loc = loc;
	t->norigins++;
}

static struct ir *lower_entry_value(struct lower_ctx *c, struct ast_node *entries, const char *key)
{
	struct ast_node *e = ast_entry_find(entries, key);

	return e ? lower_expr(c, e->entry.value, NULL) : NULL;
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
	struct ir *x = lower_expr(c, v, NULL);
	struct strbuf b;

	if (!x || x->kind != IR_LIST)
		return x && x->kind == IR_BOOL ? ir_str(c->a, x->b ? "true" : "false") : x;
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < x->list.n; i++) {
		if (i)
			strbuf_addc(&b, ',');
		if (!scalar_text(&b, x->list.v[i]))
			diag_error(c->d, v->loc, "a list parameter's default holds plain values only");
	}
	x = ir_strn(c->a, b.s, b.len);
	strbuf_fini(&b);
	return x;
}

static void lower_param(struct lower_ctx *c, struct ir *params, struct ast_node *it)
{
	struct ir *p = ir_map(c->a);
	struct ast_node *t = it->item.type;
	const char *tname = NULL;
	const char *id = it->item.sym->logical_id;

	if (t->kind == AST_REF)
		tname = t->ref.segs[0].name;
	else
		ast_string_literal(c->a, t, &tname);
	if (!strcmp(tname, "string") || !strcmp(tname, "secret") || !strcmp(tname, "bool"))
		ir_set(c->a, p, "Type", ir_str(c->a, "String"));
	else if (!strcmp(tname, "number") || !strcmp(tname, "int"))
		ir_set(c->a, p, "Type", ir_str(c->a, "Number"));
	else if (!strcmp(tname, "list"))
		ir_set(c->a, p, "Type", ir_str(c->a, "CommaDelimitedList"));
	else
		ir_set(c->a, p, "Type", ir_str(c->a, tname));
	if (it->item.value) {
		struct ir *v = lower_param_default(c, it->item.value);

		if (v)
			ir_set(c->a, p, "Default", v);
	}
	for (size_t i = 0; i < PHX_ARRAY_SIZE(param_fields); i++) {
		struct ir *v = lower_entry_value(c, it->item.body, param_fields[i].key);

		if (v)
			ir_set(c->a, p, param_fields[i].cfn, v);
	}
	if (!strcmp(tname, "bool") && !ir_get(p, "AllowedValues")) {
		struct ir *l = ir_list(c->a);

		ir_push(c->a, l, ir_str(c->a, "true"));
		ir_push(c->a, l, ir_str(c->a, "false"));
		ir_set(c->a, p, "AllowedValues", l);
	}
	if (!strcmp(tname, "secret"))
		ir_set(c->a, p, "NoEcho", ir_bool(c->a, true));
	ir_append(c->a, params, id, p);
	lower_origin(c, id, it->item.name.loc);
}

static void lower_resource(struct lower_ctx *c, struct ir *resources, struct ast_node *it)
{
	struct ir *r = ir_map(c->a), *props = ir_map(c->a), *deps = NULL;
	struct ast_node *policy;
	const char *type = "";
	const char *id = it->item.sym->logical_id;

	ast_string_literal(c->a, it->item.type, &type);
	ir_set(c->a, r, "Type", ir_str(c->a, type));
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		const char *k;
		struct ir *v;

		if (e->kind != AST_ENTRY)
			continue;
		k = e->entry.key.name;
		if (!strcmp(k, "depends_on")) {
			struct ast_node *dv = e->entry.value;
			struct ast_node *q = dv->kind == AST_LIST ? dv->list.items : dv;

			deps = deps ? deps : ir_list(c->a);
			for (; q; q = dv->kind == AST_LIST ? q->next : NULL)
				ir_push(c->a, deps, ir_str(c->a, q->ref.sym->logical_id));
			continue;
		}
		if (!strcmp(k, "deletion_policy") || !strcmp(k, "update_replace_policy"))
			continue;
		v = lower_expr(c, e->entry.value, k);
		if (v)
			ir_append(c->a, props, k, v);
	}
	if (deps)
		ir_set(c->a, r, "DependsOn", deps);
	if (props->map.n)
		ir_set(c->a, r, "Properties", props);
	if ((policy = ast_entry_find(it->item.body, "deletion_policy")))
		ir_set(c->a, r, "DeletionPolicy", lower_expr(c, policy->entry.value, NULL));
	if ((policy = ast_entry_find(it->item.body, "update_replace_policy")))
		ir_set(c->a, r, "UpdateReplacePolicy", lower_expr(c, policy->entry.value, NULL));
	ir_append(c->a, resources, id, r);
	lower_origin(c, id, it->item.name.loc);
}

/* A reference to a list parameter is a list at deploy time. */
static bool lower_is_list_param(const struct ast_node *n)
{
	const struct ast_node *t;

	if (n->kind != AST_REF || !n->ref.sym || n->ref.sym->kind != SYM_PARAM)
		return false;
	t = n->ref.sym->decl->item.type;
	return t->kind == AST_REF && !strcmp(t->ref.segs[0].name, "list");
}

static void lower_output(struct lower_ctx *c, struct ir *outputs, struct ast_node *it)
{
	struct ir *o = ir_map(c->a), *v = lower_expr(c, it->item.value, NULL), *x;
	const char *id = it->item.sym->logical_id;

	if (!v)
		return;
	if (v->kind == IR_LIST || lower_is_list_param(it->item.value)) {
		/* an output holds a string: join lists as CloudFormation does */
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_str(c->a, ","));
		ir_push(c->a, args, v);
		v = ir_fn(c->a, "Fn::Join", args);
	} else if (v->kind == IR_MAP && v->map.n != 1) {
		diag_error(c->d, it->item.value->loc, "an output cannot hold a map");
		return;
	} else if (v->kind == IR_BOOL) {
		v = ir_str(c->a, v->b ? "true" : "false");
	}
	if ((x = lower_entry_value(c, it->item.body, "description")))
		ir_set(c->a, o, "Description", x);
	ir_set(c->a, o, "Value", v);
	if ((x = lower_entry_value(c, it->item.body, "export")))
		ir_set(c->a, o, "Export", ir_fn(c->a, "Name", x));
	ir_append(c->a, outputs, id, o);
	lower_origin(c, id, it->item.name.loc);
}

/* CloudFormation stack names: letters, digits and '-', starting with a letter. */
static const char *lower_stack_name(struct lower_ctx *c, const char *base, const char *env)
{
	char *s = arena_alloc(c->a, strlen(base) + (env ? strlen(env) + 1 : 0) + 1);

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
				  struct ast_node *env)
{
	struct lower_ctx c = { a, d, prog, env, NULL };
	unsigned before = diag_failures(d);
	struct ir_template *t = ARENA_NEW(a, struct ir_template);
	struct ir *root = ir_map(a), *params = ir_map(a), *resources = ir_map(a),
		  *outputs = ir_map(a), *x;
	const char *base = prog->default_name;

	c.t = t;
	t->env = env ? env->item.name.name : NULL;
	ir_set(a, root, "AWSTemplateFormatVersion", ir_str(a, "2010-09-09"));
	if (prog->stack) {
		base = prog->stack->item.name.name;
		if ((x = lower_entry_value(&c, prog->stack->item.body, "description")))
			ir_set(a, root, "Description", x);
		if ((x = lower_entry_value(&c, prog->stack->item.body, "region")) &&
		    x->kind == IR_STR)
			t->region = x->str.s;
	}
	t->stack_name = lower_stack_name(&c, base, t->env);
	for (size_t i = 0; i < prog->nparams; i++)
		lower_param(&c, params, prog->params[i]);
	for (size_t i = 0; i < prog->nresources; i++)
		lower_resource(&c, resources, prog->resources[i]);
	for (size_t i = 0; i < prog->noutputs; i++)
		lower_output(&c, outputs, prog->outputs[i]);
	if (params->map.n)
		ir_set(a, root, "Parameters", params);
	ir_set(a, root, "Resources", resources);
	if (outputs->map.n)
		ir_set(a, root, "Outputs", outputs);
	t->root = root;
	t->nparams = params->map.n;
	t->nresources = resources->map.n;
	t->noutputs = outputs->map.n;
	if (!prog->nresources) {
		struct diag *r = diag_error(d, (struct phx_loc){ 1, 0, 0 },
					    "the program declares no resource");

		diag_hint(r, "CloudFormation needs at least one: resource NAME \"AWS::S3::Bucket\" { }");
	}
	return diag_failures(d) == before ? t : NULL;
}
