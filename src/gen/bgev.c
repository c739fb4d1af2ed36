/* bgev.c -- background event renderers (see bgInt.h).
 *
 * Each ev_* function writes one record in AWS's shape for that service,
 * with the caller drawn from the account's principals: roles of
 * applications, Lambda functions and CI, Identity Center users through
 * a permission set (console or CLI), a legacy IAM user, AWS Config's
 * service-linked role, or an AWS service itself.  Strings with unusual
 * characters (non-ASCII S3 keys, "$LATEST" log streams, policy
 * documents as escaped JSON) and the alternative escapes (\/, \u00e9)
 * appear on purpose: the tokenizer must meet them. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/bgInt.h"
#include "gen/ua.h"

/* 2025-01-01 and 2025-04-01 00:00 UTC */
#define T_2025 INT64_C(1735689600000)
#define T_2025Q2 INT64_C(1743465600000)

static const char *
version(struct ctx *c, const char *svc)
{
	int late = c->t >= T_2025Q2;

	if (strcmp(svc, "s3") == 0) {
		return c->t < T_2025 ? "1.09" : late ? "1.11" : "1.10";
	}
	if (strcmp(svc, "ec2") == 0) {
		return "1.10";
	}
	if (strcmp(svc, "kms") == 0 || strcmp(svc, "secretsmanager") == 0) {
		return late && rng_chance(c->r, 0.7) ? "1.11" : "1.08";
	}
	if (strcmp(svc, "signin") == 0) {
		return "1.09";
	}
	return "1.08";
}

static const struct principal *
pick(const struct ctx *c, int kind)
{
	const struct principal *found[8];
	int n = 0;

	for (int i = 0; i < c->ba->n_p; i++) {
		if (c->ba->p[i].kind == kind) {
			found[n++] = &c->ba->p[i];
		}
	}
	return n ? found[rng_below(c->r, (uint32_t)n)] : &c->ba->p[0];
}

/* Generator of the session `who` (a role or user id, and the account) is
 * in at time t.  Sessions last `period_ms`, staggered per principal, so
 * all calls of one session share its access key and name, as in real
 * CloudTrail: a role session makes its calls with one ASIA key for up to
 * hours, an IAM user keeps one AKIA key for months.  Derived, not drawn
 * from the slot's generator, so determinism does not depend on order. */
static rng
session_rng(const struct ctx *c, const char *who, int64_t period_ms)
{
	uint64_t h = rng_hash_str(who) ^ rng_hash_str(c->ba->id);
	int64_t bucket = (c->t + (int64_t)(h % (uint64_t)period_ms)) /
	                 period_ms;
	rng r;

	rng_seed(&r, rng_mix(h, 0x5e5510, (uint64_t)bucket, 0));
	return r;
}


static void
session_name(struct ctx *c, const struct principal *p, struct call *k)
{
	rng s = session_rng(c, p->role_id, HOUR_MS);
	char hex[33];

	switch (p->ua) {
	case UA_GO_V1:
		rng_hex(&s, hex, 17);
		snprintf(k->session, sizeof(k->session), "i-0%.16s", hex);
		break;
	case UA_BOTO3_LAMBDA:
		snprintf(k->session, sizeof(k->session), "%s-ingest",
		         c->ba->alias);
		break;
	case UA_TERRAFORM:
		rng_hex(&s, hex, 10);
		snprintf(k->session, sizeof(k->session), "GitHubActions-%s",
		         hex);
		break;
	default:
		rng_hex(&s, hex, 32);
		snprintf(k->session, sizeof(k->session), "%s", hex);
	}
}

static void
as_role(struct ctx *c, const struct principal *p, struct call *k)
{
	struct who *w = &k->who;

	w->type = WT_ASSUMED;
	w->account = c->ba->id;
	snprintf(k->role, sizeof(k->role), "%s", p->role);
	snprintf(k->path, sizeof(k->path), "%s", p->path);
	w->role = k->role;
	w->role_path = k->path;
	w->role_id = p->role_id;
	w->session = k->session;
	w->akid = k->akid;
	w->mfa = "false";
	/* one key per session: the session's generator, keyed by role and
	 * session name (a person's sessions differ by name, not role) */
	char who[160];
	snprintf(who, sizeof(who), "%s/%s", p->role_id, k->session);
	rng s = session_rng(c, who, HOUR_MS);
	world_aws_id(&s, "ASIA", k->akid);
	w->created = c->t - rng_range(&s, 60, 3300) * 1000;
}

