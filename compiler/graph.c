/* graph.c - Graphviz dot of the resources of a lowered template. */
#include "phx.h"
#include "ast.h"
#include "graph.h"
#include "ir.h"
#include "resolve.h"
#include "srcfile.h"

#include <stdlib.h>
#include <string.h>

struct graph_node {
	const char *id;		/* logical ID */
	const char *type;
	char *name;		/* as written in the source, or the logical ID */
	char *cluster;		/* cluster label */
	size_t part;		/* index in t->parts (several stacks), else 0 */
	size_t *deps;		/* indexes of the nodes it needs */
	size_t ndeps;
};

struct graph {
	struct arena *a;
	const struct program *prog;
	const struct src_set *srcs;
	const struct ir_template *t;
	struct graph_node *nodes;
	size_t n;
};

/* A dot ID in double quotes: '"' and '\' escaped, newlines as "\n". */
static void graph_quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static size_t graph_find(const struct graph *g, const char *id, size_t len)
{
	for (size_t i = 0; i < g->n; i++)
		if (strlen(g->nodes[i].id) == len && !memcmp(g->nodes[i].id, id, len))
			return i;
	return (size_t)-1;
}

static void graph_edge(struct graph *g, size_t from, const char *id, size_t len)
{
	struct graph_node *n = &g->nodes[from];
	size_t to = graph_find(g, id, len);

	if (to == (size_t)-1 || to == from)
		return;
	for (size_t k = 0; k < n->ndeps; k++)
		if (n->deps[k] == to)
			return;
	n->deps = xrealloc(n->deps, (n->ndeps + 1) * sizeof(*n->deps));
	n->deps[n->ndeps++] = to;
}

/* "${Name}" and "${Name.Attr}" in a Fn::Sub template; "${!x}" is literal.
 * vars: the Fn::Sub variable map, whose names are not resources. */
static void graph_sub(struct graph *g, size_t from, const char *s, const struct ir *vars)
{
	for (const char *p = strstr(s, "${"); p; p = strstr(p, "${")) {
		const char *name = p + 2, *e = name;

		p += 2;
		if (*name == '!')
			continue;
		while (*e && *e != '}' && *e != '.')
			e++;
		if (vars && vars->kind == IR_MAP) {
			bool var = false;

			for (size_t k = 0; k < vars->map.n; k++)
				if (strlen(vars->map.v[k].key) == (size_t)(e - name) &&
				    !memcmp(vars->map.v[k].key, name, (size_t)(e - name)))
					var = true;
			if (var)
				continue;
		}
		graph_edge(g, from, name, (size_t)(e - name));
	}
}

static void graph_refs(struct graph *g, size_t from, const struct ir *v)
{
	if (!v)
		return;
	if (v->kind == IR_LIST) {
		for (size_t k = 0; k < v->list.n; k++)
			graph_refs(g, from, v->list.v[k]);
		return;
	}
	if (v->kind != IR_MAP)
		return;
	if (v->map.n == 1) {
		const char *fn = v->map.v[0].key;
		const struct ir *arg = v->map.v[0].val;

		if (!strcmp(fn, "Ref") && arg->kind == IR_STR) {
			graph_edge(g, from, arg->str.s, arg->str.len);
			return;
		}
		if (!strcmp(fn, "Fn::GetAtt")) {
			if (arg->kind == IR_LIST && arg->list.n && arg->list.v[0]->kind == IR_STR)
				graph_edge(g, from, arg->list.v[0]->str.s, arg->list.v[0]->str.len);
			else if (arg->kind == IR_STR)
				graph_edge(g, from, arg->str.s, strcspn(arg->str.s, "."));
			return;
		}
		if (!strcmp(fn, "Fn::Sub")) {
			if (arg->kind == IR_STR) {
				graph_sub(g, from, arg->str.s, NULL);
				return;
			}
			if (arg->kind == IR_LIST && arg->list.n == 2 && arg->list.v[0]->kind == IR_STR) {
				graph_sub(g, from, arg->list.v[0]->str.s, arg->list.v[1]);
				graph_refs(g, from, arg->list.v[1]);
				return;
			}
		}
	}
	for (size_t k = 0; k < v->map.n; k++)
		graph_refs(g, from, v->map.v[k].val);
}

