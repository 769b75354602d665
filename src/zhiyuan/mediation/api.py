"""诉调对接 over HTTP: the organization register, the suggester, the clerk's workflow and the partner API."""

from ninja import Router

from zhiyuan.mediation import partner_api, suggest_api
from zhiyuan.mediation.intake import api as intake_api
from zhiyuan.mediation.register import api as register_api
from zhiyuan.mediation.workflow import api as workflow_api

router = Router(tags=["mediation"])
router.add_router("/", register_api.router)
router.add_router("/", suggest_api.router)
router.add_router("/", workflow_api.router)
router.add_router("/", intake_api.router)
router.add_router("/partner", partner_api.router)
