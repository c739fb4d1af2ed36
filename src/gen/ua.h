/* ua.h -- user-agent strings as the real clients write them.
 *
 * Each family follows the grammar of the client at the time of the
 * event: aws-cli v2 moved from the legacy form to "ua/2.0" (April 2024),
 * "ua/2.1" with m/ feature letters (March 2025) and a sid/ session id
 * (late June 2025); browsers' major versions advance by month.  Feature
 * letters come in varying order, as observed.  Strings are appended to
 * a strbuf; nothing is allocated otherwise.  `command` is the CLI's
 * md/command value (service.operation, kebab case) or, for SDKs, the
 * api/ service name; either may be NULL where the family has none. */
#ifndef TS_GEN_UA_H
#define TS_GEN_UA_H

#include <stdint.h>

#include "gen/rng.h"
#include "util/strbuf.h"

enum {
	UA_CLI_MAC,
	UA_CLI_LINUX,
	UA_CLI_WIN,
	UA_CLI_V1,
	UA_CLOUDSHELL,
	UA_BROWSER,
	UA_AWS_INTERNAL,
	UA_GO_IGA, /* the IGA connector's aws-sdk-go-v2 */
	UA_TERRAFORM,
	UA_BOTO3,
	UA_BOTO3_LAMBDA,
	UA_GO_V1,
	UA_JAVA_INTERNAL,
	UA_JAVA_V2,
	UA_SSM_AGENT,
	UA_NODE_V3,
	UA_OKTA,
	UA_GO_HTTP,
	UA_S3_CONSOLE,
	N_UA
};

/* Append a user agent of `family` at time t (ms).  sid is the CLI's
 * 12-hex session id (used from mid-2025 on), or NULL. */
void ua_write(strbuf *out, int family, rng *r, int64_t t, const char *command,
              const char *sid);
/* The family a world client (CL_*) writes. */
int ua_of_client(int client);
/* "identitystore.create-group-membership" from an event source and
 * name ("identitystore.amazonaws.com", "CreateGroupMembership"). */
void ua_cli_command(char *out, size_t size, const char *source,
                    const char *name);

#endif
