/* lint.c - the security lint's engine: acknowledgements, locations, strict
 * mode (see lint.h). The rules themselves are in lint_rules.c. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "lint.h"
#include "misspell.h"
#include "resolve.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct lint_rule lint_rules[LINT_RULE_COUNT] = {
	[LINT_ADMIN_PORT] = { "PHX-S001",
		"SSH and RDP open to the internet are scanned and brute-forced within minutes",
		"allow ports 22 and 3389 from known CIDRs only, or use SSM Session Manager" },
	[LINT_SG_WORLD] = { "PHX-S002",
		"a security group open to 0.0.0.0/0 or ::/0 exposes the port to the whole internet",
		"allow the load balancer's security group or known CIDRs instead of the world (a public load balancer's listener: acknowledge it with allow)" },
	[LINT_STORE_UNENCRYPTED] = { "PHX-S003",
		"data at rest without encryption is readable from snapshots and disks",
		"set StorageEncrypted = true (Encrypted on EFS, AtRestEncryptionEnabled on ElastiCache)" },
	[LINT_STORE_PUBLIC] = { "PHX-S004",
		"a database with a public endpoint can be reached from the internet",
		"set PubliclyAccessible = false and reach it from inside the VPC" },
	[LINT_STORE_NO_BACKUP] = { "PHX-S005",
		"without backups a deleted row or a bad migration cannot be undone",
		"keep automated backups (BackupRetentionPeriod >= 1; point-in-time recovery on DynamoDB)" },
	[LINT_BUCKET_PUBLIC] = { "PHX-S006",
		"without a public access block one ACL or policy change makes the bucket public",
		"set PublicAccessBlockConfiguration with all four settings true" },
	[LINT_BUCKET_SSL] = { "PHX-S007",
		"a bucket that accepts plain HTTP lets requests and data travel unencrypted",
		"add an AWS::S3::BucketPolicy that denies requests where aws:SecureTransport is false" },
	[LINT_BUCKET_VERSIONING] = { "PHX-S008",
		"without versioning an overwrite or a delete loses the object for good",
		"set VersioningConfiguration { Status = \"Enabled\" } (with a lifecycle rule for old versions)" },
	[LINT_BUCKET_LOGS] = { "PHX-S009",
		"without server access logs nobody can tell who read or changed an object",
		"set LoggingConfiguration { DestinationBucketName = <a log bucket> } (a log bucket itself: acknowledge it with allow)" },
	[LINT_IAM_ACTION] = { "PHX-S010",
		"a wildcard action grants every present and future action of the service",
		"list the actions the principal needs" },
	[LINT_IAM_RESOURCE] = { "PHX-S011",
		"a wildcard resource grants the actions on every resource of the account",
		"name the resources (ARNs) the actions apply to (an action AWS grants only on '*': acknowledge it with allow)" },
	[LINT_IAM_MANAGED] = { "PHX-S012",
		"AWS managed policies are broad and change without notice",
		"write an inline policy with the actions and resources the role needs" },
	[LINT_VPC_FLOW_LOGS] = { "PHX-S013",
		"without flow logs there is no record of the traffic in the VPC to investigate",
		"add an AWS::EC2::FlowLog for the VPC (the network component does, with flow_logs = true)" },
	[LINT_LB_LOGS] = { "PHX-S014",
		"without access logs the requests a load balancer served cannot be audited",
		"set the load balancer attributes access_logs.s3.enabled = \"true\" and access_logs.s3.bucket" },
	[LINT_LOG_RETENTION] = { "PHX-S015",
		"a log group without retention keeps (and bills) logs forever",
		"set RetentionInDays" },
	[LINT_ENV_SECRET] = { "PHX-S016",
		"environment variables are shown in clear text in the console, the API and the template",
		"pass secrets as Secrets (ECS ValueFrom) or SECRETS_MANAGER/PARAMETER_STORE variables" },
	[LINT_BUILD_KMS] = { "PHX-S017",
		"build artifacts and logs encrypted with the account's default key cannot be scoped or revoked",
		"set EncryptionKey to a customer managed KMS key" },
	[LINT_PIPELINE_KMS] = { "PHX-S018",
		"pipeline artifacts encrypted with the default key can be read by anyone with S3 access",
		"set the artifact store's EncryptionKey to a customer managed KMS key" },
	[LINT_DB_LOG_EXPORTS] = { "PHX-S019",
		"database logs that stay on the instance are lost with it and cannot be searched or alarmed on",
		"set EnableCloudwatchLogsExports (audit, error, slowquery, postgresql, profiler...); on DocumentDB turn audit_logs on in a cluster parameter group" },
	[LINT_DB_IAM_AUTH] = { "PHX-S020",
		"password-only database access cannot be tied to IAM roles or revoked centrally",
		"set EnableIAMDatabaseAuthentication = true" },
	[LINT_DELETION_PROTECTION] = { "PHX-S021",
		"a production database without deletion protection can be removed by one stack update",
		"set DeletionProtection = true in production" },
	[LINT_KMS_ROTATION] = { "PHX-S022",
		"a key that never rotates leaves every past ciphertext exposed if the key material leaks",
		"set EnableKeyRotation = true on symmetric keys" },
	[LINT_SECRET_ROTATION] = { "PHX-S023",
		"a secret that never changes stays valid for as long as anyone who once read it keeps it",
		"add an AWS::SecretsManager::RotationSchedule (a rotation Lambda for the engine)" },
	[LINT_DELETION_PROTECTION_DEV] = { "PHX-S024",
		"a database without deletion protection can be removed by one stack update or delete, outside production too",
		"set DeletionProtection = true (a database meant to be destroyed with its environment, dev or test: acknowledge it with allow)" },
	[LINT_DB_DEFAULT_PORT] = { "PHX-S025",
		"a database on its engine's well-known port is found by the first scan of anyone who reaches the network",
		"set Port to another port (a database reachable only from given security groups: acknowledge it with allow)" },
	[LINT_ENV_PLAIN] = { "PHX-S026",
		"a task definition's environment variables are plain text in the template and to anyone who may describe the task definition",
		"pass values as Secrets (ValueFrom Secrets Manager or SSM Parameter Store); plain configuration: acknowledge it with allow" },
	[LINT_DB_PASSWORD] = { "PHX-S027",
		"a master password passed as a parameter without NoEcho shows in the console, the API and the stack's events",
		"declare the parameter as 'param NAME : secret' (NoEcho), or take the password from Secrets Manager or SSM SecureString (secret(...), ssm_secure(...))" },
	[LINT_LAMBDA_RUNTIME] = { "PHX-S028",
		"an older Lambda runtime reaches end of support first, and then gets no security patches",
		"set Runtime to the newest of its family (python3.14, nodejs24.x, java25, dotnet10, ruby3.4)" },
};

struct lint_ack {
	const struct ast_allow *a;
	const char *rule;	/* its rule's code, or NULL when invalid */
	const char *reason;
	bool user;		/* in one of the program's own files, not a module */
	bool used;
};

