/* graph.h - the resources of one environment as a Graphviz dot graph.
 *
 * Works on the lowered template, so it shows what build would deploy for
 * that environment: resources made by 'for' and by component instances are
 * there, resources of an untaken 'if' are not. One node per resource,
 * labelled with its name and CloudFormation type; one edge per dependency
 * (A -> B: A refers to B through Ref, Fn::GetAtt, Fn::Sub, or lists it in
 * DependsOn, so B is created first). Resources of a component instance are
 * grouped in a cluster per instance, the others in a cluster per file. */
#ifndef PHX_COMPILER_GRAPH_H
#define PHX_COMPILER_GRAPH_H

#include <stdio.h>

struct arena;
struct ir_template;
struct program;
struct src_set;

/* Writes the graph of template t, lowered from prog. title names the graph.
 * Deterministic: nodes and clusters in template order, edges sorted by
 * target order and never repeated. */
void graph_write(FILE *out, struct arena *a, const struct program *prog,
		 const struct src_set *srcs, const struct ir_template *t, const char *title);

#endif
