/* lsp_complete.c - textDocument/completion.
 *
 * The cursor's context (lsp_ctx.c) says what may be written there; the
 * candidates come from the schema (types, properties, enum values,
 * attributes), the last check's program (names in scope, components and
 * their arguments, env keys) and the module index (import paths). */
#include "phx.h"
#include "ast.h"
#include "driver.h"
#include "resolve.h"
#include "schema.h"
#include "sema.h"
#include "parse.h"
#include "lsp.h"

#include "phx-parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum {
	K_FUNCTION = 3, K_FIELD = 5, K_VARIABLE = 6, K_CLASS = 7, K_MODULE = 9, K_PROPERTY = 10,
	K_VALUE = 12, K_KEYWORD = 14, K_SNIPPET = 15, K_ENUM_MEMBER = 20,
};

#define LSP_MAX_ITEMS 200

struct lsp_items {
	json_t *items;
	json_t *present;	/* keys the block already has: not offered again */
	bool incomplete;
	const char *prefix;
	struct srcfile *f;
	uint32_t rstart, rend;	/* the range an item replaces */
};

static bool lsp_prefix_ok(const char *prefix, const char *cand)
{
	size_t n = strlen(prefix);

	return !n || !strncasecmp(cand, prefix, n);
}

/* Fuzzy score of `pat` against `cand` (letters in order, any case, ':'
 * ignored), or -1. Runs of matches and matches at the start of a segment
 * score higher, so "s3buck" ranks AWS::S3::Bucket above AWS::S3::BucketPolicy
 * only by length, and above types where the letters are scattered. */
static int lsp_fuzzy(const char *pat, const char *cand)
{
	int score = 0, run = 0;
	const char *c = cand;

	for (const char *p = pat; *p; p++) {
		bool found = false;

		if (*p == ':')
			continue;
		for (; *c; c++) {
			bool start = c == cand || c[-1] == ':' || (isupper((unsigned char)*c) &&
								    islower((unsigned char)c[-1]));

			if (tolower((unsigned char)*c) == tolower((unsigned char)*p)) {
				score += 1 + (start ? 4 : 0) + run * 3;
				run++;
				c++;
				found = true;
				break;
			}
			run = 0;
		}
		if (!found)
			return -1;
	}
	return score * 100 - (int)strlen(cand);
}

static json_t *lsp_item(struct lsp_items *it, const char *label, int kind, const char *detail)
{
	json_t *j;

	if (json_array_size(it->items) >= LSP_MAX_ITEMS) {
		it->incomplete = true;
		return NULL;
	}
	j = json_object();
	json_object_set_new(j, "label", lsp_strz(label));
	json_object_set_new(j, "kind", json_integer(kind));
	if (detail)
		json_object_set_new(j, "detail", lsp_strz(detail));
	json_array_append_new(it->items, j);
	return j;
}

static void lsp_item_edit(struct lsp_items *it, json_t *j, const char *text, bool snippet)
{
	if (!j)
		return;
	json_object_set_new(j, "textEdit", json_pack("{s:o,s:o}", "range",
		lsp_range(it->f, it->rstart, it->rend), "newText", lsp_strz(text)));
	if (snippet)
		json_object_set_new(j, "insertTextFormat", json_integer(2));
}

static void lsp_item_doc(json_t *j, const char *md)
{
	if (j && md)
		json_object_set_new(j, "documentation",
				    json_pack("{s:s,s:o}", "kind", "markdown", "value", lsp_strz(md)));
}

/* "a string", "a list or an object" ... */
static char *lsp_kinds(unsigned kinds)
{
	struct strbuf b;

	strbuf_init(&b);
	schema_kinds_describe(&b, kinds);
	return b.s ? strbuf_steal(&b) : xstrdup("a value");
}

