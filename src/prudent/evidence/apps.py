from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "prudent.evidence"
    label = "evidence"
    verbose_name = "证据"

    def ready(self) -> None:
        from prudent.evidence import panels  # noqa: F401 - registers the case-page panel
