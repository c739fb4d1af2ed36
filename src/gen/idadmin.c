/* idadmin.c -- sso.amazonaws.com, iam.amazonaws.com and the QuickSight
 * same-name trap (see idact.h).
 *
 * Account assignments follow the console records of reference §2.5:
 * "AWS Internal" without tlsDetails from the older console, a browser
 * UA with sso.<region> host from 2025; IN_PROGRESS status, since the
 * work is asynchronous.  IAM records land in us-east-1 of the account;
 * a denied IAM call has "requestParameters":null.  Identity Center's
 * own CreateRole of AWSReservedSSO_* roles in member accounts comes
 * from its service-linked role with invokedBy sso.amazonaws.com. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/idactInt.h"

/* 2025-03-01 00:00 UTC */
#define T_SSO_111 INT64_C(1740787200000)

static const char *const qs_groups[] = {"finance-analysts", "marketing",
                                        "executive-dashboards"};

static void
assignment_fields(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const world *wd = c->w;

	jw_kstr(w, "targetId", wd->accts[a->target].id);
	jw_kstr(w, "targetType", "AWS_ACCOUNT");
	jw_kstr(w, "permissionSetArn", wd->psets[a->ps].arn);
	jw_kstr(w, "principalType", a->ptype == 0 ? "USER" : "GROUP");
	jw_kstr(w, "principalId",
	        a->ptype == 0 ? wd->users[a->u].id : wd->groups[a->g].id);
}

static void
assignment(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	int create = a->kind == AC_SSO_CREATE_ASSIGN;

	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "instanceArn", "arn:aws:sso:::instance/%s", c->w->instance);
	assignment_fields(c, w);
	jw_end_obj(w);
	if (a->err) {
		jw_knull(w, "responseElements");
		return;
	}
	jw_kobj(w, "responseElements");
	jw_kobj(w, create ? "accountAssignmentCreationStatus"
	                  : "accountAssignmentDeletionStatus");
	jw_kstr(w, "status", "IN_PROGRESS");
	jw_kstr(w, "requestId", a->aux);
	assignment_fields(c, w);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
provision(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	char date[40];

	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "instanceArn", "arn:aws:sso:::instance/%s", c->w->instance);
	jw_kstr(w, "permissionSetArn", c->w->psets[a->ps].arn);
	jw_kstr(w, "targetId", c->w->accts[a->target].id);
	jw_kstr(w, "targetType", "AWS_ACCOUNT");
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	jw_kobj(w, "permissionSetProvisioningStatus");
	jw_kstr(w, "status", "IN_PROGRESS");
	jw_kstr(w, "requestId", a->aux);
	jw_kstr(w, "accountId", c->w->accts[a->target].id);
	jw_kstr(w, "permissionSetArn", c->w->psets[a->ps].arn);
	jw_kstr(w, "createdDate", idact_java(c, date));
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
sso_read(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const char *op = world_event_name(a);
	int ps = a->ps >= 0 ? a->ps : 0;

	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "instanceArn", "arn:aws:sso:::instance/%s", c->w->instance);
	if (strcmp(op, "ListAccountAssignments") == 0) {
		jw_kstr(w, "accountId",
		        c->w->accts[a->target >= 0 ? a->target : 0].id);
		jw_kstr(w, "permissionSetArn", c->w->psets[ps].arn);
	} else if (strcmp(op, "DescribeAccountAssignmentCreationStatus") == 0) {
		jw_kstr(w, "accountAssignmentCreationRequestId", c->rid);
	} else if (strcmp(op, "ListPermissionSets") != 0) {
		jw_kstr(w, "permissionSetArn", c->w->psets[ps].arn);
	}
	jw_end_obj(w);
	jw_knull(w, "responseElements");
}

