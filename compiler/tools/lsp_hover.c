/* lsp_hover.c - textDocument/hover: what the word under the cursor is.
 *
 *   a resource type       its properties' count, required ones, the AWS page
 *   a property key        its type, required, allowed values, read-only
 *   a component argument  its type, default and the comment beside it
 *   a reference           what it lowers to (Ref / Fn::GetAtt / a value)
 *   env.KEY               its value in each environment */
#include "phx.h"
#include "ast.h"
#include "driver.h"
#include "parse.h"
#include "resolve.h"
#include "schema.h"
#include "lsp.h"

#include "phx-parse.h"

#include <stdlib.h>
#include <string.h>

static char *lsp_node_text(struct compilation *c, const struct ast_node *n)
{
	struct srcfile *f = n ? src_get(&c->srcs, n->loc.file) : NULL;

	if (!f || n->loc.end > f->len)
		return xstrdup("?");
	return xstrndup(f->text + n->loc.start, n->loc.end - n->loc.start);
}

static void lsp_hover_type(struct strbuf *b, const struct schema_type_rec *t)
{
	const struct schema_shape_rec *s = schema_type_props(t);
	char *url = lsp_type_doc_url(schema_type_name(t));
	int nreq = 0;

	strbuf_addf(b, "**%s** (resource type)\n\n", schema_type_name(t));
	for (size_t i = 0; s && i < schema_shape_count(s); i++) {
		const struct schema_prop_rec *p = schema_shape_at(s, i);

		if (schema_prop_flags(p) & SCHEMA_P_REQUIRED)
			strbuf_addf(b, "%s`%s`", nreq++ ? ", " : "Required: ", schema_prop_name(p));
	}
	if (!nreq)
		strbuf_adds(b, "No required property.");
	strbuf_addf(b, "\n\n%zu properties, %zu attributes (`name.Attr`: Fn::GetAtt).\n\n[AWS documentation](%s)",
		    s ? schema_shape_count(s) : 0, schema_attr_count(t), url);
	free(url);
}

static void lsp_hover_prop(struct strbuf *b, const struct lsp_frame *f, const struct schema_prop_rec *p)
{
	const struct schema_val_rec *v = schema_prop_val(p);
	unsigned fl = schema_prop_flags(p);
	const struct schema_val_rec *ev = v;

	strbuf_addf(b, "**%s**: ", schema_prop_name(p));
	schema_kinds_describe(b, schema_val_kinds(v));
	strbuf_addf(b, "%s%s", fl & SCHEMA_P_REQUIRED ? ", required" : ", optional",
		    fl & SCHEMA_P_READONLY ? ", read-only" : "");
	if (schema_val_kinds(ev) & SCHEMA_LIST)
		ev = schema_val_item(ev);
	for (size_t i = 0; i < schema_val_nenum(ev); i++)
		strbuf_addf(b, "%s`%s`", i ? ", " : "\n\nAllowed values: ", schema_val_enum(ev, i));
	if (f->type) {
		char *url = lsp_type_doc_url(schema_type_name(f->type));

		strbuf_addf(b, "\n\nOf %s%s%s. [AWS documentation](%s)", schema_type_name(f->type),
			    f->kind == LSP_F_OBJECT ? ", in " : "", f->kind == LSP_F_OBJECT ? f->key : "", url);
		free(url);
	}
}

static void lsp_hover_param(struct strbuf *b, struct compilation *c, struct ast_node *comp,
			    struct ast_node *p)
{
	char *type = lsp_node_text(c, p->item.type);
	struct srcfile *f = src_get(&c->srcs, p->loc.file);
	char *note = f ? lsp_decl_comment(f, p->loc.start, p->loc.end) : NULL;

	strbuf_addf(b, "**%s**: %s (argument of component `%s`)", p->item.name.name, type,
		    comp ? comp->item.name.name : "?");
	if (p->item.value) {
		char *def = lsp_node_text(c, p->item.value);

		strbuf_addf(b, "\n\nDefault: `%s`", def);
		free(def);
	} else {
		strbuf_adds(b, "\n\nRequired.");
	}
	if (note && *note)
		strbuf_addf(b, "\n\n%s", note);
	free(note);
	free(type);
}

static const struct schema_type_rec *lsp_res_type(struct compilation *c, struct ast_node *res)
{
	const char *tn;

	if (!res || res->kind != AST_RESOURCE || !ast_string_literal(c->arena, res->item.type, &tn))
		return NULL;
	return schema_type(tn);
}

static void lsp_hover_env(struct strbuf *b, struct compilation *c, const char *key)
{
	strbuf_addf(b, "**env.%s**", key);
	if (!strcmp(key, "name")) {
		strbuf_adds(b, ": the environment's name");
		return;
	}
	for (size_t i = 0; i < c->prog.nenvs; i++) {
		struct ast_node *e = ast_entry_find(c->prog.envs[i]->item.body, key);
		char *v = e ? lsp_node_text(c, e->entry.value) : NULL;

		strbuf_addf(b, "\n- %s: %s%s%s", c->prog.envs[i]->item.name.name, v ? "`" : "",
			    v ? v : "(not set)", v ? "`" : "");
		free(v);
	}
}

