/* cmd_report.c -- `trailsift report provisioning|memberships|stale`.
 *
 * A report is the built-in rules tagged report.NAME (Lua, in rules/, so
 * an author can read and change them, or override one with --rules DIR)
 * plus a way of printing what they find.  The rules speak through
 * ctx:finding; a finding whose data holds `"report": NAME` is part of
 * the report rather than an alert:
 *
 *	data = { report = NAME, row = {...} }         one row of the report
 *	data = { report = NAME, summary = {{LABEL, VALUE}, ...} }
 *	                                               lines of its summary
 *
 * Every other finding of those rules is a finding.  All of them are
 * stored like any rules run (unless --no-store), so the `findings` view
 * holds the last report too.  Printing:
 *
 *	table  the summary, the rows, the findings as lines: for a terminal
 *	md     a short investigation report: summary table, findings with
 *	       their evidence, the rows (per section when the report has one)
 *	json   one row per line, the row object exactly as the rule built it
 *	csv    one row per line, the report's columns
 *
 * With --findings, json, csv and table print the findings instead of the
 * rows.  Options that change what the rules compute (--as-of, --disabled)
 * become arguments of every selected rule that declares them; --group
 * and --member select rows here. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "engine/catalog.h"
#include "engine/finding.h"
#include "engine/ruleset.h"
#include "report/jpath.h"
#include "report/out.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/tstime.h"
#include "util/xmalloc.h"

/* A column of the table and CSV forms: a header and a path in the row.
 * A path under "as_of." is printed only with --as-of (rows have no
 * as_of otherwise).  The path EVIDENCE is not in the row: it is the
 * row finding's evidence, the event ids the row rests on, as a JSON
 * array (as in --findings), so that each row of any form leads to
 * `trailsift show`. */
struct col {
	const char *name;
	const char *path;
};

#define EVIDENCE "@evidence"

struct report {
	const char *name;  /* as typed after `report` */
	const char *title; /* heading of the md form */
	const char *rows;  /* heading of the rows in the md form */
	const struct col *cols;
	const char *section;   /* md: a section per value of this path, or
	                        * of the first of "a|b" not empty; the
	                        * column of its first path is left out */
	const char *qualifier; /* md: added to a section's value in
	                        * parentheses when not empty, so that
	                        * equal names in two places differ */
	const char *options;   /* the report's own options, as letters */
};

/* clang-format off */
static const struct col provisioning_cols[] = {
        {"account", "account"},
        {"channel", "channel"},
        {"events", "events"},
        {"attempts", "attempts"},
        {"first", "first"},
        {"last", "last"},
        {"actors", "actors"},
        {"attempted_by", "attempted_by"},
        {"sample_event_id", "sample_event_id"},
        {NULL, NULL},
};

static const struct col memberships_cols[] = {
        {"group", "group.name"},
        {"group_id", "group.id"},
        {"member", "member.name"},
        {"member_id", "member.id"},
        {"status", "as_of.status"},  /* member, or possible */
        {"added", "added.time|added_between.text"},
        {"added_by", "added.by"},
        {"added_via", "added.channel"},
        {"removed", "removed.time|removed_between.text"},
        {"removed_by", "removed.by"},
        {"removed_via", "removed.channel"},
        {"open", "open"},
        {"known_from", "known_from"},
        /* Last, so that scripts cutting columns by number still work:
         * the account of an IAM group, the store of another. */
        {"group_in", "group.account|group.store"},
        {"evidence", EVIDENCE},
        {NULL, NULL},
};

static const struct col stale_cols[] = {
        {"identity", "identity.name"},
        {"identity_id", "identity.id"},
        {"disabled", "disabled.time"},
        {"how", "disabled.how"},
        {"access", "access.type"},
        {"group", "access.group.name|access.group.id"},
        {"account", "access.account"},
        {"permission_set", "access.permission_set.name|access.permission_set.arn"},
        {"days_stale", "days_stale"},
        {"severity", "severity"},
        /* Last, as group_in above. */
        {"evidence", EVIDENCE},
        {NULL, NULL},
};

/* Letters of the report options: G --group, M --member, A --as-of,
 * D --disabled. */
static const struct report reports[] = {
        {"provisioning", "Identity provisioning: how identity changes reached AWS",
         "Per account and channel", provisioning_cols, "account", NULL, ""},
        {"memberships", "Group membership history", "Memberships",
         memberships_cols, "group.name|group.id", "group.account", "GMA"},
        {"stale", "Stale access of disabled identities", "Access still held",
         stale_cols, "identity.name|identity.id", NULL, "AD"},
};
/* clang-format on */

enum {
	OPT_RULES = 256,
	OPT_ARG,
	OPT_NO_STORE,
	OPT_FINDINGS,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_GROUP,
	OPT_MEMBER,
	OPT_AS_OF,
	OPT_DISABLED,
};

