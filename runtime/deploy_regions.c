/* deploy_regions.c - a runtime command over every region of the program
 * (deploy_regions.h). */
#include "phx.h"
#include "deploy_int.h"
#include "deploy_regions.h"
#include "regions.h"
#include "rt_child.h"
#include "rt_clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

enum reg_state { REG_WAIT, REG_RUN, REG_OK, REG_FAILED };

struct reg {
	struct rt_child ch;	/* named after the region */
	enum reg_state state;
};

static const char *const reg_words[] = {
	[REG_WAIT] = "waiting", [REG_RUN] = "running", [REG_OK] = "done", [REG_FAILED] = "failed",
};

/* The regions of the program, compiled quietly (the command compiles it
 * again and reports what there is to report); 0 when it has none or does not
 * compile. */
static size_t regions_of(const struct deploy_opts *o, char ***out)
{
	struct comp_opts copts = { .max_errors = 10 };
	struct compilation comp;
	FILE *null = fopen("/dev/null", "w");
	const char **names;
	size_t n = 0;

	*out = NULL;
	if (!null)
		return 0;
	comp_init(&comp, &copts);
	if (comp_front(&comp, o->inputs, o->ninputs, o->env, null, false) < 0 &&
	    (n = regions_list(comp.arena, &comp.prog, &names))) {
		*out = xcalloc(n, sizeof(**out));
		for (size_t i = 0; i < n; i++)
			(*out)[i] = xstrdup(names[i]);
	}
	comp_fini(&comp);
	fclose(null);
	return n;
}

static int reg_worse(int a, int b)
{
	if (a == 130 || b == 130)
		return 130;
	return a != PHX_EXIT_OK ? a : b;
}

static void reg_show(const char *verb, const struct reg *regs, size_t n)
{
	printf("regions:");
	for (size_t i = 0; i < n; i++)
		printf("%s %s %s", i ? "," : "", regs[i].ch.name,
		       regs[i].state == REG_RUN ? verb : reg_words[regs[i].state]);
	printf("\n");
	fflush(stdout);
}

/* Starts the command for one region in a child process. json: its standard
 * output is the pipe and its standard error is ours; else both are the
 * pipe. */
/* What a region's child runs: the command as with --region. */
struct reg_body {
	const struct deploy_opts *o;
	const char *region;
	bool yes;
	int (*fn)(const struct deploy_opts *);
};

static int reg_body(void *arg)
{
	const struct reg_body *b = arg;
	struct deploy_opts one = *b->o;

	one.region = b->region;
	one.yes |= b->yes;	/* asked once, by the parent */
	return b->fn(&one);
}

static int reg_start(struct reg *g, const struct deploy_opts *o, bool yes, bool json,
		     int (*fn)(const struct deploy_opts *))
{
	struct reg_body b = { o, g->ch.name, yes, fn };

	if (rt_child_start(&g->ch, json, reg_body, &b))
		return -1;
	g->state = REG_RUN;
	return 0;
}

/* Asks once before the regions deploy or are destroyed: -1 to go on (*yes
 * set when the user said yes here), else the exit status. Without --yes and
 * without a terminal, a deploy goes on as `phxc deploy` does there (not
 * asked, and a ROLLBACK_COMPLETE stack is not recreated). */
static int reg_ask(const struct deploy_opts *o, const char *cmd, char **names, size_t n, bool *yes)
{
	struct strbuf list;
	char *q;
	bool go;
	bool destroy = !strcmp(cmd, "destroy");

	if (o->yes || (!destroy && !interactive()))
		return -1;
	if (!interactive()) {
		rt_err("nothing deleted: not a terminal, give --yes to delete the stacks of every region");
		return PHX_EXIT_USAGE;
	}
	strbuf_init(&list);
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", names[i]);
	q = destroy ? xasprintf("Delete the stacks of the program in %zu regions (%s) and every "
				"resource they hold?", n, list.s)
		    : xasprintf("Deploy the program to %zu regions (%s), side by side ('phxc diff' "
				"shows the change sets)?", n, list.s);
	go = confirm(q);
	free(q);
	strbuf_fini(&list);
	*yes = go;
	if (go)
		return -1;
	fprintf(stderr, "phxc: nothing %s\n", destroy ? "deleted" : "deployed");
	return PHX_EXIT_OK;
}

