/* eval_cond.c - decisions taken at deploy time: conditions and lookup tables.
 *
 * A comparison or a boolean operator over a deploy-time value (a parameter,
 * aws.region) makes a condition, a VAL_DYN whose IR is Fn::Equals, Fn::Not,
 * Fn::And or Fn::Or. Where a condition decides something (`if c then a else
 * b`, an `if` block), it gets a name among the template's Conditions: the
 * name of the `let` that holds it, else one made from the expression
 * (`env_type == "prod"` -> EnvTypeIsProd). The same expression gets the
 * same name wherever it is written.
 *
 * A map named by `let` and indexed by a deploy-time key becomes one of the
 * template's Mappings, read with Fn::FindInMap. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* CloudFormation's limit on a logical name. */
#define COND_MAX_NAME 255

static bool is_fn(const struct ir *v, const char *fn)
{
	return v && v->kind == IR_MAP && v->map.n == 1 && !strcmp(v->map.v[0].key, fn);
}

bool val_is_cond(const struct val *v)
{
	return v->kind == VAL_DYN && (v->flags & (VAL_F_COND | VAL_F_BOOL));
}

/* The condition expression of a deploy-time boolean. */
static struct ir *cond_ir(struct eval_ctx *c, const struct val *v)
{
	struct ir *args;

	if (v->flags & VAL_F_COND)
		return v->dyn;
	/* a bool parameter: "true" or "false" */
	args = ir_list(c->a);
	ir_push(c->a, args, v->dyn);
	ir_push(c->a, args, ir_str(c->a, "true"));
	return ir_fn(c->a, "Fn::Equals", args);
}

static struct val *cond_val(struct eval_ctx *c, struct ir *ir, struct phx_loc loc)
{
	struct val *v = val_dyn(c, ir, loc);

	v->flags |= VAL_F_COND;
	return v;
}

/* ---- names ----------------------------------------------------------------- */

static void name_add(struct strbuf *b, const char *s, size_t len)
{
	bool up = true;

	for (size_t i = 0; i < len && b->len < COND_MAX_NAME; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!isalnum(ch)) {
			up = true;
			continue;
		}
		strbuf_addc(b, (char)(up ? toupper(ch) : ch));
		up = false;
	}
}

/* A readable name for an expression: Ref X -> X, "prod" -> Prod. */
static void name_of(struct strbuf *b, const struct ir *v)
{
	const struct ir *x;

	switch (v->kind) {
	case IR_STR:
		if (v->str.len)
			name_add(b, v->str.s, v->str.len);
		else
			strbuf_adds(b, "Empty");
		return;
	case IR_INT:
		strbuf_addf(b, "%lld", (long long)v->i);
		return;
	case IR_BOOL:
		strbuf_adds(b, v->b ? "True" : "False");
		return;
	default:
		break;
	}
	if (v->kind != IR_MAP || v->map.n != 1) {
		strbuf_adds(b, "Value");
		return;
	}
	x = v->map.v[0].val;
	if (is_fn(v, "Ref") && x->kind == IR_STR) {
		const char *s = x->str.s;

		name_add(b, strncmp(s, "AWS::", 5) ? s : s + 5, strlen(strncmp(s, "AWS::", 5) ? s : s + 5));
	} else if (is_fn(v, "Condition") && x->kind == IR_STR) {
		strbuf_adds(b, x->str.s);
	} else if (is_fn(v, "Fn::Equals") && x->kind == IR_LIST && x->list.n == 2) {
		/* a bool parameter is its own name: CreateNat, not CreateNatIsTrue */
		bool yes = x->list.v[1]->kind == IR_STR && !strcmp(x->list.v[1]->str.s, "true") &&
			   is_fn(x->list.v[0], "Ref");

		name_of(b, x->list.v[0]);
		if (!yes) {
			strbuf_adds(b, "Is");
			name_of(b, x->list.v[1]);
		}
	} else if (is_fn(v, "Fn::Not") && x->kind == IR_LIST && x->list.n == 1) {
		strbuf_adds(b, "Not");
		name_of(b, x->list.v[0]);
	} else if ((is_fn(v, "Fn::And") || is_fn(v, "Fn::Or")) && x->kind == IR_LIST) {
		for (size_t i = 0; i < x->list.n; i++) {
			if (i)
				strbuf_adds(b, is_fn(v, "Fn::And") ? "And" : "Or");
			name_of(b, x->list.v[i]);
		}
	} else {
		name_add(b, v->map.v[0].key, strlen(v->map.v[0].key));
	}
}

/* The name of a condition: {"Condition": N} is N; another expression is
 * registered (once) under want, or a name made from it. */
