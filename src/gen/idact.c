/* idact.c -- callers of identity actions, and the identitystore and
 * sso-directory records (see idact.h).  Shapes follow the reference
 * §2.2-2.3; where no public record exists (DeleteGroupMembership,
 * RemoveMemberFromGroup, DisableUser...) they mirror their documented
 * siblings, as the reference infers. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/idactInt.h"
#include "gen/ua.h"

/* 2024-12-01 and 2025-06-01 00:00 UTC */
#define T_IS_111 INT64_C(1733011200000)
#define T_SD_111 INT64_C(1748736000000)
#define T_2025 INT64_C(1735689600000)

static int
is_console_client(int client)
{
	return client == CL_BROWSER || client == CL_CONSOLE_INT;
}

/* Sessions last about an hour: actions of one actor in the same
 * 55-minute block share creationDate and access key. */
static int64_t
session_start(const world *w, const struct action *a)
{
	const int64_t period = 55 * MIN_MS;
	uint64_t h = rng_mix(w->seed, 0x73657373, (uint64_t)a->actor, 0);
	int64_t anchor = (int64_t)(h % (uint64_t)period);
	int64_t s;

	if (a->sess) {
		return a->sess;
	}
	s = a->t - ((a->t - anchor) % period);
	return s - (int64_t)(rng_mix(h, (uint64_t)s, 1, 0) % (4 * MIN_MS));
}

static void
tls(struct idc *c, const char *svc)
{
	snprintf(c->host, sizeof(c->host), "%s.%s.amazonaws.com", svc,
	         c->a->region);
	if (c->a->client == CL_GO_SDK) {
		c->tlsv = "TLSv1.2";
		c->tlsc = "ECDHE-RSA-AES128-GCM-SHA256";
	} else {
		c->tlsv = "TLSv1.3";
		c->tlsc = "TLS_AES_128_GCM_SHA256";
	}
}

static void
role_caller(struct idc *c, const struct actor *ac, int64_t sess)
{
	struct who *p = &c->who;
	rng kr;

	rng_derive(&kr, c->w->seed, 0x6b6579, (uint64_t)c->a->actor,
	           (uint64_t)sess);
	p->type = WT_ASSUMED;
	p->account = c->w->accts[ac->acct].id;
	p->role = ac->role;
	p->role_id = ac->role_id;
	p->session = c->session;
	p->akid = c->akid;
	p->created = sess;
	p->mfa = "false";
	p->role_path = c->path;
	world_aws_id(&kr, "ASIA", c->akid);
	if (ac->kind == AK_SSO) {
		snprintf(c->path, sizeof(c->path),
		         "aws-reserved/sso.amazonaws.com/%s/", c->w->ic_region);
		snprintf(c->session, sizeof(c->session), "%s", ac->name);
	} else if (ac->kind == AK_SVC) {
		snprintf(c->path, sizeof(c->path),
		         "aws-service-role/sso.amazonaws.com/");
		snprintf(c->session, sizeof(c->session), "AWS-SSO");
		p->invoked_by = "sso.amazonaws.com";
		p->webid = 1;
	} else if (ac->session) {
		snprintf(c->session, sizeof(c->session), "%s", ac->session);
	} else {
		/* aws-sdk-go-v2's default: aws-go-sdk-<UnixNano> */
		snprintf(c->session, sizeof(c->session), "aws-go-sdk-%lld%09u",
		         (long long)(sess / 1000),
		         (unsigned)rng_below(&kr, 1000000000));
	}
	snprintf(c->created_by, sizeof(c->created_by), "%s:%s", ac->role_id,
	         c->session);
}

static void
user_caller(struct idc *c, const struct actor *ac, int64_t sess)
{
	const struct user *u = &c->w->users[ac->user];
	struct who *p = &c->who;
	rng kr;

	rng_derive(&kr, c->w->seed, 0x6b6579, (uint64_t)c->a->actor,
	           (uint64_t)sess);
	p->type = ac->kind == AK_ROOT ? WT_ROOT : WT_IAMUSER;
	p->account = c->w->accts[ac->acct].id;
	p->user = u->user_name;
	p->user_id = u->iam_uid;
	p->akid = c->akid;
	if (is_console_client(c->a->client)) {
		world_aws_id(&kr, "ASIA", c->akid);
		p->created = sess;
		p->mfa = "true";
		p->empty_issuer = 1;
	} else {
		world_aws_id(&kr, "AKIA", c->akid);
	}
}

