/* cfn.c - CloudFormation Query API calls. See cfn.h. */
#include "phx.h"
#include "cfn.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#define CFN_VERSION "2010-05-15"
#define CFN_MAX_PAGES 1000

/* A form body: Action=X&Version=2010-05-15&k=v... */
struct form {
	struct strbuf b;
	const char *action;
};

static void form_init(struct form *f, const char *action)
{
	strbuf_init(&f->b);
	f->action = action;
	strbuf_addf(&f->b, "Action=%s&Version=" CFN_VERSION, action);
}

static void form_add(struct form *f, const char *key, const char *value)
{
	char *k = sigv4_uri_encode(key, strlen(key), false);
	char *v = sigv4_uri_encode(value, strlen(value), false);

	strbuf_addf(&f->b, "&%s=%s", k, v);
	free(k);
	free(v);
}

static void form_addf_key(struct form *f, const char *value, const char *fmt, ...) PHX_PRINTF(3, 4);
static void form_addf_key(struct form *f, const char *value, const char *fmt, ...)
{
	struct strbuf key;
	va_list ap;

	strbuf_init(&key);
	va_start(ap, fmt);
	strbuf_vaddf(&key, fmt, ap);
	va_end(ap);
	form_add(f, key.s, value);
	strbuf_fini(&key);
}

void cfn_error_fini(struct cfn_error *e)
{
	free(e->code);
	free(e->message);
	memset(e, 0, sizeof(*e));
}

char *cfn_error_text(const struct cfn_error *e)
{
	if (e->message && *e->message && e->code && strcmp(e->code, e->message))
		return xasprintf("%s: %s", e->code, e->message);
	return xstrdup(e->code ? e->code : "unknown error");
}

bool cfn_error_no_stack(const struct cfn_error *e)
{
	return e->code && !strcmp(e->code, "ValidationError") && e->message &&
	       strstr(e->message, "does not exist");
}

static char *dup_text(struct xml_node *n, const char *path)
{
	const char *t = xml_text(n, path);

	return xstrdup(t ? t : "");
}

/* The document element of a Query API answer is <ActionResponse>. */
static bool cfn_is_response(const struct xml_node *root, const char *action)
{
	size_t n = strlen(action);

	return !strncmp(root->name, action, n) && !strcmp(root->name + n, "Response");
}

/* Every element an answer promises is there; else -1 with a BadResponse
 * error (a missing element is an error, never a default). */
static int cfn_need(struct xml_node *res, const char *action, const char *const *paths,
		    struct cfn_error *err)
{
	for (; *paths; paths++) {
		if (!xml_find(res, *paths)) {
			memset(err, 0, sizeof(*err));
			err->status = 200;
			err->code = xstrdup("BadResponse");
			err->message = xasprintf("the answer to %s has no <%s>", action, *paths);
			return -1;
		}
	}
	return 0;
}

#define CFN_NEED(res, action, root, err, ...) do {					\
	static const char *const need_[] = { __VA_ARGS__, NULL };			\
	if (cfn_need(res, action, need_, err)) {					\
		xml_free(root);								\
		return -1;								\
	}										\
} while (0)

/* NextToken bookkeeping of a pager: at most CFN_MAX_PAGES pages, and a token
 * seen before is an error (an endpoint that repeats itself would loop). */
struct cfn_pager {
	char **seen;
	size_t n;
};

static int cfn_pager_next(struct cfn_pager *p, const char *action, const char *token,
			  struct cfn_error *err)
{
	for (size_t i = 0; i < p->n; i++) {
		if (!strcmp(p->seen[i], token)) {
			memset(err, 0, sizeof(*err));
			err->status = 200;
			err->code = xstrdup("BadResponse");
			err->message = xasprintf("%s gave the same NextToken twice", action);
			return -1;
		}
	}
	if (p->n + 1 >= CFN_MAX_PAGES) {
		memset(err, 0, sizeof(*err));
		err->status = 200;
		err->code = xstrdup("BadResponse");
		err->message = xasprintf("%s has more than %d pages", action, CFN_MAX_PAGES);
		return -1;
	}
	p->seen = xrealloc(p->seen, (p->n + 1) * sizeof(*p->seen));
	p->seen[p->n++] = xstrdup(token);
	return 0;
}

