"""The JSON Schemas of the plan and actuals files, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from opmkt.model import Actuals, Plan

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str = "plan") -> dict[str, Any]:
    model = Actuals if kind == "actuals" else Plan
    body = model.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **body}


def render(kind: str = "plan") -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
