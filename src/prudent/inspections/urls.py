from django.urls import path

from prudent.inspections import task_views, views

app_name = "inspections"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("entities/<int:pk>/", views.entity, name="entity"),
    path("entities/<int:pk>/class/", views.set_class, name="set_class"),
    path("entities/<int:pk>/memberships/", views.add_membership, name="add_membership"),
    path("memberships/<int:pk>/end/", views.end_membership, name="end_membership"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("conflicts/declare/", views.declare_conflict, name="declare_conflict"),
    path("conflicts/<int:pk>/withdraw/", views.withdraw_conflict, name="withdraw_conflict"),
    path("items/", views.item_lists, name="item_lists"),
    path("items/new/", views.new_version, name="new_version"),
    path("items/<int:pk>/", views.item_list, name="item_list"),
    path("items/<int:pk>/add/", views.add_item, name="add_item"),
    path("items/<int:pk>/publish/", views.publish, name="publish"),
    path("items/item/<int:pk>/remove/", views.remove_item, name="remove_item"),
    path("export/population.csv", views.export_population, name="export_population"),
    path("export/inspectors.csv", views.export_inspectors, name="export_inspectors"),
    # inspection tasks (parts 5 and 7)
    path("tasks/", task_views.tasks, name="tasks"),
    path("tasks/new/", task_views.task_new, name="task_new"),
    path("tasks/<int:pk>/", task_views.task, name="task"),
    path("tasks/<int:pk>/cancel/", task_views.task_cancel, name="task_cancel"),
    path("tasks/<int:pk>/result/", task_views.task_result, name="task_result"),
    path("tasks/<int:pk>/publish/", task_views.task_publish, name="task_publish"),
    path("tasks/<int:pk>/reinspect/", task_views.task_reinspect, name="task_reinspect"),
    path("coverage/", task_views.coverage, name="coverage"),
    path("overdue/", task_views.overdue, name="overdue"),
    path("mine/", task_views.mine, name="mine"),
]
