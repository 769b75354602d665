"""The law core's loader: reads parameters and reference data and builds a :class:`Reference`.

``zhiyuan.law`` is pure, so the file reading happens here. The platform overlays what administrators
maintain in the database (``zhiyuan.courts.selectors.reference``); the files are the default.
"""
