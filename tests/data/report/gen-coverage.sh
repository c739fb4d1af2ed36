#!/bin/sh
# gen-coverage.sh -- writes tests/data/report/coverage.jsonl (run it from
# the repository root; needs GNU date): 100 days of logs, 2025-01-01 to
# 2025-04-10, one S3 call a day in 444455556666 except for a 20-day hole
# (2025-02-10 to 2025-03-01), and one every third day in 111122223333.
set -e
i=0
while [ $i -lt 100 ]; do
  d=$(date -u -d "2025-01-01 +$i day" +%Y-%m-%dT12:00:00Z)
  if [ $((i % 3)) -eq 0 ]; then
    printf '{"eventVersion":"1.11","eventID":"c0de07a0-0000-4000-8000-%012d","eventTime":"%s","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","recipientAccountId":"111122223333","userIdentity":{"type":"Root","accountId":"111122223333"},"readOnly":true,"eventType":"AwsApiCall"}\n' $i "$d"
  fi
  if [ $i -lt 40 ] || [ $i -ge 60 ]; then
    printf '{"eventVersion":"1.11","eventID":"c0de07b0-0000-4000-8000-%012d","eventTime":"%s","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","recipientAccountId":"444455556666","userIdentity":{"type":"Root","accountId":"444455556666"},"readOnly":true,"eventType":"AwsApiCall"}\n' $i "$d"
  fi
  i=$((i + 1))
done > tests/data/report/coverage.jsonl
