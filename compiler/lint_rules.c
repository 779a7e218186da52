/* lint_rules.c - the security lint's rules (lint.h; docs/security.md).
 *
 * Each rule reads resources as CloudFormation will: properties are plain
 * values or intrinsic functions. A value the compiler cannot know (a Ref to
 * a parameter, an Fn::If) is given the benefit of the doubt: rules report
 * what is certainly missing or certainly wrong, never a guess. */
#include "phx.h"
#include "ir.h"
#include "lint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading values ----------------------------------------------------------- */

enum lint_tri { LINT_ABSENT, LINT_NO, LINT_YES, LINT_UNKNOWN };

static const struct ir *lint_prop(const struct ir *res, const char *key)
{
	const struct ir *p = ir_get(res, "Properties");

	return p && p->kind == IR_MAP ? ir_get(p, key) : NULL;
}

static const struct ir *lint_path(const struct ir *v, const char *a, const char *b)
{
	v = v && v->kind == IR_MAP ? ir_get(v, a) : NULL;
	return b && v ? (v->kind == IR_MAP ? ir_get(v, b) : NULL) : v;
}

static bool lint_is_fn(const struct ir *v)
{
	return v && v->kind == IR_MAP && v->map.n == 1 &&
	       (!strcmp(v->map.v[0].key, "Ref") || !strncmp(v->map.v[0].key, "Fn::", 4));
}

static enum lint_tri lint_bool(const struct ir *v)
{
	if (!v)
		return LINT_ABSENT;
	if (v->kind == IR_BOOL)
		return v->b ? LINT_YES : LINT_NO;
	if (v->kind == IR_STR)
		return !strcmp(v->str.s, "true") ? LINT_YES : !strcmp(v->str.s, "false") ? LINT_NO : LINT_UNKNOWN;
	return LINT_UNKNOWN;
}

/* An integer, or -1 when not known. */
static int64_t lint_int(const struct ir *v)
{
	if (v && v->kind == IR_INT)
		return v->i;
	if (v && v->kind == IR_STR && v->str.len && strspn(v->str.s, "0123456789") == v->str.len)
		return strtoll(v->str.s, NULL, 10);
	return -1;
}

static const char *lint_str(const struct ir *v)
{
	return v && v->kind == IR_STR ? v->str.s : NULL;
}

/* The logical ID a Ref or an Fn::GetAtt points at, or NULL. */
static const char *lint_target(const struct ir *v)
{
	const struct ir *a;

	if (!lint_is_fn(v))
		return NULL;
	a = v->map.v[0].val;
	if (!strcmp(v->map.v[0].key, "Ref"))
		return lint_str(a);
	if (!strcmp(v->map.v[0].key, "Fn::GetAtt")) {
		if (a->kind == IR_LIST && a->list.n >= 1)
			return lint_str(a->list.v[0]);
		return NULL;
	}
	return NULL;
}

/* v, or each item when v is a list: for (i < lint_count(v)) lint_item(v, i) */
static size_t lint_count(const struct ir *v)
{
	return v ? (v->kind == IR_LIST ? v->list.n : 1) : 0;
}

static const struct ir *lint_item(const struct ir *v, size_t i)
{
	return v->kind == IR_LIST ? v->list.v[i] : v;
}

/* ---- what resources say about each other ------------------------------------------ */

/* Marks per resource index, filled by one pass over the template. */
enum {
	LINT_M_SSL_ONLY = 1 << 0,	/* a bucket policy denies plain HTTP */
	LINT_M_LOG_SINK = 1 << 1,	/* a bucket that receives logs */
	LINT_M_FLOW_LOGS = 1 << 2,	/* a VPC with a flow log */
	LINT_M_PUBLIC_LB_SG = 1 << 3,	/* a security group of an internet-facing load balancer */
	LINT_M_ROTATED = 1 << 4,	/* a secret with a rotation schedule */
};

struct lint_facts {
	unsigned char *marks;	/* by resource index */
	int64_t *ports;		/* listener ports of internet-facing load balancers */
	size_t nports, capports;
};

static size_t lint_index_of(struct lint_run *r, const char *id)
{
	return id ? lint_resource_index(r, id) : (size_t)-1;
}

static void lint_mark(struct lint_run *r, struct lint_facts *f, const char *id, unsigned m)
{
	size_t i = lint_index_of(r, id);

	if (i != (size_t)-1)
		f->marks[i] |= (unsigned char)m;
}

static bool lint_marked(struct lint_run *r, const struct lint_facts *f, const char *id, unsigned m)
{
	size_t i = lint_index_of(r, id);

	return i != (size_t)-1 && (f->marks[i] & m);
}