struct opts {
	const struct report *rep;
	out_format fmt;
	int fmt_given;
	char **dirs; /* --rules DIR */
	int n_dirs;
	char **args; /* --arg ID.NAME=VALUE */
	int n_args;
	int no_store;
	int findings;
	int64_t since, until;
	const char *group, *member, *as_of, *disabled;
	struct sandbox_limits lim; /* --max-*, as in `rules run` */
};

/* What the rules found, sorted into the report's parts. */
struct found {
	const struct report *rep;
	struct finding_list all;     /* every finding, in order */
	const struct finding **rows; /* row findings (into all) */
	size_t n_rows;
	const struct finding **alerts; /* the other findings */
	size_t n_alerts;
	strbuf summary; /* per line its LABEL and VALUE, as the rule
	                 * wrote them (escaped when printed), each a
	                 * size_t length and the bytes: a text from the
	                 * logs may hold a NUL (\u0000) */
};

static const struct report *
find_report(const char *name)
{
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		if (strcmp(reports[i].name, name) == 0) {
			return &reports[i];
		}
	}
	return NULL;
}

/* Parse options; -1 to go on, else an exit status. */
static int
parse(const struct ts_cmd *cmd, int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"format", required_argument, NULL, 'f'},
	        {"help", no_argument, NULL, 'h'},
	        {"rules", required_argument, NULL, OPT_RULES},
	        {"arg", required_argument, NULL, OPT_ARG},
	        {"no-store", no_argument, NULL, OPT_NO_STORE},
	        {"findings", no_argument, NULL, OPT_FINDINGS},
	        {"since", required_argument, NULL, OPT_SINCE},
	        {"until", required_argument, NULL, OPT_UNTIL},
	        {"group", required_argument, NULL, OPT_GROUP},
	        {"member", required_argument, NULL, OPT_MEMBER},
	        {"as-of", required_argument, NULL, OPT_AS_OF},
	        {"disabled", required_argument, NULL, OPT_DISABLED},
	        SANDBOX_LIMIT_OPTIONS,
	        {NULL, 0, NULL, 0},
	};
	static const char letters[] = "GMAD";
	static const char *const names[] = {"--group", "--member", "--as-of",
	                                    "--disabled"};
	int64_t ms;
	int c;

	while ((c = cli_getopt(cmd, argc, argv, "d:f:h", longopts)) != -1) {
		if (c >= OPT_GROUP && c <= OPT_DISABLED &&
		    strchr(o->rep->options, letters[c - OPT_GROUP]) == NULL) {
			return cli_usage_error(
			        cmd,
			        "option '%s' does not apply to 'report %s'",
			        names[c - OPT_GROUP], o->rep->name);
		}
		switch (c) {
		case 'h':
			return cli_help(cmd);
		case '?':
			return TS_EXIT_USAGE;
		case 'd':
			cli_db = optarg;
			break;
		case 'f':
			if (out_format_parse(optarg, &o->fmt) < 0) {
				return cli_usage_error(
				        cmd,
				        "unknown format '%s' (use "
				        "table, md, json or csv)",
				        optarg);
			}
			o->fmt_given = 1;
			break;
		case OPT_RULES:
			cli_push(&o->dirs, &o->n_dirs, optarg);
			break;
		case OPT_ARG:
			cli_push(&o->args, &o->n_args, optarg);
			break;
		case OPT_NO_STORE:
			o->no_store = 1;
			break;
		case OPT_FINDINGS:
			o->findings = 1;
			break;
		case OPT_SINCE:
		case OPT_UNTIL:
			if (cli_time(cmd,
			             c == OPT_SINCE ? "--since" : "--until",
			             optarg, c == OPT_UNTIL,
			             c == OPT_SINCE ? &o->since : &o->until)) {
				return TS_EXIT_USAGE;
			}
			break;
		case OPT_GROUP:
			o->group = optarg;
			break;
		case OPT_MEMBER:
			o->member = optarg;
			break;
		case OPT_AS_OF:
			if (cli_time(cmd, "--as-of", optarg, 1, &ms)) {
				return TS_EXIT_USAGE;
			}
			o->as_of = optarg;
			break;
		case OPT_DISABLED:
			o->disabled = optarg;
			break;
		case SANDBOX_OPT_INSN:
		case SANDBOX_OPT_MEM:
		case SANDBOX_OPT_SQL:
			if (sandbox_limit_parse(&o->lim, c, optarg) < 0) {
				return cli_usage_error(
				        cmd, "--%s needs a positive number",
				        sandbox_limit_name(c));
			}
			break;
		}
	}
	if (o->since > o->until) {
		return cli_usage_error(cmd, "--since is after --until");
	}
	if (optind < argc) {
		return cli_usage_error(cmd, "unexpected argument '%s'",
		                       argv[optind]);
	}
	return -1;
}

/* Set argument `name` of every selected rule that declares it. */
static int
set_arg(struct ruleset *rs, const char *sel, const char *name,
        const char *value)
{
	char err[300];

	for (int i = 0; i < rs->n; i++) {
		struct rule_arg *a;

		if (!sel[i] || (a = rule_find_arg(rs->v[i], name)) == NULL) {
			continue;
		}
		if (rule_set_arg(rs->v[i], a, value, err, sizeof(err)) < 0) {
			ts_warnx("report: %s", err);
			return -1;
		}
	}
	return 0;
}

