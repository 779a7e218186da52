/* lsp_nav.c - definition, references, document and workspace symbols.
 *
 * Everything is read from the last check's program: the resolve pass binds
 * every reference to its symbol (ast.h: ref.sym), components are found by
 * name (res_find_component), env keys are the entries of the env blocks. */
#include "phx.h"
#include "ast.h"
#include "driver.h"
#include "resolve.h"
#include "lsp.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool lsp_in(struct phx_loc l, uint32_t file, uint32_t off)
{
	return l.file == file && l.start <= off && off <= l.end;
}

struct lsp_find {
	uint32_t file, off;
	struct ast_node *ref;	/* AST_REF under the offset */
	struct ast_node *item;	/* innermost item whose name, type or entry key is there */
	struct ast_node *entry;	/* AST_ENTRY whose key is there */
	struct ast_node *instance;	/* the instance whose body holds that entry */
	struct ast_node *cur_instance;
	struct ast_node *skip;	/* an instance's component name: not a reference */
};

static bool lsp_find_visit(struct ast_node *n, void *ud)
{
	struct lsp_find *f = ud;

	if (n == f->skip)
		return false;
	if (n->kind == AST_REF && lsp_in(n->loc, f->file, f->off)) {
		f->ref = n;
		return false;
	}
	if (n->kind == AST_ENTRY && lsp_in(n->entry.key.loc, f->file, f->off)) {
		f->entry = n;
		f->instance = f->cur_instance;
	}
	if (n->kind >= AST_STACK && n->kind <= AST_ENV)
		goto item;
	if (n->kind >= AST_IMPORT && n->kind <= AST_EXPORT)
		goto item;
	return n->loc.file == f->file && n->loc.start <= f->off && f->off <= n->loc.end;
item:
	if (lsp_in(n->item.name.loc, f->file, f->off) ||
	    (n->item.type && n->kind != AST_PARAM && lsp_in(n->item.type->loc, f->file, f->off)))
		f->item = n;
	if (n->kind == AST_INSTANCE) {
		f->cur_instance = n;
		f->skip = n->item.type;
	}
	if (n->loc.file != f->file || f->off < n->loc.start || f->off > n->loc.end)
		return false;
	return true;
}

static void lsp_find_at(struct compilation *c, uint32_t file, uint32_t off, struct lsp_find *f)
{
	memset(f, 0, sizeof(*f));
	f->file = file;
	f->off = off;
	ast_walk(c->prog.items, lsp_find_visit, f);
}

struct ast_node *lsp_ref_at(struct compilation *c, uint32_t file, uint32_t off)
{
	struct lsp_find f;

	lsp_find_at(c, file, off, &f);
	return f.ref;
}

/* Which segment of a reference holds the offset. */
static size_t lsp_seg_at(const struct ast_node *ref, uint32_t off)
{
	for (size_t i = 0; i < ref->ref.nsegs; i++)
		if (ref->ref.segs[i].loc.start <= off && off <= ref->ref.segs[i].loc.end)
			return i;
	return 0;
}

/* ---- names the resolve pass leaves unbound --------------------------------------
 * resolve binds references to resources, params, env and aws (ref.sym); a
 * reference to an instance, a component argument or a loop variable is
 * found here by the same scoping: the innermost for or comprehension that
 * declares it, then the component around it (its arguments, its items),
 * else the program's items. */

struct lsp_loopfind {
	const char *name;
	struct phx_loc at;
	struct ast_node *found;
};

static bool lsp_loop_visit(struct ast_node *n, void *ud)
{
	struct lsp_loopfind *l = ud;
	bool holds = n->loc.file == l->at.file && n->loc.start <= l->at.start && l->at.end <= n->loc.end;

	if (!holds && n->kind != AST_ENTRY)
		return n->loc.file == 0;
	if ((n->kind == AST_FOR || n->kind == AST_COMPREHENSION) && holds &&
	    !strcmp(n->loop.var.name, l->name))
		l->found = n;
	return true;
}

static struct ast_node *lsp_find_named(struct ast_node *items, const char *name)
{
	for (struct ast_node *n = items; n; n = n->next) {
		struct ast_node *d = NULL;

		if (n->kind == AST_IF) {
			d = lsp_find_named(n->cond.then, name);
			if (!d && n->cond.otherwise)
				d = lsp_find_named(n->cond.otherwise, name);
		} else if (n->kind == AST_FOR) {
			d = lsp_find_named(n->loop.body, name);
		} else if ((n->kind == AST_RESOURCE || n->kind == AST_INSTANCE || n->kind == AST_PARAM ||
			    n->kind == AST_LET) &&
			   !strcmp(n->item.name.name, name)) {
			d = n;
		}
		if (d)
			return d;
	}
	return NULL;
}