/* A statement that denies requests without TLS. */
static bool lint_denies_plain_http(const struct ir *st)
{
	const struct ir *c = lint_path(st, "Condition", "Bool");
	const struct ir *v = c && c->kind == IR_MAP ? ir_get(c, "aws:SecureTransport") : NULL;
	const char *eff = lint_str(ir_get(st, "Effect"));

	if (!eff || strcmp(eff, "Deny"))
		return false;
	if (v && v->kind == IR_LIST && v->list.n == 1)
		v = v->list.v[0];
	return lint_bool(v) == LINT_NO;
}

static bool lint_is_internal_lb(const struct ir *res)
{
	const char *s = lint_str(lint_prop(res, "Scheme"));

	return s && !strcmp(s, "internal");
}

static void lint_gather(struct lint_run *r, struct lint_facts *f)
{
	const struct ir *rs = lint_resources(r);

	for (size_t i = 0; i < rs->map.n; i++) {
		const struct ir *res = rs->map.v[i].val;
		const char *type = lint_str(ir_get(res, "Type"));

		if (!type)
			continue;
		if (!strcmp(type, "AWS::S3::BucketPolicy")) {
			const struct ir *doc = lint_prop(res, "PolicyDocument");

			{
				const struct ir *st_l = lint_path(doc, "Statement", NULL);

				for (size_t st_i = 0; st_i < lint_count(st_l); st_i++) {
					const struct ir *st = lint_item(st_l, st_i);

					if (lint_denies_plain_http(st))
						lint_mark(r, f, lint_target(lint_prop(res, "Bucket")), LINT_M_SSL_ONLY);
				}
			}
		} else if (!strcmp(type, "AWS::S3::Bucket")) {
			lint_mark(r, f, lint_target(lint_path(lint_prop(res, "LoggingConfiguration"),
							      "DestinationBucketName", NULL)), LINT_M_LOG_SINK);
		} else if (!strcmp(type, "AWS::EC2::FlowLog")) {
			lint_mark(r, f, lint_target(lint_prop(res, "ResourceId")), LINT_M_FLOW_LOGS);
			lint_mark(r, f, lint_target(lint_prop(res, "LogDestination")), LINT_M_LOG_SINK);
		} else if (!strcmp(type, "AWS::ElasticLoadBalancingV2::LoadBalancer")) {
			{
				const struct ir *kv_l = lint_prop(res, "LoadBalancerAttributes");

				for (size_t kv_i = 0; kv_i < lint_count(kv_l); kv_i++) {
					const struct ir *kv = lint_item(kv_l, kv_i);
					const char *k = lint_str(ir_get(kv, "Key"));

					if (k && !strcmp(k, "access_logs.s3.bucket"))
						lint_mark(r, f, lint_target(ir_get(kv, "Value")), LINT_M_LOG_SINK);
				}
			}
			for (size_t k = 0; !lint_is_internal_lb(res) && k < lint_count(lint_prop(res, "SecurityGroups")); k++)
				lint_mark(r, f, lint_target(lint_item(lint_prop(res, "SecurityGroups"), k)),
					  LINT_M_PUBLIC_LB_SG);
		} else if (!strcmp(type, "AWS::ElasticLoadBalancingV2::Listener")) {
			const char *lb = lint_target(lint_prop(res, "LoadBalancerArn"));
			const struct ir *lbr = lb ? lint_resource(r, lb) : NULL;
			int64_t port = lint_int(lint_prop(res, "Port"));

			if (lbr && !lint_is_internal_lb(lbr) && port >= 0) {
				if (f->nports == f->capports) {
					f->capports = f->capports ? f->capports * 2 : 8;
					f->ports = xrealloc(f->ports, f->capports * sizeof(*f->ports));
				}
				f->ports[f->nports++] = port;
			}
		} else if (!strcmp(type, "AWS::SecretsManager::RotationSchedule")) {
			lint_mark(r, f, lint_target(lint_prop(res, "SecretId")), LINT_M_ROTATED);
		} else if (!strcmp(type, "AWS::CloudTrail::Trail")) {
			lint_mark(r, f, lint_target(lint_prop(res, "S3BucketName")), LINT_M_LOG_SINK);
		}
	}
}

/* ---- security groups ---------------------------------------------------------- */

static bool lint_world(const struct ir *rule)
{
	const char *v4 = lint_str(ir_get(rule, "CidrIp"));
	const char *v6 = lint_str(ir_get(rule, "CidrIpv6"));

	return (v4 && !strcmp(v4, "0.0.0.0/0")) || (v6 && (!strcmp(v6, "::/0") || !strcmp(v6, "0::/0")));
}

