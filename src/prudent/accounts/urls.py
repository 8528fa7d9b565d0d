from django.urls import path

from prudent.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("people/", views.people, name="people"),
]
