/* phx.h - included first by every .c file of phxc.
 *
 * Pulls in config.h and the few things every module uses: fixed-width
 * integers, bool, xmalloc (never returns NULL) and PHX_BUG for states that
 * cannot happen. */
#ifndef PHX_COMPILER_PHX_H
#define PHX_COMPILER_PHX_H

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Exit statuses of the phxc binary (DESIGN.md). */
enum phx_exit {
	PHX_EXIT_OK = 0,
	PHX_EXIT_COMPILE = 1,	/* compile errors */
	PHX_EXIT_USAGE = 2,	/* bad command line, or a system error */
	PHX_EXIT_DEPLOY = 3,	/* deploy failed or rolled back */
};

#define PHX_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