/* The text a required property gets in a snippet, placeholder n. */
static void lsp_snippet_prop(struct strbuf *b, const struct schema_prop_rec *p, int n,
			     const char *indent)
{
	unsigned k = schema_val_kinds(schema_prop_val(p));

	if ((k & SCHEMA_OBJECT) && !(k & SCHEMA_LIST))
		strbuf_addf(b, "%s%s {\n%s  $%d\n%s}\n", indent, schema_prop_name(p), indent, n, indent);
	else if (k & SCHEMA_LIST)
		strbuf_addf(b, "%s%s = [$%d]\n", indent, schema_prop_name(p), n);
	else if (k == SCHEMA_STRING)
		strbuf_addf(b, "%s%s = \"$%d\"\n", indent, schema_prop_name(p), n);
	else
		strbuf_addf(b, "%s%s = $%d\n", indent, schema_prop_name(p), n);
}

/* "TYPE\" {\n  Required = $1\n}" */
static void lsp_type_snippet(struct strbuf *b, const struct schema_type_rec *t, int first)
{
	const struct schema_shape_rec *s = schema_type_props(t);
	int n = first;

	strbuf_addf(b, "%s\" {\n", schema_type_name(t));
	for (size_t i = 0; s && i < schema_shape_count(s); i++) {
		const struct schema_prop_rec *p = schema_shape_at(s, i);

		if (schema_prop_flags(p) & SCHEMA_P_REQUIRED)
			lsp_snippet_prop(b, p, n++, "  ");
	}
	if (n == first)
		strbuf_addf(b, "  $%d\n", n);
	strbuf_adds(b, "}");
}

struct lsp_scored {
	const struct schema_type_rec *t;
	int score;
};

static int lsp_scored_cmp(const void *a, const void *b)
{
	const struct lsp_scored *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return strcmp(schema_type_name(x->t), schema_type_name(y->t));
}

/* Resource types matching the prefix; `snippet`: whole resource blocks
 * ("resource NAME "TYPE" { ... }" when `item`). */
static void lsp_complete_types(struct lsp_items *it, const char *pat, bool snippet, bool item)
{
	size_t n = schema_type_count(), k = 0;
	struct lsp_scored *v = xmalloc(n * sizeof(*v));

	for (size_t i = 0; i < n; i++) {
		const struct schema_type_rec *t = schema_type_at(i);
		int sc = lsp_fuzzy(pat, schema_type_name(t));

		if (sc >= 0)
			v[k++] = (struct lsp_scored){ t, sc };
	}
	qsort(v, k, sizeof(*v), lsp_scored_cmp);
	if (k > 100) {
		k = 100;
		it->incomplete = true;
	}
	for (size_t i = 0; i < k; i++) {
		const char *name = schema_type_name(v[i].t);
		json_t *j = lsp_item(it, name, item ? K_SNIPPET : K_CLASS, item ? "resource" : "resource type");
		char sort[16], *url = lsp_type_doc_url(name), *doc;

		if (!j)
			break;
		snprintf(sort, sizeof(sort), "%05zu", i);
		json_object_set_new(j, "sortText", json_string(sort));
		json_object_set_new(j, "filterText", lsp_strz(it->prefix));
		doc = xasprintf("`%s`\n\n[AWS documentation](%s)", name, url);
		lsp_item_doc(j, doc);
		free(doc);
		free(url);
		if (snippet) {
			struct strbuf b;

			strbuf_init(&b);
			if (item)
				strbuf_adds(&b, "resource ${100:name} \"");
			lsp_type_snippet(&b, v[i].t, 1);
			lsp_item_edit(it, j, b.s, true);
			strbuf_fini(&b);
		} else {
			lsp_item_edit(it, j, name, false);
		}
	}
	free(v);
}

