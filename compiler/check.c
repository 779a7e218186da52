/* check.c - the schema pass: resources against the CloudFormation resource
 * schema (schema.h).
 *
 *   resource NAME "AWS::X::Y" { Property = value ... }
 *
 * The type must exist; every Property must be one of the type's (unless the
 * object is open), must not be read-only, and its value must be of a kind
 * the property accepts, recursively through maps and lists; required
 * properties must be present; a literal must be in the property's enum when
 * the schema has a small one. References yield deploy-time values: Ref of a
 * resource yields what the schema says Ref returns, name.Attr a string or a
 * list as the attribute is, a parameter its type, env.key the value in every
 * environment. Outputs are walked for name.Attr only. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "check.h"
#include "diag.h"
#include "lang.h"
#include "misspell.h"
#include "resolve.h"
#include "schema.h"
#include "sema.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_MAX_DEPTH 64

#define SCALAR_KINDS (SCHEMA_STRING | SCHEMA_INTEGER | SCHEMA_NUMBER | SCHEMA_BOOLEAN)

struct check_ctx {
	struct arena *a;
	struct diag_ctx *d;
	struct program *prog;
	struct ast_node *res;	/* the resource being checked */
	const char *type;	/* its type name */
	const char *env;	/* the environment whose env.key is being checked */
	struct phx_loc env_use;	/* the env.key being checked */
	bool item;		/* checking an item of a list */
	unsigned depth;
	/* resources declared inside a for: outside the loop their name is a
	 * list of them, inside it one of them */
	struct ast_node **looped;
	size_t nlooped, caplooped;
};

static void check_value(struct check_ctx *c, const struct schema_val_rec *v, struct ast_node *n,
			const char *prop);
static void check_attrs_in(struct check_ctx *c, struct ast_node *n);

/* An error; while env.key is being checked with one environment's value,
 * a note shows where the value is used and which environment it is. */
PHX_PRINTF(3, 4)
static struct diag *check_error(struct check_ctx *c, struct phx_loc loc, const char *fmt, ...)
{
	struct strbuf b;
	struct diag *r;
	va_list ap;

	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r = diag_error(c->d, loc, "%s", b.s);
	strbuf_fini(&b);
	if (c->env)
		diag_note(r, c->env_use, "the value of environment '%s' is used here", c->env);
	return r;
}


/* The schema of a resource's type: NULL when the type is not a plain string,
 * not an AWS one, or unknown (reported by check_resource). */
static const struct schema_type_rec *check_type_of(struct check_ctx *c, struct ast_node *res)
{
	const char *type;

	if (!res || res->kind != AST_RESOURCE || !ast_string_literal(c->a, res->item.type, &type))
		return NULL;
	return schema_type(type);
}

static const char *kinds_text(struct check_ctx *c, unsigned kinds)
{
	struct strbuf b;
	const char *s;

	strbuf_init(&b);
	schema_kinds_describe(&b, kinds);
	s = arena_strdup(c->a, b.s);
	strbuf_fini(&b);
	return s;
}

/* What a literal node is, for "takes X, not Y". */
static const char *node_text(const struct ast_node *n)
{
	switch (n->kind) {
	case AST_STRING:
		return "a string";
	case AST_INT:
		return "an integer";
	case AST_DECIMAL:
		return "a decimal number";
	case AST_BOOL:
		return "a boolean";
	case AST_UNIT:
		return "a quantity with a unit";
	case AST_LIST:
		return "a list";
	case AST_MAP:
		return "a map";
	case AST_NEG:
		return "a number";
	default:
		return ast_kind_name(n->kind);
	}
}

/* "1, 3, 5 ... and 6 more", quoted for strings. */
static const char *enum_list(struct check_ctx *c, const struct schema_val_rec *v, bool quote)
{
	size_t ne = schema_val_nenum(v);
	const char *q = quote ? "\"" : "", *s;
	struct strbuf b;

	strbuf_init(&b);
	for (size_t i = 0; i < ne && i < 16; i++)
		strbuf_addf(&b, "%s%s%s%s", i ? ", " : "", q, schema_val_enum(v, i), q);
	if (ne > 16)
		strbuf_addf(&b, " and %zu more", ne - 16);
	s = arena_strdup(c->a, b.s ? b.s : "");
	strbuf_fini(&b);
	return s;
}

