from django.urls import path

from haven.bot import views

app_name = "bot"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("connect/", views.connect, name="connect"),
]
