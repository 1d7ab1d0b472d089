"""Batch evaluation: many households, one decision each, exactly as `evaluate` decides.

Stages, one module each:

* reading — `readers` (the input's kind; JSON Lines, compressed or not, and a folder of JSON
  files → records), `parquet_input` (a Parquet file or a folder of parts → records; its columns
  checked against the policies before a row is read by `parquet_columns`), `csv_tables` (CSV rows
  joined by household id), `input_columns` (a table's columns against the inputs the policies
  read), `repeated_ids` (ids met in more than one record);
* deciding a chunk — `evaluate` (a chunk of records → encoded decisions and error lines, each
  record checked by `engine.intake`, as `policy eval` checks its household; the households with a
  doubt about their data counted by kind, a line given twice among them, as `engine.doubts` finds
  them) and `tally` (the households in
  each category, for the run's summary);
* the fast engine — `columns` (guarded float and exact rational arithmetic over arrays),
  `frame` (a chunk of households as columns), `columnar` (a policy compiled into a program over
  a frame, the exact evaluator wherever it cannot vouch for a household), `decisions` (its
  outcomes → decisions); fed without a Python object per household by `arrow_intake`
  (Parquet), `json_intake` (JSON Lines through Arrow's reader) and `csv_columns` (plain CSV);
* writing — `writers` (JSON Lines, CSV, Parquet; the decisions' Parquet layout), `json_output`
  (JSON Lines straight from Arrow columns; which values it holds as int64 is
  `engine.whole_numbers`), `parquet_layout` (the households' Parquet layout, and
  households written in it: `policy sample`, tests and benchmarks);
* the run — `runner` (chunks over processes, in input order, atomic output, journal and
  `--resume`), `spark` (the same on Apache Spark);
* `edges` — households on and around every threshold, for the differential test.
"""
