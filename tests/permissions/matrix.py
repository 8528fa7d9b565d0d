"""The permission matrix: every URL and API route, for every demo role, allowed or denied (R-SUP-8,
issue #2 part 4). A route added to the project and missing here fails
`test_every_route_is_in_the_matrix`; later issues append their routes to `ROUTES`.

`allowed` names the roles that get the page (HTTP 200, or the listed `ok` status); every other
role is denied: anonymous users are sent to the login page (302) or get 401 from the API, signed-in
roles get 403 (or 404 where the object is outside their scope and its existence is not revealed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = (
    "anonymous",
    "officer",
    "legal_reviewer",
    "head",
    "list_author",
    "supervisor",
    "enterprise",
    "admin",
)
STAFF = frozenset({"officer", "legal_reviewer", "head", "list_author", "supervisor", "admin"})
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
EVERYONE = frozenset(ROLES)


@dataclass(frozen=True)
class Route:
    #: URL name as in `reverse()`, or for the API the path template with `{}` placeholders.
    name: str
    allowed: frozenset[str]
    #: Builds the concrete path from the demo data; defaults to `reverse(name)`.
    path: Callable[[], str] | None = None
    method: str = "GET"
    data: dict[str, object] = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    denied: tuple[int, ...] = (302, 401, 403, 404)
    api: bool = False
    #: For uploads: builds the files to send as multipart with `data` (e.g. a small file).
    files: Callable[[], dict[str, object]] | None = None


def _reverse(name: str) -> Callable[[], str]:
    def build() -> str:
        from django.urls import reverse

        return reverse(name)

    return build


#: The demo entity that the demo enterprise user belongs to.
OWN_ENTITY = "92430421MA4L0C2D58"
PERSON = "430421198503120021"  # 李某某, the demo's natural person


def _entity_path(code: str) -> str:
    from prudent.entities.models import Entity

    return f"/entities/{Entity.objects.get(code=code).pk}/"


ROUTES: list[Route] = [
    Route("core:home", SIGNED_IN),
    Route("core:audit_head", EVERYONE),
    Route("core:healthz", EVERYONE),
    Route("accounts:login", EVERYONE),
    Route("accounts:logout", SIGNED_IN, method="POST", ok=(302,), denied=(302,)),
    Route("accounts:people", STAFF),
    Route("organisations:list", STAFF),
    Route("entities:list", STAFF),
    Route("entities:list", STAFF, data={"q": "衡阳", "kind": "enterprise", "page": "1"}),
    Route("entities:detail", STAFF | {"enterprise"}, path=lambda: _entity_path(OWN_ENTITY)),
    Route("entities:identity", STAFF, path=lambda: _entity_path(PERSON) + "identity/"),
    Route(  # no purpose: 422, nothing shown, nothing audited
        "entities:identity",
        STAFF,
        path=lambda: _entity_path(PERSON) + "identity/",
        method="POST",
        ok=(422,),
    ),
    Route("entities:mine", frozenset({"enterprise"})),
    Route("entities:import", frozenset({"head", "admin"})),
    Route("entities:import", frozenset({"head", "admin"}), method="POST", ok=(422,)),
    Route("/api/v1/entities", STAFF, path=lambda: "/api/v1/entities", api=True),
    Route(
        "/api/v1/entities",
        frozenset({"head", "admin"}),
        path=lambda: "/api/v1/entities",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/entities/{code}",
        STAFF | {"enterprise"},
        path=lambda: f"/api/v1/entities/{OWN_ENTITY}",
        api=True,
    ),
    Route("certificates:register", STAFF),
    Route("certificates:issue", frozenset({"head", "admin"})),
    Route("certificates:issue", frozenset({"head", "admin"}), method="POST"),
    Route("/api/v1/certificates", STAFF, path=lambda: "/api/v1/certificates", api=True),
    Route(
        "/api/v1/certificates",
        frozenset({"head", "admin"}),
        path=lambda: "/api/v1/certificates",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/certificates/check",
        STAFF,
        path=lambda: "/api/v1/certificates/check",
        data={"officer": "officer", "field": "market_regulation"},
        api=True,
    ),
    Route("calendars:list", STAFF),
    Route("calendars:list", STAFF, data={"start": "2026-12-30", "working_days": "5"}),
    Route("calendars:load", frozenset({"admin"})),
    Route("calendars:load", frozenset({"admin"}), method="POST"),
    Route(
        "/api/v1/calendar/deadline",
        SIGNED_IN,
        path=lambda: "/api/v1/calendar/deadline",
        data={"start": "2024-09-30", "working_days": "1"},
        api=True,
    ),
    Route("discretion:search", STAFF),
    Route("discretion:search", STAFF, data={"q": "纳税申报"}),
    Route("discretion:item", STAFF, path=lambda: "/discretion/items/CN-TAX-FWBF-03/"),
    Route(
        "discretion:item",
        STAFF,
        path=lambda: "/discretion/items/CN-TAX-FWBF-03/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "/api/v1/decisions",
        STAFF,
        path=lambda: "/api/v1/decisions",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/decisions/items",
        STAFF,
        path=lambda: "/api/v1/decisions/items",
        data={"q": "纳税申报"},
        api=True,
    ),
    Route("api:openapi-json", EVERYONE),
    Route("api:openapi-view", EVERYONE),
    Route("/api/v1/me", SIGNED_IN, path=lambda: "/api/v1/me", api=True),
    Route("/api/v1/audit/head", EVERYONE, path=lambda: "/api/v1/audit/head", api=True),
]


def _rulebook_version(status: str = "published", book: str = "hengyang-samr") -> str:
    from prudent.rulebooks.models import StoredVersion

    v = StoredVersion.objects.filter(rulebook__book_id=book, status=status).order_by("pk").last()
    assert v is not None, (book, status)
    return str(v.pk)


def _rulebook_submitted() -> str:
    """Submits the demo county version for filing (each matrix case runs in its own transaction)."""
    from prudent.rulebooks.models import StoredVersion

    v = StoredVersion.objects.get(pk=_rulebook_version())
    StoredVersion.objects.filter(pk=v.pk).update(filing_status="submitted")
    return str(v.pk)


def _rulebook_unpublishable_draft() -> str:
    """The demo draft made to start before the published version, so publishing is refused (422)."""
    from prudent.rulebooks.models import StoredVersion
    from prudent.rulebooks.sources import set_version_fields

    v = StoredVersion.objects.get(pk=_rulebook_version("draft"))
    v.source = set_version_fields(v.source, v.version, {"effective_from": '"2025-01-01"'})
    v.save(update_fields=["source"])
    return str(v.pk)


RULEBOOK_MANAGERS = frozenset({"head", "list_author", "admin"})
ROUTES += [
    Route("rulebooks:list", STAFF),
    Route("rulebooks:version", STAFF, path=lambda: f"/rulebooks/versions/{_rulebook_version()}/"),
    Route(
        "rulebooks:version",
        frozenset({"officer", "legal_reviewer", "head", "list_author", "supervisor", "admin"}),
        path=lambda: f"/rulebooks/versions/{_rulebook_version('draft')}/",
    ),
    Route(
        "rulebooks:publish",
        RULEBOOK_MANAGERS,
        path=lambda: f"/rulebooks/versions/{_rulebook_unpublishable_draft()}/publish/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebooks:new_draft",
        RULEBOOK_MANAGERS,
        path=lambda: f"/rulebooks/versions/{_rulebook_version()}/new-draft/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebooks:submit_filing",
        RULEBOOK_MANAGERS,
        path=lambda: f"/rulebooks/versions/{_rulebook_version()}/submit-filing/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebooks:file",
        frozenset({"supervisor", "admin"}),
        path=lambda: f"/rulebooks/versions/{_rulebook_version()}/file/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebooks:return",
        frozenset({"supervisor", "admin"}),
        path=lambda: f"/rulebooks/versions/{_rulebook_submitted()}/return/",
        method="POST",
        ok=(422,),
    ),
    Route("rulebooks:filing_queue", frozenset({"supervisor", "admin"})),
    Route("rulebooks:flags", STAFF),
    Route(
        "rulebooks:flags",
        frozenset({"head", "list_author", "supervisor", "admin"}),
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebooks:flag_resolve",
        RULEBOOK_MANAGERS,
        path=lambda: "/rulebooks/flags/999999/resolve/",
        method="POST",
        ok=(404,),
        denied=(302, 403),
    ),
    Route("portal:index", EVERYONE),
    Route("portal:index", EVERYONE, data={"q": "保质期"}),
    Route("portal:version", EVERYONE, path=lambda: "/public/hengyang-samr/2025-03-01/"),
    Route(
        "portal:item",
        EVERYONE,
        path=lambda: "/public/hengyang-samr/2025-03-01/items/HY-FSL-124-1-05/",
    ),
    Route("/api/v1/rulebooks", STAFF, path=lambda: "/api/v1/rulebooks", api=True),
    Route(
        "/api/v1/rulebooks/{book}/versions/{version}",
        STAFF,
        path=lambda: "/api/v1/rulebooks/hengyang-samr/versions/2025-03-01",
        api=True,
    ),
    Route(
        "/api/v1/public/items",
        EVERYONE,
        path=lambda: "/api/v1/public/items",
        data={"q": "保质期"},
        api=True,
    ),
]


def _table_version(status: str = "published") -> str:
    """A stored hengyang-samr version (published, or the demo draft) for the list-table routes."""
    from prudent.rulebooks.models import StoredVersion

    v = (
        StoredVersion.objects.filter(rulebook__book_id="hengyang-samr", status=status)
        .order_by("pk")
        .last()
    )
    assert v is not None, status
    return str(v.pk)


TABLE_EDITORS = frozenset({"head", "list_author", "admin"})
ROUTES += [  # list tables (R-LIST-3, R-LIST-9)
    Route(
        "rulebook_tables:view",
        STAFF,
        path=lambda: f"/rulebooks/tables/versions/{_table_version()}/",
    ),
    Route(
        "rulebook_tables:view",
        STAFF,
        path=lambda: f"/rulebooks/tables/versions/{_table_version('draft')}/",
    ),
    Route(
        "rulebook_tables:download",
        STAFF,
        path=lambda: f"/rulebooks/tables/versions/{_table_version()}/export.xlsx",
    ),
    Route(
        "rulebook_tables:download",
        TABLE_EDITORS,
        path=lambda: f"/rulebooks/tables/versions/{_table_version('draft')}/export.docx",
    ),
    Route(
        "rulebook_tables:edit",
        TABLE_EDITORS,
        path=lambda: f"/rulebooks/tables/versions/{_table_version('draft')}/edit/",
    ),
    Route(
        "rulebook_tables:edit",
        TABLE_EDITORS,
        path=lambda: f"/rulebooks/tables/versions/{_table_version('draft')}/edit/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "rulebook_tables:import",
        TABLE_EDITORS,
        path=lambda: f"/rulebooks/tables/versions/{_table_version('draft')}/import/",
        method="POST",
        ok=(422,),
    ),
]

#: URL names not walked by the matrix, with the reason.
EXEMPT_PREFIXES = {
    "admin:": "Django admin: staff-only by Django itself; covered by test_admin_is_admin_only",
}


def _demo_case(fragment: str) -> str:
    """A demo case of 衡阳县市场监督管理局 (prudent.cases.demo) by a fragment of its title."""
    from prudent.cases.models import Case

    case = Case.objects.filter(title__startswith="（演示）", title__contains=fragment).first()
    assert case is not None, fragment
    return str(case.pk)


#: The demo enterprise's own case (its entity is the party) and a lead of another party.
OWN_CASE = "货值200元"
OTHER_CASE = "群众举报"
CASE_HANDLERS = frozenset({"officer", "legal_reviewer", "head"})
CASE_CREATORS = frozenset({"officer", "head"})
ROUTES += [  # cases (issue #4; R-CASE-1…13)
    Route("cases:workbench", CASE_HANDLERS | {"admin"}),
    Route("cases:list", STAFF | {"enterprise"}),
    Route("cases:list", STAFF | {"enterprise"}, data={"q": "保质期", "state": "lead", "mine": "1"}),
    Route("cases:create", CASE_CREATORS),
    Route("cases:create", CASE_CREATORS, method="POST", ok=(422,)),
    Route("cases:detail", STAFF | {"enterprise"}, path=lambda: f"/cases/{_demo_case(OWN_CASE)}/"),
    Route("cases:detail", STAFF, path=lambda: f"/cases/{_demo_case(OTHER_CASE)}/"),
    Route(
        "cases:step",
        CASE_HANDLERS,
        path=lambda: f"/cases/{_demo_case(OTHER_CASE)}/step/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "cases:propose",
        CASE_HANDLERS,
        path=lambda: f"/cases/{_demo_case(OTHER_CASE)}/propose/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "cases:facts",
        CASE_HANDLERS,
        path=lambda: f"/cases/{_demo_case(OTHER_CASE)}/facts/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "cases:assign",
        CASE_HANDLERS,
        path=lambda: f"/cases/{_demo_case(OTHER_CASE)}/officers/",
        method="POST",
        ok=(422,),
    ),
    Route("/api/v1/cases", STAFF | {"enterprise"}, path=lambda: "/api/v1/cases", api=True),
    Route(
        "/api/v1/cases",
        CASE_CREATORS,
        path=lambda: "/api/v1/cases",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}",
        STAFF | {"enterprise"},
        path=lambda: f"/api/v1/cases/{_demo_case(OWN_CASE)}",
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}/transitions",
        CASE_HANDLERS,
        path=lambda: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/transitions",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}/proposal",
        CASE_HANDLERS,
        path=lambda: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/proposal",
        method="POST",
        ok=(422,),
        api=True,
    ),
]

ENTERPRISE = frozenset({"enterprise"})
ROUTES += [  # follow-ups and the enterprise side (issue #4 parts 3, 5, 10; R-PUB-4)
    Route("enterprise:cases", ENTERPRISE),
    Route("enterprise:case", ENTERPRISE, path=lambda: f"/enterprise/cases/{_demo_case(OWN_CASE)}/"),
    # another party's case: hidden from the enterprise too (404)
    Route(
        "enterprise:case", frozenset(), path=lambda: f"/enterprise/cases/{_demo_case(OTHER_CASE)}/"
    ),
    *[
        Route(
            f"enterprise:{name}",
            ENTERPRISE,
            path=lambda suffix=suffix: f"/enterprise/cases/{_demo_case(OWN_CASE)}/{suffix}/",
            method="POST",
            ok=(422,),
        )
        for name, suffix in (
            ("choice", "choice"),
            ("commitment", "commitment"),
            ("statement", "statements"),
            ("rating", "return-visit-rating"),
        )
    ],
    *[
        Route(
            f"followups:{name}",
            CASE_HANDLERS,
            path=lambda suffix=suffix: f"/followups/cases/{_demo_case(OTHER_CASE)}/{suffix}/",
            method="POST",
            ok=(422,),
        )
        for name, suffix in (
            ("offer", "offer"),
            ("choice", "choice"),
            ("paper", "commitment"),
            ("visit", "return-visit"),
            ("education", "education"),
        )
    ],
    # no demo commitment has a scan: every role is refused (its scope is tested in followups)
    Route("followups:scan", frozenset(), path=lambda: "/followups/commitments/999999/scan/"),
    Route(
        "/api/v1/enterprise/cases", ENTERPRISE, path=lambda: "/api/v1/enterprise/cases", api=True
    ),
    *[
        Route(
            f"/api/v1/enterprise/cases/{{case_id}}/{suffix}",
            ENTERPRISE,
            path=lambda suffix=suffix: f"/api/v1/enterprise/cases/{_demo_case(OWN_CASE)}/{suffix}",
            method="POST",
            ok=(422,),
            api=True,
        )
        for suffix in ("commitment", "statements", "return-visit-rating")
    ],
    *[
        Route(
            f"/api/v1/cases/{{case_id}}/{suffix}",
            CASE_HANDLERS,
            path=lambda suffix=suffix: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/{suffix}",
            method="POST",
            ok=(422,),
            api=True,
        )
        for suffix in ("return-visits", "education")
    ],
]


def _demo_document(kind: str, fragment: str) -> str:
    """A demo document (prudent.documents.demo) of `kind` in the demo case matching `fragment`."""
    from prudent.documents.models import CaseDocument

    doc = CaseDocument.objects.filter(
        kind=kind, case__title__startswith="（演示）", case__title__contains=fragment
    ).first()
    assert doc is not None, (kind, fragment)
    return str(doc.pk)


#: The demo documents: a 行政提示书 served on the demo enterprise in its own case, and the
#: unserved 行政处罚决定书 of another party's decided case.
SERVED_DOCUMENT = ("reminder", OWN_CASE)
UNSERVED_DOCUMENT = ("penalty_decision", "货值5000元")
ROUTES += [  # case documents (issue #4 part 6; R-CASE-8). PDF routes: one dedicated test.
    Route(
        "documents:generate",
        CASE_HANDLERS,
        path=lambda: f"/documents/cases/{_demo_case(OTHER_CASE)}/generate/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "documents:serve",
        CASE_HANDLERS,
        path=lambda: f"/documents/{_demo_document(*UNSERVED_DOCUMENT)}/serve/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "documents:download",
        STAFF | {"enterprise"},
        path=lambda: f"/documents/{_demo_document(*SERVED_DOCUMENT)}/download/?format=docx",
    ),
    Route(
        "documents:download",
        STAFF,
        path=lambda: f"/documents/{_demo_document(*UNSERVED_DOCUMENT)}/download/?format=docx",
    ),
    Route(
        "/api/v1/cases/{case_id}/documents",
        STAFF | {"enterprise"},
        path=lambda: f"/api/v1/cases/{_demo_case(OWN_CASE)}/documents",
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}/documents",
        CASE_HANDLERS,
        path=lambda: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/documents",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/documents/{document_id}/download",
        STAFF | {"enterprise"},
        path=lambda: f"/api/v1/documents/{_demo_document(*SERVED_DOCUMENT)}/download?format=docx",
        api=True,
    ),
    Route(
        "/api/v1/documents/{document_id}/download",
        STAFF,
        path=lambda: f"/api/v1/documents/{_demo_document(*UNSERVED_DOCUMENT)}/download?format=docx",
        api=True,
    ),
]


def _demo_publication() -> str:
    """The demo publication of the decided case (prudent.publication.demo)."""
    from prudent.publication.models import Publication

    pub = Publication.objects.filter(case__title__contains="货值5000元").first()
    assert pub is not None
    return str(pub.pk)


PUBLICATION_HEADS = frozenset({"head", "admin"})
ROUTES += [  # publication (issue #4 part 9; R-CASE-12, R-PUB-2)
    Route("portal:decisions", EVERYONE),
    Route("portal:decisions", EVERYONE, data={"q": "衡阳县", "page": "1"}),
    Route("portal:decision", EVERYONE, path=lambda: f"/public/decisions/{_demo_publication()}/"),
    Route(
        "publication:publish",
        PUBLICATION_HEADS,
        path=lambda: f"/publication/cases/{_demo_case(OTHER_CASE)}/publish/",
        method="POST",
        ok=(409,),
    ),
    Route(
        "publication:withdraw",
        PUBLICATION_HEADS,
        path=lambda: f"/publication/{_demo_publication()}/withdraw/",
        method="POST",
        ok=(422,),
    ),
]


def _small_file(name: str, content: bytes) -> Callable[[], dict[str, object]]:
    def build() -> dict[str, object]:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {"file": SimpleUploadedFile(name, content)}

    return build


#: A 1×1 PNG header (accepted) and an ELF executable named .jpg (refused, 422).
SMALL_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + bytes(
    8
)
SMALL_ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(24)
EVIDENCE_VIEWERS = STAFF  # the enterprise sees no evidence, not even on its own case
ROUTES += [  # evidence (issue #4 part 2; R-CASE-7)
    Route(
        "evidence:case_file",
        EVIDENCE_VIEWERS,
        path=lambda: f"/evidence/case/{_demo_case(OTHER_CASE)}/",
    ),
    Route(
        "evidence:case_file",
        EVIDENCE_VIEWERS,
        path=lambda: f"/evidence/case/{_demo_case(OWN_CASE)}/",
    ),
    Route(
        "evidence:upload",
        CASE_CREATORS,
        path=lambda: f"/evidence/case/{_demo_case(OTHER_CASE)}/upload/",
    ),
    Route(
        "evidence:upload",
        CASE_CREATORS,
        path=lambda: f"/evidence/case/{_demo_case(OTHER_CASE)}/upload/",
        method="POST",
        data={"title": "现场照片"},
        files=_small_file("photo.jpg", SMALL_ELF),
        ok=(422,),
    ),
    # no demo evidence exists: every role is refused (download scope is tested in the app)
    Route("evidence:download", frozenset(), path=lambda: "/evidence/999999/download/"),
    Route(
        "/api/v1/cases/{case_id}/evidence",
        EVIDENCE_VIEWERS,
        path=lambda: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/evidence",
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}/evidence",
        CASE_CREATORS,
        path=lambda: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/evidence",
        method="POST",
        data={"title": "现场照片"},
        files=_small_file("photo.pdf", SMALL_PNG),
        ok=(201,),
        api=True,
    ),
]


def _demo_execution(model: str) -> str:
    """The demo instalment application or confiscated item (prudent.execution.demo)."""
    from prudent.execution.models import ConfiscatedItem, PaymentArrangement

    row = (
        PaymentArrangement.objects.filter(reason__startswith="（演示）")
        if model == "arrangement"
        else ConfiscatedItem.objects.filter(description__startswith="（演示）")
    ).first()
    assert row is not None, model
    return str(row.pk)


EXECUTION_RECORDERS = frozenset({"officer", "head"})
DECIDED_CASE = "货值5000元"
ROUTES += [  # execution and corrections (issue #4 parts 7, 8; R-CASE-9, R-CASE-10, R-CASE-11)
    Route("execution:confiscated", STAFF | {"enterprise"}),
    Route("execution:confiscated", STAFF | {"enterprise"}, data={"disposed": "no"}),
    Route(
        "execution:confiscated_dispose",
        EXECUTION_RECORDERS,
        path=lambda: f"/execution/confiscated/{_demo_execution('item')}/dispose/",
        method="POST",
        ok=(422,),
    ),
    *[
        Route(
            f"execution:{name}",
            frozenset({"head"}) if name == "correction" else EXECUTION_RECORDERS,
            path=lambda suffix=suffix: f"/execution/cases/{_demo_case(OTHER_CASE)}/{suffix}/",
            method="POST",
            ok=(422,),
        )
        for name, suffix in (
            ("payment", "payments"),
            ("arrangement_apply", "arrangements"),
            ("settlement", "settlements"),
            ("review_period", "review-periods"),
            ("confiscated_add", "confiscated"),
            ("correction", "corrections"),
            ("offset_apply", "community-offsets"),
        )
    ],
    # no demo 公益抵罚 row: every role is refused (the flow is tested in the execution app)
    Route(
        "execution:offset_approve",
        frozenset(),
        path=lambda: "/execution/community-offsets/999999/approve/",
        method="POST",
    ),
    Route(
        "execution:offset_complete",
        frozenset(),
        path=lambda: "/execution/community-offsets/999999/complete/",
        method="POST",
    ),
    Route(
        "execution:arrangement_decide",
        frozenset({"head"}),
        path=lambda: f"/execution/arrangements/{_demo_execution('arrangement')}/decide/",
        method="POST",
        ok=(422,),
    ),
    # no demo payment has a scan: every role is refused (scope is tested in the execution app)
    Route("execution:receipt", frozenset(), path=lambda: "/execution/receipts/999999/"),
    Route(
        "/api/v1/cases/{case_id}/execution",
        STAFF | {"enterprise"},
        path=lambda: f"/api/v1/cases/{_demo_case(OWN_CASE)}/execution",
        api=True,
    ),
    Route(
        "/api/v1/cases/{case_id}/execution",
        STAFF,
        path=lambda: f"/api/v1/cases/{_demo_case(DECIDED_CASE)}/execution",
        api=True,
    ),
    *[
        Route(
            f"/api/v1/cases/{{case_id}}/{suffix}",
            frozenset({"head"}) if suffix == "corrections" else EXECUTION_RECORDERS,
            path=lambda suffix=suffix: f"/api/v1/cases/{_demo_case(OTHER_CASE)}/{suffix}",
            method="POST",
            ok=(422,),
            api=True,
        )
        for suffix in ("payments", "arrangements", "corrections")
    ],
    Route(
        "/api/v1/cases/{case_id}/arrangements/{arrangement_id}/decision",
        frozenset({"head"}),
        path=lambda: (
            f"/api/v1/cases/{_demo_case(DECIDED_CASE)}/arrangements/"
            f"{_demo_execution('arrangement')}/decision"
        ),
        method="POST",
        ok=(422,),
        api=True,
    ),
]


def _demo_credit(own: bool) -> str:
    """The demo credit records (prudent.credit.demo): the enterprise's own (another source) or
    the decided case's party's."""
    from prudent.credit.models import CreditRecord

    qs = CreditRecord.objects.filter(entity__code=OWN_ENTITY)
    row = (qs if own else CreditRecord.objects.exclude(entity__code=OWN_ENTITY)).first()
    assert row is not None, own
    return str(row.pk)


ROUTES += [  # credit (issue #5 part 8; R-CRED-1…5, R-PUB-4)
    Route("credit:records", STAFF),
    Route("credit:records", STAFF, data={"q": "衡阳县", "active": "1"}),
    Route("credit:record", STAFF, path=lambda: f"/credit/records/{_demo_credit(False)}/"),
    Route("credit:queues", STAFF),
    # no demo application or objection: every role is refused (scope is tested in the credit app)
    Route(
        "credit:repair_review",
        frozenset(),
        path=lambda: "/credit/repairs/999999/review/",
        method="POST",
    ),
    Route(
        "credit:objection_answer",
        frozenset(),
        path=lambda: "/credit/objections/999999/answer/",
        method="POST",
    ),
    Route("credit:mine", ENTERPRISE),
    Route("credit:mine_record", ENTERPRISE, path=lambda: f"/credit/mine/{_demo_credit(True)}/"),
    # another entity's record: hidden from the enterprise too (404)
    Route("credit:mine_record", frozenset(), path=lambda: f"/credit/mine/{_demo_credit(False)}/"),
    Route(
        "credit:repair_apply",
        ENTERPRISE,
        path=lambda: f"/credit/mine/{_demo_credit(True)}/repair/",
        method="POST",
        ok=(409,),
    ),
    Route(
        "credit:objection_submit",
        ENTERPRISE,
        path=lambda: f"/credit/mine/{_demo_credit(True)}/objection/",
        method="POST",
        ok=(422,),
    ),
]


# --- inspections: directories for 双随机 (issue #5 part 1; R-INSP-1/2/4/5, R-CRED-2) -------------
INSPECTION_MANAGERS = frozenset({"head", "admin"})
#: Roles that may declare a conflict of interest (their own; a head for its department).
CONFLICT_DECLARERS = frozenset({"officer", "legal_reviewer", "head", "admin"})


def _insp_entity(code: str = OWN_ENTITY) -> int:
    from prudent.entities.models import Entity

    return int(Entity.objects.get(code=code).pk)


def _insp(kind: str) -> int:
    from prudent.inspections.models import InspectionItemList, InspectorConflict, ListMembership

    if kind == "membership":
        return int(ListMembership.objects.filter(valid_to__isnull=True).order_by("pk").first().pk)  # type: ignore[union-attr]
    if kind == "conflict":  # officer2's, in the market department
        return int(InspectorConflict.objects.get(inspector__username="officer2").pk)
    lst = InspectionItemList.objects.filter(status="published").order_by("pk").first()
    assert lst is not None
    if kind == "list":
        return int(lst.pk)
    return int(lst.items.order_by("pk").first().pk)  # type: ignore[union-attr]


ROUTES += [
    Route("inspections:directory", STAFF),
    Route(
        "inspections:directory", STAFF, data={"class": "D", "list": "key_supervision", "q": "衡阳"}
    ),
    Route("inspections:entity", STAFF, path=lambda: f"/inspections/entities/{_insp_entity()}/"),
    *[
        Route(
            f"inspections:{name}",
            INSPECTION_MANAGERS,
            path=lambda suffix=suffix: f"/inspections/entities/{_insp_entity()}/{suffix}/",
            method="POST",
            ok=(422,),
        )
        for name, suffix in (("set_class", "class"), ("add_membership", "memberships"))
    ],
    Route(
        "inspections:end_membership",
        INSPECTION_MANAGERS,
        path=lambda: f"/inspections/memberships/{_insp('membership')}/end/",
        method="POST",
        ok=(422,),
    ),
    Route("inspections:inspectors", STAFF),
    Route("inspections:inspectors", STAFF, data={"department": "1"}),
    Route("inspections:declare_conflict", CONFLICT_DECLARERS, method="POST", ok=(422,)),
    Route(
        "inspections:withdraw_conflict",
        INSPECTION_MANAGERS,  # officer2's own, or its head, or admin
        path=lambda: f"/inspections/conflicts/{_insp('conflict')}/withdraw/",
        method="POST",
        ok=(422,),
    ),
    Route("inspections:item_lists", STAFF),
    Route("inspections:new_version", INSPECTION_MANAGERS, method="POST", ok=(422,)),
    Route("inspections:item_list", STAFF, path=lambda: f"/inspections/items/{_insp('list')}/"),
    Route(
        "inspections:add_item",
        INSPECTION_MANAGERS,
        path=lambda: f"/inspections/items/{_insp('list')}/add/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "inspections:publish",
        INSPECTION_MANAGERS,
        path=lambda: f"/inspections/items/{_insp('list')}/publish/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "inspections:remove_item",
        INSPECTION_MANAGERS,  # the list is published: refused with 409, nothing removed
        path=lambda: f"/inspections/items/item/{_insp('item')}/remove/",
        method="POST",
        ok=(409,),
    ),
    Route("inspections:export_population", INSPECTION_MANAGERS),
    Route("inspections:export_inspectors", INSPECTION_MANAGERS),
    Route("portal:inspection_items", EVERYONE),
    Route(
        "portal:inspection_item_list",
        EVERYONE,
        path=lambda: f"/public/inspection-items/{_insp('list')}/",
    ),
]


# --- joint inspections 综合查一次 (issue #5 part 4; R-INSP-3, CN 4) --------------------------------
JOINT_PLAN_EDITORS = frozenset({"head", "admin"})  # the demo lead department's head (市场监管)
#: Officers and heads of the demo joint inspection's departments (the demo officer and head are
#: 市场监管, a taking-part department and the lead).
JOINT_WRITERS = frozenset({"officer", "head"})
JOINT_SHARE = frozenset({"head", "supervisor", "admin"})


def _joint(kind: str) -> int:
    from prudent.joint.models import JointFinding, JointInspection, JointPlan, TestResult

    if kind in ("plan", "draft"):
        status = "published" if kind == "plan" else "draft"
        return int(JointPlan.objects.filter(status=status).order_by("pk").first().pk)  # type: ignore[union-attr]
    if kind == "task":
        plan = JointPlan.objects.filter(status="published").order_by("pk").first()
        return int(plan.tasks.order_by("number").first().pk)  # type: ignore[union-attr]
    if kind == "finding":  # the 市场监管 row of the demo joint check form
        return int(JointFinding.objects.filter(item__code="SCJG-03").order_by("pk").first().pk)  # type: ignore[union-attr]
    if kind == "result":
        return int(TestResult.objects.order_by("pk").first().pk)  # type: ignore[union-attr]
    return int(JointInspection.objects.order_by("pk").first().pk)  # type: ignore[union-attr]


ROUTES += [
    Route("joint:plans", STAFF),
    Route("joint:plan_create", JOINT_PLAN_EDITORS, method="POST", ok=(422,)),
    Route("joint:plan", STAFF, path=lambda: f"/joint/plans/{_joint('plan')}/"),
    Route(
        "joint:task_add",
        JOINT_PLAN_EDITORS,
        path=lambda: f"/joint/plans/{_joint('plan')}/tasks/add/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "joint:plan_publish",  # already published: refused, nothing changes
        JOINT_PLAN_EDITORS,
        path=lambda: f"/joint/plans/{_joint('plan')}/publish/",
        method="POST",
        ok=(409,),
    ),
    Route(
        "joint:plan_new_version",  # next year's demo plan is a draft: 409, edit the draft instead
        JOINT_PLAN_EDITORS,
        path=lambda: f"/joint/plans/{_joint('draft')}/new-version/",
        method="POST",
        ok=(409,),
    ),
    Route("joint:task", STAFF, path=lambda: f"/joint/tasks/{_joint('task')}/"),
    Route(
        "joint:task_remove",  # the plan is published: refused with 409
        JOINT_PLAN_EDITORS,
        path=lambda: f"/joint/tasks/{_joint('task')}/remove/",
        method="POST",
        ok=(409,),
    ),
    Route(
        "joint:open",
        JOINT_WRITERS,
        path=lambda: f"/joint/tasks/{_joint('task')}/open/",
        method="POST",
        ok=(422,),
    ),
    Route("joint:inspection", STAFF, path=lambda: f"/joint/inspections/{_joint('joint')}/"),
    Route("joint:form_print", STAFF, path=lambda: f"/joint/inspections/{_joint('joint')}/print/"),
    Route("joint:form_docx", STAFF, path=lambda: f"/joint/inspections/{_joint('joint')}/form.docx"),
    Route(
        "joint:result_add",
        JOINT_WRITERS,
        path=lambda: f"/joint/inspections/{_joint('joint')}/results/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "joint:finding",
        JOINT_WRITERS,
        path=lambda: f"/joint/findings/{_joint('finding')}/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "joint:result_file",  # the demo result has no file: staff reach the view and get 404
        STAFF,
        path=lambda: f"/joint/results/{_joint('result')}/file/",
        ok=(404,),
        denied=(302, 403),
    ),
    Route("joint:share", JOINT_SHARE),
    Route("joint:share", JOINT_SHARE, data={"year": "2026"}),
    Route("joint_public:plans", EVERYONE),
    Route("joint_public:plan", EVERYONE, path=lambda: f"/public/joint-plans/{_joint('plan')}/"),
    Route("/api/v1/joint/plans", STAFF, path=lambda: "/api/v1/joint/plans", api=True),
    Route(
        "/api/v1/joint/plans",
        JOINT_PLAN_EDITORS,
        path=lambda: "/api/v1/joint/plans",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/joint/plans/{pk}",
        STAFF,
        path=lambda: f"/api/v1/joint/plans/{_joint('plan')}",
        api=True,
    ),
    Route(
        "/api/v1/joint/plans/{pk}/tasks",
        JOINT_PLAN_EDITORS,
        path=lambda: f"/api/v1/joint/plans/{_joint('plan')}/tasks",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/joint/plans/{pk}/publish",
        JOINT_PLAN_EDITORS,
        path=lambda: f"/api/v1/joint/plans/{_joint('plan')}/publish",
        method="POST",
        ok=(409,),
        api=True,
    ),
    Route(
        "/api/v1/joint/tasks/{pk}/inspections",
        JOINT_WRITERS,
        path=lambda: f"/api/v1/joint/tasks/{_joint('task')}/inspections",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/joint/inspections/{pk}",
        STAFF,
        path=lambda: f"/api/v1/joint/inspections/{_joint('joint')}",
        api=True,
    ),
    Route(
        "/api/v1/joint/inspections/{pk}/results",
        JOINT_WRITERS,
        path=lambda: f"/api/v1/joint/inspections/{_joint('joint')}/results",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/joint/findings/{pk}",
        JOINT_WRITERS,
        path=lambda: f"/api/v1/joint/findings/{_joint('finding')}",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route("/api/v1/joint/share", JOINT_SHARE, path=lambda: "/api/v1/joint/share", api=True),
]


# --- draws: the double-random draw in the platform (issue #5 part 3; R-INSP-1, R-INSP-2) ---------
DRAW_HEADS = frozenset({"head", "admin"})


def _demo_draw() -> int:
    from prudent.draws.models import Draw

    return int(Draw.objects.get(task__endswith="演示1号").pk)


ROUTES += [
    Route("draws:list", STAFF),
    Route("draws:new", DRAW_HEADS),
    Route("draws:new", DRAW_HEADS, method="POST", ok=(422,)),
    Route("draws:detail", STAFF, path=lambda: f"/draws/{_demo_draw()}/"),
    Route(
        "draws:commit",
        DRAW_HEADS,  # the demo draw is drawn: refused (409), nothing changes
        path=lambda: f"/draws/{_demo_draw()}/commit/",
        method="POST",
        ok=(409,),
    ),
    *[
        Route(
            f"draws:{name}",
            DRAW_HEADS,  # empty form: 422, nothing stored
            path=lambda name=name: f"/draws/{_demo_draw()}/{name}/",
            method="POST",
            ok=(422,),
        )
        for name in ("seed", "redo")
    ],
    Route("public_draws:list", EVERYONE),
    Route("public_draws:detail", EVERYONE, path=lambda: f"/public/draws/{_demo_draw()}/"),
    *[
        Route(
            f"public_draws:{name}",
            EVERYONE,
            path=lambda name=name, ext=ext: f"/public/draws/{_demo_draw()}/{name}.{ext}",
        )
        for name, ext in (
            ("population", "csv"),
            ("inspectors", "csv"),
            ("commitment", "json"),
            ("result", "json"),
        )
    ],
    Route("/api/v1/draws", STAFF, path=lambda: "/api/v1/draws", api=True),
    Route(
        "/api/v1/draws",
        DRAW_HEADS,
        path=lambda: "/api/v1/draws",
        method="POST",
        ok=(422,),
        api=True,
    ),
    *[
        Route(
            f"/api/v1/draws/{{pk}}{suffix}",
            STAFF,
            path=lambda suffix=suffix: f"/api/v1/draws/{_demo_draw()}{suffix}",
            api=True,
        )
        for suffix in ("", "/commitment", "/result")
    ],
    *[
        Route(
            f"/api/v1/draws/{{pk}}/{name}",
            DRAW_HEADS,  # the demo draw is drawn: 409; an empty redo reason: 422
            path=lambda name=name: f"/api/v1/draws/{_demo_draw()}/{name}",
            method="POST",
            ok=ok,
            api=True,
        )
        for name, ok in (("commit", (409,)), ("seed", (409, 422)), ("redo", (422,)))
    ],
]


# --- 公务入企登记 (issue #5 part 6; R-INSP-6) ----------------------------------------------------
#: Department staff who register visits (admin names the department).
VISIT_REGISTRARS = frozenset({"officer", "legal_reviewer", "head", "admin"})
#: The alert list: heads, the judicial bureau, admin.
VISIT_ALERT_READERS = frozenset({"head", "supervisor", "admin"})
#: Anyone holding a visit code may answer it, except a signed-in account other than the
#: enterprise's own (officers may not answer for the enterprise).
VISIT_CODE_ANSWERERS = frozenset({"anonymous", "enterprise"})


def _visit(kind: str) -> int:
    """The demo visits to the enterprise's own entity (prudent.visits.demo): `done` was carried
    out by officer and officer2 and not yet confirmed; `pending` (officer and reviewer, registered
    by officer) waits for the head's approval."""
    from prudent.visits.models import EnterpriseVisit

    qs = EnterpriseVisit.objects.filter(entity__code=OWN_ENTITY)
    row = qs.filter(actual_start__isnull=False) if kind == "done" else qs.filter(status="pending")
    found = row.order_by("pk").first()
    assert found is not None, kind
    return int(found.pk)