static void check_wrong_kind(struct check_ctx *c, const struct schema_val_rec *v, unsigned want,
			     struct ast_node *n, const char *prop, const char *got)
{
	struct diag *r;

	if (c->item)
		r = check_error(c, n->loc, "an item of '%s' must be %s, not %s", prop,
			       kinds_text(c, want), got);
	else
		r = check_error(c, n->loc, "'%s' takes %s, not %s", prop, kinds_text(c, want),
			       got);

	if (c->item && (want & SCHEMA_OBJECT))
		diag_hint(r, "write each item as a map: { Key = value ... }");
	else if ((want & SCHEMA_LIST) && n->kind != AST_LIST)
		diag_hint(r, "write a list: [ ... ]");
	else if (want == SCHEMA_OBJECT || (want & SCHEMA_OBJECT && n->kind == AST_LIST))
		diag_hint(r, "write a map: %s { Key = value ... }", prop);
	else if ((want & (SCHEMA_INTEGER | SCHEMA_NUMBER)) && n->kind == AST_STRING && v &&
		 schema_val_nenum(v))
		diag_hint(r, "write one of %s", enum_list(c, v, false));
	else if ((want & (SCHEMA_INTEGER | SCHEMA_NUMBER)) && n->kind == AST_STRING)
		diag_hint(r, "write a number, without quotes");
	else if ((want & SCHEMA_BOOLEAN) && n->kind == AST_STRING)
		diag_hint(r, "write true or false without quotes");
}

/* The literal text of a scalar, for enum checks; NULL for anything else. */
static const char *scalar_literal(struct check_ctx *c, struct ast_node *n)
{
	const char *s;

	switch (n->kind) {
	case AST_STRING:
		return ast_string_literal(c->a, n, &s) ? s : NULL;
	case AST_INT:
		return arena_strdup(c->a, n->num.text);
	case AST_BOOL:
		return n->b ? "true" : "false";
	default:
		return NULL;
	}
}

static void check_enum(struct check_ctx *c, const struct schema_val_rec *v, struct ast_node *n,
		       const char *prop)
{
	size_t ne = schema_val_nenum(v);
	const char *s = scalar_literal(c, n);
	struct diag *r;
	struct strbuf b;

	if (!ne || !s)
		return;
	for (size_t i = 0; i < ne; i++)
		if (!strcmp(s, schema_val_enum(v, i)))
			return;
	r = check_error(c, n->loc, "%s%s%s is not a valid value of '%s'",
		       n->kind == AST_STRING ? "\"" : "", s, n->kind == AST_STRING ? "\"" : "", prop);
	strbuf_init(&b);
	if (n->kind == AST_STRING) {
		/* numbers are not misspelt, only wrong */
		const char *best = schema_val_enum_suggest(v, s);

		if (best)
			strbuf_addf(&b, "did you mean \"%s\"? ", best);
	}
	strbuf_addf(&b, "valid values: %s", enum_list(c, v, n->kind == AST_STRING));
	diag_hint(r, "%s", b.s);
	strbuf_fini(&b);
}

static bool text_is_number(const char *s, bool integer)
{
	char *end;

	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	if (integer) {
		(void)strtoll(s, &end, 10);
	} else {
		double d = strtod(s, &end);

		if (!isfinite(d))
			return false;
	}
	return !*end && !errno;
}

/* A plain string: CloudFormation converts "5" to 5 and "true" to true, as
 * cfn-lint accepts; anything else must be a string property. */
static void check_string(struct check_ctx *c, const struct schema_val_rec *v, unsigned kinds,
			 struct ast_node *n, const char *prop)
{
	const char *s;

	if (!ast_string_literal(c->a, n, &s)) {
		/* "a-${x}": a string known at deploy time */
		if (!(kinds & SCALAR_KINDS))
			check_wrong_kind(c, v, kinds, n, prop, "an interpolated string");
		return;
	}
	if (kinds & SCHEMA_STRING) {
		check_enum(c, v, n, prop);
		return;
	}
	if ((kinds & SCHEMA_NUMBER) && text_is_number(s, false))
		return;
	if ((kinds & SCHEMA_INTEGER) && text_is_number(s, true))
		return;
	if ((kinds & SCHEMA_BOOLEAN) && (!strcmp(s, "true") || !strcmp(s, "false")))
		return;
	check_wrong_kind(c, v, kinds, n, prop, "a string");
}

