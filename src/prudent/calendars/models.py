"""Holiday schedules loaded by an administrator, overriding or extending the built-in years.

The built-in schedules ship with the code (`lawcore.calendar.schedules_cn`). When the State Council
publishes next year's 部分节假日安排 (usually in November) the administrator loads it here; until
then that year is counted provisionally (weekends only) and every deadline in it is marked 暂定.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models

from lawcore.calendar import YearSchedule


class HolidaySchedule(models.Model):
    year = models.PositiveIntegerField("年份", unique=True)
    holidays = models.JSONField("放假日期", default=list)
    makeup_workdays = models.JSONField("调休上班日期", default=list)
    source = models.CharField("依据（通知文号）", max_length=300)
    published_on = models.DateField("发布日期", null=True, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="载入人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    loaded_at = models.DateTimeField("载入时间")

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering: ClassVar = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"

    def as_year_schedule(self) -> YearSchedule:
        return YearSchedule(
            year=self.year,
            holidays=frozenset(date.fromisoformat(d) for d in self.holidays),
            makeup_workdays=frozenset(date.fromisoformat(d) for d in self.makeup_workdays),
            source=self.source,
            published_on=self.published_on,
        )
