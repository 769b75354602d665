"""Funds pages, included by the shell at ``/funds/``."""

from django.urls import path

from zhiyuan.funds import views

app_name = "funds"
urlpatterns = [
    path("<str:number>/", views.case_page, name="case"),
    path("<str:number>/receipt/", views.receipt, name="receipt"),
    path("<str:number>/outflow/", views.outflow, name="outflow"),
    path("<str:number>/disbursements/", views.request_disbursement, name="request"),
    path("<str:number>/disbursements/<int:pk>/approve/", views.approve, name="approve"),
    path("<str:number>/disbursements/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("<str:number>/disbursements/<int:pk>/pay/", views.pay, name="pay"),
    path("<str:number>/postings/<int:pk>/reverse/", views.reverse_posting, name="reverse"),
    path("<str:number>/due/", views.set_due, name="due"),
    path("reports/<int:year>/<int:month>/", views.report, name="report"),
]
