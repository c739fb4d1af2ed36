/* cli.h -- the subcommand table and the option handling every command
 * shares.
 *
 * main.c dispatches argv[1] to a `struct ts_cmd` found by name.  Each
 * cmd_*.c file defines one command: its entry point, its synopsis and its
 * help text, so `trailsift help CMD`, `trailsift CMD --help` and usage
 * errors all print the same words.  cli_getopt() wraps getopt_long():
 * unknown options and missing arguments print one line plus the usage
 * on stderr and return '?', and the caller returns TS_EXIT_USAGE. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <getopt.h>

#include <sqlite3.h>
#include <stdint.h>

struct ts_cmd {
	const char *name; /* as typed after `trailsift` */
	int (*run)(const struct ts_cmd *cmd, int argc, char **argv);
	/* NULL: not built yet */
	const char *synopsis; /* usage line(s), without "usage: " */
	const char *summary;  /* one line for the command list */
	const char *help;     /* description and options */
};

/* The index every command uses: -d/--db, else $TRAILSIFT_DB, else
 * "trailsift.db" in the current directory. */
extern const char *cli_db;

/* Like getopt_long(), but: "h"/--help is always understood and returned
 * as 'h'; errors print "trailsift: CMD: ..." and the usage, and return
 * '?'.  Long options must be given in longopts; shortopts as usual. */
int cli_getopt(const struct ts_cmd *cmd, int argc, char **argv,
               const char *shortopts, const struct option *longopts);

/* What is wrong with the option word (an argv element) that
 * getopt_long() refused with '?', optopt being what it set:
 * "unknown option '--x'" (without any =VALUE), "option '--quiet' takes
 * no argument", "option '--s' is ambiguous (--select, --since)" or
 * "unknown option '-x'".  Caller frees. */
char *cli_option_problem(const char *word, int optopt,
                         const struct option *longopts);

/* Open the index named by -d (cli_db) to read, as every command that
 * only reads does: TS_EXIT_OK with *db set; a usage error for an empty
 * -d; TS_EXIT_FATAL, said on stderr, when it cannot be opened. */
int cli_open_read(const struct ts_cmd *cmd, sqlite3 **db);

/* Print the command's full help on stdout; returns TS_EXIT_OK. */
int cli_help(const struct ts_cmd *cmd);

/* Print "trailsift: CMD: <message>" and the usage on stderr; returns
 * TS_EXIT_USAGE. */
int cli_usage_error(const struct ts_cmd *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Parse the TIME of option `opt` (--since, --until, ...) into *ms; with
 * end_of_day, the last millisecond of what TIME names: "--until
 * 2024-01-31" takes in that whole day, "--until 2024-01-31T18:31Z" that
 * whole minute.  0, or a usage error naming opt and -1. */
int cli_time(const struct ts_cmd *cmd, const char *opt, const char *v,
             int end_of_day, int64_t *ms);

/* The command line as run ("trailsift" and argv[0..argc), argv[0] being
 * the command's name), for the run table.  Caller frees. */
char *cli_command_line(int argc, char **argv);

/* Append v to the list *list of *n entries (a repeated option's values;
 * the strings are not copied). */
void cli_push(char ***list, int *n, const char *v);

/* The commands (each defined in its cmd_*.c). */
extern const struct ts_cmd cmd_ingest, cmd_rules, cmd_report, cmd_show,
        cmd_query, cmd_check, cmd_version, cmd_help;

/* Is `word` one of cmd's subcommands (its synopsis has a line
 * "trailsift NAME WORD ...")? */
int cli_has_subcommand(const struct ts_cmd *cmd, const char *word);

#endif
