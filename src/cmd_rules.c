/* cmd_rules.c -- `trailsift rules list|help|run|test`: the command line
 * of the Lua rule engine (src/engine/).  Options become a catalog, a
 * loaded ruleset and limits; `run` then runs the selected rules in id
 * order on a read-only connection, prints each completed rule's
 * findings and stores them through a separate write connection.
 *
 * Exit statuses: 0 all went well; 2 usage (bad option, unknown rule or
 * tag, bad --arg); 1 fatal (no index, findings could not be stored; for
 * `test`, a test failed); 3 completed, but a rule file did not load or
 * a rule failed while running -- the others ran and their findings
 * stand, the failures are on stderr. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "engine/catalog.h"
#include "engine/finding.h"
#include "engine/rule_run.h"
#include "engine/rule_test.h"
#include "engine/ruleset.h"
#include "index/index.h"
#include "report/out.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"

/* Options of all four subcommands (each accepts its own subset). */
struct opts {
	char **dirs; /* --rules DIR */
	int n_dirs;
	char **exprs; /* --select EXPR and operands */
	int n_exprs;
	char **args; /* --arg ID.NAME=VALUE */
	int n_args;
	out_format fmt;            /* -f */
	struct sandbox_limits lim; /* --max-* */
	int no_store;              /* --no-store */
	int lib;                   /* --lib */
	int update;                /* --update */
	const char *command;       /* the command line, for `run` */
	int64_t since;             /* --since, or INT64_MIN */
	int64_t until;             /* --until, or INT64_MAX */
};

enum {
	OPT_RULES = 256,
	OPT_SELECT,
	OPT_ARG,
	OPT_NO_STORE,
	OPT_LIB,
	OPT_UPDATE,
	OPT_SINCE,
	OPT_UNTIL,
};

/* Parse the options of subcommand `sub` (allowed: the letters and long
 * options it takes).  Returns -1 to go on, else an exit status. */
static int
parse(const struct ts_cmd *cmd, int argc, char **argv, const char *allowed,
      struct opts *o)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"format", required_argument, NULL, 'f'},
	        {"help", no_argument, NULL, 'h'},
	        {"rules", required_argument, NULL, OPT_RULES},
	        {"select", required_argument, NULL, OPT_SELECT},
	        {"arg", required_argument, NULL, OPT_ARG},
	        SANDBOX_LIMIT_OPTIONS,
	        {"no-store", no_argument, NULL, OPT_NO_STORE},
	        {"lib", no_argument, NULL, OPT_LIB},
	        {"update", no_argument, NULL, OPT_UPDATE},
	        {"since", required_argument, NULL, OPT_SINCE},
	        {"until", required_argument, NULL, OPT_UNTIL},
	        {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = cli_getopt(cmd, argc, argv, "d:f:h", longopts)) != -1) {
		/* named by its long form: argv[optind - 1] is the value
		 * when it came as a separate word */
		const char *word = "?";

		for (int i = 0; longopts[i].name; i++) {
			if (longopts[i].val == c) {
				word = longopts[i].name;
				break;
			}
		}
		if (c == 'h') {
			return cli_help(cmd);
		}
		if (c == '?') {
			return TS_EXIT_USAGE;
		}
		/* a long option as a letter: 'A' + n, the LIMITS all 'L' */
		if (strchr(allowed, c < 256 ? c
		                    : c >= SANDBOX_OPT_INSN
		                            ? 'L'
		                            : c - 256 + 'A') == NULL) {
			return cli_usage_error(
			        cmd,
			        "option '--%s' does not apply to "
			        "'rules %s'",
			        word, argv[0]);
		}
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'f':
			if (out_format_parse(optarg, &o->fmt) < 0) {
				return cli_usage_error(
				        cmd,
				        "unknown format '%s' (use table, md, "
				        "json or csv)",
				        optarg);
			}
			break;
		case OPT_RULES:
			cli_push(&o->dirs, &o->n_dirs, optarg);
			break;
		case OPT_SELECT:
			cli_push(&o->exprs, &o->n_exprs, optarg);
			break;
		case OPT_ARG:
			cli_push(&o->args, &o->n_args, optarg);
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
		case OPT_NO_STORE:
			o->no_store = 1;
			break;
		case OPT_LIB:
			o->lib = 1;
			break;
		case OPT_UPDATE:
			o->update = 1;
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
		}
	}
	if (o->since > o->until) {
		return cli_usage_error(cmd, "--since is after --until");
	}
	return -1;
}

