/* deploy_stacks.c - the runtime commands over a program of several stacks
 * (compiler/stacks.h).
 *
 * deploy: every stack in dependency order, the stacks whose producers are all
 * deployed side by side, each in a child process running the one-stack deploy
 * of deploy.c (`--stack NAME`, as a user would) with its output on a pipe;
 * the parent prefixes every line with the stack's name and prints a status
 * line whenever a stack starts, ends or is skipped. A stack that fails stops
 * the stacks that import from it (they are skipped), never its siblings; the
 * exit status is the failed stack's (3 for a failed deploy). diff, status
 * and outputs go through the stacks in order, destroy in reverse order, and a
 * stack whose exports a live stack of the program imports is not deleted. */
#include "phx.h"
#include "deploy_exports.h"
#include "deploy_int.h"
#include "emit.h"
#include "ir.h"
#include "rt_child.h"
#include "rt_clock.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

int stacks_select(struct rt *r)
{
	struct ir_template *t = r->tmpl;
	struct strbuf names;

	r->whole = t;
	if (t->nparts && !r->o->stack) {
		r->group = true;
		return -1;
	}
	for (size_t i = 0; i < t->nparts; i++)
		if (!strcmp(t->parts[i]->part, r->o->stack) ||
		    !strcmp(t->parts[i]->stack_name, r->o->stack)) {
			r->tmpl = t->parts[i];
			return -1;
		}
	strbuf_init(&names);
	for (size_t i = 0; i < t->nparts; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", t->parts[i]->part);
	if (t->nparts)
		rt_err("--stack %s: the program has no such stack (it has: %s)", r->o->stack, names.s);
	else
		rt_err("--stack %s: the program is one stack, %s (name stacks with 'stack = NAME': "
		       "docs/language.md)", r->o->stack, t->stack_name);
	strbuf_fini(&names);
	return PHX_EXIT_USAGE;
}

static struct deploy_opts stacks_opts(const struct rt *r, const struct ir_template *part)
{
	struct deploy_opts o = *r->o;

	o.stack = part->part;
	o.in_group = true;
	return o;
}

/* The worse of two exit statuses: Ctrl-C, then the first failure. */
static int stacks_worse(int a, int b)
{
	if (a == 130 || b == 130)
		return 130;
	return a != PHX_EXIT_OK ? a : b;
}

int stacks_each(struct rt *r, int (*fn)(const struct deploy_opts *), bool reverse)
{
	size_t n = r->whole->nparts;
	int rc = PHX_EXIT_OK;

	for (size_t k = 0; k < n && rc != 130; k++) {
		const struct ir_template *part = r->whole->parts[reverse ? n - 1 - k : k];
		struct deploy_opts o = stacks_opts(r, part);

		fflush(stdout);
		rc = stacks_worse(rc, fn(&o));
	}
	return rc;
}

int stacks_outputs(struct rt *r)
{
	json_t *all = r->o->json ? json_object() : NULL;
	int rc = PHX_EXIT_OK;

	for (size_t i = 0; i < r->whole->nparts; i++) {
		const struct ir_template *part = r->whole->parts[i];
		struct cfn_stack st;
		struct cfn_error err;
		bool found;

		if (cfn_describe_stack(&r->cfn, part->stack_name, &st, &found, &err)) {
			rt_cfn_err("DescribeStacks", &err);
			cfn_error_fini(&err);
			rc = PHX_EXIT_DEPLOY;
			continue;
		}
		if (!found) {
			rt_err("stack %s does not exist in %s", part->stack_name, r->cfg.region);
			rc = PHX_EXIT_DEPLOY;
			continue;
		}
		if (all) {
			json_t *o = json_object();

			for (size_t k = 0; k < st.noutputs; k++)
				json_object_set_new(o, st.outputs[k].key, json_string(st.outputs[k].value));
			json_object_set_new(all, part->stack_name, o);
		} else {
			printf("%s:\n", part->stack_name);
			for (size_t k = 0; k < st.noutputs; k++)
				printf("  %s = %s\n", st.outputs[k].key, st.outputs[k].value);
		}
		cfn_stack_fini(&st);
	}
	if (all) {
		char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		printf("%s\n", s);
		free(s);
		json_decref(all);
	}
	return rc;
}

static bool stacks_needs(const struct ir_template *consumer, const struct ir_template *producer)
{
	for (size_t i = 0; i < consumer->nneeds; i++)
		if (consumer->needs[i] == producer)
			return true;
	return false;
}

int stacks_destroy(struct rt *r)
{
	struct deploy_opts o;
	struct strbuf names;
	size_t n = r->whole->nparts;
	int rc;

	if (!r->o->yes) {
		char *q;
		bool go;

		strbuf_init(&names);
		for (size_t k = 0; k < n; k++)
			strbuf_addf(&names, "%s%s", k ? ", " : "", r->whole->parts[n - 1 - k]->stack_name);
		q = xasprintf("Delete the %zu stacks of the program (%s, in this order) and every "
			      "resource they hold?", n, names.s);
		go = interactive() && confirm(q);
		free(q);
		strbuf_fini(&names);
		if (!go) {
			rt_err("no stack deleted%s", interactive() ? "" : ": not a terminal, give --yes to "
			       "delete them");
			return interactive() ? PHX_EXIT_OK : PHX_EXIT_USAGE;
		}
	}
	/* in reverse dependency order; a stack whose importer could not be
	 * deleted is kept (it could not be deleted either) */
	{
		bool *failed = xcalloc(n, sizeof(*failed));

		rc = PHX_EXIT_OK;
		for (size_t k = 0; k < n && rc != 130; k++) {
			size_t i = n - 1 - k;
			const struct ir_template *part = r->whole->parts[i];
			const char *why = NULL;

			for (size_t c = i + 1; c < n && !why; c++)
				if (failed[c] && stacks_needs(r->whole->parts[c], part))
					why = r->whole->parts[c]->stack_name;
			if (why) {
				rt_err("stack %s not deleted: stack %s, which imports from it, was not deleted",
				       part->stack_name, why);
				failed[i] = true;
				rc = stacks_worse(rc, PHX_EXIT_DEPLOY);
				continue;
			}
			o = stacks_opts(r, part);
			o.yes = true;
			fflush(stdout);
			{
				int one = deploy_cmd_destroy(&o);

				failed[i] = one != PHX_EXIT_OK;
				rc = stacks_worse(rc, one);
			}
		}
		free(failed);
	}
	return rc;
}

/* The stack a failed or missing producer leaves: NULL when it is deployed. */
static const char *stacks_unusable(const char *status)
{
	static const char *const bad[] = { "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "REVIEW_IN_PROGRESS",
					   "DELETE_FAILED", "CREATE_FAILED", "CREATE_IN_PROGRESS",
					   "ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS" };

	for (size_t i = 0; i < PHX_ARRAY_SIZE(bad); i++)
		if (!strcmp(status, bad[i]))
			return status;
	return NULL;
}

int stacks_check_needs(struct rt *r)
{
	for (size_t i = 0; i < r->tmpl->nneeds; i++) {
		const struct ir_template *need = r->tmpl->needs[i];
		struct cfn_stack st;
		struct cfn_error err;
		bool found;
		char *deployed = NULL, *body;
		size_t len;

		if (cfn_describe_stack(&r->cfn, need->stack_name, &st, &found, &err)) {
			rt_cfn_err("DescribeStacks", &err);
			cfn_error_fini(&err);
			return PHX_EXIT_DEPLOY;
		}
		if (!found || stacks_unusable(st.status)) {
			rt_err("stack %s imports from stack %s, which is %s: deploy it first ('phxc deploy "
			       "--stack %s'), or deploy every stack at once (no --stack)", r->tmpl->stack_name,
			       need->stack_name, found ? st.status : "not deployed", need->part);
			if (found)
				cfn_stack_fini(&st);
			return PHX_EXIT_DEPLOY;
		}
		body = comp_emit(&r->comp, (struct ir_template *)need, EMIT_JSON, &len);
		if (body && !cfn_get_template(&r->cfn, st.id, &deployed, &err)) {
			if (strlen(deployed) != len || memcmp(deployed, body, len))
				fprintf(stderr, "phxc: stack %s is out of date (its deployed template differs "
					"from this build): %s reads its exports as they are deployed\n",
					need->stack_name, r->tmpl->stack_name);
			free(deployed);
		} else if (body) {
			cfn_error_fini(&err);
		}
		free(body);
		cfn_stack_fini(&st);
	}
	return -1;
}

/* The first export of producer that consumer's template imports, or NULL. */
static const char *stacks_imported(const struct ir *v, const char *prefix)
{
	if (v->kind == IR_LIST) {
		for (size_t i = 0; i < v->list.n; i++) {
			const char *s = stacks_imported(v->list.v[i], prefix);

			if (s)
				return s;
		}
	} else if (v->kind == IR_MAP) {
		if (v->map.n == 1 && !strcmp(v->map.v[0].key, "Fn::ImportValue") &&
		    v->map.v[0].val->kind == IR_STR && !strncmp(v->map.v[0].val->str.s, prefix, strlen(prefix)))
			return v->map.v[0].val->str.s;
		for (size_t i = 0; i < v->map.n; i++) {
			const char *s = stacks_imported(v->map.v[i].val, prefix);

			if (s)
				return s;
		}
	}
	return NULL;
}

int stacks_check_importers(struct rt *r)
{
	const struct ir_template *whole = r->whole;

	for (size_t i = 0; whole && i < whole->nparts; i++) {
		const struct ir_template *c = whole->parts[i];
		struct cfn_stack st;
		struct cfn_error err;
		bool found;

		if (!stacks_needs(c, r->tmpl))
			continue;
		if (cfn_describe_stack(&r->cfn, c->stack_name, &st, &found, &err)) {
			rt_cfn_err("DescribeStacks", &err);
			cfn_error_fini(&err);
			return PHX_EXIT_DEPLOY;
		}
		if (found) {
			char *prefix = xasprintf("%s-", r->tmpl->stack_name);
			const char *what = stacks_imported(c->root, prefix);

			rt_err("stack %s not deleted: stack %s (%s) still %s%s; destroy %s first ('phxc destroy "
			       "--stack %s'), or every stack of the program at once", r->tmpl->stack_name,
			       c->stack_name, st.status, what ? "imports its export " : "depends on it",
			       what ? what : "", c->stack_name, c->part);
			free(prefix);
			cfn_stack_fini(&st);
			return PHX_EXIT_DEPLOY;
		}
	}
	return -1;
}

/* ---- deploy: the stacks side by side, in dependency order ---- */

enum job_state { JOB_WAIT, JOB_RUN, JOB_OK, JOB_FAILED, JOB_SKIPPED };

struct job {
	const struct ir_template *t;
	enum job_state state;
	struct rt_child ch;	/* named after the stack's part */
	const char *why;	/* JOB_SKIPPED: the producer that failed */
};

static const char *const job_words[] = {
	[JOB_WAIT] = "waiting", [JOB_RUN] = "deploying", [JOB_OK] = "done",
	[JOB_FAILED] = "failed", [JOB_SKIPPED] = "skipped",
};

static size_t job_index(const struct job *jobs, size_t n, const struct ir_template *t)
{
	for (size_t i = 0; i < n; i++)
		if (jobs[i].t == t)
			return i;
	PHX_BUG("a stack needs a stack outside the program");
}

/* The display: one status line for every stack, each time one changes. */
static void jobs_show(const struct job *jobs, size_t n)
{
	printf("stacks:");
	for (size_t i = 0; i < n; i++)
		printf("%s %s %s", i ? "," : "", jobs[i].t->part, job_words[jobs[i].state]);
	printf("\n");
	fflush(stdout);
}

/* --before STACK=COMMAND for this stack (its name in the program or its
 * stack name), or NULL. */
static const char *job_before(const struct rt *r, const struct ir_template *t)
{
	for (size_t i = 0; i < r->o->nbefore; i++) {
		const char *kv = r->o->before[i], *eq = strchr(kv, '=');
		size_t n = (size_t)(eq - kv);

		if ((strlen(t->part) == n && !strncmp(kv, t->part, n)) ||
		    (strlen(t->stack_name) == n && !strncmp(kv, t->stack_name, n)))
			return eq + 1;
	}
	return NULL;
}

/* In the stack's process, before its deploy: the --before command, with
 * PHX_STACK, PHX_ENV and PHX_OUT_<KEY> for every output of the stacks it
 * imports from (the registry's URI, to push the first image). */
static int job_run_before(struct rt *r, const struct ir_template *t, const char *cmd)
{
	int status;

	setenv("PHX_STACK", t->stack_name, 1);
	if (r->o->env)
		setenv("PHX_ENV", r->o->env, 1);
	for (size_t i = 0; i < t->nneeds; i++) {
		struct cfn_stack st;
		struct cfn_error err;
		bool found;

		if (cfn_describe_stack(&r->cfn, t->needs[i]->stack_name, &st, &found, &err)) {
			rt_cfn_err("DescribeStacks", &err);
			cfn_error_fini(&err);
			return PHX_EXIT_DEPLOY;
		}
		for (size_t k = 0; found && k < st.noutputs; k++) {
			char *var = xasprintf("PHX_OUT_%s", st.outputs[k].key);

			setenv(var, st.outputs[k].value, 1);
			free(var);
		}
		if (found)
			cfn_stack_fini(&st);
	}
	printf("before: %s\n", cmd);
	fflush(stdout);
	status = system(cmd);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		rt_err("--before command for stack %s failed (%s %d): nothing deployed", t->stack_name,
		       status != -1 && WIFEXITED(status) ? "exit" : "status",
		       status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : status);
		return PHX_EXIT_DEPLOY;
	}
	return PHX_EXIT_OK;
}

