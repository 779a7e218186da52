/* driver.h - one compilation: load sources, run the passes in order, lower.
 *
 *   comp_load -> parse -> resolve -> check -> lower -> emit
 *
 * This is the library face of the compiler (libphxc); compiler/main.c, the
 * unit tests and the fuzzer all go through it. */
#ifndef PHX_COMPILER_DRIVER_H
#define PHX_COMPILER_DRIVER_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "resolve.h"
#include "srcfile.h"
#include "stacks.h"

struct arena;
struct ir_template;
struct lint_state;

struct comp_opts {
	unsigned max_errors;	/* 0: no limit */
	bool werror;
	bool trace_parse;	/* --debug=parse */
	bool trace_sema;	/* --debug=sema */
	bool no_limits;		/* --no-limits: skip CloudFormation's template quotas */
	bool strict;		/* --strict: unacknowledged lint findings are errors */
	bool explain;		/* --explain: lint rationales and acknowledged findings */
	const char **include_dirs;	/* -I DIR, searched first for imports */
	size_t ninclude_dirs;
	/* Where an imported module's text comes from when it is not the file on
	 * disk (an editor's unsaved buffer, for phxc lsp): given the module's
	 * real path, returns an xmalloc'd copy of its text (NUL-ended, *len
	 * bytes) or NULL to read the file. NULL: always read the file. */
	char *(*read_module)(void *ud, const char *real, size_t *len);
	void *read_module_ud;
};

struct compilation {
	struct comp_opts opts;
	struct arena *arena;
	struct src_set srcs;
	struct diag_ctx diag;
	struct program prog;
	bool system_error;	/* a file could not be read */
	/* templates lowered so far, one per environment: once every one is,
	 * names that must be unique in an account are compared across them */
	struct ir_template **lowered;
	size_t nlowered;
	const char **missing;	/* modules not found, each reported once */
	size_t nmissing, capmissing;
	struct lint_state *lint;	/* the security lint's acknowledgements (lint.h) */
	struct stack_plan stacks;	/* `stack = NAME` of items (stacks.h) */
	const char **reals;	/* by file: its real path, "" when it has none; NULL until asked */
	size_t capreals;
};

void comp_init(struct compilation *c, const struct comp_opts *opts);
void comp_fini(struct compilation *c);

/* Adds a source: a .phx file, "-" for standard input, or a folder whose
 * .phx files (sorted by name) make one stack. Errors are queued. */
void comp_load(struct compilation *c, const char *path);
/* Adds a source held in memory (tests, fuzzer). Takes a copy. */
void comp_load_text(struct compilation *c, const char *name, const char *text, size_t len);

/* Where `import "aws/network"` looks, in order: -I folders, the folders of
 * PHX_PATH (colon-separated), then the stdlib: the source tree's when phxc
 * runs from its build tree, else the installed one (selfdir.h). An import starting
 * with ./ or ../ is relative to the importing file. */

/* Parses every source (and what they import), then resolves and checks the program. Returns the
 * number of failures (errors, and warnings under --werror). */
unsigned comp_check(struct compilation *c);

/* Lowers the checked program for one environment (NULL when it declares
 * none), runs the security lint over the template, then looks for what
 * CloudFormation would reject at deploy time (check_deploy.h); when this
 * lowers the last environment not lowered yet, also across environments.
 * NULL on errors (unacknowledged findings under --strict or the stack's
 * strict setting included). A program whose items name several stacks is
 * then cut into one template per stack (t->parts, stacks.h). */
struct ir_template *comp_lower(struct compilation *c, const char *env);

/* The templates to write or deploy for the lowered *t: its stacks in
 * dependency order, or *t alone (then the array is t itself). */
struct ir_template *const *comp_stacks(struct ir_template *const *t, size_t *n);

/* After lowering every environment: acknowledgements in the program that no
 * finding used are warnings. */
void comp_lint_finish(struct compilation *c);

/* What every command does first: loads the sources (the current folder when
 * there are none), checks the program and renders what that found (errors,
 * or warnings) on err. Returns -1 when the program is good to lower, else the
 * exit status: PHX_EXIT_USAGE for a source that cannot be read or an --env
 * given to a program without environments, PHX_EXIT_COMPILE for errors. */
int comp_front(struct compilation *c, char *const *inputs, int ninputs, const char *env,
	       FILE *err, bool color);

/* The template as text, checked against CloudFormation's size limit
 * (1,000,000 bytes: an error; from 90 %: a warning). NULL on error. */
char *comp_emit(struct compilation *c, struct ir_template *t, int format, size_t *len);

#endif
