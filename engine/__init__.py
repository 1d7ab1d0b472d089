"""policy: a declarative policy-as-data engine.

Pipeline (DESIGN.md §3), one module per stage:

    yamlsource  YAML text → data with a position for every node
    loader      data → validated against schema/policy.schema.json → Policy model
    policy_cache  a Policy loaded without errors, kept on disk and read back by the next command
    syntax/     expression text → AST (grammar.lark, parser, printer)
    checker/    names, units, enums, cycles, unreachable categories, conditions that never hold
                (symbols, inference, hints, rules, consistency, cycles, citations, labels,
                contradictions with value_tests, value_sets and contradiction_warnings)
    whole_numbers  the values of a policy that are always whole: the checker's contradictions, the batch's int64
    household_input  household files → exact JSON data (or H001 saying what they are instead)
    household   household JSON → validated Household
    evaluator   Policy × Household × date → Decision, reporting to a tracer
    tracing     null and recording tracers
    explain/    Decision (+ trace) → text / markdown / JSON explanation (words, phrases, plans,
                grants, members, birthdays, coming_of_age, received, comparisons, defaults,
                explainer)
"""