static void cfn_pager_fini(struct cfn_pager *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->seen[i]);
	free(p->seen);
	p->seen = NULL;
	p->n = 0;
}

void cfn_token_new(char out[CFN_TOKEN_SIZE])
{
	unsigned char raw[16];
	static const char hex[] = "0123456789abcdef";

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		PHX_BUG("RAND_bytes failed");
	memcpy(out, "phxc-", 5);
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[5 + 2 * i] = hex[raw[i] >> 4];
		out[6 + 2 * i] = hex[raw[i] & 15];
	}
	out[5 + 2 * sizeof(raw)] = '\0';
}

/* Sends the form; on success *result is <ActionResult> inside *root. */
static int call(struct cfn_client *c, struct form *f, struct xml_node **root,
		struct xml_node **result, struct cfn_error *err)
{
	static const struct sigv4_kv headers[] = {
		{ "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" },
	};
	struct aws_request req = {
		.service = "cloudformation", .action = f->action, .method = "POST",
		.url = NULL, .headers = headers, .nheaders = PHX_ARRAY_SIZE(headers),
		.body = f->b.s, .body_len = f->b.len, .max_attempts = c->max_attempts,
	};
	struct http_response resp;
	char *url = xasprintf("%s/", c->endpoint), *xerr = NULL, *rname;
	int rc = -1;

	memset(err, 0, sizeof(*err));
	req.url = url;
	*root = NULL;
	if (http_aws(c->http, &req, &resp)) {
		err->status = resp.status;
		err->code = xstrdup(resp.error_code ? resp.error_code : "request failed");
		err->message = resp.error_message ? xstrdup(resp.error_message) : NULL;
		goto out;
	}
	*root = xml_parse(resp.body, resp.len, &xerr);
	rname = xasprintf("%sResult", f->action);
	if (!*root) {
		err->status = resp.status;
		err->code = xstrdup("BadResponse");
		err->message = xasprintf("%s answered with XML that does not parse: %s", f->action, xerr);
	} else if (!cfn_is_response(*root, f->action)) {
		err->status = resp.status;
		err->code = xstrdup("BadResponse");
		err->message = xasprintf("%s answered HTTP %ld with a <%s> document, not <%sResponse>",
					 f->action, resp.status, (*root)->name, f->action);
		xml_free(*root);
		*root = NULL;
	} else {
		*result = xml_find(*root, rname);
		rc = 0;
		if (!*result) {	/* an empty <XResponse> is fine for actions with no result */
			*result = *root;
		}
	}
	free(rname);
	free(xerr);
out:
	http_response_fini(&resp);
	strbuf_fini(&f->b);
	free(url);
	return rc;
}

static void kv_list(struct xml_node *list, const char *kname, const char *vname,
		    struct cfn_kv **out, size_t *n)
{
	size_t count = 0, i = 0;
	struct xml_node *m = xml_find(list, "member");

	for (struct xml_node *x = m; x; x = xml_next_same(x))
		count++;
	*out = xcalloc(count + 1, sizeof(**out));
	for (struct xml_node *x = m; x; x = xml_next_same(x), i++) {
		(*out)[i].key = dup_text(x, kname);
		(*out)[i].value = dup_text(x, vname);
	}
	*n = count;
}

int cfn_describe_stack(struct cfn_client *c, const char *name, struct cfn_stack *out, bool *found,
		       struct cfn_error *err)
{
	struct form f;
	struct xml_node *root, *res, *m;

