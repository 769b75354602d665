"""Mediation API: partner endpoints (mounted by zhiyuan.mediation.api)."""

from ninja import Router

router = Router(tags=["mediation"])
