"""Password complexity per 等保 2.0 §8.1.4.1 a (CONVENTIONS.md §6.1): at least 3 of 4 classes."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", lambda c: c.isascii() and c.isupper()),
    ("小写字母", lambda c: c.isascii() and c.islower()),
    ("数字", lambda c: c.isdigit()),
    ("特殊字符", lambda c: c in string.punctuation or c == " "),
)


def character_classes(password: str) -> int:
    return sum(1 for _, test in CLASSES if any(test(c) for c in password))


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                "密码须至少包含大写字母、小写字母、数字、特殊字符中的%(n)d类。",
                code="password_too_simple",
                params={"n": self.min_classes},
            )

    def get_help_text(self) -> str:
        return f"密码须至少包含大写字母、小写字母、数字、特殊字符中的{self.min_classes}类。"
