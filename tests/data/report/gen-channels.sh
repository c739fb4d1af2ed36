#!/bin/sh
# gen-channels.sh -- writes tests/data/report/channels.jsonl (run it from
# the repository root; needs GNU date): SCIM clients on fixed schedules
# and "AWS Internal" on people's sessions, one account per case (see the
# README.md here and tests/cli/report-channels.t).
set -e
n=0
# scim ACCOUNT TIME AGENT [USER]: a PatchGroup of group g-ACCOUNT; with USER
# a visible removal of that user, else an addition with hidden members;
# made with the bearer token $TOKEN (userIdentity.accessKeyId) if set.
scim() {
  n=$((n + 1))
  if [ -n "$4" ]; then
    ops='[{"op":"REMOVE","path":"members[value eq \"'$4'\"]"}]'
  else
    ops='[{"op":"ADD","path":"members","value":"HIDDEN_DUE_TO_SECURITY_REASONS"}]'
  fi
  ua=; [ -n "$3" ] && ua='"userAgent":"'$3'",'
  printf '{"eventVersion":"1.11","userIdentity":{"type":"WebIdentityUser","accountId":"%s","accessKeyId":"%s"},"eventTime":"%s","eventSource":"identitystore-scim.amazonaws.com","eventName":"PatchGroup","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.50",%s"requestParameters":{"id":"g-%s","tenantId":"tenant-%s","httpBody":{"operations":%s}},"responseElements":null,"requestID":"beef0c00-0000-4000-8000-%012d","eventID":"c0de0c00-0000-4000-8000-%012d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"}\n' \
    "$1" "${TOKEN:-ABCDEFGHIJKLMNOPQRST}" "$2" "$ua" "$1" "$1" "$ops" $n $n "$1"
}
# at BASE SECONDS: BASE plus SECONDS, ISO 8601 UTC
at() { date -u -d "@$(($(date -u -d "$1" +%s) + $2))" +%Y-%m-%dT%H:%M:%SZ; }
# who ACCOUNT TYPE ROLE-OR-USER SESSION: a userIdentity
who() {
  case $2 in
  sso) printf '{"type":"AssumedRole","principalId":"AROAEXAMPLEID:%s","arn":"arn:aws:sts::%s:assumed-role/%s/%s","accountId":"%s","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::%s:role/aws-reserved/sso.amazonaws.com/us-east-1/%s","accountId":"%s","userName":"%s"},"attributes":{"creationDate":"2025-03-01T08:00:00Z","mfaAuthenticated":"false"}}}' "$4" "$1" "$3" "$4" "$1" "$1" "$3" "$1" "$3" ;;
  role) printf '{"type":"AssumedRole","principalId":"AROAEXAMPLEID:%s","arn":"arn:aws:sts::%s:assumed-role/%s/%s","accountId":"%s","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::%s:role/%s","accountId":"%s","userName":"%s"},"attributes":{"creationDate":"2025-03-01T08:00:00Z","mfaAuthenticated":"false"}}}' "$4" "$1" "$3" "$4" "$1" "$1" "$3" "$1" "$3" ;;
  iam) printf '{"type":"IAMUser","principalId":"AIDAEXAMPLEID","arn":"arn:aws:iam::%s:user/%s","accountId":"%s","accessKeyId":"AKIAEXAMPLE","userName":"%s"}' "$1" "$3" "$1" "$3" ;;
  esac
}
# internal ACCOUNT TIME IDENTITY EXTRA SOURCE NAME PARAMS: a change with
# the user agent "AWS Internal"
internal() {
  n=$((n + 1))
  printf '{"eventVersion":"1.11","userIdentity":%s,"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.10","userAgent":"AWS Internal","requestParameters":%s,"responseElements":null,"requestID":"beef0c00-0000-4000-8000-%012d","eventID":"c0de0c00-0000-4000-8000-%012d","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"%s","eventCategory":"Management"%s}\n' \
    "$3" "$2" "$5" "$6" "$7" $n $n "$1" "$4"
}
{
  # 111122223333: a JumpCloud-like client, daily at 02:00, three calls a run
  d=1
  while [ $d -le 14 ]; do
    for k in 0 7 14; do
      u=; [ $d -eq 14 ] && [ $k -eq 14 ] && u=u-0001
      scim 111122223333 "$(printf '2025-03-%02dT02:00:%02dZ' $d $k)" JumpCloud-SCIM-Client/1.0 $u
    done
    d=$((d + 1))
  done
  # 444455556666: python-requests every 2 hours
  i=0
  while [ $i -lt 12 ]; do
    scim 444455556666 "$(at 2025-03-01T00:00:05Z $((i * 7200)))" python-requests/2.31.0
    i=$((i + 1))
  done
  # 123456789012: an agent that names nothing, every 4 hours on the hour
  i=0
  while [ $i -lt 13 ]; do
    scim 123456789012 "$(at 2025-03-01T00:00:00Z $((i * 14400 + i % 3 * 20)))" Go-http-client/2.0
    i=$((i + 1))
  done
  # 210987654321: Entra ID's 40-minute grid (1, 2, 4, 5 cycles apart),
  # one call of JumpCloud's on it, and a visible removal
  for c in 0 1 2 4 5 7 9 10 13 14 17; do
    scim 210987654321 "$(at 2025-03-01T09:00:00Z $((c * 2400 + c * 7 % 50)))" Go-http-client/2.0
  done
  scim 210987654321 "$(at 2025-03-01T09:00:00Z $((19 * 2400)))" JumpCloud-SCIM-Client/1.0
  scim 210987654321 "$(at 2025-03-01T09:00:00Z $((20 * 2400 + 12)))" Go-http-client/2.0 u-0002
  # 111111111111: Okta daily at 10:00, then one call with no agent
  d=1
  while [ $d -le 7 ]; do
    scim 111111111111 "$(printf '2025-03-%02dT10:00:00Z' $d)" "Okta SCIM Client 1.0.0"
    d=$((d + 1))
  done
  scim 111111111111 2025-03-08T10:00:00Z "" u-0003
  # 222222222222: "AWS Internal" on a person's session without console
  # credentials, with them, on an IAM user, and on a service's role
  sso=AWSReservedSSO_AdministratorAccess_0123456789abcdef
  internal 222222222222 2025-03-02T10:00:00Z "$(who 222222222222 sso $sso user00@example.com)" "" \
    identitystore.amazonaws.com CreateGroupMembership '{"identityStoreId":"d-1234567890","groupId":"g-0002","memberId":{"userId":"u-0004"}}'
  internal 222222222222 2025-03-02T10:05:00Z "$(who 222222222222 sso $sso user01@example.com)" ',"sessionCredentialFromConsole":"true"' \
    identitystore.amazonaws.com CreateGroupMembership '{"identityStoreId":"d-1234567890","groupId":"g-0002","memberId":{"userId":"u-0005"}}'
  internal 222222222222 2025-03-02T10:10:00Z "$(who 222222222222 iam alice)" "" \
    iam.amazonaws.com AddUserToGroup '{"groupName":"admins","userName":"bob"}'
  internal 222222222222 2025-03-02T10:15:00Z "$(who 222222222222 role AWSServiceRoleForSSO AWS-SSO)" "" \
    iam.amazonaws.com AddUserToGroup '{"groupName":"admins","userName":"carol"}'
  # 333344445555: Entra ID's grid as above, with one token; a call off
  # it with another token (one someone made for themselves) is not
  # Entra's, and five more of that token at odd times spoil nothing
  for c in 0 1 2 4 5 7 9 10 13 14 17; do
    scim 333344445555 "$(at 2025-03-01T09:00:00Z $((c * 2400 + c * 7 % 50)))" Go-http-client/2.0
  done
  for s in 1111 2222 3333 4444 5555; do
    TOKEN=OTHERTOKEN0000000001 scim 333344445555 "$(at 2025-03-01T09:00:00Z $((s * 7)))" Go-http-client/2.0
  done
} > tests/data/report/channels.jsonl
