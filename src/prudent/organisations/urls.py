from django.urls import path

from prudent.organisations import views

app_name = "organisations"
urlpatterns = [path("", views.department_list, name="list")]
