from django.urls import path

from haven.backoffice import figures_views, matching_views, records_views, team_views, views

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("dashboard/", figures_views.dashboard, name="dashboard"),
    path("export/", records_views.export, name="export"),
    path("audit/", records_views.audit_trail, name="audit"),
    path("team/", team_views.team, name="team"),
    path("team/<int:pk>/remove/", team_views.remove_member, name="team-remove"),
    path("households/", views.households, name="households"),
    path("households/<uuid:public_id>/", views.household, name="household"),
    path("households/<uuid:public_id>/contact/", views.reveal_contact, name="reveal-contact"),
    path("households/<uuid:public_id>/priority/", views.set_priority, name="household-priority"),
    path("households/<uuid:public_id>/propose/", views.propose_stay, name="household-propose"),
    path("households/<uuid:public_id>/propose-plan/", views.propose_plan, name="household-propose-plan"),
    path("households/<uuid:public_id>/candidates/", views.household_candidates, name="household-candidates"),
    path("households/<uuid:public_id>/still-needed/", views.ask_still_needed, name="household-ask"),
    path("offers/", views.offers, name="offers"),
    path("offers/<uuid:public_id>/", views.offer, name="offer"),
    path("offers/<uuid:public_id>/vet/", views.vet, name="vet"),
    path("matching/", matching_views.matching_home, name="matching"),
    path("matching/regions/<slug:slug>/run/", matching_views.start_run, name="matching-start"),
    path("matching/<uuid:public_id>/", matching_views.run_page, name="matching-run"),
    path("matching/<uuid:public_id>/progress/", matching_views.run_progress, name="matching-progress"),
    path("matching/suggestions/<uuid:public_id>/accept/", matching_views.accept, name="matching-accept"),
    path("matching/suggestions/<uuid:public_id>/reject/", matching_views.reject, name="matching-reject"),
]
