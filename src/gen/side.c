/* side.c -- identity-store snapshots and IdP exports (see side.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/side.h"
#include "gen/truth.h"
#include "util/xmalloc.h"

static int
exists_at(int64_t created, int64_t deleted, int64_t t)
{
	return created <= t && (deleted < 0 || deleted > t);
}

static void
users(const world *w, strbuf *sb)
{
	int64_t t = w->captured_at;
	jw j;

	jw_init(&j, sb, 4);
	jw_obj(&j);
	jw_karr(&j, "Users");
	for (int i = 0; i < w->n_users; i++) {
		const struct user *u = &w->users[i];

		if (u->iam_acct >= 0 || u->upstream_only ||
		    !exists_at(u->t_created, u->t_deleted, t)) {
			continue;
		}
		jw_obj(&j);
		jw_kstr(&j, "UserName", u->user_name);
		jw_kstr(&j, "UserId", u->id);
		jw_kobj(&j, "Name");
		jw_kstr(&j, "FamilyName", u->family);
		jw_kstr(&j, "GivenName", u->given);
		jw_end_obj(&j);
		jw_kstr(&j, "DisplayName", u->display);
		jw_karr(&j, "Emails");
		jw_obj(&j);
		jw_kstr(&j, "Value", u->email);
		jw_kstr(&j, "Type", "work");
		jw_kbool(&j, "Primary", 1);
		jw_end_obj(&j);
		jw_end_arr(&j);
		jw_kstr(&j, "IdentityStoreId", w->store_id);
		jw_end_obj(&j);
	}
	jw_end_arr(&j);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

static int64_t
group_deleted(const world *w, int g)
{
	for (size_t i = 0; i < w->n_acts; i++) {
		const struct action *a = &w->acts[i];

		if (a->g == g && !a->err &&
		    (a->kind == AC_IS_DELETE_GROUP ||
		     a->kind == AC_SD_DELETE_GROUP ||
		     a->kind == AC_SC_DELETE_GROUP)) {
			return a->t;
		}
	}
	return -1;
}

/* Is Identity Center group g in list-groups (and so looped over)? */
static int
group_listed(const world *w, int g)
{
	return w->captured_at >= 0 && w->groups[g].iam_acct < 0 &&
	       exists_at(w->groups[g].created, group_deleted(w, g),
	                 w->captured_at);
}

