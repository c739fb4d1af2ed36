/* main.c -- `trailsift` entry point: global options, then dispatch of
 * argv to a subcommand found by name in a table (git style).  Each
 * command lives in its own cmd_*.c file with its help text. */
#include "config.h"

#include <archive.h>
#include <errno.h>
#include <lua.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <zlib.h>

#include "cli.h"
#include "index/zblock.h"
#include "util/err.h"
#include "util/sha256.h"

static const struct ts_cmd *const commands[] = {
        &cmd_ingest, &cmd_show,   &cmd_query,   &cmd_check,
        &cmd_rules,  &cmd_report, &cmd_version, &cmd_help,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char general_synopsis[] = "trailsift [-d DB] COMMAND [ARGS]...";

static const struct ts_cmd *
find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++) {
		if (strcmp(commands[i]->name, name) == 0) {
			return commands[i];
		}
	}
	return NULL;
}

static void
general_help(FILE *fp)
{
	fprintf(fp,
	        "trailsift -- offline forensic analyser for exported AWS "
	        "CloudTrail logs\n\n"
	        "usage: %s\n\nCommands:\n",
	        general_synopsis);
	for (size_t i = 0; i < N_COMMANDS; i++) {
		fprintf(fp, "  %-9s %s\n", commands[i]->name,
		        commands[i]->summary);
	}
	fprintf(fp, "\nOptions:\n"
	            "  -d, --db PATH   the index (default: $TRAILSIFT_DB, else "
	            "./trailsift.db)\n"
	            "  -h, --help      show this help\n"
	            "  -V, --version   show the version\n"
	            "\nExit status: 0 success, 1 fatal error, 2 usage error, "
	            "3 completed but some\ninput failed.\n"
	            "'trailsift help COMMAND' describes a command; see also "
	            "trailsift(1).\n");
}

static int usage_error(const char *fmt, ...)
        __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("trailsift: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\nTry 'trailsift help'.\n",
	        general_synopsis);
	return TS_EXIT_USAGE;
}

static int
run_help(const struct ts_cmd *self, int argc, char **argv)
{
	const struct ts_cmd *cmd;

	if (argc > 1 && strcmp(argv[1], "--help") != 0 &&
	    strcmp(argv[1], "-h") != 0) {
		if ((cmd = find_command(argv[1])) == NULL) {
			return usage_error("unknown command '%s'", argv[1]);
		}
		/* `help rules run`, `help report stale`: the command's help
		 * covers its subcommands */
		if (argc > 3 ||
		    (argc == 3 && !cli_has_subcommand(cmd, argv[2]))) {
			return cli_usage_error(self, "too many arguments");
		}
		return cli_help(cmd);
	}
	general_help(stdout);
	return TS_EXIT_OK;
}

/* Defined by the ingest module; names the gzip inflater in use. */
const char *inflate_backend(void);

static int
run_version(const struct ts_cmd *self, int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	int c;

	while ((c = cli_getopt(self, argc, argv, "h", longopts)) != -1) {
		if (c == 'h') {
			return cli_help(self);
		}
		return TS_EXIT_USAGE;
	}
	if (optind < argc) {
		return cli_usage_error(self, "unexpected argument '%s'",
		                       argv[optind]);
	}
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	printf("sqlite %s, %s, %s, zlib %s, gzip inflater: %s, index "
	       "blocks: %s, sha-256: %s\n",
	       sqlite3_libversion(), LUA_RELEASE, archive_version_string(),
	       zlibVersion(), inflate_backend(), zblock_backend(),
	       sha256_backend());
	return TS_EXIT_OK;
}

const struct ts_cmd cmd_version = {
        .name = "version",
        .run = run_version,
        .synopsis = "trailsift version",
        .summary = "Print the version and the libraries in use",
        .help = "Prints the trailsift version, then the versions of SQLite, "
                "Lua, libarchive and\nzlib, which gzip inflater this "
                "build uses (ISA-L, libdeflate or zlib), how it\n"
                "compresses the raw records in the index (zstd, libdeflate "
                "or zlib) and\nwhat computes SHA-256 (OpenSSL, the CPU's "
                "SHA extensions or trailsift's own\ncode).\n",
};

const struct ts_cmd cmd_help = {
        .name = "help",
        .run = run_help,
        .synopsis = "trailsift help [COMMAND [SUBCOMMAND]]",
        .summary = "Show help for trailsift or a command",
        .help = "Without COMMAND, lists the commands.  With COMMAND, prints "
                "its usage and options\n(the same as 'trailsift COMMAND "
                "--help'), which cover its subcommands: 'trailsift\nhelp "
                "rules run' prints the help of rules.\n",
};

static int
run_command(const struct ts_cmd *cmd, int argc, char **argv)
{
	if (cmd->run == NULL) {
		fflush(stdout);
		fprintf(stderr,
		        "trailsift: %s: not built yet in this version of "
		        "trailsift\n",
		        cmd->name);
		return TS_EXIT_USAGE;
	}
	optind = 0;
	return cmd->run(cmd, argc, argv);
}

/* What stdout did: a command prints with stdio and does not look at its
 * writes, so `trailsift show ID > /dev/full` would say nothing and exit
 * 0.  Flushed and closed here, once, for every command: a failure is
 * fatal, whatever the command returned, unless it failed already. */
static int
close_stdout(int rc)
{
	errno = 0;
	/* What was written must have gone out; a command that wrote
	 * nothing to a closed stdout (`>&-`) loses nothing, and its
	 * fclose() failing with EBADF is no error. */
	if (fflush(stdout) == 0 && !ferror(stdout) &&
	    (fclose(stdout) == 0 || errno == EBADF)) {
		return rc;
	}
	ts_warnx("standard output: %s",
	         errno ? strerror(errno) : "write error");
	return rc == TS_EXIT_OK || rc == TS_EXIT_PARTIAL ? TS_EXIT_FATAL : rc;
}

static int
run(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"help", no_argument, NULL, 'h'},
	        {"version", no_argument, NULL, 'V'},
	        {NULL, 0, NULL, 0},
	};
	const struct ts_cmd *cmd;
	const char *env;
	int c;

	if ((env = getenv("TRAILSIFT_DB")) != NULL && *env) {
		cli_db = env;
	}
	opterr = 0;
	/* '+': stop at the command name; its options are its own. */
	while ((c = getopt_long(argc, argv, "+:d:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli_db = optarg;
			break;
		case 'h':
			general_help(stdout);
			return TS_EXIT_OK;
		case 'V':
			optind = 0;
			return run_version(&cmd_version, 1, argv);
		case ':':
			return usage_error("option '%s' needs an argument",
			                   argv[optind - 1]);
		default: {
			char *msg = cli_option_problem(argv[optind - 1], optopt,
			                               longopts);
			int rc = usage_error("%s", msg);

			free(msg);
			return rc;
		}
		}
	}
	if (optind >= argc) {
		fflush(stdout);
		fprintf(stderr, "trailsift: no command given\n");
		general_help(stderr);
		return TS_EXIT_USAGE;
	}
	if ((cmd = find_command(argv[optind])) == NULL) {
		return usage_error("unknown command '%s'", argv[optind]);
	}
	return run_command(cmd, argc - optind, argv + optind);
}

int
main(int argc, char **argv)
{
	return close_stdout(run(argc, argv));
}