static void lint_ingress(struct lint_run *r, const struct lint_facts *f, const char *id,
			 const char *group, const struct ir *rule)
{
	const char *proto = lint_str(ir_get(rule, "IpProtocol"));
	int64_t from = lint_int(ir_get(rule, "FromPort")), to = lint_int(ir_get(rule, "ToPort"));
	const struct ir *pv = ir_get(rule, "IpProtocol");
	bool all = (proto && (!strcmp(proto, "-1") || !strcmp(proto, "all"))) ||
		   (pv && pv->kind == IR_INT && pv->i == -1);
	const char *who = lint_str(ir_get(rule, "CidrIpv6")) ? "::/0" : "0.0.0.0/0";

	if (!lint_world(rule))
		return;
	if (all) {
		from = 0;
		to = 65535;
	} else if (from < 0 || to < 0) {
		return;		/* not known at compile time */
	}
	if ((from <= 22 && 22 <= to) || (from <= 3389 && 3389 <= to)) {
		lint_report(r, LINT_ADMIN_PORT, id, "opens %s to %s",
			    from <= 22 && 22 <= to ? "SSH (port 22)" : "RDP (port 3389)", who);
		return;
	}
	if (group && lint_marked(r, f, group, LINT_M_PUBLIC_LB_SG) && from == to)
		for (size_t k = 0; k < f->nports; k++)
			if (f->ports[k] == from) {
				/* the design of a public site: reported, for an acknowledgement to say so */
				lint_report(r, LINT_SG_WORLD, id,
					    "opens port %lld to %s: a listener of an internet-facing load balancer",
					    (long long)from, who);
				return;
			}
	if (from == to)
		lint_report(r, LINT_SG_WORLD, id, "opens port %lld to %s", (long long)from, who);
	else
		lint_report(r, LINT_SG_WORLD, id, "opens ports %lld-%lld to %s", (long long)from,
			    (long long)to, who);
}

/* ---- IAM ----------------------------------------------------------------------- */

/* Actions AWS authorises only on Resource "*" (the service has no resource
 * type for them), so a wildcard resource is the only way to grant them. */
static const char *const lint_star_only[] = {
	"ecr:GetAuthorizationToken", "logs:CreateLogGroup", "logs:DescribeLogGroups",
	"xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
	"xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries", "cloudwatch:PutMetricData", "ec2:CreateNetworkInterface",
	"ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets",
	"ec2:DescribeSecurityGroups", "ec2:DescribeVpcs", "ec2:DescribeDhcpOptions",
	"ec2:CreateNetworkInterfacePermission", "ecs:RegisterTaskDefinition",
	"ecs:DescribeTaskDefinition", "ecs:DescribeServices", "ecs:ListTasks",
	"codebuild:CreateReportGroup", "ssm:DescribeParameters", "sts:GetCallerIdentity",
	"codestar-connections:UseConnection", "servicediscovery:DiscoverInstances",
	"elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth",
	"autoscaling:DescribeAutoScalingGroups", "ec2messages:GetMessages", "ssmmessages:CreateControlChannel",
	"ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
	"ssm:UpdateInstanceInformation", "ec2messages:AcknowledgeMessage", "ec2messages:SendReply",
	"ec2messages:GetEndpoint", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
	"logs:DescribeLogStreams", "ec2:DescribeTags", "ec2:DescribeVolumes", "ec2:DescribeInstances",
};

static bool lint_action_star_only(const char *a)
{
	for (size_t i = 0; i < PHX_ARRAY_SIZE(lint_star_only); i++)
		if (!strcasecmp(lint_star_only[i], a))
			return true;
	return false;
}

/* A wildcard inside an ARN that matches more than the children of one named
 * resource: "autoScalingGroup:<star>:autoScalingGroupName/web", "table/app<star>".
 * A star last after a slash or a colon (the objects of a bucket, the streams
 * of a log group) is the narrowest way to name them, and "*" alone is
 * reported on its own. */
static bool lint_wild_inside(const char *s)
{
	size_t n = strlen(s);

	for (const char *p = strchr(s, '*'); p; p = strchr(p + 1, '*'))
		if (!((size_t)(p - s) == n - 1 && p > s && (p[-1] == '/' || p[-1] == ':')))
			return true;
	return false;
}

/* The text of a resource ARN with such a wildcard, or NULL: a plain string,
 * or the template of an Fn::Sub, or a piece of an Fn::Join. */
static const char *lint_wild_arn(const struct ir *v)
{
	const char *s = lint_str(v);

	if (s)
		return strcmp(s, "*") && lint_wild_inside(s) ? s : NULL;
	if (!lint_is_fn(v))
		return NULL;
	if (!strcmp(v->map.v[0].key, "Fn::Sub")) {
		const struct ir *a = v->map.v[0].val;

		s = lint_str(a && a->kind == IR_LIST && a->list.n ? a->list.v[0] : a);
		return s && lint_wild_inside(s) ? s : NULL;
	}
	if (!strcmp(v->map.v[0].key, "Fn::Join")) {
		const struct ir *a = v->map.v[0].val;
		const struct ir *parts = a && a->kind == IR_LIST && a->list.n == 2 ? a->list.v[1] : NULL;

		for (size_t i = 0; parts && parts->kind == IR_LIST && i < parts->list.n; i++) {
			s = lint_str(parts->list.v[i]);
			if (s && i + 1 == parts->list.n ? s && lint_wild_inside(s) : s && strchr(s, '*'))
				return s;
		}
	}
	return NULL;
}

