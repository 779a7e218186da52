/* lsp_action.c - quick fixes, formatting (phxc fmt's fmt_file) and semantic
 * tokens (the scanner's tokens, classified).
 *
 * Quick fixes read what the check left in each diagnostic's data
 * (lsp_check.c): the did-you-mean of its hint, the required properties it
 * misses, the component it does not know. */
#include "phx.h"
#include "ast.h"
#include "driver.h"
#include "fmt.h"
#include "parse.h"
#include "lsp.h"

#include "phx-parse.h"

#include <stdlib.h>
#include <string.h>

static json_t *lsp_edit(struct srcfile *f, uint32_t start, uint32_t end, const char *text)
{
	return json_pack("{s:o,s:o}", "range", lsp_range(f, start, end), "newText", lsp_strz(text));
}

static void lsp_action_add(json_t *out, struct lsp_doc *d, const char *title, json_t *diag, json_t *edits,
			   bool preferred)
{
	json_t *a = json_object(), *changes = json_object();

	json_object_set_new(changes, d->uri, edits);
	json_object_set_new(a, "title", lsp_strz(title));
	json_object_set_new(a, "kind", json_string("quickfix"));
	if (diag)
		json_object_set_new(a, "diagnostics", json_pack("[O]", diag));
	json_object_set_new(a, "isPreferred", json_boolean(preferred));
	json_object_set_new(a, "edit", json_pack("{s:o}", "changes", changes));
	json_array_append_new(out, a);
}

/* A placeholder value for "'Name' (a string)" in a hint. */
static const char *lsp_placeholder(const char *hint, const char *name)
{
	char *pat = xasprintf("'%s' (", name);
	const char *p = hint ? strstr(hint, pat) : NULL;
	const char *v = "\"\"";

	if (p) {
		p += strlen(pat);
		if (!strncmp(p, "a list", 6))
			v = "[]";
		else if (!strncmp(p, "an object", 9))
			v = "{}";
		else if (!strncmp(p, "an integer", 10) || !strncmp(p, "a number", 8))
			v = "0";
		else if (!strncmp(p, "a boolean", 9))
			v = "false";
	}
	free(pat);
	return v;
}

static void lsp_fix_missing(json_t *out, struct lsp_doc *d, struct srcfile *f, json_t *diag,
			    json_t *data, uint32_t start)
{
	json_t *names = json_object_get(data, "missing"), *v;
	const char *hint = json_string_value(json_object_get(data, "hint"));
	uint32_t brace = start, ls;
	struct strbuf b, ind;
	size_t i;

	while (brace < f->len && brace < start + 400 && f->text[brace] != '{')
		brace++;
	if (brace >= f->len || f->text[brace] != '{' || !json_array_size(names))
		return;
	ls = brace;
	while (ls > 0 && f->text[ls - 1] != '\n')
		ls--;
	strbuf_init(&ind);
	for (uint32_t p = ls; p < brace && (f->text[p] == ' ' || f->text[p] == '\t'); p++)
		strbuf_addc(&ind, f->text[p]);
	strbuf_adds(&ind, "  ");
	strbuf_init(&b);
	json_array_foreach(names, i, v)
		strbuf_addf(&b, "\n%s%s = %s", ind.s, json_string_value(v),
			    lsp_placeholder(hint, json_string_value(v)));
	{
		char *title = xasprintf("Add the missing required propert%s",
					json_array_size(names) > 1 ? "ies" : "y");

		lsp_action_add(out, d, title, diag, json_pack("[o]", lsp_edit(f, brace + 1, brace + 1, b.s)), true);
		free(title);
	}
	strbuf_fini(&b);
	strbuf_fini(&ind);
}

static void lsp_fix_import(struct lsp_server *s, json_t *out, struct lsp_doc *d, struct srcfile *f,
			   json_t *diag, const char *comp)
{
	const struct lsp_module *m = lsp_modules_find_component(s, comp);
	uint32_t at = 0;
	char *text, *title;

	if (!m)
		return;
	/* after the last import of the file, else at its top */
	for (struct ast_node *n = d->comp->prog.items; n; n = n->next) {
		if (n->loc.file == 1 && n->kind == AST_IMPORT && n->loc.end > at) {
			at = n->loc.end;
			while (at < f->len && f->text[at] != '\n')
				at++;
			if (at < f->len)
				at++;
		}
	}
	text = xasprintf("import \"%s\"\n", m->name);
	title = xasprintf("Import \"%s\" (it defines component '%s')", m->name, comp);
	lsp_action_add(out, d, title, diag, json_pack("[o]", lsp_edit(f, at, at, text)), true);
	free(text);
	free(title);
}

