from django.urls import path

from haven.workspaces import manage_views, views

app_name = "workspaces"
urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", manage_views.new, name="new"),
    path("b/<str:token>/", views.booking, name="booking"),
    path("b/<str:token>/<slug:move>/", views.booking_move, name="booking-move"),
    path("<slug:slug>/", views.space, name="space"),
    path("<slug:slug>/manage/", manage_views.manage, name="manage"),
    path("<slug:slug>/days/", manage_views.days, name="days"),
    path("<slug:slug>/check-in/", manage_views.check_in, name="check-in"),
    path("<slug:slug>/bookings.csv", manage_views.export, name="export"),
]