static void lint_statement(struct lint_run *r, const char *id, const struct ir *st, const char *where)
{
	const char *eff = lint_str(ir_get(st, "Effect"));
	const struct ir *res = ir_get(st, "Resource");
	bool star_res = false, needs_resource = false;
	const char *wild = NULL, *star_only = NULL, *wild_arn = NULL;

	if (!eff || strcmp(eff, "Allow"))
		return;
	{
		const struct ir *x_l = res;

		for (size_t x_i = 0; x_i < lint_count(x_l); x_i++) {
			const struct ir *x = lint_item(x_l, x_i);
			const char *s = lint_str(x);

			if (s && !strcmp(s, "*"))
				star_res = true;
			else if (!wild_arn)
				wild_arn = lint_wild_arn(x);
		}
	}
	{
		const struct ir *x_l = ir_get(st, "Action");

		for (size_t x_i = 0; x_i < lint_count(x_l); x_i++) {
			const struct ir *x = lint_item(x_l, x_i);
			const char *a = lint_str(x);
			size_t n = a ? strlen(a) : 0;

			if (!a)
				continue;
			if (!strcmp(a, "*") || (n > 2 && !strcmp(a + n - 2, ":*")))
				wild = wild ? wild : a;
			else if (!lint_action_star_only(a))
				needs_resource = true;
			else if (!star_only)
				star_only = a;
		}
	}
	if (wild)
		lint_report(r, LINT_IAM_ACTION, id, "allows '%s' in %s", wild, where);
	if (star_res && (needs_resource || wild))
		lint_report(r, LINT_IAM_RESOURCE, id, "allows actions on resource '*' in %s", where);
	else if (star_res && star_only)
		lint_report(r, LINT_IAM_RESOURCE, id,
			    "allows '%s' on resource '*' in %s, the only resource AWS grants it on", star_only,
			    where);
	else if (wild_arn)
		lint_report(r, LINT_IAM_RESOURCE, id, "allows actions on the resources matching '%s' in %s (a wildcard inside the ARN)",
			    wild_arn, where);
}

static void lint_document(struct lint_run *r, const char *id, const struct ir *doc, const char *where)
{
	{
		const struct ir *st_l = lint_path(doc, "Statement", NULL);

		for (size_t st_i = 0; st_i < lint_count(st_l); st_i++) {
			const struct ir *st = lint_item(st_l, st_i);

			 lint_statement(r, id, st, where); 
		}
	}
}

static bool lint_mentions(const struct ir *v, const char *needle)
{
	if (!v)
		return false;
	switch (v->kind) {
	case IR_STR:
		return strstr(v->str.s, needle) != NULL;
	case IR_LIST:
		for (size_t i = 0; i < v->list.n; i++)
			if (lint_mentions(v->list.v[i], needle))
				return true;
		return false;
	case IR_MAP:
		for (size_t i = 0; i < v->map.n; i++)
			if (lint_mentions(v->map.v[i].val, needle))
				return true;
		return false;
	default:
		return false;
	}
}

static void lint_iam(struct lint_run *r, const char *id, const struct ir *res, const char *type)
{
	if (!strcmp(type, "AWS::IAM::Role") || !strcmp(type, "AWS::IAM::User") ||
	    !strcmp(type, "AWS::IAM::Group")) {
		{
			const struct ir *p_l = lint_prop(res, "Policies");

			for (size_t p_i = 0; p_i < lint_count(p_l); p_i++) {
				const struct ir *p = lint_item(p_l, p_i);
				const char *name = lint_str(ir_get(p, "PolicyName"));
				char *where = xasprintf("policy '%s'", name ? name : "?");

				lint_document(r, id, ir_get(p, "PolicyDocument"), where);
				free(where);
			}
		}
		{
			const struct ir *arn_l = lint_prop(res, "ManagedPolicyArns");

			for (size_t arn_i = 0; arn_i < lint_count(arn_l); arn_i++) {
				const struct ir *arn = lint_item(arn_l, arn_i);

				if (lint_mentions(arn, ":iam::aws:policy/")) {
					const char *s = lint_str(arn);
					const char *slash;

					if (!s && lint_is_fn(arn) && !strcmp(arn->map.v[0].key, "Fn::Sub"))
						s = lint_str(arn->map.v[0].val);
					slash = s ? strrchr(s, '/') : NULL;
					lint_report(r, LINT_IAM_MANAGED, id, "uses the AWS managed policy '%s'",
						    slash ? slash + 1 : "?");
				}
			}
		}
	} else {
		lint_document(r, id, lint_prop(res, "PolicyDocument"), "its policy");
	}
}

