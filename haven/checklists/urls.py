from django.urls import URLPattern

app_name = "checklists"

urlpatterns: list[URLPattern] = []