static void
user_agent(struct idc *c, int64_t sess)
{
	const struct action *a = c->a;
	char cmd[96], sid[13];
	rng sr;

	if (a->client == CL_SERVICE) {
		strbuf_adds(c->ua, "sso.amazonaws.com");
		return;
	}
	if (a->client == CL_CFN) {
		strbuf_adds(c->ua, "cloudformation.amazonaws.com");
		return;
	}
	ua_cli_command(cmd, sizeof(cmd), world_kinds[a->kind].source,
	               world_event_name(a));
	rng_derive(&sr, c->w->seed, 0x736964, (uint64_t)a->actor,
	           (uint64_t)(sess / (30 * MIN_MS)));
	rng_hex(&sr, sid, 12);
	if (a->client == CL_TERRAFORM) {
		const char *src = world_kinds[a->kind].source;

		snprintf(cmd, sizeof(cmd), "%s",
		         strncmp(src, "sso.", 4) == 0   ? "ssoadmin"
		         : strncmp(src, "iam.", 4) == 0 ? "iam"
		                                        : "identitystore");
	}
	ua_write(c->ua, ua_of_client(a->client), &c->r, a->t, cmd, sid);
}

static void
source_ip(struct idc *c, const struct actor *ac, int64_t sess)
{
	switch (c->a->client) {
	case CL_CLOUDSHELL:
		snprintf(c->ip, sizeof(c->ip), "198.51.100.%d",
		         (int)(rng_mix(sess, 1, 2, 3) % 40) + 10);
		break;
	case CL_GO_SDK:
		snprintf(c->ip, sizeof(c->ip), "198.51.100.%d",
		         (int)(rng_mix(sess, 4, 5, 6) % 60) + 130);
		break;
	case CL_SERVICE:
	case CL_CFN:
		snprintf(c->ip, sizeof(c->ip), "%s",
		         c->a->client == CL_CFN ? "cloudformation.amazonaws.com"
		                                : "sso.amazonaws.com");
		break;
	default:
		snprintf(c->ip, sizeof(c->ip), "%s", ac->ip);
	}
}

static void
setup_caller(struct idc *c)
{
	const struct action *a = c->a;
	const struct actor *ac = &c->w->actors[a->actor];
	int64_t sess = session_start(c->w, a);

	switch (ac->kind) {
	case AK_SCIM:
		/* the older AWS example shows Unknown for every call */
		c->who.type = ac->scim_unknown || a->err || a->t < T_2025
		                      ? WT_SCIM_UNKNOWN
		                      : WT_SCIM_WEB;
		c->who.account = c->w->accts[c->w->ic_acct].id;
		c->who.akid = c->w->scim_key;
		snprintf(c->ip, sizeof(c->ip), "%s", ac->ip);
		ua_write(c->ua, ua_of_client(a->client), &c->r, a->t, NULL,
		         NULL);
		snprintf(c->host, sizeof(c->host), "scim.%s.amazonaws.com",
		         a->region);
		return;
	case AK_IAMUSER:
	case AK_ROOT:
		user_caller(c, ac, sess);
		break;
	default:
		role_caller(c, ac, sess);
	}
	source_ip(c, ac, sess);
	user_agent(c, sess);
	c->console = is_console_client(a->client) || a->client == CL_CLOUDSHELL;
	if (a->client == CL_CFN) {
		c->who.invoked_by = "cloudformation.amazonaws.com";
	}
}

const char *
idact_java(const struct idc *c, char *buf)
{
	int style = c->a->t >= T_2025 && is_console_client(c->a->client)
	                    ? JD_NNBSP
	                    : JD_COMMA;

	return rec_java(c->a->t, style, buf);
}

jw *
idact_begin(struct idc *c)
{
	const struct action *a = c->a;
	jw *w = deliver_record(c->d, a->stream, a->t, a->late);
	struct rec_head h = {a->t,
	                     world_kinds[a->kind].source,
	                     world_event_name(a),
	                     a->region,
	                     c->ip,
	                     strbuf_str(c->ua),
	                     c->err_code,
	                     c->msg};

	rec_begin(w, c->version);
	rec_identity(w, &c->who);
	rec_head(w, &h);
	return w;
}

