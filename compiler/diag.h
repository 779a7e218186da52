/* diag.h - diagnostics: records in a queue, rendered by one sink.
 *
 * No pass prints anything. A pass calls diag_report() (or diag_error()) and
 * may attach a hint, secondary spans (drawn with '~' when on the primary's
 * line) and notes at other places. diag_render() writes the queue in GNU form:
 *
 *   file:line:col: error: message
 *       source line
 *       ^^^^^^~~~~
 *   hint: did you mean 'x'?
 *
 * The context owns every record; diag_fini() frees them. */
#ifndef PHX_COMPILER_DIAG_H
#define PHX_COMPILER_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "srcfile.h"
#include "util.h"

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
};

#define DIAG_MAX_SPANS 3

struct diag {
	enum diag_severity sev;
	struct phx_loc loc;
	char *msg;
	char *hint;
	struct phx_loc spans[DIAG_MAX_SPANS];	/* secondary spans */
	int nspans;
	struct diag *notes;	/* attached notes, in order */
	struct diag *next;
};

struct diag_ctx {
	struct src_set *srcs;
	struct diag *head, **tail;
	struct diag *spare;	/* duplicates: not shown, freed with the rest */
	unsigned errors, warnings, dropped;
	unsigned max_errors;	/* 0: no limit */
	bool werror;		/* warnings count as errors */
};

void diag_init(struct diag_ctx *d, struct src_set *srcs);
void diag_fini(struct diag_ctx *d);

/* Queues a record. Past max_errors, errors are counted but dropped and a
 * detached record is returned, so callers never test for NULL. */
struct diag *diag_report(struct diag_ctx *d, enum diag_severity sev, struct phx_loc loc,
			 const char *fmt, ...) PHX_PRINTF(4, 5);
struct diag *diag_error(struct diag_ctx *d, struct phx_loc loc, const char *fmt, ...)
	PHX_PRINTF(3, 4);
struct diag *diag_warning(struct diag_ctx *d, struct phx_loc loc, const char *fmt, ...)
	PHX_PRINTF(3, 4);
void diag_hint(struct diag *r, const char *fmt, ...) PHX_PRINTF(2, 3);
void diag_span(struct diag *r, struct phx_loc loc);
void diag_note(struct diag *r, struct phx_loc loc, const char *fmt, ...) PHX_PRINTF(3, 4);

/* True once max_errors has been reached: passes stop early. */
bool diag_full(const struct diag_ctx *d);
/* Errors, plus warnings when werror is set. */
unsigned diag_failures(const struct diag_ctx *d);

/* --color */
enum diag_color { DIAG_COLOR_AUTO, DIAG_COLOR_ALWAYS, DIAG_COLOR_NEVER };
/* --color WORD: auto, always or never. False for any other word. */
bool diag_color_parse(const char *word, enum diag_color *out);
/* Decides colour for a stream: ALWAYS/NEVER win; AUTO means a terminal and
 * NO_COLOR unset or empty. */
bool diag_use_color(enum diag_color c, FILE *f);

/* Renders and clears the queue. */
/* Puts the queue in source order (stable). */
void diag_sort(struct diag_ctx *d);
void diag_render(struct diag_ctx *d, FILE *out, bool color);
/* Renders one record (used by the deploy watcher for located stack events). */
void diag_render_one(struct diag_ctx *d, const struct diag *r, FILE *out, bool color);

#endif
