/* eval_args.c - component arguments against their declared types: plain
 * types, const (known at compile time) and records of fields. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"

#include <stdlib.h>
#include <string.h>

/* ---- argument types ----------------------------------------------------- */

/* Whether v fits a plain type (not a record); reports when it does not. */
/* A single value known at deploy time (not a list, a condition or a row). */
static bool dyn_scalar(const struct val *v)
{
	return v->kind == VAL_DYN && !(v->flags & (VAL_F_LIST | VAL_F_COND | VAL_F_ROW));
}

static bool arg_type_ok(struct eval_ctx *c, const char *label, struct ast_node *param, struct val *v)
{
	struct ast_node *t = param->item.type;
	const char *want;
	bool ok;
	struct diag *r;

	if (v->kind == VAL_ERROR)
		return true;
	if (t->kind != AST_REF) {
		ast_string_literal(c->a, t, &want);
		ok = (v->kind == VAL_RES && !strcmp(v->res->type, want)) || dyn_scalar(v) ||
		     v->kind == VAL_STR;
	} else {
		want = t->ref.segs[0].name;
		if (!strcmp(want, "any"))
			ok = true;
		else if (!strcmp(want, "string"))
			ok = v->kind == VAL_STR || dyn_scalar(v) || v->kind == VAL_RES;
		else if (!strcmp(want, "int"))
			ok = v->kind == VAL_INT || dyn_scalar(v);
		else if (!strcmp(want, "number"))
			ok = val_is_number(v) || dyn_scalar(v);
		else if (!strcmp(want, "bool"))
			ok = v->kind == VAL_BOOL || val_is_cond(v);
		else if (!strcmp(want, "duration"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_DURATION;
		else if (!strcmp(want, "percent"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_PERCENT;
		else if (!strcmp(want, "size"))
			ok = v->kind == VAL_QTY && v->qty.dim == UNIT_SIZE;
		else if (!strcmp(want, "list"))
			ok = v->kind == VAL_LIST || (v->kind == VAL_DYN && (v->flags & VAL_F_LIST));
		else if (!strcmp(want, "map"))
			ok = v->kind == VAL_MAP;
		else	/* a component's name */
			ok = v->kind == VAL_INST && v->inst->comp &&
			     !strcmp(v->inst->comp->item.name.name, want);
	}
	if (ok)
		return true;
	if (t->kind != AST_REF)
		r = diag_error(c->d, v->loc, "%s takes a %s, not %s", label, want, val_a(v));
	else if (!lang_type_known(want))
		r = diag_error(c->d, v->loc, "%s takes an instance of component '%s', not %s",
			       label, want, val_a(v));
	else
		r = diag_error(c->d, v->loc, "%s takes %s %s, not %s", label,
			       strchr("aeiou", want[0]) ? "an" : "a", want, val_a(v));
	if (t->kind == AST_REF && !lang_type_known(want))
		diag_hint(r, "pass an instance of component '%s'", want);
	diag_note(r, param->item.name.loc, "'%s' is declared here", param->item.name.name);
	return false;
}

static struct ast_node *record_field(struct ast_node *rec, const char *name)
{
	for (struct ast_node *f = rec->list.items; f; f = f->next)
		if (!strcmp(f->item.name.name, name))
			return f;
	return NULL;
}

/* A map given for a record: every key one of its fields, every field
 * there (given, or its default), each of its type. The result holds the
 * fields in their declared order. */
static struct val *record_conform(struct eval_ctx *c, const char *label, struct ast_node *decl,
				  struct val *v, struct xscope *dsc)
{
	struct ast_node *rec = decl->item.type;
	struct val *out;
	size_t cap = 0;
	bool failed = false;
	struct diag *r;

	if (v->kind != VAL_MAP) {
		r = diag_error(c->d, v->loc, "%s takes a record of fields, not %s", label, val_a(v));
		diag_hint(r, "write it as a block: %s { %s = ... }", decl->item.name.name,
			  rec->list.items ? rec->list.items->item.name.name : "field");
		diag_note(r, decl->item.name.loc, "'%s' is declared here", decl->item.name.name);
		return val_err(c, v->loc);
	}
	for (size_t i = 0; i < v->map.n; i++) {
		struct misspell m;
		struct phx_loc at = v->map.v[i].key_loc.file ? v->map.v[i].key_loc : v->loc;

		if (record_field(rec, v->map.v[i].key))
			continue;
		r = diag_error(c->d, at, "%s has no field '%s'", label, v->map.v[i].key);
		misspell_init(&m, v->map.v[i].key);
		for (struct ast_node *f = rec->list.items; f; f = f->next)
			misspell_offer(&m, f->item.name.name);
		if (misspell_best(&m)) {
			diag_hint(r, "did you mean '%s'?", misspell_best(&m));
		} else {
			struct strbuf b;

			strbuf_init(&b);
			for (struct ast_node *f = rec->list.items; f; f = f->next)
				strbuf_addf(&b, "%s%s", f == rec->list.items ? "" : ", ", f->item.name.name);
			diag_hint(r, "its fields are %s", b.s ? b.s : "none");
			strbuf_fini(&b);
		}
		diag_note(r, rec->loc, "the fields of '%s' are declared here", decl->item.name.name);
		failed = true;
	}
	out = val_new(c, VAL_MAP, v->loc);
	out->origin = v->origin;
	for (struct ast_node *f = rec->list.items; f; f = f->next) {
		struct val *x = NULL;
		struct phx_loc kl = { 0, 0, 0 };
		char *sub;

		for (size_t i = 0; i < v->map.n; i++)
			if (!strcmp(v->map.v[i].key, f->item.name.name)) {
				x = v->map.v[i].val;
				kl = v->map.v[i].key_loc;
			}
		if (!x && f->item.value) {
			x = eval_expr(c, dsc, f->item.value);
		} else if (!x) {
			r = diag_error(c->d, v->loc, "%s needs the field '%s'", label, f->item.name.name);
			diag_note(r, f->item.name.loc, "'%s' is declared here without a default",
				  f->item.name.name);
			failed = true;
			continue;
		}
		sub = xasprintf("field '%s.%s'", decl->item.name.name, f->item.name.name);
		x = eval_arg_conform(c, sub, f, x, dsc);
		free(sub);
		failed |= x->kind == VAL_ERROR;
		out->map.v = arena_grow(c->a, out->map.v, &cap, out->map.n + 1, sizeof(*out->map.v));
		out->map.v[out->map.n].key = f->item.name.name;
		out->map.v[out->map.n].key_loc = kl;
		out->map.v[out->map.n].val = x;
		out->map.n++;
	}
	return failed ? val_err(c, v->loc) : out;
}

/* v given for decl (an argument or a record field): checked against its
 * type; a record comes back with its defaults filled in. */
struct val *eval_arg_conform(struct eval_ctx *c, const char *label, struct ast_node *decl,
			      struct val *v, struct xscope *dsc)
{
	if (v->kind == VAL_ERROR)
		return v;
	if (decl->item.qual.name && (!val_compile_time(v) || (v->flags & VAL_F_LIST))) {
		struct diag *r = diag_error(c->d, v->loc, "%s must be known at compile time, not %s", label,
					    val_a(v));

		diag_hint(r, "the component decides with it (how many, which resources); pass a literal, env.KEY or an argument of your own");
		diag_note(r, decl->item.name.loc, "'%s' is declared const here", decl->item.name.name);
		return val_err(c, v->loc);
	}
	if (decl->item.type->kind == AST_RECORD)
		return record_conform(c, label, decl, v, dsc);
	return arg_type_ok(c, label, decl, v) ? v : val_err(c, v->loc);
}