static void lsp_complete_keywords(struct lsp_items *it, bool top)
{
	static const struct { const char *kw, *snippet; bool top_only; } kws[] = {
		{ "resource", "resource ${1:name} \"${2:AWS::S3::Bucket}\" {\n  $0\n}", false },
		{ "param", "param ${1:name} : ${2:string}", true },
		{ "output", "output ${1:name} = $0", false },
		{ "env", "env ${1:name} {\n  $0\n}", true },
		{ "stack", "stack ${1:name} {\n  description = \"$2\"\n  region = \"${3:us-east-1}\"\n}", true },
		{ "import", "import \"$1\"", true },
		{ "component", "component ${1:name}($2) {\n  $0\n}", true },
		{ "export", "export ${1:name} = $0", false },
		{ "let", "let ${1:name} = $0", false },
		{ "if", "if ${1:cond} {\n  $0\n}", false },
		{ "for", "for ${1:x} in ${2:list} {\n  $0\n}", false },
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(kws); i++) {
		json_t *j;

		if ((kws[i].top_only && !top) || !lsp_prefix_ok(it->prefix, kws[i].kw))
			continue;
		j = lsp_item(it, kws[i].kw, K_KEYWORD, "keyword");
		if (j) {
			json_object_set_new(j, "insertText", json_string(kws[i].snippet));
			json_object_set_new(j, "insertTextFormat", json_integer(2));
		}
	}
}

/* The text of a node's span in its file. */
static char *lsp_src_text(struct compilation *c, const struct ast_node *n)
{
	struct srcfile *f = n ? src_get(&c->srcs, n->loc.file) : NULL;

	if (!f || n->loc.end > f->len)
		return xstrdup("");
	return xstrndup(f->text + n->loc.start, n->loc.end - n->loc.start);
}

/* "cidr: string = "10.0.0.0/16"" for a component's parameter. */
static char *lsp_param_detail(struct compilation *c, const struct ast_node *p)
{
	char *type = lsp_src_text(c, p->item.type), *def = p->item.value ? lsp_src_text(c, p->item.value) : NULL;
	char *s = def ? xasprintf("%s = %s", type, def) : xasprintf("%s (required)", type);

	free(type);
	free(def);
	return s;
}

/* COMPONENT NAME { ... }: with its required arguments. */
static void lsp_complete_components(struct lsp_server *s, struct lsp_items *it, struct compilation *c)
{
	const struct lsp_modules *mods = lsp_modules_get(s);

	for (size_t i = 0; i < c->prog.ncomponents; i++) {
		struct ast_node *comp = c->prog.components[i];
		const char *name = comp->item.name.name;
		struct strbuf b;
		json_t *j;
		int n = 2;

		if (!lsp_prefix_ok(it->prefix, name))
			continue;
		j = lsp_item(it, name, K_FUNCTION, "component");
		if (!j)
			return;
		strbuf_init(&b);
		strbuf_addf(&b, "%s ${1:name} {\n", name);
		for (struct ast_node *p = comp->item.params; p; p = p->next)
			if (!p->item.value)
				strbuf_addf(&b, "  %s = $%d\n", p->item.name.name, n++);
		strbuf_adds(&b, "}");
		json_object_set_new(j, "insertText", lsp_strz(b.s));
		json_object_set_new(j, "insertTextFormat", json_integer(2));
		strbuf_fini(&b);
	}
	/* components of modules not imported yet: the import comes along */
	for (size_t m = 0; m < mods->n; m++) {
		for (size_t k = 0; k < mods->v[m].ncomponents; k++) {
			const char *name = mods->v[m].components[k];
			char *detail, *imp;
			json_t *j;

			if (res_find_component(&c->prog, name) || strlen(it->prefix) < 2 ||
			    !lsp_prefix_ok(it->prefix, name))
				continue;
			detail = xasprintf("component from \"%s\" (adds the import)", mods->v[m].name);
			j = lsp_item(it, name, K_FUNCTION, detail);
			free(detail);
			if (!j)
				return;
			imp = xasprintf("import \"%s\"\n", mods->v[m].name);
			json_object_set_new(j, "insertText", lsp_strz(name));
			json_object_set_new(j, "additionalTextEdits", json_pack("[{s:o,s:o}]",
				"range", lsp_range(it->f, 0, 0), "newText", lsp_strz(imp)));
			free(imp);
		}
	}
}