/* An Identity Center user through a permission set; 0 if none fits. */
static int
as_human(struct ctx *c, struct call *k)
{
	const world *wd = c->b->w;
	int u = bg_pick_human(c->b, c->r, c->t);
	const struct pset *ps;

	if (u < 0 || wd->n_psets == 0) {
		return 0;
	}
	ps = &wd->psets[(u + c->ba->idx) % wd->n_psets];
	snprintf(k->session, sizeof(k->session), "%s", wd->users[u].user_name);
	as_role(c, &c->ba->p[0], k);
	snprintf(k->role, sizeof(k->role), "AWSReservedSSO_%s_%s", ps->name,
	         ps->hash);
	snprintf(k->path, sizeof(k->path), "aws-reserved/sso.amazonaws.com/%s/",
	         wd->ic_region);
	k->who.role_id = ps->role_id;
	snprintf(k->ip, sizeof(k->ip), "192.0.2.%d", 10 + u % 200);
	k->console = rng_chance(c->r, 0.5);
	return 1;
}

/* Fill the caller of a record made by principal kind `kind`. */
void
bgev_caller(struct ctx *c, int kind, struct call *k, const char *svc,
            const char *name)
{
	const struct principal *p = pick(c, kind);
	int ua = p->ua;
	char src[64], cmd[96];

	memset(k, 0, sizeof(*k));
	k->ua = deliver_scratch(c->d, 0);
	snprintf(k->ip, sizeof(k->ip), "%s", p->ip);
	rng_uuid(c->r, k->rid);
	rng_uuid(c->r, k->eid);
	rec_tls_pick(rng_next(c->r), &k->tlsv, &k->tlsc);
	if (kind == P_HUMAN && as_human(c, k)) {
		ua = k->console ? UA_BROWSER : UA_CLI_MAC;
	} else if (kind == P_IAMUSER) {
		k->who.type = WT_IAMUSER;
		k->who.account = c->ba->id;
		k->who.user = p->user;
		k->who.user_id = p->user_id;
		k->who.akid = k->akid;
		rng s = session_rng(c, p->user_id, 90 * 24 * HOUR_MS);
		world_aws_id(&s, "AKIA", k->akid);
	} else if (kind == P_CONFIG) {
		snprintf(k->session, sizeof(k->session), "AWSConfig-Describe");
		as_role(c, p, k);
		k->who.invoked_by = "config.amazonaws.com";
		snprintf(k->ip, sizeof(k->ip), "config.amazonaws.com");
		strbuf_adds(k->ua, "config.amazonaws.com");
		return;
	} else {
		if (kind == P_HUMAN) {
			p = pick(c, P_CI);
			ua = p->ua;
		}
		session_name(c, p, k);
		as_role(c, p, k);
	}
	snprintf(src, sizeof(src), "%s.amazonaws.com", svc);
	ua_cli_command(cmd, sizeof(cmd), src, name);
	ua_write(k->ua, ua, c->r, c->t,
	         ua <= UA_CLOUDSHELL && ua != UA_CLI_V1 ? cmd : svc, NULL);
}

/* An AWS service calling on its own: AWSService + invokedBy. */
void
bgev_service(struct ctx *c, struct call *k, const char *svc)
{
	memset(k, 0, sizeof(*k));
	k->ua = deliver_scratch(c->d, 0);
	k->who.type = WT_SERVICE;
	k->who.invoked_by = svc;
	snprintf(k->ip, sizeof(k->ip), "%s", svc);
	strbuf_adds(k->ua, svc);
	rng_uuid(c->r, k->rid);
	rng_uuid(c->r, k->eid);
}

