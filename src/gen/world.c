/* world.c -- the scenario's model and the replay that yields the ground
 * truth (see world.h).
 *
 * The replay in world_finish() is the single definition of what the
 * generated logs mean: every membership interval, assignment interval
 * and disable/delete time in truth/ comes from here, from the sorted
 * actions, never from the scripts' live view. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen/replay.h"
#include "gen/world.h"
#include "util/xmalloc.h"

#define IS "identitystore.amazonaws.com"
#define SD "sso-directory.amazonaws.com"
#define SC "identitystore-scim.amazonaws.com"
#define SSO "sso.amazonaws.com"
#define IAM "iam.amazonaws.com"
#define QS "quicksight.amazonaws.com"

/* source, name, change, trap, read */
const struct action_kind world_kinds[N_ACTIONS] = {
        [AC_IS_ADD] = {IS, "CreateGroupMembership", 1, 0, 0},
        [AC_IS_DEL] = {IS, "DeleteGroupMembership", 1, 0, 0},
        [AC_IS_CREATE_USER] = {IS, "CreateUser", 1, 0, 0},
        [AC_IS_UPDATE_USER] = {IS, "UpdateUser", 1, 0, 0},
        [AC_IS_DELETE_USER] = {IS, "DeleteUser", 1, 0, 0},
        [AC_IS_CREATE_GROUP] = {IS, "CreateGroup", 1, 0, 0},
        [AC_IS_UPDATE_GROUP] = {IS, "UpdateGroup", 1, 0, 0},
        [AC_IS_DELETE_GROUP] = {IS, "DeleteGroup", 1, 0, 0},
        [AC_IS_READ] = {IS, NULL, 0, 0, 1},
        [AC_SD_ADD] = {SD, "AddMemberToGroup", 1, 0, 0},
        [AC_SD_REMOVE] = {SD, "RemoveMemberFromGroup", 1, 0, 0},
        [AC_SD_CREATE_USER] = {SD, "CreateUser", 1, 0, 0},
        [AC_SD_UPDATE_USER] = {SD, "UpdateUser", 1, 0, 0},
        [AC_SD_DISABLE_USER] = {SD, "DisableUser", 1, 0, 0},
        [AC_SD_ENABLE_USER] = {SD, "EnableUser", 1, 0, 0},
        [AC_SD_DELETE_USER] = {SD, "DeleteUser", 1, 0, 0},
        [AC_SD_CREATE_GROUP] = {SD, "CreateGroup", 1, 0, 0},
        [AC_SD_DELETE_GROUP] = {SD, "DeleteGroup", 1, 0, 0},
        [AC_SD_READ] = {SD, NULL, 0, 0, 1},
        [AC_SD_CREATE_TENANT] = {SD, "CreateProvisioningTenant", 0, 0, 0},
        [AC_SD_CREATE_TOKEN] = {SD, "CreateBearerToken", 0, 0, 0},
        [AC_SD_DELETE_TOKEN] = {SD, "DeleteBearerToken", 0, 0, 0},
        [AC_SC_CREATE_USER] = {SC, "CreateUser", 1, 0, 0},
        [AC_SC_PATCH_ACTIVE] = {SC, "PatchUser", 1, 0, 0},
        [AC_SC_PATCH_DEACT] = {SC, "PatchUser", 1, 0, 0},
        [AC_SC_PATCH_ATTR] = {SC, "PatchUser", 1, 0, 0},
        [AC_SC_PUT_USER] = {SC, "PutUser", 1, 0, 0},
        [AC_SC_DELETE_USER] = {SC, "DeleteUser", 1, 0, 0},
        [AC_SC_CREATE_GROUP] = {SC, "CreateGroup", 1, 0, 0},
        [AC_SC_GROUP_ADD] = {SC, "PatchGroup", 1, 0, 0},
        [AC_SC_GROUP_REMOVE] = {SC, "PatchGroup", 1, 0, 0},
        [AC_SC_GROUP_NAME] = {SC, "PatchGroup", 1, 0, 0},
        [AC_SC_DELETE_GROUP] = {SC, "DeleteGroup", 1, 0, 0},
        [AC_SC_READ] = {SC, NULL, 0, 0, 1},
        [AC_SSO_CREATE_ASSIGN] = {SSO, "CreateAccountAssignment", 1, 0, 0},
        [AC_SSO_DELETE_ASSIGN] = {SSO, "DeleteAccountAssignment", 1, 0, 0},
        [AC_SSO_PROVISION] = {SSO, "ProvisionPermissionSet", 1, 0, 0},
        [AC_SSO_READ] = {SSO, NULL, 0, 0, 1},
        [AC_SSO_PORTAL] = {SSO, NULL, 0, 0, 0},
        [AC_IAM_ADD] = {IAM, "AddUserToGroup", 1, 0, 0},
        [AC_IAM_REMOVE] = {IAM, "RemoveUserFromGroup", 1, 0, 0},
        [AC_IAM_CREATE_USER] = {IAM, "CreateUser", 1, 0, 0},
        [AC_IAM_DELETE_USER] = {IAM, "DeleteUser", 1, 0, 0},
        [AC_IAM_CREATE_GROUP] = {IAM, "CreateGroup", 1, 0, 0},
        [AC_IAM_DEL_LOGIN] = {IAM, "DeleteLoginProfile", 1, 0, 0},
        [AC_IAM_KEY_INACTIVE] = {IAM, "UpdateAccessKey", 1, 0, 0},
        [AC_IAM_SSO_ROLE] = {IAM, "CreateRole", 0, 0, 0},
        [AC_QS_ADD] = {QS, "CreateGroupMembership", 0, 1, 0},
        [AC_QS_DEL] = {QS, "DeleteGroupMembership", 0, 1, 0},
};

