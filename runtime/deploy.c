/* deploy.c - phxc deploy, diff, status, outputs and destroy.
 *
 * Every command compiles first (no AWS call unless every pass reports zero
 * errors), resolves credentials, region and endpoints (creds.h), then talks
 * to CloudFormation (cfn.h). deploy: read the stack, refuse or explain the
 * states that trap people, compare with GetTemplate ("up to date"), create
 * a change set, show it, confirm on a terminal, execute, watch. recover is
 * in deploy_recover.c, the export checks in deploy_exports.c. */
#include "phx.h"
#include "ast.h"
#include "cfn.h"
#include "creds.h"
#include "deploy.h"
#include "deploy_exports.h"
#include "deploy_int.h"
#include "driver.h"
#include "emit.h"
#include "http.h"
#include "ir.h"
#include "rt_clock.h"
#include "s3.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

void rt_err(const char *fmt, ...)
{
	va_list ap;

	fputs("phxc: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void rt_cfn_err(const char *what, const struct cfn_error *e)
{
	char *t = cfn_error_text(e);

	rt_err("%s failed: %s", what, t);
	free(t);
}

/* IR scalar -> the string CloudFormation would read. */
static char *ir_scalar_text(const struct ir *v)
{
	struct strbuf b;

	switch (v->kind) {
	case IR_STR:
		return xstrndup(v->str.s, v->str.len);
	case IR_INT:
		return xasprintf("%lld", (long long)v->i);
	case IR_NUM:
		return xasprintf("%.17g", v->d);
	case IR_BOOL:
		return xstrdup(v->b ? "true" : "false");
	case IR_LIST:
		strbuf_init(&b);
		strbuf_addn(&b, "", 0);
		for (size_t i = 0; i < v->list.n; i++) {
			char *s = ir_scalar_text(v->list.v[i]);

			strbuf_addf(&b, "%s%s", i ? "," : "", s);
			free(s);
		}
		return strbuf_steal(&b);
	default:
		return xstrdup("");
	}
}

void rt_fini(struct rt *r)
{
	for (size_t i = 0; i < r->nparams; i++) {
		free(r->params[i].src_name);
		free(r->params[i].deflt);
		free(r->params[i].given_from);
	}
	free(r->params);
	free(r->body);
	if (r->cfg_live) {
		http_fini(&r->http);
		creds_fini(&r->cfg);
	}
	comp_fini(&r->comp);
}

/* The template's parameters, matched with --param key=value (the key is the
 * logical ID or the name written in the source). */
static int rt_params(struct rt *r)
{
	struct ir *ps = ir_get(r->tmpl->root, "Parameters");

	if (ps && ps->kind == IR_MAP) {
		r->params = xcalloc(ps->map.n + 1, sizeof(*r->params));
		for (size_t i = 0; i < ps->map.n; i++) {
			struct tparam *p = &r->params[r->nparams++];
			struct ir *d = ir_get(ps->map.v[i].val, "Default");
			struct ir *ne = ir_get(ps->map.v[i].val, "NoEcho");

			p->key = ps->map.v[i].key;
			p->deflt = d ? ir_scalar_text(d) : NULL;
			p->noecho = ne && ne->kind == IR_BOOL && ne->b;
			for (size_t k = 0; k < r->tmpl->norigins; k++) {
				const struct ir_origin *o = &r->tmpl->origins[k];
				struct srcfile *f;

				if (strcmp(o->logical_id, p->key) || !o->loc.file)
					continue;
				f = src_get(&r->comp.srcs, o->loc.file);
				if (f && o->loc.end <= f->len && o->loc.start < o->loc.end)
					p->src_name = xstrndup(f->text + o->loc.start, o->loc.end - o->loc.start);
				break;
			}
		}
	}
	for (size_t i = 0; i < r->o->nparams; i++) {
		const char *kv = r->o->params[i], *eq = strchr(kv, '=');
		bool matched = false;

		if (!eq || eq == kv) {
			rt_err("--param takes KEY=VALUE, not '%s'", kv);
			return PHX_EXIT_USAGE;
		}
		for (size_t k = 0; k < r->nparams; k++) {
			struct tparam *p = &r->params[k];
			size_t n = (size_t)(eq - kv);

			if ((strlen(p->key) == n && !strncmp(p->key, kv, n)) ||
			    (p->src_name && strlen(p->src_name) == n && !strncmp(p->src_name, kv, n))) {
				p->given = eq + 1;
				matched = true;
			}
		}
		if (!matched) {
			struct strbuf names;

			strbuf_init(&names);
			strbuf_addn(&names, "", 0);
			for (size_t k = 0; k < r->nparams; k++)
				strbuf_addf(&names, "%s%s", k ? ", " : "",
					    r->params[k].src_name ? r->params[k].src_name : r->params[k].key);
			rt_err("--param %.*s: the template has no such parameter (it has: %s)",
			       (int)(eq - kv), kv, r->nparams ? names.s : "none");
			strbuf_fini(&names);
			return PHX_EXIT_USAGE;
		}
	}
	/* PHX_PARAM_<name as in .phx>, else PHX_PARAM_<logical ID>, for what
	 * --param did not give. */
	for (size_t k = 0; k < r->nparams; k++) {
		struct tparam *p = &r->params[k];
		const char *names[2] = { p->src_name, p->key };

		for (int j = 0; j < 2 && !p->given; j++) {
			char *var;

			if (!names[j])
				continue;
			var = xasprintf("PHX_PARAM_%s", names[j]);
			if (getenv(var)) {
				p->given = getenv(var);
				p->given_from = var;
				if (r->o->verbose)
					fprintf(stderr, "phxc: parameter %s from %s\n",
						p->src_name ? p->src_name : p->key, var);
			} else {
				free(var);
			}
		}
	}
	return -1;
}

/* Where a logical ID was written, or a zero location. */
static struct phx_loc origin_loc(const struct rt *r, const char *logical_id)
{
	struct phx_loc none = { 0 };

	for (size_t k = 0; k < r->tmpl->norigins; k++)
		if (!strcmp(r->tmpl->origins[k].logical_id, logical_id))
			return r->tmpl->origins[k].loc;
	return none;
}

/* Parameters this run has no value for: not given, no default, and no
 * deployed value to keep (st is the stack when it exists and can be updated,
 * else NULL). Every one is reported, located, with the two ways to give it;
 * returns how many. Called before anything is created. */
static size_t missing_params(struct rt *r, const struct cfn_stack *st)
{
	size_t n = 0;

	r->comp.diag.max_errors = 0;
	for (size_t i = 0; i < r->nparams; i++) {
		const struct tparam *p = &r->params[i];
		const char *name = p->src_name ? p->src_name : p->key;
		bool deployed = false;
		struct diag *d;

		for (size_t k = 0; st && k < st->nparams; k++)
			deployed |= !strcmp(st->params[k].key, p->key);
		if (p->given || p->deflt || deployed)
			continue;
		n++;
		d = diag_error(&r->comp.diag, origin_loc(r, p->key),
			       "parameter '%s' has no value and no default", name);
		diag_hint(d, "give it with --param %s=VALUE or in the environment as PHX_PARAM_%s",
			  name, name);
		diag_render_one(&r->comp.diag, d, stderr, r->color);
	}
	if (n)
		rt_err("%zu parameter%s without a value: nothing deployed", n, n == 1 ? "" : "s");
	return n;
}

/* Compiles the sources for one environment. Returns -1 to go on, else an
 * exit status (diagnostics rendered). */
static int rt_compile(struct rt *r)
{
	struct comp_opts copts = { .max_errors = 10 };
	const struct deploy_opts *o = r->o;

	/* a stack of a group (deploy_stacks.c): its warnings were shown once */
	FILE *warn = o->in_group ? fopen("/dev/null", "w") : NULL;

	r->color = diag_use_color(o->color, stderr);
	comp_init(&r->comp, &copts);
	{
		int rc = comp_front(&r->comp, o->inputs, o->ninputs, o->env, warn ? warn : stderr,
				    r->color);

		if (warn)
			fclose(warn);
		if (rc >= 0)
			return rc;
	}
	if (!o->env && r->comp.prog.nenvs && !o->all) {
		struct strbuf names;

		strbuf_init(&names);
		for (size_t i = 0; i < r->comp.prog.nenvs; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "",
				    r->comp.prog.envs[i]->item.name.name);
		rt_err("choose an environment with --env (one of: %s)", names.s);
		strbuf_fini(&names);
		return PHX_EXIT_USAGE;
	}
	r->tmpl = comp_lower(&r->comp, o->env ? o->env
					 : r->comp.prog.nenvs ? r->comp.prog.envs[0]->item.name.name
					 : NULL);
	if (!r->tmpl) {
		diag_render(&r->comp.diag, stderr, r->color);
		return PHX_EXIT_COMPILE;
	}
	if (r->tmpl->nparts || o->stack) {
		/* several stacks: one chosen with --stack, or all of them */
		int rc = stacks_select(r);

		if (rc >= 0 || r->group) {
			if (!o->in_group)
				diag_render(&r->comp.diag, stderr, r->color);
			return rc;
		}
	}
	r->body = comp_emit(&r->comp, r->tmpl, EMIT_JSON, &r->len);
	if (!o->in_group || !r->body)	/* a group shows warnings once */
		diag_render(&r->comp.diag, stderr, r->color);	/* errors, or warnings */
	if (!r->body)
		return PHX_EXIT_COMPILE;
	return rt_params(r);
}

static int rt_connect(struct rt *r)
{
	struct strbuf err;

	strbuf_init(&err);
	if (creds_load(&r->cfg, r->o->region, r->tmpl->region, &err)) {
		rt_err("%s", err.s);
		strbuf_fini(&err);
		return PHX_EXIT_USAGE;
	}
	r->cfg_live = true;
	rt_deadline_start(r->o->timeout_s);
	http_init(&r->http, &r->cfg, r->o->verbose);
	r->cfn.http = &r->http;
	r->cfn.endpoint = r->cfg.cfn_endpoint;
	if (r->o->verbose)
		fprintf(stderr, "phxc: stack %s, region %s (from %s), credentials from %s, "
			"CloudFormation at %s\n", r->tmpl->stack_name, r->cfg.region,
			r->cfg.region_source, r->cfg.creds_source, r->cfg.cfn_endpoint);
	return -1;
}

static int rt_open(struct rt *r, const struct deploy_opts *o)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->o = o;
	rc = rt_compile(r);
	if (rc < 0)
		rc = rt_connect(r);
	return rc;
}

bool confirm(const char *question)
{
	char line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	return line[0] == 'y' || line[0] == 'Y';
}

bool interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

static bool needs_iam(const struct ir *root)
{
	struct ir *res = ir_get(root, "Resources");

	if (!res || res->kind != IR_MAP)
		return false;
	for (size_t i = 0; i < res->map.n; i++) {
		struct ir *t = ir_get(res->map.v[i].val, "Type");

		if (t && t->kind == IR_STR && !strncmp(t->str.s, "AWS::IAM::", 10))
			return true;
	}
	return false;
}

static void print_changes(const struct cfn_change_set *cs)
{
	int wa = 6, wl = 10, wt = 4;

	if (!cs->nchanges) {
		printf("no resource changes (parameters or outputs only)\n");
		fflush(stdout);
		return;
	}

	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct cfn_change *c = &cs->changes[i];

		if ((int)strlen(c->action) > wa)
			wa = (int)strlen(c->action);
		if ((int)strlen(c->logical_id) > wl)
			wl = (int)strlen(c->logical_id);
		if ((int)strlen(c->type) > wt)
			wt = (int)strlen(c->type);
	}
	printf("%-*s  %-*s  %-*s  %s\n", wa, "action", wl, "logical id", wt, "type", "replacement");
	for (size_t i = 0; i < cs->nchanges; i++) {
		const struct cfn_change *c = &cs->changes[i];
		const char *rep = !strcmp(c->replacement, "True") ? "yes"
				  : !strcmp(c->replacement, "Conditional") ? "maybe"
				  : !strcmp(c->replacement, "False") ? "no" : "-";

		printf("%-*s  %-*s  %-*s  %s\n", wa, c->action, wl, c->logical_id, wt, c->type, rep);
	}
	fflush(stdout);
}

