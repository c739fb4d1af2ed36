/* bgmore.c -- background events of the global services recorded in
 * us-east-1 (IAM, console sign-in, web-identity federation) and the
 * large RunInstances records (see bgInt.h).
 *
 * The shapes with their own traps are here: IAM AccessDenied carries
 * "requestParameters":null; a failed console sign-in hides the user
 * name as HIDDEN_DUE_TO_SECURITY_REASONS; GitHub's OIDC federation is a
 * WebIdentityUser, like a SCIM caller but with an identity provider;
 * CreateRole made by CloudFormation carries the trust policy as an
 * escaped JSON string; RunInstances responses run to tens of KB with
 * deep nesting. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "gen/bgInt.h"
#include "gen/ua.h"

static const char trust_policy[] =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
        "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":"
        "\"sts:AssumeRole\"}]}";

static void
config_read(struct ctx *c, int op)
{
	static const char *const ops[] = {"GetRole", "ListAttachedRolePolicies",
	                                  "ListRolePolicies"};
	struct call k;
	jw *w;

	bgev_caller(c, P_CONFIG, &k, "iam", ops[op]);
	w = bgev_start(c, &k, "iam", ops[op], NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstrf(w, "roleName", "%s-app-task", c->ba->alias);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "iam", ops[op], 1, NULL, NULL);
}

static void
console_login(struct ctx *c)
{
	struct call k;
	char hex[17];
	jw *w;

	bgev_caller(c, P_HUMAN, &k, "signin", "ConsoleLogin");
	strbuf_reset(k.ua);
	ua_write(k.ua, UA_BROWSER, c->r, c->t, NULL, NULL);
	k.rid[0] = '\0';
	k.console = 0;
	k.who.akid = NULL;
	k.who.created = 0;
	snprintf(k.host, sizeof(k.host), "%s.signin.aws.amazon.com", c->region);
	k.tlsv = "TLSv1.3";
	k.tlsc = "TLS_AES_128_GCM_SHA256";
	rng_hex(c->r, hex, 16);
	w = bgev_start(c, &k, "signin", "ConsoleLogin", NULL, NULL);
	jw_knull(w, "requestParameters");
	jw_kobj(w, "responseElements");
	jw_kstr(w, "ConsoleLogin", "Success");
	jw_end_obj(w);
	jw_kobj(w, "additionalEventData");
	jw_kstrf(w, "LoginTo",
	         "https://console.aws.amazon.com/console/home?hashArgs=%%23&"
	         "isauthcode=true&state=hashArgsFromTB_%s_%s",
	         c->region, hex);
	jw_kstr(w, "MobileVersion", "No");
	if (k.who.type == WT_ASSUMED &&
	    strncmp(k.role, "AWSReserved", 11) == 0) {
		jw_kstr(w, "MFAUsed", "No");
		jw_kstrf(w, "SamlProviderArn",
		         "arn:aws:iam::%s:saml-provider/"
		         "AWSSSO_%.16s_DO_NOT_DELETE",
		         c->ba->id, c->ba->kms + 19);
	} else {
		jw_kstr(w, "MFAUsed", "Yes");
	}
	jw_end_obj(w);
	bgev_finish(c, &k, w, "signin", "ConsoleLogin", 0, NULL, NULL);
}

/* A failed sign-in: the user name is hidden, there is no principal. */
static void
console_login_failed(struct ctx *c)
{
	struct rec_head h = {c->t,           "signin.amazonaws.com",
	                     "ConsoleLogin", "us-east-1",
	                     NULL,           NULL,
	                     NULL,           "Failed authentication"};
	struct rec_tail t = {0};
	strbuf *ua = deliver_scratch(c->d, 0);
	char ip[20], eid[37];
	jw *w;

	snprintf(ip, sizeof(ip), "203.0.113.%u",
	         (unsigned)rng_range(c->r, 2, 250));
	ua_write(ua, UA_BROWSER, c->r, c->t, NULL, NULL);
	rng_uuid(c->r, eid);
	h.ip = ip;
	h.ua = ua->buf;
	w = deliver_record(c->d, c->stream, c->t, c->late);
	rec_begin(w, "1.09");
	jw_obj(w);
	jw_kstr(w, "type", "IAMUser");
	jw_kstr(w, "accountId", c->ba->id);
	jw_kstr(w, "accessKeyId", "");
	jw_kstr(w, "userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
	jw_end_obj(w);
	rec_head(w, &h);
	jw_knull(w, "requestParameters");
	jw_kobj(w, "responseElements");
	jw_kstr(w, "ConsoleLogin", "Failure");
	jw_end_obj(w);
	jw_kobj(w, "additionalEventData");
	jw_kstr(w, "LoginTo", "https://console.aws.amazon.com/console/home");
	jw_kstr(w, "MobileVersion", "No");
	jw_kstr(w, "MFAUsed", "No");
	jw_end_obj(w);
	t.event_id = eid;
	t.read_only = 0;
	t.event_type = "AwsConsoleSignIn";
	t.mgmt = 1;
	t.recipient = c->ba->id;
	t.tls_version = "TLSv1.3";
	t.tls_cipher = "TLS_AES_128_GCM_SHA256";
	t.tls_host = "signin.aws.amazon.com";
	rec_tail(w, &t);
	deliver_end(c->d, "signin.amazonaws.com", "ConsoleLogin");
}

/* IAM denies with "requestParameters":null. */
static void
iam_denied(struct ctx *c)
{
	static const char *const ops[] = {"ListUsers",
	                                  "GetAccountAuthorizationDetails",
	                                  "CreateAccessKey"};
	const char *op = ops[rng_below(c->r, 3)];
	struct call k;
	char msg[400];
	jw *w;

	bgev_caller(c, P_APP, &k, "iam", op);
	snprintf(k.host, sizeof(k.host), "iam.amazonaws.com");
	snprintf(
	        msg, sizeof(msg),
	        "User: arn:aws:sts::%s:assumed-role/%s/%s is not authorized "
	        "to perform: iam:%s on resource: arn:aws:iam::%s:user/ because "
	        "no identity-based policy allows the iam:%s action",
	        c->ba->id, k.role, k.session, op, c->ba->id, op);
	w = bgev_start(c, &k, "iam", op, "AccessDenied", msg);
	jw_knull(w, "requestParameters");
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "iam", op, 1, NULL, NULL);
}