const char *const world_channel_names[N_CHANNELS] = {
        "scim-okta",  "scim-entra",  "scim",
        "iga-sdk",    "cli",         "cloudshell",
        "console",    "terraform",   "cloudformation",
        "sdk-script", "aws-service", "unknown",
};

/* Read operations by kind, chosen with action.sub. */
static const char *const is_reads[] = {"ListGroupMembershipsForMember",
                                       "ListUsers",
                                       "ListGroups",
                                       "DescribeUser",
                                       "GetGroupId",
                                       "ListGroupMemberships",
                                       "DescribeGroup",
                                       "GetUserId"};
static const char *const sd_reads[] = {
        "ListProvisioningTenants", "SearchUsers",
        "ListMembersInGroup",      "SearchGroups",
        "DescribeUsers",           "ListGroupsForUser",
        "ListBearerTokens",        "DescribeDirectory"};
static const char *const sc_reads[] = {"ListUsers", "GetUser", "ListGroups",
                                       "GetGroup"};
static const char *const sso_reads[] = {
        "ListAccountAssignments", "DescribeAccountAssignmentCreationStatus",
        "ListPermissionSets", "DescribePermissionSet",
        "ListAccountsForProvisionedPermissionSet"};
static const char *const portal_ops[] = {"Federate", "GetRoleCredentials",
                                         "ListAccounts", "ListAccountRoles"};

const char *
world_event_name(const struct action *a)
{
	const char *n = world_kinds[a->kind].name;
	int s = a->sub < 0 ? 0 : a->sub;

	if (n) {
		return n;
	}
	switch (a->kind) {
	case AC_IS_READ:
		return is_reads[s % RNG_COUNT(is_reads)];
	case AC_SD_READ:
		return sd_reads[s % RNG_COUNT(sd_reads)];
	case AC_SC_READ:
		return sc_reads[s % RNG_COUNT(sc_reads)];
	case AC_SSO_READ:
		return sso_reads[s % RNG_COUNT(sso_reads)];
	default:
		return portal_ops[s % RNG_COUNT(portal_ops)];
	}
}

world *
world_new(const char *scenario, uint64_t seed, int64_t start, int days)
{
	world *w = xcalloc(1, sizeof(*w));

	w->scenario = scenario;
	w->seed = seed;
	w->start = start;
	w->end = start + days * DAY_MS;
	w->ic_acct = -1;
	w->scim_from = -1;
	w->captured_at = -1;
	rng_derive(&w->r, seed, rng_hash_str(scenario), 0, 0);
	return w;
}