jw *
bgev_start(struct ctx *c, struct call *k, const char *svc, const char *name,
           const char *err_code, const char *err_msg)
{
	jw *w = deliver_record(c->d, c->stream, c->t, c->late);
	struct rec_head h = {c->t,  NULL, name,     c->region,
	                     k->ip, NULL, err_code, err_msg};
	char src[64];

	snprintf(src, sizeof(src), "%s.amazonaws.com", svc);
	h.source = src;
	if (k->bracket) {
		strbuf *b = deliver_scratch(c->d, 1);

		strbuf_addf(b, "[%s]", strbuf_str(k->ua));
		strbuf_reset(k->ua);
		strbuf_add(k->ua, b->buf, b->len);
	}
	h.ua = strbuf_str(k->ua);
	rec_begin(w, version(c, svc));
	rec_identity(w, &k->who);
	rec_head(w, &h);
	return w;
}

/* The usual tail; host NULL: no tlsDetails (service calls). */
void
bgev_finish(struct ctx *c, struct call *k, jw *w, const char *svc,
            const char *name, int read_only, const char *resources,
            const char *shared)
{
	char src[64];
	struct rec_tail t = {0};

	snprintf(src, sizeof(src), "%s.amazonaws.com", svc);
	t.request_id = k->rid[0] ? k->rid : NULL;
	t.event_id = k->eid;
	t.read_only = read_only;
	t.resources = resources;
	t.mgmt = strcmp(svc, "s3") != 0 || strcmp(name, "ListBuckets") == 0;
	t.category = t.mgmt ? "Management" : "Data";
	t.recipient = c->ba->id;
	t.shared_id = shared;
	t.addendum = c->late && rng_chance(c->r, 0.3) ? "DELIVERY_DELAY" : NULL;
	if (k->host[0]) {
		t.tls_version = k->tlsv;
		t.tls_cipher = k->tlsc;
		t.tls_host = k->host;
	}
	t.console = k->console;
	rec_tail(w, &t);
	deliver_end(c->d, src, name);
}

void
bgev_host(struct call *k, const char *svc, const char *region)
{
	snprintf(k->host, sizeof(k->host), "%s.%s.amazonaws.com", svc, region);
}

/* --- S3 data events ------------------------------------------------ */

static void
s3_key(struct ctx *c, char *key, size_t size)
{
	static const char *const odd[] = {
	        "reports/R\xc3\xa9sum\xc3\xa9 Q3 \xe2\x80\x93 final.pdf",
	        "exports/\xe6\x9d\xb1\xe4\xba\xac/\xe3\x83\x87\xe3\x83\xbc"
	        "\xe3\x82\xbf.csv",
	        "inbox/Caf\xc3\xa9 \"menu\" (copy).docx",
	        "archive/Z\xc3\xbcrich/2024 \xe2\x80\x94 Q4.xlsx",
	        "tmp/back\\slash and spaces.txt",
	};
	char hex[9];

	if (rng_chance(c->r, 0.05)) {
		snprintf(key, size, "%s", odd[rng_below(c->r, RNG_COUNT(odd))]);
		return;
	}
	rng_hex(c->r, hex, 8);
	snprintf(key, size, "raw/%s/year=2025/part-%05u-%s.snappy.parquet",
	         c->ba->alias, (unsigned)rng_below(c->r, 2000), hex);
}

static void
s3_additional(jw *w, struct ctx *c, const struct call *k, int put,
              const char *id2)
{
	jw_kobj(w, "additionalEventData");
	jw_kstr(w, "SignatureVersion", "SigV4");
	jw_kstr(w, "CipherSuite", k->tlsc);
	jw_kint(w, "bytesTransferredIn",
	        put ? rng_range(c->r, 200, 9000000) : 0);
	jw_kstr(w, "SSEApplied", put ? "SSE_KMS" : "Default_SSE_S3");
	jw_kstr(w, "AuthenticationMethod", "AuthHeader");
	jw_kstr(w, "x-amz-id-2", id2);
	jw_kint(w, "bytesTransferredOut",
	        put ? 0 : rng_range(c->r, 200, 40000000));
	jw_end_obj(w);
}

