from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "prudent.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self) -> None:
        from prudent.calendars.services import register_recomputer
        from prudent.cases.services import recompute_provisional

        register_recomputer(recompute_provisional)