/* ---- secrets in environment variables ------------------------------------------------ */

static bool lint_secret_name(const char *name)
{
	static const char *const words[] = {
		"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
		"ACCESS_KEY", "CREDENTIAL",
	};
	char up[128];
	size_t n = 0;

	for (; name[n] && n + 1 < sizeof(up); n++)
		up[n] = (char)toupper((unsigned char)name[n]);
	up[n] = '\0';
	for (size_t i = 0; i < PHX_ARRAY_SIZE(words); i++)
		if (strstr(up, words[i]))
			return true;
	return false;
}

static void lint_env_var(struct lint_run *r, const char *id, const char *name, const struct ir *value,
			 const char *where)
{
	if (lint_mentions(value, "{{resolve:secretsmanager") || lint_mentions(value, "{{resolve:ssm-secure"))
		lint_report(r, LINT_ENV_SECRET, id, "puts a secret into the environment variable '%s' of %s",
			    name, where);
	else if (lint_secret_name(name) && value && !(value->kind == IR_STR && !value->str.len))
		lint_report(r, LINT_ENV_SECRET, id, "sets '%s', which looks like a secret, as a plain environment variable of %s",
			    name, where);
}

static void lint_envs(struct lint_run *r, const char *id, const struct ir *res, const char *type)
{
	if (!strcmp(type, "AWS::ECS::TaskDefinition")) {
		{
			const struct ir *c_l = lint_prop(res, "ContainerDefinitions");

			for (size_t c_i = 0; c_i < lint_count(c_l); c_i++) {
				const struct ir *c = lint_item(c_l, c_i);
				const char *cname = lint_str(ir_get(c, "Name"));
				char *where = xasprintf("container '%s'", cname ? cname : "?");

				const struct ir *e_l = ir_get(c, "Environment");
				struct strbuf names;
				size_t plain = 0;

				strbuf_init(&names);
				for (size_t e_i = 0; e_i < lint_count(e_l); e_i++) {
					const struct ir *e = lint_item(e_l, e_i);
					const char *n = lint_str(ir_get(e, "Name"));

					if (!n)
						continue;
					lint_env_var(r, id, n, ir_get(e, "Value"), where);
					if (plain++ < 3)
						strbuf_addf(&names, "%s%s", plain > 1 ? ", " : "", n);
				}
				if (plain)
					lint_report(r, LINT_ENV_PLAIN, id, "passes %zu plain environment variable%s (%s%s) to %s",
						    plain, plain == 1 ? "" : "s", names.s, plain > 3 ? ", ..." : "", where);
				strbuf_fini(&names);
				free(where);
			}
		}
	} else if (!strcmp(type, "AWS::Lambda::Function")) {
		const struct ir *vars = lint_path(lint_prop(res, "Environment"), "Variables", NULL);

		for (size_t i = 0; vars && vars->kind == IR_MAP && !lint_is_fn(vars) && i < vars->map.n; i++)
			lint_env_var(r, id, vars->map.v[i].key, vars->map.v[i].val, "the function");
	} else if (!strcmp(type, "AWS::CodeBuild::Project")) {
		{
			const struct ir *e_l = lint_path(lint_prop(res, "Environment"), "EnvironmentVariables", NULL);

			for (size_t e_i = 0; e_i < lint_count(e_l); e_i++) {
				const struct ir *e = lint_item(e_l, e_i);
				const char *n = lint_str(ir_get(e, "Name"));
				const char *t = lint_str(ir_get(e, "Type"));

				if (n && (!t || !strcmp(t, "PLAINTEXT")))
					lint_env_var(r, id, n, ir_get(e, "Value"), "the build");
			}
		}
	}
}

/* ---- data stores --------------------------------------------------------------------- */

static void lint_encrypted(struct lint_run *r, const char *id, const struct ir *res, const char *prop)
{
	enum lint_tri t = lint_bool(lint_prop(res, prop));

	if (t == LINT_ABSENT || t == LINT_NO)
		lint_report(r, LINT_STORE_UNENCRYPTED, id, "stores data unencrypted (%s is %s)", prop,
			    t == LINT_NO ? "false" : "not set");
}

static bool lint_engine_has_iam_auth(const char *engine)
{
	return engine && (strstr(engine, "mysql") || strstr(engine, "postgres") || strstr(engine, "mariadb"));
}

/* The engine's well-known port, or -1 when not known. */
static int64_t lint_default_port(const char *type, const char *engine)
{
	if (!strcmp(type, "AWS::DocDB::DBCluster"))
		return 27017;
	if (!engine)
		return -1;
	if (strstr(engine, "postgres"))
		return 5432;
	if (strstr(engine, "mysql") || strstr(engine, "mariadb") || !strcmp(engine, "aurora"))
		return 3306;
	if (!strncmp(engine, "oracle", 6))
		return 1521;
	if (!strncmp(engine, "sqlserver", 9))
		return 1433;
	return -1;
}

