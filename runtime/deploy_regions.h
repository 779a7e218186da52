/* deploy_regions.h - a runtime command over every region of a program
 * deployed to several (`regions = [...]` in the stack block,
 * compiler/regions.h).
 *
 * regions_run() compiles the program once, quietly, to read its regions.
 * Without a list, or with --region naming one region of it, it runs the
 * command as it is. Otherwise it runs the command once per region, each in a
 * child process given --region REGION (so credentials, the SigV4 scope and
 * the endpoint are found for that region as the AWS CLI finds them), every
 * line it prints prefixed with the region:
 *
 *   deploy, destroy   the regions side by side (PHXC_MAX_PARALLEL bounds
 *                     them), asked once, a status line whenever a region
 *                     starts or ends, and a summary; a region that fails
 *                     does not stop the others
 *   outputs --json    one JSON object keyed by region
 *   the others        region after region
 *
 * The exit status is the first failure's (130 after Ctrl-C first). */
#ifndef PHX_RUNTIME_DEPLOY_REGIONS_H
#define PHX_RUNTIME_DEPLOY_REGIONS_H

#include "deploy.h"

int regions_run(const struct deploy_opts *o, const char *cmd,
		int (*fn)(const struct deploy_opts *));

#endif
