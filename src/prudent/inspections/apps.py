from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "prudent.inspections"
    label = "inspections"
    verbose_name = "双随机检查"

    def ready(self) -> None:
        from prudent.calendars.services import register_recomputer
        from prudent.inspections.results import recompute_provisional

        register_recomputer(recompute_provisional)
