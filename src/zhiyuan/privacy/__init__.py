"""Personal-data protection: field encryption, keyed hashes for search, masking."""
