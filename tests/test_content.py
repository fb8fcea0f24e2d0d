from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot import content, text
from bot.errors import ContentError

from .conftest import DATA, SEED, SHIPPED_CONTENT, make_content


@pytest.fixture(scope="module")
def shipped() -> content.Content:
    return content.load(SHIPPED_CONTENT)


def test_shipped_content_is_valid(shipped: content.Content):
    assert len(shipped.documents) == 1
    kinds = {r.kind for r in shipped.records}
    assert kinds == {"area", "project", "organisation", "event", "priority_area", "partner_region", "office",
                     "term", "faq", "contact"}


def _seed_body() -> str:
    seed = SEED.read_text(encoding="utf-8")
    return seed[seed.index("Regional tillväxt och attraktivitet genom internationellt samarbete\n\nBlekinge"):]


def test_document_carries_every_sentence_of_the_seed(shipped: content.Content):
    doc = shipped.documents[0]
    md = " ".join(text.words(doc.preamble + " " + " ".join(s.title + " " + s.body for s in doc.sections)))
    missing = []
    for paragraph in _seed_body().split("\n"):
        for cell in re.split(r"\t|</?p>", paragraph):
            words = " ".join(text.words(cell))
            if words and words not in md:
                missing.append(cell.strip())
    assert missing == []


def test_document_has_one_heading_per_section_in_order(shipped: content.Content):
    titles = [s.title for s in shipped.documents[0].sections]
    expected = ["Inledning", "Regional tillväxt och attraktivitet genom internationellt samarbete", "Vision",
                "Övergripande mål", "Fokus", "Internationell strategi", "Tillvägagångssätt",
                "Geografiskt prioriterade samarbetsområden", "Geografiskt närområde",
                "Intressanta europeiska regioner", "EU-nivå", "Tillväxtmarknader globalt",
                "Globalt samarbete mellan regioner, universitet och näringsliv", "Indien", "Kina", "Ryssland",
                "Schematisk översikt över de geografiskt prioriterade samarbetsområdena",
                "Medlemskap i europeiska organisationer", "Sydsveriges kontor i Bryssel", "EuropaDirekt Blekinge",
                "Internationella projekt", "Insatsområde 3: Hållbarhet och tillgänglighet",
                "Baltic Master II - från tanke till handling", "East West TC II", "TransBaltic", "Moment", "SoNorA",
                "Insatsområde 5: Attraktivitet och regional identitet",
                "Yc³ (Youth Cross-border Cooperation and Communication)", "Handlingsplaner",
                "TIDPLAN för framtagning av internationell strategi"]
    assert titles == expected
    table = next(s for s in shipped.documents[0].sections if s.title.startswith("Schematisk"))
    assert table.body.startswith("|  | Geografiskt närområde | Framstående europeiska regioner | EU/Bryssel |")


def test_records_carry_every_project_with_its_facts(shipped: content.Content):
    projects = {r.name: r.fields for r in shipped.records if r.kind == "project"}
    assert set(projects) == {"Baltic Master II", "East West TC II", "TransBaltic", "Moment", "SoNorA", "Yc³"}
    bm = projects["Baltic Master II"]
    assert (bm["role"], bm["partners"], bm["start"], bm["end"], bm["budget"], bm["flagship"]) == (
        "lead_partner", 48, "2009-01", "2012-01", "fyra miljoner euro", True)
    assert projects["East West TC II"]["countries"] == ["Danmark", "Sverige", "Tyskland", "Litauen", "Ryssland",
                                                         "Vitryssland"]
    assert projects["Moment"]["owner"] == "regionforbundet-kalmar"
    assert projects["SoNorA"]["role"] == "associated_partner"
    assert projects["TransBaltic"]["start"] == "2009-06" and projects["TransBaltic"]["duration_years"] == 3
    assert [projects[p]["areas"] for p in ("Yc³", "SoNorA")] == [["io5"], ["io3"]]


