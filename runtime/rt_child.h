/* rt_child.h - part of a runtime command run in a child process, its output
 * brought back through a pipe: the side-by-side stacks of deploy_stacks.c
 * and the side-by-side regions of deploy_regions.c.
 *
 * rt_child_start forks; the child runs body(arg) with its standard output
 * (and standard error) on the pipe and exits with what body returns. The
 * parent waits for its children with rt_child_wait (or polls c->fd and calls
 * rt_child_read when it is readable): each line
 * the child ended is printed at once as "NAME | line", NAME padded to width,
 * or, with whole (a --json run), everything is kept in c->out and standard
 * error is left alone. */
#ifndef PHX_RUNTIME_RT_CHILD_H
#define PHX_RUNTIME_RT_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "util.h"

struct rt_child {
	const char *name;	/* the prefix of its lines */
	pid_t pid;
	int fd;
	struct strbuf out;	/* a line not ended yet, or (whole) all of it */
	int rc;			/* once ended: its exit status, 130 for Ctrl-C */
	double start, end;	/* rt_clock_now() */
};

/* -1 (reported) when no process could be started. */
int rt_child_start(struct rt_child *c, bool whole, int (*body)(void *), void *arg);

/* True once the child has ended (c->rc and c->end set, c->fd closed);
 * c->out is the caller's to free then. */
bool rt_child_read(struct rt_child *c, int width, bool whole);

/* Waits until a child of kids[0..n) (NULL: not running) has printed or
 * ended and reads what it printed (rt_child_read). Returns how many ended,
 * their indices in ended[] (room for n); -1 when none is running, or when
 * poll failed (reported). */
int rt_child_wait(struct rt_child *const *kids, size_t n, int width, bool whole, size_t *ended);

#endif