static bool is_list_param(struct check_ctx *c, struct ast_node *decl)
{
	struct ast_node *t = decl->item.type;
	const char *name;

	if (t->kind == AST_REF)
		return !strcmp(t->ref.segs[0].name, "list");
	if (!ast_string_literal(c->a, t, &name))
		return false;
	return !strncmp(name, "List<", 5) || !strcmp(name, "CommaDelimitedList") ||
	       strstr(name, "::List<");
}

static void check_find_looped(struct check_ctx *c, struct ast_node *items, bool in_for)
{
	for (struct ast_node *n = items; n; n = n->next) {
		switch (n->kind) {
		case AST_RESOURCE:
			if (!in_for)
				break;
			c->looped = arena_grow(c->a, c->looped, &c->caplooped, c->nlooped + 1,
					       sizeof(*c->looped));
			c->looped[c->nlooped++] = n;
			break;
		case AST_FOR:
			check_find_looped(c, n->loop.body, true);
			break;
		case AST_IF:
			for (struct ast_node *b = n; b; b = b->cond.otherwise)
				check_find_looped(c, b->cond.then, in_for);
			break;
		case AST_COMPONENT:
			check_find_looped(c, n->item.body, false);
			break;
		default:
			break;
		}
	}
}

static bool check_is_looped(const struct check_ctx *c, const struct ast_node *decl)
{
	for (size_t i = 0; i < c->nlooped; i++)
		if (c->looped[i] == decl)
			return true;
	return false;
}

/* The name.Attr of a reference, "" for a bare name. */
static const char *ref_attr_name(struct check_ctx *c, const struct ast_node *n)
{
	struct strbuf b;
	const char *s;

	if (n->ref.nsegs < 2)
		return "";
	strbuf_init(&b);
	for (size_t i = 1; i < n->ref.nsegs; i++)
		strbuf_addf(&b, "%s%s", i > 1 ? "." : "", n->ref.segs[i].name);
	s = arena_strdup(c->a, b.s);
	strbuf_fini(&b);
	return s;
}

/* name.Attr where the type has no such attribute. Returns the attribute,
 * or NULL when it is unknown, or the type is. */
static const struct schema_attr_rec *check_attr(struct check_ctx *c, struct ast_node *n)
{
	struct sym *s = n->ref.sym;
	const struct schema_type_rec *t;
	const struct schema_attr_rec *at;
	const char *name, *best;
	struct phx_loc loc;
	struct diag *r;
	struct strbuf b;

	if (!s || s->kind != SYM_RESOURCE || n->ref.nsegs < 2)
		return NULL;
	t = check_type_of(c, s->decl);
	if (!t)
		return NULL;
	name = ref_attr_name(c, n);
	at = schema_attr(t, name);
	if (at)
		return at;
	loc = n->ref.segs[1].loc;
	loc.end = n->ref.segs[n->ref.nsegs - 1].loc.end;
	if (!schema_attr_count(t)) {
		r = check_error(c, loc, "%s has no attributes; '%s.%s' cannot be read",
			       schema_type_name(t), s->name, name);
		diag_hint(r, "'%s' alone is its Ref", s->name);
		return NULL;
	}
	r = check_error(c, loc, "%s has no attribute '%s'", schema_type_name(t), name);
	strbuf_init(&b);
	best = schema_attr_suggest(t, name);
	if (best)
		strbuf_addf(&b, "did you mean '%s'? ", best);
	strbuf_adds(&b, "valid attributes: ");
	for (size_t i = 0; i < schema_attr_count(t); i++) {
		const struct schema_attr_rec *x = schema_attr_at(t, i);

		strbuf_addf(&b, "%s%s%s", i ? ", " : "", schema_attr_name(x),
			    schema_attr_flags(x) & SCHEMA_A_PATTERN ? "*" : "");
	}
	diag_hint(r, "%s", b.s);
	strbuf_fini(&b);
	diag_note(r, s->decl->item.name.loc, "'%s' is declared here", s->name);
	return NULL;
}

