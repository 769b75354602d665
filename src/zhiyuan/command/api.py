"""指挥中心 over HTTP."""

from ninja import Router

router = Router(tags=["command"])
