"""The rule language: grammar (grammar.lark), AST, parser and printer."""
