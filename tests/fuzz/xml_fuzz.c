/* xml_fuzz.c - libFuzzer target: the deploy client's response parsing.
 * runtime/cfn.c is linked with this file's http_aws(), which answers every
 * request with the fuzz input (HTTP 200), so each CloudFormation call parses
 * it (expat, the shape checks, the pagers, whose repeated NextToken must end
 * them) as it would an endpoint's answer. Built by tests/fuzz/build.sh xml;
 * run by tests/fuzz.test and `make fuzz`. */
#include "phx.h"
#include "cfn.h"
#include "http.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *fuzz_data;
static size_t fuzz_size;

int http_aws(struct http_client *h, const struct aws_request *req, struct http_response *resp)
{
	(void)h, (void)req;
	memset(resp, 0, sizeof(*resp));
	resp->status = 200;
	resp->body = xstrndup((const char *)fuzz_data, fuzz_size);
	resp->len = fuzz_size;
	resp->attempts = 1;
	return 0;
}

void http_response_fini(struct http_response *r)
{
	free(r->body);
	free(r->error_code);
	free(r->error_message);
	memset(r, 0, sizeof(*r));
}

bool http_is_throttling(const char *code)
{
	return code && !strcmp(code, "Throttling");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfn_client c = { .http = NULL, .endpoint = "http://127.0.0.1:1" };
	struct cfn_error err;
	bool found;

	fuzz_data = data;
	fuzz_size = size;
	{
		struct xml_node *root = xml_parse((const char *)data, size, NULL);

		xml_free(root);
	}
	{
		struct cfn_stack st;

		if (!cfn_describe_stack(&c, "s", &st, &found, &err))
			cfn_stack_fini(&st);
		cfn_error_fini(&err);
	}
	{
		struct cfn_change_set cs;

		if (!cfn_describe_change_set(&c, "s", "cs", &cs, &err))
			cfn_change_set_fini(&cs);
		cfn_error_fini(&err);
	}
	{
		struct cfn_events ev = { 0 };

		cfn_describe_stack_events(&c, "s", NULL, &ev, &err);
		if (ev.next_token)
			cfn_describe_stack_events(&c, "s", ev.next_token, &ev, &err);
		cfn_events_fini(&ev);
		cfn_error_fini(&err);
	}
	{
		struct cfn_stack_summary *v;
		size_t n;

		if (!cfn_list_stacks(&c, &v, &n, &err))
			cfn_stack_summaries_free(v, n);
		cfn_error_fini(&err);
	}
	{
		struct cfn_resource *v;
		size_t n;

		if (!cfn_describe_stack_resources(&c, "s", &v, &n, &err))
			cfn_resources_free(v, n);
		cfn_error_fini(&err);
	}
	{
		char *body = NULL, *id = NULL, *sid = NULL;
		struct cfn_change_set_input in = { .stack_name = "s", .change_set_name = "cs",
						   .template_body = "{}" };

		if (!cfn_get_template(&c, "s", &body, &err))
			free(body);
		cfn_error_fini(&err);
		if (!cfn_create_change_set(&c, &in, &id, &sid, &err)) {
			free(id);
			free(sid);
		}
		cfn_error_fini(&err);
		cfn_execute_change_set(&c, "s", "cs", &err);
		cfn_error_fini(&err);
	}
	return 0;
}
