#!/bin/sh
# gen.sh -- writes the cases of tests/data/stale/ (run it from the
# repository root; see README.md).  A new case is a few more lines here.
set -e
D=tests/data/stale
S=d-1234567890
INST=arn:aws:sso:::instance/ssoins-1111222233334444
PS=arn:aws:sso:::permissionSet/ssoins-1111222233334444/ps-1111111111111111
U=33333333-3333-3333-3333-0000000000
G=44444444-4444-4444-4444-0000000000
# ev N TIME SOURCE NAME REQUEST RESPONSE -> one CloudTrail record
ev() { printf '{"eventVersion":"1.11","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:maria@example.com","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/maria@example.com","accountId":"111122223333","sessionContext":{"sessionIssuer":{"type":"Role","userName":"AWSReservedSSO_AdministratorAccess_0123456789abcdef"}}},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"aws-cli/2.31.3 md/command#x","requestParameters":%s,"responseElements":%s,"eventID":"c0de06%s-0000-4000-8000-0000000006%s","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}\n' "$2" "$3" "$4" "$5" "$6" "$1" "$1"; }
assign() { ev "$1" "$2" sso.amazonaws.com "$3" "{\"instanceArn\":\"$INST\",\"targetId\":\"444455556666\",\"targetType\":\"AWS_ACCOUNT\",\"permissionSetArn\":\"$PS\",\"principalType\":\"USER\",\"principalId\":\"$U$4\"}" null; }
disable() { ev "$1" "$2" sso-directory.amazonaws.com DisableUser "{\"identityStoreId\":\"$S\",\"userId\":\"$U$3\"}" null; }
join() { ev "$1" "$2" identitystore.amazonaws.com CreateGroupMembership "{\"identityStoreId\":\"$S\",\"groupId\":\"$G$3\",\"memberId\":{\"userId\":\"$U$4\"}}" "{\"membershipId\":\"m-$3$4\",\"identityStoreId\":\"$S\"}"; }
filler() { ev "$1" "$2" s3.amazonaws.com ListBuckets '{}' null; }
memberships() { # FILE GROUP:USER... : list-group-memberships
  f=$1; shift; sep=
  { printf '{"GroupMemberships": ['
    for m; do printf '%s{"IdentityStoreId": "%s", "MembershipId": "m-%s", "GroupId": "%s", "MemberId": {"UserId": "%s"}}' "$sep" "$S" "${m%%:*}${m#*:}" "$G${m%%:*}" "$U${m#*:}"; sep=', '; done
    printf ']}\n'; } > "$f"
}
listing() { # FILE PID... : list-account-assignments of 444455556666 and $PS
  f=$1; shift; sep=
  { printf '{"AccountAssignments": ['
    for p; do printf '%s{"AccountId": "444455556666", "PermissionSetArn": "%s", "PrincipalType": "USER", "PrincipalId": "%s"}' "$sep" "$PS" "$U$p"; sep=', '; done
    printf ']}\n'; } > "$f"
}

# listing: an assignment the logs leave open, gone from a later listing
mkdir -p $D/listing/side
{ assign 01 2025-02-01T11:00:00Z CreateAccountAssignment 02
  join 04 2025-02-01T12:00:00Z 02 02
  disable 02 2025-04-01T10:00:00Z 02
  filler 03 2025-05-31T00:00:00Z; } > $D/listing/logs.jsonl
listing $D/listing/side/list-account-assignments.json 01

# until: a user disabled before --until 2025-03-01, whom listings taken
# after it show holding an assignment and a second group
mkdir -p $D/until/side
{ join 11 2025-01-15T10:00:00Z 01 05
  disable 12 2025-02-01T10:00:00Z 05
  filler 13 2025-05-31T00:00:00Z; } > $D/until/logs.jsonl
listing $D/until/side/list-account-assignments.json 05
memberships $D/until/side/list-group-memberships.json 01:05 02:05

# direct: users ...06 and ...07 hold an account assignment and are in no
# group; ...06 is disabled in the logs, both in the provider's export
mkdir -p $D/direct
{ assign 21 2025-01-02T11:00:00Z CreateAccountAssignment 06
  assign 22 2025-01-02T11:01:00Z CreateAccountAssignment 07
  disable 23 2025-02-02T10:00:00Z 06
  filler 24 2025-06-01T00:00:00Z; } > $D/direct/logs.jsonl
printf 'userId,accountEnabled,disabledDate\n%s06,False,2025-02-02T10:00:00Z\n%s07,False,2025-03-01T00:00:00Z\n' $U $U > $D/direct/export.csv

