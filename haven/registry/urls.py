from django.urls import path

from haven.registry import views

app_name = "registry"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/districts/", views.district_options, name="district-options"),
    path("code/", views.lookup, name="lookup"),
    path("my/", views.mine, name="mine"),
    path("my/edit/", views.edit, name="edit"),
    path("my/withdraw/", views.withdraw, name="withdraw"),
    path("my/reopen/", views.reopen, name="reopen"),
    path("my/erase/", views.erase, name="erase"),
    path("my/forget/", views.forget, name="forget"),
    path("my/still/<str:token>/", views.still_needed, name="still-needed"),
]
