/* check.h - the schema pass: resources against the CloudFormation resource
 * schema (schema.h).
 *
 * Runs after sema_run on a resolved program. Reports unknown resource types
 * and properties (with did-you-mean), missing required properties, values of
 * the wrong kind (nested objects and lists of objects included), values
 * outside a small enum, read-only properties that are set, units given to
 * properties that take no number, and name.Attr where the type has no such
 * attribute. References and interpolated strings are deploy-time values:
 * they are accepted wherever what they yield can go. */
#ifndef PHX_COMPILER_CHECK_H
#define PHX_COMPILER_CHECK_H

struct arena;
struct diag_ctx;
struct program;

/* Checks every resource and output; returns the number of errors it queued. */
unsigned check_run(struct arena *a, struct diag_ctx *d, struct program *prog);

#endif
