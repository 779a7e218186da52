/* outfile.h - output that is never half written.
 *
 * outfile_write() replaces a file through a temporary file in the same
 * folder: written, then renamed over the target, so that a full disk or a
 * failed write leaves the previous file as it was and no temporary file
 * behind. With OUTFILE_DURABLE the file and its folder are also fsync'ed
 * before and after the rename, so that a crash of the machine cannot lose
 * it: for what only the user has (sources that fmt and import write), not
 * for what the next build makes again (templates, graphs), where the
 * fsyncs were most of a build's wall time. A symbolic link is written through (its target is
 * replaced, the link stays); a device or a FIFO (/dev/stdout, /dev/null) is
 * written in place. The mode of the file replaced is kept; a new file gets
 * 0666 less the umask. Errors are printed ("phxc: cannot write 'PATH':
 * reason") and return -1. */
#ifndef PHX_COMPILER_OUTFILE_H
#define PHX_COMPILER_OUTFILE_H

#include <stddef.h>

enum outfile_sync { OUTFILE_REBUILT, OUTFILE_DURABLE };

int outfile_write(const char *path, const char *text, size_t len, enum outfile_sync sync);
/* Writes text to standard output and flushes it; -1 (reported) on error. */
int outfile_stdout(const char *text, size_t len);

#endif