	memset(out, 0, sizeof(*out));
	*found = false;
	form_init(&f, "DescribeStacks");
	form_add(&f, "StackName", name);
	if (call(c, &f, &root, &res, err)) {
		if (cfn_error_no_stack(err)) {
			cfn_error_fini(err);
			return 0;
		}
		return -1;
	}
	CFN_NEED(res, "DescribeStacks", root, err, "Stacks");
	m = xml_find(res, "Stacks/member");
	if (m && cfn_need(m, "DescribeStacks", (const char *const[]){ "StackId", "StackStatus", NULL },
			  err)) {
		xml_free(root);
		return -1;
	}
	if (m) {
		*found = true;
		out->id = dup_text(m, "StackId");
		out->name = dup_text(m, "StackName");
		out->status = dup_text(m, "StackStatus");
		out->status_reason = dup_text(m, "StackStatusReason");
		kv_list(xml_find(m, "Outputs"), "OutputKey", "OutputValue", &out->outputs,
			&out->noutputs);
		kv_list(xml_find(m, "Parameters"), "ParameterKey", "ParameterValue", &out->params,
			&out->nparams);
		kv_list(xml_find(m, "Outputs"), "OutputKey", "ExportName", &out->exports,
			&out->nexports);
		/* keep the outputs that have an export name */
		{
			size_t k = 0;

			for (size_t i = 0; i < out->nexports; i++) {
				if (*out->exports[i].value) {
					out->exports[k++] = out->exports[i];
					continue;
				}
				free(out->exports[i].key);
				free(out->exports[i].value);
			}
			out->nexports = k;
		}
	}
	xml_free(root);
	return 0;
}

static void kvs_free(struct cfn_kv *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

void cfn_stack_fini(struct cfn_stack *s)
{
	free(s->id);
	free(s->name);
	free(s->status);
	free(s->status_reason);
	kvs_free(s->outputs, s->noutputs);
	kvs_free(s->params, s->nparams);
	kvs_free(s->exports, s->nexports);
	memset(s, 0, sizeof(*s));
}

int cfn_get_template(struct cfn_client *c, const char *name, char **body, struct cfn_error *err)
{
	struct form f;
	struct xml_node *root, *res;

	*body = NULL;
	form_init(&f, "GetTemplate");
	form_add(&f, "StackName", name);
	form_add(&f, "TemplateStage", "Original");
	if (call(c, &f, &root, &res, err))
		return -1;
	CFN_NEED(res, "GetTemplate", root, err, "TemplateBody");
	*body = dup_text(res, "TemplateBody");
	xml_free(root);
	return 0;
}

int cfn_create_change_set(struct cfn_client *c, const struct cfn_change_set_input *in,
			  char **change_set_id, char **stack_id, struct cfn_error *err)
{
	struct form f;
	struct xml_node *root, *res;

	form_init(&f, "CreateChangeSet");
	form_add(&f, "StackName", in->stack_name);
	form_add(&f, "ChangeSetName", in->change_set_name);
	form_add(&f, "ChangeSetType", in->create ? "CREATE" : "UPDATE");
	if (in->template_url)
		form_add(&f, "TemplateURL", in->template_url);
	else
		form_add(&f, "TemplateBody", in->template_body);
	for (size_t i = 0; i < in->nparams; i++) {
		form_addf_key(&f, in->params[i].key, "Parameters.member.%zu.ParameterKey", i + 1);
		if (in->params[i].value)
			form_addf_key(&f, in->params[i].value, "Parameters.member.%zu.ParameterValue",
				      i + 1);
		else
			form_addf_key(&f, "true", "Parameters.member.%zu.UsePreviousValue", i + 1);
	}
	for (size_t i = 0; i < in->ncapabilities; i++)
		form_addf_key(&f, in->capabilities[i], "Capabilities.member.%zu", i + 1);
	for (size_t i = 0; i < in->ntags; i++) {
		form_addf_key(&f, in->tags[i].key, "Tags.member.%zu.Key", i + 1);
		form_addf_key(&f, in->tags[i].value, "Tags.member.%zu.Value", i + 1);
	}
	if (in->client_token)
		form_add(&f, "ClientToken", in->client_token);
	if (call(c, &f, &root, &res, err))
		return -1;
	CFN_NEED(res, "CreateChangeSet", root, err, "Id");
	*change_set_id = dup_text(res, "Id");
	if (stack_id)
		*stack_id = dup_text(res, "StackId");
	xml_free(root);
	return 0;
}

int cfn_describe_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			    struct cfn_change_set *out, struct cfn_error *err)
{
	char *token = NULL;
	size_t cap = 0;
	struct cfn_pager pager = { NULL, 0 };

	memset(out, 0, sizeof(*out));
	do {
		struct form f;
		struct xml_node *root, *res;

		form_init(&f, "DescribeChangeSet");
		form_add(&f, "StackName", stack);
		form_add(&f, "ChangeSetName", change_set);
		if (token)
			form_add(&f, "NextToken", token);
		free(token);
		token = NULL;
		if (call(c, &f, &root, &res, err) ||
		    cfn_need(res, "DescribeChangeSet", (const char *const[]){ "Status", NULL }, err)) {
			xml_free(root);
			cfn_pager_fini(&pager);
			cfn_change_set_fini(out);
			return -1;
		}
		if (!out->id) {
			out->id = dup_text(res, "ChangeSetId");
			out->status = dup_text(res, "Status");
			out->status_reason = dup_text(res, "StatusReason");
			out->execution_status = dup_text(res, "ExecutionStatus");
		}
		for (struct xml_node *m = xml_find(res, "Changes/member"); m; m = xml_next_same(m)) {
			struct xml_node *rc = xml_find(m, "ResourceChange");
			struct cfn_change *ch;

			if (!rc)
				continue;
			if (out->nchanges == cap) {
				cap = cap ? 2 * cap : 16;
				out->changes = xrealloc(out->changes, cap * sizeof(*out->changes));
			}
			ch = &out->changes[out->nchanges++];
			ch->action = dup_text(rc, "Action");
			ch->logical_id = dup_text(rc, "LogicalResourceId");
			ch->type = dup_text(rc, "ResourceType");
			ch->replacement = dup_text(rc, "Replacement");
		}
		if (xml_text(res, "NextToken") && *xml_text(res, "NextToken")) {
			if (cfn_pager_next(&pager, "DescribeChangeSet", xml_text(res, "NextToken"), err)) {
				xml_free(root);
				cfn_pager_fini(&pager);
				cfn_change_set_fini(out);
				return -1;
			}
			token = xstrdup(xml_text(res, "NextToken"));
		}
		xml_free(root);
	} while (token);
	cfn_pager_fini(&pager);
	return 0;
}

