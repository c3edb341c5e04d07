from django.urls import path

from haven.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.index, name="index"),
    path("rules/", views.rules, name="rules"),
    path("rules.json", views.rules_json, name="rules-json"),
    path("clock/", views.clock, name="clock"),
    path("clock.json", views.clock_json, name="clock-json"),
    path("clock/<uuid:public_id>/", views.clock_saved, name="clock-saved"),
    path("clock/<uuid:public_id>/forget/", views.forget, name="clock-forget"),
    path("clock/r/<str:token>/", views.clock_link, name="clock-link"),
]