struct ast_node *lsp_ref_decl(struct compilation *c, struct ast_node *ref)
{
	const char *name = ref->ref.segs[0].name;
	struct lsp_loopfind l = { name, ref->loc, NULL };
	struct ast_node *comp = NULL;

	if (ref->ref.sym)
		return ref->ref.sym->decl;
	for (size_t i = 0; i < c->prog.ncomponents; i++) {
		struct ast_node *k = c->prog.components[i];

		if (k->loc.file == ref->loc.file && k->loc.start <= ref->loc.start && ref->loc.end <= k->loc.end)
			comp = k;
	}
	ast_walk(comp ? comp->item.body : c->prog.items, lsp_loop_visit, &l);
	if (l.found)
		return l.found;
	if (comp) {
		for (struct ast_node *p = comp->item.params; p; p = p->next)
			if (!strcmp(p->item.name.name, name))
				return p;
		return lsp_find_named(comp->item.body, name);
	}
	return lsp_find_named(c->prog.items, name);
}

/* The component a declaration belongs to as an argument, or NULL. */
struct ast_node *lsp_param_owner(struct compilation *c, struct ast_node *decl)
{
	for (size_t i = 0; i < c->prog.ncomponents; i++)
		for (struct ast_node *p = c->prog.components[i]->item.params; p; p = p->next)
			if (p == decl)
				return c->prog.components[i];
	return NULL;
}

static const char *lsp_decl_name(struct ast_node *d)
{
	return d->kind == AST_FOR || d->kind == AST_COMPREHENSION ? d->loop.var.name : d->item.name.name;
}

/* Where a declaration's name is: items by their name, loops by their variable. */
static struct phx_loc lsp_decl_loc(struct ast_node *d)
{
	if (d->kind == AST_FOR || d->kind == AST_COMPREHENSION)
		return d->loop.var.loc;
	return d->item.name.loc;
}

static void lsp_add_loc(json_t *arr, struct compilation *c, struct phx_loc l)
{
	struct srcfile *f = src_get(&c->srcs, l.file);

	if (f)
		json_array_append_new(arr, lsp_location(f, l.start, l.end));
}

static struct ast_node *lsp_export(struct ast_node *comp, const char *name)
{
	for (struct ast_node *e = comp ? comp->item.body : NULL; e; e = e->next)
		if (e->kind == AST_EXPORT && !strcmp(e->item.name.name, name))
			return e;
	return NULL;
}

static struct ast_node *lsp_param(struct ast_node *comp, const char *name)
{
	for (struct ast_node *p = comp ? comp->item.params : NULL; p; p = p->next)
		if (!strcmp(p->item.name.name, name))
			return p;
	return NULL;
}

/* The places the thing under the cursor is declared. */
static void lsp_targets(struct compilation *c, uint32_t off, json_t *out)
{
	struct lsp_find f;

	lsp_find_at(c, 1, off, &f);
	if (f.ref) {
		size_t seg = lsp_seg_at(f.ref, off);
		struct sym *s = f.ref->ref.sym;
		struct ast_node *decl;

		if (s && s->kind == SYM_ENV && f.ref->ref.nsegs > 1) {
			for (size_t i = 0; i < c->prog.nenvs; i++) {
				struct ast_node *e = ast_entry_find(c->prog.envs[i]->item.body, f.ref->ref.segs[1].name);

				if (e)
					lsp_add_loc(out, c, e->entry.key.loc);
			}
			return;
		}
		decl = lsp_ref_decl(c, f.ref);
		if (!decl)
			return;
		if (seg > 0 && decl->kind == AST_INSTANCE) {
			struct ast_node *comp = res_find_component(&c->prog, decl->item.type->ref.segs[0].name);
			struct ast_node *e = lsp_export(comp, f.ref->ref.segs[1].name);

			if (e) {
				lsp_add_loc(out, c, e->item.name.loc);
				return;
			}
		}
		lsp_add_loc(out, c, lsp_decl_loc(decl));
		return;
	}
	if (f.entry && f.instance) {
		struct ast_node *comp = res_find_component(&c->prog, f.instance->item.type->ref.segs[0].name);
		struct ast_node *p = lsp_param(comp, f.entry->entry.key.name);

		if (p)
			lsp_add_loc(out, c, p->item.name.loc);
		return;
	}
	if (f.entry) {
		/* a key of an env block: every env's entry for it */
		for (size_t i = 0; i < c->prog.nenvs; i++) {
			struct ast_node *env = c->prog.envs[i];

			if (!lsp_in(env->loc, 1, off))
				continue;
			for (size_t k = 0; k < c->prog.nenvs; k++) {
				struct ast_node *e = ast_entry_find(c->prog.envs[k]->item.body, f.entry->entry.key.name);

				if (e)
					lsp_add_loc(out, c, e->entry.key.loc);
			}
		}
		return;
	}
	if (!f.item)
		return;
	if (f.item->kind == AST_INSTANCE && lsp_in(f.item->item.type->loc, 1, off)) {
		struct ast_node *comp = res_find_component(&c->prog, f.item->item.type->ref.segs[0].name);

		if (comp)
			lsp_add_loc(out, c, comp->item.name.loc);
		return;
	}
	if (f.item->kind == AST_IMPORT) {
		for (uint32_t k = 2; k < c->srcs.n; k++) {
			struct phx_loc at = c->srcs.files[k]->imported_at;

			if (at.file == 1 && at.start == f.item->item.type->loc.start)
				lsp_add_loc(out, c, (struct phx_loc){ k, 0, 0 });
		}
		return;
	}
	lsp_add_loc(out, c, f.item->item.name.loc);
}

