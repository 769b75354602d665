"""Dispatch between courts (上下级一体化: 委托、指定、提级、交叉执行) and the command center's orders
(交办、督办)."""
