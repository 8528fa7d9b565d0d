from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "prudent.certificates"
    label = "certificates"
    verbose_name = "执法证"
