"""Pure rules-as-code: no Django, no I/O, no clock.

Every rule takes facts (and the reference data it needs, passed in as a :class:`Reference`) and returns
its result together with the citations it applied. Parameters live in ``params/*.yaml`` and reach the
rules through :class:`zhiyuan.law.parameters.ParameterBook`; the loading happens outside this package
(``zhiyuan.rulebook``).
"""