static int regions_fan_out(const struct deploy_opts *o, const char *cmd,
			   int (*fn)(const struct deploy_opts *), char **names, size_t n)
{
	bool side = !strcmp(cmd, "deploy") || !strcmp(cmd, "destroy");
	bool json = o->json;
	struct reg *regs = xcalloc(n, sizeof(*regs));
	struct rt_child **kids;
	size_t *ended;
	json_t *all = json ? json_object() : NULL;
	const char *verb = !strcmp(cmd, "deploy") ? "deploying" : "deleting";
	const char *env = getenv("PHXC_MAX_PARALLEL");
	long most = !side ? 1 : env && *env ? strtol(env, NULL, 10) : 0;
	bool yes = false, stopped;
	int width = 0, rc = side ? reg_ask(o, cmd, names, n, &yes) : -1;
	double t0 = rt_clock_now();

	if (rc >= 0) {
		free(regs);
		json_decref(all);
		return rc;
	}
	rc = PHX_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		regs[i].ch.name = names[i];
		regs[i].ch.fd = -1;
		if ((int)strlen(names[i]) > width)
			width = (int)strlen(names[i]);
	}
	rt_sigint_catch();	/* the regions stop on Ctrl-C; we wait for them */
	kids = xcalloc(n, sizeof(*kids));
	ended = xcalloc(n, sizeof(*ended));
	for (;;) {
		long running = 0;
		bool changed = false;
		int got;

		for (size_t i = 0; i < n; i++)
			running += regs[i].state == REG_RUN;
		for (size_t i = 0; i < n && !rt_interrupted; i++) {
			if (regs[i].state != REG_WAIT || (most > 0 && running >= most))
				continue;
			if (reg_start(&regs[i], o, yes, json, fn)) {
				regs[i].state = REG_FAILED;
				regs[i].ch.rc = PHX_EXIT_USAGE;
			} else {
				running++;
			}
			changed = true;
		}
		if (changed && side)
			reg_show(verb, regs, n);
		for (size_t i = 0; i < n; i++)
			kids[i] = regs[i].state == REG_RUN ? &regs[i].ch : NULL;
		got = rt_child_wait(kids, n, width, json, ended);
		if (got < 0)
			break;
		for (int k = 0; k < got; k++) {
			struct reg *g = &regs[ended[k]];

			g->state = g->ch.rc == PHX_EXIT_OK ? REG_OK : REG_FAILED;
			if (side)
				reg_show(verb, regs, n);
			if (json) {
				json_error_t jerr;
				json_t *v = g->ch.out.s ? json_loads(g->ch.out.s, 0, &jerr) : NULL;

				json_object_set_new(all, g->ch.name, v ? v : json_object());
			}
			strbuf_fini(&g->ch.out);
		}
	}
	free(kids);
	free(ended);
	stopped = rt_interrupted;	/* Ctrl-C: every region was told to stop too */
	rt_sigint_restore();
	if (side) {
		printf("%zu regions in %.1f s:\n", n, rt_clock_now() - t0);
		for (size_t i = 0; i < n; i++) {
			const struct reg *g = &regs[i];

			if (g->state == REG_WAIT || g->state == REG_RUN)
				printf("  %-*s  %s\n", width, g->ch.name,
				       g->state == REG_WAIT ? "not started" : "not followed to its end");
			else
				printf("  %-*s  %-6s %6.1f s%s\n", width, g->ch.name, reg_words[g->state],
				       g->ch.end - g->ch.start, g->state == REG_FAILED && g->ch.rc != PHX_EXIT_DEPLOY
				       ? g->ch.rc == 130 ? "  (interrupted)" : "  (before any change)" : "");
		}
	}
	if (json) {
		char *s = json_dumps(all, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		printf("%s\n", s);
		free(s);
		json_decref(all);
	}
	fflush(stdout);
	for (size_t i = 0; i < n; i++) {
		if (regs[i].state == REG_WAIT)	/* Ctrl-C before it started */
			rc = reg_worse(rc, 130);
		if (regs[i].state == REG_RUN)	/* poll failed: not followed */
			rc = reg_worse(rc, PHX_EXIT_USAGE);
		if (regs[i].state != REG_FAILED)
			continue;
		rc = reg_worse(rc, regs[i].ch.rc);
		if (stopped)
			continue;
		if (side)
			rt_err("region %s failed; the other regions went on", regs[i].ch.name);
		else
			rt_err("%s in region %s: exit %d", cmd, regs[i].ch.name, regs[i].ch.rc);
	}
	free(regs);
	if (stopped) {
		rt_err("interrupted: each region stopped where it was (an operation CloudFormation "
		       "was running goes on there)");
		return 130;
	}
	return rc;
}

int regions_run(const struct deploy_opts *o, const char *cmd, int (*fn)(const struct deploy_opts *))
{
	char **names;
	size_t n = regions_of(o, &names);
	int rc;

	if (!n)
		return fn(o);
	if (o->region) {
		bool listed = false;
		struct strbuf list;

		for (size_t i = 0; i < n; i++)
			listed |= !strcmp(names[i], o->region);
		strbuf_init(&list);
		for (size_t i = 0; i < n; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", names[i]);
		if (listed)
			rc = fn(o);
		else {
			rt_err("--region %s: the program is deployed to %s (regions in its stack block)",
			       o->region, list.s);
			rc = PHX_EXIT_USAGE;
		}
		strbuf_fini(&list);
	} else if (n == 1) {
		/* one region: the command as --region would run it, unprefixed */
		struct deploy_opts one = *o;

		one.region = names[0];
		rc = fn(&one);
	} else if (!strcmp(cmd, "recover")) {
		rt_err("recover works on one region: give --region (the program is deployed to %zu)", n);
		rc = PHX_EXIT_USAGE;
	} else {
		rc = regions_fan_out(o, cmd, fn, names, n);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
