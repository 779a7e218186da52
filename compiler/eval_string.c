/* eval_string.c - strings with ${...}: folded when every value is known,
 * else Fn::Sub; scalars as text. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"

#include <string.h>

/* ---- strings ------------------------------------------------------------- */

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

bool eval_scalar_text(struct strbuf *b, const struct val *v)
{
	switch (v->kind) {
	case VAL_STR:
		strbuf_addn(b, v->str.s, v->str.len);
		return true;
	case VAL_INT:
		strbuf_addf(b, "%lld", (long long)v->i);
		return true;
	case VAL_NUM:
		strbuf_addf(b, "%.15g", v->d);
		return true;
	case VAL_BOOL:
		strbuf_adds(b, v->b ? "true" : "false");
		return true;
	default:
		return false;
	}
}

void sb_init(struct strbuilder *sb)
{
	memset(sb, 0, sizeof(*sb));
	strbuf_init(&sb->plain);
	strbuf_init(&sb->sub);
	strbuf_init(&sb->lit);
	strbuf_addn(&sb->plain, "", 0);
	strbuf_addn(&sb->sub, "", 0);
	strbuf_addn(&sb->lit, "", 0);
}

void sb_text(struct strbuilder *sb, const char *s, size_t len)
{
	strbuf_addn(&sb->plain, s, len);
	strbuf_addn(&sb->lit, s, len);
}

void sb_value(struct eval_ctx *c, struct strbuilder *sb, struct val *v, struct phx_loc at)
{
	struct strbuf tmp;
	struct ir *ir, *arg;
	struct diag *r;

	if (v->kind == VAL_ERROR) {
		sb->failed = true;
		return;
	}
	strbuf_init(&tmp);
	if (eval_scalar_text(&tmp, v)) {
		sb_text(sb, tmp.s, tmp.len);
		sb->flags |= v->flags & (VAL_F_RESOLVE | VAL_F_SSM_SECURE);
		strbuf_fini(&tmp);
		return;
	}
	strbuf_fini(&tmp);
	if (v->kind == VAL_RES) {
		ir = ir_fn(c->a, "Ref", ir_str(c->a, v->res->logical_id));
	} else if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST)) {
		if (!(ir = val_dyn_ir(c, v))) {
			sb->failed = true;
			return;
		}
	} else {
		r = diag_error(c->d, at, "%s cannot be put inside a string", val_a(v));
		if (v->kind == VAL_QTY)
			diag_hint(r, "write the number itself; units convert only where a property takes them");
		else if (v->kind == VAL_LIST || (v->flags & VAL_F_LIST))
			diag_hint(r, "join it first: join(\",\", list)");
		sb->failed = true;
		return;
	}
	sb->dynamic = true;
	sub_escape(&sb->sub, sb->lit.s, sb->lit.len);
	sb->lit.len = 0;
	sb->lit.s[0] = '\0';
	if ((arg = ir_get(ir, "Ref")) && arg->kind == IR_STR && ir->map.n == 1) {
		if (!strcmp(arg->str.s, "AWS::NoValue")) {
			diag_error(c->d, at, "aws.no_value cannot be put inside a string");
			sb->failed = true;
			return;
		}
		strbuf_addf(&sb->sub, "${%s}", arg->str.s);
	} else if ((arg = ir_get(ir, "Fn::GetAtt")) && ir->map.n == 1) {
		strbuf_addf(&sb->sub, "${%s.%s}", arg->list.v[0]->str.s, arg->list.v[1]->str.s);
	} else {
		char name[32];

		if (!sb->vars)
			sb->vars = ir_map(c->a);
		snprintf(name, sizeof(name), "Var%u", sb->nvars++);
		ir_append(c->a, sb->vars, arena_strdup(c->a, name), ir);
		strbuf_addf(&sb->sub, "${%s}", name);
	}
}

struct val *sb_finish(struct eval_ctx *c, struct strbuilder *sb, struct phx_loc loc)
{
	struct val *out;

	sub_escape(&sb->sub, sb->lit.s, sb->lit.len);
	if (sb->failed) {
		out = val_err(c, loc);
	} else if (!sb->dynamic) {
		out = val_str(c, sb->plain.s, sb->plain.len, loc);
		out->flags = sb->flags;
	} else if (sb->vars) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_strn(c->a, sb->sub.s, sb->sub.len));
		ir_push(c->a, args, sb->vars);
		out = val_dyn(c, ir_fn(c->a, "Fn::Sub", args), loc);
		out->flags = sb->flags;
	} else {
		out = val_dyn(c, ir_fn(c->a, "Fn::Sub", ir_strn(c->a, sb->sub.s, sb->sub.len)), loc);
		out->flags = sb->flags;
	}
	strbuf_fini(&sb->plain);
	strbuf_fini(&sb->sub);
	strbuf_fini(&sb->lit);
	return out;
}

struct val *eval_string(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	struct strbuilder sb;

	sb_init(&sb);
	for (struct ast_node *q = n->str.parts; q; q = q->next) {
		if (q->kind == AST_STRPART)
			sb_text(&sb, q->part.text, q->part.len);
		else
			sb_value(c, &sb, eval_expr(c, sc, q), q->loc);
	}
	return sb_finish(c, &sb, n->loc);
}