/* The component holding a declaration, or NULL. */
static const struct ast_node *graph_component(const struct program *prog, struct phx_loc at)
{
	for (const struct ast_node *it = prog->items; it; it = it->next)
		if (it->kind == AST_COMPONENT && it->loc.file == at.file && it->loc.start <= at.start &&
		    at.start < it->loc.end)
			return it;
	return NULL;
}

/* The instance of comp whose logical ID prefix is the longest one of id. */
static const struct ast_node *graph_instance_in(struct arena *a, const struct ast_node *items,
						const struct ast_node *comp, const char *id,
						size_t *best)
{
	const struct ast_node *found = NULL;

	for (const struct ast_node *it = items; it; it = it->next) {
		const struct ast_node *sub = NULL;

		if (it->kind == AST_INSTANCE && it->item.type && it->item.type->kind == AST_REF &&
		    !strcmp(it->item.type->ref.segs[0].name, comp->item.name.name)) {
			const char *prefix = res_logical_id(a, it->item.name.name);
			size_t len = strlen(prefix);

			if (len > *best && !strncmp(id, prefix, len)) {
				*best = len;
				found = it;
			}
		}
		if (it->kind == AST_IF) {
			if ((sub = graph_instance_in(a, it->cond.then, comp, id, best)))
				found = sub;
			if (it->cond.otherwise)
				sub = graph_instance_in(a, it->cond.otherwise, comp, id, best);
		}
		if (it->kind == AST_FOR)
			sub = graph_instance_in(a, it->loop.body, comp, id, best);
		if (it->kind == AST_COMPONENT)
			sub = graph_instance_in(a, it->item.body, comp, id, best);
		if (sub)
			found = sub;
	}
	return found;
}

static void graph_place(struct graph *g, struct graph_node *n)
{
	const struct ir_origin *o = NULL;
	const struct srcfile *sf;
	const struct ast_node *comp;

	for (size_t k = 0; k < g->t->norigins; k++)
		if (!strcmp(g->t->origins[k].logical_id, n->id)) {
			o = &g->t->origins[k];
			break;
		}
	sf = o ? src_get(g->srcs, o->loc.file) : NULL;
	if (!sf || o->loc.end > sf->len || o->loc.end <= o->loc.start) {
		n->name = xstrdup(n->id);
		n->cluster = xstrdup("");
		return;
	}
	n->name = xstrndup(sf->text + o->loc.start, o->loc.end - o->loc.start);
	comp = graph_component(g->prog, o->loc);
	if (comp) {
		size_t best = 0;
		const struct ast_node *inst = graph_instance_in(g->a, g->prog->items, comp, n->id, &best);

		if (inst)
			n->cluster = xasprintf("%s %s", comp->item.name.name, inst->item.name.name);
		else
			n->cluster = xasprintf("component %s", comp->item.name.name);
		/* the same declaration makes one resource per instance and loop key */
		if (strcmp(res_logical_id(g->a, n->name), n->id)) {
			char *both = xasprintf("%s (%s)", n->name, n->id);

			free(n->name);
			n->name = both;
		}
		return;
	}
	{
		const char *base = strrchr(sf->name, '/');

		n->cluster = xstrdup(base ? base + 1 : sf->name);
	}
	if (strcmp(res_logical_id(g->a, n->name), n->id)) {
		char *both = xasprintf("%s (%s)", n->name, n->id);

		free(n->name);
		n->name = both;
	}
}

static int graph_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The clusters of the nodes of one part (every node without stacks). */
static void graph_clusters(FILE *out, const struct graph *g, bool *done, size_t part,
			   const char *indent, size_t *k)
{
	for (size_t c = 0; c < g->n; c++) {
		if (done[c] || g->nodes[c].part != part)
			continue;
		fprintf(out, "%ssubgraph ", indent);
		{
			char *name = xasprintf("cluster_%zu", (*k)++);

			graph_quote(out, name);
			free(name);
		}
		fprintf(out, " {\n%s  label=", indent);
		graph_quote(out, g->nodes[c].cluster);
		fprintf(out, ";\n%s  style=dashed;\n", indent);
		for (size_t i = c; i < g->n; i++) {
			char *label;

			if (done[i] || g->nodes[i].part != part || strcmp(g->nodes[i].cluster, g->nodes[c].cluster))
				continue;
			done[i] = true;
			label = xasprintf("%s\n%s", g->nodes[i].name, g->nodes[i].type);
			fprintf(out, "%s  ", indent);
			graph_quote(out, g->nodes[i].id);
			fputs(" [label=", out);
			graph_quote(out, label);
			fputs("];\n", out);
			free(label);
		}
		fprintf(out, "%s}\n", indent);
	}
}