void
world_free(world *w)
{
	if (w == NULL) {
		return;
	}
	for (int i = 0; i < w->n_accts; i++) {
		free(w->accts[i].alias);
	}
	for (int i = 0; i < w->n_users; i++) {
		struct user *u = &w->users[i];

		free(u->user_name), free(u->given), free(u->family);
		free(u->display), free(u->email);
	}
	for (int i = 0; i < w->n_groups; i++) {
		free(w->groups[i].name), free(w->groups[i].desc);
	}
	for (int i = 0; i < w->n_psets; i++) {
		free(w->psets[i].name);
	}
	for (int i = 0; i < w->n_actors; i++) {
		free(w->actors[i].name), free(w->actors[i].role);
		free(w->actors[i].session);
	}
	for (size_t i = 0; i < w->n_acts; i++) {
		free(w->acts[i].text);
	}
	for (int i = 0; i < w->n_notes; i++) {
		free(w->notes[i]);
	}
	free(w->accts), free(w->streams), free(w->users), free(w->groups);
	free(w->psets), free(w->actors), free(w->acts), free(w->live);
	free(w->alive), free(w->mem), free(w->asg), free(w->notes);
	free(w);
}

/* Grow an array of n elements to hold one more. */
static void *
grow(void *p, int n, size_t size)
{
	if ((n & (n - 1)) == 0) {
		p = xrealloc(p, (size_t)(n ? 2 * n : 4) * size);
	}
	return p;
}

void
world_idc_id(rng *r, char out[37])
{
	rng_uuid(r, out);
	out[14] = '7';
	out[15] = '0';
}

void
world_aws_id(rng *r, const char *prefix, char out[22])
{
	size_t n = strlen(prefix);
	/* unique ids (AROA, AIDA, AGPA) have 21 characters, keys 20 */
	size_t len = prefix[1] == 'K' || prefix[1] == 'S' ? 20 : 21;

	memcpy(out, prefix, n);
	rng_chars(r, out + n, len - n, RNG_UPPER_ALNUM);
}

int
world_account(world *w, const char *id, const char *role, const char *alias,
              const char *regions, unsigned bg_weight)
{
	struct account *a;
	static const char *const known[] = {
	        "us-east-1",      "us-east-2",    "us-west-2",
	        "eu-west-1",      "eu-central-1", "ap-southeast-2",
	        "ap-northeast-1", "ca-central-1", "eu-north-1"};
	const char *p = regions;

	w->accts = grow(w->accts, w->n_accts, sizeof(*w->accts));
	a = &w->accts[w->n_accts];
	memset(a, 0, sizeof(*a));
	snprintf(a->id, sizeof(a->id), "%s", id);
	a->role = role;
	a->alias = xstrdup(alias);
	a->bg_weight = bg_weight;
	while (*p && a->n_regions < 5) {
		size_t n = strcspn(p, ",");

		for (size_t i = 0; i < RNG_COUNT(known); i++) {
			if (strlen(known[i]) == n &&
			    strncmp(known[i], p, n) == 0) {
				a->regions[a->n_regions++] = known[i];
			}
		}
		p += n + (p[n] == ',');
	}
	a->home = a->regions[0];
	/* IAM and other global services record in us-east-1: always there */
	for (int i = 0; i < a->n_regions; i++) {
		if (strcmp(a->regions[i], "us-east-1") == 0) {
			return w->n_accts++;
		}
	}
	a->regions[a->n_regions++] = known[0];
	return w->n_accts++;
}

static struct user *
new_user(world *w)
{
	struct user *u;

	w->users = grow(w->users, w->n_users, sizeof(*w->users));
	u = &w->users[w->n_users];
	memset(u, 0, sizeof(*u));
	u->iam_acct = -1;
	u->created = -1;
	u->up_disabled = -1;
	u->up_changed = -1;
	return u;
}

int
world_user_idc(world *w, const char *user_name, const char *given,
               const char *family, const char *email)
{
	struct user *u = new_user(w);

	world_idc_id(&w->r, u->id);
	u->user_name = xstrdup(user_name);
	u->given = xstrdup(given);
	u->family = xstrdup(family);
	u->display = xasprintf("%s %s", given, family);
	u->email = xstrdup(email);
	return w->n_users++;
}

int
world_user_iam(world *w, int acct, const char *user_name)
{
	struct user *u = new_user(w);

	snprintf(u->id, sizeof(u->id), "%s", user_name);
	u->user_name = xstrdup(user_name);
	u->iam_acct = acct;
	world_aws_id(&w->r, "AIDA", u->iam_uid);
	return w->n_users++;
}

