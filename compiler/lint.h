/* lint.h - the security lint: rules over the lowered template.
 *
 * Every template comp_lower() makes goes through lint_template(). A rule
 * (lint_rules.c) looks at resources and their properties, as CloudFormation
 * will see them, so it sees stdlib components and raw resources alike, and
 * reports a finding on a logical ID. The engine (lint.c) turns a finding
 * into a located warning: at the user's instance line (or resource), with a
 * note at each component line that made the resource; or keeps quiet when an
 * acknowledgement accepts it:
 *
 *   resource site "AWS::S3::Bucket" {
 *     allow "PHX-S009" "the bucket is public content: access logs add nothing"
 *   }
 *
 * in the resource, the instance that made it (any level), or the component.
 * Unacknowledged findings are errors under --strict or the stack's
 * `strict = true | ["prod", ...]`. docs/security.md lists every rule. */
#ifndef PHX_COMPILER_LINT_H
#define PHX_COMPILER_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct arena;
struct diag_ctx;
struct ir;
struct ir_template;
struct program;
struct lint_run;

enum lint_rule_id {
	LINT_ADMIN_PORT,	/* PHX-S001 */
	LINT_SG_WORLD,		/* PHX-S002 */
	LINT_STORE_UNENCRYPTED,	/* PHX-S003 */
	LINT_STORE_PUBLIC,	/* PHX-S004 */
	LINT_STORE_NO_BACKUP,	/* PHX-S005 */
	LINT_BUCKET_PUBLIC,	/* PHX-S006 */
	LINT_BUCKET_SSL,	/* PHX-S007 */
	LINT_BUCKET_VERSIONING,	/* PHX-S008 */
	LINT_BUCKET_LOGS,	/* PHX-S009 */
	LINT_IAM_ACTION,	/* PHX-S010 */
	LINT_IAM_RESOURCE,	/* PHX-S011 */
	LINT_IAM_MANAGED,	/* PHX-S012 */
	LINT_VPC_FLOW_LOGS,	/* PHX-S013 */
	LINT_LB_LOGS,		/* PHX-S014 */
	LINT_LOG_RETENTION,	/* PHX-S015 */
	LINT_ENV_SECRET,	/* PHX-S016 */
	LINT_BUILD_KMS,		/* PHX-S017 */
	LINT_PIPELINE_KMS,	/* PHX-S018 */
	LINT_DB_LOG_EXPORTS,	/* PHX-S019 */
	LINT_DB_IAM_AUTH,	/* PHX-S020 */
	LINT_DELETION_PROTECTION,	/* PHX-S021 */
	LINT_KMS_ROTATION,	/* PHX-S022 */
	LINT_SECRET_ROTATION,	/* PHX-S023 */
	LINT_DELETION_PROTECTION_DEV,	/* PHX-S024 */
	LINT_DB_DEFAULT_PORT,	/* PHX-S025 */
	LINT_ENV_PLAIN,		/* PHX-S026 */
	LINT_DB_PASSWORD,	/* PHX-S027 */
	LINT_LAMBDA_RUNTIME,	/* PHX-S028 */
	LINT_RULE_COUNT
};

struct lint_rule {
	const char *code;	/* "PHX-S001" */
	const char *rationale;	/* one line: why it matters */
	const char *fix;	/* one line: what to write */
};

extern const struct lint_rule lint_rules[LINT_RULE_COUNT];

/* Per compilation: the acknowledgements found in the program and whether
 * each was used by a finding, in any environment. */
struct lint_state;

struct lint_opts {
	bool strict;	/* --strict: unacknowledged findings are errors */
	bool explain;	/* --explain: rationales, and the findings acknowledgements accept */
};

/* Collects and checks the acknowledgements (rule IDs known, reasons given). */
struct lint_state *lint_state_new(struct arena *a, struct diag_ctx *d, const struct program *prog,
				  const struct lint_opts *opts);
/* Runs every rule over one environment's template. Returns the number of
 * errors it reported (strict findings). */
unsigned lint_template(struct lint_state *st, const struct ir_template *t);
/* After the last template: acknowledgements in the program's own files that
 * no finding used are warnings. Only meaningful when every environment was
 * linted. */
void lint_finish(struct lint_state *st);

/* ---- for the rules (lint_rules.c) ---------------------------------------- */

/* Reports a finding of rule on the resource with logical ID id. */
void lint_report(struct lint_run *r, enum lint_rule_id rule, const char *id, const char *fmt, ...)
	PHX_PRINTF(4, 5);
/* The index in Resources of the resource with that logical ID, or (size_t)-1. */
size_t lint_resource_index(const struct lint_run *r, const char *id);
/* The resource with that logical ID, or NULL. */
struct ir *lint_resource(const struct lint_run *r, const char *id);
/* True for the production environment (named prod, production, prod-*...). */
bool lint_is_prod(const struct lint_run *r);
/* The environment's name, or NULL for a program without environments. */
const char *lint_env(const struct lint_run *r);
/* The template's Resources map. */
const struct ir *lint_resources(const struct lint_run *r);
/* The template's Parameters map, or NULL. */
const struct ir *lint_parameters(const struct lint_run *r);
/* Runs the rules (lint_rules.c). */
void lint_rules_run(struct lint_run *r);

#endif