void
idact_end(struct idc *c, jw *w, const char *resources)
{
	const struct action *a = c->a;
	struct rec_tail t = {0};

	t.request_id = c->rid;
	t.event_id = a->event_id;
	t.read_only = world_kinds[a->kind].read;
	t.resources = resources;
	t.event_type = c->event_type;
	t.mgmt = 1;
	t.recipient = c->w->accts[a->acct].id;
	t.svc_details = c->svc_details;
	t.addendum = a->late && (a->seed & 3) == 0 ? "DELIVERY_DELAY" : NULL;
	if (c->host[0]) {
		t.tls_version = c->tlsv;
		t.tls_cipher = c->tlsc;
		t.tls_host = c->host;
	}
	t.console = c->console;
	rec_tail(w, &t);
	deliver_end(c->d, world_kinds[a->kind].source, world_event_name(a));
}

/* errorMessage of a denied call. */
static void
denied(struct idc *c, const char *svc, const char *resource)
{
	const struct action *a = c->a;

	c->err_code = "AccessDenied";
	if (c->who.type == WT_ASSUMED) {
		snprintf(c->msg, sizeof(c->msg),
		         "User: arn:aws:sts::%s:assumed-role/%s/%s is not "
		         "authorized to perform: %s:%s on resource: %s because "
		         "no identity-based policy allows the %s:%s action",
		         c->who.account, c->who.role, c->who.session, svc,
		         world_event_name(a), resource, svc,
		         world_event_name(a));
	} else {
		snprintf(c->msg, sizeof(c->msg),
		         "User: arn:aws:iam::%s:user/%s is not authorized to "
		         "perform: %s:%s on resource: %s because no "
		         "identity-based policy allows the %s:%s action",
		         c->who.account, c->who.user, svc, world_event_name(a),
		         resource, svc, world_event_name(a));
	}
}

/* --- identitystore.amazonaws.com ----------------------------------- */

/* The public API's CreateUser, with names and e-mails hidden. */
static void
is_create_user(jw *w)
{
	jw_kstr(w, "userName", HIDDEN);
	jw_kobj(w, "name");
	jw_kstr(w, "familyName", HIDDEN);
	jw_kstr(w, "givenName", HIDDEN);
	jw_end_obj(w);
	jw_kstr(w, "displayName", HIDDEN);
	jw_karr(w, "emails");
	jw_obj(w);
	jw_kstr(w, "value", HIDDEN);
	jw_kstr(w, "type", "work");
	jw_kbool(w, "primary", 1);
	jw_end_obj(w);
	jw_end_arr(w);
}

static void
is_request(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const world *wd = c->w;
	static const char *const attrs[] = {"displayName", "name.familyName",
	                                    "title", "emails"};
	const char *op = world_event_name(a);

	jw_kobj(w, "requestParameters");
	jw_kstr(w, "identityStoreId", wd->store_id);
	switch (a->kind) {
	case AC_IS_ADD:
		jw_kstr(w, "groupId", wd->groups[a->g].id);
		jw_kobj(w, "memberId");
		jw_kstr(w, "userId", wd->users[a->u].id);
		jw_end_obj(w);
		break;
	case AC_IS_DEL:
		jw_kstr(w, "membershipId", a->aux);
		break;
	case AC_IS_CREATE_USER:
		is_create_user(w);
		break;
	case AC_IS_UPDATE_USER:
		jw_kstr(w, "userId", wd->users[a->u].id);
		jw_karr(w, "operations");
		jw_obj(w);
		jw_kstr(w, "attributePath", attrs[a->sub & 3]);
		jw_kstr(w, "attributeValue", HIDDEN);
		jw_end_obj(w);
		jw_end_arr(w);
		break;
	case AC_IS_DELETE_USER:
		jw_kstr(w, "userId", wd->users[a->u].id);
		break;
	case AC_IS_CREATE_GROUP:
		jw_kstr(w, "displayName",
		        a->t >= T_HIDE_GROUPS ? HIDDEN : wd->groups[a->g].name);
		jw_kstr(w, "description",
		        a->t >= T_HIDE_GROUPS ? HIDDEN : wd->groups[a->g].desc);
		break;
	default: /* reads */
		if (strcmp(op, "ListGroupMembershipsForMember") == 0 &&
		    a->u >= 0) {
			jw_kobj(w, "memberId");
			jw_kstr(w, "userId", wd->users[a->u].id);
			jw_end_obj(w);
		} else if (a->g >= 0 && strstr(op, "Group") &&
		           strcmp(op, "ListGroups") != 0) {
			jw_kstr(w, "groupId", wd->groups[a->g].id);
		} else if (a->u >= 0 && strcmp(op, "DescribeUser") == 0) {
			jw_kstr(w, "userId", wd->users[a->u].id);
		}
	}
	jw_end_obj(w);
}

