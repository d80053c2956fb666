"""What every part of the policy's declaration shares: strict, frozen models, and keys."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

Key = Annotated[str, Field(pattern=KEY_PATTERN.pattern)]


class Strict(BaseModel):
    """A part of the policy: unknown keys are errors, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
