/* lang.c - the language's fixed tables (lang.h). */
#include "phx.h"
#include "lang.h"
#include "util.h"

#include <string.h>

static const struct unit_info units[] = {
	{ "s", UNIT_DURATION, 1 },
	{ "m", UNIT_DURATION, 60 },
	{ "h", UNIT_DURATION, 3600 },
	{ "d", UNIT_DURATION, 86400 },
	{ "w", UNIT_DURATION, 604800 },
	{ "%", UNIT_PERCENT, 1 },
	{ "B", UNIT_SIZE, 1 },
	{ "KB", UNIT_SIZE, 1e3 },
	{ "MB", UNIT_SIZE, 1e6 },
	{ "GB", UNIT_SIZE, 1e9 },
	{ "TB", UNIT_SIZE, 1e12 },
	{ "KiB", UNIT_SIZE, 1024.0 },
	{ "MiB", UNIT_SIZE, 1048576.0 },
	{ "GiB", UNIT_SIZE, 1073741824.0 },
	{ "TiB", UNIT_SIZE, 1099511627776.0 },
};

const struct unit_info *lang_unit(const char *name)
{
	for (size_t i = 0; i < PHX_ARRAY_SIZE(units); i++)
		if (!strcmp(units[i].name, name))
			return &units[i];
	return NULL;
}

const struct unit_info *lang_units(size_t *n)
{
	*n = PHX_ARRAY_SIZE(units);
	return units;
}

static const char *const dim_names[] = {
	[UNIT_NONE] = "number",
	[UNIT_DURATION] = "duration",
	[UNIT_PERCENT] = "percentage",
	[UNIT_SIZE] = "size",
};

const char *lang_dim_name(enum unit_dim dim)
{
	return dim_names[dim];
}

/* Checked in order: the first rule whose suffix ends the property name
 * wins. */
static const struct unit_target unit_targets[] = {
	{ "BackupRetentionPeriod", UNIT_DURATION, 86400, "days" },
	{ "InDays", UNIT_DURATION, 86400, "days" },
	{ "Days", UNIT_DURATION, 86400, "days" },
	{ "Hours", UNIT_DURATION, 3600, "hours" },
	{ "Minutes", UNIT_DURATION, 60, "minutes" },
	{ "Seconds", UNIT_DURATION, 1, "seconds" },
	{ "Period", UNIT_DURATION, 1, "seconds" },
	{ "Timeout", UNIT_DURATION, 1, "seconds" },
	{ "Interval", UNIT_DURATION, 1, "seconds" },
	{ "Cooldown", UNIT_DURATION, 1, "seconds" },
	{ "TTL", UNIT_DURATION, 1, "seconds" },
	{ "AllocatedStorage", UNIT_SIZE, 1e9, "GB" },
	{ "VolumeSize", UNIT_SIZE, 1073741824.0, "GiB" },
	{ "InGB", UNIT_SIZE, 1e9, "GB" },
	{ "GB", UNIT_SIZE, 1e9, "GB" },
	{ "MiB", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemoryReservation", UNIT_SIZE, 1048576.0, "MiB" },
	{ "MemorySize", UNIT_SIZE, 1048576.0, "MB" },
	{ "Memory", UNIT_SIZE, 1048576.0, "MiB" },
	{ "Bytes", UNIT_SIZE, 1, "bytes" },
};

const struct unit_target *lang_unit_target(const char *prop)
{
	for (size_t i = 0; prop && i < PHX_ARRAY_SIZE(unit_targets); i++)
		if (str_ends_with(prop, unit_targets[i].suffix))
			return &unit_targets[i];
	return NULL;
}

static const char *const secret_named[] = { "key", NULL };

static const struct builtin builtins[] = {
	[LANG_FN_AZS] = { LANG_FN_AZS, "azs", 0, 1, NULL, "at most one argument",
			  "azs(count): that many availability zones of the region; azs(): all of them, at deploy time" },
	[LANG_FN_CIDR] = { LANG_FN_CIDR, "cidr", 3, 3, NULL, "three arguments",
			   "cidr(block, count, bits): count subnets of 2^bits addresses" },
	[LANG_FN_JSON] = { LANG_FN_JSON, "json", 1, 1, NULL, "one argument",
			   "json(value): the value as a JSON document" },
	[LANG_FN_JOIN] = { LANG_FN_JOIN, "join", 2, 2, NULL, "two arguments", "join(separator, list)" },
	[LANG_FN_SPLIT] = { LANG_FN_SPLIT, "split", 2, 2, NULL, "two arguments", "split(separator, string)" },
	[LANG_FN_UPPER] = { LANG_FN_UPPER, "upper", 1, 1, NULL, "one argument", "upper(string)" },
	[LANG_FN_LOWER] = { LANG_FN_LOWER, "lower", 1, 1, NULL, "one argument", "lower(string)" },
	[LANG_FN_LENGTH] = { LANG_FN_LENGTH, "length", 1, 1, NULL, "one argument",
			     "length(list, map or string)" },
	[LANG_FN_RANGE] = { LANG_FN_RANGE, "range", 1, 2, NULL, "one or two arguments",
			    "range(n) is 0..n-1; range(a, b) is a..b-1" },
	[LANG_FN_SSM] = { LANG_FN_SSM, "ssm", 1, 1, NULL, "one argument", "ssm(\"/parameter/name\")" },
	[LANG_FN_SSM_SECURE] = { LANG_FN_SSM_SECURE, "ssm_secure", 1, 1, NULL, "one argument",
				 "ssm_secure(\"/parameter/name\")" },
	[LANG_FN_SECRET] = { LANG_FN_SECRET, "secret", 1, 1, secret_named, "one argument",
			     "secret(\"name\", key = \"password\")" },
	[LANG_FN_BASE64] = { LANG_FN_BASE64, "base64", 1, 1, NULL, "one argument",
			     "base64(string): the encoding, or Fn::Base64 of a deploy-time string" },
	[LANG_FN_LOGICAL_ID] = { LANG_FN_LOGICAL_ID, "logical_id", 1, 1, NULL, "one argument",
				 "logical_id(resource): its logical ID, as a string" },
	[LANG_FN_IMPORT_VALUE] = { LANG_FN_IMPORT_VALUE, "import_value", 1, 1, NULL, "one argument",
				   "import_value(\"export-name\"): another stack's export (Fn::ImportValue)" },
	[LANG_FN_COUNT] = { LANG_FN_COUNT, NULL, 0, 0, NULL, NULL, NULL },
};

const struct builtin *lang_builtin_find(const char *name)
{
	for (const struct builtin *b = builtins; b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

const struct builtin *lang_builtins(void)
{
	return builtins;
}

const char *lang_builtin_names(void)
{
	return "azs cidr json join split upper lower length range ssm ssm_secure secret base64 logical_id import_value";
}

static const char *const type_names[] = {
	"string", "int", "number", "bool", "duration", "percent", "size", "list", "map", "any",
	NULL,
};

bool lang_type_known(const char *name)
{
	for (const char *const *t = type_names; *t; t++)
		if (!strcmp(*t, name))
			return true;
	return false;
}

const char *const *lang_type_names(void)
{
	return type_names;
}
