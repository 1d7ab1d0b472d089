"""The monitoring register: households over time, alerts, and review deadlines (`policy monitor`).

```
records ─ingest─▶ decide (evaluator) ─▶ snapshot facts ─▶ register (SQLite, one transaction per file)
register ─alerts─▶ last two snapshots compared (set-based SQL) ─▶ Alert ─▶ report (text, markdown, json, csv)
register ─reassess(new policy)─▶ new snapshots ─▶ alerts of the switch
register ─show --explain─▶ replay with the recorded policy ─▶ explain
apply ─▶ review limit from the policy's `process` ─▶ Chinese working days ─▶ due date
```

Modules: `register` (schema, transactions, queries), `versions` (one set of rules per version
name), `ingest` (JSON, JSON Lines, and the CSV tables of `policy batch`), `snapshot` (what is kept per
decision), `thresholds` (what each comparison compared, how near a household is to each line),
`alerts`, `reasons` (why a household's categories changed), `report`, `replay`, `reassess`,
`deadlines`, `workdays`.
"""
