"""诉调对接 over HTTP."""

from ninja import Router

router = Router(tags=["mediation"])