/* True when the list v holds the string s. */
static bool lint_has_str(const struct ir *v, const char *s)
{
	for (size_t i = 0; i < lint_count(v); i++) {
		const char *x = lint_str(lint_item(v, i));

		if (x && !strcmp(x, s))
			return true;
	}
	return false;
}

/* A DocumentDB cluster that exports its audit log: does its parameter group
 * turn audit_logs on? The default group does not. Unknown (a group made
 * elsewhere, a parameter from a Ref) counts as yes. */
static bool lint_docdb_audit_off(struct lint_run *r, const struct ir *res)
{
	const struct ir *g = lint_prop(res, "DBClusterParameterGroupName");
	const char *target = lint_target(g);
	const struct ir *grp = target ? lint_resource(r, target) : NULL;
	const struct ir *v;
	const char *s;

	if (!g)
		return true;
	if (!grp)
		return false;
	v = lint_path(lint_prop(grp, "Parameters"), "audit_logs", NULL);
	if (!v)
		return true;
	s = lint_str(v);
	return s && (!strcmp(s, "disabled") || !strcmp(s, "none"));
}

static void lint_database(struct lint_run *r, const char *id, const struct ir *res, const char *type)
{
	bool docdb = !strncmp(type, "AWS::DocDB::", 12);
	bool member = !strcmp(type, "AWS::RDS::DBInstance") && lint_prop(res, "DBClusterIdentifier");
	const char *engine = lint_str(lint_prop(res, "Engine"));
	const struct ir *logs = lint_prop(res, "EnableCloudwatchLogsExports");
	int64_t keep = lint_int(lint_prop(res, "BackupRetentionPeriod"));

	if (lint_bool(lint_prop(res, "PubliclyAccessible")) == LINT_YES)
		lint_report(r, LINT_STORE_PUBLIC, id, "has a public endpoint (PubliclyAccessible = true)");
	if (member || !strcmp(type, "AWS::DocDB::DBInstance"))
		return;		/* the cluster holds the rest */
	{
		/* a literal is reported by the compiler itself (a property that
		 * holds a secret); a parameter without NoEcho is not */
		const struct ir *pw = lint_prop(res, "MasterUserPassword");
		const char *param = lint_is_fn(pw) && !strcmp(pw->map.v[0].key, "Ref") ? lint_str(pw->map.v[0].val) : NULL;
		const struct ir *decl = param ? lint_path(lint_parameters(r), param, NULL) : NULL;

		if (decl && lint_bool(ir_get(decl, "NoEcho")) != LINT_YES &&
		    lint_bool(ir_get(decl, "NoEcho")) != LINT_UNKNOWN)
			lint_report(r, LINT_DB_PASSWORD, id,
				    "takes its master password from the parameter '%s', which is not NoEcho", param);
	}
	{
		int64_t def = lint_default_port(type, engine);
		const struct ir *pv = lint_prop(res, "Port");

		if (def >= 0 && (!pv || lint_int(pv) == def))
			lint_report(r, LINT_DB_DEFAULT_PORT, id, "listens on its engine's default port %lld",
				    (long long)def);
	}
	if (!lint_prop(res, "SourceDBInstanceIdentifier") && !lint_prop(res, "SnapshotIdentifier") &&
	    !lint_prop(res, "DBSnapshotIdentifier"))
		lint_encrypted(r, id, res, "StorageEncrypted");
	if (keep == 0)
		lint_report(r, LINT_STORE_NO_BACKUP, id, "keeps no automated backups (BackupRetentionPeriod = 0)");
	if (!logs || (logs->kind == IR_LIST && !logs->list.n))
		lint_report(r, LINT_DB_LOG_EXPORTS, id, "exports no logs to CloudWatch");
	else if (docdb && lint_has_str(logs, "audit") && lint_docdb_audit_off(r, res))
		lint_report(r, LINT_DB_LOG_EXPORTS, id,
			    "exports the audit log, but no parameter group of its turns audit_logs on: the export stays empty");
	if (!docdb && lint_engine_has_iam_auth(engine ? engine : "mysql") &&
	    lint_bool(lint_prop(res, "EnableIAMDatabaseAuthentication")) != LINT_YES &&
	    lint_bool(lint_prop(res, "EnableIAMDatabaseAuthentication")) != LINT_UNKNOWN)
		lint_report(r, LINT_DB_IAM_AUTH, id, "has no IAM database authentication");
	if (lint_is_prod(r) && lint_bool(lint_prop(res, "DeletionProtection")) != LINT_YES &&
	    lint_bool(lint_prop(res, "DeletionProtection")) != LINT_UNKNOWN)
		lint_report(r, LINT_DELETION_PROTECTION, id, "has no deletion protection in production");
	else if (!lint_is_prod(r) && lint_bool(lint_prop(res, "DeletionProtection")) != LINT_YES &&
		 lint_bool(lint_prop(res, "DeletionProtection")) != LINT_UNKNOWN)
		lint_report(r, LINT_DELETION_PROTECTION_DEV, id, "has no deletion protection%s%s",
			    lint_env(r) ? " in " : "", lint_env(r) ? lint_env(r) : "");
}