void cfn_change_set_fini(struct cfn_change_set *cs)
{
	for (size_t i = 0; i < cs->nchanges; i++) {
		free(cs->changes[i].action);
		free(cs->changes[i].logical_id);
		free(cs->changes[i].type);
		free(cs->changes[i].replacement);
	}
	free(cs->changes);
	free(cs->id);
	free(cs->status);
	free(cs->status_reason);
	free(cs->execution_status);
	memset(cs, 0, sizeof(*cs));
}

bool cfn_change_set_is_empty(const struct cfn_change_set *cs)
{
	const char *r = cs->status_reason ? cs->status_reason : "";

	return cs->status && !strcmp(cs->status, "FAILED") &&
	       (strstr(r, "didn't contain changes") || strstr(r, "No updates are to be performed"));
}

static int simple(struct cfn_client *c, struct form *f, struct cfn_error *err)
{
	struct xml_node *root, *res;

	if (call(c, f, &root, &res, err))
		return -1;
	xml_free(root);
	return 0;
}

int cfn_execute_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			   struct cfn_error *err)
{
	struct form f;
	char token[CFN_TOKEN_SIZE];

	/* one token for every attempt: a retry after a lost answer is not a
	 * second execution */
	cfn_token_new(token);
	form_init(&f, "ExecuteChangeSet");
	form_add(&f, "StackName", stack);
	form_add(&f, "ChangeSetName", change_set);
	form_add(&f, "ClientRequestToken", token);
	return simple(c, &f, err);
}

int cfn_delete_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			  struct cfn_error *err)
{
	struct form f;

	form_init(&f, "DeleteChangeSet");
	form_add(&f, "StackName", stack);
	form_add(&f, "ChangeSetName", change_set);
	return simple(c, &f, err);
}

int cfn_delete_stack(struct cfn_client *c, const char *name, struct cfn_error *err)
{
	struct form f;

	char token[CFN_TOKEN_SIZE];

	cfn_token_new(token);
	form_init(&f, "DeleteStack");
	form_add(&f, "StackName", name);
	form_add(&f, "ClientRequestToken", token);
	return simple(c, &f, err);
}

int cfn_describe_stack_events(struct cfn_client *c, const char *stack, const char *next_token,
			      struct cfn_events *out, struct cfn_error *err)
{
	struct form f;
	struct xml_node *root, *res;
	const char *tok;