/* resources: the object (ARN escaped like the key) and its bucket. */
static void
s3_resources(struct ctx *c, strbuf *res, const char *bucket, const char *key,
             int ascii)
{
	char arn[300];
	jw rw;

	jw_init(&rw, res, 0);
	jw_arr(&rw);
	jw_obj(&rw);
	jw_kstr(&rw, "type", "AWS::S3::Object");
	snprintf(arn, sizeof(arn), "arn:aws:s3:::%s/%s", bucket, key);
	jw_key(&rw, "ARN");
	if (ascii) {
		jw_str_ascii(&rw, arn);
	} else {
		jw_str(&rw, arn);
	}
	jw_end_obj(&rw);
	jw_obj(&rw);
	jw_kstr(&rw, "accountId", c->ba->id);
	jw_kstr(&rw, "type", "AWS::S3::Bucket");
	jw_kstrf(&rw, "ARN", "arn:aws:s3:::%s", bucket);
	jw_end_obj(&rw);
	jw_end_arr(&rw);
}

static void
s3_request(jw *w, const struct call *k, const char *bucket, const char *key,
           int ascii)
{
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "bucketName", bucket);
	jw_kstr(w, "Host", k->host);
	jw_key(w, "key");
	if (ascii) {
		jw_str_ascii(w, key);
	} else {
		jw_str(w, key);
	}
	jw_end_obj(w);
}

static void
ev_s3(struct ctx *c, int put)
{
	static const int kinds[] = {P_APP, P_LAMBDA, P_HUMAN, P_CI};
	const char *bucket = c->ba->bucket[rng_below(c->r, 3)];
	const char *name = put ? "PutObject" : "GetObject";
	char key[160], id2[80];
	strbuf *res = deliver_scratch(c->d, 2);
	struct call k;
	jw *w;
	int ascii = rng_chance(c->r, 0.2);

	bgev_caller(c, kinds[rng_below(c->r, 4)], &k, "s3", name);
	if (k.console) {
		strbuf_reset(k.ua);
		ua_write(k.ua, UA_S3_CONSOLE, c->r, c->t, NULL, NULL);
	} else {
		k.bracket = 1;
	}
	rng_chars(c->r, k.rid, 16, RNG_UPPER_ALNUM);
	rng_chars(c->r, id2, 76, RNG_B64);
	s3_key(c, key, sizeof(key));
	snprintf(k.host, sizeof(k.host), "%s.s3.%s.amazonaws.com", bucket,
	         c->region);
	w = bgev_start(c, &k, "s3", name, NULL, NULL);
	s3_request(w, &k, bucket, key, ascii);
	if (put) {
		jw_kobj(w, "responseElements");
		jw_kstr(w, "x-amz-server-side-encryption", "aws:kms");
		jw_kstrf(w, "x-amz-server-side-encryption-aws-kms-key-id",
		         "arn:aws:kms:%s:%s:key/%s", c->region, c->ba->id,
		         c->ba->kms);
		jw_kstr(w, "x-amz-server-side-encryption-bucket-key-enabled",
		        "true");
		jw_end_obj(w);
	} else {
		jw_knull(w, "responseElements");
	}
	s3_additional(w, c, &k, put, id2);
	s3_resources(c, res, bucket, key, ascii);
	bgev_finish(c, &k, w, "s3", name, !put, res->buf, NULL);
}

/* --- KMS ----------------------------------------------------------- */

static void
kms_resources(struct ctx *c, strbuf *res)
{
	jw rw;

	jw_init(&rw, res, 0);
	jw_arr(&rw);
	jw_obj(&rw);
	jw_kstr(&rw, "accountId", c->ba->id);
	jw_kstr(&rw, "type", "AWS::KMS::Key");
	jw_kstrf(&rw, "ARN", "arn:aws:kms:%s:%s:key/%s", c->region, c->ba->id,
	         c->ba->kms);
	jw_end_obj(&rw);
	jw_end_arr(&rw);
}