/* CreateRole by CloudFormation on a deploy role's behalf. */
static void
cfn_create_role(struct ctx *c)
{
	struct call k;
	char name[96], sfx[13], date[40], rid[22];
	jw *w;

	bgev_caller(c, P_CI, &k, "iam", "CreateRole");
	snprintf(k.role, sizeof(k.role),
	         "cdk-hnb659fds-cfn-exec-role-%s-us-east-1", c->ba->id);
	snprintf(k.session, sizeof(k.session), "AWSCloudFormation");
	k.who.invoked_by = "cloudformation.amazonaws.com";
	snprintf(k.ip, sizeof(k.ip), "cloudformation.amazonaws.com");
	strbuf_reset(k.ua);
	strbuf_adds(k.ua, "cloudformation.amazonaws.com");
	rng_chars(c->r, sfx, 12, RNG_UPPER_ALNUM);
	world_aws_id(c->r, "AROA", rid);
	snprintf(name, sizeof(name), "%s-stack-IngestFnRole-%s", c->ba->alias,
	         sfx);
	w = bgev_start(c, &k, "iam", "CreateRole", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "roleName", name);
	jw_kstr(w, "assumeRolePolicyDocument", trust_policy);
	jw_karr(w, "tags");
	jw_obj(w);
	jw_kstr(w, "key", "aws:cloudformation:stack-name");
	jw_kstrf(w, "value", "%s-stack", c->ba->alias);
	jw_end_obj(w);
	jw_obj(w);
	jw_kstr(w, "key", "Owner");
	jw_kstr(w, "value",
	        "\xc3\x89quipe donn\xc3\xa9"
	        "es / Z\xc3\xbcrich");
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	jw_kobj(w, "role");
	jw_kstr(w, "path", "/");
	jw_kstr(w, "roleName", name);
	jw_kstr(w, "roleId", rid);
	jw_kstrf(w, "arn", "arn:aws:iam::%s:role/%s", c->ba->id, name);
	jw_kstr(w, "createDate", rec_java(c->t, JD_COMMA, date));
	jw_kstr(w, "assumeRolePolicyDocument",
	        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B"
	        "%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%"
	        "22"
	        "%3A%22lambda.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3A"
	        "AssumeRole%22%7D%5D%7D");
	jw_end_obj(w);
	jw_end_obj(w);
	bgev_finish(c, &k, w, "iam", "CreateRole", 0, NULL, NULL);
}