/* Access portal: the user acts through Identity Center itself. */
static void
portal(struct idc *c)
{
	const struct action *a = c->a;
	const world *wd = c->w;
	const char *op = world_event_name(a);
	static char arn[128], details[256], cred[64];
	const char *role = wd->psets[a->ps >= 0 ? a->ps : 0].name;
	const char *acct = wd->accts[a->target >= 0 ? a->target : 0].id;
	jw *w;

	snprintf(arn, sizeof(arn), "arn:aws:identitystore::%s:identitystore/%s",
	         wd->accts[wd->ic_acct].id, wd->store_id);
	memset(&c->who, 0, sizeof(c->who));
	c->who.type = a->t >= T_HIDE_GROUPS ? WT_IDC_USER : WT_IDC_UNKNOWN;
	c->who.account = wd->accts[wd->ic_acct].id;
	c->who.user = wd->users[a->u].user_name;
	c->who.user_id = wd->users[a->u].id;
	c->who.store_arn = arn;
	rng_chars(&c->r, cred, 60, RNG_ALNUM);
	c->who.credential = cred;
	c->console = 0;
	c->version = "1.08";
	snprintf(c->ip, sizeof(c->ip), "192.0.2.%d", 10 + a->u % 200);
	snprintf(c->host, sizeof(c->host), "portal.sso.%s.amazonaws.com",
	         a->region);
	c->tlsv = "TLSv1.3";
	c->tlsc = "TLS_AES_128_GCM_SHA256";
	if (strcmp(op, "Federate") == 0) {
		c->event_type = "AwsServiceEvent";
		snprintf(details, sizeof(details),
		         "{\"role_name\":\"%s\",\"account_id\":\"%s\"}", role,
		         acct);
		c->svc_details = details;
	}
	w = idact_begin(c);
	if (strcmp(op, "GetRoleCredentials") == 0 ||
	    strcmp(op, "ListAccountRoles") == 0) {
		jw_kobj(w, "requestParameters");
		if (op[0] == 'G') {
			jw_kstr(w, "roleName", role);
		}
		jw_kstr(w, "accountId", acct);
		jw_end_obj(w);
	} else {
		jw_knull(w, "requestParameters");
	}
	jw_knull(w, "responseElements");
	idact_end(c, w, NULL);
}

static void
sso(struct idc *c)
{
	const struct action *a = c->a;
	jw *w;

	if (a->kind == AC_SSO_PORTAL) {
		portal(c);
		return;
	}
	c->version = a->t < T_SSO_111 ? "1.09" : "1.11";
	if (a->client != CL_CONSOLE_INT) {
		snprintf(c->host, sizeof(c->host), "sso.%s.amazonaws.com",
		         a->region);
		c->tlsv = "TLSv1.3";
		c->tlsc = "TLS_AES_128_GCM_SHA256";
	}
	if (a->err == ER_DENIED) {
		c->err_code = "AccessDeniedException";
		snprintf(c->msg, sizeof(c->msg),
		         "User: arn:aws:sts::%s:assumed-role/%s/%s is not "
		         "authorized to perform: sso:%s on resource: "
		         "arn:aws:sso:::instance/%s",
		         c->who.account, c->who.role, c->who.session,
		         world_event_name(a), c->w->instance);
	}
	w = idact_begin(c);
	if (a->kind == AC_SSO_PROVISION) {
		provision(c, w);
	} else if (a->kind == AC_SSO_READ) {
		sso_read(c, w);
	} else {
		assignment(c, w);
	}
	idact_end(c, w, NULL);
}

/* --- iam.amazonaws.com ---------------------------------------------- */

static void
saml_trust(const struct idc *c, char *out, size_t size)
{
	snprintf(out, size,
	         "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
	         "\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::%s:"
	         "saml-provider/AWSSSO_%.16s_DO_NOT_DELETE\"},\"Action\":["
	         "\"sts:AssumeRoleWithSAML\",\"sts:TagSession\"],\"Condition\":"
	         "{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon."
	         "com/saml\"}}}]}",
	         c->w->accts[c->a->acct].id, c->w->instance + 7);
}

