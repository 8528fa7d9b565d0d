from django.urls import path

from prudent.discretion import views

app_name = "discretion"
urlpatterns = [
    path("", views.search, name="search"),
    path("items/<str:code>/", views.item, name="item"),
]
