/* value.c - the values of the evaluator (eval.h): constructors and names. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- values ------------------------------------------------------------ */

struct val *val_new(struct eval_ctx *c, enum val_kind kind, struct phx_loc loc)
{
	struct val *v = ARENA_NEW(c->a, struct val);

	v->kind = kind;
	v->loc = loc;
	v->origin = loc;
	return v;
}

struct val *val_str(struct eval_ctx *c, const char *s, size_t len, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_STR, loc);

	v->str.s = arena_strndup(c->a, s, len);
	v->str.len = len;
	return v;
}

struct val *val_dyn(struct eval_ctx *c, struct ir *ir, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_DYN, loc);

	v->dyn = ir;
	return v;
}

struct val *val_int(struct eval_ctx *c, int64_t i, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_INT, loc);

	v->i = i;
	return v;
}

struct val *val_num(struct eval_ctx *c, double d, struct phx_loc loc)
{
	struct val *v;

	if (d == floor(d) && fabs(d) < 9.007199254740992e15)
		return val_int(c, (int64_t)d, loc);
	v = val_new(c, VAL_NUM, loc);
	v->d = d;
	return v;
}

struct val *val_bool(struct eval_ctx *c, bool b, struct phx_loc loc)
{
	struct val *v = val_new(c, VAL_BOOL, loc);

	v->b = b;
	return v;
}

struct val *val_err(struct eval_ctx *c, struct phx_loc loc)
{
	return val_new(c, VAL_ERROR, loc);
}

void val_push(struct eval_ctx *c, struct val *list, struct val *x, size_t *cap)
{
	list->list.v = arena_grow(c->a, list->list.v, cap, list->list.n + 1, sizeof(*list->list.v));
	list->list.v[list->list.n++] = x;
}

const char *val_kind_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_ERROR:
		return "error";
	case VAL_BOOL:
		return "boolean";
	case VAL_INT:
		return "integer";
	case VAL_NUM:
		return "number";
	case VAL_STR:
		return "string";
	case VAL_QTY:
		return lang_dim_name(v->qty.dim);
	case VAL_LIST:
		return "list";
	case VAL_MAP:
		return "map";
	case VAL_DYN:
		return v->flags & VAL_F_LIST ? "deploy-time list"
		     : v->flags & VAL_F_COND ? "deploy-time condition"
		     : v->flags & VAL_F_ROW ? "deploy-time row" : "deploy-time value";
	case VAL_RES:
		return "resource";
	case VAL_INST:
		return "component instance";
	}
	return "?";
}

/* "an integer", "a string": the kind with its article, for messages. */
const char *val_a(const struct val *v)
{
	static const struct {
		const char *kind, *with_article;
	} names[] = {
		{ "error", "an error" },
		{ "boolean", "a boolean" },
		{ "integer", "an integer" },
		{ "number", "a number" },
		{ "string", "a string" },
		{ "duration", "a duration" },
		{ "percentage", "a percentage" },
		{ "size", "a size" },
		{ "list", "a list" },
		{ "map", "a map" },
		{ "deploy-time value", "a deploy-time value" },
		{ "deploy-time list", "a deploy-time list" },
		{ "deploy-time condition", "a deploy-time condition" },
		{ "deploy-time row", "a row picked at deploy time" },
		{ "resource", "a resource" },
		{ "component instance", "a component instance" },
	};
	const char *k = val_kind_name(v);

	for (size_t i = 0; i < PHX_ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].kind, k))
			return names[i].with_article;
	PHX_BUG("no article for '%s'", k);
}

bool val_is_number(const struct val *v)
{
	return v->kind == VAL_INT || v->kind == VAL_NUM;
}

double val_number(const struct val *v)
{
	return v->kind == VAL_INT ? (double)v->i : v->d;
}

bool val_compile_time(const struct val *v)
{
	return v->kind != VAL_DYN && v->kind != VAL_RES && v->kind != VAL_INST;
}

struct val *val_relocate(struct eval_ctx *c, const struct val *v, struct phx_loc loc,
			 struct phx_loc origin)
{
	struct val *copy = val_new(c, v->kind, loc);

	*copy = *v;
	copy->loc = loc;
	copy->origin = origin;
	return copy;
}
