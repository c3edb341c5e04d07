from django.urls import path

from haven.stays import views

app_name = "stays"
urlpatterns = [
    path("host/stays/", views.host_stays, name="host-stays"),
    path("host/stays/<uuid:public_id>/", views.host_stay, name="host-stay"),
    path("host/stays/<uuid:public_id>/<slug:move>/", views.host_move, name="host-move"),
    path("my/stays/<uuid:public_id>/", views.guest_stay, name="guest-stay"),
    path("my/stays/<uuid:public_id>/<slug:move>/", views.guest_move, name="guest-move"),
    path("stays/link/<str:token>/", views.guest_link, name="guest-link"),
    path("coord/stays/<uuid:public_id>/cancel/", views.coordinator_cancel, name="coordinator-cancel"),
]