static const char *cond_register(struct eval_ctx *c, struct ir *expr, const char *want)
{
	struct strbuf b;
	const char *name;
	size_t base;

	if (is_fn(expr, "Condition") && expr->map.v[0].val->kind == IR_STR)
		return expr->map.v[0].val->str.s;
	if (!c->cond_defs)
		c->cond_defs = ir_map(c->a);
	for (size_t i = 0; i < c->cond_defs->map.n; i++)
		if (ir_equal(c->cond_defs->map.v[i].val, expr) &&
		    (!want || !strcmp(want, c->cond_defs->map.v[i].key)))
			return c->cond_defs->map.v[i].key;
	strbuf_init(&b);
	if (want)
		strbuf_adds(&b, want);
	else
		name_of(&b, expr);
	if (!b.len)
		strbuf_adds(&b, "Condition");
	base = b.len;
	for (unsigned k = 2; ir_get(c->cond_defs, b.s); k++) {
		b.len = base;
		b.s[b.len] = '\0';
		strbuf_addf(&b, "%u", k);
	}
	name = arena_strdup(c->a, b.s);
	strbuf_fini(&b);
	ir_append(c->a, c->cond_defs, name, expr);
	return name;
}

const char *cond_name(struct eval_ctx *c, const struct val *v)
{
	return cond_register(c, cond_ir(c, v), NULL);
}

/* The name of the condition that is true when name is false. */
static const char *cond_not_name(struct eval_ctx *c, const char *name)
{
	struct ir *args = ir_list(c->a), *have;
	const char *neg;

	if (!c->cond_nots)
		c->cond_nots = ir_map(c->a);
	if ((have = ir_get(c->cond_nots, name)))
		return have->str.s;
	ir_push(c->a, args, ir_fn(c->a, "Condition", ir_str(c->a, name)));
	neg = cond_register(c, ir_fn(c->a, "Fn::Not", args), NULL);
	ir_append(c->a, c->cond_nots, name, ir_str(c->a, neg));
	return neg;
}

struct val *cond_let(struct eval_ctx *c, struct val *v, const char *logical_name)
{
	struct val *named;

	if (!val_is_cond(v) || is_fn(v->dyn, "Condition"))
		return v;
	named = val_relocate(c, v, v->loc, v->origin);
	named->dyn = ir_fn(c->a, "Condition", ir_str(c->a, cond_register(c, cond_ir(c, v),
									    logical_name)));
	named->flags = (named->flags & ~VAL_F_BOOL) | VAL_F_COND;
	return named;
}

/* ---- operators ------------------------------------------------------------- */

/* A side of Fn::Equals: scalars as strings (what CloudFormation compares). */
static struct ir *equals_side(struct eval_ctx *c, struct val *v)
{
	struct strbuf b;
	struct ir *ir;

	if (v->kind == VAL_BOOL || v->kind == VAL_INT || v->kind == VAL_NUM) {
		strbuf_init(&b);
		eval_scalar_text(&b, v);
		ir = ir_str(c->a, b.s);
		strbuf_fini(&b);
		return ir;
	}
	return eval_to_ir(c, v, NULL);
}

static bool comparable(const struct val *v)
{
	switch (v->kind) {
	case VAL_STR:
	case VAL_INT:
	case VAL_NUM:
	case VAL_BOOL:
		return true;
	case VAL_DYN:
		return !(v->flags & (VAL_F_LIST | VAL_F_COND | VAL_F_ROW));
	default:
		return false;
	}
}

static bool is_param(struct eval_ctx *c, const char *id)
{
	for (size_t i = 0; i < c->prog->nparams; i++) {
		const struct ast_node *p = c->prog->params[i];

		if (p->item.sym && !strcmp(p->item.sym->logical_id, id))
			return true;
	}
	return false;
}

/* What a condition may read: parameters, pseudo parameters, tables and
 * plain functions over them; not resources (it is decided before any
 * exists) nor other stacks' exports. Returns what it may not, or NULL. */
