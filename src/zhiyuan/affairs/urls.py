"""The affairs center's pages, included by the shell at ``/affairs/``."""

from django.urls import path

from zhiyuan.affairs import views

app_name = "affairs"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<str:action>/", views.task_action, name="task_action"),
    path("batches/", views.batches, name="batches"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("jobs/dead/", views.dead_letters, name="dead_letters"),
    path("jobs/<int:pk>/retry/", views.retry_job, name="retry_job"),
]