static void lsp_complete_props(struct lsp_items *it, const struct schema_shape_rec *shape, bool meta)
{
	static const char *const meta_keys[] = {
		"depends_on", "deletion_policy", "update_replace_policy", "update_policy",
		"creation_policy", "metadata",
	};

	for (size_t i = 0; shape && i < schema_shape_count(shape); i++) {
		const struct schema_prop_rec *p = schema_shape_at(shape, i);
		const char *name = schema_prop_name(p);
		unsigned fl = schema_prop_flags(p), k = schema_val_kinds(schema_prop_val(p));
		char *kinds, *detail, *text;
		json_t *j;

		if ((fl & SCHEMA_P_READONLY) || !lsp_prefix_ok(it->prefix, name) ||
		    json_object_get(it->present, name))
			continue;
		kinds = lsp_kinds(k);
		detail = xasprintf("%s%s", kinds, fl & SCHEMA_P_REQUIRED ? " (required)" : "");
		j = lsp_item(it, name, K_PROPERTY, detail);
		free(detail);
		free(kinds);
		if (!j)
			return;
		json_object_set_new(j, "sortText", lsp_strz(fl & SCHEMA_P_REQUIRED ? "0" : "1"));
		if (fl & SCHEMA_P_REQUIRED)
			json_object_set_new(j, "labelDetails", json_pack("{s:s}", "detail", " required"));
		if ((k & SCHEMA_OBJECT) && !(k & SCHEMA_LIST))
			text = xasprintf("%s {\n  $0\n}", name);
		else
			text = xasprintf("%s = $0", name);
		json_object_set_new(j, "insertText", lsp_strz(text));
		json_object_set_new(j, "insertTextFormat", json_integer(2));
		free(text);
	}
	for (size_t i = 0; meta && i < PHX_ARRAY_SIZE(meta_keys); i++) {
		json_t *j;

		if (!lsp_prefix_ok(it->prefix, meta_keys[i]))
			continue;
		j = lsp_item(it, meta_keys[i], K_PROPERTY, "resource option");
		if (j)
			json_object_set_new(j, "sortText", json_string("2"));
	}
}

static void lsp_complete_words(struct lsp_items *it, const char *const *words, int kind, const char *detail)
{
	for (; *words; words++)
		if (lsp_prefix_ok(it->prefix, *words))
			lsp_item(it, *words, kind, detail);
}

/* Keys written in any env block. */
static void lsp_complete_env_keys(struct lsp_items *it, struct compilation *c, bool with_name)
{
	json_t *seen = json_object();

	if (with_name && lsp_prefix_ok(it->prefix, "name"))
		lsp_item(it, "name", K_FIELD, "the environment's name");
	for (size_t i = 0; i < c->prog.nenvs; i++) {
		for (struct ast_node *e = c->prog.envs[i]->item.body; e; e = e->next) {
			const char *k = e->entry.key.name;

			if (e->kind != AST_ENTRY || json_object_get(seen, k) || !lsp_prefix_ok(it->prefix, k))
				continue;
			json_object_set_new(seen, k, json_true());
			lsp_item(it, k, K_FIELD, "env key");
		}
	}
	json_decref(seen);
}

static struct ast_node *lsp_top_item(struct compilation *c, const char *name, struct ast_node *within)
{
	struct ast_node *list = within ? within->item.body : c->prog.items;

	for (struct ast_node *n = list; n; n = n->next) {
		if (!within && n->loc.file != 1)
			continue;
		if ((n->kind == AST_RESOURCE || n->kind == AST_INSTANCE || n->kind == AST_PARAM) &&
		    !strcmp(n->item.name.name, name))
			return n;
	}
	return NULL;
}