void lsp_definition(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	json_t *out;

	if (!d)
		return;
	out = json_array();
	lsp_targets(d->comp, lsp_doc_offset(d, json_object_get(params, "position")), out);
	lsp_reply(s, id, out);
}

/* ---- references ---------------------------------------------------------------- */

struct lsp_refs {
	struct compilation *c;
	json_t *out;
	struct ast_node *decl;	/* references to this declaration */
	const char *env_key;	/* or env.KEY */
	const char *comp;	/* or instances of this component */
	const char *member;	/* with decl: only NAME.member */
};

static bool lsp_refs_visit(struct ast_node *n, void *ud)
{
	struct lsp_refs *r = ud;

	if (n->kind == AST_REF) {
		if (r->env_key && n->ref.nsegs > 1 && n->ref.sym && n->ref.sym->kind == SYM_ENV &&
		    !strcmp(n->ref.segs[1].name, r->env_key)) {
			lsp_add_loc(r->out, r->c, n->ref.segs[1].loc);
		} else if (r->decl && !strcmp(n->ref.segs[0].name, lsp_decl_name(r->decl)) &&
			   lsp_ref_decl(r->c, n) == r->decl) {
			if (!r->member)
				lsp_add_loc(r->out, r->c, n->ref.segs[0].loc);
			else if (n->ref.nsegs > 1 && !strcmp(n->ref.segs[1].name, r->member))
				lsp_add_loc(r->out, r->c, n->ref.segs[1].loc);
		}
		return false;
	}
	if (n->kind == AST_INSTANCE && r->comp && !strcmp(n->item.type->ref.segs[0].name, r->comp)) {
		lsp_add_loc(r->out, r->c, n->item.type->loc);
	}
	return true;
}

void lsp_references(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	struct lsp_refs r;
	struct lsp_find f;
	uint32_t off;
	bool decl = json_is_true(json_object_get(json_object_get(params, "context"), "includeDeclaration"));

	if (!d)
		return;
	memset(&r, 0, sizeof(r));
	r.c = d->comp;
	r.out = json_array();
	off = lsp_doc_offset(d, json_object_get(params, "position"));
	lsp_find_at(d->comp, 1, off, &f);
	if (f.ref && f.ref->ref.sym && f.ref->ref.sym->kind == SYM_ENV) {
		if (f.ref->ref.nsegs > 1)
			r.env_key = f.ref->ref.segs[1].name;
	} else if (f.ref) {
		size_t seg = lsp_seg_at(f.ref, off);

		r.decl = lsp_ref_decl(d->comp, f.ref);
		if (r.decl && seg > 0 && r.decl->kind == AST_INSTANCE)
			r.member = f.ref->ref.segs[1].name;
		if (r.decl && decl && !r.member)
			lsp_add_loc(r.out, r.c, lsp_decl_loc(r.decl));
	} else if (f.entry && !f.instance) {
		r.env_key = f.entry->entry.key.name;
		if (decl)
			lsp_targets(d->comp, off, r.out);
	} else if (f.item && f.item->kind == AST_INSTANCE && lsp_in(f.item->item.type->loc, 1, off)) {
		r.comp = f.item->item.type->ref.segs[0].name;
	} else if (f.item && f.item->kind == AST_COMPONENT) {
		r.comp = f.item->item.name.name;
		if (decl)
			lsp_add_loc(r.out, r.c, f.item->item.name.loc);
	} else if (f.item && f.item->kind != AST_IMPORT && f.item->kind != AST_EXPORT) {
		r.decl = f.item;
		if (decl)
			lsp_add_loc(r.out, r.c, f.item->item.name.loc);
	}
	if (r.decl || r.env_key || r.comp)
		ast_walk(d->comp->prog.items, lsp_refs_visit, &r);
	lsp_reply(s, id, r.out);
}

