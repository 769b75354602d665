"""Pages of the workflow (see zhiyuan.mediation.urls): the list, intake, a mediation and its steps."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.mediation import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mediation_list, name="list"),
    path("intake/", views.intake_page, name="intake"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<slug:step>/", views.act, name="act"),
]
