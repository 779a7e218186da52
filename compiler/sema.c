/* sema.c - the check pass.
 *
 * What can be said of a program without the resource schema: the keys each
 * kind of block accepts, duplicate keys, resource type names, units,
 * parameter types and defaults, functions. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "misspell.h"
#include "regions.h"
#include "resolve.h"
#include "sema.h"
#include "lang.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sema_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct program *prog;
	bool trace;
};

/* Keys a block accepts: NULL-terminated. */
const char *const sema_stack_keys[] = {
	"description", "region", "tags", "bucket", "metadata", "rules", "transform", "globals",
	"regions",	/* one program in several regions (regions.c) */
	"strict",	/* the security lint's strict mode (lint.c) */
	NULL,
};
const char *const sema_param_keys[] = {
	"description", "allowed_values", "allowed_pattern", "min_length", "max_length",
	"min_value", "max_value", "constraint_description", "logical_id", NULL,
};
const char *const sema_output_keys[] = { "description", "export", "logical_id", NULL };
static const char *const let_keys[] = { "logical_id", NULL };
static const char *const resource_meta_keys[] = {
	"depends_on", "deletion_policy", "update_replace_policy", "update_policy",
	"creation_policy", "metadata", "logical_id", "version", NULL,
};

static const char *const param_types[] = {
	"string", "number", "int", "bool", "secret", "list", NULL,
};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static void sema_trace(struct sema_ctx *c, const struct ast_node *n)
{
	struct srcfile *f;
	unsigned line, col;

	if (!c->trace)
		return;
	f = src_get(c->d->srcs, n->loc.file);
	if (!f)
		return;
	src_linecol(f, n->loc.start, &line, &col);
	fprintf(stderr, "sema: %s:%u:%u: %s\n", f->name, line, col, ast_kind_name(n->kind));
}

static void sema_unknown_key(struct sema_ctx *c, const struct ast_node *e, const char *what,
			     const char *const *keys)
{
	struct diag *r = diag_error(c->d, e->entry.key.loc, "unknown %s setting '%s'", what,
				    e->entry.key.name);
	struct misspell m;
	struct strbuf b;

	misspell_init(&m, e->entry.key.name);
	strbuf_init(&b);
	for (const char *const *k = keys; *k; k++) {
		misspell_offer(&m, *k);
		strbuf_addf(&b, "%s'%s'", k == keys ? "" : ", ", *k);
	}
	if (misspell_best(&m))
		diag_hint(r, "did you mean '%s'?", misspell_best(&m));
	else
		diag_hint(r, "a %s accepts %s", what, b.s);
	strbuf_fini(&b);
}

/* Duplicate keys in a block or map, reported at the second with a note at
 * the first. Quadratic, but blocks are small; a map grown past 64 keys
 * switches to sorting would be the fix if that ever matters. */
static void sema_dup_keys(struct sema_ctx *c, struct ast_node *entries)
{
	for (struct ast_node *e = entries; e; e = e->next) {
		if (e->kind != AST_ENTRY)
			continue;
		for (struct ast_node *f = entries; f != e; f = f->next) {
			struct diag *r;

			if (f->kind != AST_ENTRY || strcmp(f->entry.key.name, e->entry.key.name))
				continue;
			r = diag_error(c->d, e->entry.key.loc, "'%s' is set twice", e->entry.key.name);
			diag_note(r, f->entry.key.loc, "first set here");
			break;
		}
	}
}

static void sema_expr(struct sema_ctx *c, struct ast_node *n);

static void sema_entries(struct sema_ctx *c, struct ast_node *entries)
{
	sema_dup_keys(c, entries);
	for (struct ast_node *e = entries; e; e = e->next)
		if (e->kind == AST_ENTRY)
			sema_expr(c, e->entry.value);
}

/* f(args): a known function, with as many arguments as it takes. */
static void sema_call(struct sema_ctx *c, struct ast_node *n)
{
	const struct builtin *b = lang_builtin_find(n->call.fn.name);
	size_t npos = 0;

	for (struct ast_node *q = n->call.args; q; q = q->next) {
		sema_expr(c, q);
		if (q->kind != AST_ENTRY) {
			npos++;
			continue;
		}
		if (!b)
			continue;
		if (!b->named || !in_list(b->named, q->entry.key.name)) {
			struct diag *r = diag_error(c->d, q->entry.key.loc,
						    "%s() takes no argument called '%s'", b->name,
						    q->entry.key.name);

			diag_hint(r, "%s", b->usage);
		}
	}
	if (!b) {
		struct diag *r = diag_error(c->d, n->call.fn.loc, "unknown function '%s'",
					    n->call.fn.name);
		struct misspell m;

		misspell_init(&m, n->call.fn.name);
		for (const struct builtin *x = lang_builtins(); x->name; x++)
			misspell_offer(&m, x->name);
		if (misspell_best(&m))
			diag_hint(r, "did you mean '%s'?", misspell_best(&m));
		else
			diag_hint(r, "functions are %s", lang_builtin_names());
		return;
	}
	if (npos < b->min_args || npos > b->max_args) {
		struct diag *r = diag_error(c->d, n->loc, "%s() takes %s, not %zu", b->name,
					    b->arity, npos);

		diag_hint(r, "%s", b->usage);
	}
}