static void lsp_hover_instance(struct strbuf *b, struct compilation *c, struct ast_node *inst,
			       struct ast_node *ref, size_t seg)
{
	const char *cn = inst->item.type->ref.segs[0].name, *name = inst->item.name.name;
	struct ast_node *comp = res_find_component(&c->prog, cn);

	if (seg > 0 && comp) {
		for (struct ast_node *e = comp->item.body; e; e = e->next) {
			if (e->kind == AST_EXPORT && !strcmp(e->item.name.name, ref->ref.segs[1].name)) {
				char *v = lsp_node_text(c, e->item.value);

				strbuf_addf(b, "**%s.%s**: export of component `%s`\n\n`export %s = %s`", name,
					    e->item.name.name, cn, e->item.name.name, v);
				free(v);
				return;
			}
		}
	}
	strbuf_addf(b, "**%s**: instance of component `%s`", name, cn);
	if (comp) {
		strbuf_adds(b, "\n\nExports:");
		for (struct ast_node *e = comp->item.body; e; e = e->next)
			if (e->kind == AST_EXPORT)
				strbuf_addf(b, " `%s`", e->item.name.name);
	}
}

static void lsp_hover_ref(struct strbuf *b, struct compilation *c, struct ast_node *ref, uint32_t off)
{
	struct sym *s = ref->ref.sym;
	size_t seg = 0;

	for (size_t i = 0; i < ref->ref.nsegs; i++)
		if (ref->ref.segs[i].loc.start <= off && off <= ref->ref.segs[i].loc.end)
			seg = i;
	if (!s) {
		struct ast_node *decl = lsp_ref_decl(c, ref);

		if (!decl) {
			strbuf_addf(b, "`%s`: not declared", ref->ref.segs[0].name);
		} else if (decl->kind == AST_INSTANCE) {
			lsp_hover_instance(b, c, decl, ref, seg);
		} else if (decl->kind == AST_PARAM && lsp_param_owner(c, decl)) {
			lsp_hover_param(b, c, lsp_param_owner(c, decl), decl);
		} else if (decl->kind == AST_LET) {
			char *v = lsp_node_text(c, decl->item.value);

			strbuf_addf(b, "**%s**: named value (`let`)\n\n```phx\nlet %s = %s\n```",
				    decl->item.name.name, decl->item.name.name, v);
			free(v);
		} else if (decl->kind == AST_FOR || decl->kind == AST_COMPREHENSION) {
			char *it = lsp_node_text(c, decl->loop.iter);

			strbuf_addf(b, "**%s**: loop variable, one item of `%s` at a time", decl->loop.var.name, it);
			free(it);
		} else {
			strbuf_addf(b, "**%s**: %s", ref->ref.segs[0].name, ast_kind_name(decl->kind));
		}
		return;
	}
	switch (s->kind) {
	case SYM_RESOURCE: {
		const struct schema_type_rec *t = lsp_res_type(c, s->decl);

		if (ref->ref.nsegs > 1) {
			char *attr = NULL;
			struct strbuf a;

			strbuf_init(&a);
			for (size_t i = 1; i < ref->ref.nsegs; i++)
				strbuf_addf(&a, "%s%s", i > 1 ? "." : "", ref->ref.segs[i].name);
			attr = strbuf_steal(&a);
			strbuf_addf(b, "**%s.%s**: attribute of %s `%s`\n\nLowers to `{ \"Fn::GetAtt\": [\"%s\", \"%s\"] }`",
				    s->name, attr, t ? schema_type_name(t) : "resource", s->name,
				    s->logical_id, attr);
			free(attr);
		} else {
			strbuf_addf(b, "**%s**: resource `%s`\n\nLowers to `{ \"Ref\": \"%s\" }`", s->name,
				    t ? schema_type_name(t) : "?", s->logical_id);
		}
		if (t) {
			char *url = lsp_type_doc_url(schema_type_name(t));

			strbuf_addf(b, "\n\n[AWS documentation](%s)", url);
			free(url);
		}
		break;
	}
	case SYM_PARAM: {
		char *type = lsp_node_text(c, s->decl->item.type);

		strbuf_addf(b, "**%s**: param %s\n\nLowers to `{ \"Ref\": \"%s\" }`", s->name, type,
			    s->logical_id);
		if (s->decl->item.value) {
			char *def = lsp_node_text(c, s->decl->item.value);

			strbuf_addf(b, "\n\nDefault: `%s`", def);
			free(def);
		}
		free(type);
		break;
	}
	case SYM_PSEUDO:
		strbuf_addf(b, "**aws.%s**: pseudo parameter\n\nLowers to `{ \"Ref\": \"%s\" }`",
			    ref->ref.nsegs > 1 ? ref->ref.segs[1].name : s->name, s->logical_id);
		break;
	case SYM_ENV:
		if (ref->ref.nsegs > 1)
			lsp_hover_env(b, c, ref->ref.segs[1].name);
		break;
	case SYM_INSTANCE:
		lsp_hover_instance(b, c, s->decl, ref, seg);
		break;
	case SYM_ARG:
		lsp_hover_param(b, c, lsp_param_owner(c, s->decl), s->decl);
		break;
	case SYM_LOOP:
		strbuf_addf(b, "**%s**: loop variable", s->name);
		break;
	case SYM_LET:
		strbuf_addf(b, "**%s**: named value (`let`)", s->name);
		break;
	}
}

