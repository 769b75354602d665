"""Enforcement pages, included by the shell at ``/enforcement/``."""

from django.urls import path

from zhiyuan.enforcement import views
from zhiyuan.enforcement.bankruptcy import views as bankruptcy_views
from zhiyuan.enforcement.criminal import views as criminal
from zhiyuan.enforcement.hearings import views as hearings
from zhiyuan.enforcement.inquiries import views as network
from zhiyuan.enforcement.measures import document_views as papers
from zhiyuan.enforcement.measures import views as measures
from zhiyuan.enforcement.property import views as assets
from zhiyuan.enforcement.refusal import views as refusal
from zhiyuan.enforcement.termination import views as tcp

app_name = "enforcement"
urlpatterns = [
    # property parts of criminal judgments (刑事涉财): the trial division's transfer
    path("criminal/", criminal.index, name="criminal_index"),
    path("criminal/<str:number>/transfer/", criminal.transfer, name="criminal_transfer"),
    path("criminal/<str:number>/form/", criminal.transfer_form, name="criminal_form"),
    path("cases/<str:number>/triage/", views.triage_page, name="triage"),
    path("bankruptcy/screening/", bankruptcy_views.screening, name="bankruptcy_screening"),
    path("cases/<str:number>/bankruptcy/consent/", bankruptcy_views.consent, name="bankruptcy_consent"),
    path("cases/<str:number>/bankruptcy/propose/", bankruptcy_views.propose, name="bankruptcy_propose"),
    path("cases/<str:number>/bankruptcy/decide/", bankruptcy_views.decide, name="bankruptcy_decide"),
    path("cases/<str:number>/bankruptcy/suspend/", bankruptcy_views.suspend, name="bankruptcy_suspend"),
    path("cases/<str:number>/bankruptcy/outcome/", bankruptcy_views.outcome, name="bankruptcy_outcome"),
    path("cases/<str:number>/triage/facts/", views.record_facts, name="triage_facts"),
    path("cases/<str:number>/triage/override/", views.override, name="triage_override"),
    # control measures and property (物)
    path("cases/<str:number>/measures/", measures.case_page, name="measures"),
    path("cases/<str:number>/measures/take/", measures.take, name="measure_take"),
    path("cases/<str:number>/measures/<int:pk>/renew/", measures.renew, name="measure_renew"),
    path("cases/<str:number>/measures/<int:pk>/release/", measures.release, name="measure_release"),
    path("cases/<str:number>/assets/add/", measures.add_asset, name="asset_add"),
    path("measures/calendar/", measures.calendar, name="measures_calendar"),
    path("assets/<int:pk>/", assets.asset_page, name="asset"),
    path("assets/<int:pk>/valuation/", assets.valuation, name="asset_valuation"),
    path("assets/<int:pk>/auction/", assets.auction, name="asset_auction"),
    path("assets/<int:pk>/auction/result/", assets.auction_result, name="asset_auction_result"),
    path("assets/<int:pk>/sale/", assets.sale, name="asset_sale"),
    path("assets/<int:pk>/proceeds/", assets.proceeds, name="asset_proceeds"),
    path("assets/<int:pk>/acceptance/", assets.acceptance, name="asset_acceptance"),
    path("measures/<int:pk>/documents/<str:kind>/", papers.measure_document, name="measure_document"),
    path("auctions/<int:pk>/announcement/", papers.auction_document, name="auction_document"),
    path("cases/<str:number>/documents/<str:kind>/", papers.case_document, name="case_document"),
    path("measures/templates/", papers.templates, name="measure_templates"),
    path("measures/templates/<str:kind>/default/", papers.default_template, name="measure_template_default"),
    # hearings (执行听证); the public announcement is /hearings/public/ (the shell's urls)
    path("cases/<str:number>/hearings/schedule/", hearings.schedule, name="hearing_schedule"),
    path("hearings/<int:pk>/", hearings.hearing_page, name="hearing"),
    path("hearings/<int:pk>/<str:name>/", hearings.step, name="hearing_step"),
    path("hearings/<int:pk>/documents/<str:kind>/", hearings.document, name="hearing_document"),
    # refusal to execute (拒执): referrals to the police, fines and detention
    path("cases/<str:number>/refusal/refer/", refusal.propose, name="refusal_propose"),
    path("cases/<str:number>/refusal/sanction/", refusal.propose_sanction, name="sanction_propose"),
    path("refusal/<int:pk>/documents/<str:kind>/", refusal.referral_document, name="refusal_document"),
    path("refusal/<int:pk>/<str:name>/", refusal.step, name="refusal_step"),
    path("sanctions/<int:pk>/decide/", refusal.decide_sanction, name="sanction_decide"),
    path("sanctions/<int:pk>/decision/", refusal.sanction_document, name="sanction_document"),
    path("cases/<str:number>/network/", network.network_page, name="network"),
    path("cases/<str:number>/network/ask/", network.ask, name="network_ask"),
    path("cases/<str:number>/network/order/", network.order, name="network_order"),
    path("cases/<str:number>/network/freeze/", network.start_freeze, name="network_freeze"),
    path("cases/<str:number>/network/freeze/<int:pk>/stop/", network.stop_freeze, name="network_freeze_stop"),
    path("cases/<str:number>/network/requery/", network.start_requery, name="network_requery"),
    path(
        "cases/<str:number>/network/requery/<int:pk>/stop/", network.stop_requery, name="network_requery_stop"
    ),
    # termination of the current procedure (终本), its library and resumption
    path("cases/<str:number>/termination/", tcp.termination_page, name="termination"),
    path("cases/<str:number>/termination/finding/", tcp.finding, name="tcp_finding"),
    path("cases/<str:number>/termination/opinion/", tcp.opinion, name="tcp_opinion"),
    path("cases/<str:number>/termination/terminate/", tcp.terminate, name="tcp_terminate"),
    path("cases/<str:number>/termination/resume/", tcp.resume, name="tcp_resume"),
    path("cases/<str:number>/termination/ruling/", tcp.ruling, name="tcp_ruling"),
    path("termination/library/", tcp.library, name="tcp_library"),
    path("termination/library.xlsx", tcp.library_export, name="tcp_library_export"),
]
