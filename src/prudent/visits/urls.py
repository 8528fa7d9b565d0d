from django.urls import path

from prudent.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.visit_list, name="list"),
    path("register/", views.register, name="register"),
    path("alerts/", views.alerts, name="alerts"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/confirm/", views.mine_confirm, name="mine_confirm"),
    path("entities/<int:pk>/", views.entity, name="entity"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/qr.svg", views.qr, name="qr"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/record/", views.record, name="record"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
