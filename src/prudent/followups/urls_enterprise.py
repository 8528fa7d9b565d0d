from django.urls import path

from prudent.followups import views

app_name = "enterprise"

urlpatterns = [
    path("cases/", views.my_cases, name="cases"),
    path("cases/<int:pk>/", views.my_case, name="case"),
    path("cases/<int:pk>/choice/", views.party_choice, name="choice"),
    path("cases/<int:pk>/commitment/", views.party_commitment, name="commitment"),
    path("cases/<int:pk>/statements/", views.party_statement, name="statement"),
    path("cases/<int:pk>/return-visit-rating/", views.party_rating, name="rating"),
]
