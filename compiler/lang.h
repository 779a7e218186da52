/* lang.h - the language's fixed tables: units, the unit each property
 * takes, the built-in functions' signatures and the argument types.
 *
 * Data only, below every pass: the check pass (sema.c, check.c) and the
 * evaluator (eval*.c) read the same tables, so no pass borrows them from a
 * later one. */
#ifndef PHX_COMPILER_LANG_H
#define PHX_COMPILER_LANG_H

#include <stdbool.h>
#include <stddef.h>

enum unit_dim {
	UNIT_NONE,
	UNIT_DURATION,	/* base: seconds */
	UNIT_PERCENT,	/* base: percent */
	UNIT_SIZE,	/* base: bytes */
};

struct unit_info {
	const char *name;
	enum unit_dim dim;
	double scale;	/* base units per one */
};

/* The unit called name ("d", "%", "GB" ...), or NULL. */
const struct unit_info *lang_unit(const char *name);
/* Every unit, for did-you-mean. */
const struct unit_info *lang_units(size_t *n);
/* "duration", "percentage", "size", "number" */
const char *lang_dim_name(enum unit_dim dim);

/* The unit a property takes, judged from its name: "RetentionInDays" takes
 * days, "...Seconds" seconds, "AllocatedStorage" GB. */
struct unit_target {
	const char *suffix;
	enum unit_dim dim;
	double scale;		/* base units per one target unit */
	const char *name;	/* for messages */
};

/* The target of property prop, or NULL when its name says nothing. */
const struct unit_target *lang_unit_target(const char *prop);

/* Built-in functions. */
enum lang_fn {
	LANG_FN_AZS,
	LANG_FN_CIDR,
	LANG_FN_JSON,
	LANG_FN_JOIN,
	LANG_FN_SPLIT,
	LANG_FN_UPPER,
	LANG_FN_LOWER,
	LANG_FN_LENGTH,
	LANG_FN_RANGE,
	LANG_FN_SSM,
	LANG_FN_SSM_SECURE,
	LANG_FN_SECRET,
	LANG_FN_BASE64,
	LANG_FN_LOGICAL_ID,
	LANG_FN_IMPORT_VALUE,
	LANG_FN_COUNT
};

struct builtin {
	enum lang_fn fn;
	const char *name;
	unsigned min_args, max_args;
	const char *const *named;	/* named arguments accepted, NULL-terminated */
	const char *arity;		/* "one argument" */
	const char *usage;		/* "join(separator, list)" */
};

const struct builtin *lang_builtin_find(const char *name);
/* The table, in enum order, ending with a NULL name. */
const struct builtin *lang_builtins(void);
/* "azs cidr json ...", for hints. */
const char *lang_builtin_names(void);

/* Argument types of components: "string", "int", ... (NULL-terminated). */
bool lang_type_known(const char *name);
const char *const *lang_type_names(void);

#endif