	form_init(&f, "DescribeStackEvents");
	form_add(&f, "StackName", stack);
	if (next_token)
		form_add(&f, "NextToken", next_token);
	if (call(c, &f, &root, &res, err))
		return -1;
	CFN_NEED(res, "DescribeStackEvents", root, err, "StackEvents");
	for (struct xml_node *m = xml_find(res, "StackEvents/member"); m; m = xml_next_same(m)) {
		struct cfn_event *e;

		if (cfn_need(m, "DescribeStackEvents", (const char *const[]){ "EventId",
			     "LogicalResourceId", "ResourceStatus", NULL }, err)) {
			xml_free(root);
			return -1;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 32;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		e = &out->v[out->n++];
		e->id = dup_text(m, "EventId");
		e->timestamp = dup_text(m, "Timestamp");
		e->logical_id = dup_text(m, "LogicalResourceId");
		e->physical_id = dup_text(m, "PhysicalResourceId");
		e->type = dup_text(m, "ResourceType");
		e->status = dup_text(m, "ResourceStatus");
		e->reason = dup_text(m, "ResourceStatusReason");
	}
	tok = xml_text(res, "NextToken");
	/* compared before out->next_token is freed: next_token may be it */
	if (tok && next_token && !strcmp(tok, next_token)) {
		memset(err, 0, sizeof(*err));
		err->status = 200;
		err->code = xstrdup("BadResponse");
		err->message = xstrdup("DescribeStackEvents gave the same NextToken twice");
		free(out->next_token);
		out->next_token = NULL;
		xml_free(root);
		return -1;
	}
	free(out->next_token);
	out->next_token = tok && *tok ? xstrdup(tok) : NULL;
	xml_free(root);
	return 0;
}

void cfn_event_fini(struct cfn_event *e)
{
	free(e->id);
	free(e->timestamp);
	free(e->logical_id);
	free(e->physical_id);
	free(e->type);
	free(e->status);
	free(e->reason);
	memset(e, 0, sizeof(*e));
}

void cfn_events_fini(struct cfn_events *ev)
{
	for (size_t i = 0; i < ev->n; i++)
		cfn_event_fini(&ev->v[i]);
	free(ev->v);
	free(ev->next_token);
	memset(ev, 0, sizeof(*ev));
}

int cfn_continue_update_rollback(struct cfn_client *c, const char *stack,
				 const char *const *skip, size_t nskip, struct cfn_error *err)
{
	struct form f;

	char token[CFN_TOKEN_SIZE];

	cfn_token_new(token);
	form_init(&f, "ContinueUpdateRollback");
	form_add(&f, "StackName", stack);
	for (size_t i = 0; i < nskip; i++)
		form_addf_key(&f, skip[i], "ResourcesToSkip.member.%zu", i + 1);
	form_add(&f, "ClientRequestToken", token);
	return simple(c, &f, err);
}

int cfn_describe_stack_resources(struct cfn_client *c, const char *stack,
				 struct cfn_resource **out, size_t *n, struct cfn_error *err)
{
	struct form f;
	struct xml_node *root, *res, *first;
	size_t count = 0, i = 0;

	*out = NULL;
	*n = 0;
	form_init(&f, "DescribeStackResources");
	form_add(&f, "StackName", stack);
	if (call(c, &f, &root, &res, err))
		return -1;
	CFN_NEED(res, "DescribeStackResources", root, err, "StackResources");
	first = xml_find(res, "StackResources/member");
	for (struct xml_node *m = first; m; m = xml_next_same(m))
		count++;
	*out = xcalloc(count + 1, sizeof(**out));
	for (struct xml_node *m = first; m; m = xml_next_same(m), i++) {
		(*out)[i].logical_id = dup_text(m, "LogicalResourceId");
		(*out)[i].physical_id = dup_text(m, "PhysicalResourceId");
		(*out)[i].type = dup_text(m, "ResourceType");
		(*out)[i].status = dup_text(m, "ResourceStatus");
		(*out)[i].reason = dup_text(m, "ResourceStatusReason");
	}
	*n = count;
	xml_free(root);
	return 0;
}

void cfn_resources_free(struct cfn_resource *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].logical_id);
		free(v[i].physical_id);
		free(v[i].type);
		free(v[i].status);
		free(v[i].reason);
	}
	free(v);
}

