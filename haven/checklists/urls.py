from django.urls import path

from haven.checklists import coord_views, views

app_name = "checklists"

urlpatterns = [
    path("", views.index, name="index"),
    path("coord/", coord_views.routes, name="coord"),
    path("coord/new/", coord_views.new_route, name="coord-new"),
    path("coord/<uuid:public_id>/", coord_views.edit_route, name="coord-route"),
    path("coord/<uuid:public_id>/steps/new/", coord_views.new_step, name="coord-new-step"),
    path("coord/steps/<uuid:step_id>/", coord_views.edit_step, name="coord-step"),
    path("coord/steps/<uuid:step_id>/move/", coord_views.move_step, name="coord-move-step"),
    path("coord/steps/<uuid:step_id>/remove/", coord_views.remove_step, name="coord-remove-step"),
    path("<uuid:public_id>/", views.route, name="route"),
    path("<uuid:public_id>/steps/<uuid:step_id>/", views.tick, name="tick"),
]
