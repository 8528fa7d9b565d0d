from django.apps import AppConfig


class ExecutionConfig(AppConfig):
    name = "prudent.execution"
    label = "execution"
    verbose_name = "执行与决定的纠正"

    def ready(self) -> None:
        from prudent.execution import panels  # noqa: F401  (registers the case-page panel)
