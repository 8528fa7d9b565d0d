from django.urls import path

from prudent.evidence import views

app_name = "evidence"
urlpatterns = [
    path("case/<int:case_pk>/", views.case_file, name="case_file"),
    path("case/<int:case_pk>/upload/", views.upload, name="upload"),
    path("<int:pk>/download/", views.download, name="download"),
]
