"""The ``neo4j`` exporter: a folder of CSV files for ``neo4j-admin database import full``, the script that runs
it, and an equivalent ``LOAD CSV`` script for a running database.

The graph it builds keeps every claim's provenance, so claims are nodes as well as edges:

- ``(:Entity:State {entityId, name, kind, kb_id, aliases})`` from ``entities.csv``: every entity a claim
  names, labelled ``Entity`` and its kind in PascalCase (``State``, ``ArmedGroup``, ``Person``, …);
- ``(:Claim {claimId, type, status, doc, doc_id, source, source_chain, event_time, event_date, statement_time,
  statement_date, confidence, evidence, evidence_count, …})`` from ``claims.csv``, with the claim's number and
  string roles (``quantity``, ``mode``, ``penalty``, …) as properties;
- ``(:Document {documentId, name, title, url, outlet, published})`` from ``documents.csv``;
- ``(:Entity)-[:TRANSFER {claimId, status, …}]->(:Entity)`` from ``claim_edges.csv``: one relationship per
  claim edge, typed by the claim type in upper case, as in the ``graphml`` export (undirected types such as
  MEET have ``directed: false`` and the smaller entity id first);
- ``(:Claim)-[:ROLE {role, position}]->(:Entity)`` from ``claim_roles.csv``: every role filler, ``position``
  counting the members of a list role from 0;
- ``(:Claim)-[:IN]->(:Document)`` from ``claim_documents.csv``;
- ``(:Claim)-[:SAID_BY {position}]->(:Entity)`` from ``claim_sources.csv``: the source chain, position 0 the
  outermost reporter, the last the original speaker.

Headers use neo4j-admin's syntax: ``entityId:ID(Entity)``, ``claimId:ID(Claim)`` and ``documentId:ID(Document)``
(three id spaces), ``:START_ID(…)``, ``:END_ID(…)``, ``:TYPE``, ``:LABEL`` and typed properties
(``confidence:double``, ``evidence_count:int``, ``published:date``, ``aliases:string[]``; ``double`` rather
than ``float``, which neo4j-admin would widen from 32 bits: 0.7 would become 0.699999988…). An unknown value
is an empty field, which sets no property. Text may span lines, hence ``--multiline-fields=true``.

``import.sh [DATABASE]`` runs ``neo4j-admin database import full`` on these files (``NEO4J_ADMIN`` names the
binary); ``load.cypher`` loads the same files into a running database with ``LOAD CSV`` and ``MERGE``, after
creating a uniqueness constraint per id, once the CSV files are copied into Neo4j's import folder.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExportError
from ..model import EDGE_ROLES, ENTITY_KINDS, ENTITY_ROLES, Claim, EntityRef
from .registry import ExportData, register_exporter
from .tables import (
    ALL_ROLES,
    claim_edges,
    claim_properties,
    document_rows,
    entity_rows,
    export_claims,
    role_fillers,
    source_chain,
    time_text,
)

__all__ = ["NodeFile", "RelationshipFile", "load_cypher", "neo4j_files", "write_neo4j"]

ARRAY_DELIMITER = ";"
"""neo4j-admin's default array delimiter, which also separates the labels of a ``:LABEL`` field."""

NUMBER_PROPERTIES = {"quantity": "double", "count": "double"}
"""The claim roles that hold numbers, as typed Claim properties."""

_CYPHER = {
    "string": "{v}", "int": "toInteger({v})", "long": "toInteger({v})", "float": "toFloat({v})",
    "double": "toFloat({v})", "boolean": "({v} = 'true')", "date": "date({v})",
    "string[]": f"split({{v}}, '{ARRAY_DELIMITER}')",
}
"""How load.cypher converts a field of each neo4j-admin type (an empty field is null, which stays null)."""


def kind_label(kind: str) -> str:
    """An entity kind as a Neo4j label: ``armed_group`` -> ``ArmedGroup``."""
    return "".join(part.capitalize() for part in kind.split("_"))


def _split(header: str) -> tuple[str, str]:
    """``"confidence:double"`` -> ``("confidence", "double")``; an untyped property is a string."""
    name, _, kind = header.partition(":")
    return name, kind or "string"


@dataclass(frozen=True)
class NodeFile:
    """A node CSV file: an id column in its own id space (also the base label), properties, a ``:LABEL``."""

    name: str
    label: str
    key: str
    properties: tuple[str, ...]
    extra_labels: tuple[str, ...] = ()
    rows: list[list[object]] = field(default_factory=list, compare=False, repr=False)

    @property
    def header(self) -> tuple[str, ...]:
        return (f"{self.key}:ID({self.label})", *self.properties, ":LABEL")


