from django.urls import path

from prudent.calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("load/", views.calendar_load, name="load"),
]
