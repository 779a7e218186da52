/* creds.h - credentials, region and endpoints, resolved as the AWS CLI
 * resolves them.
 *
 * credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN),
 *   then the profile (AWS_PROFILE, else "default") in the shared credentials
 *   file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials, section [name]),
 *   then in the config file (AWS_CONFIG_FILE, else ~/.aws/config, section
 *   [profile name], or [default]).
 * region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region in
 *   the config file, then the stack block's region.
 * endpoints: AWS_ENDPOINT_URL_CLOUDFORMATION / AWS_ENDPOINT_URL_S3, then
 *   AWS_ENDPOINT_URL, then the public endpoint of the region; none of them
 *   when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
 *
 * No function here prints. The secret key and session token are held only
 * in this struct and never appear in a message. */
#ifndef PHX_RUNTIME_CREDS_H
#define PHX_RUNTIME_CREDS_H

#include <stdbool.h>

struct strbuf;

struct aws_config {
	char *access_key;
	char *secret_key;
	char *session_token;	/* NULL without one */
	char *creds_source;	/* where the credentials came from, for --verbose */
	char *profile;		/* AWS_PROFILE or "default" */
	char *region;
	const char *region_source;
	char *cfn_endpoint;	/* base URL, no trailing slash */
	char *s3_endpoint;
	bool s3_custom;		/* a configured S3 endpoint: path-style addressing */
	char *ca_bundle;	/* AWS_CA_BUNDLE, or NULL for the system store */
};

/* Fills cfg. cli_region is --region (or NULL), stack_region the stack
 * block's region (or NULL). On failure returns -1 and appends a one-line
 * reason to err (naming the places searched). */
int creds_load(struct aws_config *cfg, const char *cli_region, const char *stack_region,
	       struct strbuf *err);
void creds_fini(struct aws_config *cfg);

#endif