/* ruleset_emit_fn: keep every finding (taken, not copied: a report
 * may have hundreds of thousands of rows). */
static void
keep(void *arg, const struct rule *r, struct finding_list *fl)
{
	struct found *f = arg;

	(void)r;
	finding_list_move(&f->all, fl);
}

/* Append the text of v to sb as its length (a size_t) and its bytes. */
static void
add_counted(strbuf *sb, const struct jval *v)
{
	size_t at = sb->len, n;

	n = 0;
	strbuf_add(sb, (const char *)&n, sizeof(n));
	jpath_text(v, sb);
	n = sb->len - at - sizeof(n);
	memcpy(sb->buf + at, &n, sizeof(n));
}

/* Read back a text add_counted wrote at *p: its bytes and length;
 * *p moves past it. */
static const char *
get_counted(const char **p, size_t *len)
{
	const char *text = *p + sizeof(*len);

	memcpy(len, *p, sizeof(*len));
	*p = text + *len;
	return text;
}

/* Append a summary entry [LABEL, VALUE]. */
static void
summary_line(struct found *f, const struct jval *entry)
{
	struct jval label, value;
	const char *doc = entry->doc + entry->off;
	size_t len = entry->end - entry->off;

	if (jpath_find(doc, len, "0", &label) != 1 ||
	    jpath_find(doc, len, "1", &value) != 1) {
		return;
	}
	add_counted(&f->summary, &label);
	add_counted(&f->summary, &value);
}

/* Append the entries of the summary array arr, in one pass over it
 * (looking each up by its index scanned the array once per entry). */
static void
summary_lines(struct found *f, const struct jval *arr)
{
	const char *doc = arr->doc + arr->off;
	json_tok_state t;
	json_tok tok;

	json_tok_init(&t, doc, arr->end - arr->off);
	json_tok_next(&t, &tok); /* the '[' */
	while (json_tok_next(&t, &tok) > JT_END && tok.type != JT_ARR_END) {
		struct jval entry;
		size_t end;

		if (json_tok_skip(&t, &tok, &end) == JT_ERROR) {
			break;
		}
		entry.doc = doc;
		entry.off = tok.off;
		entry.end = end;
		summary_line(f, &entry);
	}
}

/* Sort the findings into rows, summary and alerts. */
static void
sort_found(struct found *f)
{
	strbuf kind;

	strbuf_init(&kind);
	f->rows = xcalloc(f->all.n + 1, sizeof(*f->rows));
	f->alerts = xcalloc(f->all.n + 1, sizeof(*f->alerts));
	for (size_t i = 0; i < f->all.n; i++) {
		const struct finding *x = &f->all.v[i];
		const char *d = x->data;
		struct jval v;

		strbuf_reset(&kind);
		if (d == NULL ||
		    jpath_get_text(d, strlen(d), "report", &kind) != 1 ||
		    strcmp(kind.buf, f->rep->name) != 0) {
			f->alerts[f->n_alerts++] = x;
		} else if (jpath_find(d, strlen(d), "row", &v) == 1) {
			f->rows[f->n_rows++] = x;
		} else if (jpath_find(d, strlen(d), "summary", &v) == 1 &&
		           v.type == JT_ARR_BEGIN) {
			summary_lines(f, &v);
		}
	}
	strbuf_free(&kind);
}

/* The row selectors: --group (0) and --member (1). */
static const char *const selector_opt[2] = {"--group", "--member"};

/* Does the row's group (which 0) or member (1) match want: its id
 * exactly, or without regard to case its name or a former name (a
 * renamed group or user keeps one history, under its latest name)? */
static int
selects(const char *data, int which, const char *want)
{
	static const char *const paths[2][3] = {
	        {"row.group.id", "row.group.name", "row.group.former_names"},
	        {"row.member.id", "row.member.name", "row.member.former_names"},
	};
	size_t len = strlen(data);
	char path[64];
	strbuf sb;
	int ok;

	strbuf_init(&sb);
	jpath_get_text(data, len, paths[which][0], &sb);
	ok = strcmp(strbuf_str(&sb), want) == 0;
	if (!ok) {
		strbuf_reset(&sb);
		jpath_get_text(data, len, paths[which][1], &sb);
		ok = strcasecmp(strbuf_str(&sb), want) == 0;
	}
	for (int i = 0; !ok; i++) {
		snprintf(path, sizeof(path), "%s.%d", paths[which][2], i);
		strbuf_reset(&sb);
		if (jpath_get_text(data, len, path, &sb) != 1) {
			break;
		}
		ok = strcasecmp(strbuf_str(&sb), want) == 0;
	}
	strbuf_free(&sb);
	return ok;
}

