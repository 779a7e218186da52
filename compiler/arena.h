/* arena.h - one region per compilation (blocks mapped with mmap: arena.c).
 *
 * Tokens, interned strings, the AST, symbols and the IR all live in the
 * arena and are released together by arena_free(). Allocation never returns
 * NULL and memory is zeroed. */
#ifndef PHX_COMPILER_ARENA_H
#define PHX_COMPILER_ARENA_H

#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* An arena expected to grow to megabytes (a compilation's): its first
 * block is a 2 MiB huge-page region (arena.c). */
struct arena *arena_new_big(void);
void arena_free(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Grows an arena array of elem-sized items to hold at least want items. */
void *arena_grow(struct arena *a, void *old, size_t *cap, size_t want, size_t elem);
/* From now on, arena_new_big() is arena_new(): for processes that keep
 * many compilations alive, such as the language server. */
void arena_compact(void);
/* Bytes handed out so far (for --stats and tests). */
size_t arena_used(const struct arena *a);

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif
