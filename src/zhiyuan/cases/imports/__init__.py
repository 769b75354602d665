"""The case import's parts, in the order a file goes through them: :mod:`.reading` (rows checked one by
one), :mod:`.resolving` (origins, causes, disputes and every write decided), :mod:`.writing` (one short
transaction) and :mod:`.report`. The entry point is :func:`zhiyuan.cases.importing.import_file`."""