/* Does the row match --group and --member? */
static int
wanted(const struct opts *o, const char *data)
{
	const char *want[2] = {o->group, o->member};

	for (int i = 0; i < 2; i++) {
		if (want[i] != NULL && !selects(data, i, want[i])) {
			return 0;
		}
	}
	return 1;
}

/* A --group or --member that matches no row at all is most likely a
 * typo, which a header alone would pass off as "no members": warn on
 * stderr, as `rules run` refuses a name matching no rule.  (A report
 * that ran cannot be a usage error; and a group that exists but has no
 * membership in the report gives no row either, so it is a warning.)
 * Both matching rows, only never the same one, is an answer, not a
 * typo. */
static void
warn_unmatched(const struct opts *o, const struct found *f)
{
	const char *want[2] = {o->group, o->member};

	for (int i = 0; i < 2; i++) {
		size_t r = 0;

		if (want[i] == NULL) {
			continue;
		}
		while (r < f->n_rows &&
		       !selects(f->rows[r]->data, i, want[i])) {
			r++;
		}
		if (r == f->n_rows) {
			/* under --as-of, a real name with no member then is
			 * no typo */
			ts_warnx("report: %s '%s' matches no row of the report"
			         "%s%s (%sids exactly, names in any case)",
			         selector_opt[i], want[i],
			         o->as_of ? " as of " : "",
			         o->as_of ? o->as_of : "",
			         o->as_of ? "none held then, or no such name: "
			                  : "");
		}
	}
}

/* Memberships and stale access replay state from the first event on:
 * with --since, what was granted, removed or disabled before it is not
 * seen, which the rows cannot show. */
static void
warn_since(const struct opts *o)
{
	char t[TSTIME_MAX];

	if (o->since == INT64_MIN ||
	    strcmp(o->rep->name, "provisioning") == 0) {
		return;
	}
	ts_warnx("report: %s: events before %s are not read, so "
	         "memberships granted and identities disabled before it are "
	         "not seen (leave --since out to replay the whole history)",
	         o->rep->name, tstime_format(o->since, t));
}

/* The row object of a row finding's data. */
static void
row_json(const char *data, strbuf *sb)
{
	struct jval v;

	if (jpath_find(data, strlen(data), "row", &v) == 1) {
		strbuf_add(sb, v.doc + v.off, v.end - v.off);
	}
}

/* Append the text of a column: its path in the row, or the first of
 * several paths ("a|b") that is not empty. */
static void
cell_text(const char *data, const char *paths, strbuf *sb)
{
	size_t start = sb->len;
	char path[128];

	while (*paths && sb->len == start) {
		size_t n = strcspn(paths, "|");

		snprintf(path, sizeof(path), "row.%.*s", (int)n, paths);
		jpath_get_text(data, strlen(data), path, sb);
		paths += n + (paths[n] == '|');
	}
}

/* Append the md section value of a row: rep's section, and its
 * qualifier in parentheses when there is one. */
static void
section_text(const struct report *rep, const char *data, strbuf *sb)
{
	size_t start;

	cell_text(data, rep->section, sb);
	if (rep->qualifier == NULL) {
		return;
	}
	start = sb->len;
	strbuf_add(sb, " (", 2);
	cell_text(data, rep->qualifier, sb);
	if (sb->len == start + 2) {
		strbuf_truncate(sb, start);
	} else {
		strbuf_addc(sb, ')');
	}
}

/* Is column c printed: not the column of `section` (its first path),
 * and not an --as-of column without --as-of? */
static int
shown(const struct opts *o, const struct col *c, const char *section)
{
	size_t n = section ? strcspn(section, "|") : 0;

	return (section == NULL || strlen(c->path) != n ||
	        strncmp(c->path, section, n) != 0) &&
	       (o->as_of != NULL || strncmp(c->path, "as_of.", 6) != 0);
}

/* Print rows (the data of row findings, already selected) with the
 * report's columns; without the column of `section` when not NULL. */
static void
print_rows(const struct opts *o, const struct found *f, out *ot,
           const struct finding *const *rows, size_t n_rows,
           const char *section)
{
	const struct col *cols = f->rep->cols;
	const char *names[32];
	int n = 0;
	strbuf sb;

	for (int i = 0; cols[i].name && n < 32; i++) {
		if (shown(o, &cols[i], section)) {
			names[n++] = cols[i].name;
		}
	}
	out_begin(ot, n, names);
	strbuf_init(&sb);
	for (size_t r = 0; r < n_rows; r++) {
		for (int i = 0; cols[i].name; i++) {
			if (!shown(o, &cols[i], section)) {
				continue;
			}
			if (strcmp(cols[i].path, EVIDENCE) == 0) {
				out_json(ot,
				         rows[r]->evidence ? rows[r]->evidence
				                           : "[]",
				         (size_t)-1);
				continue;
			}
			strbuf_reset(&sb);
			cell_text(rows[r]->data, cols[i].path, &sb);
			if (sb.len > 0) {
				out_text(ot, sb.buf, sb.len);
			} else {
				out_null(ot);
			}
		}
		out_row(ot);
	}
	strbuf_free(&sb);
}

