"""Batch evaluation: many households, one decision each, exactly as `evaluate` decides.

Stages, one module each: `io` (read records, write decisions), `intake` (records →
validated households, quickly, with the full validator as the judge), `evaluate` (a
chunk of records → encoded decisions and error lines), the fast engine — `columns`
(guarded float and exact rational arithmetic over arrays), `frame` (a chunk of
households as columns) and `columnar` (a policy compiled into a program over a frame,
exact fallback wherever it cannot vouch for a household) — `runner` (chunks over
processes, atomic output, journal and `--resume`), `spark` (the same on Apache Spark)
and `edges` (households on and around every threshold, for the differential test).
"""
