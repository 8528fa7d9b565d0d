"""Find the fonts for the PDF on this machine: each stack's proprietary faces by file name first,
then the free Debian faces (``fonts-noto-cjk`` and friends), CONVENTIONS.md §4.2.

Searched, in order: every directory in ``PRUDENT_FONT_DIR`` (``os.pathsep``-separated), then
``/usr/local/share/fonts`` and ``/usr/share/fonts`` (recursively). In a ``.ttc`` collection the face
whose family name matches (``Noto Serif CJK SC``, not JP) is selected by reading the name tables.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]

from prudent.documents import layout as lay

ENV_VAR = "PRUDENT_FONT_DIR"
SYSTEM_DIRS = ("/usr/local/share/fonts", "/usr/share/fonts")
DEBIAN_PACKAGE = "fonts-noto-cjk"
NOTO_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"

# family name → file names it is commonly shipped as (case-insensitive)
_FILES: dict[str, tuple[str, ...]] = {
    "方正小标宋简体": ("方正小标宋简体.ttf", "FZXBSJW.ttf", "FZXBSJW--GB1-0.ttf"),
    "FZXiaoBiaoSong-B05S": ("FZXiaoBiaoSong-B05S.ttf", "FZXBSK.ttf"),
    "仿宋_GB2312": ("仿宋_GB2312.ttf", "FangSong_GB2312.ttf", "FS_GB2312.ttf"),
    "FangSong_GB2312": ("FangSong_GB2312.ttf",),
    "仿宋": ("仿宋.ttf", "simfang.ttf"),
    "FangSong": ("simfang.ttf",),
    "黑体": ("黑体.ttf", "simhei.ttf"),
    "SimHei": ("simhei.ttf",),
    "楷体_GB2312": ("楷体_GB2312.ttf", "KaiTi_GB2312.ttf"),
    "KaiTi_GB2312": ("KaiTi_GB2312.ttf",),
    "楷体": ("楷体.ttf", "simkai.ttf"),
    "KaiTi": ("simkai.ttf",),
    "宋体": ("宋体.ttc", "simsun.ttc"),
    "SimSun": ("simsun.ttc",),
    "Noto Serif CJK SC": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf"),
    "Noto Sans CJK SC": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf"),
    "WenQuanYi Zen Hei": ("wqy-zenhei.ttc",),
    "AR PL UKai CN": ("ukai.ttc",),
    "LXGW WenKai": ("LXGWWenKai-Regular.ttf",),
}
# The title wants a heavy face: Noto Serif CJK SC Black (fonts-noto-cjk-extra) or Bold.
_TITLE_NOTO = ("NotoSerifCJK-Black.ttc", "NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold.otf")


class FontNotFound(RuntimeError):
    pass


@dataclass(frozen=True, slots=True)
class ResolvedFont:
    role: str
    family: str  # the stack entry that matched
    path: Path
    index: int  # face in a .ttc (0 otherwise)

    @property
    def text(self) -> str:
        return f"{self.role}={self.family} ({self.path.name}#{self.index})"


def search_dirs() -> tuple[Path, ...]:
    env = os.environ.get(ENV_VAR, "")
    dirs = [Path(d) for d in env.split(os.pathsep) if d]
    return (*dirs, *(Path(d) for d in SYSTEM_DIRS))


@lru_cache(maxsize=8)
def _file_index(dirs: tuple[Path, ...]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in os.walk(d):
            for name in files:
                found.setdefault(name.lower(), Path(root) / name)
    return found


def _family_names(font: TTFont) -> set[str]:
    table = font["name"]
    return {str(r.toUnicode()) for r in table.names if r.nameID in (1, 16)}


@lru_cache(maxsize=64)
def face_index(path: Path, family: str) -> int:
    """The face of ``family`` in a collection (0 for a single font or when no name matches)."""
    if path.suffix.lower() not in (".ttc", ".otc"):
        return 0
    coll = TTCollection(str(path), lazy=True)
    try:
        for i, font in enumerate(coll.fonts):
            if family in _family_names(font):
                return i
    finally:
        coll.close()
    return 0


def resolve(stack: lay.FontStack, dirs: Sequence[Path] | None = None) -> ResolvedFont | None:
    index = _file_index(tuple(dirs) if dirs is not None else search_dirs())
    for family in stack.families:
        names = _FILES.get(family, ())
        if stack.role == "title" and family == "Noto Serif CJK SC":
            names = _TITLE_NOTO + names
        for name in names:
            path = index.get(name.lower())
            if path is not None:
                return ResolvedFont(stack.role, family, path, face_index(path, family))
    return None


def resolve_all(dirs: Sequence[Path] | None = None) -> dict[str, ResolvedFont]:
    """A face for every role; 黑体, 楷体 and 宋体 fall back to the body face; no body face → error."""
    where = tuple(dirs) if dirs is not None else search_dirs()
    body = resolve(lay.BODY_STACK, where)
    if body is None:
        raise FontNotFound(
            "No CJK font found for the document body (tried "
            + ", ".join(lay.BODY_STACK.families)
            + " in "
            + ", ".join(str(d) for d in where)
            + f"). Install the Debian package {DEBIAN_PACKAGE} "
            + f"(apt-get install -y {DEBIAN_PACKAGE}, or scripts/install-system-deps.sh), "
            + f"or put the fonts in a directory named by {ENV_VAR}."
        )
    out = {"body": body}
    for role, stack in lay.FONT_STACKS.items():
        if role != "body":
            found = resolve(stack, where)
            out[role] = found or ResolvedFont(role, body.family, body.path, body.index)
    return out
