/* bgInt.h -- what bg.c (volume, principals) and bgev.c (the event
 * renderers) share.  Private to those two files. */
#ifndef TS_GEN_BGINT_H
#define TS_GEN_BGINT_H

#include "gen/bg.h"
#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/rng.h"

enum {
	P_APP,     /* application role (ECS task, EC2 instance) */
	P_LAMBDA,  /* Lambda execution role */
	P_CI,      /* CI/CD deploy role (Terraform, CLI) */
	P_HUMAN,   /* Identity Center user through a permission set */
	P_IAMUSER, /* legacy IAM user with access keys */
	P_CONFIG,  /* AWS Config's service-linked role */
	N_PKINDS
};

struct principal {
	int kind;         /* P_* */
	char role[96];    /* role name */
	char path[64];    /* role path ("" or "service-role/"...) */
	char role_id[22]; /* AROA... */
	char user[64];    /* IAM user name (P_IAMUSER) */
	char user_id[22]; /* AIDA... */
	int ua;           /* UA_* family */
	char ip[40];      /* source IP */
};

struct bgacct {
	int idx;            /* account index */
	const char *id;     /* account id */
	const char *alias;  /* short name */
	char kms[37];       /* a customer managed key id */
	char bucket[3][72]; /* bucket names */
	char vpc[24], subnet[32], sg[24], ami[24];
	struct principal p[8]; /* principals, one per kind and more */
	int n_p;
};

struct bg {
	const world *w;
	struct bgacct *ba; /* per account */
	unsigned *sw;      /* per stream weight */
	uint64_t wsum;     /* sum of sw */
	double *carry;     /* dense mode: fractional events carried */
	int64_t n_slots;   /* slots in the window */
	double fsum;       /* sum of the hour-of-day shape over slots */
	int *humans;       /* Identity Center users (indexes) */
	int n_humans;
	int *psets; /* permission sets humans use */
};

/* Everything one background record needs. */
struct ctx {
	struct bg *b;
	deliver *d;
	int stream;              /* where the record goes */
	const struct bgacct *ba; /* its account */
	const char *region;      /* its region */
	rng *r;                  /* the slot's generator */
	int64_t t;               /* eventTime */
	int late;                /* slots of delivery delay */
};

struct call {
	struct who who;          /* userIdentity */
	char akid[24];           /* access key */
	char session[96];        /* role session name */
	char role[128];          /* role name */
	char path[96];           /* role path */
	char ip[48];             /* sourceIPAddress */
	strbuf *ua;              /* userAgent (scratch 0) */
	int console;             /* sessionCredentialFromConsole */
	int bracket;             /* S3: UA in [brackets] */
	char rid[40];            /* requestID */
	char eid[37];            /* eventID */
	const char *tlsv, *tlsc; /* TLS profile */
	char host[128];          /* clientProvidedHostHeader */
};

/* Write one background event (or two, for cross-account AssumeRole). */
void bgev_emit(struct ctx *c);
/* Index of the world user active at t to act as a human, or -1. */
int bg_pick_human(const struct bg *b, rng *r, int64_t t);

/* Helpers the renderers share (bgev.c). */
void bgev_caller(struct ctx *c, int kind, struct call *k, const char *svc,
                 const char *name);
void bgev_service(struct ctx *c, struct call *k, const char *svc);
void bgev_host(struct call *k, const char *svc, const char *region);
jw *bgev_start(struct ctx *c, struct call *k, const char *svc, const char *name,
               const char *err_code, const char *err_msg);
void bgev_finish(struct ctx *c, struct call *k, jw *w, const char *svc,
                 const char *name, int read_only, const char *resources,
                 const char *shared);
/* us-east-1 events (IAM, sign-in...) and the large RunInstances
 * (bgmore.c). */
void bgmore_global(struct ctx *c, int what);
void bgmore_big(struct ctx *c);

#endif
