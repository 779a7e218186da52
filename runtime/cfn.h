/* cfn.h - the CloudFormation Query API (version 2010-05-15).
 *
 * Requests are POSTed as application/x-www-form-urlencoded bodies, signed
 * with SigV4; answers are XML, parsed with expat (xml.h). Each call returns
 * 0 on success or -1 with err filled (AWS code and message, or the
 * transport failure). Results are malloc'd and freed by the matching _fini.
 * An answer must be the <ActionResponse> document with the elements the
 * action promises (a missing one is a BadResponse error, never a default);
 * pagers stop after 1,000 pages and treat a repeated NextToken as an error.
 * ExecuteChangeSet, DeleteStack and ContinueUpdateRollback carry a
 * ClientRequestToken (CreateChangeSet a ClientToken when given), the same on
 * every retry, so that a retry after a lost answer is not a second request.
 * Nothing here prints, except the retry lines of http.c under --verbose. */
#ifndef PHX_RUNTIME_CFN_H
#define PHX_RUNTIME_CFN_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

struct cfn_error {
	long status;		/* HTTP status, 0 without an answer */
	char *code;		/* ValidationError, Throttling, ... */
	char *message;
};

struct cfn_client {
	struct http_client *http;
	const char *endpoint;	/* base URL */
	int max_attempts;	/* 0: the http client's */
};

struct cfn_kv {
	char *key;
	char *value;
};

struct cfn_stack {
	char *id;
	char *name;
	char *status;
	char *status_reason;
	struct cfn_kv *outputs;		/* OutputKey, OutputValue */
	size_t noutputs;
	struct cfn_kv *params;		/* ParameterKey, ParameterValue */
	size_t nparams;
	struct cfn_kv *exports;		/* OutputKey, ExportName: the outputs with one */
	size_t nexports;
};

struct cfn_change {
	char *action;		/* Add, Modify, Remove, Import, Dynamic */
	char *logical_id;
	char *type;
	char *replacement;	/* True, False, Conditional, or "" */
};

struct cfn_change_set {
	char *id;
	char *status;		/* CREATE_PENDING, CREATE_IN_PROGRESS, CREATE_COMPLETE, FAILED */
	char *status_reason;
	char *execution_status;
	struct cfn_change *changes;
	size_t nchanges;
};

struct cfn_event {
	char *id;
	char *timestamp;	/* ISO 8601, as sent */
	char *logical_id;
	char *physical_id;
	char *type;
	char *status;
	char *reason;
};

struct cfn_events {
	struct cfn_event *v;	/* newest first, as AWS sends them */
	size_t n, cap;
	char *next_token;	/* NULL on the last page */
};

/* Parameters and capabilities of CreateChangeSet. */
struct cfn_change_set_input {
	const char *stack_name;
	const char *change_set_name;
	bool create;			/* CREATE, else UPDATE */
	const char *template_body;	/* exactly one of body and URL */
	const char *template_url;
	const struct cfn_kv *params;	/* value NULL: UsePreviousValue */
	size_t nparams;
	const char *const *capabilities;
	size_t ncapabilities;
	const struct cfn_kv *tags;
	size_t ntags;
	const char *client_token;	/* ClientToken, or NULL */
};

#define CFN_TOKEN_SIZE 40
/* A fresh idempotency token: "phxc-" and 32 hex digits. */
void cfn_token_new(char out[CFN_TOKEN_SIZE]);

void cfn_error_fini(struct cfn_error *e);
/* "ValidationError: Stack with id x does not exist" */
char *cfn_error_text(const struct cfn_error *e);
/* The error says that the stack does not exist. */
bool cfn_error_no_stack(const struct cfn_error *e);

/* *found is false (and 0 returned) when the stack does not exist. */
int cfn_describe_stack(struct cfn_client *c, const char *name, struct cfn_stack *out, bool *found,
		       struct cfn_error *err);
void cfn_stack_fini(struct cfn_stack *s);

/* TemplateBody of the deployed (Original) template. */
int cfn_get_template(struct cfn_client *c, const char *name, char **body, struct cfn_error *err);

int cfn_create_change_set(struct cfn_client *c, const struct cfn_change_set_input *in,
			  char **change_set_id, char **stack_id, struct cfn_error *err);
/* Every page of DescribeChangeSet. */
int cfn_describe_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			    struct cfn_change_set *out, struct cfn_error *err);
void cfn_change_set_fini(struct cfn_change_set *cs);
/* "No changes" as CloudFormation words it in StatusReason. */
bool cfn_change_set_is_empty(const struct cfn_change_set *cs);
int cfn_execute_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			   struct cfn_error *err);
int cfn_delete_change_set(struct cfn_client *c, const char *stack, const char *change_set,
			  struct cfn_error *err);
int cfn_delete_stack(struct cfn_client *c, const char *name, struct cfn_error *err);

/* One page of DescribeStackEvents (next_token NULL for the first); the
 * events are appended to out and out->next_token replaced. */
int cfn_describe_stack_events(struct cfn_client *c, const char *stack, const char *next_token,
			      struct cfn_events *out, struct cfn_error *err);
void cfn_event_fini(struct cfn_event *e);
void cfn_events_fini(struct cfn_events *ev);

/* ContinueUpdateRollback of a stack in UPDATE_ROLLBACK_FAILED, skipping
 * the logical IDs in skip (ResourcesToSkip.member.N). */
int cfn_continue_update_rollback(struct cfn_client *c, const char *stack,
				 const char *const *skip, size_t nskip, struct cfn_error *err);

struct cfn_resource {
	char *logical_id;
	char *physical_id;
	char *type;
	char *status;
	char *reason;
};

/* DescribeStackResources: the stack's resources (the API does not page;
 * AWS returns at most 100 of them). */
int cfn_describe_stack_resources(struct cfn_client *c, const char *stack,
				 struct cfn_resource **out, size_t *n, struct cfn_error *err);
void cfn_resources_free(struct cfn_resource *v, size_t n);

struct cfn_stack_summary {
	char *id;
	char *name;
	char *status;
	char *status_reason;
	char *creation_time;
	char *deletion_time;	/* "" unless deleted */
};

/* ListStacks, every page (deleted stacks included, as AWS lists them). */
int cfn_list_stacks(struct cfn_client *c, struct cfn_stack_summary **out, size_t *n,
		    struct cfn_error *err);
void cfn_stack_summaries_free(struct cfn_stack_summary *v, size_t n);

/* ListImports, every page: the names of the stacks that import the export
 * (*n is 0, and 0 returned, when CloudFormation answers that no stack
 * imports it: a ValidationError "... is not imported by any stack"). */
int cfn_list_imports(struct cfn_client *c, const char *export_name, char ***out, size_t *n,
		     struct cfn_error *err);
void cfn_names_free(char **v, size_t n);

#endif
