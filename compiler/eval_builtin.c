/* eval_builtin.c - the built-in functions (their signatures are in lang.c). */
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

/* ---- built-in functions ----------------------------------------------------- */

struct call_args {
	struct val *pos[4];
	size_t npos;
	struct val *key;	/* secret(name, key = ...) */
	struct val *version;
};

static bool want_str(struct eval_ctx *c, struct val *v, const char *fn, const char **out)
{
	if (v->kind == VAL_STR) {
		*out = v->str.s;
		return true;
	}
	if (v->kind != VAL_ERROR)
		diag_error(c->d, v->loc, "%s() needs a string here, not %s", fn, val_a(v));
	return false;
}

static bool want_int(struct eval_ctx *c, struct val *v, const char *fn, int64_t lo, int64_t hi,
		     int64_t *out)
{
	if (v->kind == VAL_INT && v->i >= lo && v->i <= hi) {
		*out = v->i;
		return true;
	}
	if (v->kind == VAL_INT)
		diag_error(c->d, v->loc, "%s() needs a number from %lld to %lld here", fn,
			   (long long)lo, (long long)hi);
	else if (v->kind != VAL_ERROR && !val_compile_time(v))
		eval_need_compile_time(c, v, fn);
	else if (v->kind != VAL_ERROR)
		diag_error(c->d, v->loc, "%s() needs an integer here, not %s", fn, val_a(v));
	return false;
}

/* azs(n): n availability zones of the stack's region, each
 * Fn::Select [i, Fn::GetAZs ""]: a list of known length. */
static struct val *fn_azs(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t count;
	struct val *out;
	size_t cap = 0;

	if (!a->npos) {
		/* every zone of the region, known at deploy time */
		out = val_dyn(c, ir_fn(c->a, "Fn::GetAZs", ir_str(c->a, "")), n->loc);
		out->flags |= VAL_F_LIST;
		return out;
	}
	if (!want_int(c, a->pos[0], "azs", 1, 6, &count))
		return val_err(c, n->loc);
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = 0; i < count; i++) {
		struct ir *args = ir_list(c->a);

		ir_push(c->a, args, ir_int(c->a, i));
		ir_push(c->a, args, ir_fn(c->a, "Fn::GetAZs", ir_str(c->a, "")));
		val_push(c, out, val_dyn(c, ir_fn(c->a, "Fn::Select", args), n->loc), &cap);
	}
	return out;
}

/* cidr(block, count, bits): count subnets of 2^bits addresses each. */
static struct val *fn_cidr(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t count, bits;
	struct val *out;
	struct ir *block;
	size_t cap = 0;

	if (!want_int(c, a->pos[1], "cidr", 1, 256, &count) ||
	    !want_int(c, a->pos[2], "cidr", 4, 128, &bits))
		return val_err(c, n->loc);
	block = eval_to_ir(c, a->pos[0], NULL);
	if (!block)
		return val_err(c, n->loc);
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = 0; i < count; i++) {
		struct ir *cargs = ir_list(c->a), *sargs = ir_list(c->a);

		ir_push(c->a, cargs, block);
		ir_push(c->a, cargs, ir_int(c->a, count));
		ir_push(c->a, cargs, ir_int(c->a, bits));
		ir_push(c->a, sargs, ir_int(c->a, i));
		ir_push(c->a, sargs, ir_fn(c->a, "Fn::Cidr", cargs));
		val_push(c, out, val_dyn(c, ir_fn(c->a, "Fn::Select", sargs), n->loc), &cap);
	}
	return out;
}

static void json_quote(struct strbuf *b, const char *s, size_t len)
{
	strbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '"' || ch == '\\')
			strbuf_addf(b, "\\%c", ch);
		else if (ch == '\n')
			strbuf_adds(b, "\\n");
		else if (ch == '\t')
			strbuf_adds(b, "\\t");
		else if (ch < 0x20)
			strbuf_addf(b, "\\u%04x", ch);
		else
			strbuf_addc(b, (char)ch);
	}
	strbuf_addc(b, '"');
}

/* json(value): a JSON document as a string (ECR lifecycle policies, ...).
 * Deploy-time values inside go through Fn::Sub. */
