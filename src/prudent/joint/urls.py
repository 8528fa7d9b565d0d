from django.urls import path

from prudent.joint import views

app_name = "joint"
urlpatterns = [
    path("", views.plans, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/new-version/", views.plan_new_version, name="plan_new_version"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/remove/", views.task_remove, name="task_remove"),
    path("tasks/<int:pk>/open/", views.open_, name="open"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("inspections/<int:pk>/print/", views.form_print, name="form_print"),
    path("inspections/<int:pk>/form.docx", views.form_docx, name="form_docx"),
    path("inspections/<int:pk>/results/", views.result_add, name="result_add"),
    path("findings/<int:pk>/", views.finding, name="finding"),
    path("results/<int:pk>/file/", views.result_file, name="result_file"),
    path("share/", views.share, name="share"),
]
