from django.urls import path

from prudent.draws import views

app_name = "draws"
urlpatterns = [
    path("", views.draw_list, name="list"),
    path("new/", views.draw_new, name="new"),
    path("<int:pk>/", views.draw_detail, name="detail"),
    path("<int:pk>/commit/", views.draw_commit, name="commit"),
    path("<int:pk>/seed/", views.draw_seed, name="seed"),
    path("<int:pk>/redo/", views.draw_redo, name="redo"),
]