static bool json_write(struct eval_ctx *c, struct strbuilder *sb, struct val *v)
{
	struct strbuf t;

	strbuf_init(&t);
	switch (v->kind) {
	case VAL_STR:
		json_quote(&t, v->str.s, v->str.len);
		sb_text(sb, t.s, t.len);
		break;
	case VAL_INT:
	case VAL_NUM:
	case VAL_BOOL:
		eval_scalar_text(&t, v);
		sb_text(sb, t.s, t.len);
		break;
	case VAL_LIST:
		sb_text(sb, "[", 1);
		for (size_t i = 0; i < v->list.n; i++) {
			if (i)
				sb_text(sb, ",", 1);
			if (!json_write(c, sb, v->list.v[i]))
				goto fail;
		}
		sb_text(sb, "]", 1);
		break;
	case VAL_MAP:
		sb_text(sb, "{", 1);
		for (size_t i = 0; i < v->map.n; i++) {
			strbuf_fini(&t);
			strbuf_init(&t);
			if (i)
				strbuf_addc(&t, ',');
			json_quote(&t, v->map.v[i].key, strlen(v->map.v[i].key));
			strbuf_addc(&t, ':');
			sb_text(sb, t.s, t.len);
			if (!json_write(c, sb, v->map.v[i].val))
				goto fail;
		}
		sb_text(sb, "}", 1);
		break;
	case VAL_DYN:
	case VAL_RES:
		sb_text(sb, "\"", 1);
		sb_value(c, sb, v, v->loc);
		sb_text(sb, "\"", 1);
		break;
	case VAL_QTY:
		diag_error(c->d, v->loc, "json() cannot write %s: write the number", val_a(v));
		goto fail;
	case VAL_ERROR:
		goto fail;
	case VAL_INST:
		diag_error(c->d, v->loc, "json() cannot write a component instance");
		goto fail;
	}
	strbuf_fini(&t);
	return true;
fail:
	strbuf_fini(&t);
	return false;
}

static struct val *fn_json(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct strbuilder sb;

	sb_init(&sb);
	if (!json_write(c, &sb, a->pos[0]))
		sb.failed = true;
	return sb_finish(c, &sb, n->loc);
}

static struct val *fn_join(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *sep;
	struct val *l = a->pos[1];
	struct strbuilder sb;

	if (!want_str(c, a->pos[0], "join", &sep))
		return val_err(c, n->loc);
	if (l->kind == VAL_DYN && (l->flags & VAL_F_LIST)) {
		struct ir *args = ir_list(c->a);

		struct ir *x = val_dyn_ir(c, l);

		if (!x)
			return val_err(c, n->loc);
		ir_push(c->a, args, ir_str(c->a, sep));
		ir_push(c->a, args, x);
		return val_dyn(c, ir_fn(c->a, "Fn::Join", args), n->loc);
	}
	if (l->kind != VAL_LIST) {
		if (l->kind != VAL_ERROR)
			diag_error(c->d, l->loc, "join() needs a list, not %s", val_a(l));
		return val_err(c, n->loc);
	}
	sb_init(&sb);
	for (size_t i = 0; i < l->list.n; i++) {
		if (i)
			sb_text(&sb, sep, strlen(sep));
		sb_value(c, &sb, l->list.v[i], l->list.v[i]->loc);
	}
	return sb_finish(c, &sb, n->loc);
}

static struct val *fn_split(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *sep, *s;
	struct val *out;
	size_t cap = 0, seplen;

	if (!want_str(c, a->pos[0], "split", &sep))
		return val_err(c, n->loc);
	if (a->pos[1]->kind == VAL_DYN && !(a->pos[1]->flags & VAL_F_LIST)) {
		struct ir *args = ir_list(c->a), *x = val_dyn_ir(c, a->pos[1]);
		struct val *v;

		if (!x)
			return val_err(c, n->loc);
		ir_push(c->a, args, ir_str(c->a, sep));
		ir_push(c->a, args, x);
		v = val_dyn(c, ir_fn(c->a, "Fn::Split", args), n->loc);
		v->flags |= VAL_F_LIST;
		return v;
	}
	if (!want_str(c, a->pos[1], "split", &s))
		return val_err(c, n->loc);
	seplen = strlen(sep);
	if (!seplen) {
		diag_error(c->d, a->pos[0]->loc, "split() needs a separator that is not empty");
		return val_err(c, n->loc);
	}
	out = val_new(c, VAL_LIST, n->loc);
	for (;;) {
		const char *hit = strstr(s, sep);
		size_t len = hit ? (size_t)(hit - s) : strlen(s);

		val_push(c, out, val_str(c, s, len, n->loc), &cap);
		if (!hit)
			break;
		s = hit + seplen;
	}
	return out;
}

