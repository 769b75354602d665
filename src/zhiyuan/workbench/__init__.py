"""The workbench (工作台): one declaration of the panels and menu entries that apps add to (see
:mod:`zhiyuan.workbench.registry`)."""