static void sema_unit_check(struct sema_ctx *c, struct ast_node *n)
{
	const struct unit_info *units;
	size_t nunits;
	struct misspell m;
	struct diag *r;

	if (lang_unit(n->num.unit))
		return;
	r = diag_error(c->d, n->num.unit_loc, "unknown unit '%s' in '%s%s'", n->num.unit,
		       n->num.text, n->num.unit);
	misspell_init(&m, n->num.unit);
	units = lang_units(&nunits);
	for (size_t i = 0; i < nunits; i++)
		misspell_offer(&m, units[i].name);
	if (misspell_best(&m))
		diag_hint(r, "did you mean '%s%s'?", n->num.text, misspell_best(&m));
	else
		diag_hint(r, "units are s m h d w (time), %% (percent), B KB MB GB TB KiB MiB GiB TiB (size)");
}

static void sema_expr(struct sema_ctx *c, struct ast_node *n)
{
	if (!n)
		return;
	sema_trace(c, n);
	switch (n->kind) {
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next) {
			sema_expr(c, q);
			if (q->kind == AST_LIST || q->kind == AST_MAP)
				diag_error(c->d, q->loc, "a %s cannot be put inside a string",
					   ast_kind_name(q->kind));
		}
		break;
	case AST_LIST:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			sema_expr(c, q);
		break;
	case AST_MAP:
		sema_entries(c, n->list.items);
		break;
	case AST_UNIT:
		sema_unit_check(c, n);
		break;
	case AST_NEG:
		sema_expr(c, n->operand);
		if (n->operand->kind != AST_INT && n->operand->kind != AST_DECIMAL &&
		    n->operand->kind != AST_UNIT)
			diag_error(c->d, n->loc, "'-' applies to numbers, not to a %s",
				   ast_kind_name(n->operand->kind));
		break;
	case AST_CALL:
		sema_call(c, n);
		break;
	case AST_NOT:
		sema_expr(c, n->operand);
		break;
	case AST_BINARY:
		sema_expr(c, n->bin.lhs);
		sema_expr(c, n->bin.rhs);
		break;
	case AST_IFEXPR:
		sema_expr(c, n->cond.cond);
		sema_expr(c, n->cond.then);
		sema_expr(c, n->cond.otherwise);
		break;
	case AST_INDEX:
		sema_expr(c, n->index.base);
		sema_expr(c, n->index.index);
		break;
	case AST_MEMBER:
		sema_expr(c, n->member.base);
		break;
	case AST_COMPREHENSION:
		sema_expr(c, n->loop.iter);
		sema_expr(c, n->loop.body);
		break;
	case AST_ENTRY:
		sema_expr(c, n->entry.value);
		break;
	case AST_REF:
	case AST_STRPART:
	case AST_INT:
	case AST_DECIMAL:
	case AST_BOOL:
		break;
	default:
		PHX_BUG("unexpected %s in an expression", ast_kind_name(n->kind));
	}
}

