/* stale.c -- expected stale-access findings (see stale.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/jw.h"
#include "gen/rec.h"
#include "gen/stale.h"

struct disabled {
	int64_t t;    /* since when */
	char how[64]; /* how we know */
};

/* Is u disabled (and not deleted) at as_of?  Fills d. */
static int
is_disabled(const struct user *u, int64_t as_of, struct disabled *d)
{
	if (u->upstream_only || (u->t_deleted >= 0 && u->t_deleted <= as_of)) {
		return 0;
	}
	if (u->t_disabled >= 0 && u->t_disabled <= as_of) {
		d->t = u->t_disabled;
		snprintf(d->how, sizeof(d->how), "%s", u->how_disabled);
		return 1;
	}
	if (u->up_disabled >= 0 && u->up_disabled <= as_of) {
		d->t = u->up_disabled;
		snprintf(d->how, sizeof(d->how), "upstream:%s", u->up_source);
		return 1;
	}
	return 0;
}

static void
finding(const world *w, strbuf *sb, int ui, const struct disabled *d,
        int64_t as_of, int g, int asg)
{
	const struct user *u = &w->users[ui];
	int64_t days = (as_of - d->t) / DAY_MS;
	char buf[21];
	jw j;

	jw_init(&j, sb, 0);
	jw_obj(&j);
	jw_kobj(&j, "identity");
	jw_kstr(&j, "id", u->id);
	jw_kstr(&j, "name", u->user_name);
	jw_end_obj(&j);
	jw_kobj(&j, "disabled");
	jw_kstr(&j, "time", rec_iso(d->t, buf));
	jw_kstr(&j, "how", d->how);
	jw_end_obj(&j);
	jw_kobj(&j, "access");
	if (g >= 0) {
		const struct group *gr = &w->groups[g];

		jw_kstr(&j, "type", "group-membership");
		jw_kobj(&j, "group");
		jw_kstr(&j, "id", gr->id);
		jw_kstr(&j, "name", gr->name);
		jw_end_obj(&j);
		jw_kstr_or_null(&j, "account",
		                gr->iam_acct >= 0 ? w->accts[gr->iam_acct].id
		                                  : NULL);
		jw_knull(&j, "permission_set");
	} else {
		const struct assign *s = &w->asg[asg];

		jw_kstr(&j, "type", "account-assignment");
		jw_knull(&j, "group");
		jw_kstr(&j, "account", w->accts[s->acct].id);
		jw_kobj(&j, "permission_set");
		jw_kstr(&j, "arn", w->psets[s->ps].arn);
		jw_kstr(&j, "name", w->psets[s->ps].name);
		jw_end_obj(&j);
	}
	jw_end_obj(&j);
	jw_kint(&j, "days_stale", days);
	jw_kstr(&j, "severity", days > 30 ? "high" : "medium");
	jw_end_obj(&j);
	strbuf_addc(sb, '\n');
}

int
stale_write(const world *w, int64_t as_of, strbuf *sb)
{
	int n = 0;

	for (int ui = 0; ui < w->n_users; ui++) {
		struct disabled d;

		if (!is_disabled(&w->users[ui], as_of, &d)) {
			continue;
		}
		for (int i = 0; i < w->n_mem; i++) {
			if (w->mem[i].open && w->mem[i].u == ui) {
				finding(w, sb, ui, &d, as_of, w->mem[i].g, -1);
				n++;
			}
		}
		for (int i = 0; i < w->n_asg; i++) {
			const struct assign *s = &w->asg[i];

			if (s->open && s->ptype == 0 && s->principal == ui) {
				finding(w, sb, ui, &d, as_of, -1, i);
				n++;
			}
		}
	}
	return n;
}
