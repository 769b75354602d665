"""Enforcement pages, included by the shell at ``/enforcement/``."""

from django.urls import path

from zhiyuan.enforcement import views
from zhiyuan.enforcement.inquiries import views as network

app_name = "enforcement"
urlpatterns = [
    path("cases/<str:number>/triage/", views.triage_page, name="triage"),
    path("cases/<str:number>/triage/facts/", views.record_facts, name="triage_facts"),
    path("cases/<str:number>/triage/override/", views.override, name="triage_override"),
    path("cases/<str:number>/network/", network.network_page, name="network"),
    path("cases/<str:number>/network/ask/", network.ask, name="network_ask"),
    path("cases/<str:number>/network/order/", network.order, name="network_order"),
    path("cases/<str:number>/network/freeze/", network.start_freeze, name="network_freeze"),
    path("cases/<str:number>/network/freeze/<int:pk>/stop/", network.stop_freeze, name="network_freeze_stop"),
    path("cases/<str:number>/network/requery/", network.start_requery, name="network_requery"),
    path(
        "cases/<str:number>/network/requery/<int:pk>/stop/", network.stop_requery, name="network_requery_stop"
    ),
]
