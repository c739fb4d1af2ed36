/* cli.c -- shared option handling for subcommands (see cli.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "index/index.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/tstime.h"

const char *cli_db = "trailsift.db";

static void
print_usage(FILE *fp, const struct ts_cmd *cmd)
{
	const char *s = cmd->synopsis;
	int first = 1;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		fprintf(fp, "%s%.*s\n", first ? "usage: " : "       ", (int)n,
		        s);
		first = 0;
		s += n + (nl != NULL);
	}
}

int
cli_help(const struct ts_cmd *cmd)
{
	print_usage(stdout, cmd);
	printf("\n%s", cmd->help);
	return TS_EXIT_OK;
}

int
cli_usage_error(const struct ts_cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "trailsift: %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_usage(stderr, cmd);
	return TS_EXIT_USAGE;
}

int
cli_open_read(const struct ts_cmd *cmd, sqlite3 **db)
{
	ts_err err;

	*db = NULL;
	if (*cli_db == '\0') {
		/* it said "trailsift: : No such file or directory" */
		return cli_usage_error(cmd, "-d names no file (an empty "
		                            "path)");
	}
	ts_err_clear(&err);
	if (index_open(cli_db, INDEX_READ, db, &err) != TS_OK) {
		ts_warnx("%s", err.msg);
		return TS_EXIT_FATAL;
	}
	return TS_EXIT_OK;
}

char *
cli_option_problem(const char *word, int optopt, const struct option *longopts)
{
	const char *name = word + 2, *eq;
	const struct option *lo, *match = NULL, *first = NULL;
	size_t len;
	int n = 0;
	strbuf sb;

	strbuf_init(&sb);
	/* no option holds a space: an argument such as SQL that begins
	 * with a -- comment, which getopt takes for one */
	if (strpbrk(word, " \t\n\r") != NULL) {
		size_t line = strcspn(word, "\n\r");

		strbuf_addf(&sb,
		            "'%.*s%s' is not an option: an argument that "
		            "begins with '-' (SQL opening with a -- comment) "
		            "goes after '--'",
		            (int)line, word, word[line] ? "..." : "");
		return strbuf_detach(&sb, NULL);
	}
	if (strncmp(word, "--", 2) != 0) {
		strbuf_addf(&sb, "unknown option '-%c'", optopt);
		return strbuf_detach(&sb, NULL);
	}
	eq = strchr(name, '=');
	len = eq ? (size_t)(eq - name) : strlen(name);
	/* an exact name first: --quiet=yes */
	for (lo = longopts; lo->name; lo++) {
		if (strlen(lo->name) == len &&
		    strncmp(lo->name, name, len) == 0) {
			match = lo;
			n = 1;
			break;
		}
	}
	/* else the names it abbreviates: --s for --select and --since */
	for (lo = longopts; match == NULL && len > 0 && lo->name; lo++) {
		if (strncmp(lo->name, name, len) == 0) {
			first = first ? first : lo;
			n++;
		}
	}
	if (n == 1 && match == NULL) {
		match = first;
	}
	if (n == 1 && eq && match->has_arg == no_argument) {
		strbuf_addf(&sb, "option '--%s' takes no argument",
		            match->name);
	} else if (n > 1) {
		const char *sep = "";

		strbuf_addf(&sb, "option '--%.*s' is ambiguous (", (int)len,
		            name);
		for (lo = longopts; lo->name; lo++) {
			if (strncmp(lo->name, name, len) == 0) {
				strbuf_addf(&sb, "%s--%s", sep, lo->name);
				sep = ", ";
			}
		}
		strbuf_addc(&sb, ')');
	} else {
		strbuf_addf(&sb, "unknown option '--%.*s'", (int)len, name);
	}
	return strbuf_detach(&sb, NULL);
}

int
cli_getopt(const struct ts_cmd *cmd, int argc, char **argv,
           const char *shortopts, const struct option *longopts)
{
	char spec[128];
	const char *word;
	int c;

	/* A leading ':' makes getopt report a missing argument as ':'. */
	snprintf(spec, sizeof(spec), ":%s", shortopts);
	opterr = 0;
	c = getopt_long(argc, argv, spec, longopts, NULL);
	if (c != '?' && c != ':') {
		return c;
	}
	word = argv[optind - 1];
	if (c == ':') {
		cli_usage_error(cmd, "option '%s' needs an argument", word);
	} else {
		char *msg = cli_option_problem(word, optopt, longopts);

		cli_usage_error(cmd, "%s", msg);
		free(msg);
	}
	return '?';
}

int
cli_time(const struct ts_cmd *cmd, const char *opt, const char *v,
         int end_of_day, int64_t *ms)
{
	if (tstime_parse(v, strlen(v), ms) != 0) {
		cli_usage_error(cmd,
		                "%s: '%s' is not a time (use ISO 8601, e.g. "
		                "2024-01-31 or 2024-01-31T12:00:00Z)",
		                opt, v);
		return -1;
	}
	if (end_of_day) {
		*ms += tstime_span(v, strlen(v));
	}
	return 0;
}

char *
cli_command_line(int argc, char **argv)
{
	strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, "trailsift");
	for (int i = 0; i < argc; i++) {
		strbuf_addc(&sb, ' ');
		strbuf_adds(&sb, argv[i]);
	}
	return strbuf_detach(&sb, NULL);
}

void
cli_push(char ***list, int *n, const char *v)
{
	*list = xrealloc(*list, ((size_t)*n + 1) * sizeof(char *));
	(*list)[(*n)++] = (char *)v;
}

int
cli_has_subcommand(const struct ts_cmd *cmd, const char *word)
{
	size_t n = strlen(word);
	char head[64];
	const char *p;

	if (cmd->synopsis == NULL || n == 0 ||
	    snprintf(head, sizeof(head), "trailsift %s ", cmd->name) >=
	            (int)sizeof(head)) {
		return 0;
	}
	for (p = strstr(cmd->synopsis, head); p; p = strstr(p + 1, head)) {
		const char *w = p + strlen(head);

		if (strncmp(w, word, n) == 0 &&
		    (w[n] == ' ' || w[n] == '\n' || w[n] == '\0')) {
			return 1;
		}
	}
	return 0;
}
