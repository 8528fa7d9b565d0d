from django.urls import path

from prudent.credit import views

app_name = "credit"
urlpatterns = [
    path("records/", views.records, name="records"),
    path("records/<int:pk>/", views.record, name="record"),
    path("entities/<int:pk>/", views.entity, name="entity"),
    path("queues/", views.queues, name="queues"),
    path("repairs/<int:pk>/review/", views.repair_review, name="repair_review"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.mine_record, name="mine_record"),
    path("mine/<int:pk>/repair/", views.repair_apply, name="repair_apply"),
    path("mine/<int:pk>/objection/", views.objection_submit, name="objection_submit"),
]
