/* lsp_check.c - a document checked as `phxc check` checks it: parse,
 * resolve, check, then lower for every environment; the diag queue becomes
 * textDocument/publishDiagnostics.
 *
 * The document is file 1 of a fresh compilation, named by its path, so its
 * relative imports and the module search path work as on the command line.
 * Imported modules that are open in the editor are read from their unsaved
 * text (comp_opts.read_module). The compilation is kept: hover, completion
 * and the rest read its AST and symbols until the next check.
 *
 * A program that stops in the middle of an item (the usual state at the end
 * of a file being typed) makes the parser give up at the end of the file,
 * and keep nothing. For the queries, such a text is checked once more with
 * what it lacks appended (a value, the closing brackets), so that the items
 * before the cursor, the imports and their components are known. The
 * diagnostics are always those of the text as it is. */
#include "phx.h"
#include "ast.h"
#include "diag.h"
#include "driver.h"
#include "parse.h"
#include "lsp.h"

#include "phx-parse.h"

#include <stdlib.h>
#include <string.h>

static char *lsp_read_module(void *ud, const char *real, size_t *len)
{
	struct lsp_server *s = ud;

	for (struct lsp_doc *d = s->docs; d; d = d->next) {
		if (d->real && !strcmp(d->real, real) && !d->too_big) {
			char *copy = xmalloc(d->len + 1);

			memcpy(copy, d->text, d->len + 1);
			*len = d->len;
			return copy;
		}
	}
	return NULL;
}

void lsp_comp_opts(struct lsp_server *s, struct comp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_errors = 100;
	o->include_dirs = (const char **)s->include_dirs;
	o->ninclude_dirs = s->ninclude_dirs;
	o->read_module = lsp_read_module;
	o->read_module_ud = s;
}

/* "did you mean 'X'?" in a hint -> X (xmalloc'd), or NULL. */
static char *lsp_hint_fix(const char *hint)
{
	const char *p = hint ? strstr(hint, "did you mean '") : NULL, *q;

	if (!p)
		return NULL;
	p += strlen("did you mean '");
	q = strchr(p, '\'');
	return q && q > p ? xstrndup(p, (size_t)(q - p)) : NULL;
}

/* What a code action needs, kept in the diagnostic's data. */
static json_t *lsp_diag_data(const struct diag *r)
{
	json_t *data = json_object();
	char *fix = lsp_hint_fix(r->hint);
	const char *m;

	if (fix) {
		json_object_set_new(data, "replace", lsp_strz(fix));
		free(fix);
	}
	if ((m = strstr(r->msg, "is missing required propert"))) {
		json_t *names = json_array();

		m = strchr(m, ' ');
		for (const char *p = strchr(r->msg + (m - r->msg), '\''); p; ) {
			const char *q = strchr(p + 1, '\'');

			if (!q)
				break;
			json_array_append_new(names, lsp_str(p + 1, (size_t)(q - p - 1)));
			p = strchr(q + 1, '\'');
		}
		json_object_set_new(data, "missing", names);
	}
	if (!strncmp(r->msg, "unknown component '", 19)) {
		const char *q = strchr(r->msg + 19, '\'');

		if (q)
			json_object_set_new(data, "component",
					    lsp_str(r->msg + 19, (size_t)(q - r->msg - 19)));
	}
	if (r->hint)
		json_object_set_new(data, "hint", lsp_strz(r->hint));
	return data;
}

static const int lsp_severity[] = {
	[DIAG_ERROR] = 1,
	[DIAG_WARNING] = 2,
	[DIAG_NOTE] = 3,
};