struct lint_state {
	struct arena *arena;
	struct diag_ctx *d;
	const struct program *prog;
	struct lint_opts opts;
	struct lint_ack *acks;
	size_t nacks, capacks;
	struct ast_node *strict;	/* the stack's strict setting, or NULL */
};

struct lint_run {
	struct lint_state *st;
	const struct ir_template *t;
	const struct ir *resources;
	/* logical ID -> index in resources and in origins: open addressing */
	uint32_t *slots;
	size_t nslots;
	const struct ir_origin **origin;	/* by resource index */
	bool strict;
	unsigned errors;
};

/* ---- acknowledgements -------------------------------------------------------- */

static int lint_rule_by_code(const char *code)
{
	for (int i = 0; i < LINT_RULE_COUNT; i++)
		if (!strcmp(lint_rules[i].code, code))
			return i;
	return -1;
}

static void lint_add_ack(struct lint_state *st, const struct ast_allow *a)
{
	struct lint_ack *k;
	const char *rule = NULL, *reason = NULL;

	st->acks = arena_grow(st->arena, st->acks, &st->capacks, st->nacks + 1, sizeof(*st->acks));
	k = &st->acks[st->nacks++];
	k->a = a;
	k->user = src_get(st->d->srcs, a->loc.file) &&
		  src_get(st->d->srcs, a->loc.file)->imported_at.file == 0;
	if (!ast_string_literal(st->arena, a->rule, &rule) || lint_rule_by_code(rule) < 0) {
		struct diag *r = diag_error(st->d, a->rule->loc, "no lint rule called %s%s%s",
					    rule ? "'" : "", rule ? rule : "like this", rule ? "'" : "");
		struct misspell m;

		if (rule) {
			misspell_init(&m, rule);
			for (int i = 0; i < LINT_RULE_COUNT; i++)
				misspell_offer(&m, lint_rules[i].code);
			if (misspell_best(&m))
				diag_hint(r, "did you mean '%s'?", misspell_best(&m));
			else
				diag_hint(r, "rules are PHX-S001 to %s (docs/security.md)",
					  lint_rules[LINT_RULE_COUNT - 1].code);
		}
		rule = NULL;
	}
	if (!ast_string_literal(st->arena, a->reason, &reason) || !reason[strspn(reason, " \t\n")]) {
		struct diag *r = diag_error(st->d, a->reason->loc,
					    "an acknowledgement needs a reason, written out");

		diag_hint(r, "say why the finding is accepted: allow \"PHX-S002\" \"public site: the ALB listens to the world\"");
		rule = NULL;
	}
	k->rule = rule;
	k->reason = reason;
}

