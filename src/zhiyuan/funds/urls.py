"""Funds pages, included by the shell at ``/funds/``."""

from django.urls import path

from zhiyuan.funds import criminal_views, scheme_views, views

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
    path("<str:number>/schemes/", scheme_views.schemes, name="schemes"),
    path("<str:number>/schemes/<int:pk>/serve/", scheme_views.serve, name="scheme_serve"),
    path("<str:number>/schemes/<int:pk>/objection/", scheme_views.objection, name="scheme_objection"),
    path("<str:number>/schemes/<int:pk>/confirm/", scheme_views.confirm, name="scheme_confirm"),
    path("<str:number>/criminal/", criminal_views.allocations, name="criminal"),
    path("<str:number>/criminal/<int:pk>/approve/", criminal_views.approve, name="criminal_approve"),
    path("<str:number>/criminal/<int:pk>/refuse/", criminal_views.refuse, name="criminal_refuse"),
    path("<str:number>/criminal/<int:pk>/payment/", criminal_views.payment, name="criminal_payment"),
]