def test_records_carry_organisations_timeline_areas_and_regions(shipped: content.Content):
    by_kind: dict[str, dict[str, dict]] = {}
    for r in shipped.records:
        by_kind.setdefault(r.kind, {})[r.id] = r.fields
    members = sorted(r["name"] for r in by_kind["organisation"].values() if r["relation"] == "member")
    assert members == sorted(["Euroregion Baltic", "Erisa", "Errin", "Östersjökommissionen inom CPMR",
                              "Baltic Link Association", "Öresundsinstitutet"])
    follows = sorted(r["name"] for r in by_kind["organisation"].values() if r["relation"] == "follows")
    assert follows == ["Baltic Development Forum", "Baltic Sea States Subregional Cooperation"]
    dates = sorted(e["date"] for e in by_kind["event"].values())
    assert dates == ["2010-01-29", "2010-02-15", "2010-03-15", "2010-03-26", "2010-03-31", "2010-04-14",
                     "2010-04-28", "2010-05-05", "2010-12-31"]
    assert by_kind["event"]["regionstyrelse-2010"]["body"] == "regionstyrelsen"
    assert [by_kind["area"][f"io{n}"]["number"] for n in range(1, 6)] == [1, 2, 3, 4, 5]
    assert by_kind["area"]["io3"]["variant_names"] == ["Hållbarhet och tillgänglighet"]
    pa = by_kind["priority_area"]
    assert pa["europeiska-regioner"]["areas"] == ["io1", "io2", "io4"]
    assert pa["europeiska-regioner"]["areas_table"] == ["io1", "io2", "io5"]
    assert pa["tillvaxtmarknader-globalt"]["areas"] == ["io1", "io3", "io4"]
    assert pa["tillvaxtmarknader-globalt"]["areas_table"] == ["io1", "io3"]
    assert pa["geografiskt-naromrade"]["countries"] == ["Finland", "Estland", "Lettland", "Litauen", "Polen",
                                                        "Tyskland", "Danmark", "Ryssland"]
    regions = by_kind["partner_region"]
    assert regions["andhra-pradesh"]["population"] == "80 miljoner invånare"
    assert regions["shanghai"]["population"] == "17 miljoner invånare"
    assert {"kaliningrad", "st-petersburg"} <= set(regions)
    assert {"brysselkontoret", "europa-direkt-blekinge"} <= set(by_kind["office"])


def test_shipped_contacts_invent_nobody(shipped: content.Content):
    contacts = [r for r in shipped.records if r.kind == "contact"]
    assert sorted(r.name for r in contacts) == ["Karlshamns kommun", "Karlskrona kommun", "Landstinget Blekinge",
                                                "Olofströms kommun", "Ronneby kommun", "Sölvesborgs kommun"]
    assert all(not r.fields.get(k) for r in contacts for k in ("name", "email", "phone", "title"))


def test_every_faq_answer_is_grounded_in_a_section(shipped: content.Content):
    for r in shipped.records:
        if r.kind == "faq":
            assert r.sections, r.id


def test_a_folder_with_only_one_document_is_valid(tmp_path: Path):
    root = make_content(tmp_path, {"documents/x.md": DATA / "small" / "documents" / "x.md"})
    loaded = content.load(root)
    assert [s.title for s in loaded.documents[0].sections] == ["Cykelvägar", "Östersjöstrategin", "Budget"]
    assert loaded.records == []


BROKEN = {
    "syntax.yaml": "content/insatsomraden.yaml:3: YAML syntax error: mapping values are not allowed here — "
                   "put quotes around a value that contains ': '",
    "duplicate_key.yaml": "content/insatsomraden.yaml:4: duplicate field 'name' (first on line 3) — "
                          "keep one of them; YAML would silently use only the last",
    "unknown_field.yaml": "content/insatsomraden.yaml:4: unknown field 'nmae_en' — did you mean 'name_en'?",
    "bad_number.yaml": "content/insatsomraden.yaml:2: number: 'ett' is not a whole number — write digits only, e.g. 48",
    "unknown_section.yaml": "content/insatsomraden.yaml:4: section: no section 'Inledningen' — "
                            "did you mean 'Inledning'?",
}


@pytest.mark.parametrize("fixture", sorted(BROKEN))
def test_broken_area_files_report_the_exact_line(tmp_path: Path, fixture: str):
    root = make_content(tmp_path, {"documents/doc.md": DATA / "broken" / "doc.md",
                                   "insatsomraden.yaml": DATA / "broken" / fixture})
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [BROKEN[fixture]]


def test_bad_date_and_unknown_reference(tmp_path: Path):
    root = make_content(tmp_path, {"documents/doc.md": DATA / "broken" / "doc.md",
                                   "timeline.yaml": DATA / "broken" / "bad_date.yaml",
                                   "projects.yaml": DATA / "broken" / "unknown_ref.yaml"})
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [
        "content/projects.yaml:3: areas: unknown insatsområde 'io9' — use the id of an existing area record",
        "content/timeline.yaml:2: date: '2010-02-30' is not a real date — check the month (01–12) and the day "
        "of the month",
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path):
    root = make_content(tmp_path, {
        "documents/doc.md": DATA / "broken" / "doc.md",
        "projects.yaml": "- id: Bad Id\n  name: X\n  areas: io1\n  purpose: p\n  section: Inledning\n"
                         "- id: y\n  name: Y\n  purpose: p\n  section: Inledning\n  flagship: kanske\n",
        "notes.yaml": "- a: 1\n",
    })
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [
        "content/notes.yaml:1: unknown content file 'notes.yaml' — rename it to one of: contacts.yaml, faq.yaml, "
        "glossary.yaml, insatsomraden.yaml, offices.yaml, organisations.yaml, partner_regions.yaml, "
        "priority_areas.yaml, projects.yaml, timeline.yaml (or NAME-something.yaml for more of a kind)",
        "content/projects.yaml:1: id: 'Bad Id' is not a valid id — use lower-case letters a–z, digits and hyphens only",
        "content/projects.yaml:6: project record lacks required field 'areas' — add `areas: …` — the insatsområden "
        "ids, e.g. [io3]",
        "content/projects.yaml:10: flagship: 'kanske' is not true or false — write true or false",
    ]


