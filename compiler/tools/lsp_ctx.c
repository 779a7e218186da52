/* lsp_ctx.c - what surrounds the cursor, read from the token stream.
 *
 * Completion and hover must work in a half-written line that does not
 * parse, so the context comes from the scanner's tokens (parse_tokens: the
 * same scanner as the compiler), not from the AST: a walk from the start of
 * the file to the cursor keeps a stack of the brackets that are open and
 * what opened each one (a resource of a type, a property object, a list, a
 * component instance...), and the schema shape that goes with it. */
#include "phx.h"
#include "driver.h"
#include "parse.h"
#include "schema.h"
#include "lsp.h"

#include "phx-parse.h"

#include <ctype.h>
#include <string.h>

struct lsp_walk {
	struct lsp_ctx *c;
	const char *text;
	struct parse_token *t;
	size_t n;
	uint32_t strs[LSP_MAX_FRAMES];	/* token indexes of the open strings */
	int nstrs;
};

static void lsp_copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void lsp_tok_text(struct lsp_walk *w, size_t i, char *dst, size_t cap)
{
	lsp_copy(dst, cap, w->text + w->t[i].loc.start, w->t[i].loc.end - w->t[i].loc.start);
}

static int lsp_kind(struct lsp_walk *w, long i)
{
	return i >= 0 && (size_t)i < w->n ? w->t[i].kind : -1;
}

static bool lsp_is_body(const struct lsp_frame *f)
{
	return f->kind == LSP_F_TOP || f->kind == LSP_F_BODY;
}

/* Tokens after which a value is complete. */
static bool lsp_ends_value(int k)
{
	switch (k) {
	case IDENT: case STR_END: case INT: case DECIMAL: case UNIT: case TRUE: case FALSE:
	case '}': case ']': case ')':
		return true;
	default:
		return false;
	}
}

const struct schema_prop_rec *lsp_ctx_prop(const struct lsp_frame *f, const char *key)
{
	return f && f->shape && key[0] ? schema_prop(f->shape, key) : NULL;
}

/* The shape of the objects a property value holds (itself or its items). */
static const struct schema_shape_rec *lsp_val_shape(const struct schema_val_rec *v)
{
	if (!v)
		return NULL;
	if ((schema_val_kinds(v) & SCHEMA_LIST) && !(schema_val_kinds(v) & SCHEMA_OBJECT))
		v = schema_val_item(v);
	return schema_val_shape(v);
}

/* The key of the entry whose '=' or '{' is token i-1 / i: an identifier, a
 * keyword used as a key, or a plain string. */
static void lsp_key_before(struct lsp_walk *w, long i, char *dst, size_t cap)
{
	int k = lsp_kind(w, i);

	dst[0] = '\0';
	if (k == STR_END && lsp_kind(w, i - 1) == STR_TEXT && lsp_kind(w, i - 2) == STR_START)
		lsp_tok_text(w, (size_t)i - 1, dst, cap);
	else if (k == IDENT || k == ENV || k == EXPORT || k == IN || k == THEN || k == ELSE)
		lsp_tok_text(w, (size_t)i, dst, cap);
}

static struct lsp_frame *lsp_push(struct lsp_walk *w, enum lsp_frame_kind kind, uint32_t open)
{
	struct lsp_ctx *c = w->c;
	struct lsp_frame *parent = &c->frames[c->nframes - 1], *f;

