/* deploy_int.h - shared by the runtime commands (deploy.c) and the deploy of
 * several stacks (deploy_stacks.c); nothing else includes it. */
#ifndef PHX_RUNTIME_DEPLOY_INT_H
#define PHX_RUNTIME_DEPLOY_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfn.h"
#include "creds.h"
#include "deploy.h"
#include "driver.h"
#include "http.h"

/* One template parameter and the value this run gives it. */
struct tparam {
	const char *key;	/* logical ID */
	char *src_name;		/* the name written in .phx, or NULL */
	char *deflt;		/* Default as CloudFormation reads it, or NULL */
	bool noecho;
	const char *given;	/* --param or PHX_PARAM_<NAME> value, or NULL */
	char *given_from;	/* the variable that gave it, or NULL for --param */
};

struct rt {
	const struct deploy_opts *o;
	struct compilation comp;
	struct ir_template *tmpl;
	char *body;
	size_t len;
	struct tparam *params;
	size_t nparams;
	struct aws_config cfg;
	bool cfg_live;
	struct http_client http;
	struct cfn_client cfn;
	bool color;
	/* several stacks (compiler/stacks.h): whole is the program's template;
	 * group is set when the command covers every stack (no --stack), and
	 * tmpl is then the whole template */
	struct ir_template *whole;
	bool group;
};

void rt_err(const char *fmt, ...) PHX_PRINTF(1, 2);
void rt_cfn_err(const char *what, const struct cfn_error *e);
bool confirm(const char *question);
bool interactive(void);
/* deploy.c, for deploy_recover.c: rt_open (compile, connect), then the
 * stack (DescribeStacks); -1 to go on, else the exit status. rt_fini frees
 * what rt_open made. */
int rt_open_stack(struct rt *r, const struct deploy_opts *o, struct cfn_stack *st, bool *found);
void rt_fini(struct rt *r);
/* any *_IN_PROGRESS state but REVIEW_IN_PROGRESS */
bool in_progress(const char *status);
/* "file:line" of a logical ID's origin, or NULL (malloc'd). */
char *origin_place(struct rt *r, const char *logical_id);

/* deploy_stacks.c. stacks_select: after lowering a program of several
 * stacks, points r->tmpl at the one --stack names (or sets r->group); -1 to
 * go on, else an exit status (reported). The others run a command over
 * every stack of the group, or check what --stack needs: they return an
 * exit status, or -1 to go on. */
int stacks_select(struct rt *r);
int stacks_deploy(struct rt *r);
int stacks_each(struct rt *r, int (*fn)(const struct deploy_opts *), bool reverse);
int stacks_outputs(struct rt *r);
int stacks_destroy(struct rt *r);
int stacks_check_needs(struct rt *r);
int stacks_check_importers(struct rt *r);

#endif