static const char *cond_unreadable(struct eval_ctx *c, const struct ir *v)
{
	const char *bad;

	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++)
			if ((bad = cond_unreadable(c, v->list.v[i])))
				return bad;
		return NULL;
	}
	if (v->kind != IR_MAP)
		return NULL;
	if (v->map.n == 1) {
		const char *k = v->map.v[0].key;
		const struct ir *x = v->map.v[0].val;

		if (!strcmp(k, "Fn::GetAtt"))
			return "a resource's attribute";
		if (!strcmp(k, "Fn::ImportValue"))
			return "another stack's export";
		if (!strcmp(k, "Ref") && x->kind == IR_STR && strncmp(x->str.s, "AWS::", 5) &&
		    !is_param(c, x->str.s))
			return "a resource";
		if (!strcmp(k, "Fn::Sub")) {
			const struct ir *t = x->kind == IR_LIST && x->list.n ? x->list.v[0] : x;
			const char *p = t->kind == IR_STR ? t->str.s : "";

			while ((p = strstr(p, "${"))) {
				const char *q = p + 2, *e = strpbrk(q, "}.");
				char id[256];

				p = q;
				if (*q == '!' || !e || (size_t)(e - q) >= sizeof(id))
					continue;
				memcpy(id, q, (size_t)(e - q));
				id[e - q] = '\0';
				if (*e == '.' || (strncmp(id, "AWS::", 5) && !is_param(c, id) &&
						  !(x->kind == IR_LIST && x->list.n > 1 && ir_get(x->list.v[1], id))))
					return "a resource";
			}
		}
	}
	for (size_t i = 0; i < v->map.n; i++)
		if ((bad = cond_unreadable(c, v->map.v[i].val)))
			return bad;
	return NULL;
}

struct val *cond_equals(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	struct ir *args, *li, *ri, *eq;
	const char *bad;

	if (!comparable(l) || !comparable(r))
		return NULL;
	li = equals_side(c, l);
	ri = equals_side(c, r);
	if (!li || !ri)
		return val_err(c, n->loc);
	for (int side = 0; side < 2; side++) {
		struct val *v = side ? r : l;

		if ((bad = cond_unreadable(c, side ? ri : li))) {
			struct diag *d = eval_error_value(c, v, n->loc,
							  "a condition decided at deploy time cannot read %s",
							  bad);

			diag_span(d, v->loc);
			diag_hint(d, "CloudFormation decides conditions before it makes any resource: compare parameters, aws.* and tables");
			return val_err(c, n->loc);
		}
	}
	args = ir_list(c->a);
	ir_push(c->a, args, li);
	ir_push(c->a, args, ri);
	eq = ir_fn(c->a, "Fn::Equals", args);
	if (n->bin.op == AST_OP_NE) {
		args = ir_list(c->a);
		ir_push(c->a, args, eq);
		eq = ir_fn(c->a, "Fn::Not", args);
	}
	return cond_val(c, eq, n->loc);
}

struct val *cond_not(struct eval_ctx *c, struct val *v, struct phx_loc loc)
{
	struct ir *args = ir_list(c->a), *x = cond_ir(c, v);

	if (is_fn(x, "Fn::Not") && x->map.v[0].val->list.n == 1)
		return cond_val(c, x->map.v[0].val->list.v[0], loc);
	ir_push(c->a, args, x);
	return cond_val(c, ir_fn(c->a, "Fn::Not", args), loc);
}

/* l && r, l || r with at least one side a deploy-time condition (the other
 * may be a compile-time boolean, which folds). NULL when a side is neither. */
struct val *cond_logic(struct eval_ctx *c, struct ast_node *n, struct val *l, struct val *r)
{
	bool and = n->bin.op == AST_OP_AND;
	const char *fn = and ? "Fn::And" : "Fn::Or";
	struct ir *args;

	if (l->kind == VAL_BOOL || r->kind == VAL_BOOL) {
		struct val *b = l->kind == VAL_BOOL ? l : r, *d = b == l ? r : l;

		if (!val_is_cond(d))
			return NULL;
		/* true && c is c, false && c is false; false || c is c, true || c is true */
		if (b->b == and)
			return cond_val(c, cond_ir(c, d), n->loc);
		return val_bool(c, b->b, n->loc);
	}
	if (!val_is_cond(l) || !val_is_cond(r))
		return NULL;
	args = ir_list(c->a);
	for (int side = 0; side < 2; side++) {
		struct ir *x = cond_ir(c, side ? r : l);

		/* (a && b) && c is one Fn::And of three; CloudFormation takes 2 to 10 */
		if (is_fn(x, fn) && args->list.n + x->map.v[0].val->list.n <= 10)
			for (size_t i = 0; i < x->map.v[0].val->list.n; i++)
				ir_push(c->a, args, x->map.v[0].val->list.v[i]);
		else
			ir_push(c->a, args, x);
	}
	return cond_val(c, ir_fn(c->a, fn, args), n->loc);
}

/* ---- choices and conditions in force --------------------------------------- */

struct val *cond_choice(struct eval_ctx *c, struct val *cond, struct val *then, struct val *otherwise,
			struct phx_loc loc)
{
	struct val_pick *p = ARENA_NEW(c->a, struct val_pick);
	struct val *v = val_dyn(c, NULL, loc);