# shared: users ...08 (jdoe) and ...09 (jdoe2) share one e-mail, by which
# the provider's export names a leaver
mkdir -p $D/shared/side
filler 31 2025-05-31T00:00:00Z > $D/shared/logs.jsonl
cat > $D/shared/side/list-users.json <<J
{"Users": [
 {"UserName": "jdoe", "UserId": "${U}08", "Emails": [{"Value": "j.doe@example.com", "Primary": true}], "IdentityStoreId": "$S"},
 {"UserName": "jdoe2", "UserId": "${U}09", "Emails": [{"Value": "J.Doe@example.com", "Primary": true}], "IdentityStoreId": "$S"}]}
J
memberships $D/shared/side/list-group-memberships.json 01:08 01:09
printf 'email,disabledDate\nj.doe@example.com,2025-03-01T00:00:00Z\n' > $D/shared/export.csv

# group-rename: groups renamed while disabled users are in them, or
# after they left: IAM devs becomes developers (UpdateGroup), Identity
# Center group ...03 payments-old becomes payments-admins (identitystore
# UpdateGroup); bob leaves developers, carl joins it and, renamed carl.x
# (UpdateUser), leaves, hal joins it and is renamed hal.y; then bob,
# carl.x, gina and hal.y (both still in developers) and user ...10
# (still in ...03) are disabled
iam() { ev "$1" "$2" iam.amazonaws.com "$3" "$4" null; }
mkdir -p $D/group-rename
{ ev 41 2025-01-01T10:00:00Z identitystore.amazonaws.com CreateGroup "{\"identityStoreId\":\"$S\",\"displayName\":\"payments-old\"}" "{\"groupId\":\"${G}03\",\"identityStoreId\":\"$S\"}"
  join 42 2025-01-01T10:01:00Z 03 10
  iam 43 2025-01-02T11:00:00Z AddUserToGroup '{"groupName":"devs","userName":"bob"}'
  iam 44 2025-01-02T11:01:00Z AddUserToGroup '{"groupName":"devs","userName":"gina"}'
  iam 45 2025-01-03T11:00:00Z UpdateGroup '{"groupName":"devs","newGroupName":"developers"}'
  ev 46 2025-01-03T12:00:00Z identitystore.amazonaws.com UpdateGroup "{\"identityStoreId\":\"$S\",\"groupId\":\"${G}03\",\"operations\":[{\"attributePath\":\"displayName\",\"attributeValue\":\"payments-admins\"}]}" null
  iam 47 2025-01-04T11:00:00Z RemoveUserFromGroup '{"groupName":"developers","userName":"bob"}'
  iam 48 2025-01-05T11:00:00Z AddUserToGroup '{"groupName":"developers","userName":"carl"}'
  iam 49 2025-01-06T11:00:00Z UpdateUser '{"userName":"carl","newUserName":"carl.x"}'
  iam 50 2025-01-07T11:00:00Z RemoveUserFromGroup '{"groupName":"developers","userName":"carl.x"}'
  iam 59 2025-01-07T12:00:00Z AddUserToGroup '{"groupName":"developers","userName":"hal"}'
  iam 60 2025-01-08T11:00:00Z UpdateUser '{"userName":"hal","newUserName":"hal.y"}'
  iam 51 2025-01-10T11:00:00Z DeleteLoginProfile '{"userName":"bob"}'
  iam 52 2025-01-10T11:01:00Z UpdateAccessKey '{"userName":"bob","accessKeyId":"AKIAEXAMPLEBOB00001","status":"Inactive"}'
  iam 53 2025-01-10T11:02:00Z DeleteLoginProfile '{"userName":"gina"}'
  iam 54 2025-01-10T11:03:00Z UpdateAccessKey '{"userName":"gina","accessKeyId":"AKIAEXAMPLEGINA0001","status":"Inactive"}'
  iam 55 2025-01-10T11:04:00Z DeleteLoginProfile '{"userName":"carl.x"}'
  iam 56 2025-01-10T11:05:00Z UpdateAccessKey '{"userName":"carl.x","accessKeyId":"AKIAEXAMPLECARL0001","status":"Inactive"}'
  iam 61 2025-01-10T11:06:00Z DeleteLoginProfile '{"userName":"hal.y"}'
  iam 62 2025-01-10T11:07:00Z UpdateAccessKey '{"userName":"hal.y","accessKeyId":"AKIAEXAMPLEHAL00001","status":"Inactive"}'
  disable 57 2025-01-10T12:00:00Z 10
  filler 58 2025-02-01T00:00:00Z; } > $D/group-rename/logs.jsonl

