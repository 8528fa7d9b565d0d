from django.urls import path

from prudent.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:book>/<str:version>/", views.version, name="version"),
    path("<str:book>/<str:version>/items/<str:code>/", views.item, name="item"),
]
