"""The JSON API over a real database: the same answers as the query layer, bad input answered clearly."""

from __future__ import annotations

import pytest

from claimgraph.query import ClaimFilter, find_claims, stored_ledger
from claimgraph.store import Store


def test_openapi_describes_every_api_route(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/entities/{entity_id}", "/api/entities/{entity_id}/claims", "/api/claims/{claim_id}",
            "/api/ledger", "/api/ledger/{entry_id}", "/api/documents/{doc_id}", "/api/network",
            "/api/timeline"} <= paths
    assert not any(p.startswith("/entities") for p in paths)  # pages are not API


def test_entity_profile_and_neighbours(client, iran_id):
    body = client.get(f"/api/entities/{iran_id}").json()
    assert body["entity"]["name"] == "Iran" and body["entity"]["kb_id"] == "Q794"
    assert body["roles"]["supplier"] >= 3
    names = {n["name"] for n in body["neighbours"]["nodes"]}
    assert {"Russia", "Palestinian Islamic Jihad"} <= names
    page = client.get(f"/api/entities/{iran_id}/claims", params={"role": "supplier", "limit": 2}).json()
    assert len(page) == 2 and all(c["args"]["supplier"]["id"] == "Q794" for c in page)


def test_claim_ledger_and_document_agree_with_the_store(client, web_db):
    with Store.open(web_db, read_only=True) as store:
        claims = find_claims(store, ClaimFilter(type="transfer", entity="Russia", limit=None))
        entries = stored_ledger(store, type="transfer", limit=None)
    first = client.get(f"/api/claims/{claims[0].id}").json()
    assert first["id"] == claims[0].id and first["evidence"][0]["text"] == claims[0].evidence[0].text
    assert first["ledger"]
    entry = client.get(f"/api/ledger/{first['ledger'][0]}").json()
    assert claims[0].id in {c["id"] for c in entry["claims"]}
    listed = client.get("/api/ledger", params={"type": "transfer", "limit": 1000}).json()
    assert [e["id"] for e in listed] == [e.id for e in entries]
    contested = client.get("/api/ledger", params={"contested": "true"}).json()
    delivery = next(e for e in contested if e["args"].get("recipient", {}).get("name") == "Russia"
                    and e["documents"] >= 3)
    assert set(delivery["conflicts"]["quantity"]) == {"46", "60"}
    doc = client.get("/api/documents/report-0").json()
    assert doc["name"] == "report-0" and doc["claims"][0]["doc"] == "report-0"


def test_network_filters(client):
    everything = client.get("/api/network").json()
    transfers = client.get("/api/network", params={"type": "transfer"}).json()
    assert transfers["edges"] and all(e["type"] == "transfer" for e in transfers["edges"])
    assert len(transfers["edges"]) < len(everything["edges"])
    later = client.get("/api/network", params={"since": "2022-10-18"}).json()
    assert later["edges"] and len(later["edges"]) < len(everything["edges"])
    denied = client.get("/api/network", params={"status": "denied"}).json()
    assert all("denied" in e["statuses"] for e in denied["edges"])
    one = client.get("/api/network", params={"limit": 1}).json()
    assert len(one["edges"]) == 1 and one["truncated"]


def test_search_treats_syntax_as_data(client):
    assert client.get("/api/search", params={"q": "drones"}).json()["hits"]
    for hostile in ['"', "drones OR *", "x'); DROP TABLE claims; --", "NEAR(a b)", "%", "_", "\\"]:
        r = client.get("/api/search", params={"q": hostile})
        assert r.status_code == 200, hostile
    assert client.get("/api/search", params={"q": "drones"}).json()["hits"]  # still there


@pytest.mark.parametrize(("url", "status", "needle"), [
    ("/api/claims/c-0000", 404, "no claim"),
    ("/api/entities/e-nope", 404, "no entity"),
    ("/api/ledger/l-nope", 404, "no ledger entry"),
    ("/api/documents/nope", 404, "no document"),
    ("/api/network?type=bogus", 422, "unknown claim type"),
    ("/api/network?since=2022-13-01", 422, "not a real date"),
    ("/api/network?until=yesterday", 422, "not an ISO date"),
    ("/api/ledger?limit=abc", 422, "limit"),
    ("/api/ledger?offset=-1", 422, "offset"),
    ("/api/search", 422, "q"),
])
def test_bad_requests_get_a_status_and_a_message(client, url, status, needle):
    r = client.get(url)
    assert r.status_code == status
    assert needle in r.json()["detail"]


def test_huge_page_sizes_are_capped(client, iran_id):
    r = client.get("/api/ledger", params={"limit": 10**9})
    assert r.status_code == 200 and len(r.json()) <= 500
    r = client.get("/api/network", params={"limit": 10**9})
    assert r.status_code == 200
    r = client.get(f"/api/entities/{iran_id}/claims", params={"limit": 10**9})
    assert r.status_code == 200 and len(r.json()) <= 500
