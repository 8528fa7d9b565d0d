from django.urls import path

from prudent.followups import views

app_name = "followups"

urlpatterns = [
    path("cases/<int:pk>/offer/", views.offer, name="offer"),
    path("cases/<int:pk>/choice/", views.choice, name="choice"),
    path("cases/<int:pk>/commitment/", views.paper, name="paper"),
    path("cases/<int:pk>/return-visit/", views.visit, name="visit"),
    path("cases/<int:pk>/education/", views.education, name="education"),
    path("commitments/<int:pk>/scan/", views.scan, name="scan"),
]
