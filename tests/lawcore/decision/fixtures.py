"""Small rulebooks for the engine tests (kept here so the tests do not move with the shipped YAML)."""

from __future__ import annotations

from lawcore.rulebook import RulebookSet, load_text

TAX = """
id: t-tax
name: 测试税务首违不罚清单
authority: 国家税务总局
level: national
division_code: "100000"
field: tax
settings:
  first_violation_lookback: P2Y
versions:
  - version: v1
    effective_from: "2021-04-01"
    effective_to: "2023-12-31"
    published_on: "2021-03-31"
    status: published
    lists:
      - kind: no_penalty
        part: first_violation
        text: 首次发生清单所列事项且危害后果轻微，在责令限期改正的期限内改正的，不予行政处罚。
        conditions: {first_violation: true, harm: [none, slight], corrected_in_time: true}
        measures: [加强税法宣传和辅导]
    items:
      - code: T-01
        name: 未按照规定期限办理纳税申报和报送纳税资料
        violated: [{law: 税收征收管理法, article: 62}]
        penalty_provision: {law: 税收征收管理法, article: 62}
        penalties: [{kind: fine, mandatory: false}]
        fine:
          - {when: {serious: false}, yuan: {min: 0, max: 2000}}
          - {when: {serious: true}, yuan: {min: 2000, max: 10000}}
        rows:
          - {id: A-01, seq: 1, kind: no_penalty, part: first_violation, text: 首次发生所列事项且危害后果轻微并及时改正, conditions: []}
  - version: v2
    effective_from: "2024-01-01"
    published_on: "2023-12-01"
    status: published
    lists:
      - kind: no_penalty
        part: first_violation
        text: 首次发生清单所列事项且危害后果轻微，在责令限期改正的期限内改正的，不予行政处罚。
        conditions: {first_violation: true, harm: [none, slight], corrected_in_time: true}
        measures: [加强税法宣传和辅导]
    items:
      - code: T-01
        name: 未按照规定期限办理纳税申报和报送纳税资料
        violated: [{law: 税收征收管理法, article: 62}]
        penalty_provision: {law: 税收征收管理法, article: 62}
        penalties: [{kind: fine, mandatory: false}]
        fine:
          - {when: {serious: false}, yuan: {min: 0, max: 1000}}
          - {when: {serious: true}, yuan: {min: 1000, max: 10000}}
        rows:
          - {id: A-01, seq: 1, kind: no_penalty, part: first_violation, text: 首次发生所列事项且危害后果轻微并及时改正, conditions: []}
  - version: v3-draft
    effective_from: "2025-01-01"
    status: draft
    items:
      - code: T-01
        name: 未按照规定期限办理纳税申报和报送纳税资料
        violated: [{law: 税收征收管理法, article: 62}]
        penalties: [{kind: fine, mandatory: false}]
        fine:
          - {yuan: {min: 0, max: 10}}
      - code: T-DRAFT
        name: 草稿事项
        violated: [{law: 税收征收管理法, article: 62}]
        penalties: [{kind: warning}]
"""

FOOD = """
id: t-food
name: 测试市场监管裁量基准
authority: 测试市场监督管理局
level: province
division_code: "430000"
field: market_regulation
versions:
  - version: v1
    effective_from: "2020-01-01"
    published_on: "2019-12-01"
    status: published
    items:
      - code: F-124
        name: 生产经营超范围、超限量使用食品添加剂的食品
        violated: [{law: 中华人民共和国食品安全法, article: 34}]
        penalty_provision: {law: 中华人民共和国食品安全法, article: 124, paragraph: 1}
        penalties:
          - {kind: confiscate_illegal_income}
          - {kind: fine}
          - {kind: revoke_licence, when: {serious: true}}
        fine:
          - {when: {fact: goods_value_yuan, lt: 10000}, yuan: {min: 50000, max: 100000}, note: 货值金额不足一万元的，并处五万元以上十万元以下罚款}
          - {when: {fact: goods_value_yuan, ge: 10000}, multiple: {base: goods_value_yuan, min: 10, max: 20}, note: 货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款}
        benchmark:
          levels:
            - {circumstance: serious, tier: heavier, situations: [造成食品安全事故], conditions: {food_safety_incident: true}}
        rows:
          - id: L-1
            kind: lighter
            text: 能如实说明进货来源且货值金额较小的
            conditions: [{truthful_source: true}, {fact: goods_value_yuan, lt: 1000}]
          - id: M-1
            kind: mitigated
            text: 能如实说明进货来源、主动召回且货值金额极小的
            conditions: [{truthful_source: true}, {fact: goods_value_yuan, lt: 500}]
"""

COUNTY = """
id: t-county
name: 测试县市场监管裁量基准
authority: 测试县市场监督管理局
level: county
division_code: "430421"
parent: t-food
field: market
settings:
  first_violation_lookback: P2Y
versions:
  - version: c1
    effective_from: "2020-01-01"
    published_on: "2019-12-01"
    status: published
    items:
      - code: C-124
        name: 生产经营超范围、超限量使用食品添加剂的食品（县细化）
        refines: F-124
        violated: [{law: 中华人民共和国食品安全法, article: 34}]
        benchmark:
          tier_ranges:
            - {tier: lighter, bracket: 0, min: 50000, max: 60000}
        rows:
          - id: C-FV
            kind: no_penalty
            part: first_violation
            text: 初次违法，货值金额不超过300元且及时改正的
            conditions: [{first_violation: true, corrected_in_time: true}, {fact: goods_value_yuan, le: 300}]
"""


def rulebooks() -> RulebookSet:
    return RulebookSet(
        (
            load_text(TAX, "tax.yaml"),
            load_text(FOOD, "food.yaml"),
            load_text(COUNTY, "county.yaml"),
        )
    )
