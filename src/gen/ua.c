/* ua.c -- user-agent strings (see ua.h).  Formats are copied from the
 * records quoted in the project's CloudTrail reference (§3); versions
 * are made to advance with time so that a year of logs shows the
 * upgrades an investigator would see. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "gen/ua.h"
#include "gen/world.h"

/* 2024-04-10, 2025-03-04 and 2025-06-27 at 00:00 UTC, in ms. */
#define T_UA20 INT64_C(1712707200000)
#define T_UA21 INT64_C(1741046400000)
#define T_SID INT64_C(1750982400000)
/* 2024-10-01 00:00 UTC: browser versions count months from here. */
#define T_BROWSER0 INT64_C(1727740800000)

struct cli_version {
	int64_t from;    /* first use */
	const char *cli; /* aws-cli version */
	const char *crt; /* md/awscrt */
	const char *py;  /* lang/python */
};

static const struct cli_version cli_versions[] = {
        {0, "2.13.5", "0.16.16", "3.11.4"},
        {INT64_C(1712707200000), "2.15.59", "0.19.19", "3.11.9"},
        {INT64_C(1727740800000), "2.18.4", "0.22.0", "3.12.6"},
        {INT64_C(1735689600000), "2.22.28", "0.23.4", "3.12.6"},
        {INT64_C(1741046400000), "2.25.2", "0.23.8", "3.12.9"},
        {INT64_C(1746057600000), "2.27.12", "0.26.1", "3.13.3"},
        {INT64_C(1754006400000), "2.28.8", "0.26.1", "3.13.4"},
        {INT64_C(1757980800000), "2.30.0", "0.27.6", "3.13.7"},
        {INT64_C(1759276800000), "2.31.3", "0.27.6", "3.13.7"},
};

static const struct cli_version *
cli_at(int64_t t)
{
	size_t i = RNG_COUNT(cli_versions) - 1;

	while (i > 0 && cli_versions[i].from > t) {
		i--;
	}
	return &cli_versions[i];
}

void
ua_cli_command(char *out, size_t size, const char *source, const char *name)
{
	size_t n = strcspn(source, ".");
	size_t j;

	if (strncmp(source, "sso.", 4) == 0) {
		j = (size_t)snprintf(out, size, "sso-admin.");
	} else if (strncmp(source, "s3.", 3) == 0) {
		j = (size_t)snprintf(out, size, "s3api.");
	} else {
		j = (size_t)snprintf(out, size, "%.*s.", (int)n, source);
	}
	for (const char *p = name;
	     *p && !isdigit((unsigned char)*p) && j + 2 < size; p++) {
		if (isupper((unsigned char)*p) && p != name) {
			out[j++] = '-';
		}
		out[j++] = (char)tolower((unsigned char)*p);
	}
	out[j < size ? j : size - 1] = '\0';
}

/* m/ feature letters in one of the orders seen in real records. */
static void
features(strbuf *out, rng *r)
{
	static const char *const m[] = {"m/Z,b,E", "m/E,b,Z", "m/b,Z,E",
	                                "m/C,b,E,Z", "m/E,Z,b"};

	strbuf_adds(out, rng_pick(r, m, RNG_COUNT(m)));
	strbuf_addc(out, ' ');
}

static const char *
os_token(int family)
{
	switch (family) {
	case UA_CLI_MAC:
		return "os/macos#23.6.0 md/arch#arm64";
	case UA_CLI_WIN:
		return "os/windows#10 md/arch#amd64";
	case UA_CLOUDSHELL:
		return "os/linux#6.1.147-172.266.amzn2023.x86_64 "
		       "md/arch#x86_64";
	default:
		return "os/linux#6.8.0-49-generic md/arch#x86_64";
	}
}

static void
cli_legacy(strbuf *out, int family, const struct cli_version *v,
           const char *command)
{
	static const char *const os[] = {"Darwin/23.1.0 source/arm64",
	                                 "Linux/6.2.0-39-generic exe/x86_64",
	                                 "Windows/10 exe/AMD64"};
	int i = family == UA_CLI_MAC ? 0 : family == UA_CLI_WIN ? 2 : 1;

	strbuf_addf(out, "aws-cli/%s Python/%s ", v->cli, v->py);
	if (family == UA_CLOUDSHELL) {
		strbuf_adds(out, "Linux/4.14.355-271.569.amzn2.x86_64 "
		                 "exec-env/CloudShell exe/x86_64.amzn.2");
	} else {
		strbuf_adds(out, os[i]);
	}
	strbuf_addf(out, " prompt/off command/%s", command ? command : "");
}

