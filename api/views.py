"""The API's documentation page, made from its OpenAPI schema: no CDN, no script."""

from django.urls import reverse
from django.views.generic import TemplateView

from api.v1 import api

EXAMPLES = {
    "/api/v1/sessions": ["?from=2026-01-01&recorded=true", "?q=neural+operator", "?page_size=5"],
    "/api/v1/members": ["?status=alumni"],
    "/api/v1/publications": ["?year=2024&type=article", "?member=david-greenberg&selected=true"],
}


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = api.get_openapi_schema()
        return super().get_context_data(
            **kwargs,
            schema=schema,
            schema_url=self.request.build_absolute_uri(reverse("api:v1:openapi-json")),
            operations=list(_operations(schema)),
        )


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield {
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                "responses": sorted(operation.get("responses", {})),
                "examples": _examples(path),
            }


def _examples(path: str) -> list[str]:
    """Links to try; a path with a {placeholder} has none of its own (any key is a guess)."""
    own = [] if "{" in path else [path]
    return own + [path + query for query in EXAMPLES.get(path, [])]


def _parameter(parameter) -> dict:
    spec = parameter.get("schema", {})
    kinds = [spec, *spec.get("anyOf", [])]
    kind = next((k for k in kinds if k.get("type") not in (None, "null")), spec)
    enum = kind.get("enum") or next((k["enum"] for k in _definitions(spec) if "enum" in k), None)
    limits = [
        f"{label} {kind[key]}"
        for key, label in (("minimum", "at least"), ("maximum", "at most"),
                           ("maxLength", "at most characters:"))
        if key in kind
    ]  # fmt: skip
    return {
        "name": parameter["name"],
        "type": kind.get("format") or kind.get("type") or "string",
        "required": parameter.get("required", False),
        "default": spec.get("default"),
        "choices": enum,
        "limits": limits,
        "description": parameter.get("description") or spec.get("description", ""),
    }


def _definitions(spec):
    return [spec.get("allOf", [{}])[0]] if "allOf" in spec else []