static void
is_response(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const world *wd = c->w;

	if (a->err || (a->kind != AC_IS_ADD && a->kind != AC_IS_CREATE_USER &&
	               a->kind != AC_IS_CREATE_GROUP)) {
		jw_knull(w, "responseElements");
		return;
	}
	jw_kobj(w, "responseElements");
	if (a->kind == AC_IS_ADD) {
		jw_kstr(w, "membershipId", a->aux);
	} else if (a->kind == AC_IS_CREATE_USER) {
		jw_kstr(w, "userId", wd->users[a->u].id);
	} else {
		jw_kstr(w, "groupId", wd->groups[a->g].id);
	}
	jw_kstr(w, "identityStoreId", wd->store_id);
	jw_end_obj(w);
}

static void
identitystore(struct idc *c)
{
	char res[128];
	jw *w;

	c->version = c->a->t < T_IS_111 ? "1.10" : "1.11";
	tls(c, "identitystore");
	if (c->a->err == ER_DENIED) {
		snprintf(res, sizeof(res),
		         "arn:aws:identitystore::%s:identitystore/%s",
		         c->w->accts[c->w->ic_acct].id, c->w->store_id);
		denied(c, "identitystore", res);
	} else if (c->a->err) {
		c->err_code = "ResourceNotFoundException";
		snprintf(c->msg, sizeof(c->msg), "GROUP not found.");
	}
	w = idact_begin(c);
	is_request(c, w);
	is_response(c, w);
	idact_end(c, w, NULL);
}

/* --- sso-directory.amazonaws.com (console) ------------------------- */

static void
meta(struct idc *c, jw *w)
{
	char date[40];

	jw_kobj(w, "meta");
	jw_kstr(w, "createdAt", idact_java(c, date));
	jw_kstr(w, "updatedAt", date);
	jw_kstr(w, "createdBy", c->created_by);
	jw_kstr(w, "updatedBy", c->created_by);
	jw_end_obj(w);
}