static void
cli_v2(strbuf *out, int family, rng *r, int64_t t, const char *command,
       const char *sid)
{
	const struct cli_version *v = cli_at(t);
	int cs = family == UA_CLOUDSHELL;

	if (t < T_UA20) {
		cli_legacy(out, family, v, command);
		return;
	}
	strbuf_addf(out,
	            "aws-cli/%s md/awscrt#%s ua/%s %s lang/python#%s "
	            "md/pyimpl#CPython ",
	            v->cli, v->crt, t < T_UA21 ? "2.0" : "2.1",
	            os_token(family), v->py);
	if (cs) {
		strbuf_adds(out, "exec-env/CloudShell ");
	}
	if (t >= T_UA21 && rng_chance(r, 0.8)) {
		features(out, r);
	}
	strbuf_addf(out, "cfg/retry-mode#standard md/installer#%s ",
	            cs || family == UA_CLI_WIN ? "exe" : "source");
	if (cs) {
		strbuf_adds(out, "md/distrib#amzn.2023 ");
	} else if (family == UA_CLI_LINUX) {
		strbuf_adds(out, "md/distrib#ubuntu.24 ");
	}
	if (t >= T_SID && sid) {
		strbuf_addf(out, "sid/%s ", sid);
	}
	strbuf_addf(out, "md/prompt#off md/command#%s", command ? command : "");
}

static void
browser(strbuf *out, rng *r, int64_t t)
{
	int chrome = 129 + (int)((t - T_BROWSER0) / (30 * DAY_MS));
	int ff = 131 + (int)((t - T_BROWSER0) / (30 * DAY_MS));

	switch (rng_below(r, 5)) {
	case 0:
	case 1:
		strbuf_addf(out,
		            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
		            "AppleWebKit/537.36 (KHTML, like Gecko) "
		            "Chrome/%d.0.0.0 Safari/537.36",
		            chrome);
		break;
	case 2:
		strbuf_addf(out,
		            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
		            "AppleWebKit/537.36 (KHTML, like Gecko) "
		            "Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0",
		            chrome, chrome);
		break;
	case 3:
		strbuf_addf(out,
		            "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:%d.0) "
		            "Gecko/20100101 Firefox/%d.0",
		            ff, ff);
		break;
	default:
		strbuf_adds(out, "Mozilla/5.0 (Macintosh; Intel Mac OS X "
		                 "10_15_7) AppleWebKit/605.1.15 (KHTML, like "
		                 "Gecko) Version/18.1 Safari/605.1.15");
	}
}

static void
go_iga(strbuf *out, int64_t t)
{
	if (t < T_UA21) {
		strbuf_adds(out, "aws-sdk-go-v2/1.26.1 os/linux "
		                 "lang/go#1.21.9-X-boringcrypto md/GOOS#linux "
		                 "md/GOARCH#amd64 api/identitystore#1.23.1");
	} else {
		strbuf_adds(out, "aws-sdk-go-v2/1.30.4 os/linux "
		                 "lang/go#1.22.7-X-boringcrypto md/GOOS#linux "
		                 "md/GOARCH#amd64 api/identitystore#1.23.1");
	}
}

static void
terraform(strbuf *out, int64_t t, const char *api)
{
	if (t < T_UA21) {
		strbuf_addf(out,
		            "APN/1.0 HashiCorp/1.0 Terraform/1.5.7 "
		            "(+https://www.terraform.io) "
		            "terraform-provider-aws/5.32.1 "
		            "(+https://registry.terraform.io/providers/"
		            "hashicorp/aws) aws-sdk-go-v2/1.24.1 os/linux "
		            "lang/go#1.20.12 md/GOOS#linux md/GOARCH#amd64 "
		            "api/%s#1.28.5",
		            api ? api : "iam");
	} else {
		strbuf_addf(out,
		            "APN/1.0 HashiCorp/1.0 Terraform/1.9.8 "
		            "(+https://www.terraform.io) "
		            "terraform-provider-aws/6.14.1 "
		            "(+https://registry.terraform.io/providers/"
		            "hashicorp/aws) aws-sdk-go-v2/1.39.0 ua/2.1 "
		            "os/linux lang/go#1.24.6 md/GOOS#linux "
		            "md/GOARCH#amd64 api/%s#1.47.5 m/i",
		            api ? api : "iam");
	}
}

