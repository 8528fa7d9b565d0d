from django.urls import path

from prudent.rulebooks import views

app_name = "rulebooks"
urlpatterns = [
    path("", views.book_list, name="list"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/new-draft/", views.new_draft, name="new_draft"),
    path("versions/<int:pk>/submit-filing/", views.submit_filing, name="submit_filing"),
    path("versions/<int:pk>/file/", views.file, name="file"),
    path("versions/<int:pk>/return/", views.return_, name="return"),
    path("filing/", views.filing_queue, name="filing_queue"),
    path("flags/", views.flag_list, name="flags"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
]
