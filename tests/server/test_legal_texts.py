"""Legal texts (issue 18): versioned, in Turkish and English, pulled by every till; the
built-in KVKK notice template and consent wordings until the retailer stores its own."""

from __future__ import annotations

from sync.protocol import LegalTextData
from sync.protocol.facts.customers import CONSENT_PURPOSES
from tests.server.conftest import Backend
from tests.server.test_sync_pull import snapshot_all

API = "/api/v1"


def test_builtin_texts_until_one_is_stored(backend: Backend) -> None:
    backend.store()
    t = backend.enrol()
    items, pages = snapshot_all(backend, t, "legal_text", limit=2)
    assert pages == 3
    assert [i["key"] for i in items] == sorted(CONSENT_PURPOSES)
    for item in items:
        data = LegalTextData.model_validate(item["data"])
        assert data.version == "builtin-1" and set(data.texts) == {"tr", "en"}
        assert data.texts["tr"].startswith("[ŞABLON") and data.texts["en"].startswith("[TEMPLATE")
    notice = backend.client.get(f"{API}/legal-texts/kvkk_notice", headers=backend.admin).json()
    assert notice["version"] == "builtin-1" and notice["stored_versions"] == []
    tr, en = notice["texts"]["tr"], notice["texts"]["en"]
    # What KVKK art. 10 asks the notice to say, and the rights of art. 11.
    for words in ("Veri sorumlusu", "Hukuki sebepler", "Aktarım", "KVKK m. 11", "silinmesini"):
        assert words in tr
    for words in ("Data controller", "Legal bases", "Transfers", "Art. 11", "erasure"):
        assert words in en


def test_a_new_version_is_stored_and_pulled(backend: Backend) -> None:
    backend.store()
    t = backend.enrol()
    head = backend.client.get("/sync/v1/pull", headers=t.headers).json()["cursor"]
    body = {"version": "2027-01", "texts": {"tr": "Aydınlatma metni", "en": "Privacy notice"}}
    r = backend.client.put(f"{API}/legal-texts/kvkk_notice", json=body, headers=backend.admin)
    assert r.status_code == 201, r.text
    assert r.json()["version"] == "2027-01"
    assert [v["version"] for v in r.json()["stored_versions"]] == ["2027-01"]
    pulled = backend.client.get("/sync/v1/pull", params={"cursor": head}, headers=t.headers).json()[
        "changes"
    ]
    [change] = [c for c in pulled if c["collection"] == "legal_text"]
    assert change["scope"] == "global" and change["key"] == "kvkk_notice"
    assert change["data"] == {
        "purpose": "kvkk_notice",
        "version": "2027-01",
        "texts": {"tr": "Aydınlatma metni", "en": "Privacy notice"},
    }
    items, _ = snapshot_all(backend, t, "legal_text")
    versions = {i["key"]: i["data"]["version"] for i in items}
    assert versions["kvkk_notice"] == "2027-01" and versions["marketing_sms"] == "builtin-1"
    # The same again is a repeat; the same version with other words is refused.
    again = backend.client.put(f"{API}/legal-texts/kvkk_notice", json=body, headers=backend.admin)
    assert again.status_code == 200
    other = body | {"texts": {"tr": "Başka", "en": "Other"}}
    clash = backend.client.put(f"{API}/legal-texts/kvkk_notice", json=other, headers=backend.admin)
    assert clash.status_code == 409 and clash.json()["error"] == "legal_text_version_exists"


def test_bad_legal_texts_are_refused(backend: Backend) -> None:
    def put(purpose: str, body: object) -> tuple[int, str]:
        r = backend.client.put(f"{API}/legal-texts/{purpose}", json=body, headers=backend.admin)
        return r.status_code, r.json()["error"]

    # Both languages, each with some text (not only spaces or control characters).
    only_tr = {"version": "v2", "texts": {"tr": "Metin"}}
    assert put("kvkk_notice", only_tr) == (422, "malformed")
    for blank in ("  ", "\x01\n"):
        body = {"version": "v2", "texts": {"tr": "Metin", "en": blank}}
        assert put("kvkk_notice", body) == (422, "malformed")
    assert (
        put("kvkk_notice", {"version": "v2", "texts": {"tr": "a", "en": "b", "de": "c"}})[0] == 422
    )
    assert put("birthday", {"version": "v2", "texts": {"tr": "a", "en": "b"}}) == (
        404,
        "unknown_purpose",
    )
    assert put("kvkk_notice", {"version": "builtin-1", "texts": {"tr": "a", "en": "b"}}) == (
        409,
        "legal_text_version_exists",
    )
    assert put("kvkk_notice", {"version": "has space", "texts": {"tr": "a", "en": "b"}})[0] == 422
    assert (
        backend.client.get(f"{API}/legal-texts/birthday", headers=backend.admin).status_code == 404
    )
