/* check_deploy.c - deploy-time failures found in the lowered template: see
 * check_deploy.h. Reads the IR only; every finding goes through diag. */
#include "phx.h"
#include "ast.h"
#include "check_deploy.h"
#include "regions.h"
#include "diag.h"
#include "ir.h"
#include "resolve.h"
#include "srcfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names CloudFormation's resource providers need unique in an account (per
 * region, or everywhere for the global ones). */
static const struct unique_name {
	const char *type, *prop, *what;
	bool global;		/* unique in every region (S3, IAM) */
} unique_names[] = {
	{ "AWS::ECR::Repository", "RepositoryName", "ECR repository name", false },
	{ "AWS::S3::Bucket", "BucketName", "S3 bucket name", true },
	{ "AWS::Logs::LogGroup", "LogGroupName", "log group name", false },
	{ "AWS::IAM::Role", "RoleName", "IAM role name", true },
	{ "AWS::IAM::ManagedPolicy", "ManagedPolicyName", "IAM policy name", true },
	{ "AWS::IAM::User", "UserName", "IAM user name", true },
	{ "AWS::IAM::InstanceProfile", "InstanceProfileName", "instance profile name", true },
	{ "AWS::SQS::Queue", "QueueName", "SQS queue name", false },
	{ "AWS::SNS::Topic", "TopicName", "SNS topic name", false },
	{ "AWS::DynamoDB::Table", "TableName", "DynamoDB table name", false },
	{ "AWS::Lambda::Function", "FunctionName", "Lambda function name", false },
	{ "AWS::ECS::Cluster", "ClusterName", "ECS cluster name", false },
	{ "AWS::ElasticLoadBalancingV2::LoadBalancer", "Name", "load balancer name", false },
	{ "AWS::ElasticLoadBalancingV2::TargetGroup", "Name", "target group name", false },
	{ "AWS::SSM::Parameter", "Name", "SSM parameter name", false },
	{ "AWS::SecretsManager::Secret", "Name", "secret name", false },
	{ "AWS::RDS::DBCluster", "DBClusterIdentifier", "DB cluster identifier", false },
	{ "AWS::RDS::DBInstance", "DBInstanceIdentifier", "DB instance identifier", false },
	{ "AWS::DocDB::DBCluster", "DBClusterIdentifier", "DocumentDB cluster identifier", false },
	{ "AWS::CodeBuild::Project", "Name", "CodeBuild project name", false },
	{ "AWS::CodePipeline::Pipeline", "Name", "pipeline name", false },
	{ "AWS::KMS::Alias", "AliasName", "KMS alias", false },
	{ "AWS::CloudWatch::Alarm", "AlarmName", "alarm name", false },
	{ "AWS::WAFv2::WebACL", "Name", "web ACL name", false },
	{ "AWS::Cognito::UserPool", "UserPoolName", "user pool name", false },
};

/* One name that must be unique: from a resource, or an output's export. */
struct uname {
	const char *id;			/* logical ID (resource or output) */
	const char *value;
	const struct unique_name *kind;	/* NULL: an export name */
};

static const char *ir_text(const struct ir *v)
{
	return v && v->kind == IR_STR ? v->str.s : NULL;
}

static const struct ir *res_prop(const struct ir *res, const char *key)
{
	return ir_get(ir_get(res, "Properties"), key);
}

static const char *res_type(const struct ir *res)
{
	const char *t = ir_text(ir_get(res, "Type"));

	return t ? t : "";
}

/* The component instance in the user's own sources whose logical ID is the
 * longest prefix of id, searched through ifs and fors. */
static void find_instance(struct check_deploy_ctx *c, const struct ast_node *items, const char *id,
			  size_t *best, struct phx_loc *at)
{
	for (const struct ast_node *it = items; it; it = it->next) {
		switch (it->kind) {
		case AST_INSTANCE: {
			const char *pre = res_logical_id(c->a, it->item.name.name);
			size_t n = strlen(pre);

			if (n > *best && !strncmp(id, pre, n)) {
				*best = n;
				*at = it->item.name.loc;
			}
			break;
		}
		case AST_IF:
			find_instance(c, it->cond.then, id, best, at);
			find_instance(c, it->cond.otherwise, id, best, at);
			break;
		case AST_FOR:
			find_instance(c, it->loop.body, id, best, at);
			break;
		default:
			break;
		}
	}
}

/* Where the user wrote what made a logical ID: its origin, or, for a
 * resource a component of an imported module made, the instance. */
