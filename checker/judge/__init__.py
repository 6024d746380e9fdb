"""Judging a segmented report: report-wide facts, rule evaluation, named checks, scoring, comparison."""