def test_duplicate_ids_and_aliases(tmp_path: Path):
    root = make_content(tmp_path, {
        "documents/doc.md": DATA / "broken" / "doc.md",
        "organisations.yaml": "- id: a\n  name: Alfa\n  aliases: [AL]\n  relation: member\n  description: d\n"
                              "  section: Inledning\n"
                              "- id: a\n  name: Beta\n  aliases: [al]\n  relation: member\n  description: d\n"
                              "  section: Inledning\n",
    })
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [
        "content/organisations.yaml:7: alias 'al' of 'a' is also a name of 'a' (content/organisations.yaml:1) — "
        "remove it from one of them, "
        "or make it more specific",
        "content/organisations.yaml:7: duplicate id 'a' (also content/organisations.yaml:1) — give each record its "
        "own id",
    ]


def test_non_utf8_and_missing_front_matter(tmp_path: Path):
    root = make_content(tmp_path, {"documents/a.md": "# Rubrik\n\nText\n"})
    (root / "faq.yaml").write_bytes(b"- id: x\n  question: \xe5\n")
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [
        "content/documents/a.md:1: the document has no front matter — start it with --- lines holding title:, "
        "organisation:, period:, source:",
        "content/faq.yaml:2: the file is not UTF-8 text — save it as UTF-8",
    ]


def test_load_raises_content_error_with_all_problems(tmp_path: Path):
    root = make_content(tmp_path, {"documents/doc.md": DATA / "broken" / "doc.md",
                                   "insatsomraden.yaml": DATA / "broken" / "bad_number.yaml"})
    with pytest.raises(ContentError) as info:
        content.load(root)
    assert len(info.value.problems) == 1


def test_fingerprint_changes_with_content(content_copy: Path):
    before = content.fingerprint(content_copy)
    path = content_copy / "faq.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert content.fingerprint(content_copy) != before
    shutil.rmtree(content_copy / "documents")
    assert content.fingerprint(content_copy) not in (before,)


def test_more_files_of_a_kind_are_read(tmp_path: Path, content_copy: Path):
    """An editor adds `projects-2014.yaml` beside `projects.yaml`: its records are projects too."""
    (content_copy / "projects-2014.yaml").write_text(
        "- id: testprojekt\n  name: Testprojekt\n  areas: [io1]\n  purpose: Att pröva.\n"
        "  section: Internationella projekt\n", encoding="utf-8")
    loaded = content.load(content_copy)
    assert [r.kind for r in loaded.records if r.id == "testprojekt"] == ["project"]


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path):
    root = make_content(tmp_path, {"documents/a.md": DATA / "small" / "documents" / "x.md"})
    with open(root / "projects.yaml", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    _, problems = content.check(root)
    assert [str(p) for p in problems] == [
        "content/projects.yaml:1: the file is 51,200 kB; a content .yaml file may be at most 256 kB — remove what "
        "does not belong in it; content files are hand-written"]


def test_a_link_to_a_markdown_file_outside_the_content_is_refused(tmp_path: Path):
    root = make_content(tmp_path, {"documents/a.md": DATA / "small" / "documents" / "x.md"})
    outside = tmp_path / "elsewhere.md"
    shutil.copy(DATA / "small" / "documents" / "x.md", outside)
    (root / "documents" / "b.md").symlink_to(outside)
    (root / "documents" / "c.md").symlink_to(root / "documents" / "a.md")  # inside: fine (same id check aside)
    _, problems = content.check(root)
    assert "content/documents/b.md:1: the file is a link to a file outside the content folder — copy the file into " \
           "the content folder instead of linking to it" in [str(p) for p in problems]
    assert not any("documents/c.md" in str(p) and "link" in str(p) for p in problems)


def test_hostile_yaml_leaves_the_old_index_answering(run_cli, tmp_path: Path):
    root = make_content(tmp_path, {"documents/a.md": DATA / "small" / "documents" / "x.md"})
    ix = tmp_path / "index"
    assert run_cli(["--content", str(root), "--index", str(ix), "index"]).status == 0
    shutil.copy(DATA / "hostile" / "deep_nesting.yaml", root / "projects.yaml")
    result = run_cli(["--content", str(root), "--index", str(ix), "ask", "regionstyrelsen"])
    assert result.status == 0 and "answering from the previous index" in result.err
    assert "content/projects.yaml:3: values nested more than 40 levels deep" in result.err
    result = run_cli(["--content", str(root), "--index", str(ix), "index"])
    assert result.status == 1 and "Traceback" not in result.err
