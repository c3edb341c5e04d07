from django.urls import path

from haven.hosting import views

app_name = "hosting"
urlpatterns = [
    path("", views.offers, name="offers"),
    path("offers/new/", views.new_offer, name="new-offer"),
    path("offers/<uuid:public_id>/", views.edit_offer, name="edit-offer"),
    path("offers/<uuid:public_id>/<slug:move>/", views.change_status, name="offer-status"),
]