/* GitHub Actions federating through OIDC: a WebIdentityUser. */
static void
web_identity(struct ctx *c)
{
	static const char sub[] = "repo:example-org/infra:ref:refs/heads/main";
	struct rec_head h = {c->t,
	                     "sts.amazonaws.com",
	                     "AssumeRoleWithWebIdentity",
	                     c->region,
	                     NULL,
	                     NULL,
	                     NULL,
	                     NULL};
	struct rec_tail t = {0};
	char ip[20], eid[37], rid[37], idp[160], arn[160];
	jw *w;

	snprintf(ip, sizeof(ip), "198.51.100.%u",
	         (unsigned)rng_range(c->r, 2, 250));
	rng_uuid(c->r, eid);
	rng_uuid(c->r, rid);
	snprintf(idp, sizeof(idp),
	         "arn:aws:iam::%s:oidc-provider/"
	         "token.actions.githubusercontent.com",
	         c->ba->id);
	snprintf(arn, sizeof(arn), "arn:aws:iam::%s:role/github-actions-deploy",
	         c->ba->id);
	h.ip = ip;
	h.ua = "aws-sdk-js/3.687.0 ua/2.1 os/linux#6.5.0-1025-azure lang/js "
	       "md/nodejs#20.18.0 api/sts#3.687.0 m/E";
	w = deliver_record(c->d, c->stream, c->t, c->late);
	rec_begin(w, "1.08");
	jw_obj(w);
	jw_kstr(w, "type", "WebIdentityUser");
	jw_kstrf(w, "principalId", "%s:sts.amazonaws.com:%s", idp, sub);
	jw_kstr(w, "userName", sub);
	jw_kstr(w, "identityProvider", idp);
	jw_end_obj(w);
	rec_head(w, &h);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "roleArn", arn);
	jw_kstr(w, "roleSessionName", "GitHubActions");
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	t.request_id = rid;
	t.event_id = eid;
	t.read_only = 1;
	t.mgmt = 1;
	t.recipient = c->ba->id;
	t.tls_version = "TLSv1.3";
	t.tls_cipher = "TLS_AES_128_GCM_SHA256";
	t.tls_host = "sts.amazonaws.com";
	rec_tail(w, &t);
	deliver_end(c->d, "sts.amazonaws.com", "AssumeRoleWithWebIdentity");
}

