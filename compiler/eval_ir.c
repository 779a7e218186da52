/* eval_ir.c - values to IR: units converted to the property's, secrets
 * checked where they land. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "eval_int.h"
#include "ir.h"
#include "misspell.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct ir *qty_to_ir(struct eval_ctx *c, struct val *v, const char *prop)
{
	const struct unit_target *t = lang_unit_target(prop);
	struct diag *r;
	double x;

	if (v->qty.dim == UNIT_PERCENT) {
		x = v->qty.base;
		if (x == floor(x) && fabs(x) < 9.007199254740992e15)
			return ir_int(c->a, (int64_t)x);
		return ir_num(c->a, x);
	}
	if (t) {
		if (t->dim != v->qty.dim) {
			diag_error(c->d, v->loc, "'%s' takes a %s in %s, not a %s", prop,
				   lang_dim_name(t->dim), t->name, lang_dim_name(v->qty.dim));
			return NULL;
		}
		x = v->qty.base / t->scale;
		if (fabs(x - floor(x + 0.5)) > 1e-9) {
			r = diag_error(c->d, v->loc, "%s is not a whole number of %s, as '%s' needs",
				       v->qty.text, t->name, prop);
			diag_hint(r, "write it in %s", t->name);
			return NULL;
		}
		return ir_int(c->a, (int64_t)floor(x + 0.5));
	}
	r = diag_error(c->d, v->loc, "cannot tell which unit '%s' takes for %s",
		       prop ? prop : "this value", v->qty.text);
	diag_hint(r, "write a plain number in the unit the property documents");
	return NULL;
}

/* Properties that hold a secret: a literal there is a warning. A custom
 * resource's ServiceToken is an ARN, not a secret. */
static bool secret_property(const char *prop)
{
	if (!strcmp(prop, "ServiceToken"))
		return false;
	static const char *const suffixes[] = {
		"Password", "password", "Secret", "SecretString", "Token", "AuthToken",
		"SecretAccessKey", "PrivateKey",
	};

	for (size_t i = 0; i < PHX_ARRAY_SIZE(suffixes); i++)
		if (str_ends_with(prop, suffixes[i]))
			return true;
	return false;
}

/* Where CloudFormation resolves ssm-secure: resource type and property
 * (AWS CloudFormation User Guide, "Specify sensitive values with SSM
 * SecureString parameters"). */
static const struct {
	const char *type, *prop;
} ssm_secure_ok[] = {
	{ "AWS::DirectoryService::MicrosoftAD", "Password" },
	{ "AWS::DirectoryService::SimpleAD", "Password" },
	{ "AWS::ElastiCache::ReplicationGroup", "AuthToken" },
	{ "AWS::IAM::User", "Password" },
	{ "AWS::KinesisFirehose::DeliveryStream", "Password" },
	{ "AWS::OpsWorks::App", "Password" },
	{ "AWS::OpsWorks::Stack", "Password" },
	{ "AWS::OpsWorks::Stack", "DbPassword" },
	{ "AWS::RDS::DBCluster", "MasterUserPassword" },
	{ "AWS::RDS::DBInstance", "MasterUserPassword" },
	{ "AWS::Redshift::Cluster", "MasterUserPassword" },
};

static void check_string_property(struct eval_ctx *c, struct val *v, const char *prop)
{
	if (!prop)
		return;
	if (v->flags & VAL_F_SSM_SECURE) {
		const char *type = c->cur_res ? c->cur_res->type : "";

		for (size_t i = 0; i < PHX_ARRAY_SIZE(ssm_secure_ok); i++)
			if (!strcmp(ssm_secure_ok[i].type, type) && !strcmp(ssm_secure_ok[i].prop, prop))
				return;
		{
			struct diag *r = diag_error(c->d, v->loc,
				"CloudFormation does not resolve ssm_secure() in %s %s", type[0] ? type : "an output", prop);

			diag_hint(r, "use secret(\"name\", key = \"...\") (Secrets Manager), which works in any property");
		}
		return;
	}
	if (v->kind == VAL_STR && !(v->flags & VAL_F_RESOLVE) && secret_property(prop) && v->str.len) {
		struct diag *r = diag_warning(c->d, v->loc,
			"'%s' holds a secret, but this literal is written into the template", prop);

		diag_hint(r, "read it at deploy time: secret(\"name\", key = \"%s\"), ssm_secure(\"/path\") or a 'param NAME : secret'",
			  "password");
	}
}

struct ir *val_dyn_ir(struct eval_ctx *c, struct val *v)
{
	if (v->flags & (VAL_F_CHOICE | VAL_F_ROW | VAL_F_COND))
		return eval_to_ir(c, v, NULL);
	return v->dyn;
}

struct ir *eval_to_ir(struct eval_ctx *c, struct val *v, const char *prop)
{
	struct ir *out;
	struct diag *r;

	switch (v->kind) {
	case VAL_ERROR:
		return NULL;
	case VAL_BOOL:
		return ir_bool(c->a, v->b);
	case VAL_INT:
		return ir_int(c->a, v->i);
	case VAL_NUM:
		return ir_num(c->a, v->d);
	case VAL_STR:
		check_string_property(c, v, prop);
		return ir_strn(c->a, v->str.s, v->str.len);
	case VAL_QTY:
		return qty_to_ir(c, v, prop);
	case VAL_LIST:
		out = ir_list(c->a);
		for (size_t i = 0; i < v->list.n; i++) {
			struct ir *x = eval_to_ir(c, v->list.v[i], prop);

			if (x)
				ir_push(c->a, out, x);
		}
		return out;
	case VAL_MAP:
		out = ir_map(c->a);
		for (size_t i = 0; i < v->map.n; i++) {
			struct ir *x = eval_to_ir(c, v->map.v[i].val, v->map.v[i].key);

			if (x)
				ir_append(c->a, out, v->map.v[i].key, x);
		}
		return out;
	case VAL_DYN:
		if (v->flags & VAL_F_CHOICE) {
			struct ir *args = ir_list(c->a), *a, *b;

			a = eval_to_ir(c, v->pick->then, prop);
			b = eval_to_ir(c, v->pick->otherwise, prop);
			if (!a || !b)
				return NULL;
			ir_push(c->a, args, ir_str(c->a, v->pick->name));
			ir_push(c->a, args, a);
			ir_push(c->a, args, b);
			return ir_fn(c->a, "Fn::If", args);
		}
		if (v->flags & VAL_F_ROW) {
			r = diag_error(c->d, v->loc, "this is a row of the table '%s', picked at deploy time: pick a value from it",
				       v->pick->name);
			diag_hint(r, "index it again by a column: table[key][\"Column\"] is Fn::FindInMap");
			return NULL;
		}
		if (v->flags & VAL_F_COND) {
			r = diag_error(c->d, v->loc, "a condition decided at deploy time is not a value");
			diag_hint(r, "choose with it: if cond then \"yes\" else \"no\"");
			return NULL;
		}
		check_string_property(c, v, prop);
		return v->dyn;
	case VAL_RES:
		return ir_fn(c->a, "Ref", ir_str(c->a, v->res->logical_id));
	case VAL_INST:
		r = diag_error(c->d, v->loc, "a component instance is not a value");
		diag_hint(r, "read one of its exports: %s.NAME", v->inst->name);
		return NULL;
	}
	PHX_BUG("bad value kind %d", (int)v->kind);
}