static void
ev_kms(struct ctx *c, int gen)
{
	static const char *const svcs[] = {
	        "secretsmanager.amazonaws.com", "ssm.amazonaws.com",
	        "cloudtrail.amazonaws.com", "logs.amazonaws.com"};
	const char *name = gen ? "GenerateDataKey" : "Decrypt";
	strbuf *res = deliver_scratch(c->d, 2);
	char shared[37];
	struct call k;
	int how = (int)rng_below(c->r, 3);
	jw *w;

	if (how == 0) {
		bgev_service(c, &k, svcs[rng_below(c->r, RNG_COUNT(svcs))]);
	} else {
		bgev_caller(c, how == 1 ? P_APP : P_LAMBDA, &k, "kms", name);
		if (how == 1) {
			k.who.invoked_by = "s3.amazonaws.com";
			snprintf(k.ip, sizeof(k.ip), "s3.amazonaws.com");
			strbuf_reset(k.ua);
			strbuf_adds(k.ua, "s3.amazonaws.com");
		} else {
			bgev_host(&k, "kms", c->region);
		}
	}
	rng_uuid(c->r, shared);
	kms_resources(c, res);
	w = bgev_start(c, &k, "kms", name, NULL, NULL);
	jw_kobj(w, "requestParameters");
	if (gen) {
		jw_kstrf(w, "keyId", "arn:aws:kms:%s:%s:key/%s", c->region,
		         c->ba->id, c->ba->kms);
	}
	jw_kobj(w, "encryptionContext");
	jw_kstrf(w, "aws:s3:arn", "arn:aws:s3:::%s", c->ba->bucket[0]);
	jw_end_obj(w);
	jw_kstr(w, gen ? "keySpec" : "encryptionAlgorithm",
	        gen ? "AES_256" : "SYMMETRIC_DEFAULT");
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "kms", name, 1, res->buf,
	            how == 2 ? NULL : shared);
}

/* --- STS ----------------------------------------------------------- */

static void
credentials(struct ctx *c, jw *w, const char *role_acct, const char *role,
            const char *role_id, const char *session)
{
	char akid[22], token[420], exp[40];

	world_aws_id(c->r, "ASIA", akid);
	memcpy(token, "IQoJb3JpZ2luX2VjE", 17);
	rng_chars(c->r, token + 17, 400, RNG_B64);
	jw_kobj(w, "responseElements");
	jw_kobj(w, "credentials");
	jw_kstr(w, "accessKeyId", akid);
	jw_kstr(w, "sessionToken", token);
	jw_kstr(w, "expiration", rec_java(c->t + HOUR_MS, JD_COMMA, exp));
	jw_end_obj(w);
	jw_kobj(w, "assumedRoleUser");
	jw_kstrf(w, "assumedRoleId", "%s:%s", role_id, session);
	jw_kstrf(w, "arn", "arn:aws:sts::%s:assumed-role/%s/%s", role_acct,
	         role, session);
	jw_end_obj(w);
	jw_end_obj(w);
}

static void
role_resources(strbuf *res, const char *acct, const char *arn)
{
	jw rw;

	jw_init(&rw, res, 0);
	jw_arr(&rw);
	jw_obj(&rw);
	jw_kstr(&rw, "accountId", acct);
	jw_kstr(&rw, "type", "AWS::IAM::Role");
	jw_kstr(&rw, "ARN", arn);
	jw_end_obj(&rw);
	jw_end_arr(&rw);
}

