from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "prudent.visits"
    label = "visits"
    verbose_name = "公务入企登记"