/* Fixed strings; "%s" takes the api/ service (default in brackets). */
static const struct {
	int family;      /* UA_* */
	const char *fmt; /* the string, with %s for the api */
	const char *api; /* api when the caller gives none */
} fixed[] = {
        {UA_CLI_V1,
         "aws-cli/1.33.4 md/Botocore#1.34.122 ua/2.0 os/linux#5.15.0-1064-aws "
         "md/arch#x86_64 lang/python#3.10.12 md/pyimpl#CPython "
         "cfg/retry-mode#legacy botocore/1.34.122",
         NULL},
        {UA_BOTO3,
         "Boto3/1.35.70 md/Botocore#1.35.70 ua/2.0 os/windows#11 md/arch#amd64 "
         "lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#legacy "
         "Botocore/1.35.70",
         NULL},
        {UA_BOTO3_LAMBDA,
         "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 "
         "os/linux#5.10.227-239.884.amzn2.x86_64 md/arch#x86_64 "
         "lang/python#3.12.7 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 "
         "cfg/retry-mode#legacy Botocore/1.34.145",
         NULL},
        {UA_GO_V1,
         "aws-sdk-go/1.55.5 (go1.22.5; linux; amd64) exec-env/AWS_ECS_FARGATE",
         NULL},
        {UA_JAVA_INTERNAL,
         "aws-internal/3 aws-sdk-java/1.12.772 "
         "Linux/5.10.227-198.884.amzn2int.x86_64 "
         "OpenJDK_64-Bit_Server_VM/25.432-b06 java/1.8.0_432 "
         "vendor/Oracle_Corporation cfg/retry-mode/standard",
         NULL},
        {UA_SSM_AGENT,
         "aws-sdk-go/1.44.302 (go1.22.7; linux; amd64) "
         "amazon-ssm-agent/3.3.1142.0",
         NULL},
        {UA_OKTA, "Okta SCIM Client 1.0.0", NULL},
        {UA_GO_HTTP, "Go-http-client/2.0", NULL},
        {UA_S3_CONSOLE,
         "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 "
         "Linux/5.10.226-192.879.amzn2int.x86_64 "
         "OpenJDK_64-Bit_Server_VM/25.422-b06 java/1.8.0_422 "
         "vendor/Oracle_Corporation cfg/retry-mode/standard]",
         NULL},
        {UA_JAVA_V2,
         "aws-sdk-java/2.29.6 md/io#sync md/http#Apache ua/2.1 api/%s#2.29.x "
         "os/Linux#5.10.228-219.884.amzn2.x86_64 lang/java#17.0.13 "
         "md/OpenJDK_64-Bit_Server_VM#17.0.13+11-LTS md/vendor#Amazon.com_Inc. "
         "md/en_US m/D,N",
         "S3"},
        {UA_NODE_V3,
         "aws-sdk-js/3.687.0 ua/2.1 os/linux#5.10.227 lang/js "
         "md/nodejs#20.18.0 api/%s#3.687.0 m/N,E,e",
         "s3"},
};

static void
other(strbuf *out, int family, const char *api)
{
	for (size_t i = 0; i < RNG_COUNT(fixed); i++) {
		const char *f = fixed[i].fmt, *hole;

		if (fixed[i].family != family) {
			continue;
		}
		hole = fixed[i].api ? strstr(f, "%s") : NULL;
		if (hole == NULL) {
			strbuf_adds(out, f);
			return;
		}
		strbuf_add(out, f, (size_t)(hole - f));
		strbuf_adds(out, api ? api : fixed[i].api);
		strbuf_adds(out, hole + 2);
		return;
	}
	strbuf_adds(out, "AWS Internal");
}

void
ua_write(strbuf *out, int family, rng *r, int64_t t, const char *command,
         const char *sid)
{
	switch (family) {
	case UA_CLI_MAC:
	case UA_CLI_LINUX:
	case UA_CLI_WIN:
	case UA_CLOUDSHELL:
		cli_v2(out, family, r, t, command, sid);
		break;
	case UA_BROWSER:
		browser(out, r, t);
		break;
	case UA_GO_IGA:
		go_iga(out, t);
		break;
	case UA_TERRAFORM:
		terraform(out, t, command);
		break;
	default:
		other(out, family, command);
	}
}

int
ua_of_client(int client)
{
	static const int map[N_CLIENTS] = {
	        [CL_CLI_MAC] = UA_CLI_MAC,
	        [CL_CLI_LINUX] = UA_CLI_LINUX,
	        [CL_CLI_WIN] = UA_CLI_WIN,
	        [CL_CLI_V1] = UA_CLI_V1,
	        [CL_CLOUDSHELL] = UA_CLOUDSHELL,
	        [CL_BROWSER] = UA_BROWSER,
	        [CL_CONSOLE_INT] = UA_AWS_INTERNAL,
	        [CL_GO_SDK] = UA_GO_IGA,
	        [CL_TERRAFORM] = UA_TERRAFORM,
	        [CL_BOTO3] = UA_BOTO3,
	        [CL_CFN] = UA_AWS_INTERNAL,
	        [CL_SERVICE] = UA_AWS_INTERNAL,
	        [CL_OKTA] = UA_OKTA,
	        [CL_ENTRA] = UA_GO_HTTP,
	};

	return client >= 0 && client < N_CLIENTS ? map[client]
	                                         : UA_AWS_INTERNAL;
}