/* Catalog of the built-in rules and --rules DIRs. */
static int
open_catalog(const struct ts_cmd *cmd, const struct opts *o, catalog **cat)
{
	ts_err err;

	ts_err_clear(&err);
	if (catalog_new(o->dirs, o->n_dirs, cat, &err) != TS_OK) {
		catalog_free(*cat);
		return cli_usage_error(cmd, "%s", err.msg);
	}
	return -1;
}

static void
tags_text(const struct rule *r, strbuf *sb)
{
	strbuf_reset(sb);
	for (int i = 0; i < r->n_tags; i++) {
		strbuf_addf(sb, "%s%s", i ? " " : "", r->tags[i]);
	}
}

static int
rules_list(const struct ts_cmd *cmd, struct opts *o, int argc, char **argv)
{
	static const char *const names[] = {"id", "title", "tags"};
	struct ruleset rs;
	catalog *cat = NULL;
	char *sel, err[300];
	strbuf tags;
	out *ot;
	int rc;

	for (int i = optind; i < argc; i++) {
		cli_push(&o->exprs, &o->n_exprs, argv[i]);
	}
	if ((rc = open_catalog(cmd, o, &cat)) >= 0) {
		return rc;
	}
	ruleset_load(&rs, cat, &o->lim);
	sel = xcalloc((size_t)rs.n + 1, 1);
	if (o->n_exprs > 0 && ruleset_select(&rs, o->exprs, o->n_exprs, sel,
	                                     err, sizeof(err)) < 0) {
		rc = cli_usage_error(cmd, "%s", err);
		goto out;
	}
	strbuf_init(&tags);
	ot = out_new(o->fmt, stdout);
	out_begin(ot, 3, names);
	for (int i = 0; i < rs.n; i++) {
		if (o->n_exprs > 0 && !sel[i]) {
			continue;
		}
		tags_text(rs.v[i], &tags);
		out_text(ot, rs.v[i]->id, (size_t)-1);
		out_text(ot, rs.v[i]->title, (size_t)-1);
		out_text(ot, strbuf_str(&tags), tags.len);
		out_row(ot);
	}
	out_end(ot);
	out_free(ot);
	strbuf_free(&tags);
	rc = rs.n_failed ? TS_EXIT_PARTIAL : TS_EXIT_OK;
out:
	free(sel);
	ruleset_free(&rs);
	catalog_free(cat);
	return rc;
}

/* Print s[0..n) with its control characters shown (\x1b, \r...) but
 * tabs, as trailsift's warnings show them: a rule file's text cannot
 * send escape sequences to the terminal that reads `rules help`. */
static void
put_text(const char *s, size_t n)
{
	strbuf sb;

	strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		size_t run = strcspn(s + i, "\t");

		run = run < n - i ? run : n - i;
		strbuf_add_visible(&sb, s + i, run);
		i += run;
		if (i < n) {
			strbuf_addc(&sb, '\t');
		}
	}
	fwrite(strbuf_str(&sb), 1, sb.len, stdout);
	strbuf_free(&sb);
}

/* put_text() of a whole string, NULL as "". */
static void
put_str(const char *s)
{
	if (s) {
		put_text(s, strlen(s));
	}
}

/* Print text indented by two spaces, line by line. */
static void
indented(const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");

		printf("%s", n ? "  " : "");
		put_text(text, n);
		printf("\n");
		text += n + (text[n] == '\n');
	}
}

/* A where as written in [[...]]: its first line starts right after the
 * brackets, the others carry the file's indentation, which goes. */
static void
dedented(const char *text)
{
	size_t cut = SIZE_MAX;
	const char *nl = strchr(text, '\n');

	for (const char *p = nl; p; p = strchr(p + 1, '\n')) {
		size_t n = strspn(p + 1, " \t");

		if (p[1 + n] != '\n' && p[1 + n] != '\0' && n < cut) {
			cut = n;
		}
	}
	printf("  ");
	put_text(text, nl ? (size_t)(nl - text) : strlen(text));
	printf("\n");
	for (const char *p = nl; p; p = strchr(p + 1, '\n')) {
		size_t n = strcspn(p + 1, "\n"), skip = strspn(p + 1, " \t");

		skip = skip < cut ? skip : cut;
		if (n > skip) {
			printf("  ");
			put_text(p + 1 + skip, n - skip);
			printf("\n");
		}
	}
}

