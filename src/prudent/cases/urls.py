from django.urls import path

from prudent.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("workbench/", views.workbench, name="workbench"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/step/", views.case_step, name="step"),
    path("<int:pk>/propose/", views.case_propose, name="propose"),
    path("<int:pk>/facts/", views.case_facts, name="facts"),
    path("<int:pk>/officers/", views.case_assign, name="assign"),
]
