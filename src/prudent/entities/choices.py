from django.db import models


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"
    COOPERATIVE = "cooperative", "农民专业合作社"
    OTHER_ORGANISATION = "other_organisation", "其他组织"
    NATURAL_PERSON = "natural_person", "自然人"
