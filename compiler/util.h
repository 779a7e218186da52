/* util.h - allocation that never fails, growable strings, small helpers.
 *
 * Ownership: strbuf owns its buffer until strbuf_steal() hands it over. */
#ifndef PHX_COMPILER_UTIL_H
#define PHX_COMPILER_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define PHX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PHX_NORETURN __attribute__((noreturn))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PHX_PRINTF(1, 2);

PHX_NORETURN void phx_bug(const char *file, int line, const char *fmt, ...) PHX_PRINTF(3, 4);
#define PHX_BUG(...) phx_bug(__FILE__, __LINE__, __VA_ARGS__)

struct strbuf {
	char *s;
	size_t len, cap;
};

void strbuf_init(struct strbuf *b);
void strbuf_fini(struct strbuf *b);
void strbuf_addn(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addc(struct strbuf *b, char c);
void strbuf_addf(struct strbuf *b, const char *fmt, ...) PHX_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap) PHX_PRINTF(2, 0);
char *strbuf_steal(struct strbuf *b);

/* Whether s ends with suffix (or is it). */
#include <stdbool.h>
bool str_ends_with(const char *s, const char *suffix);

/* Length of the valid UTF-8 prefix of s (len when it is all valid). */
size_t utf8_valid_prefix(const char *s, size_t len);

/* Reads a whole file; NULL with errno set on failure. */
char *read_file(const char *path, size_t *len);

#endif
