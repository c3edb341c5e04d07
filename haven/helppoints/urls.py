from django.urls import path

from haven.helppoints import coord_views, views

app_name = "helppoints"

urlpatterns = [
    path("", views.points, name="list"),
    path("map/", views.points_map, name="map"),
    path("poster/", views.poster_page, name="poster"),
    path("coord/", coord_views.coord_list, name="coord"),
    path("coord/new/", coord_views.coord_new, name="coord-new"),
    path("coord/<uuid:public_id>/", coord_views.coord_edit, name="coord-edit"),
    path("coord/<uuid:public_id>/shown/", coord_views.coord_shown, name="coord-shown"),
]
