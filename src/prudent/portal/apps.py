from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "prudent.portal"
    label = "portal"
    verbose_name = "公开清单"