int cfn_list_stacks(struct cfn_client *c, struct cfn_stack_summary **out, size_t *n,
		    struct cfn_error *err)
{
	char *token = NULL;
	size_t cap = 0;
	struct cfn_pager pager = { NULL, 0 };

	*out = NULL;
	*n = 0;
	do {
		struct form f;
		struct xml_node *root, *res;
		const char *tok;

		form_init(&f, "ListStacks");
		if (token)
			form_add(&f, "NextToken", token);
		free(token);
		token = NULL;
		if (call(c, &f, &root, &res, err) ||
		    cfn_need(res, "ListStacks", (const char *const[]){ "StackSummaries", NULL }, err)) {
			xml_free(root);
			cfn_pager_fini(&pager);
			cfn_stack_summaries_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		for (struct xml_node *m = xml_find(res, "StackSummaries/member"); m;
		     m = xml_next_same(m)) {
			struct cfn_stack_summary *s;

			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				*out = xrealloc(*out, cap * sizeof(**out));
			}
			s = &(*out)[(*n)++];
			s->id = dup_text(m, "StackId");
			s->name = dup_text(m, "StackName");
			s->status = dup_text(m, "StackStatus");
			s->status_reason = dup_text(m, "StackStatusReason");
			s->creation_time = dup_text(m, "CreationTime");
			s->deletion_time = dup_text(m, "DeletionTime");
		}
		tok = xml_text(res, "NextToken");
		if (tok && *tok) {
			if (cfn_pager_next(&pager, "ListStacks", tok, err)) {
				xml_free(root);
				cfn_pager_fini(&pager);
				cfn_stack_summaries_free(*out, *n);
				*out = NULL;
				*n = 0;
				return -1;
			}
			token = xstrdup(tok);
		}
		xml_free(root);
	} while (token);
	cfn_pager_fini(&pager);
	return 0;
}

void cfn_stack_summaries_free(struct cfn_stack_summary *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].status);
		free(v[i].status_reason);
		free(v[i].creation_time);
		free(v[i].deletion_time);
	}
	free(v);
}

void cfn_names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* "Export 'NAME' is not imported by any stack." */
static bool cfn_error_not_imported(const struct cfn_error *e)
{
	return e->code && !strcmp(e->code, "ValidationError") && e->message &&
	       strstr(e->message, "is not imported by any stack");
}

int cfn_list_imports(struct cfn_client *c, const char *export_name, char ***out, size_t *n,
		     struct cfn_error *err)
{
	char *token = NULL;
	size_t cap = 0;
	struct cfn_pager pager = { NULL, 0 };

	*out = NULL;
	*n = 0;
	do {
		struct form f;
		struct xml_node *root = NULL, *res;
		const char *tok;

		form_init(&f, "ListImports");
		form_add(&f, "ExportName", export_name);
		if (token)
			form_add(&f, "NextToken", token);
		free(token);
		token = NULL;
		if (call(c, &f, &root, &res, err)) {
			cfn_pager_fini(&pager);
			if (!*n && cfn_error_not_imported(err)) {
				cfn_error_fini(err);
				return 0;
			}
			cfn_names_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		if (cfn_need(res, "ListImports", (const char *const[]){ "Imports", NULL }, err)) {
			xml_free(root);
			cfn_pager_fini(&pager);
			cfn_names_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		for (struct xml_node *m = xml_find(res, "Imports/member"); m; m = xml_next_same(m)) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 8;
				*out = xrealloc(*out, cap * sizeof(**out));
			}
			(*out)[(*n)++] = dup_text(m, NULL);
		}
		tok = xml_text(res, "NextToken");
		if (tok && *tok) {
			if (cfn_pager_next(&pager, "ListImports", tok, err)) {
				xml_free(root);
				cfn_pager_fini(&pager);
				cfn_names_free(*out, *n);
				*out = NULL;
				*n = 0;
				return -1;
			}
			token = xstrdup(tok);
		}
		xml_free(root);
	} while (token);
	cfn_pager_fini(&pager);
	return 0;
}
