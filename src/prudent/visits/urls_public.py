"""The page a scanned visit code opens (no login): `/v/<code>/`."""

from django.urls import path

from prudent.visits import views

app_name = "visits_public"
urlpatterns = [
    path("<str:code>/", views.code_page, name="code"),
]