static void lint_collect(struct lint_state *st, struct ast_node *items)
{
	for (struct ast_node *it = items; it; it = it->next) {
		switch (it->kind) {
		case AST_RESOURCE:
		case AST_INSTANCE:
			for (const struct ast_allow *a = it->item.allows; a; a = a->next)
				lint_add_ack(st, a);
			break;
		case AST_COMPONENT:
			for (const struct ast_allow *a = it->item.allows; a; a = a->next)
				lint_add_ack(st, a);
			lint_collect(st, it->item.body);
			break;
		case AST_IF:
			lint_collect(st, it->cond.then);
			if (it->cond.otherwise)
				lint_collect(st, it->cond.otherwise);
			break;
		case AST_FOR:
			lint_collect(st, it->loop.body);
			break;
		default:
			break;
		}
	}
}

/* stack { strict = true }  or  strict = ["prod", "staging"] */
static bool lint_strict_for(struct lint_state *st, const char *env)
{
	struct ast_node *v = st->strict;

	if (st->opts.strict)
		return true;
	if (!v)
		return false;
	if (v->kind == AST_BOOL)
		return v->b;
	for (struct ast_node *e = v->list.items; e; e = e->next) {
		const char *s;

		if (env && ast_string_literal(st->arena, e, &s) && !strcmp(s, env))
			return true;
	}
	return false;
}

static void lint_read_strict(struct lint_state *st)
{
	struct ast_node *e = st->prog->stack ? ast_entry_find(st->prog->stack->item.body, "strict") : NULL;
	bool ok;

	if (!e)
		return;
	ok = e->entry.value->kind == AST_BOOL || e->entry.value->kind == AST_LIST;
	for (struct ast_node *x = ok && e->entry.value->kind == AST_LIST ? e->entry.value->list.items : NULL;
	     x; x = x->next) {
		const char *s;

		if (!ast_string_literal(st->arena, x, &s)) {
			ok = false;
		} else if (!res_find_env((struct program *)st->prog, s)) {
			diag_error(st->d, x->loc, "strict names environment '%s', which is not declared", s);
			return;
		}
	}
	if (!ok) {
		struct diag *r = diag_error(st->d, e->entry.value->loc,
					    "strict takes true, false or a list of environment names");

		diag_hint(r, "strict = [\"prod\"] makes unacknowledged lint findings errors in prod");
		return;
	}
	st->strict = e->entry.value;
}

