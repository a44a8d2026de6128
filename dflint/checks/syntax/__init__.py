"""DF0xx: the file itself (syntax, pragmas)."""