/* The token at an offset of the document, or -1. */
static long lsp_tok_at(struct lsp_doc *d, uint32_t off)
{
	struct parse_token *t;
	size_t n = lsp_doc_tokens(d, &t);

	for (size_t i = 0; i < n; i++)
		if (t[i].loc.start <= off && off < t[i].loc.end)
			return (long)i;
	/* at the end of a word */
	for (size_t i = 0; i < n; i++)
		if (t[i].loc.end == off && t[i].kind == IDENT)
			return (long)i;
	return -1;
}

void lsp_hover(struct lsp_server *s, json_t *id, json_t *params)
{
	struct lsp_doc *d = lsp_request_doc(s, id, params);
	struct compilation *c;
	struct parse_token *toks;
	struct srcfile *f;
	struct strbuf b;
	struct ast_node *ref;
	uint32_t off;
	long i;
	struct phx_loc span = { 0, 0, 0 };

	if (!d)
		return;
	c = d->comp;
	f = src_get(&c->srcs, 1);
	off = lsp_doc_offset(d, json_object_get(params, "position"));
	lsp_doc_tokens(d, &toks);
	i = lsp_tok_at(d, off);
	strbuf_init(&b);
	if (i >= 0)
		span = toks[i].loc;
	if ((ref = lsp_ref_at(c, 1, off))) {
		lsp_hover_ref(&b, c, ref, off);
		span = ref->loc;
	} else if (i >= 0) {
		struct lsp_ctx x;

		lsp_ctx_at(d, toks[i].loc.start, &x);
		if (toks[i].kind == STR_TEXT && x.where == LSP_AT_TYPE) {
			char *tn = xstrndup(f->text + toks[i].loc.start, toks[i].loc.end - toks[i].loc.start);
			const struct schema_type_rec *t = schema_type(tn);

			if (t)
				lsp_hover_type(&b, t);
			else
				strbuf_addf(&b, "`%s`: not a resource type the schema knows", tn);
			free(tn);
		} else if (toks[i].kind == IDENT && x.where == LSP_AT_KEY) {
			const struct lsp_frame *fr = lsp_ctx_block(&x);
			char *key = xstrndup(f->text + toks[i].loc.start, toks[i].loc.end - toks[i].loc.start);
			const struct schema_prop_rec *p = lsp_ctx_prop(fr, key);

			if (p) {
				lsp_hover_prop(&b, fr, p);
			} else if (fr->kind == LSP_F_INSTANCE) {
				struct ast_node *comp = res_find_component(&c->prog, fr->name);

				for (struct ast_node *a = comp ? comp->item.params : NULL; a; a = a->next)
					if (!strcmp(a->item.name.name, key))
						lsp_hover_param(&b, c, comp, a);
			} else if (fr->kind == LSP_F_ENV) {
				lsp_hover_env(&b, c, key);
			}
			free(key);
		} else if (toks[i].kind == IDENT && x.where == LSP_AT_ITEM) {
			/* the component of an instance */
			char *name = xstrndup(f->text + toks[i].loc.start, toks[i].loc.end - toks[i].loc.start);
			struct ast_node *comp = res_find_component(&c->prog, name);

			if (comp) {
				struct srcfile *cf = src_get(&c->srcs, comp->loc.file);
				char *note = cf ? lsp_decl_comment(cf, comp->loc.start, comp->item.name.loc.end) : NULL;

				strbuf_addf(&b, "**%s**: component from %s", name, cf ? cf->name : "?");
				for (struct ast_node *a = comp->item.params; a; a = a->next) {
					char *type = lsp_node_text(c, a->item.type);

					strbuf_addf(&b, "\n- `%s`: %s%s", a->item.name.name, type,
						    a->item.value ? "" : " (required)");
					free(type);
				}
				if (note && *note)
					strbuf_addf(&b, "\n\n%s", note);
				free(note);
			}
			free(name);
		}
	}
	if (!b.len) {
		strbuf_fini(&b);
		lsp_reply(s, id, json_null());
		return;
	}
	lsp_reply(s, id, json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value",
				   lsp_str(b.s, b.len), "range", lsp_range(f, span.start, span.end)));
	strbuf_fini(&b);
}