	p->name = cond_name(c, cond);
	p->then = then;
	p->otherwise = otherwise;
	v->pick = p;
	v->flags |= VAL_F_CHOICE;
	if ((then->flags & VAL_F_LIST) && (otherwise->flags & VAL_F_LIST))
		v->flags |= VAL_F_LIST;
	return v;
}

static struct cond_set *set_new(struct eval_ctx *c, const struct cond_set *base, const char *atom)
{
	struct cond_set *s = ARENA_NEW(c->a, struct cond_set);
	size_t n = base ? base->n : 0;

	s->atoms = arena_alloc(c->a, (n + 1) * sizeof(*s->atoms));
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(base->atoms[i], atom))
			return (struct cond_set *)base;
		s->atoms[i] = base->atoms[i];
	}
	s->atoms[n] = atom;
	s->n = n + 1;
	if (s->n == 1) {
		s->name = atom;
	} else {
		struct ir *args = ir_list(c->a);

		for (size_t i = 0; i < s->n; i++)
			ir_push(c->a, args, ir_fn(c->a, "Condition", ir_str(c->a, s->atoms[i])));
		s->name = cond_register(c, ir_fn(c->a, "Fn::And", args), NULL);
	}
	return s;
}

const struct cond_set *cond_set_with(struct eval_ctx *c, const struct cond_set *base,
				     struct val *cond, bool negate)
{
	const char *name = cond_name(c, cond);

	return set_new(c, base, negate ? cond_not_name(c, name) : name);
}

const char *cond_negation(struct eval_ctx *c, const char *name)
{
	return cond_not_name(c, name);
}

/* Does the condition named have imply the one named need? It does when
 * they are the same, or have is a Fn::And one of whose terms implies it (a
 * term is {"Condition": N}, or an expression registered under a name). */
static bool cond_implies(struct eval_ctx *c, const char *have, const char *need, int depth)
{
	const struct ir *def, *terms;

	if (!strcmp(have, need))
		return true;
	if (depth > 20 || !c->cond_defs || !(def = ir_get(c->cond_defs, have)) || !is_fn(def, "Fn::And"))
		return false;
	terms = def->map.v[0].val;
	for (size_t i = 0; terms->kind == IR_LIST && i < terms->list.n; i++) {
		const struct ir *t = terms->list.v[i];

		if (is_fn(t, "Condition") && t->map.v[0].val->kind == IR_STR) {
			if (cond_implies(c, t->map.v[0].val->str.s, need, depth + 1))
				return true;
			continue;
		}
		for (size_t k = 0; k < c->cond_defs->map.n; k++)
			if (ir_equal(c->cond_defs->map.v[k].val, t) &&
			    cond_implies(c, c->cond_defs->map.v[k].key, need, depth + 1))
				return true;
	}
	return false;
}

bool cond_set_covers(struct eval_ctx *c, const struct cond_set *have, const struct cond_set *need)
{
	if (!need)
		return true;
	for (size_t i = 0; i < need->n; i++) {
		bool found = false;

		for (size_t j = 0; have && j < have->n && !found; j++)
			found = cond_implies(c, have->atoms[j], need->atoms[i], 0);
		if (!found)
			return false;
	}
	return true;
}

const struct cond_set *cond_set_add(struct eval_ctx *c, const struct cond_set *base, const char *atom)
{
	return set_new(c, base, atom);
}

/* ---- lookup tables --------------------------------------------------------- */

/* A value of a Mappings entry: a string or a list of strings. */
static struct ir *mapping_value(struct eval_ctx *c, struct val *v, struct phx_loc use, const char *map)
{
	struct strbuf b;
	struct ir *ir;

	if (v->kind == VAL_LIST) {
		ir = ir_list(c->a);
		for (size_t i = 0; i < v->list.n; i++) {
			struct ir *x = mapping_value(c, v->list.v[i], use, map);

			if (!x || x->kind != IR_STR) {
				if (x)
					diag_error(c->d, v->list.v[i]->loc,
						   "a list in '%s' holds strings only: it is read at deploy time", map);
				return NULL;
			}
			ir_push(c->a, ir, x);
		}
		return ir;
	}
	strbuf_init(&b);
	if (v->kind == VAL_STR || v->kind == VAL_INT || v->kind == VAL_NUM || v->kind == VAL_BOOL) {
		eval_scalar_text(&b, v);
		ir = ir_str(c->a, b.s);
		strbuf_fini(&b);
		return ir;
	}
	strbuf_fini(&b);
	if (v->kind != VAL_ERROR) {
		struct diag *r = diag_error(c->d, v->loc,
					    "'%s' is read at deploy time, so it holds strings, numbers and lists of them, not %s",
					    map, val_a(v));

		diag_note(r, use, "a deploy-time key picks from it here");
	}
	return NULL;
}

