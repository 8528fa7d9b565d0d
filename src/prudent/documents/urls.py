from django.urls import path

from prudent.documents import views

app_name = "documents"
urlpatterns = [
    path("cases/<int:pk>/generate/", views.generate, name="generate"),
    path("<int:pk>/serve/", views.serve, name="serve"),
    path("<int:pk>/download/", views.download, name="download"),
]
