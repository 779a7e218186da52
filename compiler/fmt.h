/* fmt.h - phxc fmt: the canonical layout of a .phx file.
 *
 * A token-stream formatter: it works on the scanner's tokens (parse_tokens)
 * and the comments between them, never on the AST, so it keeps every token
 * in order and can lay out constructs it knows nothing about. Newlines mean
 * nothing to the language, so changing them cannot change the program; the
 * only tokens it drops are the commas that separate entries of a block laid
 * out one entry per line or on one line outside a list, and it only adds
 * commas between the entries of a one-line block inside a list. The layout:
 *   - 2-space indent, one item per line at the top, one entry per line in a
 *     block; a block written on one line stays on one line (its entries
 *     separated by two spaces, or by commas inside a list) as long as its
 *     line ends within 100 columns (FMT_MAX_COLUMNS), and is broken into one
 *     entry per line otherwise; a line that cannot be broken (a long string)
 *     stays as it is;
 *   - '=' aligned across consecutive one-line 'key = value' entries (and
 *     consecutive one-line outputs at the top);
 *   - one blank line between top-level items, except between one-line items
 *     of the same kind written without one; at most one blank line anywhere
 *     else, none after an opening or before a closing bracket;
 *   - lists and calls stay on one line when written on one line, otherwise
 *     their line breaks and commas are kept as written;
 *   - comments stay where they were: on their own line, or at the end of the
 *     line they ended (two spaces before them);
 *   - strings are copied byte for byte.
 * The result is idempotent: fmt(fmt(x)) == fmt(x). */
#ifndef PHX_COMPILER_FMT_H
#define PHX_COMPILER_FMT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct diag_ctx;

/* Formats file `file` of d->srcs. Returns the text (xmalloc'd, NUL-ended,
 * *len bytes), or NULL when the file does not scan or parse: the reasons are
 * queued in d. A result that would not scan back to the same tokens and
 * comments is never returned: that is reported as an error instead. */
char *fmt_file(struct arena *a, struct diag_ctx *d, uint32_t file, size_t *len);

#endif
