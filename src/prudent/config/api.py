"""The JSON API (Django Ninja): `/api/v1/…`, schema at `/api/openapi.json`, docs at `/api/docs`.

Each app contributes a router from its `api.py`; service errors become 4xx answers with the same
Chinese messages the UI shows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from prudent.core.errors import ServiceError

api = NinjaAPI(
    title="Prudent 包容审慎监管执法平台 API",
    version="1",
    description="所有写操作都在一个事务中完成并写入审计链。错误以中文说明并指明字段。",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    openapi_url="/openapi.json",
)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


def _register_routers() -> None:
    from prudent.core.api import router as core_router

    api.add_router("/v1/", core_router)
    from prudent.entities.api import router as entities_router

    api.add_router("/v1/entities", entities_router)
    from prudent.certificates.api import router as certificates_router

    api.add_router("/v1/certificates", certificates_router)
    from prudent.calendars.api import router as calendars_router

    api.add_router("/v1/", calendars_router)
    from prudent.discretion.api import router as discretion_router

    api.add_router("/v1/decisions", discretion_router)
    from prudent.cases.api import router as cases_router

    api.add_router("/v1/cases", cases_router)
    from prudent.execution.api import router as execution_router

    api.add_router("/v1/", execution_router)
    from prudent.documents.api import router as documents_router

    api.add_router("/v1/", documents_router)
    from prudent.evidence.api import router as evidence_router

    api.add_router("/v1/cases", evidence_router)
    from prudent.followups.api import enterprise_router, staff_router

    api.add_router("/v1/enterprise", enterprise_router)
    api.add_router("/v1/", staff_router)

    from prudent.rulebooks.api import public_router as rulebooks_public_router
    from prudent.rulebooks.api import router as rulebooks_router

    api.add_router("/v1/rulebooks", rulebooks_router)
    api.add_router("/v1/public", rulebooks_public_router)
    from prudent.inspections.api import router as inspections_router

    api.add_router("/v1/inspections", inspections_router)
    from prudent.credit.api import router as credit_router

    api.add_router("/v1/credit", credit_router)
    from prudent.visits.api import router as visits_router

    api.add_router("/v1/visits", visits_router)
    from prudent.draws.api import router as draws_router

    api.add_router("/v1/draws", draws_router)

    from prudent.joint.api import router as joint_router

    api.add_router("/v1/joint", joint_router)


_register_routers()
