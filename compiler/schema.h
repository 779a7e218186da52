/* schema.h - the CloudFormation resource schema, as data compiled in.
 *
 * The tables (compiler/schema/data.c) are generated from the provider
 * schemas that cfn-lint ships, by `make schema` (docs/schema.md). They are
 * const arrays without pointers: nothing is loaded or parsed at start-up,
 * and a lookup touches only the pages of the types a program uses. Every
 * handle returned here points into those tables and lives for the whole
 * process; nothing is allocated and nothing needs freeing.
 *
 * A resource type has a Properties object (a shape); a shape has properties
 * sorted by name; a property has a value description (kinds it accepts, a
 * nested shape for objects, an item description for lists, a small enum). */
#ifndef PHX_COMPILER_SCHEMA_H
#define PHX_COMPILER_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct schema_type_rec;
struct schema_shape_rec;
struct schema_prop_rec;
struct schema_val_rec;
struct schema_attr_rec;

/* Kinds of value a property accepts: bits, so unions are one value. */
enum schema_kind {
	SCHEMA_STRING = 1,
	SCHEMA_INTEGER = 2,
	SCHEMA_NUMBER = 4,
	SCHEMA_BOOLEAN = 8,
	SCHEMA_LIST = 16,
	SCHEMA_OBJECT = 32,
	SCHEMA_ANY = 63,
};

enum schema_prop_flag {
	SCHEMA_P_REQUIRED = 1,
	SCHEMA_P_READONLY = 2,
};

enum schema_shape_flag {
	SCHEMA_S_OPEN = 1,	/* keys it does not list are accepted */
};

enum schema_attr_flag {
	SCHEMA_A_LIST = 1,	/* the attribute is a list */
	SCHEMA_A_PATTERN = 2,	/* a prefix: "Outputs." accepts "Outputs.Anything" */
};

/* "cfn-lint 1.51.0, us-east-1, sha256:..." - where the tables came from. */
const char *schema_source(void);
size_t schema_type_count(void);

/* Resource types. */
const struct schema_type_rec *schema_type(const char *name);
const struct schema_type_rec *schema_type_at(size_t i);
const char *schema_type_name(const struct schema_type_rec *t);
/* The closest known type name to a misspelt one, or NULL. */
const char *schema_type_suggest(const char *name);
/* The Properties object of a type. */
const struct schema_shape_rec *schema_type_props(const struct schema_type_rec *t);
/* What Ref returns (enum schema_kind bits). */
unsigned schema_type_ref_kinds(const struct schema_type_rec *t);

/* Fn::GetAtt attributes: "Arn", "Endpoint.Address" ... */
const struct schema_attr_rec *schema_attr(const struct schema_type_rec *t, const char *name);
size_t schema_attr_count(const struct schema_type_rec *t);
const struct schema_attr_rec *schema_attr_at(const struct schema_type_rec *t, size_t i);
const char *schema_attr_name(const struct schema_attr_rec *at);
unsigned schema_attr_flags(const struct schema_attr_rec *at);
const char *schema_attr_suggest(const struct schema_type_rec *t, const char *name);

/* Suggestions (by edit distance, then by containment or a shared prefix)
 * return NULL when nothing is close. */

/* Objects. An open shape accepts keys it does not list. */
size_t schema_shape_count(const struct schema_shape_rec *s);
const struct schema_prop_rec *schema_shape_at(const struct schema_shape_rec *s, size_t i);
bool schema_shape_open(const struct schema_shape_rec *s);
/* A property by exact name, or NULL. */
const struct schema_prop_rec *schema_prop(const struct schema_shape_rec *s, const char *name);
const char *schema_prop_suggest(const struct schema_shape_rec *s, const char *name);
const char *schema_prop_name(const struct schema_prop_rec *p);
unsigned schema_prop_flags(const struct schema_prop_rec *p);
const struct schema_val_rec *schema_prop_val(const struct schema_prop_rec *p);

/* Values. */
unsigned schema_val_kinds(const struct schema_val_rec *v);	/* SCHEMA_ANY when unknown */
/* The nested object of an object value, or NULL when it takes any keys. */
const struct schema_shape_rec *schema_val_shape(const struct schema_val_rec *v);
/* The items of a list value (never NULL: an "any" value when unknown). */
const struct schema_val_rec *schema_val_item(const struct schema_val_rec *v);
size_t schema_val_nenum(const struct schema_val_rec *v);
const char *schema_val_enum(const struct schema_val_rec *v, size_t i);
/* The enum value closest to a wrong one, or NULL. */
const char *schema_val_enum_suggest(const struct schema_val_rec *v, const char *value);

/* Appends "a string", "an integer or a string", "a list" ... for messages. */
void schema_kinds_describe(struct strbuf *b, unsigned kinds);

#endif