static bool valid_type_name(const char *t)
{
	/* AWS::Service::Resource, Custom::Name, Alexa::ASK::Skill ... */
	int parts = 1;
	size_t seg = 0;

	if (!*t)
		return false;
	for (const char *p = t; *p; p++) {
		if (p[0] == ':' && p[1] == ':') {
			if (!seg)
				return false;
			parts++;
			seg = 0;
			p++;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return false;
		seg++;
	}
	if (!seg)
		return false;
	if (!strncmp(t, "Custom::", 8))
		return parts == 2;
	return parts >= 3;
}

/* CloudFormation parameter types: String, Number, List<Number>,
 * CommaDelimitedList, AWS::X::Y..., List<AWS::...>,
 * AWS::SSM::Parameter::Value<...>. */
static bool valid_param_type(const char *t)
{
	static const char *const plain[] = { "String", "Number", "List<Number>", "CommaDelimitedList", NULL };
	size_t len = strlen(t);

	if (in_list(plain, t))
		return true;
	if (!strncmp(t, "List<", 5) && len > 6 && t[len - 1] == '>') {
		char *inner = xstrndup(t + 5, len - 6);
		bool ok = valid_type_name(inner);

		free(inner);
		return ok;
	}
	if (!strncmp(t, "AWS::SSM::Parameter::Value<", 27) && len > 28 && t[len - 1] == '>')
		return true;
	return !strncmp(t, "AWS::", 5) && valid_type_name(t);
}

static void sema_resource(struct sema_ctx *c, struct ast_node *it)
{
	const char *type;

	if (!ast_string_literal(c->a, it->item.type, &type)) {
		diag_error(c->d, it->item.type->loc, "a resource type must be a plain string");
	} else if (!valid_type_name(type)) {
		struct diag *r = diag_error(c->d, it->item.type->loc,
					    "'%s' is not a CloudFormation resource type", type);

		diag_hint(r, "types are written like \"AWS::S3::Bucket\"");
	}
	sema_dup_keys(c, it->item.body);
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		const char *k;

		if (e->kind != AST_ENTRY)
			continue;
		k = e->entry.key.name;
		if (islower((unsigned char)k[0]) && !e->entry.key.quoted &&
		    !in_list(resource_meta_keys, k)) {
			sema_unknown_key(c, e, "resource", resource_meta_keys);
			continue;
		}
		if (strcmp(k, "depends_on"))
			sema_expr(c, e->entry.value);
	}
}

static void sema_param(struct sema_ctx *c, struct ast_node *it)
{
	struct ast_node *t = it->item.type;
	const char *tname = NULL;

	if (t->kind == AST_REF) {
		tname = t->ref.segs[0].name;
		if (t->ref.nsegs != 1 || !in_list(param_types, tname)) {
			struct diag *r = diag_error(c->d, t->loc, "unknown parameter type '%s'", tname);
			struct misspell m;

			misspell_init(&m, tname);
			for (const char *const *p = param_types; *p; p++)
				misspell_offer(&m, *p);
			if (misspell_best(&m))
				diag_hint(r, "did you mean '%s'?", misspell_best(&m));
			else
				diag_hint(r, "types are string, number, int, bool, secret, list, or a CloudFormation parameter type in quotes such as \"AWS::EC2::KeyPair::KeyName\"");
			tname = NULL;
		}
	} else if (!ast_string_literal(c->a, t, &tname) || !valid_param_type(tname)) {
		diag_error(c->d, t->loc, "a quoted parameter type must be a CloudFormation type such as \"AWS::EC2::VPC::Id\", \"List<AWS::EC2::Subnet::Id>\" or \"AWS::SSM::Parameter::Value<String>\"");
		tname = NULL;
	}
	if (it->item.value) {
		struct ast_node *v = it->item.value;

		sema_expr(c, v);
		if (tname && !strcmp(tname, "secret")) {
			struct diag *r = diag_error(c->d, v->loc,
						    "a secret parameter cannot have a default");

			diag_hint(r, "a default would be written into the template; pass the value at deploy time, or read it with ssm or secret");
		} else if (tname && (!strcmp(tname, "number") || !strcmp(tname, "int")) &&
			   v->kind != AST_INT && v->kind != AST_DECIMAL && v->kind != AST_NEG) {
			diag_error(c->d, v->loc, "the default of a %s parameter must be a number",
				   tname);
		} else if (tname && !strcmp(tname, "bool") && v->kind != AST_BOOL) {
			diag_error(c->d, v->loc, "the default of a bool parameter must be true or false");
		} else if (tname && !strcmp(tname, "list") && v->kind != AST_LIST) {
			diag_error(c->d, v->loc, "the default of a list parameter must be a list");
		} else if (v->kind == AST_MAP) {
			diag_error(c->d, v->loc, "a parameter default cannot be a map");
		}
	}
	sema_dup_keys(c, it->item.body);
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		if (e->kind != AST_ENTRY)
			continue;
		if (!in_list(sema_param_keys, e->entry.key.name))
			sema_unknown_key(c, e, "parameter", sema_param_keys);
		sema_expr(c, e->entry.value);
	}
}

static void sema_block(struct sema_ctx *c, struct ast_node *it, const char *what,
		       const char *const *keys)
{
	sema_dup_keys(c, it->item.body);
	for (struct ast_node *e = it->item.body; e; e = e->next) {
		if (e->kind != AST_ENTRY)
			continue;
		if (keys && !in_list(keys, e->entry.key.name))
			sema_unknown_key(c, e, what, keys);
		sema_expr(c, e->entry.value);
	}
}

static void sema_items(struct sema_ctx *c, struct ast_node *items);