# user-rename: IAM users in group ops disabled and renamed (UpdateUser):
# dana disabled, then renamed dana.old (and a new dana created, added to
# ops); erin's login profile deleted, then renamed erin.k, whose key is
# deactivated; frank's key deactivated, then in one second renamed
# frank.b and frank.b's login profile deleted, the deletion first in
# the file (its event id sorts first)
mkdir -p $D/user-rename
{ iam 71 2025-01-02T11:00:00Z AddUserToGroup '{"groupName":"ops","userName":"dana"}'
  iam 72 2025-01-02T11:01:00Z AddUserToGroup '{"groupName":"ops","userName":"erin"}'
  iam 73 2025-01-02T11:02:00Z AddUserToGroup '{"groupName":"ops","userName":"frank"}'
  iam 74 2025-01-10T11:00:00Z DeleteLoginProfile '{"userName":"dana"}'
  iam 75 2025-01-10T11:01:00Z UpdateAccessKey '{"userName":"dana","accessKeyId":"AKIAEXAMPLEDANA0001","status":"Inactive"}'
  iam 76 2025-01-10T11:02:00Z DeleteLoginProfile '{"userName":"erin"}'
  iam 77 2025-01-10T11:03:00Z UpdateAccessKey '{"userName":"frank","accessKeyId":"AKIAEXAMPLEFRANK001","status":"Inactive"}'
  iam 78 2025-01-11T11:00:00Z UpdateUser '{"userName":"erin","newUserName":"erin.k"}'
  iam 79 2025-01-12T11:00:00Z UpdateUser '{"userName":"dana","newUserName":"dana.old"}'
  iam 80 2025-01-12T11:01:00Z UpdateAccessKey '{"userName":"erin.k","accessKeyId":"AKIAEXAMPLEERIN0001","status":"Inactive"}'
  iam 81 2025-01-13T11:00:00Z DeleteLoginProfile '{"userName":"frank.b"}'
  iam 82 2025-01-13T11:00:00Z UpdateUser '{"userName":"frank","newUserName":"frank.b"}'
  ev 83 2025-01-14T11:00:00Z iam.amazonaws.com CreateUser '{"userName":"dana"}' '{"user":{"userName":"dana","path":"/"}}'
  iam 84 2025-01-14T11:01:00Z AddUserToGroup '{"groupName":"ops","userName":"dana"}'
  filler 85 2025-02-01T00:00:00Z; } > $D/user-rename/logs.jsonl

# unattributed: users ...11 and ...12 in group ...05, ...11 added by
# sso-directory AddMemberToGroup (as the console adds: no membership id),
# ...12 by CreateGroupMembership (id m-0512); both disabled, then a
# DeleteGroupMembership of an id never seen created (the "disable, then
# strip groups with the CLI" pattern): it may have ended ...11's
# membership, not ...12's.  side/: a listing taken after it, with both
mkdir -p $D/unattributed/side
{ ev 90 2025-01-02T10:00:00Z sso-directory.amazonaws.com AddMemberToGroup "{\"identityStoreId\":\"$S\",\"groupId\":\"${G}05\",\"member\":{\"memberId\":\"${U}11\"}}" null
  join 91 2025-01-02T10:01:00Z 05 12
  disable 92 2025-02-01T10:00:00Z 11
  disable 93 2025-02-01T10:01:00Z 12
  ev 94 2025-02-01T10:05:00Z identitystore.amazonaws.com DeleteGroupMembership "{\"identityStoreId\":\"$S\",\"membershipId\":\"m-console-made\"}" null
  filler 95 2025-06-30T10:00:00Z; } > $D/unattributed/logs.jsonl
memberships $D/unattributed/side/list-group-memberships.json 05:11 05:12

# flip: user ...13 in group ...06, disabled in the console, then a SCIM
# PatchUser of active whose value the log hides: taken as enabling it,
# but it may as well have disabled it again (a finding says so)
mkdir -p $D/flip
{ join 96 2025-01-02T10:00:00Z 06 13
  disable 97 2025-02-01T10:00:00Z 13
  ev 98 2025-03-01T10:00:00Z identitystore-scim.amazonaws.com PatchUser "{\"id\":\"${U}13\",\"httpBody\":{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}]}}" null
  filler 99 2025-06-30T10:00:00Z; } > $D/flip/logs.jsonl
