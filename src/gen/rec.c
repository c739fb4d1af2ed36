/* rec.c -- record envelope, userIdentity and time formats (see rec.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/rec.h"
#include "util/tstime.h"

struct civil {
	int64_t y;
	int mo, d, h, mi, s;
};

static struct civil
civil(int64_t t)
{
	struct civil c;
	int64_t days = t / 86400000, ms = t % 86400000;

	if (ms < 0) {
		ms += 86400000;
		days--;
	}
	tstime_civil_from_days(days, &c.y, &c.mo, &c.d);
	c.h = (int)(ms / 3600000);
	c.mi = (int)(ms / 60000 % 60);
	c.s = (int)(ms / 1000 % 60);
	return c;
}

char *
rec_iso(int64_t t, char *buf)
{
	struct civil c = civil(t);

	snprintf(buf, 21, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)c.y,
	         c.mo, c.d, c.h, c.mi, c.s);
	return buf;
}

char *
rec_iso_ms(int64_t t, char *buf)
{
	struct civil c = civil(t);

	snprintf(buf, 25, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
	         (long long)c.y, c.mo, c.d, c.h, c.mi, c.s,
	         (int)(((t % 1000) + 1000) % 1000));
	return buf;
}

char *
rec_iso_cli(int64_t t, char *buf)
{
	struct civil c = civil(t);
	int ms = (int)(((t % 1000) + 1000) % 1000);

	if (ms == 0) {
		snprintf(buf, 33, "%04lld-%02d-%02dT%02d:%02d:%02d+00:00",
		         (long long)c.y, c.mo, c.d, c.h, c.mi, c.s);
	} else {
		snprintf(buf, 33,
		         "%04lld-%02d-%02dT%02d:%02d:%02d.%03d000+00:00",
		         (long long)c.y, c.mo, c.d, c.h, c.mi, c.s, ms);
	}
	return buf;
}

char *
rec_basic(int64_t t, char *buf)
{
	struct civil c = civil(t);

	snprintf(buf, 17, "%04lld%02d%02dT%02d%02d%02dZ", (long long)c.y, c.mo,
	         c.d, c.h, c.mi, c.s);
	return buf;
}

char *
rec_java(int64_t t, int style, char *buf)
{
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
	                                  "May", "Jun", "Jul", "Aug",
	                                  "Sep", "Oct", "Nov", "Dec"};
	struct civil c = civil(t);
	int h12 = c.h % 12 == 0 ? 12 : c.h % 12;
	const char *ampm = c.h < 12 ? "AM" : "PM";
	const char *sep = style == JD_NNBSP ? "\xe2\x80\xaf" : " ";

	snprintf(buf, 40, "%s %d, %lld%s %d:%02d:%02d%s%s", mon[c.mo - 1], c.d,
	         (long long)c.y, style == JD_OLD ? "" : ",", h12, c.mi, c.s,
	         sep, ampm);
	return buf;
}

void
rec_tls_pick(uint64_t x, const char **version, const char **cipher)
{
	switch (x % 5) {
	case 0:
		*version = "TLSv1.2";
		*cipher = "ECDHE-RSA-AES128-GCM-SHA256";
		break;
	case 1:
		*version = "TLSv1.3";
		*cipher = "TLS_AES_256_GCM_SHA384";
		break;
	default:
		*version = "TLSv1.3";
		*cipher = "TLS_AES_128_GCM_SHA256";
	}
}

void
rec_begin(jw *w, const char *version)
{
	jw_obj(w);
	jw_kstr(w, "eventVersion", version);
	jw_key(w, "userIdentity");
}

static void
session_context(jw *w, const struct who *p)
{
	char date[21];

	jw_kobj(w, "sessionContext");
	jw_kobj(w, "sessionIssuer");
	if (!p->empty_issuer && p->role) {
		jw_kstr(w, "type", "Role");
		jw_kstr(w, "principalId", p->role_id);
		jw_kstrf(w, "arn", "arn:aws:iam::%s:role/%s%s", p->account,
		         p->role_path ? p->role_path : "", p->role);
		jw_kstr(w, "accountId", p->account);
		jw_kstr(w, "userName", p->role);
	}
	jw_end_obj(w);
	if (p->webid || p->empty_issuer) {
		jw_kobj(w, "webIdFederationData");
		jw_end_obj(w);
	}
	jw_kobj(w, "attributes");
	if (p->basic_date) {
		jw_kstr(w, "mfaAuthenticated", p->mfa ? p->mfa : "false");
		jw_kstr(w, "creationDate", rec_basic(p->created, date));
	} else {
		jw_kstr(w, "creationDate", rec_iso(p->created, date));
		jw_kstr(w, "mfaAuthenticated", p->mfa ? p->mfa : "false");
	}
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
assumed(jw *w, const struct who *p)
{
	jw_kstr(w, "type", "AssumedRole");
	jw_kstrf(w, "principalId", "%s:%s", p->role_id, p->session);
	jw_kstrf(w, "arn", "arn:aws:sts::%s:assumed-role/%s/%s", p->account,
	         p->role, p->session);
	jw_kstr(w, "accountId", p->account);
	if (p->akid) {
		jw_kstr(w, "accessKeyId", p->akid);
	}
	if (p->created > 0) {
		session_context(w, p);
	}
}

static void
iam_user(jw *w, const struct who *p, int root)
{
	jw_kstr(w, "type", root ? "Root" : "IAMUser");
	jw_kstr(w, "principalId", root ? p->account : p->user_id);
	if (root) {
		jw_kstrf(w, "arn", "arn:aws:iam::%s:root", p->account);
	} else {
		jw_kstrf(w, "arn", "arn:aws:iam::%s:user/%s", p->account,
		         p->user);
	}
	jw_kstr(w, "accountId", p->account);
	if (p->akid) {
		jw_kstr(w, "accessKeyId", p->akid);
	}
	if (!root) {
		jw_kstr(w, "userName", p->user);
	}
	if (p->created > 0) {
		session_context(w, p);
	}
}

static void
idc_user(jw *w, const struct who *p)
{
	if (p->type == WT_IDC_USER) {
		jw_kstr(w, "type", "IdentityCenterUser");
		jw_kstr(w, "accountId", p->account);
	} else {
		jw_kstr(w, "type", "Unknown");
		jw_kstr(w, "principalId", p->account);
		jw_kstr(w, "accountId", p->account);
		jw_kstr(w, "userName", p->user);
	}
	jw_kobj(w, "onBehalfOf");
	jw_kstr(w, "userId", p->user_id);
	jw_kstr(w, "identityStoreArn", p->store_arn);
	jw_end_obj(w);
	if (p->credential) {
		jw_kstr(w, "credentialId", p->credential);
	}
}

void
rec_identity(jw *w, const struct who *p)
{
	jw_obj(w);
	switch (p->type) {
	case WT_ASSUMED:
		assumed(w, p);
		break;
	case WT_IAMUSER:
	case WT_ROOT:
		iam_user(w, p, p->type == WT_ROOT);
		break;
	case WT_SCIM_WEB:
	case WT_SCIM_UNKNOWN:
		jw_kstr(w, "type",
		        p->type == WT_SCIM_WEB ? "WebIdentityUser" : "Unknown");
		jw_kstr(w, "accountId", p->account);
		jw_kstr(w, "accessKeyId", p->akid);
		break;
	case WT_SERVICE:
		jw_kstr(w, "type", "AWSService");
		break;
	case WT_ACCOUNT:
		jw_kstr(w, "type", "AWSAccount");
		jw_kstr(w, "principalId", p->principal);
		jw_kstr(w, "accountId", p->account);
		break;
	default:
		idc_user(w, p);
	}
	if (p->invoked_by) {
		jw_kstr(w, "invokedBy", p->invoked_by);
	}
	jw_end_obj(w);
}

void
rec_head(jw *w, const struct rec_head *h)
{
	char date[21];

	jw_kstr(w, "eventTime", rec_iso(h->t, date));
	jw_kstr(w, "eventSource", h->source);
	jw_kstr(w, "eventName", h->name);
	jw_kstr(w, "awsRegion", h->region);
	jw_kstr(w, "sourceIPAddress", h->ip);
	if (h->ua) {
		jw_kstr(w, "userAgent", h->ua);
	}
	if (h->err_code) {
		jw_kstr(w, "errorCode", h->err_code);
		jw_kstr(w, "errorMessage", h->err_msg ? h->err_msg : "");
	}
}

void
rec_tail(jw *w, const struct rec_tail *t)
{
	if (t->request_id) {
		jw_kstr(w, "requestID", t->request_id);
	}
	jw_kstr(w, "eventID", t->event_id);
	if (t->read_only >= 0) {
		jw_kbool(w, "readOnly", t->read_only);
	}
	if (t->resources) {
		jw_kraw(w, "resources", t->resources);
	}
	jw_kstr(w, "eventType", t->event_type ? t->event_type : "AwsApiCall");
	if (t->api_version) {
		jw_kstr(w, "apiVersion", t->api_version);
	}
	if (t->mgmt >= 0) {
		jw_kbool(w, "managementEvent", t->mgmt);
	}
	jw_kstr(w, "recipientAccountId", t->recipient);
	if (t->shared_id) {
		jw_kstr(w, "sharedEventID", t->shared_id);
	}
	if (t->svc_details) {
		jw_kraw(w, "serviceEventDetails", t->svc_details);
	}
	jw_kstr(w, "eventCategory", t->category ? t->category : "Management");
	if (t->addendum) {
		jw_kobj(w, "addendum");
		jw_kstr(w, "reason", t->addendum);
		jw_end_obj(w);
	}
	if (t->tls_host) {
		jw_kobj(w, "tlsDetails");
		if (t->tls_version) {
			jw_kstr(w, "tlsVersion", t->tls_version);
			jw_kstr(w, "cipherSuite", t->tls_cipher);
		}
		jw_kstr(w, "clientProvidedHostHeader", t->tls_host);
		jw_end_obj(w);
	}
	if (t->console) {
		jw_kstr(w, "sessionCredentialFromConsole", "true");
	}
	jw_end_obj(w);
}