static json_t *lsp_diag(struct compilation *c, const struct diag *r)
{
	json_t *j = json_object(), *rel = json_array();
	struct srcfile *f1 = src_get(&c->srcs, 1), *f = src_get(&c->srcs, r->loc.file);
	struct phx_loc at = r->loc;
	struct strbuf msg;

	strbuf_init(&msg);
	if (r->loc.file != 1) {
		/* in an imported module: shown at the import that leads to it */
		struct phx_loc imp = { 0, 0, 0 };

		for (struct srcfile *g = f; g && g->imported_at.file; g = src_get(&c->srcs, g->imported_at.file)) {
			imp = g->imported_at;
			if (imp.file == 1)
				break;
		}
		if (f && imp.file == 1) {
			unsigned line, col;

			src_linecol(f, r->loc.start, &line, &col);
			strbuf_addf(&msg, "in module %s:%u:%u: ", f->name, line, col);
			at = imp;
		} else {
			at = (struct phx_loc){ 1, 0, 0 };
		}
		if (f)
			json_array_append_new(rel, json_pack("{s:o,s:s}", "location",
				lsp_location(f, r->loc.start, r->loc.end), "message", "here"));
	}
	strbuf_adds(&msg, r->msg);
	json_object_set_new(j, "range", lsp_range(f1, at.start, at.end));
	json_object_set_new(j, "severity", json_integer(lsp_severity[r->sev]));
	json_object_set_new(j, "source", json_string("phxc"));
	json_object_set_new(j, "message", lsp_str(msg.s, msg.len));
	strbuf_fini(&msg);
	if (r->hint && f1)
		json_array_append_new(rel, json_pack("{s:o,s:o}", "location",
			lsp_location(f1, at.start, at.end), "message", lsp_strz(r->hint)));
	for (const struct diag *n = r->notes; n; n = n->next) {
		struct srcfile *nf = src_get(&c->srcs, n->loc.file);

		if (n->loc.file == UINT32_MAX || !nf)
			continue;
		json_array_append_new(rel, json_pack("{s:o,s:o}", "location",
			lsp_location(nf, n->loc.start, n->loc.end), "message", lsp_strz(n->msg)));
	}
	if (json_array_size(rel))
		json_object_set_new(j, "relatedInformation", rel);
	else
		json_decref(rel);
	json_object_set_new(j, "data", lsp_diag_data(r));
	return j;
}

static void lsp_publish(struct lsp_server *s, struct lsp_doc *d, json_t *diags)
{
	json_t *p = json_object();

	json_object_set_new(p, "uri", lsp_strz(d->uri));
	json_object_set_new(p, "version", json_integer(d->version));
	json_object_set_new(p, "diagnostics", diags);
	lsp_notify(s, "textDocument/publishDiagnostics", p);
}

/* What the text lacks at its end to parse: a value after '=' or after a
 * key, a closing quote, the closing brackets (xmalloc'd), or NULL. */
static char *lsp_repair_tail(struct compilation *c)
{
	struct parse_token *t;
	struct diag_ctx scratch;
	struct srcfile *f = src_get(&c->srcs, 1);
	char stack[256];
	int depth = 0;
	size_t n;
	struct strbuf b;

	diag_init(&scratch, &c->srcs);
	n = parse_tokens(c->arena, &scratch, 1, &t);
	diag_fini(&scratch);
	strbuf_init(&b);
	for (size_t i = 0; i < n; i++) {
		switch (t[i].kind) {
		case '{': case INTERP_START:
			if (depth < (int)sizeof(stack))
				stack[depth] = '}';
			depth++;
			break;
		case '[':
			if (depth < (int)sizeof(stack))
				stack[depth] = ']';
			depth++;
			break;
		case '(':
			if (depth < (int)sizeof(stack))
				stack[depth] = ')';
			depth++;
			break;
		case '}': case ']': case ')': case INTERP_END:
			if (depth)
				depth--;
			break;
		default:
			break;
		}
	}
	if (n) {
		int k = t[n - 1].kind, prev = n > 1 ? t[n - 2].kind : 0;

		if (k == STR_END && (t[n - 1].loc.start >= f->len || f->text[t[n - 1].loc.start] != '"'))
			strbuf_adds(&b, "\"");
		if (k == '=' || k == ':' || k == PLUS || k == '-' || k == STAR || k == SLASH || k == AND ||
		    k == OR || k == EQ || k == NE || k == LT || k == GT || k == LE || k == GE || k == DOTDOT ||
		    k == '.' || k == IF || k == THEN || k == ELSE || k == IN)
			strbuf_adds(&b, k == '.' ? "x" : " 0");
		else if (k == IDENT && (prev == '{' || prev == ',' || prev == STR_END || prev == INT ||
					prev == IDENT || prev == '}' || prev == ']' || prev == TRUE || prev == FALSE))
			strbuf_adds(&b, " = 0");
		else if (k == RESOURCE || k == PARAM || k == OUTPUT || k == ENV || k == STACK || k == COMPONENT)
			strbuf_adds(&b, " x");
	}
	free(t);
	strbuf_adds(&b, " ");
	while (depth > 0) {
		depth--;
		strbuf_addc(&b, depth < (int)sizeof(stack) ? stack[depth] : '}');
		strbuf_addc(&b, ' ');
	}
	return strbuf_steal(&b);
}

