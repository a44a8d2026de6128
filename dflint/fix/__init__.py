"""Fixes as data (:mod:`dflint.fix.edit`) and the loop that applies them (:mod:`dflint.fix.apply`)."""
