"""The HTML pages over a real database: content, links between them, escaping and error pages."""

from __future__ import annotations

import re

from claimgraph.query import ClaimFilter, find_claims
from claimgraph.store import Store


def test_home_and_search_link_to_entities_documents_and_claims(client):
    home = client.get("/").text
    assert "documents" in home and "/documents/" in home
    found = client.get("/", params={"q": "Iran"}).text
    assert re.search(r'href="/entities/e-[0-9a-f]+"[^>]*>Iran<', found)
    assert 'href="/claims/c-' in client.get("/", params={"q": "drones"}).text


def test_entity_page_has_profile_roles_neighbours_and_claims(client, iran_id):
    page = client.get(f"/entities/{iran_id}").text
    assert "Q794" in page and "supplier" in page
    assert 'href="/edges?source=' in page  # neighbours link to the claims behind each edge
    supplier = client.get(f"/entities/{iran_id}", params={"role": "supplier"}).text
    assert supplier.count('class="claim-link"') >= 3


def test_claim_page_highlights_the_evidence_in_the_source_text(client, web_db):
    with Store.open(web_db, read_only=True) as store:
        claim = find_claims(store, ClaimFilter(type="transfer", entity="Russia", limit=1))[0]
    page = client.get(f"/claims/{claim.id}").text
    mark = re.search(r'<mark class="evidence-mark">(.*?)</mark>', page, re.S)
    assert mark and mark.group(1) == claim.evidence[0].text.replace("'", "&#39;").replace('"', "&#34;")
    assert 'href="/ledger/l-' in page


def test_document_view_labels_every_claim(client, web_db):
    with Store.open(web_db, read_only=True) as store:
        doc = store.get_document("seed-iran-international-2022-08-05")
        claims = store.claims(doc.id)
    page = client.get(f"/documents/{doc.id}").text
    assert page.count('<li id="c-') == len(claims)
    assert page.count('class="label t-') >= 2 * len(claims)  # a label in the text and one in the list
    assert 'class="hl t-transfer"' in page


def test_ledger_pages_show_conflicts_and_history(client):
    listing = client.get("/ledger", params={"contested": "true"}).text
    entry_id = re.search(r'href="/ledger/(l-[0-9a-f]+)"', listing).group(1)
    page = client.get(f"/ledger/{entry_id}").text
    assert "Status history" in page and "Conflicting values" in page and ">46<" in page and ">60<" in page


def test_network_page_lists_edges_without_javascript(client):
    page = client.get("/network", params={"type": "transfer"}).text
    assert page.count('class="edge-link"') >= 3 and "graph-data" in page
    edge = re.search(r'class="edge-link" href="(/edges\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert 'class="claim-link"' in client.get(edge).text


def test_timeline_orders_claims_by_time(client, iran_id):
    page = client.get("/timeline", params={"entity": iran_id}).text
    years = [int(y) for y in re.findall(r'<li class="year">(\d{4})</li>', page)]
    assert years and years == sorted(years)


def test_text_is_escaped_never_markup(client):
    page = client.get("/", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_unknown_ids_are_404_pages_and_bad_parameters_422_pages(client):
    for url in ("/entities/e-0", "/claims/c-0", "/ledger/l-0", "/documents/none", "/no/such/page",
                "/timeline?entity=e-0"):
        r = client.get(url)
        assert r.status_code == 404 and "<h1>404</h1>" in r.text, url
    for url in ("/network?since=soon", "/network?type=x", "/ledger?limit=-5", "/edges?source=a&target=b&type=x"):
        r = client.get(url)
        assert r.status_code == 422 and "<h1>422</h1>" in r.text, url


def test_rival_suppliers_show_as_competing_accounts(client):
    listing = client.get("/ledger", params={"contested": "true", "type": "transfer"}).text
    ids = re.findall(r'href="/ledger/(l-[0-9a-f]+)"', listing)
    pages = [client.get(f"/ledger/{i}").text for i in ids]
    rival = [p for p in pages if "Competing accounts" in p]
    assert rival and any("Belarus" in p for p in rival)


def test_network_page_offers_the_sources_most_cited_first(client, web_db):
    with Store.open(web_db, read_only=True) as store:
        counts = store.read("SELECT e.id, e.name, COUNT(*) FROM claims c JOIN entities e ON e.id = c.source_entity_id "
                            "GROUP BY e.id, e.name")
    assert counts  # the seed cites sources
    expected = [sid for sid, name, n in sorted(counts, key=lambda r: (-r[2], r[1]))][:100]
    page = client.get("/network").text
    menu = page[page.index('<select name="source">'):]
    menu = menu[:menu.index("</select>")]
    assert re.findall(r'<option value="(e-[0-9a-f]+)"', menu) == expected
