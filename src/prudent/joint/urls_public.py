"""Public, no login: published annual joint plans (R-INSP-3; CJ 四(五) 在政府门户网站公示)."""

from django.urls import path

from prudent.joint import views

app_name = "joint_public"
urlpatterns = [
    path("", views.public_plans, name="plans"),
    path("<int:pk>/", views.public_plan, name="plan"),
]
