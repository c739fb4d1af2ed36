/* idscim.c -- identitystore-scim.amazonaws.com records (see idact.h).
 *
 * Shapes are the AWS documentation's examples (reference §2.4): the
 * caller has no ARN (WebIdentityUser, or Unknown), requestParameters
 * carries httpBody, tenantId and the resource id, tlsDetails only the
 * host scim.<region>.amazonaws.com.  Names, e-mails and every PATCH
 * value are hidden; op is upper case; path is kept.  What each IdP
 * sends follows its documentation: Okta deactivates with a path-less
 * replace, removes a member by a path filter that names it, and sends
 * a displayName replace with each membership change; Entra ID sends
 * path "active" and removes members with path "members" and a
 * (hidden) value list. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/idactInt.h"

#define USER_SCHEMA "urn:ietf:params:scim:schemas:core:2.0:User"
#define GROUP_SCHEMA "urn:ietf:params:scim:schemas:core:2.0:Group"

static void
schemas(jw *w, const char *schema)
{
	jw_karr(w, "schemas");
	jw_str(w, schema);
	jw_end_arr(w);
}

static void
hidden_name(jw *w)
{
	jw_kobj(w, "name");
	jw_kstr(w, "familyName", HIDDEN);
	jw_kstr(w, "givenName", HIDDEN);
	jw_end_obj(w);
}

static void
user_body(struct idc *c, jw *w, int okta)
{
	jw_kstr(w, "displayName", HIDDEN);
	schemas(w, USER_SCHEMA);
	hidden_name(w);
	if (okta) {
		jw_karr(w, "emails");
		jw_obj(w);
		jw_kbool(w, "primary", 1);
		jw_kstr(w, "value", HIDDEN);
		jw_kstr(w, "type", "work");
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_kbool(w, "active", 1);
	jw_kstr(w, "userName", HIDDEN);
	(void)c;
}

static void
scim_meta(struct idc *c, jw *w, const char *type)
{
	char date[40];

	jw_kobj(w, "meta");
	jw_kstr(w, "created", rec_java(c->a->t, JD_COMMA, date));
	jw_kstr(w, "lastModified", date);
	jw_kstr(w, "resourceType", type);
	jw_end_obj(w);
}

static void
user_response(struct idc *c, jw *w, int okta)
{
	jw_kobj(w, "responseElements");
	scim_meta(c, w, "User");
	jw_kstr(w, "displayName", HIDDEN);
	schemas(w, USER_SCHEMA);
	hidden_name(w);
	jw_kbool(w, "active", 1);
	jw_kstr(w, "id", c->w->users[c->a->u].id);
	jw_kstr(w, "userName", HIDDEN);
	if (okta) {
		jw_karr(w, "emails");
		jw_obj(w);
		jw_kstr(w, "value", HIDDEN);
		jw_kstr(w, "type", "work");
		jw_kbool(w, "primary", 1);
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_end_obj(w);
}

static void
op(jw *w, const char *name, const char *path, int value)
{
	jw_obj(w);
	jw_kstr(w, "op", name);
	if (path) {
		jw_kstr(w, "path", path);
	}
	if (value) {
		jw_kstr(w, "value", HIDDEN);
	}
	jw_end_obj(w);
}

static void
patch_ops(struct idc *c, jw *w)
{
	static const char *const attrs[] = {"displayName", "name.familyName",
	                                    "title",
	                                    "emails[type eq \"work\"].value"};
	const struct action *a = c->a;
	char path[128];

	jw_karr(w, "operations");
	switch (a->kind) {
	case AC_SC_PATCH_ACTIVE:
		op(w, "REPLACE", "active", 1);
		break;
	case AC_SC_PATCH_DEACT:
	case AC_SC_GROUP_NAME:
		op(w, "REPLACE", NULL, 1);
		break;
	case AC_SC_PATCH_ATTR:
		op(w, "REPLACE", attrs[a->sub & 3], 1);
		if (a->sub & 4) {
			op(w, "REPLACE", "name.givenName", 1);
		}
		break;
	case AC_SC_GROUP_ADD:
		op(w, "ADD", "members", 1);
		break;
	default: /* remove */
		if (a->client != CL_OKTA) {
			op(w, "REMOVE", "members", 1);
			break;
		}
		for (int i = 0; i < a->n_members; i++) {
			snprintf(path, sizeof(path), "members[value eq \"%s\"]",
			         c->w->users[a->members[i]].id);
			op(w, "REMOVE", path, 0);
		}
	}
	jw_end_arr(w);
}