#define CHANGE_SET_WAIT_S 600.0

/* Waits for a change set to be computed: 10 minutes at most (by the clock
 * of rt_clock.h, sleeps included), and never past the deadline. 0: ready
 * (or empty: *empty set), -1: failed (reported). */
static int wait_change_set(struct rt *r, const char *stack, const char *cs_id,
			   struct cfn_change_set *cs, bool *empty)
{
	unsigned interval = 250;
	double start = rt_clock_now();

	*empty = false;
	for (int round = 0; ; round++) {
		struct cfn_error err;

		if (cfn_describe_change_set(&r->cfn, stack, cs_id, cs, &err)) {
			rt_cfn_err("DescribeChangeSet", &err);
			cfn_error_fini(&err);
			return -1;
		}
		if (!strcmp(cs->status, "CREATE_COMPLETE"))
			return 0;
		if (!strcmp(cs->status, "FAILED")) {
			if (cfn_change_set_is_empty(cs)) {
				*empty = true;
				return 0;
			}
			rt_err("the change set failed: %s", *cs->status_reason ? cs->status_reason
									: "no reason given");
			return -1;
		}
		if (rt_clock_now() - start >= CHANGE_SET_WAIT_S || rt_deadline_passed()) {
			rt_err("the change set is still %s after %.0f s (%d calls)%s", cs->status,
			       rt_clock_now() - start, round + 1,
			       rt_deadline_passed() ? ": the deadline (--timeout) passed" : "");
			return -1;
		}
		cfn_change_set_fini(cs);
		rt_sleep_ms(interval);
		if (interval < 2000)
			interval *= 2;
	}
}

