"""What the audit log's action codes mean, in Chinese and English: one table for every page that shows an
entry (the administration pages, exports for people). A code not in the table is described by its module
and its last word (``cases.transition.hear`` → 案件：开庭审理), or by its module alone; the raw code is never
the only thing a reader sees."""

from __future__ import annotations

from collections.abc import Callable

from zhiyuan.problems import english as in_english

#: actions with a name of their own
ACTIONS: dict[str, tuple[str, str]] = {
    "auth.login": ("登录", "Signed in"),
    "auth.logout": ("退出登录", "Signed out"),
    "auth.login_failed": ("登录失败", "Sign-in failed"),
    "auth.login_locked": ("登录被锁定", "Sign-in locked"),
    "auth.denied": ("越权访问被拒绝", "Access refused"),
    "auth.password_change": ("修改密码", "Password changed"),
    "auth.second_factor.enrol": ("绑定动态口令", "Second factor enrolled"),
    "auth.second_factor_failed": ("动态口令错误", "Wrong dynamic code"),
    "accounts.user.create": ("创建账号", "Account created"),
    "accounts.user.activate": ("启用账号", "Account activated"),
    "accounts.user.deactivate": ("停用账号", "Account deactivated"),
    "accounts.user.unlock": ("解除登录锁定", "Sign-in lock lifted"),
    "accounts.role.grant": ("授予角色", "Role granted"),
    "accounts.role.revoke": ("撤销角色", "Role revoked"),
    "accounts.token.issue": ("签发接口令牌", "API token issued"),
    "accounts.token.revoke": ("吊销接口令牌", "API token revoked"),
    "accounts.second_factor.reset": ("重置动态口令", "Second factor reset"),
    "audit.read": ("查阅审计日志", "Audit log read"),
    "audit.export": ("导出审计日志", "Audit log exported"),
    "audit.verify": ("校验审计链", "Audit chain verified"),
    "audit.checkpoint": ("签署审计检查点", "Audit checkpoint signed"),
    "cases.case.file": ("立案", "Case filed"),
    "cases.case.correct": ("更正案件信息", "Case corrected"),
    "cases.case.import_move": ("导入案件（移送）", "Case imported (moved)"),
    "cases.case.import_update": ("导入案件（更新）", "Case imported (updated)"),
    "cases.assignment.handler": ("指定承办人", "Handler assigned"),
    "cases.approval.request": ("提请审批", "Approval requested"),
    "cases.export": ("导出案件", "Cases exported"),
    "cases.search.id_number": ("按身份证号查询", "Search by identity number"),
    "courts.mediator.create": ("新增调解员", "Mediator added"),
    "courts.mediator.update": ("修改调解员", "Mediator changed"),
    "courts.organization.create": ("新增调解组织", "Mediation organization added"),
    "courts.organization.update": ("修改调解组织", "Mediation organization changed"),
    "courts.organizations.import": ("导入调解组织", "Mediation organizations imported"),
    "courts.organizations.demo": ("载入演示调解组织", "Demo organizations loaded"),
    "organizations.export": ("导出调解组织", "Mediation organizations exported"),
    "enforcement.triage.file": ("执行案件繁简分流", "Enforcement case triaged"),
    "enforcement.triage.catch_up": ("补做繁简分流", "Triage caught up"),
    "enforcement.triage.override": ("调整繁简分流", "Triage overridden"),
    "affairs.task.spawn": ("建立事务任务", "Affairs task created"),
    "affairs.task.claim": ("领取事务任务", "Affairs task claimed"),
    "affairs.task.release": ("事务任务放回队列", "Affairs task released"),
    "affairs.task.complete": ("办结事务任务", "Affairs task completed"),
    "affairs.task.return": ("退回事务任务", "Affairs task returned"),
    "affairs.task.cancel": ("撤销案件的事务任务", "A case's affairs tasks cancelled"),
    "affairs.task.resubmit": ("重新提交退回的事务任务", "Returned affairs task resubmitted"),
    "affairs.task.acknowledge": ("知悉退回的事务任务", "Returned affairs task acknowledged"),
    "affairs.batch.start": ("发起批量处理", "Batch started"),
    "affairs.batch.finish": ("批量处理完成", "Batch finished"),
    "affairs.job.retry": ("重新执行失败的后台作业", "Failed job run again"),
    "enforcement.refusal.propose": ("提请拒执移送", "Refusal referral proposed"),
    "enforcement.refusal.approve": ("批准拒执移送", "Refusal referral approved"),
    "enforcement.refusal.refuse": ("不予批准拒执移送", "Refusal referral not approved"),
    "enforcement.refusal.refer": ("移送公安机关", "Referred to the police"),
    "enforcement.refusal.extend": ("公安机关延长审查期限", "Police extended the review"),
    "enforcement.refusal.filed": ("公安机关立案", "Police opened a case"),
    "enforcement.refusal.declined": ("公安机关不予立案", "Police declined"),
    "enforcement.refusal.supervision": ("提请检察院立案监督", "Procuratorate asked to supervise"),
    "enforcement.refusal.private": ("拒执自诉立案", "Private prosecution filed"),
    "enforcement.refusal.recovered": ("登记因移送追回金额", "Money recovered after the referral"),
    "enforcement.refusal.outcome": ("拒执案件结果", "Refusal case outcome"),
    "enforcement.refusal.document": ("制作拒执文书", "Refusal document issued"),
    "enforcement.sanction.propose": ("提请罚款、拘留", "Fine or detention proposed"),
    "enforcement.sanction.approve": ("批准罚款、拘留", "Fine or detention approved"),
    "enforcement.sanction.refuse": ("不予批准罚款、拘留", "Fine or detention not approved"),
    "enforcement.measure.take": ("采取控制措施", "Measure taken"),
    "enforcement.measure.renew": ("续行控制措施", "Measure renewed"),
    "enforcement.measure.release": ("解除控制措施", "Measure released"),
    "enforcement.measure.release_part": (
        "部分解除冻结（网络回执）",
        "Freeze partly released (network receipt)",
    ),
    "enforcement.measure.effect": ("轮候措施生效", "Waiting measure took effect"),
    "enforcement.measure.lapse": ("控制措施到期失效", "Measure lapsed"),
    "enforcement.measure.document": ("制作执行措施文书", "Measure document issued"),
    "enforcement.measure.template_upload": ("上传执行措施文书模板", "Measure document template uploaded"),
    "enforcement.measure.template_retire": ("恢复内置执行措施文书模板", "Measure document template retired"),
    "enforcement.asset.add": ("登记财产", "Asset added"),
    "enforcement.asset.valuation": ("确定财产处置参考价", "Reference price set"),
    "enforcement.asset.auction": ("发布网络司法拍卖公告", "Online auction announced"),
    "enforcement.asset.auction_result": ("登记拍卖结果", "Auction result recorded"),
    "enforcement.asset.auction_document": ("制作拍卖公告", "Auction announcement issued"),
    "enforcement.asset.sale": ("变卖财产", "Asset sold at a set price"),
    "enforcement.asset.acceptance": ("以物抵债", "Asset accepted in lieu"),
    "enforcement.case.document": (
        "制作执行通知书或报告财产令",
        "Enforcement notice or property report order issued",
    ),
    "mediation.delegate": ("委派调解", "Mediation delegated"),
    "mediation.register_by_partner": ("调解组织登记调解", "Mediation registered by organization"),
    "mediation.session": ("记录调解过程", "Mediation session recorded"),
    "mediation.extend": ("延长调解期限", "Mediation extended"),
    "mediation.succeed": ("调解成功", "Mediation succeeded"),
    "mediation.fail": ("调解不成", "Mediation failed"),
    "mediation.withdraw": ("撤回调解", "Mediation withdrawn"),
    "mediation.agreement.save": ("保存调解协议", "Agreement saved"),
    "mediation.confirmation.request": ("申请司法确认", "Judicial confirmation requested"),
    "mediation.confirmation.accept": ("受理司法确认", "Judicial confirmation accepted"),
    "mediation.confirmation.rule": ("作出司法确认裁定", "Judicial confirmation ruled"),
    "performance.title.open": ("登记生效法律文书", "Enforceable title recorded"),
    "performance.notice.download": ("下载履行告知文书", "Performance notice downloaded"),
    "performance.notice.performance_notice": ("制作履行告知书", "Performance notice issued"),
    "performance.payment.report": ("报告履行", "Payment reported"),
    "performance.payment.confirm": ("确认履行", "Payment confirmed"),
    "performance.payment.reject": ("不予确认履行", "Payment rejected"),
    "performance.template.upload": ("上传文书模板", "Template uploaded"),
    "performance.template.retire": ("停用文书模板", "Template retired"),
    "performance.urging.open": ("启动督促履行", "Urging started"),
    "performance.urging.contact": ("记录督促联系", "Urging contact recorded"),
    "performance.urging.performed": ("督促后履行", "Performed after urging"),
    "performance.urging.filed": ("督促后申请执行", "Enforcement applied after urging"),
}

