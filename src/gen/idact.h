/* idact.h -- turn one scripted identity action into one CloudTrail
 * record, in the shape AWS writes for that service and client.
 *
 * Called by the delivery loop for each action of the world, in time
 * order.  The caller's userIdentity follows the actor (an Identity
 * Center user's AWSReservedSSO session, the IGA connector's role with
 * aws-go-sdk-<ns> session names, an IAM user, a SCIM bearer token
 * without an ARN, Identity Center's service-linked role); the user
 * agent, TLS details and sessionCredentialFromConsole follow the client.
 * Values AWS hides are written as HIDDEN_DUE_TO_SECURITY_REASONS.  All
 * details (session times, access keys, request ids) come from the
 * action's own seed. */
#ifndef TS_GEN_IDACT_H
#define TS_GEN_IDACT_H

#include "gen/deliver.h"
#include "gen/world.h"

void idact_render(const world *w, const struct action *a, deliver *d);

#endif
