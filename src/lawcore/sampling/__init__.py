"""The verifiable double-random draw `prudent-draw/1` (R-INSP-1, 双随机、一公开).

Pure: callers read the files and pass their text. See `docs/draw-protocol.md`.
"""

from lawcore.sampling.errors import DrawFailure, DrawInputError
from lawcore.sampling.inputs import (
    Inspectors,
    Population,
    canonical_population_text,
    parse_inspectors,
    parse_population,
)
from lawcore.sampling.protocol import (
    DEFAULT_PER_ENTITY,
    PROTOCOL,
    Commitment,
    DrawResult,
    Selected,
    assignment_start,
    canonical_json,
    canonical_quota,
    commit,
    draw,
    entity_key,
    stratum_draw_size,
    validate_seed,
)
from lawcore.sampling.verify import Verification, verify

__all__ = [
    "DEFAULT_PER_ENTITY",
    "PROTOCOL",
    "Commitment",
    "DrawFailure",
    "DrawInputError",
    "DrawResult",
    "Inspectors",
    "Population",
    "Selected",
    "Verification",
    "assignment_start",
    "canonical_json",
    "canonical_population_text",
    "canonical_quota",
    "commit",
    "draw",
    "entity_key",
    "parse_inspectors",
    "parse_population",
    "stratum_draw_size",
    "validate_seed",
    "verify",
]