/* The rows that --group and --member select, in order: an array
 * (freed by the caller) of *n pointers into f->rows. */
static const struct finding **
selected_rows(const struct opts *o, const struct found *f, size_t *n)
{
	const struct finding **v = xcalloc(f->n_rows + 1, sizeof(*v));

	*n = 0;
	for (size_t r = 0; r < f->n_rows; r++) {
		if (wanted(o, f->rows[r]->data)) {
			v[(*n)++] = f->rows[r];
		}
	}
	return v;
}

/* Print the selected rows with the report's columns, all of them. */
static void
print_all_rows(const struct opts *o, const struct found *f, out_format fmt)
{
	size_t n;
	const struct finding **rows = selected_rows(o, f, &n);
	out *ot = out_new(fmt, stdout);

	print_rows(o, f, ot, rows, n, NULL);
	out_end(ot);
	out_free(ot);
	free(rows);
}

static void
print_json_rows(const struct opts *o, const struct found *f)
{
	strbuf sb;

	strbuf_init(&sb);
	for (size_t r = 0; r < f->n_rows; r++) {
		if (wanted(o, f->rows[r]->data)) {
			strbuf_reset(&sb);
			row_json(f->rows[r]->data, &sb);
			strbuf_addc(&sb, '\n');
			fwrite(sb.buf, 1, sb.len, stdout);
		}
	}
	strbuf_free(&sb);
}

static void
print_alerts(const struct found *f, out_format fmt)
{
	out *ot = out_new(fmt, stdout);

	finding_out_begin(ot);
	for (size_t i = 0; i < f->n_alerts; i++) {
		finding_out_row(ot, f->alerts[i]);
	}
	out_end(ot);
	out_free(ot);
}

/* Append s[0..len) escaped as text of the md (md != 0) or table form. */
static void
add_escaped_n(strbuf *sb, int md, const char *s, size_t len)
{
	out_escape(md ? OUT_MD : OUT_TABLE, sb, s, len);
}

static void
add_escaped(strbuf *sb, int md, const char *s)
{
	add_escaped_n(sb, md, s, strlen(s));
}

/* The summary as "LABEL: VALUE" lines, or a Markdown table; labels and
 * values come from the logs (group names), so they are escaped as cells
 * are. */
static void
print_summary(const struct opts *o, const struct found *f, int md)
{
	const char *p = strbuf_str(&f->summary);
	const char *end = p + f->summary.len;
	strbuf line;

	if (md && p < end) {
		printf("| | |\n|---|---|\n");
	}
	strbuf_init(&line);
	/* --group and --member select rows: a summary of the whole report
	 * under them would read as the selection's own */
	if (p < end && (o->group || o->member)) {
		strbuf_adds(&line, md ? "| rows | " : "rows: ");
		strbuf_adds(&line, "only those of ");
		add_escaped(&line, md, o->group ? "--group " : "--member ");
		add_escaped(&line, md, o->group ? o->group : o->member);
		if (o->group && o->member) {
			add_escaped(&line, md, " and --member ");
			add_escaped(&line, md, o->member);
		}
		strbuf_adds(&line, "; the summary and the findings are of the "
		                   "whole report");
		strbuf_adds(&line, md ? " |\n" : "\n");
		fwrite(line.buf, 1, line.len, stdout);
	}
	while (p < end) {
		size_t n_label, n_value;
		const char *label = get_counted(&p, &n_label);
		const char *value = get_counted(&p, &n_value);

		strbuf_reset(&line);
		strbuf_adds(&line, md ? "| " : "");
		add_escaped_n(&line, md, label, n_label);
		strbuf_adds(&line, md ? " | " : ": ");
		add_escaped_n(&line, md, value, n_value);
		strbuf_adds(&line, md ? " |\n" : "\n");
		fwrite(line.buf, 1, line.len, stdout);
	}
	strbuf_free(&line);
}

/* The number of elements of the JSON array doc[0..len), in one pass;
 * 0 when doc is not a valid array. */
static size_t
array_count(const char *doc, size_t len)
{
	json_tok_state t;
	json_tok tok;
	size_t n = 0;
	struct jval whole;

	if (jpath_find(doc, len, NULL, &whole) != 1 ||
	    whole.type != JT_ARR_BEGIN) {
		return 0;
	}
	json_tok_init(&t, doc, len);
	json_tok_next(&t, &tok);
	while (json_tok_next(&t, &tok) > JT_END && tok.type != JT_ARR_END) {
		n++;
		if (json_tok_skip(&t, &tok, NULL) == JT_ERROR) {
			return 0;
		}
	}
	return n;
}

/* The findings as a list a person reads: severity, message, subject
 * when the message does not name it, and the first five evidence event
 * ids (all of them are in --findings and the findings view).  md: a
 * Markdown list; else plain lines for a terminal.  The evidence is
 * counted in one pass and only its first five ids are looked up: a
 * finding of a --rules author can hold a hundred thousand. */
