from django.apps import AppConfig


class DiscretionConfig(AppConfig):
    name = "prudent.discretion"
    label = "discretion"
    verbose_name = "裁量辅助"