static void
ev_assume_service(struct ctx *c)
{
	const struct principal *p =
	        pick(c, rng_chance(c->r, 0.5) ? P_LAMBDA : P_APP);
	const char *svc = p->kind == P_LAMBDA ? "lambda.amazonaws.com"
	                                      : "ecs-tasks.amazonaws.com";
	strbuf *res = deliver_scratch(c->d, 2);
	char arn[200], shared[37], sess[40];
	struct call k;
	jw *w;

	bgev_service(c, &k, svc);
	rng_uuid(c->r, shared);
	if (p->kind == P_LAMBDA) {
		snprintf(sess, sizeof(sess), "%s-ingest", c->ba->alias);
	} else {
		rng_hex(c->r, sess, 32);
	}
	snprintf(arn, sizeof(arn), "arn:aws:iam::%s:role/%s%s", c->ba->id,
	         p->path, p->role);
	role_resources(res, c->ba->id, arn);
	w = bgev_start(c, &k, "sts", "AssumeRole", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "roleArn", arn);
	jw_kstr(w, "roleSessionName", sess);
	jw_end_obj(w);
	credentials(c, w, c->ba->id, p->role, p->role_id, sess);
	bgev_finish(c, &k, w, "sts", "AssumeRole", 1, res->buf, shared);
}

/* Cross-account: one copy for the caller's account, one for the role
 * owner's (caller shown as AWSAccount), same sharedEventID. */
static void
ev_assume_cross(struct ctx *c)
{
	const world *wd = c->b->w;
	int ti = (int)rng_below(c->r, (uint32_t)wd->n_accts);
	const struct bgacct *tb = &c->b->ba[ti];
	int ts = world_stream(wd, ti, c->region);
	strbuf *res = deliver_scratch(c->d, 2);
	char arn[200], shared[37], sess[64], principal[128];
	struct call k;
	struct ctx tc = *c;
	jw *w;

	if (ti == c->ba->idx || ts < 0) {
		ev_assume_service(c);
		return;
	}
	bgev_caller(c, P_CI, &k, "sts", "AssumeRole");
	bgev_host(&k, "sts", c->region);
	rng_uuid(c->r, shared);
	snprintf(sess, sizeof(sess), "deploy-%s", c->ba->alias);
	snprintf(arn, sizeof(arn), "arn:aws:iam::%s:role/%s", tb->id,
	         "OrganizationAccountAccessRole");
	role_resources(res, tb->id, arn);
	for (int side = 0; side < 2; side++) {
		if (side == 1) {
			tc.stream = ts;
			tc.ba = tb;
			rng_uuid(c->r, k.eid);
			k.who.type = WT_ACCOUNT;
			snprintf(principal, sizeof(principal), "%s:%s",
			         k.who.role_id, k.session);
			k.who.principal = principal;
			k.who.account = c->ba->id;
		}
		w = bgev_start(&tc, &k, "sts", "AssumeRole", NULL, NULL);
		jw_kobj(w, "requestParameters");
		jw_kstr(w, "roleArn", arn);
		jw_kstr(w, "roleSessionName", sess);
		jw_kint(w, "durationSeconds", 3600);
		jw_end_obj(w);
		credentials(c, w, tb->id, "OrganizationAccountAccessRole",
		            tb->p[0].role_id, sess);
		bgev_finish(&tc, &k, w, "sts", "AssumeRole", 1, res->buf,
		            shared);
	}
}

static void
ev_caller_identity(struct ctx *c)
{
	struct call k;
	jw *w;

	bgev_caller(c, rng_chance(c->r, 0.5) ? P_HUMAN : P_CI, &k, "sts",
	            "GetCallerIdentity");
	bgev_host(&k, "sts", c->region);
	w = bgev_start(c, &k, "sts", "GetCallerIdentity", NULL, NULL);
	jw_knull(w, "requestParameters");
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "sts", "GetCallerIdentity", 1, NULL, NULL);
}

/* --- EC2, SSM, Lambda, Logs, CloudFormation, Secrets Manager -------- */