static void
print_alert_list(const struct found *f, int md)
{
	for (size_t i = 0; i < f->n_alerts; i++) {
		const struct finding *x = f->alerts[i];
		const char *e = x->evidence ? x->evidence : "[]";
		size_t n = array_count(e, strlen(e));
		struct jval ev;
		strbuf sb, id;

		strbuf_init(&sb);
		add_escaped(&sb, md, x->message);
		printf(md ? "- **%s** %s" : "%-8s %s", x->severity,
		       strbuf_str(&sb));
		if (x->subject && *x->subject &&
		    strstr(x->message, x->subject) == NULL) {
			strbuf_reset(&sb);
			add_escaped(&sb, md, x->subject);
			printf(" (%s)", strbuf_str(&sb));
		}
		strbuf_reset(&sb);
		strbuf_init(&id);
		for (size_t k = 0; k < n && k < 5; k++) {
			char idx[16];

			snprintf(idx, sizeof(idx), "%zu", k);
			if (jpath_find(e, strlen(e), idx, &ev) != 1) {
				break;
			}
			/* Ids come from the logs: in md, a code span that a
			 * backtick in the id cannot end; on a terminal,
			 * escaped as cells are. */
			strbuf_adds(&sb, k ? ", " : "");
			strbuf_reset(&id);
			jpath_text(&ev, &id);
			if (md) {
				out_md_code(&sb, strbuf_str(&id), id.len);
			} else {
				out_escape(OUT_TABLE, &sb, strbuf_str(&id),
				           id.len);
			}
		}
		strbuf_free(&id);
		if (n > 0) {
			printf(md ? ". Evidence: %s"
			          : "\n         evidence: %s",
			       sb.buf);
			if (n > 5) {
				printf(" and %zu more", n - 5);
			}
		}
		strbuf_free(&sb);
		printf("\n");
	}
}

/* FNV-1a of a section value. */
static size_t
section_hash(const strbuf *v)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < v->len; i++) {
		h = (h ^ (unsigned char)v->buf[i]) * 1099511628211ULL;
	}
	return (size_t)h;
}

/* The md rows, one section per value of rep->section, in order of
 * appearance, each with its rows in report order.  Values are compared
 * whole: they come from the logs, so one may hold a newline or
 * another's name.  Every row is read once: its section value is looked
 * up in a hash table of the values seen, and the rows are then grouped
 * by section, so a report of many groups costs no more than one of
 * few. */
static void
print_sections(const struct opts *o, const struct found *f)
{
	size_t n_rows, n_seen = 0, mask = 15;
	const struct finding **rows = selected_rows(o, f, &n_rows);
	size_t *sec = xcalloc(n_rows + 1, sizeof(*sec)); /* row's section */
	strbuf *seen = xcalloc(n_rows + 1, sizeof(*seen));
	size_t *start = xcalloc(n_rows + 2, sizeof(*start));
	const struct finding **by_sec = xcalloc(n_rows + 1, sizeof(*by_sec));
	size_t *slot; /* index + 1 into seen, or 0 */
	strbuf head;

	while (mask + 1 < 2 * (n_rows + 1)) {
		mask = 2 * mask + 1;
	}
	slot = xcalloc(mask + 1, sizeof(*slot));
	for (size_t r = 0; r < n_rows; r++) {
		strbuf *v = &seen[n_seen];
		size_t h;

		strbuf_init(v);
		section_text(f->rep, rows[r]->data, v);
		for (h = section_hash(v) & mask; slot[h] != 0;
		     h = (h + 1) & mask) {
			const strbuf *w = &seen[slot[h] - 1];

			if (w->len == v->len &&
			    memcmp(w->buf, v->buf, v->len) == 0) {
				break;
			}
		}
		if (slot[h] == 0) {
			slot[h] = ++n_seen;
		} else {
			strbuf_free(v);
		}
		sec[r] = slot[h] - 1;
		start[sec[r] + 1]++;
	}
	/* start[k]: the first of section k's rows in by_sec */
	for (size_t k = 0; k < n_seen; k++) {
		start[k + 1] += start[k];
	}
	for (size_t r = 0; r < n_rows; r++) {
		by_sec[start[sec[r]]++] = rows[r];
	}
	strbuf_init(&head);
	for (size_t k = 0, first = 0; k < n_seen; k++) {
		const strbuf *v = &seen[k];
		out *ot;

		strbuf_reset(&head);
		if (v->len > 0) {
			add_escaped_n(&head, 1, v->buf, v->len);
		}
		printf("### %s\n\n", v->len > 0 ? head.buf : "(unknown)");
		ot = out_new(OUT_MD, stdout);
		print_rows(o, f, ot, by_sec + first, start[k] - first,
		           f->rep->section);
		out_end(ot);
		out_free(ot);
		printf("\n");
		first = start[k];
	}
	for (size_t k = 0; k < n_seen; k++) {
		strbuf_free(&seen[k]);
	}
	strbuf_free(&head);
	free(slot);
	free(by_sec);
	free(start);
	free(seen);
	free(sec);
	free(rows);
}

