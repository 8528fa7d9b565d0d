from django.db import models

from prudent.core.roles import ROLE_LABELS, Role

RoleChoices = models.TextChoices(  # type: ignore[misc]
    "RoleChoices", [(r.name, (r.value, ROLE_LABELS[r])) for r in Role]
)
