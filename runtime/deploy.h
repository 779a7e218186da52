/* deploy.h - the runtime commands (deploy, diff, status, outputs, destroy)
 * and the stack-event watcher they share.
 *
 * Commands print to stdout (tables, events, outputs) and stderr (diagnostics,
 * errors, --verbose lines) and return an exit status (enum phx_exit). */
#ifndef PHX_RUNTIME_DEPLOY_H
#define PHX_RUNTIME_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

struct cfn_client;
struct compilation;
struct ir_template;

struct deploy_opts {
	const char *env;
	const char *region;
	const char *bucket;	/* --bucket for templates over 51,200 bytes */
	char **params;		/* "key=value" from --param */
	size_t nparams;
	char **skip;		/* --skip RESOURCE of recover */
	char **before;		/* deploy --before STACK=COMMAND (deploy_stacks.c) */
	size_t nbefore;
	size_t nskip;
	bool yes, no_wait, verbose, json;
	bool attach;		/* deploy --attach */
	bool resources, all;	/* status --resources, --all */
	double timeout_s;	/* --timeout or PHXC_TIMEOUT; 0: RT_DEFAULT_TIMEOUT_S */
	enum diag_color color;
	const char *stack;	/* --stack NAME: one stack of several */
	bool in_group;		/* run by deploy_stacks.c for one stack of all */
	char **inputs;
	int ninputs;
};

int deploy_cmd_deploy(const struct deploy_opts *o);
int deploy_cmd_diff(const struct deploy_opts *o);
int deploy_cmd_status(const struct deploy_opts *o);
int deploy_cmd_outputs(const struct deploy_opts *o);
int deploy_cmd_destroy(const struct deploy_opts *o);
int deploy_cmd_recover(const struct deploy_opts *o);

/* The watcher (deploy_watch.c). */
struct deploy_watch {
	struct cfn_client *cfn;
	const char *stack;		/* stack ID: still valid once deleted */
	char *mark;			/* newest EventId before the operation */
	struct compilation *comp;	/* for located diagnostics; may be NULL */
	const struct ir_template *tmpl;	/* origins and resource count; may be NULL */
	bool color;			/* event lines on stdout */
	bool diag_color;		/* diagnostics on stderr */
	bool progress;			/* live progress line (stdout is a terminal) */
	bool verbose;
	bool expect_delete;		/* a stack that vanishes is not a failure */
	char *final_status;		/* set by deploy_watch_run */
	char *last_status;		/* the last status DescribeStacks gave */
	bool gave_up;			/* stopped before the stack settled; reason printed */
};

/* Remembers the newest event, so that the watch shows only what follows.
 * A failure here is not an error: everything is shown instead. */
void deploy_watch_mark(struct deploy_watch *w);
/* Polls events and status until the stack settles. Returns PHX_EXIT_OK for
 * CREATE/UPDATE/DELETE/IMPORT_COMPLETE (or a stack deleted while
 * expect_delete), PHX_EXIT_DEPLOY for failures and rollbacks, and with
 * gave_up set when the watch stopped early (credentials rejected, too many
 * failures in a row, deadline, stack gone: see deploy_watch.c), 130 after
 * Ctrl-C. */
int deploy_watch_run(struct deploy_watch *w);
void deploy_watch_fini(struct deploy_watch *w);

#endif
