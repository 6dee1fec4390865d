"""The content format's building blocks: the base model and the kinds of value fields hold."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=4000)]
Expr = Annotated[str, StringConstraints(max_length=1000)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Colour = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6}|[a-z]+)$")]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0, le=1000.0)]
Bound = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]
Score = Annotated[float, Field(ge=-1000.0, le=1000.0)]


class Model(BaseModel):
    # A model's validator is built when it first validates: a load from the cache makes content
    # without one (`trusted`), so a game started from the cache never builds them.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)
