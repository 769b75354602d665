"""Sign-in URLs."""

from django.urls import path

from zhiyuan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("otp/", views.otp_view, name="otp"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_view, name="password"),
    path("me/", views.me_view, name="me"),
    path("me/second-factor/", views.enrol_view, name="enrol"),
]
