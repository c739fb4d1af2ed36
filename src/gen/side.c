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

int
side_lists_membership(const world *w, const struct interval *m)
{
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

static int
save(const char *dir, const char *name, strbuf *sb, ts_err *err)
{
	char *path = xasprintf("%s/%s", dir, name);
	int rc = truth_save(path, sb, err);

	free(path);
	strbuf_reset(sb);
	return rc;
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
