"""Evaluation metrics, one file per metric."""
