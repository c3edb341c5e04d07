from django.urls import URLPattern

app_name = "helppoints"

urlpatterns: list[URLPattern] = []