static void
ev_ec2_describe(struct ctx *c)
{
	static const char *const ops[] = {"DescribeInstances",
	                                  "DescribeSecurityGroups",
	                                  "DescribeVolumes", "DescribeSubnets"};
	static const char *const sets[] = {"instancesSet", "securityGroupSet",
	                                   "volumeSet", "subnetSet"};
	static const int kinds[] = {P_HUMAN, P_CI, P_CONFIG, P_APP};
	int op = (int)rng_below(c->r, 4), denied;
	struct call k;
	char msg[400];
	jw *w;

	bgev_caller(c, kinds[rng_below(c->r, 4)], &k, "ec2", ops[op]);
	if (k.who.invoked_by == NULL) {
		bgev_host(&k, "ec2", c->region);
	}
	denied = k.who.type == WT_ASSUMED && rng_chance(c->r, 0.03);
	snprintf(msg, sizeof(msg),
	         "You are not authorized to perform this operation. User: "
	         "arn:aws:sts::%s:assumed-role/%s/%s is not authorized to "
	         "perform: ec2:%s because no identity-based policy allows the "
	         "ec2:%s action",
	         c->ba->id, k.role, k.session, ops[op], ops[op]);
	w = bgev_start(c, &k, "ec2", ops[op],
	               denied ? "Client.UnauthorizedOperation" : NULL, msg);
	jw_kobj(w, "requestParameters");
	if (op == 0 && rng_chance(c->r, 0.5)) {
		jw_kint(w, "maxResults", 1000);
	}
	jw_kobj(w, sets[op]);
	jw_end_obj(w);
	jw_kobj(w, "filterSet");
	if (rng_chance(c->r, 0.3)) {
		jw_karr(w, "items");
		jw_obj(w);
		jw_kstr(w, "name", "tag:Environment");
		jw_kobj(w, "valueSet");
		jw_karr(w, "items");
		jw_obj(w);
		jw_kstr(w, "value", "production");
		jw_end_obj(w);
		jw_end_arr(w);
		jw_end_obj(w);
		jw_end_obj(w);
		jw_end_arr(w);
	}
	jw_end_obj(w);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "ec2", ops[op], 1, NULL, NULL);
}

static void
ev_ssm(struct ctx *c)
{
	const struct principal *p = pick(c, P_APP);
	struct call k;
	char ip[20];
	jw *w;

	memset(&k, 0, sizeof(k));
	k.ua = deliver_scratch(c->d, 0);
	rng_uuid(c->r, k.rid);
	rng_uuid(c->r, k.eid);
	rec_tls_pick(rng_next(c->r), &k.tlsv, &k.tlsc);
	session_name(c, &(struct principal){.ua = UA_GO_V1}, &k);
	as_role(c, p, &k);
	snprintf(k.ip, sizeof(k.ip), "%s", p->ip);
	ua_write(k.ua, UA_SSM_AGENT, c->r, c->t, NULL, NULL);
	bgev_host(&k, "ssm", c->region);
	snprintf(ip, sizeof(ip), "10.0.%u.%u", (unsigned)rng_below(c->r, 64),
	         (unsigned)rng_range(c->r, 4, 250));
	w = bgev_start(c, &k, "ssm", "UpdateInstanceInformation", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "instanceId", k.session);
	jw_kstr(w, "agentVersion", "3.3.1142.0");
	jw_kstr(w, "agentName", "amazon-ssm-agent");
	jw_kstr(w, "platformType", "Linux");
	jw_kstr(w, "platformName", "Amazon Linux");
	jw_kstr(w, "platformVersion", "2023");
	jw_kstr(w, "iPAddress", ip);
	jw_kstrf(w, "computerName", "ip-%s.ec2.internal", ip);
	jw_kstr(w, "agentStatus", "Active");
	jw_kstrf(w, "availabilityZone", "%sa", c->region);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "ssm", "UpdateInstanceInformation", 0, NULL,
	            NULL);
}

static void
ev_lambda(struct ctx *c)
{
	static const char *const ops[] = {"GetFunction20150331v2",
	                                  "ListFunctions20150331",
	                                  "GetFunctionConfiguration20150331v2"};
	int op = (int)rng_below(c->r, 3);
	struct call k;
	jw *w;

	bgev_caller(c, rng_chance(c->r, 0.5) ? P_HUMAN : P_CI, &k, "lambda",
	            ops[op]);
	bgev_host(&k, "lambda", c->region);
	w = bgev_start(c, &k, "lambda", ops[op], NULL, NULL);
	if (op == 1) {
		jw_knull(w, "requestParameters");
	} else {
		jw_kobj(w, "requestParameters");
		jw_kstrf(w, "functionName", "%s-ingest", c->ba->alias);
		jw_end_obj(w);
	}
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "lambda", ops[op], 1, NULL, NULL);
}