	if (c->nframes == LSP_MAX_FRAMES)
		return NULL;
	f = &c->frames[c->nframes++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->open = open;
	f->in_component = parent->in_component;
	f->type = parent->type;
	return f;
}

static void lsp_open_brace(struct lsp_walk *w, size_t i)
{
	struct lsp_ctx *c = w->c;
	struct lsp_frame *parent = &c->frames[c->nframes - 1], *f;
	int prev = lsp_kind(w, (long)i - 1), prev2 = lsp_kind(w, (long)i - 2);
	uint32_t at = w->t[i].loc.start;
	char key[128];

	if (lsp_is_body(parent)) {
		int stmt = parent->stmt;

		parent->stmt = 0;
		if (prev == ')' && stmt == COMPONENT) {
			if ((f = lsp_push(w, LSP_F_BODY, at))) {
				f->in_component = true;
				memcpy(f->name, parent->stmt_name, sizeof(f->name));
			}
		} else if (prev == STR_END && stmt == RESOURCE) {
			char type[128] = "";

			if (prev2 == STR_TEXT)
				lsp_tok_text(w, i - 2, type, sizeof(type));
			if ((f = lsp_push(w, LSP_F_RESOURCE, at))) {
				f->type = schema_type(type);
				f->shape = f->type ? schema_type_props(f->type) : NULL;
			}
		} else if (prev2 == STACK) {
			lsp_push(w, LSP_F_STACK, at);
		} else if (prev2 == ENV) {
			lsp_push(w, LSP_F_ENV, at);
		} else if (stmt == IF || stmt == ELSE || stmt == FOR) {
			lsp_push(w, LSP_F_BODY, at);
		} else if (prev == IDENT && prev2 == IDENT) {
			if ((f = lsp_push(w, LSP_F_INSTANCE, at)))
				lsp_tok_text(w, i - 2, f->name, sizeof(f->name));
		} else if (stmt == PARAM) {
			lsp_push(w, LSP_F_PARAM, at);
		} else if (stmt == OUTPUT) {
			lsp_push(w, LSP_F_OUTPUT, at);
		} else {
			lsp_push(w, LSP_F_MAP, at);
		}
		return;
	}
	if (parent->kind == LSP_F_LIST) {
		const struct schema_val_rec *v = parent->val;

		if ((f = lsp_push(w, LSP_F_OBJECT, at))) {
			memcpy(f->key, parent->key, sizeof(f->key));
			f->shape = v ? schema_val_shape(schema_val_item(v)) : NULL;
		}
		return;
	}
	if (prev == '=')
		lsp_key_before(w, (long)i - 2, key, sizeof(key));
	else
		lsp_key_before(w, (long)i - 1, key, sizeof(key));
	if (!key[0] || parent->kind == LSP_F_PAREN || parent->kind == LSP_F_INTERP) {
		lsp_push(w, LSP_F_MAP, at);
		return;
	}
	if ((f = lsp_push(w, LSP_F_OBJECT, at))) {
		const struct schema_prop_rec *p = lsp_ctx_prop(parent, key);

		/* ARG { in an instance: a record argument of that component */
		if (parent->kind == LSP_F_INSTANCE)
			memcpy(f->name, parent->name, sizeof(f->name));
		memcpy(f->key, key, sizeof(f->key));
		f->shape = p ? lsp_val_shape(schema_prop_val(p)) : NULL;
	}
}

static void lsp_open_list(struct lsp_walk *w, size_t i)
{
	struct lsp_ctx *c = w->c;
	struct lsp_frame *parent = &c->frames[c->nframes - 1], *f;
	char key[128] = "";

	if (lsp_kind(w, (long)i - 1) == '=' && !lsp_is_body(parent))
		lsp_key_before(w, (long)i - 2, key, sizeof(key));
	if ((f = lsp_push(w, LSP_F_LIST, w->t[i].loc.start))) {
		const struct schema_prop_rec *p = lsp_ctx_prop(parent, key);

		memcpy(f->key, key, sizeof(f->key));
		f->val = p ? schema_prop_val(p) : NULL;
	}
}

static void lsp_pop(struct lsp_walk *w)
{
	if (w->c->nframes > 1)
		w->c->nframes--;
}

/* One token of the walk. */
static void lsp_step(struct lsp_walk *w, size_t i)
{
	struct lsp_ctx *c = w->c;
	struct lsp_frame *top = &c->frames[c->nframes - 1];
	int k = w->t[i].kind, prev = lsp_kind(w, (long)i - 1);

	switch (k) {
	case '{':
		lsp_open_brace(w, i);
		break;
	case '[':
		lsp_open_list(w, i);
		break;
	case '(':
		lsp_push(w, LSP_F_PAREN, w->t[i].loc.start);
		break;
	case INTERP_START:
		lsp_push(w, LSP_F_INTERP, w->t[i].loc.start);
		break;
	case '}':
	case ']':
	case ')':
	case INTERP_END:
		lsp_pop(w);
		break;
	case STR_START:
		if (w->nstrs < LSP_MAX_FRAMES)
			w->strs[w->nstrs++] = (uint32_t)i;
		break;
	case STR_END:
		if (w->nstrs)
			w->nstrs--;
		break;
	case RESOURCE: case PARAM: case OUTPUT: case ENV: case STACK: case COMPONENT:
	case IMPORT: case EXPORT: case FOR:
		if (lsp_is_body(top) && (k != ENV || lsp_kind(w, (long)i + 1) == IDENT)) {
			top->stmt = k;
			top->stmt_name[0] = '\0';
		}
		break;
	case IF:
		if (lsp_is_body(top) && (prev < 0 || lsp_ends_value(prev)))
			top->stmt = IF;
		break;
	case ELSE:
		if (lsp_is_body(top) && prev == '}')
			top->stmt = ELSE;
		break;
	case IDENT:
		if (lsp_is_body(top) && prev == COMPONENT)
			lsp_tok_text(w, i, top->stmt_name, sizeof(top->stmt_name));
		break;
	default:
		break;
	}
}

static bool lsp_word_char(char ch)
{
	return isalnum((unsigned char)ch) || ch == '_';
}

/* Where in a body an item is being written. */
static enum lsp_where lsp_where_body(struct lsp_walk *w, long j)
{
	int prev = lsp_kind(w, j);

