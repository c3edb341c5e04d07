from django.urls import path

from haven.relocation import views

app_name = "relocation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:company>/new/", views.new, name="new"),
    path("requests/<uuid:public_id>/", views.progress, name="progress"),
]
