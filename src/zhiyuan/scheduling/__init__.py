"""Periodic jobs: one declaration that apps add to, and the scheduler that enqueues them."""