void graph_write(FILE *out, struct arena *a, const struct program *prog,
		 const struct src_set *srcs, const struct ir_template *t, const char *title)
{
	const struct ir *res = ir_get(t->root, "Resources");
	struct graph g = { a, prog, srcs, t, NULL, 0 };
	bool *done;
	size_t ncl = 0;

	if (res && res->kind == IR_MAP && res->map.n) {
		g.nodes = xcalloc(res->map.n, sizeof(*g.nodes));
		for (size_t i = 0; i < res->map.n; i++) {
			const struct ir *type = ir_get(res->map.v[i].val, "Type");

			g.nodes[i].id = res->map.v[i].key;
			g.nodes[i].type = type && type->kind == IR_STR ? type->str.s : "?";
		}
		g.n = res->map.n;
		for (size_t i = 0; i < g.n; i++) {
			const struct ir *r = res->map.v[i].val;
			const struct ir *dep = ir_get(r, "DependsOn");

			graph_place(&g, &g.nodes[i]);
			for (size_t k = 0; k < r->map.n; k++)
				if (strcmp(r->map.v[k].key, "DependsOn") && strcmp(r->map.v[k].key, "Type"))
					graph_refs(&g, i, r->map.v[k].val);
			if (dep && dep->kind == IR_STR)
				graph_edge(&g, i, dep->str.s, dep->str.len);
			for (size_t k = 0; dep && dep->kind == IR_LIST && k < dep->list.n; k++)
				if (dep->list.v[k]->kind == IR_STR)
					graph_edge(&g, i, dep->list.v[k]->str.s, dep->list.v[k]->str.len);
			if (g.nodes[i].ndeps > 1)
				qsort(g.nodes[i].deps, g.nodes[i].ndeps, sizeof(size_t), graph_cmp);
		}
	}

	fputs("digraph ", out);
	graph_quote(out, title);
	fputs(" {\n  label=", out);
	graph_quote(out, title);
	fputs(";\n  labelloc=t;\n"
	      "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "  edge [fontname=\"Helvetica\"];\n", out);
	done = xcalloc(g.n + 1, sizeof(*done));
	if (!t->nparts) {
		graph_clusters(out, &g, done, 0, "  ", &ncl);
	} else {
		/* several stacks: a cluster per stack, in deployment order */
		for (size_t p = 0; p < t->nparts; p++) {
			const struct ir *pres = ir_get(t->parts[p]->root, "Resources");

			for (size_t i = 0; pres && i < g.n; i++)
				if (ir_get(pres, g.nodes[i].id))
					g.nodes[i].part = p;
		}
		for (size_t p = 0; p < t->nparts; p++) {
			char *name = xasprintf("cluster_stack_%zu", p), *label;

			fputs("  subgraph ", out);
			graph_quote(out, name);
			free(name);
			label = xasprintf("stack %s (%s)", t->parts[p]->part, t->parts[p]->stack_name);
			fputs(" {\n    label=", out);
			graph_quote(out, label);
			free(label);
			fputs(";\n    style=solid;\n", out);
			graph_clusters(out, &g, done, p, "    ", &ncl);
			fputs("  }\n", out);
		}
	}
	for (size_t i = 0; i < g.n; i++)
		for (size_t k = 0; k < g.nodes[i].ndeps; k++) {
			fputs("  ", out);
			graph_quote(out, g.nodes[i].id);
			fputs(" -> ", out);
			graph_quote(out, g.nodes[g.nodes[i].deps[k]].id);
			/* an import from another stack */
			fputs(g.nodes[i].part != g.nodes[g.nodes[i].deps[k]].part ? " [style=bold];\n" : ";\n",
			      out);
		}
	fputs("}\n", out);
	for (size_t i = 0; i < g.n; i++) {
		free(g.nodes[i].name);
		free(g.nodes[i].cluster);
		free(g.nodes[i].deps);
	}
	free(g.nodes);
	free(done);
}
