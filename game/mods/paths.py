"""Where the base game's content lives; light enough for the command line's help to import."""

from __future__ import annotations

from pathlib import Path


def base_content_dir() -> Path:
    """The base game's folder: `content/` beside the package in a checkout, or inside the wheel."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_content"
    if (packaged / "mod.toml").is_file():
        return packaged
    return here.parent / "content"
