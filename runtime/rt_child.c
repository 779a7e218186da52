/* rt_child.c - part of a runtime command in a child process (rt_child.h). */
#include "phx.h"
#include "deploy_int.h"
#include "rt_child.h"
#include "rt_clock.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int rt_child_start(struct rt_child *c, bool whole, int (*body)(void *), void *arg)
{
	int p[2];
	pid_t pid;

	if (pipe(p)) {
		rt_err("cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		rt_err("cannot start a process for %s: %s", c->name, strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		int rc;

		close(p[0]);
		dup2(p[1], STDOUT_FILENO);
		if (!whole)
			dup2(p[1], STDERR_FILENO);
		close(p[1]);
		setvbuf(stdout, NULL, whole ? _IOFBF : _IOLBF, 0);
		rc = body(arg);
		fflush(NULL);
		_exit(rc);
	}
	close(p[1]);
	c->pid = pid;
	c->fd = p[0];
	c->start = rt_clock_now();
	strbuf_init(&c->out);
	return 0;
}

static void rt_child_emit(const struct rt_child *c, int width, const char *s, size_t len)
{
	printf("%-*s | %.*s\n", width, c->name, (int)len, s);
}

bool rt_child_read(struct rt_child *c, int width, bool whole)
{
	char buf[4096];
	ssize_t got = read(c->fd, buf, sizeof(buf));
	int status = 0;

	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	if (got > 0) {
		strbuf_addn(&c->out, buf, (size_t)got);
		while (!whole && c->out.s) {
			char *nl = memchr(c->out.s, '\n', c->out.len);
			size_t k;

			if (!nl)
				break;
			k = (size_t)(nl - c->out.s);
			rt_child_emit(c, width, c->out.s, k);
			memmove(c->out.s, nl + 1, c->out.len - k - 1);
			c->out.len -= k + 1;
			c->out.s[c->out.len] = '\0';
		}
		return false;
	}
	if (!whole && c->out.len)
		rt_child_emit(c, width, c->out.s, c->out.len);
	close(c->fd);
	c->fd = -1;
	while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->rc = WIFEXITED(status) ? WEXITSTATUS(status)
	      : WIFSIGNALED(status) && WTERMSIG(status) == SIGINT ? 130 : PHX_EXIT_DEPLOY;
	c->end = rt_clock_now();
	return true;
}

int rt_child_wait(struct rt_child *const *kids, size_t n, int width, bool whole, size_t *ended)
{
	struct pollfd *fds = xcalloc(n ? n : 1, sizeof(*fds));
	size_t *who = xcalloc(n ? n : 1, sizeof(*who)), nfds = 0;
	int nended = -1;

	for (size_t i = 0; i < n; i++)
		if (kids[i]) {
			fds[nfds].fd = kids[i]->fd;
			fds[nfds].events = POLLIN;
			who[nfds++] = i;
		}
	if (!nfds)
		goto out;
	if (poll(fds, nfds, -1) < 0 && errno != EINTR) {
		rt_err("poll: %s", strerror(errno));
		goto out;
	}
	nended = 0;
	for (size_t k = 0; k < nfds; k++)
		if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    rt_child_read(kids[who[k]], width, whole))
			ended[nended++] = who[k];
out:
	free(fds);
	free(who);
	return nended;
}