/* What a stack's child runs: its --before command, then its deploy. */
struct job_body {
	struct rt *r;
	const struct ir_template *t;
};

static int job_body(void *arg)
{
	const struct job_body *b = arg;
	struct deploy_opts o = stacks_opts(b->r, b->t);
	const char *before = job_before(b->r, b->t);
	int rc = before ? job_run_before(b->r, b->t, before) : PHX_EXIT_OK;

	o.yes = true;	/* asked once, by the parent */
	return rc == PHX_EXIT_OK ? deploy_cmd_deploy(&o) : rc;
}

static int job_start(struct rt *r, struct job *j)
{
	struct job_body b = { r, j->t };

	if (rt_child_start(&j->ch, false, job_body, &b))
		return -1;
	j->state = JOB_RUN;
	return 0;
}

int stacks_deploy(struct rt *r)
{
	size_t n = r->whole->nparts;
	struct job *jobs = xcalloc(n, sizeof(*jobs));
	struct rt_child **kids;
	size_t *ended;
	struct exports_plan plan = { 0 };
	int width = 0, rc = PHX_EXIT_OK;
	double t0 = rt_clock_now();
	/* PHXC_MAX_PARALLEL: at most this many stacks at once (1: one by one) */
	const char *env = getenv("PHXC_MAX_PARALLEL");
	long most = env && *env ? strtol(env, NULL, 10) : 0;

	if (r->o->no_wait) {
		rt_err("--no-wait deploys one stack: the program has %zu, deployed in order; give "
		       "--stack NAME", n);
		free(jobs);
		return PHX_EXIT_USAGE;
	}
	for (size_t i = 0; i < r->o->nbefore; i++) {
		const char *kv = r->o->before[i];
		size_t len = (size_t)(strchr(kv, '=') - kv);
		bool known = false;

		for (size_t k = 0; k < n; k++)
			known |= (strlen(r->whole->parts[k]->part) == len &&
				  !strncmp(kv, r->whole->parts[k]->part, len)) ||
				 (strlen(r->whole->parts[k]->stack_name) == len &&
				  !strncmp(kv, r->whole->parts[k]->stack_name, len));
		if (!known) {
			rt_err("--before %.*s: the program has no such stack", (int)len, kv);
			free(jobs);
			return PHX_EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i].t = r->whole->parts[i];
		jobs[i].ch.name = jobs[i].t->part;
		jobs[i].ch.fd = -1;
		if ((int)strlen(jobs[i].t->part) > width)
			width = (int)strlen(jobs[i].t->part);
	}
	exports_plan(r, &plan);	/* importers that drop an export go first */
	if (!r->o->yes && interactive()) {
		struct strbuf names;
		char *q;
		bool go;

		strbuf_init(&names);
		for (size_t i = 0; i < n; i++)
			strbuf_addf(&names, "%s%s", i ? ", " : "", jobs[i].t->stack_name);
		q = xasprintf("Deploy the %zu stacks of the program (%s, in this order; 'phxc diff' shows "
			      "their change sets)?", n, names.s);
		go = confirm(q);
		free(q);
		strbuf_fini(&names);
		if (!go) {
			fprintf(stderr, "phxc: nothing deployed\n");
			exports_plan_fini(&plan);
			free(jobs);
			return PHX_EXIT_OK;
		}
	}
	kids = xcalloc(n, sizeof(*kids));
	ended = xcalloc(n, sizeof(*ended));
	for (;;) {
		bool changed = false;
		int got;

		/* start what is ready, skip what can no longer be deployed */
		for (size_t i = 0; i < n; i++) {
			struct job *j = &jobs[i];
			bool ready = true;

			if (j->state != JOB_WAIT)
				continue;
			for (size_t k = 0; k < j->t->nneeds + n; k++) {
				/* its producers, then the stacks the export plan puts first */
				size_t w = k < j->t->nneeds ? job_index(jobs, n, j->t->needs[k]) : k - j->t->nneeds;
				const struct job *p = &jobs[w];

				if (k < j->t->nneeds ? plan.drop[i * n + w] : !plan.after[i * n + w])
					continue;
				if (p->state == JOB_FAILED || p->state == JOB_SKIPPED) {
					j->state = JOB_SKIPPED;
					j->why = p->t->stack_name;
					changed = true;
					break;
				}
				ready &= p->state == JOB_OK;
			}
			if (j->state == JOB_WAIT && ready && most > 0) {
				long running = 0;

				for (size_t q = 0; q < n; q++)
					running += jobs[q].state == JOB_RUN;
				ready = running < most;
			}
			if (j->state == JOB_WAIT && ready) {
				if (job_start(r, j)) {
					j->state = JOB_FAILED;
					j->ch.rc = PHX_EXIT_USAGE;
				}
				changed = true;
			}
		}
		if (changed)
			jobs_show(jobs, n);
		for (size_t i = 0; i < n; i++)
			kids[i] = jobs[i].state == JOB_RUN ? &jobs[i].ch : NULL;
		got = rt_child_wait(kids, n, width, false, ended);
		if (got < 0)
			break;
		for (int k = 0; k < got; k++) {
			struct job *j = &jobs[ended[k]];

			strbuf_fini(&j->ch.out);
			j->state = j->ch.rc == PHX_EXIT_OK ? JOB_OK : JOB_FAILED;
			jobs_show(jobs, n);
		}
	}
	free(kids);
	free(ended);
	/* the summary: a line per stack */
	printf("%zu stacks in %.1f s:\n", n, rt_clock_now() - t0);
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];

		if (j->state == JOB_OK || j->state == JOB_FAILED)
			printf("  %-*s  %-9s %5.1f s  %s\n", width, j->t->part, job_words[j->state],
			       j->ch.end - j->ch.start, j->t->stack_name);
		else
			printf("  %-*s  %-9s          %s%s%s\n", width, j->t->part, job_words[j->state],
			       j->t->stack_name, j->why ? ": not deployed, it imports from " : "",
			       j->why ? j->why : "");
		if (j->state == JOB_FAILED)
			rc = stacks_worse(rc, j->ch.rc);
		if (j->state == JOB_SKIPPED && rc == PHX_EXIT_OK)
			rc = PHX_EXIT_DEPLOY;
	}
	fflush(stdout);
	for (size_t i = 0; i < n; i++)
		if (jobs[i].state == JOB_FAILED)
			rt_err("stack %s failed%s", jobs[i].t->stack_name,
			       jobs[i].ch.rc == PHX_EXIT_DEPLOY ? "" : " before it was deployed");
	exports_plan_fini(&plan);
	free(jobs);
	return rc;
}