/* The effective parameters of this run: given, else the default, else the
 * deployed value (UsePreviousValue). */
static struct cfn_kv *change_set_params(struct rt *r, const struct cfn_stack *st, bool exists,
					size_t *n)
{
	struct cfn_kv *v = xcalloc(r->nparams + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < r->nparams; i++) {
		const struct tparam *p = &r->params[i];
		bool previous = false;

		if (!p->given && !p->deflt && exists)
			for (size_t k = 0; k < st->nparams; k++)
				previous |= !strcmp(st->params[k].key, p->key);
		if (!p->given && !p->deflt && !previous)
			continue;	/* CloudFormation names it as missing */
		v[*n].key = (char *)p->key;
		v[*n].value = (char *)(p->given ? p->given : previous ? NULL : p->deflt);
		(*n)++;
	}
	return v;
}

/* True when the deployed template and parameters are what this run sends. */
static bool up_to_date(struct rt *r, const struct cfn_stack *st)
{
	struct cfn_error err;
	char *deployed = NULL;
	bool same;

	if (cfn_get_template(&r->cfn, st->id, &deployed, &err)) {
		cfn_error_fini(&err);
		return false;	/* cannot tell: a change set decides */
	}
	same = strlen(deployed) == r->len && !memcmp(deployed, r->body, r->len);
	free(deployed);
	for (size_t i = 0; same && i < r->nparams; i++) {
		const struct tparam *p = &r->params[i];
		const char *want = p->given ? p->given : p->deflt, *have = NULL;

		for (size_t k = 0; k < st->nparams; k++)
			if (!strcmp(st->params[k].key, p->key))
				have = st->params[k].value;
		if (!have)
			same = false;
		else if (want && (p->noecho ? p->given != NULL : strcmp(want, have) != 0))
			same = false;
	}
	return same;
}

