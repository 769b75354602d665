"""URL wiring."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from zhiyuan import views
from zhiyuan.api import api
from zhiyuan.enforcement.hearings import views as hearings
from zhiyuan.operations import health, observability

#: the platform's own error pages (zhiyuan.errors); a busy database met outside a view (saving the session)
#: is a 503 too (zhiyuan.busy)
handler400 = "zhiyuan.errors.bad_request"
handler403 = "zhiyuan.errors.permission_denied"
handler404 = "zhiyuan.errors.page_not_found"
handler500 = "zhiyuan.errors.server_error"

# the admin under the platform's name, not "Django 管理"
admin.site.site_header = _("执源管理后台")
admin.site.site_title = _("执源管理后台")
admin.site.index_title = _("参考数据与账号")

urlpatterns = [
    path("", views.home, name="home"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("metrics", observability.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("zhiyuan.accounts.urls")),
    path("cases/", include("zhiyuan.cases.urls")),
    path("mediation/", include("zhiyuan.mediation.urls")),
    path("performance/", include("zhiyuan.performance.urls")),
    path("enforcement/", include("zhiyuan.enforcement.urls")),
    path("hearings/public/", hearings.public, name="hearings_public"),  # no sign-in: public announcements
    path("funds/", include("zhiyuan.funds.urls")),
    path("credit/", include("zhiyuan.credit.urls")),
    path("affairs/", include("zhiyuan.affairs.urls")),
    path("command/", include("zhiyuan.command.urls")),
    path("dispatch/", include("zhiyuan.dispatch.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
