from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "prudent.organisations"
    label = "organisations"
    verbose_name = "机构"
