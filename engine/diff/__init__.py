"""Comparing two versions of a policy: `policy diff`.

* `changes` — two policies → what changed in meaning, section by section (`exprdiff` locates the
  smallest differing sub-expression);
* `impact` — a diff × households → who moves from which category to which, and because of which
  change; `hybrid` and `hybrid_union` build the in-between policies that attribute a move,
  `impact_fast`, `impact_chunk`, `impact_frames` and `impact_causes` run it chunk by chunk on the
  fast engine;
* `witness` — small example households that the two policies classify differently;
* `pair_notes` — the warnings about the pair itself: the same file twice, a `version` kept for changed
  content, different `id`s, windows that overlap, leave a gap or come in the wrong order, a date outside one.
"""
