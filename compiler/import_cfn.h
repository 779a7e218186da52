/* import_cfn.h - phxc import: an existing CloudFormation template to .phx.
 *
 * Reads a template (JSON through jansson, YAML through libyaml, whose
 * short-form tags such as '!Ref' and '!GetAtt' become the long form while
 * the tree is built) and writes a .phx program in the canonical layout of
 * phxc fmt. What phx cannot express (Conditions, Fn::If, Mappings, ...) is
 * reported, every instance in one run, as a located error (file:line:col;
 * jansson gives no positions for a document that parses, so a cursor walks
 * the JSON text alongside the tree). */
#ifndef PHX_COMPILER_IMPORT_CFN_H
#define PHX_COMPILER_IMPORT_CFN_H

#include <stddef.h>

struct diag_ctx;
struct strbuf;

/* Converts the template held in file 1 of d->srcs (its name tells JSON from
 * YAML: .json is JSON, anything else YAML; stack_name names the stack).
 * Returns the program (xmalloc'd, NUL-ended, *len bytes) in canonical
 * layout, or NULL with the reasons queued: located ones in d, any that
 * could not be placed in errs, as lines "FILE: error: PATH: message"
 * with the JSON path (Resources.Web.Properties.Foo), printed after d's. */
char *imp_convert(struct diag_ctx *d, const char *stack_name, struct strbuf *errs, size_t *len);

/* The .phx name of a logical ID, such that phxc's own derivation (drop '_',
 * capitalise each word) gives the ID back: WebLb -> web_lb, MyVPC ->
 * my_VPC, DBSubnetGroup -> DB_subnet_group. NULL when there is none (an ID
 * starting with a lowercase letter or a digit, or a reserved word).
 * The result is xmalloc'd. */
char *imp_name(const char *logical_id);

#endif
