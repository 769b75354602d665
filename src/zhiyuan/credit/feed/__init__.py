"""The joint-sanction feed (联合惩戒): signed incremental exports partner agencies fetch with their own
token, their acknowledgements, and the reconciliation check."""
