/* s3.h - template upload for templates over CloudFormation's 51,200-byte
 * TemplateBody limit: the bucket is created when absent, the object is
 * written with a SigV4-signed PutObject, and its URL is the TemplateURL.
 *
 * Addressing: path-style (endpoint/bucket/key) for a configured endpoint
 * (AWS_ENDPOINT_URL[_S3]), virtual-hosted (bucket.s3.region...) for AWS. */
#ifndef PHX_RUNTIME_S3_H
#define PHX_RUNTIME_S3_H

#include <stddef.h>

struct http_client;
struct aws_config;
struct strbuf;

/* CloudFormation's limit on TemplateBody, in bytes. */
#define CFN_TEMPLATE_BODY_MAX 51200

/* The account ID from STS GetCallerIdentity (AWS_ENDPOINT_URL_STS,
 * AWS_ENDPOINT_URL, or the regional STS endpoint). NULL on failure, with a
 * reason appended to err. */
char *s3_account_id(struct http_client *h, const struct aws_config *cfg, struct strbuf *err);

/* Uploads body to bucket/key (creating the bucket in cfg->region when it
 * does not exist) and returns the object's URL, or NULL with a reason
 * appended to err. */
char *s3_upload_template(struct http_client *h, const struct aws_config *cfg, const char *bucket,
			 const char *key, const char *body, size_t len, struct strbuf *err);

#endif
