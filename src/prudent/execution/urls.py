from django.urls import path

from prudent.execution import views

app_name = "execution"
urlpatterns = [
    path("confiscated/", views.confiscated, name="confiscated"),
    path("confiscated/<int:pk>/dispose/", views.confiscated_dispose, name="confiscated_dispose"),
    path("cases/<int:pk>/payments/", views.payment, name="payment"),
    path("cases/<int:pk>/arrangements/", views.arrangement_apply, name="arrangement_apply"),
    path("arrangements/<int:pk>/decide/", views.arrangement_decide, name="arrangement_decide"),
    path("cases/<int:pk>/settlements/", views.settlement, name="settlement"),
    path("cases/<int:pk>/review-periods/", views.review_period, name="review_period"),
    path("cases/<int:pk>/confiscated/", views.confiscated_add, name="confiscated_add"),
    path("cases/<int:pk>/corrections/", views.correction, name="correction"),
    path("receipts/<int:pk>/", views.receipt, name="receipt"),
    path("cases/<int:pk>/community-offsets/", views.offset_apply, name="offset_apply"),
    path("community-offsets/<int:pk>/approve/", views.offset_approve, name="offset_approve"),
    path("community-offsets/<int:pk>/complete/", views.offset_complete, name="offset_complete"),
]
