"""自动履行 pages, included by the shell at ``/performance/``."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.performance import views

app_name = "performance"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("titles/<int:pk>/", views.detail, name="detail"),
    path("titles/<int:pk>/payments/", views.pay, name="pay"),
    path("titles/<int:pk>/payments/<int:payment_id>/confirm/", views.confirm, name="confirm"),
    path("titles/<int:pk>/enforcement-application/", views.apply, name="apply"),
    path("titles/<int:pk>/urgings/<int:urging_id>/contacts/", views.contact, name="contact"),
    path("notices/<int:notice_id>/download/", views.download, name="download"),
    path("good-faith/", views.good_faith, name="good_faith"),
    path("templates/", views.templates, name="templates"),
    path("templates/default/<str:kind>.docx", views.default_template, name="default_template"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
