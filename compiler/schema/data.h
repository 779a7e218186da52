/* schema/data.h - the record layout of the generated schema tables
 * (compiler/schema/data.c, written by tools/schema/gen.py).
 *
 * Records refer to each other by index and to names by offset into
 * schema_strs, so the tables hold no pointers. Only compiler/schema.c reads
 * them; everything else goes through schema.h. */
#ifndef PHX_COMPILER_SCHEMA_DATA_H
#define PHX_COMPILER_SCHEMA_DATA_H

#include <stddef.h>
#include <stdint.h>

/* A kind of value: the kinds it accepts (SCHEMA_K_* bits), its object shape
 * (0: any keys), its list items (a val index) and its enum, if small.
 * schema_vals[0] accepts anything. */
struct schema_val_rec {
	uint8_t kinds;
	uint32_t shape;
	uint32_t item;
	uint32_t enum_first;	/* into schema_enums */
	uint16_t nenum;
};

/* An object: its properties, sorted by name. schema_shapes[0] is an open map. */
struct schema_shape_rec {
	uint32_t first;		/* into schema_props */
	uint16_t n;
	uint8_t flags;		/* SCHEMA_S_* */
};

struct schema_prop_rec {
	uint32_t name;		/* into schema_strs */
	uint32_t val;		/* into schema_vals */
	uint8_t flags;		/* SCHEMA_P_* */
};

/* Resource types, sorted by name. */
struct schema_type_rec {
	uint32_t name;
	uint32_t shape;		/* the Properties object */
	uint32_t attr_first;	/* into schema_attrs, sorted by name */
	uint16_t nattrs;
	uint8_t ref_kinds;	/* what Ref returns */
};

struct schema_attr_rec {
	uint32_t name;
	uint8_t flags;		/* SCHEMA_A_* */
};

extern const char schema_data_source[];
extern const char schema_strs[];
extern const struct schema_val_rec schema_vals[];
extern const struct schema_shape_rec schema_shapes[];
extern const struct schema_prop_rec schema_props[];
extern const uint32_t schema_enums[];
extern const struct schema_type_rec schema_types[];
extern const struct schema_attr_rec schema_attrs[];
extern const size_t schema_ntypes;

#endif