#: the modules, for codes without a name of their own
MODULES: dict[str, tuple[str, str]] = {
    "auth": ("登录与访问", "Sign-in and access"),
    "accounts": ("账号与角色", "Accounts and roles"),
    "audit": ("审计", "Audit"),
    "cases": ("案件", "Cases"),
    "courts": ("法院与调解组织", "Courts and organizations"),
    "organizations": ("调解组织", "Mediation organizations"),
    "enforcement": ("执行", "Enforcement"),
    "affairs": ("执行事务中心", "Affairs center"),
    "mediation": ("调解", "Mediation"),
    "performance": ("履行", "Performance"),
    "parties": ("当事人", "Parties"),
    "gateway": ("网络查控", "Online inquiry and control"),
    "governance": ("治理指标", "Governance indicators"),
    "scheduling": ("定时任务", "Scheduled jobs"),
    "simulation": ("模拟数据", "Simulation"),
}

#: last words of codes (case transitions, document kinds) in both languages
VERBS: dict[str, tuple[str, str]] = {
    "accept": ("受理", "accepted"),
    "hear": ("开庭审理", "heard"),
    "decide": ("作出裁判", "decided"),
    "close": ("结案", "closed"),
    "notify": ("发出通知", "notified"),
    "execute": ("实施执行措施", "measures taken"),
    "succeed": ("执行完毕", "completed"),
    "suspend": ("中止", "suspended"),
    "resume": ("恢复", "resumed"),
    "terminate": ("终结", "terminated"),
    "extend": ("延长期限", "extended"),
    "withdraw": ("撤回", "withdrawn"),
    "reject": ("驳回", "rejected"),
    "approve": ("批准", "approved"),
    "refuse": ("不予批准", "refused"),
    "transfer": ("移送", "transferred"),
    "create": ("新增", "created"),
    "update": ("修改", "changed"),
    "export": ("导出", "exported"),
    "download": ("下载", "downloaded"),
    "import": ("导入", "imported"),
}

