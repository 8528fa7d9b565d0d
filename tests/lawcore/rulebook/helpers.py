"""Small rulebook texts for the tests: a province parent and a county child."""

from __future__ import annotations

PARENT = """
id: prov
name: 省级测试规则
authority: 省市场监管局
level: province
division_code: "430000"
field: market
versions:
  - version: v1
    effective_from: "2024-01-01"
    published_on: "2023-12-20"
    status: published
    items:
      - code: P-124
        name: 经营超过保质期的食品
        violated: [{law: 食品安全法, article: 34, item: 10}]
        penalty_provision: {law: 食品安全法, article: 124, paragraph: 1, item: 5}
        penalties: [fine]
        fine:
          - {when: {fact: goods_value_yuan, lt: 10000}, yuan: {min: 50000, max: 100000}}
          - {when: {fact: goods_value_yuan, ge: 10000}, multiple: {base: goods_value_yuan, min: 10, max: 20}}
        rows:
          - id: R-1
            kind: no_penalty
            part: first_violation
            text: 首次，货值不超过500元，及时改正
            conditions: [{first_violation: true, corrected_in_time: true}, {fact: goods_value_yuan, le: 500}]
"""

CHILD = """
id: county
name: 县级测试规则
authority: 县市场监管局
level: county
division_code: "430421"
parent: prov
field: market
versions:
  - version: v1
    effective_from: "2024-06-01"
    published_on: "2024-05-20"
    status: published
    items:
      - code: C-124
        name: 经营超过保质期的食品
        refines: P-124
        violated: [{law: 食品安全法, article: 34, item: 10}]
        benchmark:
          tier_ranges:
            - {tier: lighter, min: LIGHTER_MIN, max: LIGHTER_MAX}
        rows:
          - id: Y-1
            kind: no_penalty
            part: first_violation
            refines: prov:R-1
            text: 首次，货值不超过CAP元，及时改正
            conditions: [{first_violation: true, corrected_in_time: true}, {fact: goods_value_yuan, le: CAP}]
"""


def child(lighter_min: int = 50000, lighter_max: int = 60000, cap: int = 300) -> str:
    return (
        CHILD.replace("LIGHTER_MIN", str(lighter_min))
        .replace("LIGHTER_MAX", str(lighter_max))
        .replace("CAP", str(cap))
    )
