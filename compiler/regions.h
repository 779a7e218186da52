/* regions.h - one program deployed to several regions.
 *
 * `regions = ["us-east-1", "eu-west-1"]` in the stack block deploys every
 * stack of the program to each region (runtime/deploy_regions.c); `region =
 * "..."` names one. Both are checked here against the list of AWS regions:
 *
 *   regions_check  from the check pass (sema.c), on the stack block: a name
 *                  that is not a region (did you mean), a list that is not
 *                  strings, a region named twice, both settings together
 *   regions_list   the regions of a checked program, in the order written
 *   regions_check_tables  after lowering: a table read with aws.region has
 *                  a row for every region
 *
 * A template never differs between regions: every value that depends on the
 * region (aws.region, azs(), a table read with aws.region) is left to
 * CloudFormation, so one template per stack and environment serves them
 * all (docs/deploy.md, "Regions"). */
#ifndef PHX_COMPILER_REGIONS_H
#define PHX_COMPILER_REGIONS_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct ast_node;
struct diag_ctx;
struct ir;
struct program;

/* True for a region AWS has (commercial, GovCloud and China partitions). */
bool regions_known(const char *name);

/* Checks the region settings of a stack block (AST_STACK); errors go to d. */
void regions_check(struct arena *a, struct diag_ctx *d, const struct ast_node *stack);

/* A table read with aws.region (a Mappings entry read by Fn::FindInMap with
 * the Ref AWS::Region) must have a row for every region of the list, or the
 * deploy fails in the regions it lacks: each missing row is an error at the
 * table's let. Returns the number of errors. */
unsigned regions_check_tables(struct arena *a, struct diag_ctx *d, const struct program *prog,
			      const struct ir *root);

/* The names in `regions = [...]` (arena strings, in order), or 0 and NULL
 * when the program has no such list. Call on a program without errors. */
size_t regions_list(struct arena *a, const struct program *prog, const char ***out);

#endif
