"""Routes of the list tables (R-LIST-3, R-LIST-9), mounted at ``rulebooks/tables/``."""

from django.urls import path

from prudent.rulebooks import views_tables

app_name = "rulebook_tables"
urlpatterns = [
    path("versions/<int:pk>/", views_tables.tables_view, name="view"),
    path("versions/<int:pk>/export.<str:fmt>", views_tables.download, name="download"),
    path("versions/<int:pk>/edit/", views_tables.edit, name="edit"),
    path("versions/<int:pk>/import/", views_tables.upload, name="import"),
]
