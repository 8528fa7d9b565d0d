from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "prudent.documents"
    label = "documents"
    verbose_name = "案件文书"

    def ready(self) -> None:
        from prudent.documents import panels  # noqa: F401 - registers the case-page panel
