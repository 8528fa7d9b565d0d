from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "prudent.accounts"
    label = "accounts"
    verbose_name = "人员与账户"
