/* cmd_stubs.c -- commands whose implementation has not landed yet.
 * They are listed so that help and usage are complete; running one says
 * so plainly and exits 2.  Each moves to its own cmd_*.c when built. */
#include "config.h"

#include <stddef.h>

#include "cli.h"

const struct ts_cmd cmd_report = {
        .name = "report",
        .run = NULL,
        .synopsis = "trailsift report provisioning|memberships|stale "
                    "[OPTIONS]",
        .summary = "Identity reports: provisioning, memberships, stale access",
        .help = "Not built yet.\n",
};