@dataclass(frozen=True)
class RelationshipFile:
    """A relationship CSV file from one node file's id space to another's; ``merge_keys`` are the properties
    that tell two relationships of one type between the same nodes apart (for ``MERGE``)."""

    name: str
    start: NodeFile
    end: NodeFile
    types: tuple[str, ...]
    properties: tuple[str, ...] = ()
    merge_keys: tuple[str, ...] = ()
    rows: list[list[object]] = field(default_factory=list, compare=False, repr=False)

    @property
    def header(self) -> tuple[str, ...]:
        return (f":START_ID({self.start.label})", f":END_ID({self.end.label})", ":TYPE", *self.properties)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _roles(claim: Claim) -> list[object]:
    """The claim's number and string roles, in ``_CLAIM_ROLES`` order."""
    out: list[object] = []
    for role in _CLAIM_ROLES:
        value = claim.args.get(role)
        out.append(value.name if isinstance(value, EntityRef) else value)
    return out


_CLAIM_ROLES = tuple(r for r in ALL_ROLES if r not in ENTITY_ROLES)


EDGE_PROPERTIES = (("claimId", "claim_id"), ("status", "status"), ("event_date", "event_date"),
                   ("statement_date", "statement_date"), ("source", "source"), ("source_chain", "source_chain"),
                   ("evidence", "evidence"), ("evidence_count:int", "evidence_count"), ("doc", "doc"),
                   ("confidence:double", "confidence"), ("directed:boolean", "directed"))
"""The properties of a claim's relationships between entities: (header, key of ``claim_properties``)."""


def neo4j_files(data: ExportData) -> tuple[list[NodeFile], list[RelationshipFile]]:
    """The node and relationship files of ``data``, with their rows (in export order)."""
    claims = export_claims(data)
    entities = NodeFile("entities.csv", "Entity", "entityId", ("name", "kind", "kb_id", "aliases:string[]"),
                        tuple(kind_label(k) for k in ENTITY_KINDS))
    for e in entity_rows(claims):
        aliases = ARRAY_DELIMITER.join(a.replace(ARRAY_DELIMITER, ",") for a in e.aliases)
        entities.rows.append([e.id, e.name, e.kind, e.kb_id, aliases,
                              ARRAY_DELIMITER.join(("Entity", kind_label(e.kind)))])
    nodes_claims = NodeFile("claims.csv", "Claim", "claimId", (
        "type", "status", "doc", "doc_id", "source", "source_chain", "event_time", "event_date", "statement_time",
        "statement_date", "confidence:double", "evidence", "evidence_count:int",
        *(f"{r}:{NUMBER_PROPERTIES[r]}" if r in NUMBER_PROPERTIES else r for r in _CLAIM_ROLES)))
    documents = NodeFile("documents.csv", "Document", "documentId",
                         ("name", "title", "url", "outlet", "published:date"))
    for d in document_rows(data, claims):
        documents.rows.append([d.id, d.name, d.title, d.url, d.outlet, d.published.isoformat() if d.published else None,
                               "Document"])
    edges = RelationshipFile("claim_edges.csv", entities, entities, tuple(t.upper() for t in EDGE_ROLES),
                             tuple(h for h, _ in EDGE_PROPERTIES), ("claimId",))
    roles = RelationshipFile("claim_roles.csv", nodes_claims, entities, ("ROLE",), ("role", "position:int"),
                             ("role", "position:int"))
    in_document = RelationshipFile("claim_documents.csv", nodes_claims, documents, ("IN",))
    said_by = RelationshipFile("claim_sources.csv", nodes_claims, entities, ("SAID_BY",), ("position:int",),
                               ("position:int",))
    for c in claims:
        props = claim_properties(c)
        nodes_claims.rows.append([
            c.id, c.type, c.status, c.doc, c.doc_id, props["source"], props["source_chain"],
            time_text(c.time), props["event_date"], time_text(c.statement_time), props["statement_date"],
            props["confidence"], props["evidence"], props["evidence_count"], *_roles(c), "Claim"])
        edge_values = [props[key] for _, key in EDGE_PROPERTIES]
        edges.rows.extend([a.id, b.id, c.type.upper(), *edge_values] for a, b in claim_edges(c))
        roles.rows.extend([c.id, ref.id, "ROLE", role, position] for role, position, ref in role_fillers(c))
        in_document.rows.append([c.id, c.doc_id, "IN"])
        said_by.rows.extend([c.id, ref.id, "SAID_BY", position] for position, ref in enumerate(source_chain(c)))
    return [entities, nodes_claims, documents], [edges, roles, in_document, said_by]


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _field(header: str) -> str:
    return f"row.{_quote(header)}"


def _sets(var: str, headers: Sequence[str], skip: Sequence[str] = ()) -> str:
    parts = []
    for header in headers:
        if header in skip:
            continue
        name, kind = _split(header)
        parts.append(f"{var}.{_quote(name)} = " + _CYPHER[kind].format(v=_field(header)))
    return ", ".join(parts)


