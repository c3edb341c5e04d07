from django.urls import path

from haven.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("households/", views.households, name="households"),
    path("households/<uuid:public_id>/", views.household, name="household"),
    path("households/<uuid:public_id>/contact/", views.reveal_contact, name="reveal-contact"),
    path("offers/", views.offers, name="offers"),
    path("offers/<uuid:public_id>/", views.offer, name="offer"),
    path("offers/<uuid:public_id>/vet/", views.vet, name="vet"),
]