static struct phx_loc place(struct check_deploy_ctx *c, const struct ir_template *t, const char *id)
{
	struct phx_loc at = { 0 };
	struct srcfile *f;
	size_t best = 0;

	for (size_t i = 0; i < t->norigins; i++)
		if (!strcmp(t->origins[i].logical_id, id)) {
			at = t->origins[i].loc;
			break;
		}
	f = at.file ? src_get(c->srcs, at.file) : NULL;
	if (f && f->imported_at.file)
		find_instance(c, c->prog->items, id, &best, &at);
	return at;
}

/* True when a is written after b: the finding is reported at the later of
 * two places (templates list resources by key, not in source order). */
static bool loc_after(struct phx_loc a, struct phx_loc b)
{
	return a.file != b.file ? a.file > b.file : a.start > b.start;
}

/* ---- listener rules ------------------------------------------------------- */

static void check_priorities(struct check_deploy_ctx *c, const struct ir_template *t,
			     const struct ir *res)
{
	for (size_t i = 0; i < res->map.n; i++) {
		const struct ir *a = res->map.v[i].val, *pa = res_prop(a, "Priority");

		if (strcmp(res_type(a), "AWS::ElasticLoadBalancingV2::ListenerRule") || !pa ||
		    pa->kind != IR_INT)
			continue;
		for (size_t k = 0; k < i; k++) {
			const struct ir *b = res->map.v[k].val, *pb = res_prop(b, "Priority");
			struct diag *r;

			const char *first = res->map.v[k].key, *second = res->map.v[i].key;

			if (strcmp(res_type(b), res_type(a)) || !pb || pb->kind != IR_INT ||
			    pb->i != pa->i ||
			    !ir_equal(res_prop(a, "ListenerArn"), res_prop(b, "ListenerArn")))
				continue;
			if (loc_after(place(c, t, first), place(c, t, second))) {
				first = res->map.v[i].key;
				second = res->map.v[k].key;
			}
			r = diag_error(c->d, place(c, t, second),
				       "listener rule '%s' has priority %lld, as '%s' on the same listener",
				       second, (long long)pa->i, first);
			diag_note(r, place(c, t, first), "'%s' has priority %lld here",
				  first, (long long)pb->i);
			diag_hint(r, "CloudFormation fails with \"Priority '%lld' is currently in use\": "
				  "give each rule on a listener its own priority (web_service: priority = N)",
				  (long long)pa->i);
			break;
		}
	}
}

/* ---- subnets ---------------------------------------------------------------- */

struct cidr {
	uint32_t addr;
	unsigned len;
};

static bool cidr_parse(const char *s, struct cidr *out)
{
	unsigned a, b, c, d, len;
	char tail;

	if (!s || sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &len, &tail) != 5 || a > 255 ||
	    b > 255 || c > 255 || d > 255 || len > 32)
		return false;
	out->addr = (uint32_t)a << 24 | (uint32_t)b << 16 | (uint32_t)c << 8 | (uint32_t)d;
	out->len = len;
	return true;
}

static uint32_t cidr_mask(unsigned len)
{
	return len ? ~(uint32_t)0 << (32 - len) : 0;
}

static bool cidr_overlap(struct cidr x, struct cidr y)
{
	uint32_t m = cidr_mask(x.len < y.len ? x.len : y.len);

	return (x.addr & m) == (y.addr & m);
}

static bool cidr_inside(struct cidr in, struct cidr out)
{
	return in.len >= out.len && (in.addr & cidr_mask(out.len)) == (out.addr & cidr_mask(out.len));
}

/* The VPC resource a VpcId names ({"Ref": X}), or NULL. */
static const char *vpc_ref(const struct ir *vpc_id)
{
	const struct ir *ref = ir_get(vpc_id, "Ref");

	return vpc_id && vpc_id->kind == IR_MAP && vpc_id->map.n == 1 ? ir_text(ref) : NULL;
}