static void lsp_complete_member(struct lsp_items *it, struct compilation *c, const struct lsp_ctx *x)
{
	static const char *const pseudos[] = {
		"region", "account_id", "stack_name", "stack_id", "partition", "url_suffix",
		"notification_arns", "no_value", NULL,
	};
	struct ast_node *within = x->comp_name[0] ? res_find_component(&c->prog, x->comp_name) : NULL;
	struct ast_node *n;

	if (x->nmember != 1)
		return;
	if (!strcmp(x->member[0], "env")) {
		lsp_complete_env_keys(it, c, true);
		return;
	}
	if (!strcmp(x->member[0], "aws")) {
		lsp_complete_words(it, pseudos, K_FIELD, "pseudo parameter");
		return;
	}
	n = lsp_top_item(c, x->member[0], within);
	if (!n && within)
		n = lsp_top_item(c, x->member[0], NULL);
	if (!n)
		return;
	if (n->kind == AST_RESOURCE) {
		const char *tn;
		const struct schema_type_rec *t = ast_string_literal(c->arena, n->item.type, &tn) ?
			schema_type(tn) : NULL;

		for (size_t i = 0; t && i < schema_attr_count(t); i++) {
			const struct schema_attr_rec *a = schema_attr_at(t, i);
			char *d = xasprintf("Fn::GetAtt %s", schema_attr_name(a));

			if (lsp_prefix_ok(it->prefix, schema_attr_name(a)))
				lsp_item(it, schema_attr_name(a), K_FIELD, d);
			free(d);
		}
	} else if (n->kind == AST_INSTANCE) {
		struct ast_node *comp = res_find_component(&c->prog, n->item.type->ref.segs[0].name);

		for (struct ast_node *e = comp ? comp->item.body : NULL; e; e = e->next)
			if (e->kind == AST_EXPORT && lsp_prefix_ok(it->prefix, e->item.name.name))
				lsp_item(it, e->item.name.name, K_FIELD, "export");
	}
}

static bool lsp_names_visit(struct ast_node *n, void *ud)
{
	struct lsp_items *it = ud;

	switch (n->kind) {
	case AST_RESOURCE:
	case AST_INSTANCE:
	case AST_PARAM:
		if (lsp_prefix_ok(it->prefix, n->item.name.name))
			lsp_item(it, n->item.name.name, K_VARIABLE, ast_kind_name(n->kind));
		return false;
	case AST_IF:
	case AST_FOR:
		return true;
	default:
		return false;
	}
}

static void lsp_complete_value(struct lsp_items *it, struct compilation *c, const struct lsp_ctx *x)
{
	static const char *const words[] = { "env", "aws", "true", "false", "if", NULL };
	const struct lsp_frame *blk = lsp_ctx_block(x);
	const struct schema_prop_rec *p = x->key[0] ? lsp_ctx_prop(blk, x->key) : NULL;
	const struct schema_val_rec *v = p ? schema_prop_val(p) : NULL;

	if (v && (schema_val_kinds(v) & SCHEMA_LIST) && x->frames[x->nframes - 1].kind == LSP_F_LIST)
		v = schema_val_item(v);
	for (size_t i = 0; v && i < schema_val_nenum(v); i++) {
		char *q = xasprintf("\"%s\"", schema_val_enum(v, i));
		json_t *j = lsp_item(it, schema_val_enum(v, i), K_ENUM_MEMBER, "allowed value");

		if (j) {
			json_object_set_new(j, "insertText", lsp_strz(q));
			json_object_set_new(j, "sortText", json_string("0"));
		}
		free(q);
	}
	if (x->comp_name[0]) {
		struct ast_node *comp = res_find_component(&c->prog, x->comp_name);

		for (struct ast_node *a = comp ? comp->item.params : NULL; a; a = a->next) {
			char *d = lsp_param_detail(c, a);

			if (lsp_prefix_ok(it->prefix, a->item.name.name))
				lsp_item(it, a->item.name.name, K_VARIABLE, d);
			free(d);
		}
		if (comp)
			ast_walk(comp->item.body, lsp_names_visit, it);
	} else {
		/* modules hold components only, and components are not walked into */
		ast_walk(c->prog.items, lsp_names_visit, it);
	}
	lsp_complete_words(it, words, K_KEYWORD, NULL);
}