OTHER = ("其他操作", "Other action")


def action_label(code: str, english: bool | None = None) -> str:
    """The name of ``code`` in the active language (or in English when ``english``)."""
    pick = int(in_english() if english is None else english)
    if code in ACTIONS:
        return ACTIONS[code][pick]
    head, _, rest = code.partition(".")
    module = MODULES.get(head)
    if module is None:
        return OTHER[pick]
    verb = VERBS.get(rest.rsplit(".", 1)[-1]) if rest else None
    if verb is None:
        return f"{module[pick]}：其他操作" if not pick else f"{module[pick]}: other action"
    return f"{module[pick]}：{verb[pick]}" if not pick else f"{module[pick]}: {verb[pick]}"


#: the keys of before/after payloads a reader is shown by name
KEYS: dict[str, tuple[str, str]] = {
    "status": ("状态", "Status"),
    "role": ("角色", "Role"),
    "roles": ("角色", "Roles"),
    "username": ("账号", "Account"),
    "full_name": ("姓名", "Name"),
    "is_active": ("启用", "Active"),
    "court": ("法院", "Court"),
    "organization": ("调解组织", "Organization"),
    "handler": ("承办人", "Handler"),
    "approval": ("审批", "Approval"),
    "case_number": ("案号", "Case number"),
    "cause": ("案由", "Cause"),
    "claim_amount": ("标的额", "Amount claimed"),
    "recovered_amount": ("执行到位金额", "Amount recovered"),
    "recovered_confirmed": ("到位金额已确认", "Recovered amount confirmed"),
    "closing_method": ("结案方式", "Closing method"),
    "on": ("日期", "Date"),
    "note": ("备注", "Note"),
    "reason": ("理由", "Reason"),
    "kind": ("类别", "Kind"),
    "number": ("文号", "Number"),
    "name": ("名称", "Name"),
    "code": ("代码", "Code"),
    "deadline": ("期限", "Deadline"),
    "mediator": ("调解员", "Mediator"),
    "amount": ("金额", "Amount"),
    "view": ("查阅方式", "View"),
    "via": ("途径", "Through"),
    "filters": ("条件", "Filters"),
    "rows": ("显示条数", "Rows shown"),
    "matched": ("符合条数", "Rows matched"),
}


def key_label(key: str, english: bool | None = None) -> str | None:
    """The name of a payload key, or None when it has none (the key is then shown as it is, marked as
    not to be translated)."""
    names = KEYS.get(key)
    return names[int(in_english() if english is None else english)] if names else None


#: how the layers above name a role code (``accounts`` registers the permission matrix's names): the audit
#: log sits below accounts and keeps roles as codes
_role_namer: list[Callable[[str], str]] = []


def register_role_names(namer: Callable[[str], str]) -> None:
    """Name role codes with ``namer`` (the active language's name of a code)."""
    _role_namer[:] = [namer]


def role_label(code: str) -> str:
    """A role code's name, as registered (the code when nothing is registered)."""
    return _role_namer[0](code) if _role_namer else code