static void check_subnets(struct check_deploy_ctx *c, const struct ir_template *t,
			  const struct ir *res)
{
	for (size_t i = 0; i < res->map.n; i++) {
		const struct ir *a = res->map.v[i].val;
		const char *id = res->map.v[i].key, *block = ir_text(res_prop(a, "CidrBlock"));
		const char *vname;
		const struct ir *vpc;
		struct cidr ca, cv;
		bool bad = false;

		if (strcmp(res_type(a), "AWS::EC2::Subnet") || !cidr_parse(block, &ca))
			continue;
		if (ca.len < 16 || ca.len > 28) {
			struct diag *r = diag_error(c->d, place(c, t, id),
						    "subnet '%s' has the CIDR block '%s'; a subnet's "
						    "prefix is /16 to /28", id, block);

			diag_hint(r, "CloudFormation fails with \"The CIDR '%s' is invalid\"", block);
			continue;
		}
		/* inside its VPC's block, when that is known */
		vname = vpc_ref(res_prop(a, "VpcId"));
		vpc = vname ? ir_get(res, vname) : NULL;
		if (vpc && !strcmp(res_type(vpc), "AWS::EC2::VPC") &&
		    cidr_parse(ir_text(res_prop(vpc, "CidrBlock")), &cv) && !cidr_inside(ca, cv)) {
			struct diag *r = diag_error(c->d, place(c, t, id),
						    "subnet '%s' has the CIDR block '%s', outside its "
						    "VPC's '%s'", id, block,
						    ir_text(res_prop(vpc, "CidrBlock")));

			diag_note(r, place(c, t, vname), "the VPC '%s' is declared here", vname);
			diag_hint(r, "CloudFormation fails with \"The CIDR '%s' is invalid\"", block);
			continue;
		}
		for (size_t k = 0; k < i && !bad; k++) {
			const struct ir *b = res->map.v[k].val;
			const char *other = ir_text(res_prop(b, "CidrBlock"));
			struct cidr cb;
			struct diag *r;

			const char *sid = id, *oid = res->map.v[k].key, *sblock = block;

			if (strcmp(res_type(b), "AWS::EC2::Subnet") || !cidr_parse(other, &cb) ||
			    !ir_equal(res_prop(a, "VpcId"), res_prop(b, "VpcId")) ||
			    !cidr_overlap(ca, cb))
				continue;
			if (loc_after(place(c, t, oid), place(c, t, sid))) {
				sid = res->map.v[k].key;
				oid = id;
				sblock = other;
				other = block;
			}
			r = diag_error(c->d, place(c, t, sid),
				       "subnet '%s' has the CIDR block '%s', which overlaps '%s' of "
				       "subnet '%s' in the same VPC", sid, sblock, other, oid);
			diag_note(r, place(c, t, oid), "'%s' has '%s' here", oid, other);
			diag_hint(r, "CloudFormation fails with \"The CIDR '%s' conflicts with another "
				  "subnet\"", sblock);
			bad = true;
		}
	}
}

/* ---- security groups -------------------------------------------------------- */

static void check_ingress(struct check_deploy_ctx *c, const struct ir_template *t,
			  const struct ir *res)
{
	for (size_t i = 0; i < res->map.n; i++) {
		const struct ir *a = res->map.v[i].val;
		const struct ir *rules = res_prop(a, "SecurityGroupIngress");

		if (strcmp(res_type(a), "AWS::EC2::SecurityGroup") || !rules || rules->kind != IR_LIST)
			continue;
		for (size_t j = 1; j < rules->list.n; j++) {
			size_t k;

			for (k = 0; k < j && !ir_equal(rules->list.v[j], rules->list.v[k]); k++)
				;
			if (k == j)
				continue;
			struct diag *r = diag_error(c->d, place(c, t, res->map.v[i].key),
						    "security group '%s' lists the same ingress rule "
						    "twice (rules %zu and %zu)", res->map.v[i].key,
						    k + 1, j + 1);

			diag_hint(r, "CloudFormation fails with \"the same permission must not appear "
				  "multiple times\": list each rule once");
			break;
		}
	}
}

/* ---- names unique in an account ------------------------------------------- */

/* Every name of t that must be unique, with a plain string value. */
static size_t unique_list(const struct ir_template *t, struct uname **out)
{
	const struct ir *res = ir_get(t->root, "Resources"), *outs = ir_get(t->root, "Outputs");
	size_t n = 0, cap = (res ? res->map.n : 0) + (outs ? outs->map.n : 0) + 1;
	struct uname *v = xcalloc(cap, sizeof(*v));

	for (size_t i = 0; res && res->kind == IR_MAP && i < res->map.n; i++) {
		const char *type = res_type(res->map.v[i].val);

		for (size_t k = 0; k < PHX_ARRAY_SIZE(unique_names); k++) {
			const char *name;

			if (strcmp(type, unique_names[k].type))
				continue;
			name = ir_text(res_prop(res->map.v[i].val, unique_names[k].prop));
			if (name)
				v[n++] = (struct uname){ res->map.v[i].key, name, &unique_names[k] };
		}
	}
	for (size_t i = 0; outs && outs->kind == IR_MAP && i < outs->map.n; i++) {
		const char *name = ir_text(ir_get(ir_get(outs->map.v[i].val, "Export"), "Name"));

		if (name)
			v[n++] = (struct uname){ outs->map.v[i].key, name, NULL };
	}
	*out = v;
	return n;
}

