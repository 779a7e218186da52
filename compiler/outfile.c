/* outfile.c - temporary file, fsync, rename. See outfile.h. */
#include "phx.h"
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define OUTFILE_MAX_LINKS 40

static int outfile_fail(const char *path, int err)
{
	fprintf(stderr, "phxc: cannot write '%s': %s\n", path, strerror(err));
	return -1;
}

/* The folder part of path, "." when there is none. */
static char *outfile_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Follows symbolic links (dangling ones too) to the file they name. NULL
 * with errno set after too many links or an unreadable one. */
static char *outfile_resolve(const char *path)
{
	char *p = xstrdup(path);

	for (int n = 0; ; n++) {
		struct stat st;
		char buf[PATH_MAX];
		ssize_t len;

		if (lstat(p, &st) || !S_ISLNK(st.st_mode))
			return p;
		if (n == OUTFILE_MAX_LINKS) {
			free(p);
			errno = ELOOP;
			return NULL;
		}
		len = readlink(p, buf, sizeof(buf) - 1);
		if (len < 0) {
			free(p);
			return NULL;
		}
		buf[len] = '\0';
		if (buf[0] == '/') {
			free(p);
			p = xstrdup(buf);
		} else {
			char *dir = outfile_dir(p);

			free(p);
			p = xasprintf("%s/%s", dir, buf);
			free(dir);
		}
	}
}

static int outfile_write_fd(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A device or FIFO cannot be renamed over: it is written in place. */
static int outfile_in_place(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int err;

	if (fd < 0)
		return outfile_fail(path, errno);
	if (outfile_write_fd(fd, text, len)) {
		err = errno;
		close(fd);
		return outfile_fail(path, err);
	}
	if (close(fd))
		return outfile_fail(path, errno);
	return 0;
}

int outfile_write(const char *path, const char *text, size_t len, enum outfile_sync sync)
{
	char *target = outfile_resolve(path), *dir, *tmp;
	struct stat st;
	bool exists;
	int fd, err = 0, dfd;

	if (!target)
		return outfile_fail(path, errno);
	exists = !stat(target, &st);
	if (exists && S_ISDIR(st.st_mode)) {
		free(target);
		return outfile_fail(path, EISDIR);
	}
	if (exists && !S_ISREG(st.st_mode)) {
		int rc = outfile_in_place(target, text, len);

		free(target);
		return rc;
	}
	dir = outfile_dir(target);
	{
		const char *base = strrchr(target, '/');

		tmp = xasprintf("%s/.%s.phxc-XXXXXX", dir, base ? base + 1 : target);
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	if (exists) {
		if (fchmod(fd, st.st_mode & 07777))
			err = errno;
	} else {
		mode_t mask = umask(0);

		umask(mask);
		if (fchmod(fd, 0666 & ~mask))
			err = errno;
	}
	if (!err && outfile_write_fd(fd, text, len))
		err = errno;
	if (!err && sync == OUTFILE_DURABLE && fsync(fd) && errno != EINVAL)
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, target))
		err = errno;
	if (err) {
		unlink(tmp);
		goto out;
	}
	/* the rename itself is on disk once the folder is */
	dfd = sync == OUTFILE_DURABLE ? open(dir, O_RDONLY | O_CLOEXEC) : -1;
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
out:
	free(tmp);
	free(dir);
	free(target);
	return err ? outfile_fail(path, err) : 0;
}

int outfile_stdout(const char *text, size_t len)
{
	errno = 0;
	if ((len && fwrite(text, 1, len, stdout) != len) || fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "phxc: cannot write standard output: %s\n",
			errno ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}
