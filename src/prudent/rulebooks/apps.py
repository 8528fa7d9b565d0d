from django.apps import AppConfig


class RulebooksConfig(AppConfig):
    name = "prudent.rulebooks"
    label = "rulebooks"
    verbose_name = "清单与裁量基准"