static struct val *fn_case(struct eval_ctx *c, struct ast_node *n, struct call_args *a, bool up)
{
	const char *s;
	char *t;

	if (!want_str(c, a->pos[0], up ? "upper" : "lower", &s))
		return val_err(c, n->loc);
	t = arena_strdup(c->a, s);
	for (char *p = t; *p; p++)
		*p = (char)(up ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
	return val_str(c, t, strlen(t), n->loc);
}

static struct val *fn_upper(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return fn_case(c, n, a, true);
}

static struct val *fn_lower(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return fn_case(c, n, a, false);
}

static struct val *fn_length(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct val *v = a->pos[0];

	switch (v->kind) {
	case VAL_LIST:
		return val_int(c, (int64_t)v->list.n, n->loc);
	case VAL_MAP:
		return val_int(c, (int64_t)v->map.n, n->loc);
	case VAL_STR:
		return val_int(c, (int64_t)v->str.len, n->loc);
	case VAL_ERROR:
		return v;
	case VAL_DYN:
		if (v->flags & VAL_F_LIST) {
			/* Fn::Length, from the AWS::LanguageExtensions transform */
			struct ir *x = val_dyn_ir(c, v);

			if (!x)
				return val_err(c, n->loc);
			c->lang_ext = true;
			return val_dyn(c, ir_fn(c->a, "Fn::Length", x), n->loc);
		}
		/* fall through */
	default:
		if (!val_compile_time(v))
			eval_need_compile_time(c, v, "length()");
		else
			diag_error(c->d, v->loc, "length() needs a list, a map or a string, not %s",
				   val_a(v));
		return val_err(c, n->loc);
	}
}

static struct val *fn_range(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	int64_t lo = 0, hi;
	struct val *out;
	size_t cap = 0;

	if (a->npos == 2) {
		if (!want_int(c, a->pos[0], "range", INT32_MIN, INT32_MAX, &lo) ||
		    !want_int(c, a->pos[1], "range", lo, lo + EVAL_MAX_LIST, &hi))
			return val_err(c, n->loc);
	} else if (!want_int(c, a->pos[0], "range", 0, EVAL_MAX_LIST, &hi)) {
		return val_err(c, n->loc);
	}
	out = val_new(c, VAL_LIST, n->loc);
	for (int64_t i = lo; i < hi; i++)
		val_push(c, out, val_int(c, i, n->loc), &cap);
	return out;
}

/* Dynamic references: the value is resolved by CloudFormation at deploy
 * time and never written into the template. */
static struct val *dynref(struct eval_ctx *c, struct ast_node *n, const char *service,
			  struct val *name, const char *tail, unsigned flags)
{
	struct strbuilder sb;
	struct val *v;

	sb_init(&sb);
	sb_text(&sb, "{{resolve:", 10);
	sb_text(&sb, service, strlen(service));
	sb_text(&sb, ":", 1);
	sb_value(c, &sb, name, name->loc);
	if (tail)
		sb_text(&sb, tail, strlen(tail));
	sb_text(&sb, "}}", 2);
	v = sb_finish(c, &sb, n->loc);
	v->flags |= VAL_F_RESOLVE | flags;
	return v;
}

static struct val *fn_ssm(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return dynref(c, n, "ssm", a->pos[0], NULL, 0);
}

static struct val *fn_ssm_secure(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	return dynref(c, n, "ssm-secure", a->pos[0], NULL, VAL_F_SSM_SECURE);
}

/* secret(name, key = "password"): {{resolve:secretsmanager:name:SecretString:key}} */
static struct val *fn_secret(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	const char *key = NULL;
	char *tail;

	if (a->key && !want_str(c, a->key, "secret", &key))
		return val_err(c, n->loc);
	tail = key ? xasprintf(":SecretString:%s", key) : NULL;
	{
		struct val *v = dynref(c, n, "secretsmanager", a->pos[0], tail, 0);

		free(tail);
		return v;
	}
}

/* base64(s): the encoding when s is known, else Fn::Base64 (EC2 user data). */
static struct val *fn_base64(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct val *v = a->pos[0];
	struct strbuf b;
	struct val *out;

	if (v->kind == VAL_DYN && !(v->flags & VAL_F_LIST)) {
		struct ir *x = val_dyn_ir(c, v);

		return x ? val_dyn(c, ir_fn(c->a, "Fn::Base64", x), n->loc) : val_err(c, n->loc);
	}
	if (v->kind != VAL_STR) {
		diag_error(c->d, v->loc, "base64() needs a string, not %s", val_a(v));
		return val_err(c, n->loc);
	}
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < v->str.len; i += 3) {
		const unsigned char *p = (const unsigned char *)v->str.s + i;
		size_t left = v->str.len - i;
		uint32_t x = (uint32_t)p[0] << 16 | (left > 1 ? (uint32_t)p[1] << 8 : 0) |
			     (left > 2 ? p[2] : 0);

		strbuf_addc(&b, digits[(x >> 18) & 63]);
		strbuf_addc(&b, digits[(x >> 12) & 63]);
		strbuf_addc(&b, left > 1 ? digits[(x >> 6) & 63] : '=');
		strbuf_addc(&b, left > 2 ? digits[x & 63] : '=');
	}
	out = val_str(c, b.s, b.len, n->loc);
	strbuf_fini(&b);
	return out;
}

