"""Checking a plan: the rule engine, its context, the rules, the output formats, SMART."""
