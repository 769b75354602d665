"""Reference data: courts, case type codes, causes of action, the legal calendar."""