static void check_ref(struct check_ctx *c, const struct schema_val_rec *v, unsigned kinds,
		      struct ast_node *n, const char *prop)
{
	struct sym *s = n->ref.sym;
	unsigned yields = SCHEMA_STRING;
	const char *what = "a reference";

	if (!s)
		return;
	switch (s->kind) {
	case SYM_RESOURCE:
		if (n->ref.nsegs > 1) {
			const struct schema_attr_rec *at = check_attr(c, n);

			if (!at)
				return;
			yields = schema_attr_flags(at) & SCHEMA_A_LIST ? SCHEMA_LIST : SCALAR_KINDS;
			what = schema_attr_flags(at) & SCHEMA_A_LIST ? "a list attribute"
								     : "an attribute";
		} else {
			const struct schema_type_rec *t = check_type_of(c, s->decl);

			yields = t ? schema_type_ref_kinds(t) : SCHEMA_STRING;
			if (yields & SCHEMA_STRING)
				yields |= SCALAR_KINDS;
			what = "a reference to a resource";
		}
		if (check_is_looped(c, s->decl))
			yields |= SCHEMA_LIST | SCALAR_KINDS;
		break;
	case SYM_PARAM:
		if (is_list_param(c, s->decl)) {
			yields = SCHEMA_LIST;
			what = "a list parameter";
		} else {
			yields = SCALAR_KINDS;
			what = "a parameter";
		}
		break;
	case SYM_PSEUDO:
		if (!strcmp(s->logical_id, "AWS::NoValue"))
			return;
		yields = strcmp(s->logical_id, "AWS::NotificationARNs") ? SCALAR_KINDS
									: SCHEMA_LIST;
		what = "a pseudo parameter";
		break;
	case SYM_ENV: {
		const char *key = n->ref.nsegs > 1 ? n->ref.segs[1].name : "";
		const char *saved = c->env;
		struct phx_loc saved_use = c->env_use;

		if (!strcmp(key, "name")) {
			yields = SCALAR_KINDS;
			what = "the environment name";
			break;
		}
		/* env.key: the value of every environment must fit */
		for (size_t i = 0; i < c->prog->nenvs; i++) {
			struct ast_node *e = ast_entry_find(c->prog->envs[i]->item.body, key);

			if (!e)
				continue;
			c->env = c->prog->envs[i]->item.name.name;
			c->env_use = n->loc;
			check_value(c, v, e->entry.value, prop);
		}
		c->env = saved;
		c->env_use = saved_use;
		return;
	}
	default:
		/* a component's instances, arguments and loop variables: their
		 * values are known only once the component is expanded, and the
		 * resources they reach are checked on their own */
		return;
	}
	if (kinds & yields)
		return;
	check_wrong_kind(c, v, kinds, n, prop, what);
}

static void check_entries(struct check_ctx *c, const struct schema_shape_rec *shape,
			  struct ast_node *entries, struct phx_loc at, const char *within);

/* 7d, 20GB, 70%: lower.c converts them to the number the property takes,
 * judged from its name (lang_unit_target). The conversion is checked here,
 * with lowering's messages, so that its errors are reported together with
 * the schema's; the schema adds what the property's kind says (a unit where
 * a boolean or a list goes) and the enum of the converted number. */
static void check_unit(struct check_ctx *c, const struct schema_val_rec *v, unsigned kinds,
		       struct ast_node *n, const char *prop, bool neg)
{
	const struct unit_info *u = lang_unit(n->num.unit);
	const struct unit_target *t = NULL;
	struct diag *r;
	double val;
	char text[32];

