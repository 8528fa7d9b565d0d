from django.urls import path

from prudent.publication import views

app_name = "publication"
urlpatterns = [
    path("cases/<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