static void
print_help(const catalog *cat, const struct rule *r)
{
	char *sample;

	/* The id, tags and argument names are checked words; the rest
	 * is the rule file's text, shown as put_text() shows it. */
	printf("%s -- ", r->id);
	put_str(r->title);
	printf("\n\nseverity: %s\n", r->severity);
	printf("tags:     ");
	for (int i = 0; i < r->n_tags; i++) {
		printf("%s%s", i ? " " : "", r->tags[i]);
	}
	printf("\nfile:     ");
	put_str(r->src->path);
	printf("\n");
	if (r->description) {
		printf("\n");
		indented(r->description);
	}
	if (r->n_args > 0) {
		printf("\narguments (--arg %s.NAME=VALUE):\n", r->id);
	}
	for (int i = 0; i < r->n_args; i++) {
		const struct rule_arg *a = &r->args[i];

		printf("  %s (%s%s", a->name, rule_arg_type_name(a->type),
		       a->def ? ", default " : "");
		put_str(a->def);
		printf(")%s", a->doc ? ": " : "");
		put_str(a->doc);
		printf("\n");
	}
	printf("\nevents (where):\n");
	dedented(r->where ? r->where : "all events");
	for (int i = 0; i < r->n_refs; i++) {
		printf("%s", i ? "  " : "\nreferences:\n  ");
		put_str(r->refs[i]);
		printf("\n");
	}
	if ((sample = rule_test_sample(cat, r->src)) != NULL) {
		printf("\nsample finding (from %s.test/expected.jsonl):\n  "
		       "%s\n",
		       r->src->base, sample);
		free(sample);
	}
}

static int
rules_help(const struct ts_cmd *cmd, struct opts *o, int argc, char **argv)
{
	struct ruleset rs;
	catalog *cat = NULL;
	struct rule *r;
	const struct ruleset_failure *f;
	int rc;

	if (optind + 1 != argc) {
		return cli_usage_error(cmd, "rules help needs one rule id");
	}
	if ((rc = open_catalog(cmd, o, &cat)) >= 0) {
		return rc;
	}
	ruleset_load(&rs, cat, &o->lim);
	if ((r = ruleset_find(&rs, argv[optind])) == NULL &&
	    (f = ruleset_find_failed(&rs, argv[optind])) != NULL) {
		ts_warnx("rules: rule '%s' did not load (%s: see above)",
		         argv[optind], f->src->path);
		rc = TS_EXIT_PARTIAL;
	} else if (r == NULL) {
		rc = cli_usage_error(cmd,
		                     "no rule '%s' ('trailsift rules "
		                     "list' shows them)",
		                     argv[optind]);
	} else {
		print_help(cat, r);
		rc = rs.n_failed ? TS_EXIT_PARTIAL : TS_EXIT_OK;
	}
	ruleset_free(&rs);
	catalog_free(cat);
	return rc;
}

/* ruleset_emit_fn: print a rule's findings. */
static void
print_findings(void *arg, const struct rule *r, struct finding_list *fl)
{
	(void)r;
	for (size_t k = 0; k < fl->n; k++) {
		finding_out_row(arg, &fl->v[k]);
	}
}

static int
rules_run(const struct ts_cmd *cmd, struct opts *o, int argc, char **argv)
{
	struct ruleset rs;
	struct ruleset_session ses;
	catalog *cat = NULL;
	char *sel = NULL, err[300];
	out *ot = NULL;
	int rc;

	for (int i = optind; i < argc; i++) {
		cli_push(&o->exprs, &o->n_exprs, argv[i]);
	}
	if ((rc = open_catalog(cmd, o, &cat)) >= 0) {
		return rc;
	}
	ruleset_load(&rs, cat, &o->lim);
	sel = xcalloc((size_t)rs.n + 1, 1);
	if (ruleset_select(&rs, o->exprs, o->n_exprs, sel, err, sizeof(err)) <
	    0) {
		rc = cli_usage_error(cmd, "%s", err);
		goto out;
	}
	for (int i = 0; i < o->n_args; i++) {
		if (ruleset_arg(&rs, o->args[i], err, sizeof(err)) < 0) {
			rc = cli_usage_error(cmd, "%s", err);
			goto out;
		}
	}
	if ((rc = ruleset_begin(&ses, cli_db, !o->no_store, o->command)) !=
	    TS_EXIT_OK) {
		goto out;
	}
	ot = out_new(o->fmt, stdout);
	finding_out_begin(ot);
	rc = ruleset_run(&rs, sel, &ses, o->since, o->until, print_findings,
	                 ot);
	out_end(ot);
	rc = ruleset_end(&ses, rc);
out:
	out_free(ot);
	ruleset_free(&rs);
	free(sel);
	catalog_free(cat);
	return rc;
}

