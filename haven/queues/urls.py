from django.urls import path, re_path

from haven.queues import staff_views, views

app_name = "queues"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", staff_views.new_point, name="new-point"),
    path("t/<str:token>/", views.ticket, name="ticket"),
    path("t/<str:token>/leave/", views.leave, name="leave"),
    path("<slug:slug>/", views.point, name="point"),
    path("<slug:slug>/appointment/", views.appointment, name="appointment"),
    path("<slug:slug>/kiosk/<str:key>/", views.kiosk, name="kiosk"),
    path("<slug:slug>/kiosk/<str:key>/t/<str:token>/", views.kiosk_ticket, name="kiosk-ticket"),
    path("<slug:slug>/display/", views.display, name="display"),
    path("<slug:slug>/door/", views.door, name="door"),
    path("<slug:slug>/console/", staff_views.console, name="console"),
    path("<slug:slug>/console/<int:counter_id>/", staff_views.console, name="console-counter"),
    path("<slug:slug>/console/<int:counter_id>/<slug:move>/", staff_views.counter_move, name="counter-move"),
    path("<slug:slug>/tickets/<slug:what>/", staff_views.day_tickets, name="day-tickets"),
    path("<slug:slug>/settings/", staff_views.settings_page, name="settings"),
    path("<slug:slug>/services/new/", staff_views.service_page, name="service-new"),
    re_path(r"^(?P<slug>[-\w]+)/services/(?P<letter>[A-Z]{1,2})/$", staff_views.service_page, name="service"),
    path("<slug:slug>/counters/new/", staff_views.counter_page, name="counter-new"),
    path("<slug:slug>/counters/<int:counter_id>/", staff_views.counter_page, name="counter"),
    path("<slug:slug>/stats/", staff_views.stats, name="stats"),
    path("<slug:slug>/staff/", staff_views.staff, name="staff"),
]
