from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "prudent.publication"
    label = "publication"
    verbose_name = "行政处罚决定公开"

    def ready(self) -> None:
        from prudent.publication import panels  # noqa: F401 - registers the case-page panel