/* arg: const TYPE; the only qualifier there is. */
static void sema_qualifier(struct sema_ctx *c, struct ast_node *pa)
{
	struct diag *r;

	if (!pa->item.qual.name || !strcmp(pa->item.qual.name, "const"))
		return;
	r = diag_error(c->d, pa->item.qual.loc, "unknown qualifier '%s' before the type of '%s'",
		       pa->item.qual.name, pa->item.name.name);
	diag_hint(r, "write 'const TYPE' for an argument that must be known at compile time");
}

/* A component argument's type, or a record field's: a known name, a
 * component, a resource type in quotes, or a record of fields. */
static void sema_arg_type(struct sema_ctx *c, struct ast_node *t)
{
	const char *tname;

	if (t->kind == AST_RECORD) {
		for (struct ast_node *f = t->list.items; f; f = f->next) {
			for (struct ast_node *g = t->list.items; g != f; g = g->next) {
				if (strcmp(g->item.name.name, f->item.name.name))
					continue;
				diag_note(diag_error(c->d, f->item.name.loc, "field '%s' is declared twice",
						     f->item.name.name),
					  g->item.name.loc, "'%s' is first declared here", g->item.name.name);
				break;
			}
			if (f->item.value)
				sema_expr(c, f->item.value);
			sema_arg_type(c, f->item.type);
			sema_qualifier(c, f);
		}
		return;
	}
	if (t->kind == AST_REF) {
		tname = t->ref.segs[0].name;
		if (!lang_type_known(tname) && !res_find_component(c->prog, tname)) {
			struct diag *r = diag_error(c->d, t->loc, "unknown argument type '%s'",
						    tname);
			struct misspell m;

			misspell_init(&m, tname);
			for (const char *const *k = lang_type_names(); *k; k++)
				misspell_offer(&m, *k);
			for (size_t i = 0; i < c->prog->ncomponents; i++)
				misspell_offer(&m, c->prog->components[i]->item.name.name);
			if (misspell_best(&m))
				diag_hint(r, "did you mean '%s'?", misspell_best(&m));
			else
				diag_hint(r, "types are string int number bool duration percent size list map any, a record { field: type = default }, a component's name, or a resource type in quotes");
		}
	} else if (!ast_string_literal(c->a, t, &tname) || !valid_type_name(tname)) {
		diag_error(c->d, t->loc, "a quoted argument type must be a resource type such as \"AWS::EC2::VPC\"");
	}
}

static void sema_items(struct sema_ctx *c, struct ast_node *items);

static void sema_component(struct sema_ctx *c, struct ast_node *comp)
{
	for (struct ast_node *pa = comp->item.params; pa; pa = pa->next) {
		if (pa->item.value)
			sema_expr(c, pa->item.value);
		sema_arg_type(c, pa->item.type);
		sema_qualifier(c, pa);
	}
	sema_items(c, comp->item.body);
}

static void sema_items(struct sema_ctx *c, struct ast_node *items)
{
	for (struct ast_node *it = items; it && !diag_full(c->d); it = it->next) {
		sema_trace(c, it);
		switch (it->kind) {
		case AST_RESOURCE:
			sema_resource(c, it);
			break;
		case AST_PARAM:
			sema_param(c, it);
			break;
		case AST_OUTPUT:
			sema_expr(c, it->item.value);
			sema_block(c, it, "output", sema_output_keys);
			break;
		case AST_STACK:
			sema_block(c, it, "stack", sema_stack_keys);
			regions_check(c->a, c->d, it);
			break;
		case AST_ENV:
			sema_block(c, it, "environment", NULL);
			break;
		case AST_INSTANCE:
			sema_block(c, it, "component instance", NULL);
			break;
		case AST_LET:
			sema_expr(c, it->item.value);
			sema_block(c, it, "let", let_keys);
			break;
		case AST_EXPORT:
			sema_expr(c, it->item.value);
			break;
		case AST_COMPONENT:
			sema_component(c, it);
			break;
		case AST_IF:
			for (struct ast_node *b = it; b; b = b->cond.otherwise) {
				sema_expr(c, b->cond.cond);
				sema_items(c, b->cond.then);
			}
			break;
		case AST_FOR:
			sema_expr(c, it->loop.iter);
			sema_items(c, it->loop.body);
			break;
		case AST_IMPORT:
			break;
		default:
			PHX_BUG("unexpected item %s", ast_kind_name(it->kind));
		}
	}
}

unsigned sema_run(struct arena *a, struct diag_ctx *d, struct program *prog, bool trace)
{
	struct sema_ctx c = { a, d, prog, trace };
	unsigned before = diag_failures(d);

	sema_items(&c, prog->items);
	return diag_failures(d) - before;
}