static void lsp_complete_enum_text(struct lsp_items *it, const struct lsp_ctx *x)
{
	const struct schema_prop_rec *p = lsp_ctx_prop(lsp_ctx_block(x), x->key);
	const struct schema_val_rec *v = p ? schema_prop_val(p) : NULL;

	if (v && (schema_val_kinds(v) & SCHEMA_LIST))
		v = schema_val_item(v);
	for (size_t i = 0; v && i < schema_val_nenum(v); i++) {
		json_t *j = lsp_item(it, schema_val_enum(v, i), K_ENUM_MEMBER, "allowed value");

		lsp_item_edit(it, j, schema_val_enum(v, i), false);
	}
}

/* The arguments of a component, or with `record` the fields of its record
 * argument of that name. */
static void lsp_complete_instance_args(struct lsp_items *it, struct compilation *c, const char *comp_name,
				       const char *record)
{
	struct ast_node *comp = res_find_component(&c->prog, comp_name);
	struct ast_node *params = comp ? comp->item.params : NULL;
	struct srcfile *f;

	if (record) {
		struct ast_node *r = NULL;

		for (struct ast_node *a = params; a; a = a->next)
			if (!strcmp(a->item.name.name, record))
				r = a;
		params = r && r->item.type && r->item.type->kind == AST_RECORD ? r->item.type->list.items : NULL;
	}
	for (struct ast_node *a = params; a; a = a->next) {
		char *d, *note;
		json_t *j;

		if (!lsp_prefix_ok(it->prefix, a->item.name.name) || json_object_get(it->present, a->item.name.name))
			continue;
		d = lsp_param_detail(c, a);
		j = lsp_item(it, a->item.name.name, K_PROPERTY, d);
		free(d);
		if (!j)
			return;
		json_object_set_new(j, "sortText", lsp_strz(a->item.value ? "1" : "0"));
		if (!a->item.value)
			json_object_set_new(j, "labelDetails", json_pack("{s:s}", "detail", " required"));
		f = src_get(&c->srcs, a->loc.file);
		note = f ? lsp_decl_comment(f, a->loc.start, a->loc.end) : NULL;
		lsp_item_doc(j, note);
		free(note);
		d = xasprintf("%s = $0", a->item.name.name);
		json_object_set_new(j, "insertText", lsp_strz(d));
		json_object_set_new(j, "insertTextFormat", json_integer(2));
		free(d);
	}
}

/* The keys written directly in the block that opens at `open` (the word
 * being typed, at `skip`, is not one yet). */
static json_t *lsp_present_keys(struct lsp_doc *d, uint32_t open, uint32_t skip)
{
	struct parse_token *t;
	size_t n = lsp_doc_tokens(d, &t), i = 0;
	struct srcfile *f = src_get(&d->comp->srcs, 1);
	json_t *keys = json_object();
	int depth = 0;

	while (i < n && t[i].loc.start < open)
		i++;
	for (i++; i < n && depth >= 0; i++) {
		int k = t[i].kind;

		if (k == '{' || k == '[' || k == '(' || k == INTERP_START)
			depth++;
		else if (k == '}' || k == ']' || k == ')' || k == INTERP_END)
			depth--;
		else if (k == IDENT && depth == 0 && t[i].loc.start != skip && i + 1 < n &&
			 (t[i + 1].kind == '=' || t[i + 1].kind == '{')) {
			char *key = xstrndup(f->text + t[i].loc.start, t[i].loc.end - t[i].loc.start);

			json_object_set_new(keys, key, json_true());
			free(key);
		}
	}
	return keys;
}

