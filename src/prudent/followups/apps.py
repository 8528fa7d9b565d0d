from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "prudent.followups"
    label = "followups"
    verbose_name = "柔性执法、回访与企业端"

    def ready(self) -> None:
        from prudent.followups import panels  # noqa: F401 - registers the case-page panel
