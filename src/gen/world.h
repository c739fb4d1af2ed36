/* world.h -- everything a scenario invents, and the actions it scripts.
 *
 * A scenario (scen_*.c) builds a world: accounts with their regions,
 * Identity Center users, groups and permission sets, IAM users and
 * groups, actors (who calls AWS, with which credentials and client), and
 * a list of identity actions with their times.  ops.c offers the verbs
 * scenarios use; they append actions and keep a live view of the state
 * so a script only removes members that exist.
 *
 * world_finish() sorts the actions by time (stable), resolves the log
 * stream of each, and replays them into the ground-truth state:
 * membership and assignment intervals, user disable/delete times.  The
 * renderers (idact_*.c) turn one action into one CloudTrail record; the
 * delivery loop (deliver.c) places them in files; truth.c and side.c
 * write what world_finish() computed.
 *
 * Ownership: the world owns every string and array in it; strings given
 * to world_* functions are copied.  Indexes (int) name accounts, users,
 * groups, permission sets and actors; -1 means none. */
#ifndef TS_GEN_WORLD_H
#define TS_GEN_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "gen/rng.h"

#define MIN_MS INT64_C(60000)
#define HOUR_MS INT64_C(3600000)
#define DAY_MS INT64_C(86400000)

/* Provisioning channels, as the ground truth names them. */
enum {
	CH_SCIM_OKTA,
	CH_SCIM_ENTRA,
	CH_SCIM,
	CH_IGA_SDK,
	CH_CLI,
	CH_CLOUDSHELL,
	CH_CONSOLE,
	CH_TERRAFORM,
	CH_CLOUDFORMATION,
	CH_SDK_SCRIPT,
	CH_AWS_SERVICE,
	CH_UNKNOWN,
	N_CHANNELS
};

/* Client software behind a call: decides the user agent and channel. */
enum {
	CL_CLI_MAC,     /* aws-cli v2 on a workstation */
	CL_CLI_LINUX,   /* aws-cli v2 on a Linux workstation */
	CL_CLI_WIN,     /* aws-cli v2 on Windows */
	CL_CLI_V1,      /* aws-cli v1 + botocore */
	CL_CLOUDSHELL,  /* aws-cli v2 in CloudShell */
	CL_BROWSER,     /* console calling with a browser UA */
	CL_CONSOLE_INT, /* console through a service: "AWS Internal" */
	CL_GO_SDK,      /* aws-sdk-go-v2 (the IGA connector) */
	CL_TERRAFORM,   /* Terraform AWS provider */
	CL_BOTO3,       /* a Python script */
	CL_CFN,         /* CloudFormation on the caller's behalf */
	CL_SERVICE,     /* an AWS service principal (sso.amazonaws.com) */
	CL_OKTA,        /* Okta SCIM client */
	CL_ENTRA,       /* Entra ID provisioning (uninformative UA) */
	N_CLIENTS
};

/* Actor kinds (shape of userIdentity). */
enum {
	AK_SSO,     /* AssumedRole AWSReservedSSO_<ps>_<hash>/<user> */
	AK_ROLE,    /* AssumedRole of an ordinary role */
	AK_IAMUSER, /* IAMUser */
	AK_ROOT,    /* Root */
	AK_SCIM,    /* SCIM bearer-token client (no ARN) */
	AK_SVC,     /* AWSServiceRoleForSSO acting for Identity Center */
};

/* Error outcomes of an action (0 = success). */
enum { ER_NONE, ER_DENIED, ER_CONFLICT, ER_VALIDATION, ER_NOTFOUND };

/* Action kinds.  Keep in step with the table in world.c. */
enum {
	/* identitystore.amazonaws.com (public API) */
	AC_IS_ADD,
	AC_IS_DEL,
	AC_IS_CREATE_USER,
	AC_IS_UPDATE_USER,
	AC_IS_DELETE_USER,
	AC_IS_CREATE_GROUP,
	AC_IS_UPDATE_GROUP,
	AC_IS_DELETE_GROUP,
	AC_IS_READ,
	/* sso-directory.amazonaws.com (console) */
	AC_SD_ADD,
	AC_SD_REMOVE,
	AC_SD_CREATE_USER,
	AC_SD_UPDATE_USER,
	AC_SD_DISABLE_USER,
	AC_SD_ENABLE_USER,
	AC_SD_DELETE_USER,
	AC_SD_CREATE_GROUP,
	AC_SD_DELETE_GROUP,
	AC_SD_READ,
	AC_SD_CREATE_TENANT,
	AC_SD_CREATE_TOKEN,
	AC_SD_DELETE_TOKEN,
	/* identitystore-scim.amazonaws.com */
	AC_SC_CREATE_USER,
	AC_SC_PATCH_ACTIVE, /* Entra: path "active", value hidden */
	AC_SC_PATCH_DEACT,  /* Okta: replace without path, value hidden */
	AC_SC_PATCH_ATTR,   /* attribute update */
	AC_SC_PUT_USER,
	AC_SC_DELETE_USER,
	AC_SC_CREATE_GROUP,
	AC_SC_GROUP_ADD,
	AC_SC_GROUP_REMOVE,
	AC_SC_GROUP_NAME, /* Okta's displayName replace */
	AC_SC_DELETE_GROUP,
	AC_SC_READ,
	/* sso.amazonaws.com */
	AC_SSO_CREATE_ASSIGN,
	AC_SSO_DELETE_ASSIGN,
	AC_SSO_PROVISION,
	AC_SSO_READ,
	AC_SSO_PORTAL, /* access portal: Federate / GetRoleCredentials */
	/* iam.amazonaws.com */
	AC_IAM_ADD,
	AC_IAM_REMOVE,
	AC_IAM_CREATE_USER,
	AC_IAM_DELETE_USER,
	AC_IAM_CREATE_GROUP,
	AC_IAM_DEL_LOGIN,
	AC_IAM_KEY_INACTIVE,
	AC_IAM_SSO_ROLE, /* CreateRole AWSReservedSSO_* by Identity Center */
	/* quicksight.amazonaws.com: same-name traps */
	AC_QS_ADD,
	AC_QS_DEL,
	N_ACTIONS
};

