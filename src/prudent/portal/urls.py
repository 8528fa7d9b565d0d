from django.urls import path

from prudent.portal import decisions, inspections, views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("decisions/", decisions.decisions, name="decisions"),
    path("decisions/<int:pk>/", decisions.decision, name="decision"),
    path("inspection-items/", inspections.inspection_items, name="inspection_items"),
    path(
        "inspection-items/<int:pk>/", inspections.inspection_item_list, name="inspection_item_list"
    ),
    path("<str:book>/<str:version>/", views.version, name="version"),
    path("<str:book>/<str:version>/items/<str:code>/", views.item, name="item"),
]