static const char *
target_id(const struct idc *c)
{
	const struct action *a = c->a;

	return a->u >= 0 ? c->w->users[a->u].id : c->w->groups[a->g].id;
}

static void
read_params(struct idc *c, jw *w)
{
	const char *name = world_event_name(c->a);

	if (strncmp(name, "Get", 3) == 0 && (c->a->u >= 0 || c->a->g >= 0)) {
		jw_kstr(w, "id", target_id(c));
		if (strcmp(name, "GetGroup") == 0) {
			jw_kstr(w, "excludedAttributes", "members");
		}
	} else if (c->a->sub & 8) {
		jw_kstr(w, "startIndex", "1");
		jw_kstr(w, "count", "100");
	} else {
		jw_kstr(w, "filter", HIDDEN);
	}
}

static void
request(struct idc *c, jw *w)
{
	const struct action *a = c->a;
	int okta = a->client == CL_OKTA;

	jw_kobj(w, "requestParameters");
	switch (a->kind) {
	case AC_SC_CREATE_USER:
	case AC_SC_PUT_USER:
		jw_kobj(w, "httpBody");
		user_body(c, w, okta);
		jw_end_obj(w);
		break;
	case AC_SC_CREATE_GROUP:
		jw_kobj(w, "httpBody");
		jw_kstr(w, "displayName", HIDDEN);
		schemas(w, GROUP_SCHEMA);
		jw_end_obj(w);
		break;
	case AC_SC_DELETE_USER:
	case AC_SC_DELETE_GROUP:
	case AC_SC_READ:
		break;
	default:
		jw_kobj(w, "httpBody");
		patch_ops(c, w);
		jw_karr(w, "schemas");
		jw_str(w, HIDDEN);
		jw_end_arr(w);
		jw_end_obj(w);
	}
	jw_kstr(w, "tenantId", c->w->tenant);
	if (a->kind == AC_SC_READ) {
		read_params(c, w);
	} else if (a->kind != AC_SC_CREATE_USER &&
	           a->kind != AC_SC_CREATE_GROUP) {
		jw_kstr(w, "id", target_id(c));
	}
	jw_end_obj(w);
}

static void
response(struct idc *c, jw *w)
{
	const struct action *a = c->a;

	if (a->err) {
		jw_knull(w, "responseElements");
	} else if (a->kind == AC_SC_CREATE_USER || a->kind == AC_SC_PUT_USER) {
		user_response(c, w, a->client == CL_OKTA);
	} else if (a->kind == AC_SC_CREATE_GROUP) {
		jw_kobj(w, "responseElements");
		scim_meta(c, w, "Group");
		jw_kstr(w, "displayName", HIDDEN);
		jw_kstr(w, "id", c->w->groups[a->g].id);
		schemas(w, GROUP_SCHEMA);
		jw_end_obj(w);
	} else {
		jw_knull(w, "responseElements");
	}
}

static void
error(struct idc *c)
{
	switch (c->a->err) {
	case ER_CONFLICT:
		c->err_code = "ConflictException";
		snprintf(c->msg, sizeof(c->msg), "%s",
		         c->a->kind == AC_SC_CREATE_GROUP
		                 ? "Duplicate GroupDisplayName"
		                 : "Duplicate UserName");
		break;
	case ER_VALIDATION:
		c->err_code = "ValidationException";
		snprintf(c->msg, sizeof(c->msg), "%s",
		         "List attribute emails exceeds allowed limit of 1");
		break;
	case ER_NOTFOUND:
		c->err_code = "ResourceNotFoundException";
		snprintf(c->msg, sizeof(c->msg), "%s", "Resource not found");
		break;
	default:
		break;
	}
}

void
idscim_render(struct idc *c)
{
	jw *w;

	c->version = "1.10";
	c->tlsv = NULL;
	error(c);
	w = idact_begin(c);
	request(c, w);
	response(c, w);
	idact_end(c, w, NULL);
}
