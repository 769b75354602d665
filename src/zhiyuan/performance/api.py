"""自动履行 over HTTP."""

from ninja import Router

router = Router(tags=["performance"])