/* logical_id(resource): its logical ID as a string ("AppAsg"), for the
 * places CloudFormation wants the name itself (cfn-signal --resource). */
static struct val *fn_logical_id(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct val *v = a->pos[0];

	if (v->kind != VAL_RES) {
		diag_error(c->d, v->loc, "logical_id() needs a resource, not %s", val_a(v));
		return val_err(c, n->loc);
	}
	return val_str(c, v->res->logical_id, strlen(v->res->logical_id), n->loc);
}

typedef struct val *builtin_fn(struct eval_ctx *c, struct ast_node *n, struct call_args *a);

/* import_value(name): an export of another stack, read at deploy time. */
static struct val *fn_import_value(struct eval_ctx *c, struct ast_node *n, struct call_args *a)
{
	struct val *v = a->pos[0];
	struct ir *x;

	if (v->kind != VAL_STR && !(v->kind == VAL_DYN && !(v->flags & (VAL_F_LIST | VAL_F_COND)))) {
		if (v->kind != VAL_ERROR)
			diag_error(c->d, v->loc, "import_value() needs an export's name, a string, not %s",
				   val_a(v));
		return val_err(c, n->loc);
	}
	if (!(x = eval_to_ir(c, v, NULL)))
		return val_err(c, n->loc);
	return val_dyn(c, ir_fn(c->a, "Fn::ImportValue", x), n->loc);
}

static builtin_fn *const builtin_impls[LANG_FN_COUNT] = {
	[LANG_FN_AZS] = fn_azs,
	[LANG_FN_CIDR] = fn_cidr,
	[LANG_FN_JSON] = fn_json,
	[LANG_FN_JOIN] = fn_join,
	[LANG_FN_SPLIT] = fn_split,
	[LANG_FN_UPPER] = fn_upper,
	[LANG_FN_LOWER] = fn_lower,
	[LANG_FN_LENGTH] = fn_length,
	[LANG_FN_RANGE] = fn_range,
	[LANG_FN_SSM] = fn_ssm,
	[LANG_FN_SSM_SECURE] = fn_ssm_secure,
	[LANG_FN_SECRET] = fn_secret,
	[LANG_FN_BASE64] = fn_base64,
	[LANG_FN_LOGICAL_ID] = fn_logical_id,
	[LANG_FN_IMPORT_VALUE] = fn_import_value,
};

struct val *eval_call(struct eval_ctx *c, struct xscope *sc, struct ast_node *n)
{
	const struct builtin *b = lang_builtin_find(n->call.fn.name);
	struct call_args a;

	memset(&a, 0, sizeof(a));
	if (!b)
		return val_err(c, n->loc);	/* reported by sema */
	for (struct ast_node *q = n->call.args; q; q = q->next) {
		if (q->kind == AST_ENTRY) {
			if (!strcmp(q->entry.key.name, "key"))
				a.key = eval_expr(c, sc, q->entry.value);
			continue;
		}
		if (a.npos < PHX_ARRAY_SIZE(a.pos))
			a.pos[a.npos] = eval_expr(c, sc, q);
		a.npos++;
	}
	if (a.npos < b->min_args || a.npos > b->max_args)
		return val_err(c, n->loc);	/* reported by sema */
	for (size_t i = 0; i < a.npos; i++)
		if (a.pos[i]->kind == VAL_ERROR)
			return val_err(c, n->loc);
	return builtin_impls[b->fn](c, n, &a);
}
