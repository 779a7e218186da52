/* graph.c - Graphviz dot of the resources and their dependencies. */
#include "phx.h"
#include "ast.h"
#include "graph.h"
#include "resolve.h"
#include "srcfile.h"

#include <stdlib.h>
#include <string.h>

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

static const char *graph_type(struct arena *a, const struct ast_node *res)
{
	const char *type;

	if (res->item.type && ast_string_literal(a, res->item.type, &type))
		return type;
	return "?";
}

static const char *graph_id(const struct ast_node *res)
{
	const struct sym *s = res->item.sym;

	return s && s->logical_id ? s->logical_id : res->item.name.name;
}

static int graph_cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void graph_node(FILE *out, struct arena *a, const struct ast_node *res, const char *indent)
{
	char *label = xasprintf("%s\n%s", res->item.name.name, graph_type(a, res));

	fputs(indent, out);
	graph_quote(out, graph_id(res));
	fputs(" [label=", out);
	graph_quote(out, label);
	fputs("];\n", out);
	free(label);
}

void graph_write(FILE *out, struct arena *a, const struct program *prog,
		 const struct src_set *srcs, const char *title)
{
	size_t n = prog->nresources;
	size_t *targets = n ? xmalloc(n * sizeof(*targets)) : NULL;
	uint32_t *files = n ? xmalloc(n * sizeof(*files)) : NULL;
	size_t nfiles = 0;

	fputs("digraph ", out);
	graph_quote(out, title);
	fputs(" {\n", out);
	fputs("  label=", out);
	graph_quote(out, title);
	fputs(";\n  labelloc=t;\n"
	      "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
	      "  edge [fontname=\"Helvetica\"];\n", out);

	/* files that hold resources, in order of first appearance */
	for (size_t i = 0; i < n; i++) {
		uint32_t f = prog->resources[i]->loc.file;
		size_t k = 0;

		while (k < nfiles && files[k] != f)
			k++;
		if (k == nfiles)
			files[nfiles++] = f;
	}
	for (size_t k = 0; k < nfiles; k++) {
		const struct srcfile *sf = src_get(srcs, files[k]);
		const char *base = sf ? strrchr(sf->name, '/') : NULL;
		char *cluster = xasprintf("cluster_%zu", k);

		fputs("  subgraph ", out);
		graph_quote(out, cluster);
		fputs(" {\n    label=", out);
		graph_quote(out, base ? base + 1 : sf ? sf->name : "?");
		fputs(";\n    style=dashed;\n", out);
		for (size_t i = 0; i < n; i++)
			if (prog->resources[i]->loc.file == files[k])
				graph_node(out, a, prog->resources[i], "    ");
		fputs("  }\n", out);
		free(cluster);
	}

	for (size_t i = 0; i < n; i++) {
		const struct ast_node *res = prog->resources[i];
		const struct sym *s = res->item.sym;
		size_t nt = 0;

		if (!s)
			continue;
		for (size_t e = 0; e < s->ndeps; e++) {
			const struct sym *to = s->deps[e].to;
			size_t k = 0;

			if (!to || to->kind != SYM_RESOURCE || to->index >= n)
				continue;
			while (k < nt && targets[k] != to->index)
				k++;
			if (k == nt)
				targets[nt++] = to->index;
		}
		qsort(targets, nt, sizeof(*targets), graph_cmp_index);
		for (size_t k = 0; k < nt; k++) {
			fputs("  ", out);
			graph_quote(out, graph_id(res));
			fputs(" -> ", out);
			graph_quote(out, graph_id(prog->resources[targets[k]]));
			fputs(";\n", out);
		}
	}
	fputs("}\n", out);
	free(targets);
	free(files);
}