/* Static facts about an action kind. */
struct action_kind {
	const char *source;  /* eventSource */
	const char *name;    /* eventName (NULL: depends on the action) */
	unsigned change : 1; /* an identity change for changes.jsonl */
	unsigned trap : 1;   /* a same-name trap for traps.jsonl */
	unsigned read : 1;   /* readOnly */
};
extern const struct action_kind world_kinds[N_ACTIONS];
extern const char *const world_channel_names[N_CHANNELS];

struct account {
	char id[13];            /* 12-digit account id */
	const char *role;       /* identity-center, iga, finance, member */
	char *alias;            /* short name used in resource names */
	const char *home;       /* home region */
	const char *regions[6]; /* regions with a trail stream */
	int n_regions;
	unsigned bg_weight; /* share of background traffic */
};

struct stream {
	int acct;           /* account index */
	const char *region; /* region name */
};

struct user {
	char id[40];         /* Identity Center UserId, or the IAM user name */
	char *user_name;     /* UserName / IAM user name */
	char *given;         /* given name (Identity Center) */
	char *family;        /* family name */
	char *display;       /* display name */
	char *email;         /* e-mail, NULL for IAM users */
	int iam_acct;        /* -1: Identity Center user; else account */
	char iam_uid[22];    /* AIDA... unique id of an IAM user */
	int64_t created;     /* creation time; -1 before the logs */
	int scim;            /* 1 when provisioned over SCIM */
	int upstream_only;   /* exists only at the IdP, never in AWS */
	int orphan;          /* in AWS, but the IdP no longer knows it */
	int64_t up_disabled; /* disabled upstream (IdP), -1 none */
	const char *up_source; /* "entra" or "okta" */
	int64_t up_changed;    /* last status change at the IdP, -1 unknown */
	/* ground truth, computed by world_finish() */
	int64_t t_disabled;       /* -1 when active at the end */
	const char *how_disabled; /* how (see truth.c) */
	int64_t t_deleted;        /* -1 when not deleted */
	int64_t t_created;        /* creation seen in the logs, -1 */
	int deleted_live;         /* live state for scripts */
	int disabled_live;        /* live state for scripts */
};

struct group {
	char id[40];      /* GroupId, or the IAM group name */
	char *name;       /* display name / IAM group name */
	char *desc;       /* description */
	int iam_acct;     /* -1: Identity Center group; else account */
	int64_t created;  /* -1 before the logs */
	int touched;      /* some action names it (ground truth) */
	int deleted_live; /* live state */
};

struct pset {
	char arn[100];    /* arn:aws:sso:::permissionSet/ssoins-.../ps-... */
	char *name;       /* permission set name */
	char hash[17];    /* 16 hex of the AWSReservedSSO role name */
	char role_id[22]; /* AROA... of the reserved role */
};

struct actor {
	int kind;         /* AK_* */
	int acct;         /* account whose credentials these are */
	char *name;       /* who, for the truth: user, role; NULL for SCIM */
	char *role;       /* role name (AK_SSO, AK_ROLE, AK_SVC) */
	char *session;    /* fixed session name; NULL: SDK default */
	int ps;           /* permission set (AK_SSO) */
	int user;         /* IAM user (AK_IAMUSER) */
	char role_id[22]; /* AROA... */
	int client;       /* default client */
	char ip[40];      /* usual source IP */
	int scim_unknown; /* AK_SCIM: userIdentity.type Unknown */
};

/* A membership or assignment end: who did it, how, in which event. */
struct endpoint {
	int64_t t;            /* time; -1: not in the logs */
	int actor;            /* actor index, -1 */
	int channel;          /* CH_* */
	const char *event_id; /* points into the action */
	int visible;          /* the event alone identifies group and member */
};

struct interval {
	int g, u;     /* group, member (user) */
	char mid[37]; /* MembershipId (Identity Center) */
	struct endpoint added, removed;
	int open;       /* still a member at the end */
	int mid_logged; /* a CreateGroupMembership in the logs gave mid */
};