	if (!u)
		return;	/* reported by sema */
	if (!(kinds & (SCHEMA_INTEGER | SCHEMA_NUMBER | SCHEMA_STRING))) {
		check_error(c, n->loc, "'%s' takes %s, not a %s", prop, kinds_text(c, kinds),
			   lang_dim_name(u->dim));
		return;
	}
	val = n->num.d * u->scale * (neg ? -1 : 1);
	if (u->dim != UNIT_PERCENT) {
		t = lang_unit_target(prop);
		if (!t) {
			r = check_error(c, n->loc, "cannot tell which unit '%s' takes for %s%s",
				       prop, n->num.text, n->num.unit);
			diag_hint(r, "write a plain number in the unit the property documents");
			return;
		}
		if (t->dim != u->dim) {
			check_error(c, n->loc, "'%s' takes a %s in %s, not a %s", prop,
				   lang_dim_name(t->dim), t->name, lang_dim_name(u->dim));
			return;
		}
		val /= t->scale;
		if (fabs(val - floor(val + 0.5)) > 1e-9) {
			r = check_error(c, n->loc, "%s%s is not a whole number of %s, as '%s' needs",
				       n->num.text, n->num.unit, t->name, prop);
			diag_hint(r, "write it in %s", t->name);
			return;
		}
	}
	if (!schema_val_nenum(v) || fabs(val - floor(val + 0.5)) > 1e-9 || fabs(val) > 1e15)
		return;
	snprintf(text, sizeof(text), "%lld", (long long)floor(val + 0.5));
	for (size_t i = 0; i < schema_val_nenum(v); i++)
		if (!strcmp(text, schema_val_enum(v, i)))
			return;
	r = check_error(c, n->loc, "%s%s%s is %s%s%s, not a valid value of '%s'", neg ? "-" : "",
		       n->num.text, n->num.unit, text, t ? " " : "", t ? t->name : "", prop);
	diag_hint(r, "valid values: %s", enum_list(c, v, false));
}

static void check_value(struct check_ctx *c, const struct schema_val_rec *v, struct ast_node *n,
			const char *prop)
{
	unsigned kinds = schema_val_kinds(v);

	if (!n)
		return;
	if (c->depth >= CHECK_MAX_DEPTH)
		return;
	/* { "Fn::Sub" = "..." }, { Ref = "Id" }: an intrinsic function written as
	 * CloudFormation writes it (phxc import does, for names only the SAM
	 * transform makes): a deploy-time value of any kind */
	if (n->kind == AST_MAP && n->list.n == 1 && n->list.items->kind == AST_ENTRY &&
	    (!strcmp(n->list.items->entry.key.name, "Ref") ||
	     !strncmp(n->list.items->entry.key.name, "Fn::", 4)))
		return;
	c->depth++;
	switch (n->kind) {
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			if (q->kind == AST_REF)
				check_attr(c, q);
		if (kinds != SCHEMA_ANY)
			check_string(c, v, kinds, n, prop);
		break;
	case AST_INT:
		if (kinds & (SCHEMA_INTEGER | SCHEMA_NUMBER | SCHEMA_STRING))
			check_enum(c, v, n, prop);
		else
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
		break;
	case AST_DECIMAL:
		if (!(kinds & (SCHEMA_NUMBER | SCHEMA_STRING)))
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
		break;
	case AST_NEG:
		if (n->operand && n->operand->kind == AST_UNIT)
			check_unit(c, v, kinds, n->operand, prop, true);
		else if (!(kinds & (SCHEMA_INTEGER | SCHEMA_NUMBER | SCHEMA_STRING)))
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
		break;
	case AST_BOOL:
		if (kinds & (SCHEMA_BOOLEAN | SCHEMA_STRING))
			check_enum(c, v, n, prop);
		else
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
		break;
	case AST_UNIT:
		check_unit(c, v, kinds, n, prop, false);
		break;
	case AST_LIST:
		if (!(kinds & SCHEMA_LIST)) {
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
			break;
		}
		for (struct ast_node *q = n->list.items; q; q = q->next) {
			bool saved = c->item;

			c->item = true;
			check_value(c, schema_val_item(v), q, prop);
			c->item = saved;
		}
		break;
	case AST_MAP:
		if (!(kinds & SCHEMA_OBJECT)) {
			check_wrong_kind(c, v, kinds, n, prop, node_text(n));
			break;
		}
		if (schema_val_shape(v)) {
			bool saved = c->item;

			c->item = false;
			check_entries(c, schema_val_shape(v), n->list.items, n->loc, prop);
			c->item = saved;
		}
		break;
	case AST_REF:
		check_ref(c, v, kinds, n, prop);
		break;
	case AST_CALL:
	case AST_STRPART:
		break;	/* reported by sema */
	default:
		/* computed values (operators, conditionals, indexing,
		 * comprehensions): their kind is known after evaluation only;
		 * the attributes they read are checked */
		check_attrs_in(c, n);
		break;
	}
	c->depth--;
}

