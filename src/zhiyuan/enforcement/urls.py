"""Enforcement pages, included by the shell at ``/enforcement/``."""

from django.urls import path

from zhiyuan.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("cases/<str:number>/triage/", views.triage_page, name="triage"),
    path("cases/<str:number>/triage/facts/", views.record_facts, name="triage_facts"),
    path("cases/<str:number>/triage/override/", views.override, name="triage_override"),
]
