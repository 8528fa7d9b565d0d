from django.urls import path

from prudent.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.register, name="register"),
    path("issue/", views.issue, name="issue"),
]