struct assign {
	int acct, ps;  /* target account, permission set */
	int ptype;     /* 0 USER, 1 GROUP */
	int principal; /* user or group index */
	struct endpoint created, deleted;
	int open;
};

struct action {
	int64_t t;          /* eventTime, ms */
	uint32_t seq;       /* order of creation: ties in time keep it */
	int64_t sess;       /* session start (ms), 0: derive */
	uint64_t seed;      /* seed for details (ids, session) */
	int kind;           /* AC_* */
	int client;         /* CL_* */
	int err;            /* ER_* */
	int acct;           /* recipient account */
	const char *region; /* awsRegion */
	int stream;         /* delivery stream (world_finish) */
	int actor;          /* actor index */
	int g, u;           /* group, user (-1) */
	int ps, target;     /* permission set, target account */
	int ptype;          /* principal type for assignments */
	int n_members;      /* SCIM PatchGroup members */
	int members[8];     /* SCIM PatchGroup member users */
	int sub;            /* variant (read operation, attribute...) */
	int late;           /* delivered this many slots late */
	char event_id[37];  /* eventID */
	char aux[37];       /* membershipId / new id / request id */
	char *text;         /* extra text (QuickSight member...), owned */
};

struct world {
	const char *scenario;  /* scenario name */
	uint64_t seed;         /* --seed */
	int64_t start, end;    /* log window [start, end) */
	rng r;                 /* the scenario's decisions */
	char store_id[16];     /* identity store id d-... */
	char instance[40];     /* ssoins-... */
	char tenant[64];       /* SCIM tenant id */
	char scim_key[24];     /* SCIM caller accessKeyId */
	char org_id[40];       /* o-... */
	int ic_acct;           /* Identity Center account */
	const char *ic_region; /* its home region */
	int64_t scim_from;     /* SCIM records visible from, -1 */
	int64_t captured_at;   /* snapshot capture time, -1 none */
	int side_snapshots;    /* write identitystore snapshots */
	const char *upstream;  /* "entra", "okta" or NULL: IdP export */
	long bg_events;        /* background events to generate */
	int bg_dense;          /* 1: traffic in every slot (bench) */
	int layout;            /* default LAYOUT_* of the scenario */
	struct account *accts;
	int n_accts;
	struct stream *streams;
	int n_streams;
	struct user *users;
	int n_users;
	struct group *groups;
	int n_groups;
	struct pset *psets;
	int n_psets;
	struct actor *actors;
	int n_actors;
	struct action *acts;
	size_t n_acts, cap_acts;
	struct interval *live; /* live memberships (scripts) */
	int n_live, cap_live;
	struct assign *alive; /* live assignments (scripts) */
	int n_alive, cap_alive;
	/* ground truth (world_finish) */
	struct interval *mem;
	int n_mem, cap_mem;
	struct assign *asg;
	int n_asg, cap_asg;
	char **notes; /* README-style facts for summary.json */
	int n_notes;
};

typedef struct world world;

world *world_new(const char *scenario, uint64_t seed, int64_t start, int days);
void world_free(world *w);

/* Add an account; regions is a comma-separated list, home first (at
 * most 5).  us-east-1 is added when missing: IAM records there. */
int world_account(world *w, const char *id, const char *role, const char *alias,
                  const char *regions, unsigned bg_weight);
int world_user_idc(world *w, const char *user_name, const char *given,
                   const char *family, const char *email);
int world_user_iam(world *w, int acct, const char *user_name);
int world_group_idc(world *w, const char *name, const char *desc);
int world_group_iam(world *w, int acct, const char *name);
int world_pset(world *w, const char *name);

int world_actor_sso(world *w, int acct, const char *user_name, int ps,
                    int client);
int world_actor_role(world *w, int acct, const char *role, const char *session,
                     int client);
int world_actor_iam(world *w, int user, int client);
int world_actor_scim(world *w, int client, int unknown_type);
int world_actor_svc(world *w, int acct);
/* The channel a call by this actor with this client belongs to. */
int world_channel(const world *w, int actor, int client);

/* Append an action (zeroed, ids drawn); the caller fills the rest. */
struct action *world_act(world *w, int64_t t, int kind, int actor, int client);
/* A free-form fact for summary.json ("notes"). */
void world_note(world *w, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Sort actions, assign streams, compute the ground truth. */
void world_finish(world *w);
/* Stream index of (account, region); -1 if none. */
int world_stream(const world *w, int acct, const char *region);
/* eventName of an action (kind table or variant). */
const char *world_event_name(const struct action *a);

/* Draw an Identity Center style id (8-4-4-4-12 hex, "70" variant). */
void world_idc_id(rng *r, char out[37]);
/* Draw an AWS id: unique ids (AROA..., AIDA..., AGPA...) have 21
 * characters, access keys (AKIA..., ASIA...) 20. */
void world_aws_id(rng *r, const char *prefix, char out[22]);
/* GroupId (AGPA...) of IAM group g, the same wherever it is written. */
void world_iam_group_id(const world *w, int g, char out[22]);

#endif
