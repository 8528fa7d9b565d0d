from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "prudent.inspections"
    label = "inspections"
    verbose_name = "双随机检查"