struct lint_state *lint_state_new(struct arena *a, struct diag_ctx *d, const struct program *prog,
				  const struct lint_opts *opts)
{
	struct lint_state *st = ARENA_NEW(a, struct lint_state);

	st->arena = a;
	st->d = d;
	st->prog = prog;
	st->opts = *opts;
	lint_collect(st, prog->items);
	lint_read_strict(st);
	return st;
}

/* ---- the run over one template ---------------------------------------------- */

static size_t lint_find(const struct lint_run *r, const char *id)
{
	if (!r->nslots)
		return (size_t)-1;
	for (size_t k = str_hash(id, strlen(id)) & (r->nslots - 1);; k = (k + 1) & (r->nslots - 1)) {
		uint32_t v = r->slots[k];

		if (!v)
			return (size_t)-1;
		if (!strcmp(r->resources->map.v[v - 1].key, id))
			return v - 1;
	}
}

size_t lint_resource_index(const struct lint_run *r, const char *id)
{
	return lint_find(r, id);
}

struct ir *lint_resource(const struct lint_run *r, const char *id)
{
	size_t i = lint_find(r, id);

	return i == (size_t)-1 ? NULL : r->resources->map.v[i].val;
}

const struct ir *lint_resources(const struct lint_run *r)
{
	return r->resources;
}

bool lint_is_prod(const struct lint_run *r)
{
	const char *e = r->t->env;

	return e && (!strncmp(e, "prod", 4) || !strcmp(e, "production") || !strcmp(e, "live"));
}

const struct ir *lint_parameters(const struct lint_run *r)
{
	const struct ir *p = ir_get(r->t->root, "Parameters");

	return p && p->kind == IR_MAP ? p : NULL;
}

const char *lint_env(const struct lint_run *r)
{
	return r->t->env;
}

static void lint_index(struct lint_run *r, struct arena *a)
{
	size_t n = r->resources ? r->resources->map.n : 0;

	r->nslots = 16;
	while (r->nslots < n * 2)
		r->nslots *= 2;
	r->slots = arena_alloc(a, r->nslots * sizeof(*r->slots));
	r->origin = arena_alloc(a, (n ? n : 1) * sizeof(*r->origin));
	for (size_t i = 0; i < n; i++) {
		size_t k = str_hash(r->resources->map.v[i].key, strlen(r->resources->map.v[i].key)) & (r->nslots - 1);

		while (r->slots[k])
			k = (k + 1) & (r->nslots - 1);
		r->slots[k] = (uint32_t)(i + 1);
	}
	for (size_t k = 0; k < r->t->norigins; k++) {
		const struct ir_origin *o = &r->t->origins[k];
		size_t i;

		if (!o->decl || (i = lint_find(r, o->logical_id)) == (size_t)-1)
			continue;
		r->origin[i] = o;
	}
}

/* The acknowledgement of rule that covers a resource: on the resource, an
 * instance that made it, or that instance's component. */
static struct lint_ack *lint_ack_for(struct lint_state *st, const struct ir_origin *o, const char *code)
{
	const struct ast_allow *lists[64];
	size_t n = 0;

	if (!o)
		return NULL;
	lists[n++] = o->decl->item.allows;
	for (size_t i = 0; i < o->ninsts && n + 2 <= PHX_ARRAY_SIZE(lists); i++) {
		lists[n++] = o->insts[i]->item.allows;
		if (o->comps[i])
			lists[n++] = o->comps[i]->item.allows;
	}
	for (size_t l = 0; l < n; l++)
		for (const struct ast_allow *a = lists[l]; a; a = a->next)
			for (size_t k = 0; k < st->nacks; k++)
				if (st->acks[k].a == a && st->acks[k].rule && !strcmp(st->acks[k].rule, code))
					return &st->acks[k];
	return NULL;
}