static void check_unknown_prop(struct check_ctx *c, const struct schema_shape_rec *shape,
			       struct ast_node *e, const char *within)
{
	const char *key = e->entry.key.name;
	const char *best = schema_prop_suggest(shape, key);
	struct diag *r;

	if (within)
		r = check_error(c, e->entry.key.loc, "unknown property '%s' in '%s' of %s", key,
			       within, c->type);
	else
		r = check_error(c, e->entry.key.loc, "unknown property '%s' on %s", key, c->type);
	if (best) {
		diag_hint(r, "did you mean '%s'?", best);
	} else if (schema_shape_count(shape) <= 12) {
		struct strbuf b;

		strbuf_init(&b);
		for (size_t i = 0; i < schema_shape_count(shape); i++)
			strbuf_addf(&b, "%s'%s'", i ? ", " : "",
				    schema_prop_name(schema_shape_at(shape, i)));
		if (b.s)
			diag_hint(r, "%s accepts %s", within ? within : c->type, b.s);
		strbuf_fini(&b);
	}
}

static void check_readonly(struct check_ctx *c, const struct schema_prop_rec *p,
			   struct ast_node *e, const char *within)
{
	const char *key = e->entry.key.name;
	const struct schema_type_rec *t = schema_type(c->type);
	struct diag *r;

	r = check_error(c, e->entry.key.loc, "'%s'%s%s is read-only on %s: CloudFormation sets it",
		       key, within ? " in " : "", within ? within : "", c->type);
	if (!within && t && schema_attr(t, schema_prop_name(p)))
		diag_hint(r, "remove it, and read it as '%s.%s'", c->res->item.name.name, key);
	else
		diag_hint(r, "remove it");
}

/* The entries of a resource body or a map against an object shape. `at` is
 * where a missing required property is reported. */
static void check_entries(struct check_ctx *c, const struct schema_shape_rec *shape,
			  struct ast_node *entries, struct phx_loc at, const char *within)
{
	struct strbuf missing, add;
	unsigned nmissing = 0;

	for (struct ast_node *e = entries; e; e = e->next) {
		const struct schema_prop_rec *p;
		const char *key;

		if (e->kind != AST_ENTRY)
			continue;
		key = e->entry.key.name;
		/* lowercase keys of a resource are phxc settings (sema.c) */
		if (!within && islower((unsigned char)key[0]) && !e->entry.key.quoted)
			continue;
		p = schema_prop(shape, key);
		if (!p) {
			if (!schema_shape_open(shape))
				check_unknown_prop(c, shape, e, within);
			continue;
		}
		if (schema_prop_flags(p) & SCHEMA_P_READONLY) {
			check_readonly(c, p, e, within);
			continue;
		}
		check_value(c, schema_prop_val(p), e->entry.value, key);
	}
	strbuf_init(&missing);
	strbuf_init(&add);
	for (size_t i = 0; i < schema_shape_count(shape); i++) {
		const struct schema_prop_rec *p = schema_shape_at(shape, i);

		if (!(schema_prop_flags(p) & SCHEMA_P_REQUIRED) ||
		    ast_entry_find(entries, schema_prop_name(p)))
			continue;
		strbuf_addf(&missing, "%s'%s'", nmissing ? ", " : "", schema_prop_name(p));
		strbuf_addf(&add, "%s'%s' (", nmissing ? ", " : "", schema_prop_name(p));
		schema_kinds_describe(&add, schema_val_kinds(schema_prop_val(p)));
		strbuf_addc(&add, ')');
		nmissing++;
	}
	if (nmissing) {
		struct diag *r;

		if (within)
			r = check_error(c, at, "'%s' of %s is missing required propert%s %s", within,
				       c->type, nmissing > 1 ? "ies" : "y", missing.s);
		else
			r = check_error(c, at, "resource '%s' (%s) is missing required propert%s %s",
				       c->res->item.name.name, c->type, nmissing > 1 ? "ies" : "y",
				       missing.s);
		diag_hint(r, "add %s", add.s);
	}
	strbuf_fini(&missing);
	strbuf_fini(&add);
}