static void
sso_role(struct idc *c, jw *w)
{
	const struct pset *p = &c->w->psets[c->a->ps];
	char trust[512], name[160], date[40];

	saml_trust(c, trust, sizeof(trust));
	snprintf(name, sizeof(name), "AWSReservedSSO_%s_%s", p->name, p->hash);
	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "path", "/aws-reserved/sso.amazonaws.com/%s/",
	         c->w->ic_region);
	jw_kstr(w, "roleName", name);
	jw_kstr(w, "assumeRolePolicyDocument", trust);
	jw_kint(w, "maxSessionDuration", 3600);
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	jw_kobj(w, "role");
	jw_kstrf(w, "path", "/aws-reserved/sso.amazonaws.com/%s/",
	         c->w->ic_region);
	jw_kstr(w, "roleName", name);
	jw_kstr(w, "roleId", p->role_id);
	jw_kstrf(w, "arn",
	         "arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/%s/%s",
	         c->w->accts[c->a->acct].id, c->w->ic_region, name);
	jw_kstr(w, "createDate", rec_java(c->a->t, JD_COMMA, date));
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
iam_created(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const char *acct = c->w->accts[a->acct].id;
	char date[40], gid[22];

	jw_kobj(w, "responseElements");
	if (a->kind == AC_IAM_CREATE_USER) {
		const struct user *u = &c->w->users[a->u];

		jw_kobj(w, "user");
		jw_kstr(w, "path", "/");
		jw_kstr(w, "userName", u->user_name);
		jw_kstr(w, "userId", u->iam_uid);
		jw_kstrf(w, "arn", "arn:aws:iam::%s:user/%s", acct,
		         u->user_name);
	} else {
		world_iam_group_id(c->w, a->g, gid);
		jw_kobj(w, "group");
		jw_kstr(w, "path", "/");
		jw_kstr(w, "groupName", c->w->groups[a->g].name);
		jw_kstr(w, "groupId", gid);
		jw_kstrf(w, "arn", "arn:aws:iam::%s:group/%s", acct,
		         c->w->groups[a->g].name);
	}
	jw_kstr(w, "createDate", rec_java(a->t, JD_COMMA, date));
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
iam_request(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	const world *wd = c->w;

	jw_kobj(w, "requestParameters");
	if (a->u >= 0) {
		jw_kstr(w, "userName", wd->users[a->u].user_name);
	}
	if (a->g >= 0) {
		jw_kstr(w, "groupName", wd->groups[a->g].name);
	}
	if (a->kind == AC_IAM_KEY_INACTIVE) {
		jw_kstr(w, "accessKeyId", a->aux);
		jw_kstr(w, "status", "Inactive");
	}
	jw_end_obj(w);
}

static void
iam(struct idc *c)
{
	const struct action *a = c->a;
	jw *w;

	c->version = a->t < T_SSO_111 ? "1.08" : "1.09";
	if (a->client != CL_CONSOLE_INT && a->client != CL_SERVICE) {
		snprintf(c->host, sizeof(c->host), "iam.amazonaws.com");
		c->tlsv = "TLSv1.3";
		c->tlsc = "TLS_AES_128_GCM_SHA256";
	}
	if (a->err == ER_DENIED) {
		char res[160];

		snprintf(res, sizeof(res), "%s %s",
		         a->g >= 0 ? "group" : "user",
		         a->g >= 0   ? c->w->groups[a->g].name
		         : a->u >= 0 ? c->w->users[a->u].user_name
		                     : "*");
		c->err_code = "AccessDenied";
		snprintf(c->msg, sizeof(c->msg),
		         "User: arn:aws:sts::%s:assumed-role/%s/%s is not "
		         "authorized to perform: iam:%s on resource: %s "
		         "because no identity-based policy allows the iam:%s "
		         "action",
		         c->who.account, c->who.role ? c->who.role : "-",
		         c->who.session ? c->who.session : "-",
		         world_event_name(a), res, world_event_name(a));
	}
	w = idact_begin(c);
	if (a->err) {
		jw_knull(w, "requestParameters");
		jw_knull(w, "responseElements");
	} else if (a->kind == AC_IAM_SSO_ROLE) {
		sso_role(c, w);
	} else {
		iam_request(c, w);
		if (a->kind == AC_IAM_CREATE_USER ||
		    a->kind == AC_IAM_CREATE_GROUP) {
			iam_created(c, w);
		} else {
			jw_knull(w, "responseElements");
		}
	}
	idact_end(c, w, NULL);
}

/* --- quicksight.amazonaws.com: CreateGroupMembership, not Identity
 * Center's --------------------------------------------------------- */

static void
quicksight(struct idc *c)
{
	const struct action *a = c->a;
	const char *acct = c->w->accts[a->acct].id;
	const char *group = qs_groups[a->sub % 3];
	jw *w;

	c->version = (a->seed & 1) ? "1.11" : "1.08";
	c->host[0] = '\0';
	c->console = 1;
	strbuf_reset(c->ua);
	strbuf_adds(c->ua, "AWS Internal");
	w = idact_begin(c);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "memberName", a->text);
	jw_kstr(w, "groupName", group);
	jw_kstr(w, "awsAccountId", acct);
	jw_kstr(w, "namespace", "default");
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	if (a->kind == AC_QS_ADD) {
		jw_kobj(w, "groupMember");
		jw_kstrf(w, "arn", "arn:aws:quicksight:%s:%s:user/default/%s",
		         a->region, acct, a->text);
		jw_kstr(w, "memberName", a->text);
		jw_kstr(w, "email", HIDDEN);
		jw_end_obj(w);
	}
	jw_kstr(w, "requestId", c->rid);
	jw_kint(w, "status", 200);
	jw_end_obj(w);
	idact_end(c, w, NULL);
}

void
idadmin_render(struct idc *c)
{
	const char *src = world_kinds[c->a->kind].source;

	if (strcmp(src, "sso.amazonaws.com") == 0) {
		sso(c);
	} else if (strcmp(src, "iam.amazonaws.com") == 0) {
		iam(c);
	} else {
		quicksight(c);
	}
}