def _visit_code() -> str:
    from prudent.visits.models import EnterpriseVisit

    return str(EnterpriseVisit.objects.get(pk=_visit("done")).code)


ROUTES += [
    Route("visits:list", STAFF),
    Route("visits:list", STAFF, data={"status": "approved"}),
    Route("visits:register", VISIT_REGISTRARS),
    Route("visits:register", VISIT_REGISTRARS, method="POST", ok=(422,)),
    Route("visits:alerts", VISIT_ALERT_READERS),
    Route("visits:alerts", VISIT_ALERT_READERS, data={"year": "2026"}),
    Route("visits:entity", STAFF, path=lambda: f"/visits/entities/{_insp_entity()}/"),
    Route("visits:detail", STAFF, path=lambda: f"/visits/{_visit('done')}/"),
    Route("visits:qr", STAFF | ENTERPRISE, path=lambda: f"/visits/{_visit('done')}/qr.svg"),
    Route(
        "visits:approve",
        frozenset({"head"}),
        path=lambda: f"/visits/{_visit('pending')}/approve/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "visits:record",
        frozenset({"officer", "head", "admin"}),  # officers of the visit, its head, admin
        path=lambda: f"/visits/{_visit('done')}/record/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "visits:cancel",
        VISIT_REGISTRARS,  # registrant officer, officer reviewer on the visit, head, admin
        path=lambda: f"/visits/{_visit('pending')}/cancel/",
        method="POST",
        ok=(422,),
    ),
    Route("visits:mine", ENTERPRISE),
    Route(
        "visits:mine_confirm",
        ENTERPRISE,
        path=lambda: f"/visits/mine/{_visit('done')}/confirm/",
        method="POST",
        ok=(422,),
    ),
    Route("visits_public:code", EVERYONE, path=lambda: f"/v/{_visit_code()}/"),
    Route(
        "visits_public:code",
        VISIT_CODE_ANSWERERS,
        path=lambda: f"/v/{_visit_code()}/",
        method="POST",
        ok=(422,),
        denied=(403,),
    ),
    Route("/api/v1/visits", STAFF | ENTERPRISE, path=lambda: "/api/v1/visits", api=True),
    Route(
        "/api/v1/visits",
        VISIT_REGISTRARS,
        path=lambda: "/api/v1/visits",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/visits/alerts",
        VISIT_ALERT_READERS,
        path=lambda: "/api/v1/visits/alerts",
        api=True,
    ),
    Route(
        "/api/v1/visits/{visit_id}/approval",
        frozenset({"head"}),
        path=lambda: f"/api/v1/visits/{_visit('pending')}/approval",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/visits/{visit_id}/confirmation",
        ENTERPRISE,
        path=lambda: f"/api/v1/visits/{_visit('done')}/confirmation",
        method="POST",
        ok=(422,),
        api=True,
    ),
]