static struct group *
new_group(world *w, const char *name, const char *desc, int acct)
{
	struct group *g;

	w->groups = grow(w->groups, w->n_groups, sizeof(*w->groups));
	g = &w->groups[w->n_groups];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(name);
	g->desc = xstrdup(desc ? desc : "");
	g->iam_acct = acct;
	g->created = -1;
	return g;
}

int
world_group_idc(world *w, const char *name, const char *desc)
{
	struct group *g = new_group(w, name, desc, -1);

	world_idc_id(&w->r, g->id);
	return w->n_groups++;
}

void
world_iam_group_id(const world *w, int g, char out[22])
{
	rng r;

	/* its own stream: the scenario's draws do not move */
	rng_derive(&r, w->seed, rng_hash_str("iam-group-id"),
	           rng_hash_str(w->groups[g].name),
	           (uint64_t)w->groups[g].iam_acct);
	world_aws_id(&r, "AGPA", out);
}

int
world_group_iam(world *w, int acct, const char *name)
{
	struct group *g = new_group(w, name, NULL, acct);

	snprintf(g->id, sizeof(g->id), "%s", name);
	return w->n_groups++;
}

int
world_pset(world *w, const char *name)
{
	struct pset *p;
	char ps[17];

	w->psets = grow(w->psets, w->n_psets, sizeof(*w->psets));
	p = &w->psets[w->n_psets];
	memset(p, 0, sizeof(*p));
	rng_hex(&w->r, ps, 16);
	snprintf(p->arn, sizeof(p->arn), "arn:aws:sso:::permissionSet/%s/ps-%s",
	         w->instance, ps);
	p->name = xstrdup(name);
	rng_hex(&w->r, p->hash, 16);
	world_aws_id(&w->r, "AROA", p->role_id);
	return w->n_psets++;
}

static struct actor *
new_actor(world *w, int kind, int acct, int client)
{
	struct actor *a;

	w->actors = grow(w->actors, w->n_actors, sizeof(*w->actors));
	a = &w->actors[w->n_actors];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->acct = acct;
	a->client = client;
	a->ps = -1;
	a->user = -1;
	world_aws_id(&w->r, "AROA", a->role_id);
	snprintf(a->ip, sizeof(a->ip), "198.51.100.%d",
	         (int)rng_range(&w->r, 10, 250));
	return a;
}

int
world_actor_sso(world *w, int acct, const char *user_name, int ps, int client)
{
	struct actor *a = new_actor(w, AK_SSO, acct, client);
	struct pset *p = &w->psets[ps];

	a->name = xstrdup(user_name);
	a->ps = ps;
	a->role = xasprintf("AWSReservedSSO_%s_%s", p->name, p->hash);
	/* one reserved role per account: same id in every session */
	memcpy(a->role_id, p->role_id, sizeof(a->role_id));
	a->role_id[5] = RNG_UPPER_ALNUM[(acct * 7) % 36];
	return w->n_actors++;
}

int
world_actor_role(world *w, int acct, const char *role, const char *session,
                 int client)
{
	struct actor *a = new_actor(w, AK_ROLE, acct, client);

	a->name = xstrdup(role);
	a->role = xstrdup(role);
	a->session = session ? xstrdup(session) : NULL;
	return w->n_actors++;
}

int
world_actor_iam(world *w, int user, int client)
{
	struct actor *a =
	        new_actor(w, AK_IAMUSER, w->users[user].iam_acct, client);

	a->name = xstrdup(w->users[user].user_name);
	a->user = user;
	return w->n_actors++;
}

int
world_actor_scim(world *w, int client, int unknown_type)
{
	struct actor *a = new_actor(w, AK_SCIM, w->ic_acct, client);

	a->scim_unknown = unknown_type;
	snprintf(a->ip, sizeof(a->ip), "203.0.113.%d",
	         (int)rng_range(&w->r, 20, 200));
	return w->n_actors++;
}

int
world_actor_svc(world *w, int acct)
{
	struct actor *a = new_actor(w, AK_SVC, acct, CL_SERVICE);

	a->name = xstrdup("AWSServiceRoleForSSO");
	a->role = xstrdup("AWSServiceRoleForSSO");
	a->session = xstrdup("AWS-SSO");
	return w->n_actors++;
}

