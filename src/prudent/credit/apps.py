from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "prudent.credit"
    label = "credit"
    verbose_name = "信用记录与信用修复"