/* ---- symbols ------------------------------------------------------------------------ */

enum { S_MODULE = 2, S_CLASS = 5, S_PROPERTY = 7, S_FIELD = 8, S_FUNCTION = 12, S_VARIABLE = 13,
       S_CONSTANT = 14, S_OBJECT = 19, S_KEY = 20, S_EVENT = 24 };

static int lsp_symbol_kind(enum ast_kind k)
{
	switch (k) {
	case AST_STACK: return S_MODULE;
	case AST_PARAM: return S_VARIABLE;
	case AST_RESOURCE: return S_CLASS;
	case AST_OUTPUT: return S_PROPERTY;
	case AST_ENV: return S_OBJECT;
	case AST_COMPONENT: return S_FUNCTION;
	case AST_INSTANCE: return S_OBJECT;
	case AST_EXPORT: return S_FIELD;
	case AST_ENTRY: return S_KEY;
	default: return S_CONSTANT;
	}
}

static json_t *lsp_symbols_of(struct compilation *c, struct ast_node *items, bool env_keys);

static json_t *lsp_doc_symbol(struct compilation *c, struct ast_node *n)
{
	struct srcfile *f = src_get(&c->srcs, n->loc.file);
	json_t *j = json_object(), *kids = NULL;
	const char *name = n->item.name.name, *type;
	struct phx_loc sel = n->item.name.loc;

	if (n->kind == AST_IMPORT) {
		sel = n->item.type->loc;
		name = ast_string_literal(c->arena, n->item.type, &type) ? type : "import";
	}
	json_object_set_new(j, "name", lsp_strz(name && *name ? name : "?"));
	json_object_set_new(j, "kind", json_integer(n->kind == AST_IMPORT ? S_MODULE : lsp_symbol_kind(n->kind)));
	if (n->kind == AST_RESOURCE && ast_string_literal(c->arena, n->item.type, &type))
		json_object_set_new(j, "detail", lsp_strz(type));
	else if (n->kind == AST_INSTANCE)
		json_object_set_new(j, "detail", lsp_strz(n->item.type->ref.segs[0].name));
	else
		json_object_set_new(j, "detail", lsp_strz(ast_kind_name(n->kind)));
	json_object_set_new(j, "range", lsp_range(f, n->loc.start, n->loc.end));
	json_object_set_new(j, "selectionRange", lsp_range(f, sel.start, sel.end));
	if (n->kind == AST_COMPONENT)
		kids = lsp_symbols_of(c, n->item.body, false);
	else if (n->kind == AST_ENV)
		kids = lsp_symbols_of(c, n->item.body, true);
	if (kids)
		json_object_set_new(j, "children", kids);
	return j;
}

static void lsp_symbols_add(struct compilation *c, struct ast_node *items, bool env_keys, json_t *out)
{
	for (struct ast_node *n = items; n; n = n->next) {
		if (n->kind == AST_IF || n->kind == AST_FOR) {
			lsp_symbols_add(c, n->kind == AST_IF ? n->cond.then : n->loop.body, false, out);
			if (n->kind == AST_IF && n->cond.otherwise)
				lsp_symbols_add(c, n->cond.otherwise, false, out);
			continue;
		}
		if (n->kind == AST_ENTRY) {
			struct srcfile *f = src_get(&c->srcs, n->loc.file);

			if (env_keys)
				json_array_append_new(out, json_pack("{s:o,s:i,s:o,s:o}",
					"name", lsp_strz(n->entry.key.name), "kind", S_KEY,
					"range", lsp_range(f, n->loc.start, n->loc.end),
					"selectionRange", lsp_range(f, n->entry.key.loc.start, n->entry.key.loc.end)));
			continue;
		}
		if (n->kind <= AST_ENV || (n->kind >= AST_IMPORT && n->kind <= AST_EXPORT))
			json_array_append_new(out, lsp_doc_symbol(c, n));
	}
}

static json_t *lsp_symbols_of(struct compilation *c, struct ast_node *items, bool env_keys)
{
	json_t *out = json_array();

	lsp_symbols_add(c, items, env_keys, out);
	return out;
}

