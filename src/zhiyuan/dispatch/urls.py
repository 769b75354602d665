"""Dispatch and orders pages."""

from django.urls import path

from zhiyuan.dispatch import views
from zhiyuan.dispatch.orders import views as orders

app_name = "dispatch"
urlpatterns = [
    path("", views.dispatch_list, name="list"),
    path("<int:pk>/", views.dispatch_detail, name="detail"),
    path("<int:pk>/<str:action>/", views.dispatch_action, name="action"),
    path("cross/", views.cross_batch, name="cross"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/<str:action>/", orders.order_action, name="order_action"),
]