/* ---- buckets ---------------------------------------------------------------------------- */

static void lint_bucket(struct lint_run *r, const struct lint_facts *f, const char *id, const struct ir *res)
{
	static const char *const blocks[] = {
		"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets",
	};
	const struct ir *pab = lint_prop(res, "PublicAccessBlockConfiguration");
	const char *vers = lint_str(lint_path(lint_prop(res, "VersioningConfiguration"), "Status", NULL));

	if (!pab) {
		lint_report(r, LINT_BUCKET_PUBLIC, id, "has no public access block");
	} else if (!lint_is_fn(pab)) {
		for (size_t i = 0; i < PHX_ARRAY_SIZE(blocks); i++)
			if (lint_bool(ir_get(pab, blocks[i])) == LINT_ABSENT ||
			    lint_bool(ir_get(pab, blocks[i])) == LINT_NO) {
				lint_report(r, LINT_BUCKET_PUBLIC, id, "does not set %s in its public access block",
					    blocks[i]);
				break;
			}
	}
	if (!lint_marked(r, f, id, LINT_M_SSL_ONLY))
		lint_report(r, LINT_BUCKET_SSL, id, "accepts requests without TLS (no policy denies aws:SecureTransport false)");
	if (!lint_prop(res, "VersioningConfiguration") || (vers && strcmp(vers, "Enabled")))
		lint_report(r, LINT_BUCKET_VERSIONING, id, "has no versioning");
	if (!lint_prop(res, "LoggingConfiguration"))
		lint_report(r, LINT_BUCKET_LOGS, id, "%s", lint_marked(r, f, id, LINT_M_LOG_SINK) ?
			    "receives logs but has no server access logs of its own" : "has no server access logs");
}

/* ---- the rest ------------------------------------------------------------------------------ */

/* The newest Lambda runtime of each family (docs/security.md, PHX-S028). */
static const char *const lint_runtimes[] = { "python3.14", "nodejs24.x", "java25", "dotnet10", "ruby3.4" };

static void lint_runtime(struct lint_run *r, const char *id, const struct ir *res)
{
	const char *rt = lint_str(lint_prop(res, "Runtime"));
	size_t fam;

	if (!rt)
		return;
	fam = strspn(rt, "abcdefghijklmnopqrstuvwxyz");
	for (size_t i = 0; fam && i < PHX_ARRAY_SIZE(lint_runtimes); i++) {
		const char *n = lint_runtimes[i];

		if (strlen(n) > fam && !strncmp(n, rt, fam) && isdigit((unsigned char)n[fam])) {
			if (strcmp(n, rt))
				lint_report(r, LINT_LAMBDA_RUNTIME, id, "runs on %s, not the newest %.*s runtime (%s)",
					    rt, (int)fam, rt, n);
			return;
		}
	}
}

static void lint_load_balancer(struct lint_run *r, const char *id, const struct ir *res, const char *type)
{
	bool logs = false;

	if (!strcmp(type, "AWS::ElasticLoadBalancing::LoadBalancer")) {
		logs = lint_bool(lint_path(lint_prop(res, "AccessLoggingPolicy"), "Enabled", NULL)) != LINT_ABSENT &&
		       lint_bool(lint_path(lint_prop(res, "AccessLoggingPolicy"), "Enabled", NULL)) != LINT_NO;
	} else {
		if (lint_is_fn(lint_prop(res, "LoadBalancerAttributes")))
			return;
		{
			const struct ir *kv_l = lint_prop(res, "LoadBalancerAttributes");

			for (size_t kv_i = 0; kv_i < lint_count(kv_l); kv_i++) {
				const struct ir *kv = lint_item(kv_l, kv_i);
				const char *k = lint_str(ir_get(kv, "Key"));

				if (k && !strcmp(k, "access_logs.s3.enabled") && lint_bool(ir_get(kv, "Value")) != LINT_NO)
					logs = true;
			}
		}
	}
	if (!logs)
		lint_report(r, LINT_LB_LOGS, id, "writes no access logs");
}

