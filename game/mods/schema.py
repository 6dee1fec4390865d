"""The JSON Schema of content files, for editors (taplo, tombi) to complete and check TOML."""

from __future__ import annotations

from typing import Any

from game.mods.models import ContentFile, ModManifest


def content_schema() -> dict[str, Any]:
    schema = ContentFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dual Freeze content file"
    schema["description"] = (
        "One TOML file of a Dual Freeze mod: any mix of [[power]], [[variable]], [ladder], [rules], "
        "[[action]], [[event]], [[reaction]], [[ending]], [[scenario]] and [[term]] tables."
    )
    return schema


def manifest_schema() -> dict[str, Any]:
    schema = ModManifest.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dual Freeze mod.toml"
    return schema
