"""Assess: the rule book applied to what the units submitted, period by period."""