static void
iam_user_reads(struct ctx *c)
{
	struct call k;
	jw *w;

	bgev_caller(c, P_IAMUSER, &k, "iam", "ListAccessKeys");
	snprintf(k.host, sizeof(k.host), "iam.amazonaws.com");
	w = bgev_start(c, &k, "iam", "ListAccessKeys", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kstr(w, "userName", k.who.user);
	jw_end_obj(w);
	jw_knull(w, "responseElements");
	bgev_finish(c, &k, w, "iam", "ListAccessKeys", 1, NULL, NULL);
}

void
bgmore_global(struct ctx *c, int what)
{
	switch (what) {
	case 0:
	case 1:
	case 2:
		config_read(c, what);
		break;
	case 3:
		console_login(c);
		break;
	case 4:
		console_login_failed(c);
		break;
	case 5:
		iam_denied(c);
		break;
	case 6:
		cfn_create_role(c);
		break;
	case 7:
		web_identity(c);
		break;
	default:
		iam_user_reads(c);
	}
}

/* --- RunInstances: 10-60 KB of nested response ---------------------- */

static void
tags(jw *w, const struct ctx *c, int i)
{
	jw_kobj(w, "tagSet");
	jw_karr(w, "items");
	jw_obj(w);
	jw_kstr(w, "key", "Name");
	jw_kstrf(w, "value", "%s-worker-%02d", c->ba->alias, i);
	jw_end_obj(w);
	jw_obj(w);
	jw_kstr(w, "key", "CostCenter");
	jw_kstr(w, "value", "R&D \xe2\x80\x94 M\xc3\xbcnchen");
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void
network_interface(jw *w, const struct ctx *c, const char *ip, rng *r)
{
	char eni[24], mac[18], att[28];

	rng_hex(r, eni + 4, 17);
	memcpy(eni, "eni-", 4);
	snprintf(mac, sizeof(mac), "0e:%02x:%02x:%02x:%02x:%02x",
	         (unsigned)rng_below(r, 256), (unsigned)rng_below(r, 256),
	         (unsigned)rng_below(r, 256), (unsigned)rng_below(r, 256),
	         (unsigned)rng_below(r, 256));
	rng_hex(r, att + 11, 16);
	memcpy(att, "eni-attach-", 11);
	jw_kobj(w, "networkInterfaceSet");
	jw_karr(w, "items");
	jw_obj(w);
	jw_kstr(w, "networkInterfaceId", eni);
	jw_kstr(w, "subnetId", c->ba->subnet);
	jw_kstr(w, "vpcId", c->ba->vpc);
	jw_kstr(w, "ownerId", c->ba->id);
	jw_kstr(w, "status", "in-use");
	jw_kstr(w, "macAddress", mac);
	jw_kstr(w, "privateIpAddress", ip);
	jw_kstrf(w, "privateDnsName", "ip-%s.ec2.internal", ip);
	jw_kbool(w, "sourceDestCheck", 1);
	jw_kstr(w, "interfaceType", "interface");
	jw_kobj(w, "groupSet");
	jw_karr(w, "items");
	jw_obj(w);
	jw_kstr(w, "groupId", c->ba->sg);
	jw_kstrf(w, "groupName", "%s-workers", c->ba->alias);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kobj(w, "attachment");
	jw_kstr(w, "attachmentId", att);
	jw_kint(w, "deviceIndex", 0);
	jw_kint(w, "networkCardIndex", 0);
	jw_kstr(w, "status", "attaching");
	jw_kint(w, "attachTime", c->t);
	jw_kbool(w, "deleteOnTermination", 1);
	jw_end_obj(w);
	jw_kobj(w, "privateIpAddressesSet");
	jw_karr(w, "item");
	jw_obj(w);
	jw_kstr(w, "privateIpAddress", ip);
	jw_kstrf(w, "privateDnsName", "ip-%s.ec2.internal", ip);
	jw_kbool(w, "primary", 1);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kobj(w, "ipv6AddressesSet");
	jw_end_obj(w);
	jw_kobj(w, "tagSet");
	jw_end_obj(w);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
}

/* The option blocks at the end of each instance. */
static void
instance_options(jw *w)
{
	jw_kobj(w, "cpuOptions");
	jw_kint(w, "coreCount", 4);
	jw_kint(w, "threadsPerCore", 2);
	jw_end_obj(w);
	jw_kobj(w, "capacityReservationSpecification");
	jw_kstr(w, "capacityReservationPreference", "open");
	jw_end_obj(w);
	jw_kobj(w, "enclaveOptions");
	jw_kbool(w, "enabled", 0);
	jw_end_obj(w);
	jw_kobj(w, "metadataOptions");
	jw_kstr(w, "state", "pending");
	jw_kstr(w, "httpTokens", "required");
	jw_kint(w, "httpPutResponseHopLimit", 2);
	jw_kstr(w, "httpEndpoint", "enabled");
	jw_kstr(w, "httpProtocolIpv4", "enabled");
	jw_kstr(w, "httpProtocolIpv6", "disabled");
	jw_kstr(w, "instanceMetadataTags", "disabled");
	jw_end_obj(w);
	jw_kobj(w, "maintenanceOptions");
	jw_kstr(w, "autoRecovery", "default");
	jw_end_obj(w);
}

static void
instance(jw *w, const struct ctx *c, int i, rng *r)
{
	char id[20], ip[20];

	rng_hex(r, id + 2, 17);
	memcpy(id, "i-", 2);
	snprintf(ip, sizeof(ip), "10.0.%u.%u", (unsigned)rng_below(r, 64),
	         (unsigned)rng_range(r, 4, 250));
	jw_obj(w);
	jw_kstr(w, "instanceId", id);
	jw_kstr(w, "imageId", c->ba->ami);
	jw_kstr(w, "currentInstanceBootMode", "legacy-bios");
	jw_kobj(w, "instanceState");
	jw_kint(w, "code", 0);
	jw_kstr(w, "name", "pending");
	jw_end_obj(w);
	jw_kstrf(w, "privateDnsName", "ip-%s.ec2.internal", ip);
	jw_kint(w, "amiLaunchIndex", i);
	jw_kobj(w, "productCodes");
	jw_end_obj(w);
	jw_kstr(w, "instanceType", "m6i.2xlarge");
	jw_kint(w, "launchTime", c->t);
	jw_kobj(w, "placement");
	jw_kstrf(w, "availabilityZone", "%sa", c->region);
	jw_kstr(w, "tenancy", "default");
	jw_end_obj(w);
	jw_kobj(w, "monitoring");
	jw_kstr(w, "state", "disabled");
	jw_end_obj(w);
	jw_kstr(w, "subnetId", c->ba->subnet);
	jw_kstr(w, "vpcId", c->ba->vpc);
	jw_kstr(w, "privateIpAddress", ip);
	jw_kobj(w, "stateReason");
	jw_kstr(w, "code", "pending");
	jw_kstr(w, "message", "pending");
	jw_end_obj(w);
	jw_kstr(w, "architecture", "x86_64");
	jw_kstr(w, "rootDeviceType", "ebs");
	jw_kstr(w, "rootDeviceName", "/dev/xvda");
	jw_kobj(w, "blockDeviceMapping");
	jw_end_obj(w);
	jw_kstr(w, "virtualizationType", "hvm");
	jw_kstr(w, "hypervisor", "xen");
	tags(w, c, i);
	jw_kobj(w, "groupSet");
	jw_karr(w, "items");
	jw_obj(w);
	jw_kstr(w, "groupId", c->ba->sg);
	jw_kstrf(w, "groupName", "%s-workers", c->ba->alias);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kbool(w, "sourceDestCheck", 1);
	network_interface(w, c, ip, r);
	jw_kbool(w, "ebsOptimized", 1);
	jw_kbool(w, "enaSupport", 1);
	instance_options(w);
	jw_end_obj(w);
}

void
bgmore_big(struct ctx *c)
{
	int n = (int)rng_range(c->r, 4, 24);
	char res_id[24], token[37];
	struct call k;
	jw *w;

	bgev_caller(c, P_CI, &k, "ec2", "RunInstances");
	bgev_host(&k, "ec2", c->region);
	rng_hex(c->r, res_id + 2, 17);
	memcpy(res_id, "r-", 2);
	rng_uuid(c->r, token);
	w = bgev_start(c, &k, "ec2", "RunInstances", NULL, NULL);
	jw_kobj(w, "requestParameters");
	jw_kobj(w, "instancesSet");
	jw_karr(w, "items");
	jw_obj(w);
	jw_kstr(w, "imageId", c->ba->ami);
	jw_kint(w, "minCount", n);
	jw_kint(w, "maxCount", n);
	jw_end_obj(w);
	jw_end_arr(w);
	jw_end_obj(w);
	jw_kstr(w, "instanceType", "m6i.2xlarge");
	jw_kobj(w, "blockDeviceMapping");
	jw_end_obj(w);
	jw_kobj(w, "monitoring");
	jw_kbool(w, "enabled", 0);
	jw_end_obj(w);
	jw_kbool(w, "disableApiTermination", 0);
	jw_kstr(w, "clientToken", token);
	jw_end_obj(w);
	jw_kobj(w, "responseElements");
	jw_kstr(w, "requestId", k.rid);
	jw_kstr(w, "reservationId", res_id);
	jw_kstr(w, "ownerId", c->ba->id);
	jw_kobj(w, "groupSet");
	jw_end_obj(w);
	jw_kobj(w, "instancesSet");
	jw_karr(w, "items");
	for (int i = 0; i < n; i++) {
		instance(w, c, i, c->r);
	}
	jw_end_arr(w);
	jw_end_obj(w);
	jw_end_obj(w);
	bgev_finish(c, &k, w, "ec2", "RunInstances", 0, NULL, NULL);
}
