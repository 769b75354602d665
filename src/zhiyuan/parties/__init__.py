"""Persons and organizations who are parties to cases; one record per identity number."""
