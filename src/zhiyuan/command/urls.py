"""指挥中心 pages, included by the shell at ``/command/``."""

from django.urls import URLPattern, URLResolver, path

from zhiyuan.command import definition_views, people_views, property_views, views
from zhiyuan.command.campaigns import views as campaign_views
from zhiyuan.command.reports import views as report_views

app_name = "command"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("definitions/", definition_views.definitions_page, name="definitions"),
    path("courts/<str:code>/", views.court, name="court"),
    path("courts/<str:code>/cases/", views.cases, name="cases"),
    path("courts/<str:code>/situation.xlsx", views.situation_export, name="situation_export"),
    path("courts/<str:code>/people/", people_views.people_page, name="people"),
    path("courts/<str:code>/property/", property_views.property_page, name="property"),
    path("courts/<str:code>/property/list/", property_views.property_list, name="property_list"),
    path("people/<int:person_id>/", people_views.person_page, name="person"),
    path("campaigns/", campaign_views.campaign_list, name="campaigns"),
    path("campaigns/new/", campaign_views.campaign_new, name="campaign_new"),
    path("campaigns/<slug:code>/", campaign_views.campaign_page, name="campaign"),
    path("campaigns/<slug:code>/edit/", campaign_views.campaign_edit, name="campaign_edit"),
    path("campaigns/<slug:code>/close/", campaign_views.campaign_close, name="campaign_close"),
    path("reports/", report_views.reports_page, name="reports"),
    path("reports/<int:report_id>.<str:fmt>", report_views.report_file, name="report_file"),
    path("reports/template/", report_views.template_download, name="report_template"),
    path("reports/template/upload/", report_views.template_upload, name="report_template_upload"),
]
