"""The case funds ledger (一案一账号): a double-entry account per enforcement case."""
