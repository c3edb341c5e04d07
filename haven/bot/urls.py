from django.urls import URLPattern

app_name = "bot"

urlpatterns: list[URLPattern] = []