# --- inspection tasks, results, coverage (issue #5 parts 5 and 7; R-INSP-1, R-INSP-4/5) -------
#: Department roles with a department: they register triggered / key-supervision inspections.
TASK_OPENERS = frozenset({"officer", "legal_reviewer", "head", "list_author"})
#: The demo's published task (惠民食品店, the enterprise's own): inspectors officer and officer2.
TASK_RECORDERS = frozenset({"officer", "head"})
OVERSIGHT = frozenset({"head", "supervisor", "admin"})


def _demo_task() -> int:
    from prudent.inspections.models import Inspection

    row = Inspection.objects.filter(
        entity__code=OWN_ENTITY, result_published_on__isnull=False
    ).first()
    assert row is not None
    return int(row.pk)


ROUTES += [
    Route("inspections:tasks", STAFF),
    Route(
        "inspections:tasks",
        STAFF,
        data={"scope": "department", "status": "done", "origin": "triggered", "overdue": "1"},
    ),
    Route("inspections:task_new", TASK_OPENERS),
    Route("inspections:task_new", TASK_OPENERS, method="POST", ok=(422,)),
    Route("inspections:task", STAFF, path=lambda: f"/inspections/tasks/{_demo_task()}/"),
    Route(
        "inspections:task_cancel",
        frozenset({"head"}),
        path=lambda: f"/inspections/tasks/{_demo_task()}/cancel/",
        method="POST",
        ok=(422,),
    ),
    Route(
        "inspections:task_result",
        TASK_RECORDERS,
        path=lambda: f"/inspections/tasks/{_demo_task()}/result/",
        method="POST",
        ok=(422,),
    ),
    Route(  # empty form: 422, nothing changed
        "inspections:task_reinspect",
        TASK_RECORDERS,
        path=lambda: f"/inspections/tasks/{_demo_task()}/reinspect/",
        method="POST",
        ok=(422,),
    ),
    Route(  # already published: refused with 409, nothing changed
        "inspections:task_publish",
        frozenset({"head"}),
        path=lambda: f"/inspections/tasks/{_demo_task()}/publish/",
        method="POST",
        ok=(409,),
    ),
    Route("inspections:coverage", OVERSIGHT),
    Route("inspections:coverage", OVERSIGHT, data={"year": "2026"}),
    Route("inspections:overdue", OVERSIGHT),
    Route("inspections:mine", ENTERPRISE),
    Route("inspection_results:list", EVERYONE),
    Route("inspection_results:list", EVERYONE, data={"q": "食品", "page": "1"}),
    Route(
        "inspection_results:detail",
        EVERYONE,
        path=lambda: f"/public/inspection-results/{_demo_task()}/",
    ),
    Route("credit:entity", STAFF, path=lambda: f"/credit/entities/{_insp_entity()}/"),
    Route(
        "/api/v1/inspections/tasks",
        STAFF,
        path=lambda: "/api/v1/inspections/tasks",
        api=True,
    ),
    Route(
        "/api/v1/inspections/tasks",
        TASK_OPENERS,
        path=lambda: "/api/v1/inspections/tasks",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(
        "/api/v1/inspections/tasks/{pk}",
        STAFF,
        path=lambda: f"/api/v1/inspections/tasks/{_demo_task()}",
        api=True,
    ),
    Route(
        "/api/v1/inspections/tasks/{pk}/cancel",
        frozenset({"head"}),  # published: refused (409) before the empty reason is looked at
        path=lambda: f"/api/v1/inspections/tasks/{_demo_task()}/cancel",
        method="POST",
        ok=(409, 422),
        api=True,
    ),
    Route(
        "/api/v1/inspections/tasks/{pk}/result",
        TASK_RECORDERS,
        path=lambda: f"/api/v1/inspections/tasks/{_demo_task()}/result",
        method="POST",
        ok=(422,),
        api=True,
    ),
    Route(  # not an order to correct (409) or an empty body (422): nothing changed
        "/api/v1/inspections/tasks/{pk}/reinspect",
        TASK_RECORDERS,
        path=lambda: f"/api/v1/inspections/tasks/{_demo_task()}/reinspect",
        method="POST",
        ok=(409, 422),
        api=True,
    ),
    Route(
        "/api/v1/inspections/tasks/{pk}/publish",
        frozenset({"head"}),
        path=lambda: f"/api/v1/inspections/tasks/{_demo_task()}/publish",
        method="POST",
        ok=(409,),
        api=True,
    ),
    Route(
        "/api/v1/credit/entities/{entity_id}",
        STAFF,
        path=lambda: f"/api/v1/credit/entities/{_insp_entity()}",
        api=True,
    ),
    Route("/api/v1/credit/mine", ENTERPRISE, path=lambda: "/api/v1/credit/mine", api=True),
]
