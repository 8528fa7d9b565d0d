from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "prudent.entities"
    label = "entities"
    verbose_name = "市场主体"