/* "web.lb_sg": the instance path and the resource's name. */
static char *lint_name(const struct ir_origin *o, const char *id)
{
	struct strbuf b;

	if (!o)
		return xstrdup(id);
	strbuf_init(&b);
	for (size_t i = o->ninsts; i-- > 0;)
		strbuf_addf(&b, "%s.", o->insts[i]->item.name.name);
	strbuf_adds(&b, o->decl->item.name.name);
	return strbuf_steal(&b);
}

/* The fix; with --explain the rationale; under strict mode, why it is an error. */
static void lint_hint(const struct lint_run *r, struct diag *d, const struct lint_rule *lr)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_adds(&b, lr->fix);
	if (r->st->opts.explain)
		strbuf_addf(&b, "; %s", lr->rationale);
	if (r->strict && r->st->opts.strict)
		strbuf_adds(&b, " (an error under --strict)");
	else if (r->strict)
		strbuf_addf(&b, " (an error: the stack is strict%s%s)", r->t->env ? " in " : "",
			    r->t->env ? r->t->env : "");
	diag_hint(d, "%s", b.s);
	strbuf_fini(&b);
}

void lint_report(struct lint_run *r, enum lint_rule_id rule, const char *id, const char *fmt, ...)
{
	const struct lint_rule *lr = &lint_rules[rule];
	size_t i = lint_find(r, id);
	const struct ir_origin *o = i == (size_t)-1 ? NULL : r->origin[i];
	struct lint_ack *ack = lint_ack_for(r->st, o, lr->code);
	struct strbuf msg;
	struct phx_loc at = { 0, 0, 0 };
	char *name = lint_name(o, id);
	const char *kind = "resource";
	struct diag *d;
	va_list ap;

	strbuf_init(&msg);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	if (i != (size_t)-1) {
		const struct ir *ty = ir_get(r->resources->map.v[i].val, "Type");

		if (ty && ty->kind == IR_STR && strrchr(ty->str.s, ':'))
			kind = strrchr(ty->str.s, ':') + 1;
	}
	if (o)
		at = o->ninsts ? o->insts[o->ninsts - 1]->item.name.loc : o->decl->item.name.loc;
	if (ack) {
		ack->used = true;
		if (r->st->opts.explain) {
			d = diag_report(r->st->d, DIAG_NOTE, ack->a->loc, "%s '%s' (%s) %s: accepted [%s]",
					kind, name, id, msg.s, lr->code);
			diag_hint(d, "reason given: %s", ack->reason);
		}
	} else {
		d = diag_report(r->st->d, r->strict ? DIAG_ERROR : DIAG_WARNING, at, "%s '%s' %s [%s]",
				kind, name, msg.s, lr->code);
		lint_hint(r, d, lr);
		for (size_t k = o ? o->ninsts : 0; k-- > 1;)
			diag_note(d, o->insts[k - 1]->item.name.loc, "made by '%s' here",
				  o->insts[k - 1]->item.type->ref.segs[0].name);
		if (o && o->ninsts)
			diag_note(d, o->decl->item.name.loc, "the resource is declared here");
		if (r->strict)
			r->errors++;
	}
	free(name);
	strbuf_fini(&msg);
}

unsigned lint_template(struct lint_state *st, const struct ir_template *t)
{
	struct lint_run r;
	struct arena *tmp = arena_new();

	memset(&r, 0, sizeof(r));
	r.st = st;
	r.t = t;
	r.resources = ir_get(t->root, "Resources");
	if (!r.resources || r.resources->kind != IR_MAP) {
		arena_free(tmp);
		return 0;
	}
	r.strict = lint_strict_for(st, t->env);
	lint_index(&r, tmp);
	lint_rules_run(&r);
	arena_free(tmp);
	return r.errors;
}

void lint_finish(struct lint_state *st)
{
	for (size_t k = 0; k < st->nacks; k++) {
		struct lint_ack *a = &st->acks[k];
		struct diag *r;

		if (a->used || !a->user || !a->rule)
			continue;
		r = diag_warning(st->d, a->a->loc, "acknowledgement of %s matches no finding", a->rule);
		diag_hint(r, "remove it, or move it to the resource, instance or component the finding is on");
	}
}
