"""`prudent audit verify` and the demo data commands."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the audit chain").add_subparsers(
        dest="audit_cmd", required=True
    )
    verify = audit.add_parser(
        "verify", help="re-hash the whole chain and name the first broken event"
    )
    verify.add_argument(
        "--expect-head",
        metavar="HASH",
        help="also require that this published head hash is still in the chain (detects truncation)",
    )
    verify.set_defaults(func=_audit_verify)
    head = audit.add_parser("head", help="print the current head: sequence number and hash")
    head.set_defaults(func=_audit_head)

    demo = sub.add_parser("demo", help="demo data of 衡阳县").add_subparsers(
        dest="demo_cmd", required=True
    )
    load = demo.add_parser("load", help="load the demo data (idempotent)")
    load.set_defaults(func=_demo_load)
    logins = demo.add_parser("logins", help="print the demo logins")
    logins.set_defaults(func=_demo_logins)


def _audit_verify(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.core import audit
    from prudent.core.models import AuditEvent

    result = audit.audit_verify()
    if not result.ok:
        print(result.line())
        return 1
    if args.expect_head:
        event = AuditEvent.objects.filter(hash=args.expect_head.strip().lower()).first()
        if event is None:
            print(
                f"BROKEN: published head {args.expect_head} is not in the chain (events removed or altered)"
            )
            return 1
    print(result.line())
    return 0


def _audit_head(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.core import audit

    head = audit.audit_head()
    if head is None:
        print(f"0 {audit.GENESIS}")
    else:
        print(f"{head.seq} {head.hash}")
    return 0


def _demo_load(args: argparse.Namespace) -> int:
    from prudent.cli import django_setup

    django_setup()
    from prudent.core.demo import demo_load

    summary = demo_load()
    print(summary)
    return 0


def _demo_logins(args: argparse.Namespace) -> int:
    from prudent.core.demo import DEMO_PASSWORD, demo_logins

    print(f"演示账户（密码均为 {DEMO_PASSWORD}）：")
    for username, label in demo_logins():
        print(f"  {username:<16} {label}")
    print("打开 http://127.0.0.1:8000 登录。")
    return 0
