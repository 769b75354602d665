"""Pages of the register (see zhiyuan.mediation.urls), under ``/mediation/organizations/``."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.mediation.register import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("organizations/", views.organizations, name="organizations"),
    path("organizations/new/", views.organization_form, name="organization_new"),
    path("organizations/import/", views.upload, name="organizations_import"),
    path("organizations/<str:code>/", views.organization, name="organization"),
    path("organizations/<str:code>/edit/", views.organization_form, name="organization_edit"),
    path("organizations/<str:code>/mediators/new/", views.mediator_form, name="mediator_new"),
    path(
        "organizations/<str:code>/mediators/<str:mediator>/edit/", views.mediator_form, name="mediator_edit"
    ),
]
