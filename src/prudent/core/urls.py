from django.urls import path

from prudent.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("audit/head/", views.audit_head, name="audit_head"),
    path("healthz", views.healthz, name="healthz"),
]
