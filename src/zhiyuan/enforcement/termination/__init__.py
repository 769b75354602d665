"""Termination of the current procedure (终本): the checklist, the applicant's opinion, the termination, the
终本 library with its standing re-queries, and resumption (执恢)."""
