from django.urls import path

from haven.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:public_id>/", views.job_page, name="job"),
    path("<uuid:public_id>/progress/", views.progress, name="progress"),
    path("<uuid:public_id>/rows/<int:row>/<slug:action>/", views.decide, name="decide"),
]