static void
groups(const world *w, strbuf *sb)
{
	jw j;

	jw_init(&j, sb, 4);
	jw_obj(&j);
	jw_karr(&j, "Groups");
	for (int i = 0; i < w->n_groups; i++) {
		const struct group *g = &w->groups[i];

		if (!group_listed(w, i)) {
			continue;
		}
		jw_obj(&j);
		jw_kstr(&j, "GroupId", g->id);
		jw_kstr(&j, "DisplayName", g->name);
		jw_kstr(&j, "Description", g->desc);
		jw_kstr(&j, "IdentityStoreId", w->store_id);
		jw_end_obj(&j);
	}
	jw_end_arr(&j);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

/* Are IAM user u and IAM group g in get-account-authorization-details?
 * (No scenario deletes an IAM group.) */
static int
iam_user_listed(const world *w, int u)
{
	return w->captured_at >= 0 && w->users[u].iam_acct >= 0 &&
	       exists_at(w->users[u].created, w->users[u].t_deleted,
	                 w->captured_at);
}

static int
iam_group_listed(const world *w, int g)
{
	return w->captured_at >= 0 && w->groups[g].iam_acct >= 0 &&
	       w->groups[g].created <= w->captured_at;
}

int
side_lists_membership(const world *w, const struct interval *m)
{
	if (w->groups[m->g].iam_acct >= 0) {
		return iam_group_listed(w, m->g) && iam_user_listed(w, m->u) &&
		       exists_at(m->added.t, m->removed.t, w->captured_at);
	}
	return group_listed(w, m->g) &&
	       exists_at(m->added.t, m->removed.t, w->captured_at);
}

static void
group_memberships(const world *w, strbuf *sb)
{
	for (int g = 0; g < w->n_groups; g++) {
		jw j;

		if (!group_listed(w, g)) {
			continue;
		}
		jw_init(&j, sb, 4);
		jw_obj(&j);
		jw_karr(&j, "GroupMemberships");
		for (int i = 0; i < w->n_mem; i++) {
			const struct interval *m = &w->mem[i];

			if (m->g != g || !side_lists_membership(w, m)) {
				continue;
			}
			jw_obj(&j);
			jw_kstr(&j, "IdentityStoreId", w->store_id);
			jw_kstr(&j, "MembershipId", m->mid);
			jw_kstr(&j, "GroupId", w->groups[g].id);
			jw_kobj(&j, "MemberId");
			jw_kstr(&j, "UserId", w->users[m->u].id);
			jw_end_obj(&j);
			jw_end_obj(&j);
		}
		jw_end_arr(&j);
		jw_end_obj(&j);
		strbuf_addc(sb, '\n');
	}
}

/* Is assignment s in the snapshot (open at the capture time)? */
static int
assignment_listed(const world *w, const struct assign *s)
{
	return exists_at(s->created.t, s->deleted.t, w->captured_at);
}

/* aws sso-admin list-account-assignments --account-id (acct)
 * --permission-set-arn (ps): one document, in the order the
 * assignments were made. */
static void
account_assignments(const world *w, int acct, int ps, strbuf *sb)
{
	jw j;

	jw_init(&j, sb, 4);
	jw_obj(&j);
	jw_karr(&j, "AccountAssignments");
	for (int i = 0; i < w->n_asg; i++) {
		const struct assign *s = &w->asg[i];

		if (s->acct != acct || s->ps != ps ||
		    !assignment_listed(w, s)) {
			continue;
		}
		jw_obj(&j);
		jw_kstr(&j, "AccountId", w->accts[acct].id);
		jw_kstr(&j, "PermissionSetArn", w->psets[ps].arn);
		jw_kstr(&j, "PrincipalType", s->ptype == 0 ? "USER" : "GROUP");
		jw_kstr(&j, "PrincipalId",
		        s->ptype == 0 ? w->users[s->principal].id
		                      : w->groups[s->principal].id);
		jw_end_obj(&j);
	}
	jw_end_arr(&j);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

/* A description an administrator would give the permission set. */
static const char *
pset_description(const char *name)
{
	static const char *const known[][2] = {
	        {"AdministratorAccess", "Full access to AWS services"},
	        {"PowerUserAccess", "Full access except IAM and Organizations"},
	        {"ReadOnlyAccess", "Read-only access to AWS services"},
	        {"ViewOnlyAccess", "View resources and basic metadata"},
	        {"SecurityAudit", "Read security configuration for audits"},
	        {"BillingAccess", "Billing and Cost Management"},
	        {"DataEngineer", "Data platform: Glue, Athena, S3 data lake"},
	        {"SupportUser", "AWS Support cases and troubleshooting"},
	};

	for (size_t i = 0; i < RNG_COUNT(known); i++) {
		if (strcmp(known[i][0], name) == 0) {
			return known[i][1];
		}
	}
	return "Custom permission set";
}

/* When permission set ps was created: some time before the logs (the
 * background traffic uses every set from the first day).  Drawn from
 * its own stream, so the logs do not change. */
static int64_t
pset_created(const world *w, int ps)
{
	rng r;

	rng_derive(&r, w->seed, rng_hash_str("side:pset-created"),
	           rng_hash_str(w->scenario), (uint64_t)ps);
	return w->start - rng_range(&r, 60, 400) * DAY_MS -
	       rng_range(&r, 0, DAY_MS - 1);
}

/* aws sso-admin describe-permission-set: one document. */
static void
describe_pset(const world *w, int ps, strbuf *sb)
{
	char buf[33];
	jw j;

	jw_init(&j, sb, 4);
	jw_obj(&j);
	jw_kobj(&j, "PermissionSet");
	jw_kstr(&j, "Name", w->psets[ps].name);
	jw_kstr(&j, "PermissionSetArn", w->psets[ps].arn);
	jw_kstr(&j, "Description", pset_description(w->psets[ps].name));
	jw_kstr(&j, "CreatedDate", rec_iso_cli(pset_created(w, ps), buf));
	jw_kstr(&j, "SessionDuration", "PT1H");
	jw_end_obj(&j);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

/* When an IAM user or group was created, to the second as IAM keeps
 * it; before the logs, drawn from its own stream so that the logs do
 * not change. */
static int64_t
iam_created(const world *w, int64_t created, const char *what, int i)
{
	rng r;

	if (created < 0) {
		rng_derive(&r, w->seed, rng_hash_str("side:iam-created"),
		           rng_hash_str(what), (uint64_t)i);
		created = w->start - rng_range(&r, 30, 700) * DAY_MS -
		          rng_range(&r, 0, DAY_MS - 1);
	}
	return created / 1000 * 1000;
}

/* aws iam get-account-authorization-details --filter User Group, run
 * in account acct: its IAM users with the groups they are in, and its
 * groups.  Returns 0 (and writes nothing) when it has neither. */
static int
authorization_details(const world *w, int acct, strbuf *sb)
{
	const char *id = w->accts[acct].id;
	char buf[33], gid[22];
	int n = 0;
	jw j;

	jw_init(&j, sb, 4);
	jw_obj(&j);
	jw_karr(&j, "UserDetailList");
	for (int u = 0; u < w->n_users; u++) {
		const struct user *x = &w->users[u];

		if (x->iam_acct != acct || !iam_user_listed(w, u)) {
			continue;
		}
		n++;
		jw_obj(&j);
		jw_kstr(&j, "Path", "/");
		jw_kstr(&j, "UserName", x->user_name);
		jw_kstr(&j, "UserId", x->iam_uid);
		jw_kstrf(&j, "Arn", "arn:aws:iam::%s:user/%s", id,
		         x->user_name);
		jw_kstr(&j, "CreateDate",
		        rec_iso_cli(iam_created(w, x->created, "user", u),
		                    buf));
		jw_karr(&j, "UserPolicyList");
		jw_end_arr(&j);
		jw_karr(&j, "GroupList");
		for (int i = 0; i < w->n_mem; i++) {
			const struct interval *m = &w->mem[i];

			if (m->u == u && side_lists_membership(w, m)) {
				jw_str(&j, w->groups[m->g].name);
			}
		}
		jw_end_arr(&j);
		jw_karr(&j, "AttachedManagedPolicies");
		jw_end_arr(&j);
		jw_end_obj(&j);
	}
	jw_end_arr(&j);
	jw_karr(&j, "GroupDetailList");
	for (int g = 0; g < w->n_groups; g++) {
		const struct group *x = &w->groups[g];

		if (x->iam_acct != acct || !iam_group_listed(w, g)) {
			continue;
		}
		n++;
		world_iam_group_id(w, g, gid);
		jw_obj(&j);
		jw_kstr(&j, "Path", "/");
		jw_kstr(&j, "GroupName", x->name);
		jw_kstr(&j, "GroupId", gid);
		jw_kstrf(&j, "Arn", "arn:aws:iam::%s:group/%s", id, x->name);
		jw_kstr(&j, "CreateDate",
		        rec_iso_cli(iam_created(w, x->created, "group", g),
		                    buf));
		jw_karr(&j, "GroupPolicyList");
		jw_end_arr(&j);
		jw_karr(&j, "AttachedManagedPolicies");
		jw_end_arr(&j);
		jw_end_obj(&j);
	}
	jw_end_arr(&j);
	jw_karr(&j, "RoleDetailList");
	jw_end_arr(&j);
	jw_karr(&j, "Policies");
	jw_end_arr(&j);
	jw_kbool(&j, "IsTruncated", 0);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
	return n;
}

static int
save(const char *dir, const char *name, strbuf *sb, ts_err *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc = truth_save(path, sb, err);

	free(path);
	strbuf_reset(sb);
	return rc;
}

/* One list-account-assignments file per (account, permission set) that
 * has an assignment at the capture time, one describe-permission-set
 * file per permission set. */
static int
sso_admin(const world *w, const char *dir, strbuf *sb, ts_err *err)
{
	int rc = TS_OK;

	for (int i = 0; i < w->n_asg && rc == TS_OK; i++) {
		const struct assign *s = &w->asg[i];
		char *name;
		int seen = 0;

		for (int k = 0; k < i && !seen; k++) {
			seen = w->asg[k].acct == s->acct &&
			       w->asg[k].ps == s->ps &&
			       assignment_listed(w, &w->asg[k]);
		}
		if (seen || !assignment_listed(w, s)) {
			continue;
		}
		account_assignments(w, s->acct, s->ps, sb);
		name = xasprintf(
		        "sso-admin-list-account-assignments-%s-%s.json",
		        w->accts[s->acct].id,
		        strrchr(w->psets[s->ps].arn, '/') + 1);
		rc = save(dir, name, sb, err);
		free(name);
	}
	for (int ps = 0; ps < w->n_psets && rc == TS_OK; ps++) {
		char *name =
		        xasprintf("sso-admin-describe-permission-set-%s.json",
		                  w->psets[ps].name);

		describe_pset(w, ps, sb);
		rc = save(dir, name, sb, err);
		free(name);
	}
	return rc;
}

static void
entra_csv(const world *w, strbuf *sb)
{
	char buf[21];

	strbuf_adds(sb, "userPrincipalName,accountEnabled,disabledDate\r\n");
	for (int i = 0; i < w->n_users; i++) {
		const struct user *u = &w->users[i];

		if (u->iam_acct < 0 && u->up_disabled >= 0) {
			strbuf_addf(sb, "%s,False,%s\r\n", u->email,
			            rec_iso(u->up_disabled, buf));
		}
	}
}

static void
okta_csv(const world *w, strbuf *sb)
{
	char buf[25];

	strbuf_adds(sb, "login,status,statusChanged\n");
	for (int i = 0; i < w->n_users; i++) {
		const struct user *u = &w->users[i];
		/* activated some time before the logs when nothing else */
		int64_t t = u->up_changed >= 0 ? u->up_changed
		            : u->created >= 0
		                    ? u->created
		                    : w->start - (40 + i * 23 % 500) * DAY_MS -
		                              i * 3671000;

		if (u->iam_acct >= 0 || u->orphan ||
		    (!u->scim && !u->upstream_only)) {
			continue;
		}
		strbuf_addf(sb, "%s,%s,%s\n", u->user_name,
		            u->up_disabled >= 0 ? "DEPROVISIONED" : "ACTIVE",
		            rec_iso_ms(t, buf));
	}
}

int
side_write(const world *w, const char *dir, ts_err *err)
{
	strbuf sb;
	char buf[21];
	int rc = TS_OK;

	if (w->captured_at < 0 && w->upstream == NULL) {
		return TS_OK;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		return ts_fail(err, TS_FATAL, "%s: %s", dir, strerror(errno));
	}
	strbuf_init(&sb);
	if (w->captured_at >= 0) {
		users(w, &sb);
		rc = save(dir, "identitystore-list-users.json", &sb, err);
		groups(w, &sb);
		rc |= save(dir, "identitystore-list-groups.json", &sb, err);
		group_memberships(w, &sb);
		rc |= save(dir, "identitystore-list-group-memberships.json",
		           &sb, err);
		rc |= sso_admin(w, dir, &sb, err);
		for (int a = 0; a < w->n_accts; a++) {
			char *name;

			if (!authorization_details(w, a, &sb)) {
				strbuf_reset(&sb);
				continue;
			}
			name = xasprintf(
			        "iam-get-account-authorization-details-%s.json",
			        w->accts[a].id);
			rc |= save(dir, name, &sb, err);
			free(name);
		}
		strbuf_addf(&sb, "%s\n", rec_iso(w->captured_at, buf));
		rc |= save(dir, "CAPTURED_AT", &sb, err);
	}
	if (w->upstream && strcmp(w->upstream, "entra") == 0) {
		entra_csv(w, &sb);
		rc |= save(dir, "entra-disabled-users.csv", &sb, err);
	} else if (w->upstream) {
		okta_csv(w, &sb);
		rc |= save(dir, "okta-users.csv", &sb, err);
	}
	strbuf_free(&sb);
	return rc ? TS_FATAL : TS_OK;
}