static bool same_name(const struct uname *a, const struct uname *b)
{
	return a->kind == b->kind && !strcmp(a->value, b->value);
}

static const char *uname_what(const struct uname *u)
{
	return u->kind ? u->kind->what : "export name";
}

/* regions = [...]: one template goes to every region, so a name unique in
 * the whole account (S3, IAM) meets itself in the second region. */
static void check_unique_regions(struct check_deploy_ctx *c, const struct ir_template *t,
				 const struct uname *v, size_t n)
{
	const char **regions;
	size_t nregions = c->prog ? regions_list(c->a, c->prog, &regions) : 0;

	if (nregions < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		struct diag *r;

		if (!v[i].kind || !v[i].kind->global)
			continue;
		r = diag_error(c->d, place(c, t, v[i].id),
			       "%s '%s' of '%s' is the same in regions '%s' and '%s'", uname_what(&v[i]),
			       v[i].value, v[i].id, regions[0], regions[1]);
		diag_hint(r, "%ss are unique in the whole account, so the deploy to the second "
			  "region fails; put the region in the name, for example \"%s-${aws.region}\", "
			  "or leave the name out", uname_what(&v[i]), v[i].value);
	}
}

static void check_unique(struct check_deploy_ctx *c, const struct ir_template *t)
{
	struct uname *v;
	size_t n = unique_list(t, &v);

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++) {
			struct diag *r;

			const struct uname *first = &v[k], *second = &v[i];

			if (!same_name(&v[i], &v[k]))
				continue;
			if (loc_after(place(c, t, first->id), place(c, t, second->id))) {
				first = &v[i];
				second = &v[k];
			}
			r = diag_error(c->d, place(c, t, second->id), "%s '%s' is given to '%s' and to '%s'",
				       uname_what(second), second->value, first->id, second->id);
			diag_note(r, place(c, t, first->id), "'%s' is declared here", first->id);
			diag_hint(r, "%ss are unique in an account%s: the deploy fails on the second",
				  uname_what(&v[i]), v[i].kind && v[i].kind->global ? "" : " and region");
			break;
		}
	check_unique_regions(c, t, v, n);
	free(v);
}

unsigned check_deploy(struct check_deploy_ctx *c, const struct ir_template *t)
{
	const struct ir *res = ir_get(t->root, "Resources");
	unsigned before = c->d->errors;

	if (res && res->kind == IR_MAP) {
		check_priorities(c, t, res);
		check_subnets(c, t, res);
		check_ingress(c, t, res);
	}
	check_unique(c, t);
	return c->d->errors - before;
}

unsigned check_deploy_envs(struct check_deploy_ctx *c, struct ir_template *const *ts, size_t n)
{
	unsigned before = c->d->errors;
	struct uname **v = xcalloc(n + 1, sizeof(*v));
	size_t *nv = xcalloc(n + 1, sizeof(*nv));

	for (size_t e = 0; e < n; e++)
		nv[e] = unique_list(ts[e], &v[e]);
	for (size_t e = 1; e < n; e++) {
		for (size_t i = 0; i < nv[e]; i++) {
			const struct uname *u = &v[e][i];
			bool regional = !u->kind || !u->kind->global;
			bool seen = false;

			for (size_t f = 0; f < e && !seen; f++) {
				/* regional names in two regions do not meet */
				if (regional && ts[f]->region && ts[e]->region &&
				    strcmp(ts[f]->region, ts[e]->region))
					continue;
				for (size_t k = 0; k < nv[f] && !seen; k++) {
					struct diag *r;

					if (!same_name(u, &v[f][k]))
						continue;
					seen = true;
					r = diag_error(c->d, place(c, ts[e], u->id),
						       "%s '%s' is the same in environments '%s' and '%s'",
						       uname_what(u), u->value, ts[f]->env, ts[e]->env);
					diag_hint(r, "%ss are unique in an account%s, so the second "
						  "environment's deploy fails there; put the environment "
						  "in the name, for example \"%s-${env.name}\"",
						  uname_what(u), regional ? " and region" : "", u->value);
				}
			}
		}
	}
	for (size_t e = 0; e < n; e++)
		free(v[e]);
	free(v);
	free(nv);
	return c->d->errors - before;
}