def load_cypher(nodes: Sequence[NodeFile], relationships: Sequence[RelationshipFile]) -> str:
    """The ``LOAD CSV`` script equivalent to the neo4j-admin import of these files: a uniqueness constraint per
    id space, then ``MERGE`` of every node and relationship (run it again and nothing is doubled)."""
    lines = [
        "// Generated by claimgraph (`claimgraph export --format neo4j`): loads this export into a running Neo4j",
        "// (5 or later) with LOAD CSV. Copy the CSV files of this folder into Neo4j's import folder, then run",
        "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher",
        "// It MERGEs on the ids, so running it twice changes nothing. For an empty database, import.sh",
        "// (neo4j-admin database import full) loads the same files much faster.",
        "",
    ]
    for f in nodes:
        lines.append(f"CREATE CONSTRAINT {f.label.lower()}_{f.key} IF NOT EXISTS "
                     f"FOR (n:{_quote(f.label)}) REQUIRE n.{_quote(f.key)} IS UNIQUE;")
    for f in nodes:
        lines += ["", f"LOAD CSV WITH HEADERS FROM 'file:///{f.name}' AS row",
                  f"MERGE (n:{_quote(f.label)} {{{_quote(f.key)}: {_field(f.header[0])}}})"]
        if f.properties:
            lines.append(f"SET {_sets('n', f.properties)}")
        for label in f.extra_labels:
            lines.append(f"FOREACH (_ IN CASE WHEN '{label}' IN split(row.`:LABEL`, '{ARRAY_DELIMITER}') "
                         f"THEN [1] ELSE [] END | SET n:{_quote(label)})")
        lines[-1] += ";"
    for r in relationships:
        lines += ["", f"LOAD CSV WITH HEADERS FROM 'file:///{r.name}' AS row",
                  f"MATCH (a:{_quote(r.start.label)} {{{_quote(r.start.key)}: {_field(r.header[0])}}})",
                  f"MATCH (b:{_quote(r.end.label)} {{{_quote(r.end.key)}: {_field(r.header[1])}}})"]
        keys = ", ".join(f"{_quote(_split(h)[0])}: " + _CYPHER[_split(h)[1]].format(v=_field(h)) for h in r.merge_keys)
        pattern = " {" + keys + "}" if keys else ""
        sets = _sets("r", r.properties, skip=r.merge_keys)
        if len(r.types) == 1:
            lines.append(f"MERGE (a)-[r:{_quote(r.types[0])}{pattern}]->(b)")
        else:  # one MERGE per type (plain Cypher has no dynamic relationship type), then the properties
            lines += [f"FOREACH (_ IN CASE WHEN row.`:TYPE` = '{t}' THEN [1] ELSE [] END | "
                      f"MERGE (a)-[:{_quote(t)}{pattern}]->(b))" for t in r.types]
            lines += ["WITH a, b, row", f"MATCH (a)-[r{pattern}]->(b)"]
        if sets:
            lines.append(f"SET {sets}")
        lines[-1] += ";"
    return "\n".join(lines) + "\n"


def import_script(nodes: Sequence[NodeFile], relationships: Sequence[RelationshipFile]) -> str:
    """``import.sh``: neo4j-admin database import full, naming every file (run from anywhere)."""
    args = [f"--nodes={f.name}" for f in nodes] + [f"--relationships={r.name}" for r in relationships]
    body = " \\\n    ".join(["--multiline-fields=true", *args, '"$@"'])
    return f"""#!/usr/bin/env bash
# Generated by claimgraph (`claimgraph export --format neo4j`): imports this folder into a new, empty Neo4j
# database (Neo4j 5 or later) with neo4j-admin, the server stopped.
#   bash import.sh [DATABASE [MORE neo4j-admin OPTIONS]]    # DATABASE: neo4j by default
# NEO4J_ADMIN names the neo4j-admin program (default: neo4j-admin on the PATH). Then start Neo4j; a database
# other than the default one also needs CREATE DATABASE name. load.cypher does the same with LOAD CSV.
set -euo pipefail
admin="${{NEO4J_ADMIN:-neo4j-admin}}"
case "$admin" in */*) admin="$(cd "$(dirname "$admin")" && pwd)/$(basename "$admin")" ;; esac
database="${{1:-neo4j}}"
if [ $# -gt 0 ]; then shift; fi
cd "$(dirname "${{BASH_SOURCE[0]}}")"
exec "$admin" database import full "$database" \\
    {body}
"""


def _write_csv(path: Path, header: Sequence[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell(v) for v in row] for row in rows)


@register_exporter("neo4j", directory=True,
                   description="Neo4j: CSV files for neo4j-admin import, import.sh and an equivalent load.cypher")
def write_neo4j(data: ExportData, folder: Path) -> int:
    """Write the node and relationship CSV files, ``import.sh`` and ``load.cypher`` into ``folder``; return how many
    claims were written."""
    nodes, relationships = neo4j_files(data)
    try:
        for f in (*nodes, *relationships):
            _write_csv(folder / f.name, f.header, f.rows)
        script = folder / "import.sh"
        script.write_text(import_script(nodes, relationships), encoding="utf-8", newline="\n")
        script.chmod(0o755)
        (folder / "load.cypher").write_text(load_cypher(nodes, relationships), encoding="utf-8", newline="\n")
    except OSError as err:
        raise ExportError(f"{folder}: cannot write the neo4j export: {err.strerror or err}") from None
    return len(nodes[1].rows)