static void print_outputs(const struct cfn_stack *st, bool json)
{
	if (json) {
		json_t *o = json_object();
		char *s;

		for (size_t i = 0; i < st->noutputs; i++)
			json_object_set_new(o, st->outputs[i].key, json_string(st->outputs[i].value));
		s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	for (size_t i = 0; i < st->noutputs; i++)
		printf("%s = %s\n", st->outputs[i].key, st->outputs[i].value);
}

bool in_progress(const char *status)
{
	size_t n = strlen(status);

	return n > 12 && !strcmp(status + n - 12, "_IN_PROGRESS") &&
	       strcmp(status, "REVIEW_IN_PROGRESS");
}

/* Explains a stack state that blocks a deploy. Returns true when blocked. */
static bool blocked_state(const struct rt *r, const char *status)
{
	const char *name = r->tmpl->stack_name;

	if (!strcmp(status, "UPDATE_ROLLBACK_FAILED")) {
		rt_err("stack %s is UPDATE_ROLLBACK_FAILED: a rollback could not finish; continue it "
		       "with 'phxc recover%s%s' (adding --skip RESOURCE for resources that cannot "
		       "roll back), then deploy again", name, r->o->env ? " --env " : "",
		       r->o->env ? r->o->env : "");
		return true;
	}
	if (!strcmp(status, "DELETE_FAILED")) {
		rt_err("stack %s is DELETE_FAILED: delete it with 'phxc destroy' (resources that cannot "
		       "be deleted are named in its events), then deploy again", name);
		return true;
	}
	if (!strcmp(status, "ROLLBACK_FAILED")) {
		rt_err("stack %s is ROLLBACK_FAILED: its first create failed and so did the cleanup; "
		       "delete it with 'phxc destroy', then deploy again", name);
		return true;
	}
	if (in_progress(status)) {
		rt_err("stack %s is %s: another operation is running on it; wait for it to finish "
		       "('phxc status'), then deploy again, or deploy with --attach to watch it "
		       "and deploy when it settles", name, status);
		return true;
	}
	return false;
}

static int delete_and_wait(struct rt *r, const char *stack_id)
{
	struct deploy_watch w = { .cfn = &r->cfn, .stack = stack_id, .comp = &r->comp,
				  .tmpl = r->tmpl, .color = diag_use_color(r->o->color, stdout), .diag_color = r->color,
				  .progress = isatty(STDOUT_FILENO), .verbose = r->o->verbose,
				  .expect_delete = true };
	struct cfn_error err;
	int rc;

	deploy_watch_mark(&w);
	if (cfn_delete_stack(&r->cfn, stack_id, &err)) {
		rt_cfn_err("DeleteStack", &err);
		cfn_error_fini(&err);
		deploy_watch_fini(&w);
		return PHX_EXIT_DEPLOY;
	}
	rc = deploy_watch_run(&w);
	if (rc == PHX_EXIT_OK && !w.gave_up && strcmp(w.final_status, "DELETE_COMPLETE")) {
		rt_err("stack is %s after the delete", w.final_status);
		rc = PHX_EXIT_DEPLOY;
	}
	deploy_watch_fini(&w);
	return rc;
}

/* deploy --attach: watches the operation that holds the stack until it
 * settles, then reads the stack again. Returns -1 to go on with the deploy
 * (*st and *exists updated), else an exit status. */
static int attach(struct rt *r, struct cfn_stack *st, bool *exists)
{
	struct deploy_watch w = { .cfn = &r->cfn, .stack = st->id, .comp = &r->comp,
				  .tmpl = r->tmpl, .color = diag_use_color(r->o->color, stdout),
				  .diag_color = r->color, .progress = isatty(STDOUT_FILENO),
				  .verbose = r->o->verbose };
	const char *name = r->tmpl->stack_name;
	struct cfn_error err;
	char *final;
	size_t n;
	int rc;

	printf("%s: %s by another operation; watching it until it settles\n", name, st->status);
	fflush(stdout);
	deploy_watch_mark(&w);
	rc = deploy_watch_run(&w);
	if (rc == 130 || w.gave_up) {
		deploy_watch_fini(&w);
		return rc;
	}
	final = w.final_status;
	w.final_status = NULL;
	deploy_watch_fini(&w);
	printf("%s: the other operation ended: %s\n", name, final);
	n = strlen(final);
	if (n > 7 && !strcmp(final + n - 7, "_FAILED")) {
		if (!blocked_state(r, final))
			rt_err("stack %s is %s: not deploying", name, final);
		rt_err("the operation that held stack %s ended in %s; nothing deployed", name, final);
		free(final);
		return PHX_EXIT_DEPLOY;
	}
	free(final);
	cfn_stack_fini(st);
	if (cfn_describe_stack(&r->cfn, name, st, exists, &err)) {
		rt_cfn_err("DescribeStacks", &err);
		cfn_error_fini(&err);
		return PHX_EXIT_DEPLOY;
	}
	return -1;
}

/* Creates a change set for this run. Returns -1 and fills the out
 * parameters, or an exit status. */
static int make_change_set(struct rt *r, const struct cfn_stack *st, bool exists,
			   char **cs_id, char **stack_id, struct cfn_change_set *cs, bool *empty)
{
	static const char *const iam_caps[] = { "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
						"CAPABILITY_AUTO_EXPAND" };
	bool create = !exists || !strcmp(st->status, "REVIEW_IN_PROGRESS");
	char *name = xasprintf("phxc-%lld-%d", (long long)time(NULL), (int)getpid());
	char token[CFN_TOKEN_SIZE];
	size_t nparams;
	struct cfn_kv *params = change_set_params(r, st, exists && !create, &nparams);
	struct cfn_change_set_input in = {
		.stack_name = r->tmpl->stack_name, .change_set_name = name, .create = create,
		.template_body = r->body, .params = params, .nparams = nparams,
		.capabilities = iam_caps,
	};
	struct cfn_kv *tags = xcalloc(r->tmpl->ntags ? r->tmpl->ntags : 1, sizeof(*tags));

	for (size_t i = 0; i < r->tmpl->ntags; i++) {
		tags[i].key = (char *)r->tmpl->tags[i].key;
		tags[i].value = (char *)r->tmpl->tags[i].value;
	}
	in.tags = tags;
	in.ntags = r->tmpl->ntags;
	cfn_token_new(token);
	in.client_token = token;
	char *url = NULL;
	struct cfn_error err;
	int rc = -1;

	/* IAM resources need the IAM capabilities; a Transform needs AUTO_EXPAND. */
	if (needs_iam(r->tmpl->root))
		in.ncapabilities = 2;
	if (ir_get(r->tmpl->root, "Transform")) {
		in.capabilities = in.ncapabilities ? iam_caps : iam_caps + 2;
		in.ncapabilities = in.ncapabilities ? 3 : 1;
	}
	if (r->len > CFN_TEMPLATE_BODY_MAX) {
		struct strbuf e;
		const char *named = r->o->bucket ? r->o->bucket : r->tmpl->bucket;
		char *bucket = named ? xstrdup(named) : NULL, *key, hash[65];

		strbuf_init(&e);
		if (!bucket) {
			char *acct = s3_account_id(&r->http, &r->cfg, &e);

			if (acct)
				bucket = xasprintf("phxc-templates-%s-%s", acct, r->cfg.region);
			free(acct);
		}
		if (bucket) {
			sigv4_sha256_hex(r->body, r->len, hash);
			key = xasprintf("%s/%.16s.template.json", r->tmpl->stack_name, hash);
			url = s3_upload_template(&r->http, &r->cfg, bucket, key, r->body, r->len, &e);
			if (url)
				printf("template is %zu bytes (over %d): uploaded to s3://%s/%s\n", r->len,
				       CFN_TEMPLATE_BODY_MAX, bucket, key);
			free(key);
		}
		free(bucket);
		if (!url) {
			rt_err("the template is %zu bytes, over CloudFormation's %d for a template "
			       "body, and its upload to S3 failed: %s", r->len, CFN_TEMPLATE_BODY_MAX, e.s);
			strbuf_fini(&e);
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		strbuf_fini(&e);
		in.template_body = NULL;
		in.template_url = url;
	}
	if (cfn_create_change_set(&r->cfn, &in, cs_id, stack_id, &err)) {
		rt_cfn_err("CreateChangeSet", &err);
		cfn_error_fini(&err);
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	if (wait_change_set(r, r->tmpl->stack_name, *cs_id, cs, empty)) {
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
out:
	free(url);
	free(tags);
	free(params);
	free(name);
	return rc;
}

/* diff's cleanup: the change set, and the empty stack a CREATE change set
 * leaves behind (REVIEW_IN_PROGRESS). */
static void discard_change_set(struct rt *r, const char *cs_id, const char *stack_id, bool created)
{
	struct cfn_error err;

	if (cfn_delete_change_set(&r->cfn, r->tmpl->stack_name, cs_id, &err)) {
		rt_cfn_err("DeleteChangeSet", &err);
		cfn_error_fini(&err);
	}
	if (created && stack_id && *stack_id && cfn_delete_stack(&r->cfn, stack_id, &err)) {
		rt_cfn_err("DeleteStack (of the stack the change set created)", &err);
		cfn_error_fini(&err);
	}
}

static int deploy_or_diff(const struct deploy_opts *o, bool execute)
{
	struct rt r;
	struct cfn_stack st;
	struct cfn_change_set cs;
	struct cfn_error err;
	char *cs_id = NULL, *stack_id = NULL;
	bool exists = false, empty = false, created;
	int rc = rt_open(&r, o);

	memset(&st, 0, sizeof(st));
	memset(&cs, 0, sizeof(cs));
	if (rc >= 0)
		goto out;
	if (r.group) {
		rc = execute ? stacks_deploy(&r) : stacks_each(&r, deploy_cmd_diff, false);
		goto out;
	}
	if (o->stack && !o->in_group && execute && (rc = stacks_check_needs(&r)) >= 0)
		goto out;
	if (cfn_describe_stack(&r.cfn, r.tmpl->stack_name, &st, &exists, &err)) {
		rt_cfn_err("DescribeStacks", &err);
		cfn_error_fini(&err);
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	if (exists && execute && in_progress(st.status)) {
		bool go = o->attach;

		if (!go && !o->yes && interactive()) {
			fprintf(stderr, "phxc: stack %s is %s: another operation is running on it\n",
				r.tmpl->stack_name, st.status);
			go = confirm("Watch it until it settles, then deploy?");
		}
		if (go) {
			rc = attach(&r, &st, &exists);
			if (rc >= 0)
				goto out;
		}
	}
	if (exists && blocked_state(&r, st.status)) {
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	/* REVIEW_IN_PROGRESS: a first change set that was never executed (an
	 * earlier deploy failed or was declined); the stack holds nothing */
	if (exists && !strcmp(st.status, "REVIEW_IN_PROGRESS"))
		fprintf(stderr, "phxc: stack %s is REVIEW_IN_PROGRESS: an earlier deploy created it "
			"but never executed a change set, so it holds no resources; %s\n",
			r.tmpl->stack_name, execute ? "deleting it, then creating it again"
			: "a deploy will delete it and create it again");
	/* every missing value at once, before anything is created; the only
	 * call so far is DescribeStacks, for the values a deployed stack keeps */
	if (missing_params(&r, exists && strcmp(st.status, "REVIEW_IN_PROGRESS") &&
			       strcmp(st.status, "ROLLBACK_COMPLETE") ? &st : NULL)) {
		if (exists && execute && !strcmp(st.status, "REVIEW_IN_PROGRESS") &&
		    !cfn_delete_stack(&r.cfn, st.id, &err))
			fprintf(stderr, "phxc: deleted the empty REVIEW_IN_PROGRESS stack %s\n",
				r.tmpl->stack_name);
		else if (exists && execute && !strcmp(st.status, "REVIEW_IN_PROGRESS"))
			cfn_error_fini(&err);
		rc = PHX_EXIT_USAGE;
		goto out;
	}
	if (exists && execute && !strcmp(st.status, "REVIEW_IN_PROGRESS")) {
		rc = delete_and_wait(&r, st.id);
		if (rc != PHX_EXIT_OK)
			goto out;
		cfn_stack_fini(&st);
		memset(&st, 0, sizeof(st));
		exists = false;
		rc = -1;
	}
	if (exists && !strcmp(st.status, "ROLLBACK_COMPLETE")) {
		fprintf(stderr, "phxc: stack %s is ROLLBACK_COMPLETE: its first create failed and it "
			"cannot be updated; it must be deleted and created again\n", r.tmpl->stack_name);
		if (!execute) {
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		if (!o->yes && !(interactive() && confirm("Delete it and create it again?"))) {
			rt_err("stack %s left as it is%s", r.tmpl->stack_name,
			       interactive() ? "" : "; run again with --yes to delete and recreate it");
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		rc = delete_and_wait(&r, st.id);
		if (rc != PHX_EXIT_OK)
			goto out;
		cfn_stack_fini(&st);
		exists = false;
		rc = -1;
	}
	if (exists && strcmp(st.status, "REVIEW_IN_PROGRESS") && up_to_date(&r, &st)) {
		printf("%s: up to date\n", r.tmpl->stack_name);
		rc = PHX_EXIT_OK;
		goto out;
	}
	/* exports that this template removes or changes and a stack imports */
	if (exists && strcmp(st.status, "REVIEW_IN_PROGRESS") && (rc = exports_check(&r, &st, execute)) >= 0)
		goto out;
	created = !exists || !strcmp(st.status, "REVIEW_IN_PROGRESS");
	rc = make_change_set(&r, &st, exists, &cs_id, &stack_id, &cs, &empty);
	if (rc >= 0) {
		/* a failed first change set leaves an empty REVIEW_IN_PROGRESS
		 * stack: delete it rather than leave it for the next run */
		if (created && stack_id && *stack_id && !cfn_delete_stack(&r.cfn, stack_id, &err))
			fprintf(stderr, "phxc: deleted the empty stack %s the failed change set "
				"created\n", r.tmpl->stack_name);
		else if (created && stack_id && *stack_id)
			cfn_error_fini(&err);
		goto out;
	}
	if (empty) {
		printf("%s: up to date (no changes)\n", r.tmpl->stack_name);
		discard_change_set(&r, cs_id, stack_id, false);
		rc = PHX_EXIT_OK;
		goto out;
	}
	printf("%s %s (%s):\n", created ? "create stack" : "update stack", r.tmpl->stack_name,
	       r.cfg.region);
	print_changes(&cs);
	if (!execute) {
		discard_change_set(&r, cs_id, stack_id, created && !exists);
		rc = PHX_EXIT_OK;
		goto out;
	}
	if (!o->yes && interactive() && !confirm("Deploy these changes?")) {
		discard_change_set(&r, cs_id, stack_id, created && !exists);
		fprintf(stderr, "phxc: nothing deployed\n");
		rc = PHX_EXIT_OK;
		goto out;
	}
	{
		struct deploy_watch w = { .cfn = &r.cfn, .stack = stack_id, .comp = &r.comp,
					  .tmpl = r.tmpl, .color = diag_use_color(o->color, stdout),
					  .diag_color = r.color,
					  .progress = isatty(STDOUT_FILENO), .verbose = o->verbose };

		deploy_watch_mark(&w);
		if (cfn_execute_change_set(&r.cfn, r.tmpl->stack_name, cs_id, &err)) {
			rt_cfn_err("ExecuteChangeSet", &err);
			cfn_error_fini(&err);
			deploy_watch_fini(&w);
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		if (o->no_wait) {
			printf("%s: change set executing; follow it with 'phxc status'\n",
			       r.tmpl->stack_name);
			deploy_watch_fini(&w);
			rc = PHX_EXIT_OK;
			goto out;
		}
		rc = deploy_watch_run(&w);
		if (rc != 130 && !w.gave_up)
			printf("%s: %s\n", r.tmpl->stack_name, w.final_status);
		if (rc == PHX_EXIT_DEPLOY && !w.gave_up)
			rt_err("deploy of %s failed: the stack is %s", r.tmpl->stack_name, w.final_status);
		deploy_watch_fini(&w);
	}
	if (rc == PHX_EXIT_OK) {
		struct cfn_stack now;
		bool found;

		if (!cfn_describe_stack(&r.cfn, stack_id, &now, &found, &err)) {
			if (found)
				print_outputs(&now, false);
			cfn_stack_fini(&now);
		} else {
			cfn_error_fini(&err);	/* the deploy is done; outputs are a courtesy */
		}
	}
out:
	free(cs_id);
	free(stack_id);
	cfn_change_set_fini(&cs);
	cfn_stack_fini(&st);
	rt_fini(&r);
	return rc;
}

int deploy_cmd_deploy(const struct deploy_opts *o)
{
	return deploy_or_diff(o, true);
}

int deploy_cmd_diff(const struct deploy_opts *o)
{
	return deploy_or_diff(o, false);
}

/* Reads the stack; 0 with *found false when it does not exist. */
static int read_stack(struct rt *r, struct cfn_stack *st, bool *found)
{
	struct cfn_error err;

	if (cfn_describe_stack(&r->cfn, r->tmpl->stack_name, st, found, &err)) {
		rt_cfn_err("DescribeStacks", &err);
		cfn_error_fini(&err);
		return -1;
	}
	return 0;
}

/* rt_open, then the stack as DescribeStacks has it. -1 to go on, else the
 * exit status. */
int rt_open_stack(struct rt *r, const struct deploy_opts *o, struct cfn_stack *st,
		  bool *found)
{
	int rc = rt_open(r, o);

	memset(st, 0, sizeof(*st));
	*found = false;
	if (rc >= 0 || r->group)
		return rc;
	return read_stack(r, st, found) ? PHX_EXIT_DEPLOY : -1;
}

static bool failed_status(const char *s)
{
	return strstr(s, "FAILED") || strstr(s, "ROLLBACK");
}


/* status --resources: DescribeStackResources as a table, with the .phx
 * place each logical ID was written. */
static int print_resources(struct rt *r, const char *stack_id)
{
	struct cfn_resource *res;
	struct cfn_error err;
	size_t n;
	int wl = 10, wt = 4, ws = 6;
	char **places;

	if (cfn_describe_stack_resources(&r->cfn, stack_id, &res, &n, &err)) {
		rt_cfn_err("DescribeStackResources", &err);
		cfn_error_fini(&err);
		return -1;
	}
	places = xcalloc(n + 1, sizeof(*places));
	for (size_t i = 0; i < n; i++) {
		char **cols[] = { &res[i].logical_id, &res[i].type, &res[i].status };

		for (size_t k = 0; k < PHX_ARRAY_SIZE(cols); k++)
			if (!**cols[k]) {	/* a field the endpoint left out */
				free(*cols[k]);
				*cols[k] = xstrdup("-");
			}
		places[i] = origin_place(r, res[i].logical_id);
		if ((int)strlen(res[i].logical_id) > wl)
			wl = (int)strlen(res[i].logical_id);
		if ((int)strlen(res[i].type) > wt)
			wt = (int)strlen(res[i].type);
		if ((int)strlen(res[i].status) > ws)
			ws = (int)strlen(res[i].status);
	}
	printf("%-*s  %-*s  %-*s  %s\n", wl, "logical id", wt, "type", ws, "status", "source");
	for (size_t i = 0; i < n; i++) {
		printf("%-*s  %-*s  %-*s  %s", wl, res[i].logical_id, wt, res[i].type, ws,
		       res[i].status, places[i] ? places[i] : "-");
		if (*res[i].reason && strstr(res[i].status, "FAILED"))
			printf("  %s", res[i].reason);
		putchar('\n');
		free(places[i]);
	}
	free(places);
	cfn_resources_free(res, n);
	return 0;
}

/* status --all: ListStacks, matched with the stack name of every
 * environment of the program. */
static int status_all(struct rt *r)
{
	struct cfn_stack_summary *sums;
	struct cfn_error err;
	size_t n, nenvs = r->comp.prog.nenvs;
	int rc = PHX_EXIT_OK;

	if (cfn_list_stacks(&r->cfn, &sums, &n, &err)) {
		rt_cfn_err("ListStacks", &err);
		cfn_error_fini(&err);
		return PHX_EXIT_DEPLOY;
	}
	for (size_t e = 0; e < (nenvs ? nenvs : 1); e++) {
		const struct ir_template *t = r->tmpl;
		const struct cfn_stack_summary *live = NULL;

		if (nenvs && e > 0) {
			t = comp_lower(&r->comp, r->comp.prog.envs[e]->item.name.name);
			if (!t) {
				diag_render(&r->comp.diag, stderr, r->color);
				rc = PHX_EXIT_COMPILE;
				break;
			}
		}
		/* ListStacks also lists deleted stacks: the live one, if any. */
		for (size_t i = 0; i < n; i++)
			if (!strcmp(sums[i].name, t->stack_name) &&
			    strcmp(sums[i].status, "DELETE_COMPLETE"))
				live = &sums[i];
		if (!live) {
			printf("%s: not deployed\n", t->stack_name);
			continue;
		}
		printf("%s: %s%s%s\n", live->name, live->status, *live->status_reason ? ": " : "",
		       live->status_reason);
		if (failed_status(live->status))
			rc = PHX_EXIT_DEPLOY;
	}
	cfn_stack_summaries_free(sums, n);
	return rc;
}

int deploy_cmd_status(const struct deploy_opts *o)
{
	struct rt r;
	struct cfn_stack st;
	bool found;
	int rc;

	if (o->all && (o->env || o->resources)) {
		fprintf(stderr, "phxc status: --all lists every environment: it takes neither "
			"--env nor --resources\nphxc: try 'phxc help status'\n");
		return PHX_EXIT_USAGE;
	}
	rc = rt_open(&r, o);
	if (rc >= 0)
		goto out;
	if (r.group && !o->all) {
		rc = stacks_each(&r, deploy_cmd_status, false);
		goto out;
	}
	if (o->all) {
		rc = status_all(&r);
		goto out;
	}
	if (read_stack(&r, &st, &found)) {
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	if (!found) {
		printf("%s: not deployed (region %s)\n", r.tmpl->stack_name, r.cfg.region);
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	printf("%s: %s%s%s\n", st.name, st.status, *st.status_reason ? ": " : "", st.status_reason);
	if (o->verbose)
		printf("  id: %s\n", st.id);
	rc = failed_status(st.status) ? PHX_EXIT_DEPLOY : PHX_EXIT_OK;
	if (o->resources && print_resources(&r, st.id))
		rc = PHX_EXIT_DEPLOY;
	cfn_stack_fini(&st);
out:
	rt_fini(&r);
	return rc;
}

int deploy_cmd_outputs(const struct deploy_opts *o)
{
	struct rt r;
	struct cfn_stack st;
	bool found;
	int rc = rt_open_stack(&r, o, &st, &found);

	if (rc >= 0)
		goto out;
	if (r.group) {
		rc = stacks_outputs(&r);
		goto out;
	}
	if (!found) {
		rt_err("stack %s does not exist in %s", r.tmpl->stack_name, r.cfg.region);
		rc = PHX_EXIT_DEPLOY;
		goto out;
	}
	print_outputs(&st, o->json);
	if (!st.noutputs && !o->json)
		fprintf(stderr, "phxc: stack %s has no outputs%s\n", st.name,
			r.tmpl->noutputs ? "; the program declares some: deploy it to add them"
					 : " (the program declares none: add 'output NAME = ...')");
	cfn_stack_fini(&st);
	rc = PHX_EXIT_OK;
out:
	rt_fini(&r);
	return rc;
}

/* A property that makes a delete fail while it is on: the resource types
 * whose DeletionProtection (or its like) CloudFormation cannot override. */
static const char *protection_on(const char *type, const struct ir *props)
{
	static const char *const bool_props[] = { "DeletionProtection",
		"DeletionProtectionEnabled", "DisableApiTermination", "TerminationProtection" };
	const struct ir *v, *attrs;

	for (size_t i = 0; props && i < PHX_ARRAY_SIZE(bool_props); i++) {
		v = ir_get(props, bool_props[i]);
		if (v && ((v->kind == IR_BOOL && v->b) ||
			  (v->kind == IR_STR && (!strcmp(v->str.s, "true") ||
						 !strcmp(v->str.s, "ACTIVE")))))
			return bool_props[i];
	}
	/* ELBv2: LoadBalancerAttributes deletion_protection.enabled = true */
	attrs = props && !strcmp(type, "AWS::ElasticLoadBalancingV2::LoadBalancer")
		? ir_get(props, "LoadBalancerAttributes") : NULL;
	for (size_t i = 0; attrs && attrs->kind == IR_LIST && i < attrs->list.n; i++) {
		const struct ir *k = ir_get(attrs->list.v[i], "Key"), *val = ir_get(attrs->list.v[i], "Value");

		if (k && k->kind == IR_STR && !strcmp(k->str.s, "deletion_protection.enabled") &&
		    val && val->kind == IR_STR && !strcmp(val->str.s, "true"))
			return "deletion_protection.enabled";
	}
	return NULL;
}

/* destroy, before it asks: what will stop the delete (deletion protection)
 * and what will outlive it (DeletionPolicy Retain), with the way out.
 * Returns how many resources block the delete. */
static size_t report_protected(struct rt *r)
{
	const struct ir *res = ir_get(r->tmpl->root, "Resources");
	size_t blocking = 0, kept = 0;

	for (size_t i = 0; res && res->kind == IR_MAP && i < res->map.n; i++) {
		const char *id = res->map.v[i].key;
		const struct ir *body = res->map.v[i].val, *t = ir_get(body, "Type");
		const struct ir *dp = ir_get(body, "DeletionPolicy");
		const char *type = t && t->kind == IR_STR ? t->str.s : "?";
		const char *prop = protection_on(type, ir_get(body, "Properties"));
		bool retain = dp && dp->kind == IR_STR && !strncmp(dp->str.s, "Retain", 6);
		char *place;

		if (!prop && !retain)
			continue;
		if (!blocking && !kept)
			printf("%s: protected resources:\n", r->tmpl->stack_name);
		place = origin_place(r, id);
		printf("  %-24s %-36s %s%s%s\n", id, type,
		       prop ? prop : "DeletionPolicy Retain: kept after the stack is deleted",
		       place ? "  " : "", place ? place : "");
		free(place);
		blocking += prop != NULL;
		kept += prop == NULL;
	}
	if (blocking)
		printf("%zu resource%s with deletion protection on: the delete fails on %s. "
		       "Turn it off in the program (stdlib components: deletion_protection = false, "
		       "for example through an env value), 'phxc deploy' that, then destroy.\n",
		       blocking, blocking == 1 ? "" : "s", blocking == 1 ? "it" : "them");
	if (kept)
		printf("%zu resource%s with DeletionPolicy Retain will remain after the stack is "
		       "gone (delete %s by hand, or set deletion_policy = \"Delete\" and deploy "
		       "first).\n", kept, kept == 1 ? "" : "s", kept == 1 ? "it" : "them");
	fflush(stdout);
	return blocking;
}

int deploy_cmd_destroy(const struct deploy_opts *o)
{
	struct rt r;
	struct cfn_stack st;
	bool found;
	int rc = rt_open_stack(&r, o, &st, &found);

	if (rc >= 0)
		goto out;
	if (r.group) {
		rc = stacks_destroy(&r);
		goto out;
	}
	if (!found) {
		printf("%s: does not exist in %s; nothing to delete\n", r.tmpl->stack_name, r.cfg.region);
		rc = PHX_EXIT_OK;
		goto out;
	}
	/* another live stack of the program imports its exports */
	if ((o->stack && (rc = stacks_check_importers(&r)) >= 0) ||
	    (rc = exports_check_destroy(&r, &st)) >= 0) {	/* any live stack imports them */
		cfn_stack_fini(&st);
		goto out;
	}
	report_protected(&r);
	if (!o->yes) {
		char *q = xasprintf("Delete stack %s (%s) and every resource it holds?", st.name,
				    r.cfg.region);
		bool go = interactive() && confirm(q);

		free(q);
		if (!go) {
			rt_err("stack %s not deleted%s", st.name,
			       interactive() ? "" : ": not a terminal, give --yes to delete it");
			cfn_stack_fini(&st);
			rc = interactive() ? PHX_EXIT_OK : PHX_EXIT_USAGE;
			goto out;
		}
	}
	rc = delete_and_wait(&r, st.id);
	if (rc != 130)
		printf("%s: %s\n", st.name, rc == PHX_EXIT_OK ? "deleted" : "delete failed");
	cfn_stack_fini(&st);
out:
	rt_fini(&r);
	return rc;
}

/* "file:line" of a logical ID's origin, or NULL. */
char *origin_place(struct rt *r, const char *logical_id)
{
	for (size_t k = 0; k < r->tmpl->norigins; k++) {
		const struct ir_origin *o = &r->tmpl->origins[k];
		struct srcfile *f;
		unsigned line, col;

		if (strcmp(o->logical_id, logical_id) || !o->loc.file)
			continue;
		f = src_get(&r->comp.srcs, o->loc.file);
		if (!f)
			return NULL;
		src_linecol(f, o->loc.start, &line, &col);
		return xasprintf("%s:%u", f->name, line);
	}
	return NULL;
}
