"""Public 抽查检查结果公示 (R-INSP-1 一公开): mounted at /public/inspection-results/ before the
portal's catch-all patterns. No login."""

from django.urls import path

from prudent.inspections import task_views

app_name = "inspection_results"
urlpatterns = [
    path("", task_views.public_results, name="list"),
    path("<int:pk>/", task_views.public_result, name="detail"),
]