void lsp_document_symbols(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	json_t *out;

	if (!d)
		return;
	out = json_array();
	for (struct ast_node *n = d->comp->prog.items; n; n = n->next) {
		struct ast_node *next = n->next;

		if (n->loc.file != 1)
			continue;
		n->next = NULL;	/* one item at a time: the list is shared */
		lsp_symbols_add(d->comp, n, false, out);
		n->next = next;
	}
	lsp_reply(s, id, out);
}

static bool lsp_match(const char *query, const char *name)
{
	const char *n = name;

	for (const char *q = query; *q; q++) {
		while (*n && tolower((unsigned char)*n) != tolower((unsigned char)*q))
			n++;
		if (!*n)
			return false;
		n++;
	}
	return true;
}

void lsp_workspace_symbols(struct lsp_server *s, json_t *id, json_t *params)
{
	const char *q = json_string_value(json_object_get(params, "query"));
	json_t *out = json_array(), *seen = json_object();

	if (!q)
		q = "";
	for (struct lsp_doc *d = s->docs; d; d = d->next) {
		lsp_check_ensure(s, d);
		for (struct ast_node *n = d->comp->prog.items; n; n = n->next) {
			struct srcfile *f = src_get(&d->comp->srcs, n->loc.file);
			char *key;

			if (!f || !(n->kind <= AST_ENV || (n->kind >= AST_COMPONENT && n->kind <= AST_EXPORT)))
				continue;
			if (!n->item.name.name || !lsp_match(q, n->item.name.name))
				continue;
			key = xasprintf("%s:%u", f->name, n->item.name.loc.start);
			if (!json_object_get(seen, key) && json_array_size(out) < 500) {
				json_object_set_new(seen, key, json_true());
				json_array_append_new(out, json_pack("{s:o,s:i,s:o,s:o}",
					"name", lsp_strz(n->item.name.name), "kind", lsp_symbol_kind(n->kind),
					"location", lsp_location(f, n->item.name.loc.start, n->item.name.loc.end),
					"containerName", lsp_strz(f->name)));
			}
			free(key);
		}
	}
	json_decref(seen);
	lsp_reply(s, id, out);
}

/* ---- shared with hover ------------------------------------------------------------- */

char *lsp_type_doc_url(const char *type)
{
	/* AWS::S3::Bucket -> .../aws-resource-s3-bucket.html */
	struct strbuf b;
	const char *p = type;

	strbuf_init(&b);
	strbuf_adds(&b, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/");
	if (!strncmp(p, "AWS::", 5))
		p += 5;
	strbuf_adds(&b, "aws-resource-");
	for (; *p; p++) {
		if (*p == ':') {
			if (p[1] == ':')
				p++;
			strbuf_addc(&b, '-');
		} else {
			strbuf_addc(&b, (char)tolower((unsigned char)*p));
		}
	}
	strbuf_adds(&b, ".html");
	return strbuf_steal(&b);
}

char *lsp_decl_comment(struct srcfile *f, uint32_t start, uint32_t end)
{
	struct strbuf b;
	size_t llen;
	const char *line = src_line_text(f, end, &llen), *hash;
	uint32_t lstart;

	strbuf_init(&b);
	/* after it on its line */
	hash = memchr(f->text + end, '#', (size_t)(line + llen - (f->text + end)));
	if (hash && hash >= f->text + end) {
		const char *t = hash + 1;

		while (*t == ' ')
			t++;
		strbuf_addn(&b, t, (size_t)(line + llen - t));
		return strbuf_steal(&b);
	}
	/* or the comment lines just above */
	line = src_line_text(f, start, &llen);
	lstart = (uint32_t)(line - f->text);
	{
		const char *lines[16];
		size_t lens[16];
		int n = 0;

		while (lstart > 0 && n < 16) {
			const char *pl = src_line_text(f, lstart - 1, &llen), *t = pl;

			while (t < pl + llen && (*t == ' ' || *t == '\t'))
				t++;
			if (t >= pl + llen || *t != '#')
				break;
			t++;
			if (t < pl + llen && *t == ' ')
				t++;
			lines[n] = t;
			lens[n] = (size_t)(pl + llen - t);
			n++;
			lstart = (uint32_t)(pl - f->text);
		}
		while (n-- > 0) {
			strbuf_addn(&b, lines[n], lens[n]);
			if (n)
				strbuf_addc(&b, '\n');
		}
	}
	return b.s ? strbuf_steal(&b) : NULL;
}
