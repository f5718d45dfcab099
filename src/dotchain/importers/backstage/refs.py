"""Backstage entity references, read as the catalog reads them
(https://backstage.io/docs/features/software-catalog/references).

A reference is a string `[<kind>:][<namespace>/]<name>` or a mapping `{kind, namespace, name}`.
Whatever is left out comes from the field's context: the kind from the field (`spec.owner` means a
Group, `spec.memberOf` a Group, `spec.members` a User, `spec.providesApis` an API; `spec.dependsOn`
has no default and must name its kind), the namespace from the entity that writes the reference.
All parts are compared without regard to case.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_NAMESPACE = "default"


class RefError(ValueError):
    """A reference that is not written as Backstage reads one; the message says how to fix it."""


@dataclass(frozen=True, order=True)
class EntityRef:
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"

    @property
    def short(self) -> str:
        """'guest' in the default namespace, 'development/guest' elsewhere (for telling people apart)."""
        return self.name if self.namespace == DEFAULT_NAMESPACE else f"{self.namespace}/{self.name}"


def entity_ref(kind: str, namespace: str, name: str) -> EntityRef:
    return EntityRef(kind.casefold(), namespace.casefold(), name.casefold())


def parse_ref(value: object, default_kind: str | None, namespace: str) -> EntityRef:
    """The reference `value` names, with the field's default kind and the writer's namespace."""
    if isinstance(value, dict):
        return _compound(value, default_kind, namespace)
    if not isinstance(value, str) or not value.strip():
        raise RefError("a reference must be text such as `group:default/team-a`, or {kind, namespace, name}")
    text = value.strip()
    colon, slash = text.find(":"), text.find("/")
    if slash != -1 and slash < colon:  # as Backstage: a '/' before the ':' leaves the rest to the name
        colon = -1
    kind = text[:colon] if colon != -1 else None
    space = text[colon + 1 : slash] if slash != -1 else None
    name = text[max(colon + 1, slash + 1) :]
    if kind == "" or space == "" or name == "":
        raise RefError(f"'{text}' is not written [<kind>:][<namespace>/]<name>; fill in the empty part")
    return _complete(kind, space, name, default_kind, namespace, text)


def _compound(value: dict[str, object], default_kind: str | None, namespace: str) -> EntityRef:
    parts = {key: value.get(key) for key in ("kind", "namespace", "name")}
    if any(part is not None and not isinstance(part, str) for part in parts.values()):
        raise RefError("the kind, namespace and name of a reference must be text")
    kind, space, name = (str(parts[k]).strip() if parts[k] is not None else None for k in parts)
    if not name:
        raise RefError("a reference written as a mapping needs its `name`")
    return _complete(kind or None, space or None, name, default_kind, namespace, name)


def _complete(
    kind: str | None, space: str | None, name: str, default_kind: str | None, namespace: str, shown: str
) -> EntityRef:
    if kind is None:
        if default_kind is None:
            raise RefError(
                f"'{shown}' does not say its kind, and this field has no default; "
                f"write it as component:{shown} or resource:{shown}"
            )
        kind = default_kind
    return entity_ref(kind, space or namespace, name)
