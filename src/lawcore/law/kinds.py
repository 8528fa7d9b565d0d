"""APL 9: the kinds of administrative penalty, and who the party is."""

from __future__ import annotations

from enum import StrEnum


class PenaltyKind(StrEnum):
    WARNING = "warning"  # 警告
    CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATE_ILLEGAL_INCOME = "confiscate_illegal_income"  # 没收违法所得
    CONFISCATE_ILLEGAL_PROPERTY = "confiscate_illegal_property"  # 没收非法财物
    SUSPEND_LICENCE = "suspend_licence"  # 暂扣许可证件
    LOWER_QUALIFICATION = "lower_qualification"  # 降低资质等级
    REVOKE_LICENCE = "revoke_licence"  # 吊销许可证件
    RESTRICT_BUSINESS = "restrict_business"  # 限制开展生产经营活动
    SUSPEND_PRODUCTION = "suspend_production"  # 责令停产停业
    ORDER_CLOSURE = "order_closure"  # 责令关闭
    RESTRICT_PRACTICE = "restrict_practice"  # 限制从业
    DETENTION = "detention"  # 行政拘留
    OTHER = "other"  # 法律、行政法规规定的其他行政处罚


class PartyKind(StrEnum):
    CITIZEN = "citizen"  # 公民（自然人）
    ORGANISATION = "organisation"  # 法人或者其他组织
