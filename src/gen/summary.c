/* summary.c -- truth/summary.json (see summary.h). */
#include "config.h"

#include <string.h>

#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/summary.h"

static void
channels(const world *w, jw *j, int acct)
{
	int seen[N_CHANNELS] = {0};

	for (size_t i = 0; i < w->n_acts; i++) {
		const struct action *a = &w->acts[i];

		if (a->acct == acct && world_kinds[a->kind].change) {
			seen[world_channel(w, a->actor, a->client)] = 1;
		}
	}
	jw_karr(j, "channels");
	for (int c = 0; c < N_CHANNELS; c++) {
		if (seen[c]) {
			jw_str(j, world_channel_names[c]);
		}
	}
	jw_end_arr(j);
}

static void
accounts(const world *w, jw *j)
{
	jw_karr(j, "accounts");
	for (int i = 0; i < w->n_accts; i++) {
		const struct account *a = &w->accts[i];

		jw_obj(j);
		jw_kstr(j, "id", a->id);
		jw_kstr(j, "role", a->role);
		jw_kstr(j, "alias", a->alias);
		jw_karr(j, "regions");
		for (int r = 0; r < a->n_regions; r++) {
			jw_str(j, a->regions[r]);
		}
		jw_end_arr(j);
		channels(w, j, i);
		jw_end_obj(j);
	}
	jw_end_arr(j);
}

static void
groups(const world *w, jw *j)
{
	jw_karr(j, "groups");
	for (int i = 0; i < w->n_groups; i++) {
		const struct group *g = &w->groups[i];

		jw_obj(j);
		jw_kstr(j, "id", g->id);
		jw_kstr(j, "name", g->name);
		jw_kstr(j, "kind", g->iam_acct < 0 ? "identitycenter" : "iam");
		if (g->iam_acct >= 0) {
			jw_kstr(j, "account", w->accts[g->iam_acct].id);
		}
		jw_kbool(j, "touched", g->touched);
		jw_end_obj(j);
	}
	jw_end_arr(j);
}

static void
ktime(jw *j, const char *k, int64_t t)
{
	char buf[21];

	if (t < 0) {
		jw_knull(j, k);
	} else {
		jw_kstr(j, k, rec_iso(t, buf));
	}
}

void
summary_write(const world *w, const struct dl_result *res, strbuf *sb)
{
	jw j;

	jw_init(&j, sb, 2);
	jw_obj(&j);
	jw_kstr(&j, "scenario", w->scenario);
	jw_kint(&j, "seed", (int64_t)w->seed);
	ktime(&j, "window_start", w->start);
	ktime(&j, "window_end", w->end);
	ktime(&j, "first_event", res->n_records ? res->first : -1);
	ktime(&j, "last_event", res->n_records ? res->last : -1);
	jw_kstr(&j, "identity_store_id", w->store_id);
	jw_kstrf(&j, "identity_store_arn",
	         "arn:aws:identitystore::%s:identitystore/%s",
	         w->accts[w->ic_acct].id, w->store_id);
	jw_kstrf(&j, "instance_arn", "arn:aws:sso:::instance/%s", w->instance);
	jw_kstr(&j, "identity_center_account", w->accts[w->ic_acct].id);
	jw_kstr(&j, "identity_center_region", w->ic_region);
	jw_kstr(&j, "organization_id", w->org_id);
	jw_kstr(&j, "scim_tenant_id", w->tenant);
	ktime(&j, "scim_visible_from", w->scim_from);
	ktime(&j, "snapshot_captured_at", w->captured_at);
	jw_kint(&j, "records", res->n_records);
	jw_kint(&j, "log_files", res->n_files);
	jw_kint(&j, "digest_files", res->n_digests);
	accounts(w, &j);
	groups(w, &j);
	jw_karr(&j, "notes");
	for (int i = 0; i < w->n_notes; i++) {
		jw_str(&j, w->notes[i]);
	}
	jw_end_arr(&j);
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}