/* The Mappings entry of a named map: two levels, as CloudFormation has
 * them; a map of plain values gets a second level "Value". */
static const char *mapping_of(struct eval_ctx *c, struct val *m, struct phx_loc use, bool *flat)
{
	struct ir *table, *have;
	bool maps = m->map.n > 0, plain = m->map.n > 0;

	for (size_t i = 0; i < m->map.n; i++) {
		if (m->map.v[i].val->kind == VAL_MAP)
			plain = false;
		else
			maps = false;
	}
	if (!maps && !plain) {
		diag_error(c->d, use, "a table read at deploy time has maps for all its values or none: '%s'",
			   m->name);
		return NULL;
	}
	*flat = plain;
	if (!c->mappings)
		c->mappings = ir_map(c->a);
	if ((have = ir_get(c->mappings, m->name)))
		return m->name;
	table = ir_map(c->a);
	for (size_t i = 0; i < m->map.n; i++) {
		struct val *row = m->map.v[i].val;
		struct ir *r = ir_map(c->a), *x;

		if (plain) {
			if (!(x = mapping_value(c, row, use, m->name)))
				return NULL;
			ir_append(c->a, r, "Value", x);
		} else {
			for (size_t j = 0; j < row->map.n; j++) {
				if (!(x = mapping_value(c, row->map.v[j].val, use, m->name)))
					return NULL;
				ir_append(c->a, r, row->map.v[j].key, x);
			}
		}
		ir_append(c->a, table, m->map.v[i].key, r);
	}
	ir_append(c->a, c->mappings, m->name, table);
	return m->name;
}

/* Fn::FindInMap [map, k1, k2]: a list when the table holds lists there. */
static struct val *find_in_map(struct eval_ctx *c, const char *map, struct ir *k1, struct ir *k2,
			       struct phx_loc loc)
{
	struct ir *args = ir_list(c->a), *table = ir_get(c->mappings, map);
	struct val *v;
	bool list = false;

	ir_push(c->a, args, ir_str(c->a, map));
	ir_push(c->a, args, k1);
	ir_push(c->a, args, k2);
	v = val_dyn(c, ir_fn(c->a, "Fn::FindInMap", args), loc);
	for (size_t i = 0; table && i < table->map.n; i++) {
		const struct ir *row = table->map.v[i].val, *x;

		if (k2->kind == IR_STR) {
			x = ir_get(row, k2->str.s);
			list |= x && x->kind == IR_LIST;
		} else {
			for (size_t j = 0; j < row->map.n; j++)
				list |= row->map.v[j].val->kind == IR_LIST;
		}
	}
	if (list)
		v->flags |= VAL_F_LIST;
	return v;
}

/* m[ix] where m is a map and ix is known at deploy time; or row[ix] where
 * row is a row picked at deploy time. NULL when neither applies. */
struct val *cond_index(struct eval_ctx *c, struct ast_node *n, struct val *m, struct val *ix)
{
	struct ir *key;
	bool flat;
	const char *map;

	if (m->kind == VAL_DYN && (m->flags & VAL_F_ROW)) {
		if (!(key = ix->kind == VAL_STR || comparable(ix) ? equals_side(c, ix) : NULL))
			return NULL;
		return find_in_map(c, m->pick->name, m->pick->key, key, n->loc);
	}
	if (m->kind != VAL_MAP || ix->kind != VAL_DYN || !comparable(ix))
		return NULL;
	if (!m->name) {
		struct diag *r = diag_error(c->d, n->index.index->loc,
					    "a key known only at deploy time needs a table named with 'let'");

		diag_hint(r, "let amis = { \"us-east-1\" = \"ami-1\" ... } at the top level, then amis[aws.region]: it becomes one of the template's Mappings");
		return val_err(c, n->loc);
	}
	if (!(map = mapping_of(c, m, n->loc, &flat)) || !(key = eval_to_ir(c, ix, NULL)))
		return val_err(c, n->loc);
	if (flat)
		return find_in_map(c, map, key, ir_str(c->a, "Value"), n->loc);
	{
		struct val_pick *p = ARENA_NEW(c->a, struct val_pick);
		struct val *row = val_dyn(c, NULL, n->loc);

		p->name = map;
		p->key = key;
		row->pick = p;
		row->flags |= VAL_F_ROW;
		return row;
	}
}
