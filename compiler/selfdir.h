/* selfdir.h - where this phxc's data lives: the tree it was built in when it
 * runs from there, else the install prefix.
 *
 * A phxc run as <builddir>/phxc (found through /proc/self/exe) uses the
 * stdlib of its source tree and the deploy runtime of its build tree, so the
 * Quick start works before `make install`. Any other phxc, installed ones
 * included, uses $(pkgdatadir)/stdlib and $(pkglibdir). */
#ifndef PHX_COMPILER_SELFDIR_H
#define PHX_COMPILER_SELFDIR_H

#include <stdbool.h>

/* True when the running executable sits in the build tree it was built in. */
bool phx_in_build_tree(void);

/* The stdlib folder searched after -I and PHX_PATH. Static storage. */
const char *phx_stdlib_dir(void);

/* The deploy runtime module (phxrt.so) to dlopen. Static storage. */
const char *phx_runtime_module(void);

#endif
