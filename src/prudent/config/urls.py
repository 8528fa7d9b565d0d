from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from prudent.config.api import api

admin.site.site_header = "Prudent 包容审慎监管执法平台 · 系统管理"
admin.site.site_title = "Prudent 系统管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    # The API first: its requests (POST /api/v1/decisions above all) are resolved without trying
    # the 25 includes below first (issue #3, Performance). No other pattern matches a path under
    # api/ (prudent/config/tests/test_urls.py), so the order changes no resolution.
    path("api/", api.urls),
    path("", include("prudent.core.urls")),
    path("accounts/", include("prudent.accounts.urls")),
    path("organisations/", include("prudent.organisations.urls")),
    path("entities/", include("prudent.entities.urls")),
    path("certificates/", include("prudent.certificates.urls")),
    path("calendar/", include("prudent.calendars.urls")),
    path("rulebooks/tables/", include("prudent.rulebooks.urls_tables")),
    path("rulebooks/", include("prudent.rulebooks.urls")),
    path("public/joint-plans/", include("prudent.joint.urls_public")),
    path("public/draws/", include("prudent.draws.urls_public")),
    path("public/inspection-results/", include("prudent.inspections.public_urls")),
    path("public/", include("prudent.portal.urls")),
    path("discretion/", include("prudent.discretion.urls")),
    path("cases/", include("prudent.cases.urls")),
    path("execution/", include("prudent.execution.urls")),
    path("documents/", include("prudent.documents.urls")),
    path("publication/", include("prudent.publication.urls")),
    path("evidence/", include("prudent.evidence.urls")),
    path("followups/", include("prudent.followups.urls")),
    path("inspections/", include("prudent.inspections.urls")),
    path("credit/", include("prudent.credit.urls")),
    path("draws/", include("prudent.draws.urls")),
    path("joint/", include("prudent.joint.urls")),
    path("enterprise/", include("prudent.followups.urls_enterprise")),
    path("visits/", include("prudent.visits.urls")),
    path("v/", include("prudent.visits.urls_public")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