static void
ev_logs(struct ctx *c)
{
	struct call k;
	char hex[33], day[21], stream[128];
	jw *w;

	bgev_caller(c, P_LAMBDA, &k, "logs", "CreateLogStream");
	bgev_host(&k, "logs", c->region);
	rng_hex(c->r, hex, 32);
	rec_iso(c->t, day);
	snprintf(stream, sizeof(stream), "%.4s/%.2s/%.2s/[$LATEST]%s", day,
	         day + 5, day + 8, hex);
	w = bgev_start(c, &k, "logs", "CreateLogStream", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "logGroupName", "/aws/lambda/%s-ingest", c->ba->alias);
	jw_key(w, "logStreamName");
	if (rng_chance(c->r, 0.5)) {
		jw_str_ascii(w, stream);
	} else {
		jw_str(w, stream);
	}
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "logs", "CreateLogStream", 0, NULL, NULL);
}

static void
ev_cfn_describe(struct ctx *c)
{
	struct call k;
	char id[37];
	int throttled;
	jw *w;

	bgev_caller(c, P_CI, &k, "cloudformation", "DescribeStacks");
	bgev_host(&k, "cloudformation", c->region);
	rng_uuid(c->r, id);
	throttled = rng_chance(c->r, 0.08);
	w = bgev_start(c, &k, "cloudformation", "DescribeStacks",
	               throttled ? "Throttling" : NULL, "Rate exceeded");
	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "stackName", "arn:aws:cloudformation:%s:%s:stack/%s-app/%s",
	         c->region, c->ba->id, c->ba->alias, id);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "cloudformation", "DescribeStacks", 1, NULL,
	            NULL);
}

static void
ev_secret(struct ctx *c)
{
	struct call k;
	char suffix[7];
	jw *w;

	bgev_caller(c, P_APP, &k, "secretsmanager", "GetSecretValue");
	bgev_host(&k, "secretsmanager", c->region);
	rng_chars(c->r, suffix, 6, RNG_ALNUM);
	w = bgev_start(c, &k, "secretsmanager", "GetSecretValue", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstrf(
	        w, "secretId",
	        "arn:aws:secretsmanager:%s:%s:secret:prod/%s/db-credentials-%s",
	        c->region, c->ba->id, c->ba->alias, suffix);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "secretsmanager", "GetSecretValue", 1, NULL,
	            NULL);
}

void
bgev_emit(struct ctx *c)
{
	/* weights: s3 get, s3 put, kms dec, kms gen, sts svc, sts cross,
	 * sts whoami, ec2, ssm, lambda, logs, cfn, secrets, global, big */
	static const unsigned w_home[] = {17, 5, 16, 6, 5, 2, 3, 13,
	                                  9,  4, 7,  3, 3, 0, 0};
	static const unsigned w_use1[] = {12, 4, 11, 4, 5, 2,  3, 9,
	                                  6,  3, 5,  2, 2, 17, 0};
	int use1 = strcmp(c->region, "us-east-1") == 0;
	size_t k = rng_chance(c->r, 0.0012)
	                   ? 14
	                   : rng_weighted(c->r, use1 ? w_use1 : w_home, 15);

	switch (k) {
	case 0:
	case 1:
		ev_s3(c, k == 1);
		break;
	case 2:
	case 3:
		ev_kms(c, k == 3);
		break;
	case 4:
		ev_assume_service(c);
		break;
	case 5:
		ev_assume_cross(c);
		break;
	case 6:
		ev_caller_identity(c);
		break;
	case 7:
		ev_ec2_describe(c);
		break;
	case 8:
		ev_ssm(c);
		break;
	case 9:
		ev_lambda(c);
		break;
	case 10:
		ev_logs(c);
		break;
	case 11:
		ev_cfn_describe(c);
		break;
	case 12:
		ev_secret(c);
		break;
	case 13:
		bgmore_global(c, (int)rng_below(c->r, 10));
		break;
	default:
		bgmore_big(c);
	}
}
