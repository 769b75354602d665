"""The intake suggester over HTTP: ``POST /api/mediation/suggest`` (mounted by zhiyuan.mediation.api)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhiyuan.accounts.policy import refuse
from zhiyuan.accounts.selectors import can
from zhiyuan.inputs.text import Block
from zhiyuan.mediation.suggesting import suggest

router = Router(tags=["mediation"])

#: court staff (who see cases) and partner-organization users (who handle delegated disputes)
SUGGEST_PERMISSIONS = ("case:view", "partner:handle")
MAX_TEXT_CHARS = 20000


class SuggestIn(Schema):
    text: Block = Field(
        ...,
        max_length=MAX_TEXT_CHARS,
        description="纠纷简述 The dispute's free-text description",
        examples=["业主拖欠2022年至2024年物业费共计六千余元，物业公司多次催收未果。"],
    )


class SuggestionOut(Schema):
    cause: str = Field(description="建议案由（案由目录中的名称） Suggested cause, a name in the catalogue")
    focus_type: str = Field(description="建议纠纷类型 Suggested focus-type id (`other` when unsure)")
    confidence: float = Field(ge=0, le=1, description="把握 0–1")
    reasons: list[str] = Field(description="依据 Why: the keywords matched and the model's probability")


@router.post(
    "/suggest",
    response=SuggestionOut,
    summary="建议案由与纠纷类型 Suggest a cause and focus type for a description",
    description="Keyword rules plus the trained model (`zhiyuan mediation train`). A proposal for the "
    "clerk to confirm or change; empty or unrecognisable text gives `other` with a low confidence.",
)
def suggest_endpoint(request: HttpRequest, body: SuggestIn) -> SuggestionOut:
    if not any(can(request.user, p, request) for p in SUGGEST_PERMISSIONS):
        raise refuse(
            request.user,
            "suggest_not_permitted",
            "只有法院工作人员和调解组织人员可以使用案由建议。",
            "Only court staff and partner-organization users may use the suggester.",
            request,
        )
    return SuggestionOut(**suggest(body.text).as_dict())
