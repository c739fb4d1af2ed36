# report memberships: regressions of the membership replay and of its
# md form.  The events are in tests/data/memberships/ (its README says
# what each file holds).

# review 2, finding 12: md has one section per group name, compared
# whole: a group named "aws-admins<newline>aws-break-glass" does not
# hide the section of the group named aws-break-glass
$ mkdir md && cd md && trailsift ingest -q "$TS_SRC/tests/data/memberships/md-sections.jsonl" && trailsift report memberships --no-store -f md | sed -n '/^## Memberships/,$p' | grep -e '^###' -e '^| g-'
### aws-admins aws-break-glass
| g-1       |        | u-1        | 2025-01-02T10:02:00Z | maria@example.com | cli        |         |             |              | true | logs        |
### aws-break-glass
| g-2       |        | u-2        | 2025-01-02T10:03:00Z | maria@example.com | cli        |         |             |              | true | logs        |
