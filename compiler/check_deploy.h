/* check_deploy.h - mistakes in a lowered template that phxc's other passes
 * and cfn-lint accept but CloudFormation rejects at deploy time, found at
 * compile time and located at the .phx that made them:
 *
 *   - two listener rules with one priority on one listener;
 *   - two subnets of one VPC whose CIDR blocks overlap, a subnet outside its
 *     VPC's block, a block whose prefix CloudFormation refuses;
 *   - a security group that lists one ingress rule twice;
 *   - an S3 bucket name that S3 refuses;
 *   - a name that must be unique in an account (ECR repository, bucket, log
 *     group, export, role, queue, table, ...) given twice in one template,
 *     or the same in two environments of the program (check_deploy_envs);
 *   - with regions = [...], a name unique in the whole account (S3, IAM)
 *     that is a constant, since the one template goes to every region.
 *
 * Each finding is an error at the resource (or, for a resource a component
 * made, at the component instance in the user's program), with a note at
 * the other resource when there are two. */
#ifndef PHX_COMPILER_CHECK_DEPLOY_H
#define PHX_COMPILER_CHECK_DEPLOY_H

#include <stddef.h>

struct diag_ctx;
struct ir_template;
struct program;
struct src_set;

struct check_deploy_ctx {
	struct diag_ctx *d;
	struct src_set *srcs;
	const struct program *prog;
	struct arena *a;
};

/* Checks one environment's template. Returns the number of errors. */
unsigned check_deploy(struct check_deploy_ctx *c, const struct ir_template *t);

/* Checks names that must be unique in an account across the templates of
 * every environment of the program (n of them, one per environment).
 * Returns the number of errors. */
unsigned check_deploy_envs(struct check_deploy_ctx *c, struct ir_template *const *ts, size_t n);

#endif