static bool lsp_eof_error(struct compilation *c)
{
	for (const struct diag *r = c->diag.head; r; r = r->next)
		if (r->loc.file == 1 && !strncmp(r->msg, "unexpected end of file", 22))
			return true;
	return false;
}

/* The compilation the queries read when the text stops mid-item. */
static struct compilation *lsp_repaired(struct lsp_server *s, struct lsp_doc *d, struct compilation *c)
{
	char *tail = lsp_repair_tail(c);
	struct compilation *r = xmalloc(sizeof(*r));
	struct comp_opts o;
	struct strbuf b;

	lsp_comp_opts(s, &o);
	strbuf_init(&b);
	strbuf_addn(&b, d->text, d->len);
	strbuf_adds(&b, tail);
	free(tail);
	comp_init(r, &o);
	comp_load_text(r, d->path, b.s, b.len);
	strbuf_fini(&b);
	comp_check(r);
	diag_fini(&r->diag);
	return r;
}

/* Runs the check; returns the diagnostics. */
static json_t *lsp_run_check(struct lsp_server *s, struct lsp_doc *d)
{
	struct comp_opts o;
	struct compilation *c;
	json_t *diags = json_array();

	if (d->comp) {
		comp_fini(d->comp);
		free(d->comp);
		d->comp = NULL;
	}
	free(d->toks);
	d->toks = NULL;
	d->ntoks = 0;
	d->have_toks = false;
	d->dirty = false;
	s->checks++;
	lsp_comp_opts(s, &o);
	c = xmalloc(sizeof(*c));
	comp_init(c, &o);
	if (d->too_big) {
		/* a stand-in the size of nothing: positions still work */
		comp_load_text(c, d->path, "", 0);
		d->comp = c;
		json_array_append_new(diags, json_pack("{s:{s:{s:i,s:i},s:{s:i,s:i}},s:i,s:s,s:s}",
			"range", "start", "line", 0, "character", 0, "end", "line", 0, "character", 0,
			"severity", 2, "source", "phxc",
			"message", "this document is larger than 16 MiB: phxc lsp does not analyse it"));
		return diags;
	}
	comp_load_text(c, d->path, d->text, d->len);
	if (comp_check(c) == 0 && !c->system_error) {
		/* as phxc check: every environment (the queue shows a report once) */
		size_t n = c->prog.nenvs ? c->prog.nenvs : 1;

		for (size_t i = 0; i < n && !diag_full(&c->diag); i++)
			comp_lower(c, c->prog.nenvs ? c->prog.envs[i]->item.name.name : NULL);
	}
	for (size_t i = 0; i < d->ndeps; i++)
		free(d->deps[i]);
	d->ndeps = 0;
	for (uint32_t f = 2; f < c->srcs.n; f++) {
		char *r = realpath(c->srcs.files[f]->name, NULL);

		if (!r)
			continue;
		d->deps = xrealloc(d->deps, (d->ndeps + 1) * sizeof(*d->deps));
		d->deps[d->ndeps++] = r;
	}
	for (const struct diag *r = c->diag.head; r; r = r->next)
		json_array_append_new(diags, lsp_diag(c, r));
	if (diag_full(&c->diag))
		json_array_append_new(diags, json_pack("{s:o,s:i,s:s,s:s}",
			"range", lsp_range(src_get(&c->srcs, 1), 0, 0), "severity", 3,
			"source", "phxc", "message", "too many errors: the first 100 are shown"));
	if (lsp_eof_error(c)) {
		struct compilation *r = lsp_repaired(s, d, c);

		comp_fini(c);
		free(c);
		c = r;
	} else {
		diag_fini(&c->diag);
	}
	d->comp = c;
	return diags;
}

void lsp_check(struct lsp_server *s, struct lsp_doc *d)
{
	if (!d->dirty)
		return;
	lsp_publish(s, d, lsp_run_check(s, d));
}

void lsp_check_ensure(struct lsp_server *s, struct lsp_doc *d)
{
	/* a request sees the text as it is now: its diagnostics go out too */
	if (d->dirty || !d->comp)
		lsp_publish(s, d, lsp_run_check(s, d));
}

void lsp_check_dependents(struct lsp_server *s, struct lsp_doc *changed)
{
	if (!changed->real)
		return;
	for (struct lsp_doc *d = s->docs; d; d = d->next) {
		if (d == changed)
			continue;
		for (size_t i = 0; i < d->ndeps; i++) {
			if (!strcmp(d->deps[i], changed->real)) {
				d->dirty = true;
				break;
			}
		}
	}
}