void lsp_code_action(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	json_t *diags = json_object_get(json_object_get(params, "context"), "diagnostics"), *diag, *out;
	struct srcfile *f;
	size_t i;

	if (!d)
		return;
	f = src_get(&d->comp->srcs, 1);
	out = json_array();
	json_array_foreach(diags, i, diag) {
		json_t *data = json_object_get(diag, "data"), *range = json_object_get(diag, "range");
		const char *rep = json_string_value(json_object_get(data, "replace"));
		const char *comp = json_string_value(json_object_get(data, "component"));
		uint32_t a, b;

		if (!json_is_object(data) || !json_is_object(range))
			continue;
		a = lsp_doc_offset(d, json_object_get(range, "start"));
		b = lsp_doc_offset(d, json_object_get(range, "end"));
		if (b < a)
			continue;
		if (rep) {
			char *title = xasprintf("Change to '%s'", rep);

			lsp_action_add(out, d, title, diag, json_pack("[o]", lsp_edit(f, a, b, rep)), true);
			free(title);
		}
		if (json_object_get(data, "missing"))
			lsp_fix_missing(out, d, f, diag, data, a);
		if (comp)
			lsp_fix_import(s, out, d, f, diag, comp);
	}
	lsp_reply(s, id, out);
}

/* ---- formatting ---------------------------------------------------------------- */

void lsp_formatting(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	struct comp_opts o = { .max_errors = 10 };
	struct compilation c;
	char *text;
	size_t len;

	if (!d)
		return;
	comp_init(&c, &o);
	comp_load_text(&c, d->path, d->text, d->len);
	text = d->too_big ? NULL : fmt_file(c.arena, &c.diag, 1, &len);
	if (!text) {
		const struct diag *r = c.diag.head;
		unsigned line = 0, col = 0;

		if (r && src_get(&c.srcs, r->loc.file))
			src_linecol(src_get(&c.srcs, r->loc.file), r->loc.start, &line, &col);
		lsp_reply_error(s, id, LSP_REQUEST_FAILED, "cannot format: %u:%u: %s", line, col,
				r ? r->msg : "the document is too large");
	} else if (len == d->len && !memcmp(text, d->text, len)) {
		lsp_reply(s, id, json_array());
	} else {
		struct srcfile *f = src_get(&c.srcs, 1);

		lsp_reply(s, id, json_pack("[o]", lsp_edit(f, 0, (uint32_t)f->len, text)));
	}
	free(text);
	comp_fini(&c);
}

/* ---- semantic tokens --------------------------------------------------------------- */

enum { T_KEYWORD, T_STRING, T_NUMBER, T_PROPERTY, T_VARIABLE, T_TYPE, T_OPERATOR, T_FUNCTION };

json_t *lsp_semantic_legend(void)
{
	return json_pack("{s:[s,s,s,s,s,s,s,s],s:[]}", "tokenTypes", "keyword", "string", "number",
			 "property", "variable", "type", "operator", "function", "tokenModifiers");
}

static int lsp_token_type(struct parse_token *t, size_t n, size_t i)
{
	int k = t[i].kind, next = i + 1 < n ? t[i + 1].kind : 0, prev = i ? t[i - 1].kind : 0;

	if (k >= STACK && k <= FALSE)
		return T_KEYWORD;
	switch (k) {
	case STR_START: case STR_TEXT: case STR_END:
		if (i >= 2 && prev == STR_START && t[i - 2].kind == IDENT && i >= 3 && t[i - 3].kind == RESOURCE)
			return T_TYPE;
		return T_STRING;
	case INT: case DECIMAL: case UNIT:
		return T_NUMBER;
	case IDENT:
		if (next == IDENT)
			return T_FUNCTION;
		if (next == '=' || next == '{')
			return prev == RESOURCE || prev == IDENT || prev == STACK || prev == ENV ||
			       prev == OUTPUT || prev == EXPORT ? T_VARIABLE : T_PROPERTY;
		if (next == '(')
			return T_FUNCTION;
		return T_VARIABLE;
	case INTERP_START: case INTERP_END:
		return T_OPERATOR;
	default:
		return -1;
	}
}

void lsp_semantic_tokens(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	struct parse_token *t;
	struct srcfile *f;
	json_t *data;
	size_t n;
	json_int_t pline = 0, pchar = 0;

	if (!d)
		return;
	f = src_get(&d->comp->srcs, 1);
	n = lsp_doc_tokens(d, &t);
	data = json_array();
	for (size_t i = 0; i < n; i++) {
		int type = lsp_token_type(t, n, i);
		json_t *a, *b;
		json_int_t line, ch, endline, endch;

		if (type < 0 || t[i].loc.end <= t[i].loc.start)
			continue;
		a = lsp_pos(f, t[i].loc.start);
		b = lsp_pos(f, t[i].loc.end);
		line = json_integer_value(json_object_get(a, "line"));
		ch = json_integer_value(json_object_get(a, "character"));
		endline = json_integer_value(json_object_get(b, "line"));
		endch = json_integer_value(json_object_get(b, "character"));
		json_decref(a);
		json_decref(b);
		if (endline != line)
			continue;	/* tokens never span lines in this encoding */
		json_array_append_new(data, json_integer(line - pline));
		json_array_append_new(data, json_integer(line == pline ? ch - pchar : ch));
		json_array_append_new(data, json_integer(endch - ch));
		json_array_append_new(data, json_integer(type));
		json_array_append_new(data, json_integer(0));
		pline = line;
		pchar = ch;
	}
	lsp_reply(s, id, json_pack("{s:o}", "data", data));
}