static void
empty_attributes(jw *w, int verification)
{
	jw_kobj(w, "userAttributes");
	jw_kobj(w, "emails");
	jw_karr(w, "complexListValue");
	jw_obj(w);
	if (verification) {
		jw_kobj(w, "verificationStatus");
		jw_end_obj(w);
	}
	jw_kobj(w, "type");
	jw_end_obj(w);
	jw_kobj(w, "value");
	jw_end_obj(w);
	jw_kobj(w, "primary");
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kobj(w, "displayName");
	jw_end_obj(w);
	jw_kobj(w, "name");
	jw_kobj(w, "complexValue");
	jw_kobj(w, "givenName");
	jw_end_obj(w);
	jw_kobj(w, "familyName");
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
sd_create_user(struct idc *c, jw *w)
{
	jw_kstr(w, "passwordMode", "EMAIL");
	jw_kbool(w, "active", 1);
	empty_attributes(w, 0);
	jw_end_obj(w);
	if (c->a->err) {
		jw_knull(w, "responseElements");
		return;
	}
	jw_kobj(w, "responseElements");
	jw_kobj(w, "user");
	jw_kstr(w, "userId", c->w->users[c->a->u].id);
	empty_attributes(w, 1);
	jw_kbool(w, "active", 1);
	meta(c, w);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
sd_create_group(struct idc *c, jw *w)
{
	const struct group *g = &c->w->groups[c->a->g];
	int hide = c->a->t >= T_HIDE_GROUPS;

	jw_kstr(w, "displayName", hide ? HIDDEN : g->name);
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	jw_kobj(w, "group");
	jw_kstr(w, "groupId", g->id);
	jw_kstr(w, "displayName", hide ? HIDDEN : g->name);
	jw_kobj(w, "groupAttributes");
	if (g->desc[0]) {
		jw_kobj(w, "description");
		jw_kstr(w, "stringValue", hide ? HIDDEN : g->desc);
		jw_end_obj(w);
	}
	jw_end_obj(w);
	meta(c, w);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
sd_read(struct idc *c, jw *w, const char *op)
{
	const struct action *a = c->a;

	if (strcmp(op, "ListMembersInGroup") == 0 && a->g >= 0) {
		jw_kstr(w, "groupId", c->w->groups[a->g].id);
		jw_kint(w, "maxResults", 100);
	} else if (strcmp(op, "ListGroupsForUser") == 0 && a->u >= 0) {
		jw_kstr(w, "userId", c->w->users[a->u].id);
		jw_kint(w, "maxResults", 100);
	} else if (strncmp(op, "Search", 6) == 0) {
		jw_kint(w, "maxResults", 100);
	} else if (strcmp(op, "ListBearerTokens") == 0) {
		jw_kstr(w, "tenantId", c->w->tenant);
	}
}

static void
sd_body(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const world *wd = c->w;
	char date[40];

	jw_kobj(w, "requestParameters");
	jw_kstr(w, "identityStoreId", wd->store_id);
	switch (a->kind) {
	case AC_SD_ADD:
	case AC_SD_REMOVE:
		jw_kstr(w, "groupId", wd->groups[a->g].id);
		jw_kobj(w, "member");
		jw_kstr(w, "memberId", wd->users[a->u].id);
		jw_end_obj(w);
		break;
	case AC_SD_CREATE_USER:
		sd_create_user(c, w);
		return;
	case AC_SD_CREATE_GROUP:
		sd_create_group(c, w);
		return;
	case AC_SD_UPDATE_USER:
		jw_kstr(w, "userId", wd->users[a->u].id);
		empty_attributes(w, 0);
		break;
	case AC_SD_DISABLE_USER:
	case AC_SD_ENABLE_USER:
	case AC_SD_DELETE_USER:
		jw_kstr(w, "userId", wd->users[a->u].id);
		break;
	case AC_SD_DELETE_GROUP:
		jw_kstr(w, "groupId", wd->groups[a->g].id);
		break;
	case AC_SD_CREATE_TENANT:
		break;
	case AC_SD_CREATE_TOKEN:
	case AC_SD_DELETE_TOKEN:
		jw_kstr(w, "tenantId", wd->tenant);
		if (a->kind == AC_SD_DELETE_TOKEN) {
			jw_kstr(w, "tokenId", a->aux);
		}
		break;
	default:
		sd_read(c, w, world_event_name(a));
	}
	jw_end_obj(w);
	if (a->kind == AC_SD_CREATE_TENANT && !a->err) {
		jw_kobj(w, "responseElements");
		jw_kstr(w, "tenantId", wd->tenant);
		jw_kstrf(w, "scimEndpoint",
		         "https://scim.%s.amazonaws.com/%s/scim/v2/", a->region,
		         wd->tenant);
		jw_end_obj(w);
	} else if (a->kind == AC_SD_CREATE_TOKEN && !a->err) {
		jw_kobj(w, "responseElements");
		jw_kstr(w, "tokenId", a->aux);
		jw_kstr(w, "expiresAt",
		        rec_java(a->t + 365 * DAY_MS, JD_COMMA, date));
		jw_end_obj(w);
	} else {
		jw_knull(w, "responseElements");
	}
}

static void
sso_directory(struct idc *c)
{
	const struct action *a = c->a;
	int read = world_kinds[a->kind].read;
	jw *w;

	c->version = a->t < T_SD_111 || (a->seed & 7) == 0 ? "1.09" : "1.11";
	tls(c, read && a->t >= T_2025 ? "identitystore" : "up.sso");
	if (a->err == ER_DENIED) {
		char res[128];

		snprintf(res, sizeof(res), "arn:aws:sso-directory:::%s",
		         c->w->store_id);
		denied(c, "sso-directory", res);
	}
	w = idact_begin(c);
	sd_body(c, w);
	idact_end(c, w, NULL);
}

void
idact_render(const world *w, const struct action *a, deliver *d)
{
	struct idc c;
	const char *src = world_kinds[a->kind].source;

	memset(&c, 0, sizeof(c));
	c.w = w;
	c.a = a;
	c.d = d;
	rng_seed(&c.r, a->seed);
	c.ua = deliver_scratch(d, 4);
	rng_uuid(&c.r, c.rid);
	setup_caller(&c);
	if (strcmp(src, "identitystore.amazonaws.com") == 0) {
		identitystore(&c);
	} else if (strcmp(src, "sso-directory.amazonaws.com") == 0) {
		sso_directory(&c);
	} else if (strcmp(src, "identitystore-scim.amazonaws.com") == 0) {
		idscim_render(&c);
	} else {
		idadmin_render(&c);
	}
}
