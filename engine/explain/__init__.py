"""Decision → explanation a caseworker can read aloud, in Chinese or English.

Input: a `Decision` with its evaluation (every value computed for the household).
Output: an explanation tree (plain data, the `explanation` of DESIGN §7's JSON),
rendered by `render_text` or `render_markdown`. For every category, assigned or
not: each clause with its verdict, the values compared, the margin, the file and
line of the rule and what it cites; derived values unfold into what they were
computed from, each shown once; a failed threshold says what would have to
change, and a condition a member's age turns within a year says the day (met from
then, or no longer met). Invariant: explaining only reads the evaluation; it never
changes it (to find such a day it decides a rule on a household of that day, apart).
What no household changes (rule texts, labels, compiled values, parameter entries)
is worked out once per policy and language.

One module per part, in the order an explanation uses them:

* `words` — the sentence pieces of each language, and how values and rule locations are written;
* `phrases` — `Static` (per policy: rule texts, compiled values, kinds) and `Phrases` (per policy
  and language: labels, citations, and the plans below, each made on first use);
* `plans` — the plans of clauses (a comparison, or the facts of a yes/no rule), of categories and
  of the names rules read;
* `grants` — how each measure's amount is worked out, and each grant's entry;
* `members` — each member as the policy's `member_description` names them (`p4（兄弟姐妹，51岁）`);
* `birthdays` — the ages at which a rule's comparisons of age turn, and the days members reach them;
* `coming_of_age` — whether such a day turns a clause of one decision, and the day said (met from then, or no
  longer met);
* `received` — how much one yuan of each income line, as the family receives it, moves a rule's side;
* `comparisons` — a comparison said with one household's values: the margin, and what would make a failed
  threshold hold (the household total of a per-head value, income as the family receives it);
* `defaults` — which of the inputs the household file left out a category depends on, and which only the assistance;
* `doubted` — the figures the household most likely gave wrong (`engine.doubts`), in words to read aloud;
* `explainer` — the `Explainer`, which walks one decision and fills the plans in with its values;
* `tree` — walking a finished tree, entry by entry.
"""

from engine.explain.explainer import Explainer, explain, not_given
from engine.explain.words import WORDS

__all__ = ["WORDS", "Explainer", "explain", "not_given"]
