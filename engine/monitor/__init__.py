"""The monitoring register: households over time, alerts, and review deadlines (`policy monitor`).

```
records ─ingest─▶ decide (evaluator) ─▶ snapshot facts ─▶ register (SQLite, one transaction per file)
register ─alerts─▶ last two snapshots compared (set-based SQL) ─▶ Alert ─▶ report (text, markdown, json, csv)
register ─reassess(new policy)─▶ new snapshots ─▶ alerts of the switch
register ─show --explain─▶ replay with the recorded policy ─▶ explain
apply ─▶ review limit from the policy's `process` ─▶ Chinese working days ─▶ due date
```

Modules: `register` (schema, transactions, queries), `versions` (one set of rules per version
name); ingest in the order a record goes through it: `inputs` (the files of any format read into
records: JSON, JSON Lines, compressed or not, and the CSV tables of `policy batch`),
`policy_and_date` (which policy decides a record, on which date), `ingest` (deciding, in workers
too, and recording a file in one transaction), `record_outcomes` (a snapshot to write, or a bad
record), `one_record_per_date` (new, already recorded, or H007), `household_json` (data compared as
data), `snapshot_warnings` (what a recorded snapshot is warned of), `ingest_report` (what a file's
ingest did); `snapshot` (what is kept per decision), `thresholds` (what each comparison compared,
how near a household is to each line), `alerts`, `reasons` (why a household's categories changed),
`members`, `report`, `replay`, `reassess`, `voids`, `deadlines`, `workdays`.
"""
