from django.urls import path

from prudent.entities import views

app_name = "entities"
urlpatterns = [
    path("", views.entity_list, name="list"),
    path("<int:pk>/", views.entity_detail, name="detail"),
    path("<int:pk>/identity/", views.entity_identity, name="identity"),
    path("mine/", views.entity_mine, name="mine"),
    path("import/", views.entity_import_view, name="import"),
]
