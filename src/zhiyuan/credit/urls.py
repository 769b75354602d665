"""Credit pages, included by the shell at ``/credit/``."""

from django.urls import path

from zhiyuan.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.in_force, name="index"),
    path("query", views.query_page, name="query"),
    path("approvals/", views.approvals, name="approvals"),
    path("cases/<str:number>/", views.case_page, name="case"),
    path("cases/<str:number>/propose/", views.propose, name="propose"),
    path("cases/<str:number>/restrict/", views.restrict, name="restrict"),
    path("listings/<int:pk>/", views.listing_page, name="listing"),
    path("listings/<int:pk>/decide/", views.decide, name="decide"),
    path("listings/<int:pk>/serve/", views.serve, name="serve"),
    path("listings/<int:pk>/delete/", views.delete, name="delete"),
    path("listings/<int:pk>/correction/", views.correction, name="correction"),
    path("listings/<int:pk>/decision.docx", views.decision_document, name="document"),
    path("corrections/<int:pk>/review/", views.review, name="review"),
    path("listings/<int:pk>/restoration/", views.restoration_request, name="restoration"),
    path("restorations/<int:pk>/decide/", views.restoration_decide, name="restoration_decide"),
    path(
        "restorations/<int:pk>/certificate.docx",
        views.restoration_certificate,
        name="restoration_certificate",
    ),
    path("restrictions/<int:pk>/sign/", views.sign_restriction, name="sign"),
    path("restrictions/<int:pk>/order.docx", views.order_document, name="order"),
    path("restrictions/<int:pk>/lift/", views.lift_restriction, name="lift"),
    path("restrictions/<int:pk>/exceptions/", views.request_exception, name="exception"),
    path("exceptions/<int:pk>/decide/", views.decide_exception, name="decide_exception"),
]
