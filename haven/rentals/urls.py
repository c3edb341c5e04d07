from django.urls import path

from haven.rentals import coord_views, views

app_name = "rentals"

urlpatterns = [
    path("", views.search, name="search"),
    path("index/", views.rent_index, name="index"),
    path("index.json", views.rent_index_json, name="index-json"),
    path("requests/", views.my_requests, name="my-requests"),
    path("requests/<uuid:public_id>/withdraw/", views.withdraw_request, name="withdraw-request"),
    path("requests/<uuid:public_id>/answer/", views.answer, name="answer"),
    path("mine/", views.mine, name="mine"),
    path("pledge/", views.pledge, name="pledge"),
    path("new/", views.new, name="new"),
    path("coord/", coord_views.held, name="held"),
    path("coord/<uuid:public_id>/", coord_views.review, name="review"),
    path("coord/reports/<uuid:public_id>/", coord_views.decide_report, name="decide-report"),
    path("<uuid:public_id>/", views.listing, name="listing"),
    path("<uuid:public_id>/ask/", views.ask, name="ask"),
    path("<uuid:public_id>/edit/", views.edit, name="edit"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/photos/", views.photos, name="photos"),
    path("<uuid:public_id>/report/", views.report, name="report"),
]