/* "Window: X to Y.\n\n" (md) or "window: X to Y\n" (table), when
 * --since or --until narrowed the report: a count over a window read as
 * one over the whole index misleads. */
static void
print_window(const struct opts *o, int md)
{
	char t1[TSTIME_MAX], t2[TSTIME_MAX];

	if (o->since == INT64_MIN && o->until == INT64_MAX) {
		return;
	}
	printf("%s: %s to %s%s", md ? "Window" : "window",
	       o->since == INT64_MIN ? "the first event"
	                             : tstime_format(o->since, t1),
	       o->until == INT64_MAX ? "the last event"
	                             : tstime_format(o->until, t2),
	       md ? ".\n\n" : "\n");
}

/* The md form: a report a responder can hand on. */
static void
print_md(const struct opts *o, const struct found *f)
{
	const struct report *rep = f->rep;

	printf("# %s\n\n", rep->title);
	print_window(o, 1);
	if (f->summary.len) {
		printf("## Summary\n\n");
		print_summary(o, f, 1);
		printf("\n");
	}
	printf("## Findings\n\n");
	if (f->n_alerts == 0) {
		printf("None.\n");
	}
	print_alert_list(f, 1);
	printf("\n## %s\n\n", rep->rows);
	if (rep->section == NULL) {
		print_all_rows(o, f, OUT_MD);
		return;
	}
	print_sections(o, f);
}

static void
print_table(const struct opts *o, const struct found *f)
{
	print_window(o, 0);
	if (f->summary.len) {
		print_summary(o, f, 0);
		printf("\n");
	}
	print_all_rows(o, f, OUT_TABLE);
	printf("\n%zu finding%s%s\n", f->n_alerts, f->n_alerts == 1 ? "" : "s",
	       f->n_alerts ? " (all fields: --findings):" : "");
	print_alert_list(f, 0);
}

static void
print_report(const struct opts *o, const struct found *f)
{
	if (o->findings) {
		print_alerts(f, o->fmt);
		return;
	}
	switch (o->fmt) {
	case OUT_TABLE:
		print_table(o, f);
		break;
	case OUT_MD:
		print_md(o, f);
		break;
	case OUT_JSON:
		print_json_rows(o, f);
		break;
	case OUT_CSV:
		print_all_rows(o, f, OUT_CSV);
		break;
	}
}

/* Load the rules and select the report's; -1 to go on, else an exit
 * status. */
static int
load(const struct ts_cmd *cmd, const struct opts *o, catalog **cat,
     struct ruleset *rs, char **sel)
{
	char expr[64], err[300];
	char *exprs[1] = {expr};
	ts_err e;

	ts_err_clear(&e);
	if (catalog_new(o->dirs, o->n_dirs, cat, &e) != TS_OK) {
		ts_warnx("%s", e.msg);
		return TS_EXIT_USAGE;
	}
	ruleset_load(rs, *cat, &o->lim);
	*sel = xcalloc((size_t)rs->n + 1, 1);
	snprintf(expr, sizeof(expr), "report.%s", o->rep->name);
	if (ruleset_select(rs, exprs, 1, *sel, err, sizeof(err)) < 0) {
		if (rs->n_failed > 0) { /* its rule did not load: said above */
			ts_warnx("report: %s", err);
			return TS_EXIT_PARTIAL;
		}
		/* the built-in rule carries the tag: one that replaced it
		 * (same id, under --rules) and dropped the tag is why */
		return cli_usage_error(cmd,
		                       "no rule is tagged '%s': a rule that "
		                       "replaces a report's rule must keep its "
		                       "tag '%s' (see trailsift-rules(7))",
		                       expr, expr);
	}
	for (int i = 0; i < o->n_args; i++) {
		if (ruleset_arg(rs, o->args[i], err, sizeof(err)) < 0) {
			return cli_usage_error(cmd, "%s", err);
		}
	}
	if (o->as_of && set_arg(rs, *sel, "as_of", o->as_of) < 0) {
		return TS_EXIT_USAGE;
	}
	if (o->disabled) {
		strbuf text;
		int rc = 0;

		strbuf_init(&text);
		if (strbuf_read_file(&text, o->disabled) < 0) {
			ts_warnx("report: %s: %s", o->disabled,
			         strerror(errno));
			rc = -1;
		} else if (set_arg(rs, *sel, "disabled_file", o->disabled) <
		                   0 ||
		           set_arg(rs, *sel, "disabled", strbuf_str(&text)) <
		                   0) {
			rc = -1;
		}
		strbuf_free(&text);
		if (rc < 0) {
			return TS_EXIT_FATAL;
		}
	}
	return -1;
}

