/* deploy_exports.h - export safety (deploy_exports.c).
 *
 * CloudFormation refuses to remove an export, or to change its value, while
 * another stack imports it, and it finds out halfway through the update
 * (which then rolls back). phxc looks before any change set: the exports of
 * the deployed stack (its deployed template and DescribeStacks) against the
 * new template's, and, for each one removed or whose Value changes, the
 * stacks that import it (ListImports). Before destroy, every export of the
 * stack and its importers. Used by deploy.c and deploy_stacks.c only. */
#ifndef PHX_RUNTIME_DEPLOY_EXPORTS_H
#define PHX_RUNTIME_DEPLOY_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cfn.h"

struct rt;

/* deploy and diff, once the stack st exists and before its change set:
 * an export this template removes or changes that a stack imports stops
 * the deploy (a located error per export, with the importers and the way
 * through; nothing is created) and returns PHX_EXIT_USAGE; diff reports the
 * same as warnings and goes on. -1 to go on. */
int exports_check(struct rt *r, const struct cfn_stack *st, bool execute);

/* destroy of the stack st: any live stack (of this program or not) that
 * imports one of its exports stops it, naming them: PHX_EXIT_DEPLOY. -1 to
 * go on. */
int exports_check_destroy(struct rt *r, const struct cfn_stack *st);

/* deploy of every stack of a program: the two steps done in order. When an
 * export of a deployed stack P that this deploy removes or changes is
 * imported only by stacks of the program whose new templates no longer
 * import it, those stacks are deployed first: after[i * n + k] (stack i
 * starts once stack k is deployed) and, when such a stack still reads other
 * exports of P that are deployed and kept, drop[i * n + k] (stack i no longer
 * waits for its producer k). Each plan step is printed. */
struct exports_plan {
	size_t n;
	bool *after, *drop;	/* n * n, indexed by position in r->whole->parts */
};
void exports_plan(struct rt *r, struct exports_plan *plan);
void exports_plan_fini(struct exports_plan *plan);

#endif
