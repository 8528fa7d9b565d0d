"""Kinds of organisation and enforcement fields (执法领域)."""

from django.db import models


class DepartmentKind(models.TextChoices):
    ENFORCEMENT = "enforcement", "行政执法部门"
    JUDICIAL_BUREAU = "judicial_bureau", "司法局"
    TOWNSHIP = "township", "乡镇综合行政执法"


class EnforcementField(models.TextChoices):
    MARKET_REGULATION = "market_regulation", "市场监管"
    URBAN_MANAGEMENT = "urban_management", "城市管理"
    TRANSPORT = "transport", "交通运输"
    ECOLOGY = "ecology", "生态环境"
    AGRICULTURE = "agriculture", "农业农村"
    CULTURE_TOURISM = "culture_tourism", "文化旅游"
    EMERGENCY = "emergency", "应急管理"
    HEALTH = "health", "卫生健康"
    NATURAL_RESOURCES = "natural_resources", "自然资源"
    WATER = "water", "水利"
    TAX = "tax", "税务"
    COMPREHENSIVE = "comprehensive", "综合行政执法"
    SUPERVISION = "supervision", "行政执法监督"
