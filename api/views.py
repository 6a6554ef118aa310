"""The API's documentation page, made from its OpenAPI schema: no CDN, no script."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from api.v1 import api
from groupsite.markdown.render import render_markdown
from publications import selectors

EXAMPLES = {
    "/api/v1/sessions": ["?recorded=true", "?page_size=5"],
    "/api/v1/members": ["?status=alumni"],
}
# What a pattern allows, in words (any other pattern is shown as it is).
PATTERNS = {
    r"^[-a-zA-Z0-9_]+$": gettext_lazy("letters, digits, - and _"),
    r"^[-a-zA-Z0-9_:.+]+$": gettext_lazy("letters, digits and - _ : . +"),
}


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        schema = api.get_openapi_schema()
        return super().get_context_data(
            **kwargs,
            schema=schema,
            description=render_markdown(schema["info"].get("description", "")),
            schema_url=self.request.build_absolute_uri(reverse("api:v1:openapi-json")),
            operations=list(_operations(schema, _site_examples())),
        )


def _site_examples() -> dict[str, list[str]]:
    """Example links that find something on this site: filters taken from its own data
    (none when there is nothing to find)."""
    examples = {path: list(queries) for path, queries in EXAMPLES.items()}
    found = selectors.example_filters()
    if found:
        examples["/api/v1/publications"] = [
            f"?{urlencode({'year': found['year'], 'type': found['type']})}"
        ]
        if "member" in found:
            examples["/api/v1/publications"].append(f"?{urlencode({'member': found['member']})}")
        examples["/api/v1/publications/{key}"] = [f"/{found['slug']}"]
    return examples


def _operations(schema, examples):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield {
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "summary": operation.get("summary", ""),
                "description": render_markdown(operation.get("description", "")),
                "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                "responses": sorted(operation.get("responses", {})),
                "examples": _examples(path, examples),
            }


def _examples(path: str, examples: dict) -> list[str]:
    """Links to try; a path with a {placeholder} has only those made from real data."""
    own = [] if "{" in path else [path]
    base = path.split("/{", 1)[0]
    return own + [base + query if "{" in path else path + query for query in examples.get(path, [])]


def _parameter(parameter) -> dict:
    spec = parameter.get("schema", {})
    kinds = [spec, *spec.get("anyOf", [])]
    kind = next((k for k in kinds if k.get("type") not in (None, "null")), spec)
    enum = kind.get("enum") or next((k["enum"] for k in _definitions(spec) if "enum" in k), None)
    limits = [
        template % {"limit": kind[key]}
        for key, template in (("minimum", _("at least %(limit)s")),
                              ("maximum", _("at most %(limit)s")),
                              ("maxLength", _("at most %(limit)s characters")))
        if key in kind
    ]  # fmt: skip
    if "pattern" in kind:
        pattern = kind["pattern"]
        limits.append(PATTERNS.get(pattern) or _("matching %(pattern)s") % {"pattern": pattern})
    return {
        "name": parameter["name"],
        "type": kind.get("format") or kind.get("type") or "string",
        "required": parameter.get("required", False),
        "default": spec.get("default"),
        "choices": enum,
        "limits": limits,
        "description": render_markdown(parameter.get("description") or spec.get("description", "")),
    }


def _definitions(spec):
    return [spec.get("allOf", [{}])[0]] if "allOf" in spec else []
