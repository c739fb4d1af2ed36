/* rec.h -- the CloudTrail record envelope, userIdentity and time forms.
 *
 * Every generated record is written through these three calls, which
 * fix AWS's key order (reference §1.3):
 *
 *   rec_begin(w, "1.11");           {"eventVersion":...,"userIdentity":
 *   rec_identity(w, &who);          {...}
 *   rec_head(w, &head);             eventTime ... [errorCode, errorMessage]
 *   ... requestParameters, responseElements, [additionalEventData] ...
 *   rec_tail(w, &tail);             requestID ... sessionCredentialFromConsole}
 *
 * Optional members are left out when their field is NULL (strings) or
 * -1 (flags).  Values of resources / serviceEventDetails / addendum are
 * rendered JSON text owned by the caller.  Times are ms since the epoch;
 * the formatters write into caller buffers and never allocate. */
#ifndef TS_GEN_REC_H
#define TS_GEN_REC_H

#include <stdint.h>

#include "gen/jw.h"

/* userIdentity shapes */
enum {
	WT_ASSUMED,      /* AssumedRole with sessionContext */
	WT_IAMUSER,      /* IAMUser */
	WT_ROOT,         /* Root */
	WT_SCIM_WEB,     /* SCIM caller, type WebIdentityUser */
	WT_SCIM_UNKNOWN, /* SCIM caller, type Unknown */
	WT_SERVICE,      /* AWSService + invokedBy */
	WT_ACCOUNT,      /* AWSAccount (the other side of cross-account) */
	WT_IDC_USER,     /* IdentityCenterUser (from 14 July 2025) */
	WT_IDC_UNKNOWN,  /* Unknown + userName (before 14 July 2025) */
};

struct who {
	int type;               /* WT_* */
	const char *account;    /* accountId */
	const char *principal;  /* principalId (WT_ACCOUNT, overrides) */
	const char *role;       /* role name */
	const char *role_path;  /* IAM path of the role, "" or ".../" */
	const char *role_id;    /* AROA... */
	const char *session;    /* role session name */
	const char *user;       /* IAM user name / Identity Center user */
	const char *user_id;    /* AIDA... or Identity Center user id */
	const char *akid;       /* accessKeyId, NULL: omit */
	int64_t created;        /* session creation (ms); <= 0: no context */
	const char *mfa;        /* "true" / "false" */
	const char *invoked_by; /* invokedBy, NULL: omit */
	const char *store_arn;  /* onBehalfOf.identityStoreArn */
	const char *credential; /* credentialId */
	int empty_issuer;       /* console IAM user/root: sessionIssuer {} */
	int webid;              /* add "webIdFederationData":{} */
	int basic_date;         /* creationDate in ISO basic form */
};

struct rec_head {
	int64_t t;            /* eventTime */
	const char *source;   /* eventSource */
	const char *name;     /* eventName */
	const char *region;   /* awsRegion */
	const char *ip;       /* sourceIPAddress */
	const char *ua;       /* userAgent, NULL: omit */
	const char *err_code; /* errorCode, NULL: none */
	const char *err_msg;  /* errorMessage, NULL: none */
};

struct rec_tail {
	const char *request_id;  /* requestID, NULL: omit */
	const char *event_id;    /* eventID */
	int read_only;           /* readOnly: 0, 1; -1 omit */
	const char *resources;   /* JSON array text, NULL: omit */
	const char *event_type;  /* eventType */
	const char *api_version; /* apiVersion, NULL: omit */
	int mgmt;                /* managementEvent: 0, 1; -1 omit */
	const char *recipient;   /* recipientAccountId */
	const char *shared_id;   /* sharedEventID, NULL: omit */
	const char *svc_details; /* serviceEventDetails JSON, NULL: omit */
	const char *category;    /* eventCategory */
	const char *addendum;    /* addendum.reason, NULL: omit */
	const char *tls_version; /* NULL: tlsDetails has only the host */
	const char *tls_cipher;  /* cipherSuite */
	const char *tls_host;    /* clientProvidedHostHeader; NULL: no tls */
	int console;             /* "sessionCredentialFromConsole":"true" */
};

void rec_begin(jw *w, const char *version);
void rec_identity(jw *w, const struct who *who);
void rec_head(jw *w, const struct rec_head *h);
void rec_tail(jw *w, const struct rec_tail *t);

/* "2024-10-10T13:23:45Z" into buf[21]. */
char *rec_iso(int64_t t, char *buf);
/* "20241010T132345Z" into buf[17]. */
char *rec_basic(int64_t t, char *buf);
/* "2024-10-10T13:23:45.000Z" into buf[25] (Okta style). */
char *rec_iso_ms(int64_t t, char *buf);
/* "2024-10-10T13:23:45.007000+00:00", or "2024-10-10T13:23:45+00:00"
 * on a whole second, into buf[33]: how the AWS CLI v2 prints a
 * timestamp in JSON output (Python's isoformat). */
char *rec_iso_cli(int64_t t, char *buf);

/* Java locale dates in responseElements, into buf[40]:
 * JD_COMMA  "Oct 10, 2024, 1:23:45 PM"
 * JD_NNBSP  "Oct 10, 2024, 1:23:45<U+202F>PM" (newer console records)
 * JD_OLD    "Oct 10, 2024 1:23:45 PM" (older IAM style) */
enum { JD_COMMA, JD_NNBSP, JD_OLD };
char *rec_java(int64_t t, int style, char *buf);

/* One TLS profile (version, cipher) of a few seen in real records. */
void rec_tls_pick(uint64_t x, const char **version, const char **cipher);

#endif
