"""The theme taxonomy users edit (`corpus/themes.json`): labels, descriptions and seed terms.

Kept as data, not code, so a standing committee can add 师资队伍建设 or reword a description
without a programmer; the classifier reads the seed terms and descriptions as weak examples,
so an edit shows up the next time the model is trained.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY_PATH = Path(__file__).resolve().parents[2] / "corpus" / "themes.json"


@dataclass(frozen=True)
class Theme:
    """One taxonomy theme: its label (the name users see), what it covers, and typical words."""

    label: str
    description: str = ""
    seed_terms: tuple[str, ...] = field(default_factory=tuple)

    def weak_examples(self) -> list[str]:
        """Short texts that stand for this theme when few labelled items exist.

        The description alone, each seed term alone, and description plus terms together:
        the classifier then knows the taxonomy's vocabulary even for a theme with no gold items.
        """
        out = [self.description] if self.description else []
        out += list(self.seed_terms)
        if self.description and self.seed_terms:
            out.append(self.label + "：" + self.description + "。" + "、".join(self.seed_terms))
        return [t for t in out if t]


def load_taxonomy(path: Path | str | None = None) -> list[Theme]:
    """The themes in file order; a missing or malformed file is a programming error, not input."""
    data = json.loads(Path(path or TAXONOMY_PATH).read_text(encoding="utf-8"))
    return [Theme(t["label"], t.get("description", ""), tuple(t.get("seed_terms", [])))
            for t in data["themes"]]
