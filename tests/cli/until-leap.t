# --until with a leap second (18:30:60) ends with its minute: it parses
# to 18:30:59.999, and taking in "its second" after that reached into
# 18:31:00.998 and indexed an event of 18:31:00.500.

$ for t in 18:30:59.500 18:31:00.500; do printf '{"eventVersion":"1.08","eventTime":"2025-10-08T%sZ","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"%s","recipientAccountId":"111122223333"}\n' $t "$(echo $t | tr -d :.)0000-0000-4000-8000-000000000000"; done > leap.jsonl; for u in 2025-10-08T18:30:60Z 2025-10-08T18:30:60.5Z 20251008T183060Z 2025-10-08T18:31:00Z; do trailsift ingest -q -d "l$u.db" --until "$u" leap.jsonl; echo "$u: $(trailsift query -d "l$u.db" -f csv "SELECT count(*) FROM events" | sed 1d)"; done
2025-10-08T18:30:60Z: 1
2025-10-08T18:30:60.5Z: 1
20251008T183060Z: 1
2025-10-08T18:31:00Z: 2
