"""Values entering the platform: one definition of what a form, the API or an import may store.

Amounts, dates and text are checked here against what their columns can hold and what is plausible
before any service sees them (ARCHITECTURE.md §3, rule 11); every boundary uses the same checks.
"""