int
world_channel(const world *w, int actor, int client)
{
	if (w->actors[actor].kind == AK_SCIM) {
		return client == CL_OKTA    ? CH_SCIM_OKTA
		       : client == CL_ENTRA ? CH_SCIM_ENTRA
		                            : CH_SCIM;
	}
	switch (client) {
	case CL_CLI_MAC:
	case CL_CLI_LINUX:
	case CL_CLI_WIN:
	case CL_CLI_V1:
		return CH_CLI;
	case CL_CLOUDSHELL:
		return CH_CLOUDSHELL;
	case CL_BROWSER:
	case CL_CONSOLE_INT:
		return CH_CONSOLE;
	case CL_GO_SDK:
		return CH_IGA_SDK;
	case CL_TERRAFORM:
		return CH_TERRAFORM;
	case CL_BOTO3:
		return CH_SDK_SCRIPT;
	case CL_CFN:
		return CH_CLOUDFORMATION;
	case CL_SERVICE:
		return CH_AWS_SERVICE;
	default:
		return CH_UNKNOWN;
	}
}

struct action *
world_act(world *w, int64_t t, int kind, int actor, int client)
{
	struct action *a;

	if (w->n_acts == w->cap_acts) {
		w->cap_acts = w->cap_acts ? 2 * w->cap_acts : 256;
		w->acts = xrealloc(w->acts, w->cap_acts * sizeof(*w->acts));
	}
	a = &w->acts[w->n_acts];
	memset(a, 0, sizeof(*a));
	a->t = t;
	a->seq = (uint32_t)w->n_acts;
	a->kind = kind;
	a->actor = actor;
	a->client = client;
	a->g = a->u = a->ps = a->target = -1;
	a->acct = actor >= 0 ? w->actors[actor].acct : w->ic_acct;
	a->region = kind >= AC_IAM_ADD && kind <= AC_IAM_SSO_ROLE
	                    ? "us-east-1"
	                    : w->ic_region;
	a->seed = rng_next(&w->r);
	rng_uuid(&w->r, a->event_id);
	w->n_acts++;
	return a;
}

void
world_note(world *w, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	w->notes = grow(w->notes, w->n_notes, sizeof(*w->notes));
	w->notes[w->n_notes++] = xstrdup(buf);
}

int
world_stream(const world *w, int acct, const char *region)
{
	for (int i = 0; i < w->n_streams; i++) {
		if (w->streams[i].acct == acct &&
		    strcmp(w->streams[i].region, region) == 0) {
			return i;
		}
	}
	return -1;
}

static int
cmp_action(const void *pa, const void *pb)
{
	const struct action *a = pa, *b = pb;

	if (a->t != b->t) {
		return a->t < b->t ? -1 : 1;
	}
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Give an account the region of every action recorded in it. */
static void
add_action_regions(world *w)
{
	for (size_t i = 0; i < w->n_acts; i++) {
		struct account *a = &w->accts[w->acts[i].acct];
		int have = 0;

		for (int r = 0; r < a->n_regions; r++) {
			have |= strcmp(a->regions[r], w->acts[i].region) == 0;
		}
		if (!have && a->n_regions < 6) {
			a->regions[a->n_regions++] = w->acts[i].region;
		}
	}
}

static void
make_streams(world *w)
{
	for (int i = 0; i < w->n_accts; i++) {
		for (int j = 0; j < w->accts[i].n_regions; j++) {
			w->streams = grow(w->streams, w->n_streams,
			                  sizeof(*w->streams));
			w->streams[w->n_streams].acct = i;
			w->streams[w->n_streams].region =
			        w->accts[i].regions[j];
			w->n_streams++;
		}
	}
}

void
world_finish(world *w)
{
	add_action_regions(w);
	make_streams(w);
	qsort(w->acts, w->n_acts, sizeof(*w->acts), cmp_action);
	for (size_t i = 0; i < w->n_acts; i++) {
		struct action *a = &w->acts[i];

		a->stream = world_stream(w, a->acct, a->region);
		/* CloudTrail delivers a few events in a later file */
		if (a->seed % 100 < 3) {
			a->late = 1 + (int)(a->seed / 100 % 3);
		}
		if (a->stream < 0 || a->t < w->start || a->t >= w->end) {
			fprintf(stderr,
			        "trailsift-gen: scenario bug: action %s at "
			        "%lld has no stream or is out of range\n",
			        world_event_name(a), (long long)a->t);
			abort();
		}
	}
	replay_run(w);
}