/* name.Attr anywhere in an expression the schema does not describe. */
static void check_attrs_in(struct check_ctx *c, struct ast_node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case AST_REF:
		check_attr(c, n);
		break;
	case AST_STRING:
		for (struct ast_node *q = n->str.parts; q; q = q->next)
			check_attrs_in(c, q);
		break;
	case AST_LIST:
	case AST_MAP:
		for (struct ast_node *q = n->list.items; q; q = q->next)
			check_attrs_in(c, q);
		break;
	case AST_ENTRY:
		check_attrs_in(c, n->entry.value);
		break;
	case AST_NEG:
		check_attrs_in(c, n->operand);
		break;
	case AST_CALL:
		for (struct ast_node *q = n->call.args; q; q = q->next)
			check_attrs_in(c, q);
		break;
	default:
		break;
	}
}

/* output NAME = expr: its attributes are checked (lower.c joins a list,
 * a list attribute included, with commas). */
static void check_output(struct check_ctx *c, struct ast_node *it)
{
	struct ast_node *v = it->item.value;

	if (!v || v->kind != AST_REF) {
		check_attrs_in(c, v);
		return;
	}
	check_attr(c, v);
}

static bool is_checked_namespace(const char *type)
{
	return !strncmp(type, "AWS::", 5) || !strncmp(type, "Alexa::", 7);
}

/* Does the stack block name the SAM transform (transform = "AWS::Serverless-2016-10-31",
 * alone or in a list)? */
static bool check_has_sam(struct check_ctx *c)
{
	struct ast_node *e = c->prog->stack ? ast_entry_find(c->prog->stack->item.body, "transform") : NULL;
	struct ast_node *v = e ? e->entry.value : NULL;
	const char *s;

	if (v && v->kind == AST_LIST)
		for (struct ast_node *x = v->list.items; x; x = x->next) {
			if (ast_string_literal(c->a, x, &s) && !strcmp(s, "AWS::Serverless-2016-10-31"))
				return true;
		}
	return v && ast_string_literal(c->a, v, &s) && !strcmp(s, "AWS::Serverless-2016-10-31");
}

/* resource NAME "AWS::X::Y" { entries } */
static void check_resource(struct check_ctx *c, struct ast_node *it)
{
	const struct schema_type_rec *t;
	const char *type;

	c->res = it;
	if (!ast_string_literal(c->a, it->item.type, &type) || !is_checked_namespace(type) ||
	    !strchr(type + 5, ':')) {
		/* not a plain string, Custom::, a registry extension, or a
		 * malformed name that sema.c reported */
		for (struct ast_node *e = it->item.body; e; e = e->next)
			check_attrs_in(c, e);
		return;
	}
	c->type = type;
	t = schema_type(type);
	if (t && !strncmp(type, "AWS::Serverless::", 17) && !check_has_sam(c)) {
		struct diag *r = check_error(c, it->item.type->loc, "'%s' needs the SAM transform", type);

		diag_hint(r, "add transform = \"AWS::Serverless-2016-10-31\" to the stack block");
		return;
	}
	if (!t) {
		struct diag *r = check_error(c, it->item.type->loc, "unknown resource type '%s'",
					    type);
		const char *best = schema_type_suggest(type);

		if (best)
			diag_hint(r, "did you mean '%s'?", best);
		else
			diag_hint(r, "the schema (%s) has no such type", schema_source());
		for (struct ast_node *e = it->item.body; e; e = e->next)
			check_attrs_in(c, e);
		return;
	}
	check_entries(c, schema_type_props(t), it->item.body, it->item.name.loc, NULL);
}

unsigned check_run(struct arena *a, struct diag_ctx *d, struct program *prog)
{
	struct check_ctx c = { a, d, prog, NULL, NULL, NULL, { 0, 0, 0 }, false, 0, NULL, 0, 0 };
	unsigned before = diag_failures(d);

	check_find_looped(&c, prog->items, false);
	for (size_t i = 0; i < prog->nresources && !diag_full(d); i++)
		check_resource(&c, prog->resources[i]);
	for (size_t i = 0; i < prog->noutputs && !diag_full(d); i++)
		check_output(&c, prog->outputs[i]);
	return diag_failures(d) - before;
}
