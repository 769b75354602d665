"""指标分析 over HTTP."""

from ninja import Router

router = Router(tags=["governance"])
