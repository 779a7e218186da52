/* graph.h - the resources of a checked program as a Graphviz dot graph.
 *
 * One node per resource, labelled with its name and CloudFormation type,
 * one edge per dependency (A -> B: A refers to B or lists it in depends_on,
 * so B is created first). Resources are grouped into one cluster per source
 * file; once components exist, per component instance. */
#ifndef PHX_COMPILER_GRAPH_H
#define PHX_COMPILER_GRAPH_H

#include <stdio.h>

struct arena;
struct program;
struct src_set;

/* Writes the graph of prog (resolved, so that the dependency edges are
 * known). title names the graph: the stack, and the environment if any.
 * Output is deterministic: nodes in source order, edges sorted by target
 * order and never repeated. */
void graph_write(FILE *out, struct arena *a, const struct program *prog,
		 const struct src_set *srcs, const char *title);

#endif
