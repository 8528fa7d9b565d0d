"""The public draw pages (no login): /public/draws/…"""

from django.urls import path

from prudent.draws import views

app_name = "public_draws"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/population.csv", views.public_population, name="population"),
    path("<int:pk>/inspectors.csv", views.public_inspectors, name="inspectors"),
    path("<int:pk>/commitment.json", views.public_commitment, name="commitment"),
    path("<int:pk>/result.json", views.public_result, name="result"),
]
