from django.urls import path

from prudent.portal import decisions, views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", decisions.decisions, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision, name="decision"),
    path("<str:book>/<str:version>/", views.version, name="version"),
    path("<str:book>/<str:version>/items/<str:code>/", views.item, name="item"),
]
