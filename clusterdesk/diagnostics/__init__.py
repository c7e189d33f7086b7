"""Diagnoses."""
