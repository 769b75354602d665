"""诉调对接 over HTTP: the organization register, the suggester, the clerk's workflow and the partner API."""

from ninja import Router

from zhiyuan.mediation import intake_api, partner_api, register_api, suggest_api, workflow_api

router = Router(tags=["mediation"])
router.add_router("/", register_api.router)
router.add_router("/", suggest_api.router)
router.add_router("/", workflow_api.router)
router.add_router("/", intake_api.router)
router.add_router("/partner", partner_api.router)