/* Does `rules test` take this argument as a file rather than an id? */
static int
is_lua_path(const char *a)
{
	size_t n = strlen(a);

	return n > 4 && strcmp(a + n - 4, ".lua") == 0;
}

static int
rules_test(const struct ts_cmd *cmd, struct opts *o, int argc, char **argv)
{
	struct rule_test_stats st = {0, 0, 0};
	struct ruleset rs;
	struct rule *r;
	catalog *cat = NULL;
	int rc, loaded = 0;

	if ((rc = open_catalog(cmd, o, &cat)) >= 0) {
		return rc;
	}
	/* IDs need the ruleset to be found; paths are added.  An unknown
	 * id is a usage error, as for `rules help`, found before any test
	 * runs; so is a FILE.lua that is not there (as a missing --rules
	 * DIR is).  A file that is there but does not load fails its
	 * test. */
	for (int i = optind; i < argc; i++) {
		if (is_lua_path(argv[i])) {
			struct stat sb;
			const char *why = NULL;

			if (stat(argv[i], &sb) != 0) {
				why = strerror(errno);
			} else if (S_ISDIR(sb.st_mode)) {
				why = strerror(EISDIR);
			}
			if (why != NULL) {
				rc = cli_usage_error(cmd, "%s: %s", argv[i],
				                     why);
				goto out;
			}
			continue;
		}
		if (!loaded) {
			ruleset_load(&rs, cat, &o->lim);
			loaded = 1;
		}
		if (ruleset_find(&rs, argv[i]) == NULL &&
		    ruleset_find_failed(&rs, argv[i]) == NULL) {
			rc = cli_usage_error(cmd,
			                     "no rule '%s' ('trailsift rules "
			                     "list' shows them)",
			                     argv[i]);
			goto out;
		}
	}
	if (o->lib) {
		rule_test_lib(cat, &o->lim, stdout, &st);
	}
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			const char *a = argv[i];

			if (is_lua_path(a)) {
				rule_test_run(cat, catalog_add_file(cat, a),
				              &o->lim, 1, o->update, stdout,
				              &st);
				continue;
			}
			/* A rule that did not load fails its test, which
			 * says why. */
			r = ruleset_find(&rs, a);
			rule_test_run(cat,
			              r ? r->src
			                : ruleset_find_failed(&rs, a)->src,
			              &o->lim, 1, o->update, stdout, &st);
		}
	} else if (!o->lib) {
		ruleset_load(&rs, cat, &o->lim);
		loaded = 1;
		/* A file that did not load fails its test with a FAIL line,
		 * as when it is named; a duplicate id is counted (its
		 * message is on stderr). */
		st.failed += rs.n_failed - rs.n_failures;
		for (int i = 0; i < rs.n_failures; i++) {
			rule_test_run(cat, rs.failed[i].src, &o->lim, 0,
			              o->update, stdout, &st);
		}
		for (int i = 0; i < rs.n; i++) {
			/* --update rewrites files: only rules on disk. */
			if (o->update && rs.v[i]->src->origin == 0) {
				continue;
			}
			rule_test_run(cat, rs.v[i]->src, &o->lim, 0, o->update,
			              stdout, &st);
		}
	}
	printf("%d passed, %d failed, %d skipped\n", st.passed, st.failed,
	       st.skipped);
	rc = st.failed ? TS_EXIT_FATAL : TS_EXIT_OK;
out:
	if (loaded) {
		ruleset_free(&rs);
	}
	catalog_free(cat);
	return rc;
}

