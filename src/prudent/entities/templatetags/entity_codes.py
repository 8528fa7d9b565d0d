"""`{% entity_code entity %}`: an entity's code as the viewer may see it (CONVENTIONS §6.2).

Staff pages across the apps (cases, credit, inspections, visits, joint inspections) show the
parties they deal with; a natural person's citizen ID appears there masked, like in the directory
(`entities.selectors.entity_code_for`), with a link to the audited page that shows it in full.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from prudent.entities.choices import EntityKind
from prudent.entities.selectors import entity_code_for

register = template.Library()


@register.simple_tag(takes_context=True)
def entity_code(context: Any, entity: Any) -> SafeString | str:
    if entity is None:
        return ""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = entity_code_for(user=user, entity=entity)
    if entity.kind != EntityKind.NATURAL_PERSON or shown == entity.code:
        return format_html("<code>{}</code>", shown)
    url = reverse("entities:identity", args=[entity.pk])
    return format_html(
        '<code>{}</code> <a href="{}" class="muted" title="查看将记入审计日志">查看完整号码</a>',
        shown,
        url,
    )