void lsp_complete(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	struct lsp_ctx x;
	struct lsp_items it;
	struct compilation *c;
	uint32_t off;

	if (!d)
		return;
	c = d->comp;
	off = lsp_doc_offset(d, json_object_get(params, "position"));
	lsp_ctx_at(d, off, &x);
	memset(&it, 0, sizeof(it));
	it.items = json_array();
	it.prefix = x.prefix;
	it.f = src_get(&c->srcs, 1);
	it.rstart = x.prefix_start;
	it.rend = off;
	switch (x.where) {
	case LSP_AT_ITEM: {
		bool top = x.frames[x.nframes - 1].kind == LSP_F_TOP && !x.comp_name[0];

		lsp_complete_keywords(&it, top);
		lsp_complete_components(s, &it, c);
		if (strlen(x.prefix) >= 3)
			lsp_complete_types(&it, x.prefix, true, true);
		it.incomplete = true;
		break;
	}
	case LSP_AT_TYPE:
		it.rstart = x.str_start;
		if (!x.str_closed || x.str_end + 1 >= it.f->len || it.f->text[x.str_end + 1] == '\n' ||
		    it.f->text[x.str_end + 1] == '\r') {
			/* nothing after the type yet: the whole block, required properties in */
			it.rend = x.str_closed ? x.str_end + 1 : x.str_end;
			lsp_complete_types(&it, x.prefix, true, false);
		} else {
			it.rend = x.str_end;
			lsp_complete_types(&it, x.prefix, false, false);
		}
		it.incomplete = true;
		break;
	case LSP_AT_IMPORT: {
		const struct lsp_modules *m = lsp_modules_get(s);

		it.rstart = x.str_start;
		it.rend = x.str_end;
		for (size_t i = 0; i < m->n; i++) {
			struct strbuf b;
			json_t *j;

			if (!lsp_prefix_ok(x.prefix, m->v[i].name))
				continue;
			strbuf_init(&b);
			for (size_t k = 0; k < m->v[i].ncomponents; k++)
				strbuf_addf(&b, "%s%s", k ? ", " : "components: ", m->v[i].components[k]);
			j = lsp_item(&it, m->v[i].name, K_MODULE, b.s ? b.s : "module");
			lsp_item_edit(&it, j, m->v[i].name, false);
			strbuf_fini(&b);
		}
		break;
	}
	case LSP_AT_KEY: {
		const struct lsp_frame *f = lsp_ctx_block(&x);

		it.present = lsp_present_keys(d, f->open, x.prefix_start);

		switch (f->kind) {
		case LSP_F_RESOURCE:
		case LSP_F_OBJECT:
			if (f->kind == LSP_F_OBJECT && f->name[0])
				lsp_complete_instance_args(&it, c, f->name, f->key);
			else
				lsp_complete_props(&it, f->shape, f->kind == LSP_F_RESOURCE);
			break;
		case LSP_F_INSTANCE:
			lsp_complete_instance_args(&it, c, f->name, NULL);
			break;
		case LSP_F_STACK:
			lsp_complete_words(&it, sema_stack_keys, K_PROPERTY, "stack setting");
			break;
		case LSP_F_PARAM:
			lsp_complete_words(&it, sema_param_keys, K_PROPERTY, "param setting");
			break;
		case LSP_F_OUTPUT:
			lsp_complete_words(&it, sema_output_keys, K_PROPERTY, "output setting");
			break;
		case LSP_F_ENV:
			lsp_complete_env_keys(&it, c, false);
			break;
		default:
			break;
		}
		break;
	}
	case LSP_AT_VALUE:
		lsp_complete_value(&it, c, &x);
		break;
	case LSP_AT_MEMBER:
		lsp_complete_member(&it, c, &x);
		break;
	case LSP_AT_STRING:
		it.rstart = x.str_start;
		it.rend = x.str_end;
		if (x.key[0])
			lsp_complete_enum_text(&it, &x);
		break;
	case LSP_AT_NOTHING:
		break;
	}
	json_decref(it.present);
	lsp_reply(s, id, json_pack("{s:b,s:o}", "isIncomplete", it.incomplete, "items", it.items));
}
