"""自动履行 pages, included by the shell at ``/performance/``."""

from django.urls import URLPattern, URLResolver, path

import zhiyuan.inputs.pages  # noqa: F401  (registers the <id:…> path converter)
from zhiyuan.performance import views

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("cases/<str:number>/title/", views.enter_title, name="enter_title"),
    path("titles/<id:pk>/", views.detail, name="detail"),
    path("titles/<id:pk>/payments/", views.pay, name="pay"),
    path("titles/<id:pk>/payments/<id:payment_id>/confirm/", views.confirm, name="confirm"),
    path("titles/<id:pk>/enforcement-application/", views.apply, name="apply"),
    path("titles/<id:pk>/urgings/<id:urging_id>/contacts/", views.contact, name="contact"),
    path("notices/<id:notice_id>/download/", views.download, name="download"),
    path("good-faith/", views.good_faith, name="good_faith"),
    path("templates/", views.templates, name="templates"),
    path("templates/default/<str:kind>.docx", views.default_template, name="default_template"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
