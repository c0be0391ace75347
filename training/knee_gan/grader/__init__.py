"""Compact KL grader (the evaluation's measuring instrument)."""
