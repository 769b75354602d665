"""The synthetic province: disputes generated and driven through the real import path."""