static int
run_report(const struct ts_cmd *cmd, int argc, char **argv)
{
	struct opts o;
	struct found f;
	struct ruleset rs = {NULL, 0, 0, NULL, 0};
	struct ruleset_session ses;
	catalog *cat = NULL;
	char *sel = NULL, *command;
	int rc;

	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
		                  strcmp(argv[1], "-h") == 0)) {
			return cli_help(cmd);
		}
		return cli_usage_error(cmd, "name a report: provisioning, "
		                            "memberships or stale");
	}
	memset(&o, 0, sizeof(o));
	o.since = INT64_MIN;
	o.until = INT64_MAX;
	sandbox_limits_default(&o.lim);
	if ((o.rep = find_report(argv[1])) == NULL) {
		return cli_usage_error(cmd,
		                       "unknown report '%s' (provisioning, "
		                       "memberships or stale)",
		                       argv[1]);
	}
	memset(&f, 0, sizeof(f));
	f.rep = o.rep;
	command = cli_command_line(argc, argv);
	if ((rc = parse(cmd, argc - 1, argv + 1, &o)) >= 0 ||
	    (rc = load(cmd, &o, &cat, &rs, &sel)) >= 0 ||
	    (rc = ruleset_begin(&ses, cli_db, !o.no_store, command)) !=
	            TS_EXIT_OK) {
		goto out;
	}
	rc = ruleset_run(&rs, sel, &ses, o.since, o.until, keep, &f);
	rc = ruleset_end(&ses, rc);
	if (rc != TS_EXIT_FATAL) {
		sort_found(&f);
		if (rc == TS_EXIT_OK) {
			warn_unmatched(&o, &f);
			warn_since(&o);
		}
		print_report(&o, &f);
	}
out:
	fflush(stdout);
	ruleset_free(&rs);
	catalog_free(cat);
	finding_list_clear(&f.all);
	free(f.rows);
	free(f.alerts);
	strbuf_free(&f.summary);
	free(sel);
	free(o.dirs);
	free(o.args);
	free(command);
	return rc;
}

const struct ts_cmd cmd_report = {
        .name = "report",
        .run = run_report,
        .synopsis = "trailsift report provisioning [-d DB] [-f FORMAT] "
                    "[COMMON]\n"
                    "trailsift report memberships [-d DB] [-f FORMAT] [--group "
                    "ID|NAME]\n"
                    "                 [--member ID|NAME] [--as-of TIME] "
                    "[COMMON]\n"
                    "trailsift report stale [-d DB] [-f FORMAT] [--disabled "
                    "FILE]\n"
                    "                 [--as-of TIME] [COMMON]\n"
                    "  COMMON: [--since TIME] [--until TIME] [--rules DIR]...\n"
                    "          [--arg ID.NAME=VALUE]... [--no-store] "
                    "[--findings]\n"
                    "          [--max-instructions N] [--max-memory MIB] "
                    "[--max-sql-steps N]",
        .summary = "Identity reports: provisioning, memberships, stale access",
        .help = "Each report runs the built-in rules tagged report.NAME "
                "(see 'trailsift rules\nlist report.NAME') and prints what "
                "they find.\n\n"
                "  provisioning  how identity changes reached AWS, per "
                "account and channel\n"
                "                (SCIM from Okta or Entra ID, an identity-"
                "governance tool,\n"
                "                CLI, CloudShell, console, Terraform...), "
                "with findings\n"
                "  memberships   every group's membership history: who was "
                "in, when added\n"
                "                and removed, by whom and how\n"
                "  stale         access still held by identities disabled "
                "in the logs or in\n"
                "                an identity provider's export (--disabled)\n\n"
                "Options:\n"
                "  -d, --db PATH        the index (default: $TRAILSIFT_DB, "
                "else ./trailsift.db)\n"
                "  -f, --format FORMAT  table (default), md (a report to "
                "hand on), json (one\n"
                "                       row per line) or csv\n"
                "      --since TIME     only events at or after TIME (ISO "
                "8601)\n"
                "      --until TIME     only events up to the end of TIME (a "
                "date: of its day,\n"
                "                       18:31: of that minute)\n"
                "      --group ID|NAME  memberships: only this group\n"
                "      --member ID|NAME memberships: only this member\n"
                "      --as-of TIME     memberships: who was a member at "
                "TIME; stale: who was\n"
                "                       disabled by TIME and what they "
                "held then, days stale\n"
                "                       counted to TIME (default: the last "
                "event or --until;\n"
                "                       a date: its end)\n"
                "      --disabled FILE  stale: identities disabled upstream "
                "(CSV or JSON export\n"
                "                       of Entra ID, Okta or a list with "
                "a user name and a date)\n"
                "      --findings       print the report's findings instead "
                "of its rows\n"
                "      --rules DIR      add or override rules (see "
                "trailsift rules)\n"
                "      --arg ID.NAME=VALUE  set a rule argument "
                "(repeatable)\n"
                "      --no-store       do not store the findings (read-only "
                "index)\n"
                "      --max-instructions N  Lua instructions per call "
                "(as in 'rules run')\n"
                "      --max-memory MIB      Lua memory per rule\n"
                "      --max-sql-steps N     SQLite steps per ctx:query\n\n"
                "Exit status: 0 ok; 1 fatal error; 2 usage; 3 a rule "
                "failed (the report is\nprinted from the others).\n",
};