static int
run_rules(const struct ts_cmd *cmd, int argc, char **argv)
{
	static const struct {
		const char *name;
		const char *allowed; /* short letters; long as in parse() */
		int (*fn)(const struct ts_cmd *, struct opts *, int, char **);
	} subs[] = {
	        /* A --rules B --select C --arg D --no-store E --lib
	         * F --update G --since H --until L --max-* */
	        {"list", "fAL", rules_list},
	        {"help", "AL", rules_help},
	        {"run", "dfABCDGHL", rules_run},
	        {"test", "AEFL", rules_test},
	};
	struct opts o;
	int rc = TS_EXIT_USAGE;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc >= 2) {
			return cli_help(cmd);
		}
		return cli_usage_error(cmd, "no subcommand given");
	}
	memset(&o, 0, sizeof(o));
	sandbox_limits_default(&o.lim);
	o.since = INT64_MIN;
	o.until = INT64_MAX;
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name) != 0) {
			continue;
		}
		o.command = cli_command_line(argc, argv);
		rc = parse(cmd, argc - 1, argv + 1, subs[i].allowed, &o);
		if (rc < 0) {
			rc = subs[i].fn(cmd, &o, argc - 1, argv + 1);
		}
		free(o.dirs);
		free(o.exprs);
		free(o.args);
		free((char *)o.command);
		return rc;
	}
	return cli_usage_error(cmd, "unknown subcommand '%s'", argv[1]);
}

const struct ts_cmd cmd_rules = {
        .name = "rules",
        .run = run_rules,
        .synopsis = "trailsift rules list [--rules DIR]... [-f FORMAT] "
                    "[EXPR]...\n"
                    "trailsift rules help [--rules DIR]... ID\n"
                    "trailsift rules run [-d DB] [--rules DIR]... [--select "
                    "EXPR]...\n"
                    "                    [--arg ID.NAME=VALUE]... [-f "
                    "FORMAT] [--no-store]\n"
                    "                    [--since TIME] [--until TIME] "
                    "[LIMITS] [EXPR]...\n"
                    "trailsift rules test [--rules DIR]... [--lib] "
                    "[--update] [LIMITS]\n"
                    "                     [ID|FILE.lua]...",
        .summary = "List, run and test Lua rules",
        .help = "Lua rules read the index and record findings; "
                "trailsift-rules(7) tells how to\nwrite them.  Built-in "
                "rules are always there; --rules DIR adds the *.lua "
                "files\nunder DIR (a rule with the id of a built-in one "
                "replaces it) and the modules\nin DIR/lua/.\n\n"
                "  list   id, title and tags of every rule (or of those "
                "EXPR selects)\n"
                "  help   a rule's description, arguments, events and a "
                "sample finding\n"
                "  run    run rules on the index; print and store their "
                "findings\n"
                "  test   run rules on their fixtures (<rule>.test/) and "
                "compare the findings\n\n"
                "Selection: an EXPR is rule ids (shell patterns) and tags "
                "with and, or, not and\nparentheses, e.g. \"identity and "
                "not example\"; several are or-ed.  Without one,\n'run' "
                "runs the rules tagged default, or when none is, all but "
                "the report\nrules (tagged report.NAME: 'trailsift "
                "report' runs them).\n\n"
                "Options:\n"
                "  -d, --db PATH          the index (default: "
                "$TRAILSIFT_DB, else ./trailsift.db)\n"
                "  -f, --format FORMAT    table (default), md, json or "
                "csv\n"
                "      --rules DIR        add the rules under DIR "
                "(repeatable)\n"
                "      --select EXPR      run the rules EXPR selects "
                "(repeatable)\n"
                "      --arg ID.NAME=VALUE  set a rule argument "
                "(repeatable)\n"
                "      --no-store         print findings without storing "
                "them (read-only index)\n"
                "      --since TIME       run: each() sees only events at "
                "or after TIME\n"
                "      --until TIME       run: ... and up to the end of TIME "
                "(a date: of its\n"
                "                         day, 18:31: of that minute)\n"
                "      --lib              test: run the Lua modules' "
                "inline tests, and then only\n"
                "                         the rules named (none without "
                "an ID)\n"
                "      --update           test: write expected.jsonl from "
                "what the rule finds\n"
                "LIMITS, per rule:\n"
                "      --max-instructions N  Lua instructions per call "
                "(default 1000000000)\n"
                "      --max-memory MIB      Lua memory (default 1024)\n"
                "      --max-sql-steps N     SQLite steps per ctx:query "
                "(default 1000000000)\n\n"
                "Exit status: 0 ok; 1 fatal error, or a failed test; 2 "
                "usage; 3 some rule failed\nto load or run (the others "
                "ran; see stderr).\n",
};
