/* idactInt.h -- shared by the identity renderers: idact.c (callers,
 * identitystore, sso-directory), idscim.c (identitystore-scim) and
 * idadmin.c (sso, iam, quicksight). */
#ifndef TS_GEN_IDACTINT_H
#define TS_GEN_IDACTINT_H

#include "gen/idact.h"
#include "gen/rec.h"

#define HIDDEN "HIDDEN_DUE_TO_SECURITY_REASONS"

/* 2025-07-14 00:00 UTC: group names hidden, IdentityCenterUser type. */
#define T_HIDE_GROUPS INT64_C(1752451200000)

struct idc {
	const world *w;
	const struct action *a;
	deliver *d;
	rng r;                   /* from the action's seed */
	struct who who;          /* userIdentity */
	char akid[24];           /* access key id */
	char session[96];        /* role session name */
	char path[96];           /* role path */
	char ip[48];             /* sourceIPAddress */
	strbuf *ua;              /* userAgent */
	int console;             /* sessionCredentialFromConsole */
	const char *tlsv, *tlsc; /* TLS, NULL: host only */
	char host[96];           /* clientProvidedHostHeader, "" none */
	char rid[40];            /* requestID */
	char msg[512];           /* errorMessage */
	const char *err_code;    /* errorCode or NULL */
	const char *version;     /* eventVersion */
	const char *event_type;  /* eventType (AwsApiCall if NULL) */
	const char *svc_details; /* serviceEventDetails JSON */
	char created_by[128];    /* meta.createdBy of console responses */
};

/* Start the record: identity, head; returns the writer. */
jw *idact_begin(struct idc *c);
/* Close the record (read_only, resources JSON or NULL). */
void idact_end(struct idc *c, jw *w, const char *resources);
/* Java date of the event time in the style the service uses. */
const char *idact_java(const struct idc *c, char *buf);

void idscim_render(struct idc *c);
void idadmin_render(struct idc *c);

#endif