	switch (prev) {
	case -1: case '}': case STR_END: case INT: case DECIMAL: case UNIT: case TRUE: case FALSE:
	case ']': case ')':
		return LSP_AT_ITEM;
	case RESOURCE: case PARAM: case OUTPUT: case ENV: case STACK: case COMPONENT: case EXPORT:
	case FOR: case IMPORT:
		return LSP_AT_NOTHING;
	case IDENT:
		/* COMPONENT NAME: the instance is being named */
		if (j == 0 || lsp_kind(w, j - 1) == '}' || lsp_kind(w, j - 1) == STR_END)
			return lsp_kind(w, j - 1) == STR_END ? LSP_AT_ITEM : LSP_AT_NOTHING;
		return LSP_AT_ITEM;
	default:
		return LSP_AT_VALUE;
	}
}

/* Only blanks between the start of the line and offset off. */
static bool lsp_line_start(const char *text, uint32_t off)
{
	while (off > 0 && text[off - 1] != '\n') {
		if (text[off - 1] != ' ' && text[off - 1] != '\t')
			return false;
		off--;
	}
	return true;
}

const struct lsp_frame *lsp_ctx_block(const struct lsp_ctx *c)
{
	for (int i = c->nframes - 1; i >= 0; i--) {
		enum lsp_frame_kind k = c->frames[i].kind;

		if (k != LSP_F_PAREN && k != LSP_F_INTERP && k != LSP_F_LIST)
			return &c->frames[i];
	}
	return &c->frames[0];
}

void lsp_ctx_at(struct lsp_doc *d, uint32_t off, struct lsp_ctx *c)
{
	struct lsp_walk w;
	struct srcfile *f;
	size_t i;
	long j;
	uint32_t ws;

	memset(c, 0, sizeof(*c));
	c->nframes = 1;
	c->frames[0].kind = LSP_F_TOP;
	c->where = LSP_AT_NOTHING;
	if (!d->comp || !(f = src_get(&d->comp->srcs, 1)))
		return;
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.text = f->text;
	w.n = lsp_doc_tokens(d, &w.t);
	if (off > f->len)
		off = (uint32_t)f->len;
	/* the word being typed: letters, digits and '_' just before the cursor */
	ws = off;
	while (ws > 0 && lsp_word_char(f->text[ws - 1]))
		ws--;
	c->prefix_start = ws;
	lsp_copy(c->prefix, sizeof(c->prefix), f->text + ws, off - ws);
	/* walk the tokens that start before the word */
	for (i = 0; i < w.n && w.t[i].loc.start < ws; i++) {
		/* a string still open at the cursor: stop inside it */
		if (w.t[i].kind == STR_END && w.t[i].loc.start >= off)
			break;
		lsp_step(&w, i);
	}
	/* inside a string (not inside an interpolation of it) */
	if (w.nstrs && c->frames[c->nframes - 1].kind != LSP_F_INTERP) {
		size_t s = w.strs[w.nstrs - 1];
		uint32_t start = w.t[s].loc.end;

		c->str_start = start;
		c->str_end = off;
		for (size_t k = s + 1; k < w.n; k++) {
			if (w.t[k].kind == STR_END) {
				c->str_end = w.t[k].loc.start;
				/* not a quote that the repair of a truncated text added (lsp_check.c) */
				c->str_closed = w.t[k].loc.end > w.t[k].loc.start && w.t[k].loc.start < d->len;
				break;
			}
			if (w.t[k].kind != STR_TEXT)
				break;
		}
		if (c->str_end < off)
			c->str_end = off;
		c->prefix_start = start;
		lsp_copy(c->prefix, sizeof(c->prefix), f->text + start, off > start ? off - start : 0);
		if (lsp_kind(&w, (long)s - 1) == IMPORT)
			c->where = LSP_AT_IMPORT;
		else if (lsp_kind(&w, (long)s - 1) == IDENT && lsp_kind(&w, (long)s - 2) == RESOURCE)
			c->where = LSP_AT_TYPE;
		else
			c->where = LSP_AT_STRING;
		if (lsp_kind(&w, (long)s - 1) == '=')
			lsp_key_before(&w, (long)s - 2, c->key, sizeof(c->key));
		goto done;
	}
	/* in a comment: a '#' between the last token and the cursor, on its line */
	{
		uint32_t from = i ? w.t[i - 1].loc.end : 0;

		for (uint32_t p = off; p > from; p--) {
			if (f->text[p - 1] == '\n')
				break;
			if (f->text[p - 1] == '#') {
				c->where = LSP_AT_NOTHING;
				goto done;
			}
		}
	}
	j = (long)i - 1;
	if (lsp_kind(&w, j) == '.' && (lsp_kind(&w, j - 1) == IDENT || lsp_kind(&w, j - 1) == ENV)) {
		long k = j - 1;
		char tmp[4][128];
		int n = 0;

		/* env is a keyword token, and a name before a dot */
		while (n < 4 && (lsp_kind(&w, k) == IDENT || lsp_kind(&w, k) == ENV)) {
			lsp_tok_text(&w, (size_t)k, tmp[n], sizeof(tmp[n]));
			n++;
			if (lsp_kind(&w, k - 1) != '.')
				break;
			k -= 2;
		}
		for (int m = 0; m < n; m++)
			memcpy(c->member[m], tmp[n - 1 - m], sizeof(c->member[m]));
		c->nmember = n;
		c->where = LSP_AT_MEMBER;
		goto done;
	}
	{
		const struct lsp_frame *top = &c->frames[c->nframes - 1];
		int prev = lsp_kind(&w, j);

		/* "Key =" left unfinished on an earlier line, a word at the start of
		 * this one: newlines mean nothing to the parser, but this is a new
		 * entry (or item) being written, not the value */
		if (prev == '=' && lsp_line_start(f->text, ws) && w.t[j].loc.end <= ws &&
		    memchr(f->text + w.t[j].loc.end, '\n', ws - w.t[j].loc.end))
			prev = '}';

		if (lsp_is_body(top)) {
			c->where = prev == '}' ? LSP_AT_ITEM : lsp_where_body(&w, j);
			if (c->where == LSP_AT_VALUE && prev == '=')
				c->key[0] = '\0';
		} else if (top->kind == LSP_F_PAREN || top->kind == LSP_F_INTERP) {
			c->where = LSP_AT_VALUE;
		} else if (top->kind == LSP_F_LIST) {
			c->where = LSP_AT_VALUE;
			memcpy(c->key, top->key, sizeof(c->key));
		} else if (prev == '{' || prev == ',' || lsp_ends_value(prev)) {
			c->where = LSP_AT_KEY;
		} else {
			c->where = LSP_AT_VALUE;
			if (prev == '=')
				lsp_key_before(&w, j - 1, c->key, sizeof(c->key));
		}
	}
done:
	/* the outermost body of a component names it */
	for (int k = 1; k < c->nframes; k++) {
		if (c->frames[k].kind == LSP_F_BODY && c->frames[k].in_component) {
			memcpy(c->comp_name, c->frames[k].name, sizeof(c->comp_name));
			break;
		}
	}
}