void lint_rules_run(struct lint_run *r)
{
	const struct ir *rs = lint_resources(r);
	struct lint_facts f;

	memset(&f, 0, sizeof(f));
	f.marks = xcalloc(rs->map.n ? rs->map.n : 1, 1);
	lint_gather(r, &f);
	for (size_t i = 0; i < rs->map.n; i++) {
		const char *id = rs->map.v[i].key;
		const struct ir *res = rs->map.v[i].val;
		const char *type = lint_str(ir_get(res, "Type"));

		if (!type)
			continue;
		if (!strcmp(type, "AWS::EC2::SecurityGroup")) {
			{
				const struct ir *rule_l = lint_prop(res, "SecurityGroupIngress");

				for (size_t rule_i = 0; rule_i < lint_count(rule_l); rule_i++) {
					const struct ir *rule = lint_item(rule_l, rule_i);

					lint_ingress(r, &f, id, id, rule);
				}
			}
		} else if (!strcmp(type, "AWS::EC2::SecurityGroupIngress")) {
			lint_ingress(r, &f, id, lint_target(lint_prop(res, "GroupId")), ir_get(res, "Properties"));
		} else if (!strncmp(type, "AWS::IAM::", 10)) {
			lint_iam(r, id, res, type);
		} else if (!strcmp(type, "AWS::RDS::DBInstance") || !strcmp(type, "AWS::RDS::DBCluster") ||
			   !strcmp(type, "AWS::DocDB::DBCluster") || !strcmp(type, "AWS::DocDB::DBInstance")) {
			lint_database(r, id, res, type);
		} else if (!strcmp(type, "AWS::EFS::FileSystem") || !strcmp(type, "AWS::EC2::Volume")) {
			lint_encrypted(r, id, res, "Encrypted");
		} else if (!strcmp(type, "AWS::KMS::Key")) {
			const char *spec = lint_str(lint_prop(res, "KeySpec"));
			enum lint_tri rot = lint_bool(lint_prop(res, "EnableKeyRotation"));

			if ((!spec || !strcmp(spec, "SYMMETRIC_DEFAULT")) && (rot == LINT_ABSENT || rot == LINT_NO))
				lint_report(r, LINT_KMS_ROTATION, id, "never rotates its key material");
		} else if (!strcmp(type, "AWS::SecretsManager::Secret")) {
			if (!lint_marked(r, &f, id, LINT_M_ROTATED))
				lint_report(r, LINT_SECRET_ROTATION, id, "is never rotated (no rotation schedule)");
		} else if (!strcmp(type, "AWS::ElastiCache::ReplicationGroup")) {
			lint_encrypted(r, id, res, "AtRestEncryptionEnabled");
		} else if (!strcmp(type, "AWS::DynamoDB::Table")) {
			if (lint_bool(lint_path(lint_prop(res, "PointInTimeRecoverySpecification"),
						"PointInTimeRecoveryEnabled", NULL)) != LINT_YES &&
			    lint_bool(lint_path(lint_prop(res, "PointInTimeRecoverySpecification"),
						"PointInTimeRecoveryEnabled", NULL)) != LINT_UNKNOWN)
				lint_report(r, LINT_STORE_NO_BACKUP, id, "has no point-in-time recovery");
		} else if (!strcmp(type, "AWS::S3::Bucket")) {
			lint_bucket(r, &f, id, res);
		} else if (!strcmp(type, "AWS::EC2::VPC")) {
			if (!lint_marked(r, &f, id, LINT_M_FLOW_LOGS))
				lint_report(r, LINT_VPC_FLOW_LOGS, id, "has no flow logs");
		} else if (!strcmp(type, "AWS::ElasticLoadBalancingV2::LoadBalancer") ||
			   !strcmp(type, "AWS::ElasticLoadBalancing::LoadBalancer")) {
			lint_load_balancer(r, id, res, type);
		} else if (!strcmp(type, "AWS::Logs::LogGroup")) {
			if (!lint_prop(res, "RetentionInDays"))
				lint_report(r, LINT_LOG_RETENTION, id, "keeps logs forever (no RetentionInDays)");
		} else if (!strcmp(type, "AWS::Lambda::Function")) {
			lint_runtime(r, id, res);
		} else if (!strcmp(type, "AWS::CodeBuild::Project")) {
			if (!lint_prop(res, "EncryptionKey"))
				lint_report(r, LINT_BUILD_KMS, id, "encrypts artifacts with the default key (no EncryptionKey)");
		} else if (!strcmp(type, "AWS::CodePipeline::Pipeline")) {
			const struct ir *one = lint_prop(res, "ArtifactStore");
			bool missing = one && !lint_path(one, "EncryptionKey", NULL);

			{
				const struct ir *s_l = lint_prop(res, "ArtifactStores");

				for (size_t s_i = 0; s_i < lint_count(s_l); s_i++) {
					const struct ir *s = lint_item(s_l, s_i);

					if (!lint_path(ir_get(s, "ArtifactStore"), "EncryptionKey", NULL))
						missing = true;
				}
			}
			if (missing)
				lint_report(r, LINT_PIPELINE_KMS, id, "encrypts artifacts with the default key (no EncryptionKey on the artifact store)");
		}
		lint_envs(r, id, res, type);
	}
	free(f.marks);
	free(f.ports);
}
