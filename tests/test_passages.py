"""Markdown read by markdown-it-py, and passages cut from it: the units an answer quotes."""

from __future__ import annotations

from bot import markdown, passages
from bot.content import Content, Document


def test_setext_headings_make_sections_and_urls_and_snake_case_survive():
    text = ("Titel\n=====\n\nSe [sidan](https://example.com/a_b_c) och my_var_name *nu*.\n\n"
            "Under\n-----\n\nMer text.\n")
    preamble, sections = markdown.split_sections(text, "d", 1)
    assert preamble == "" and [(s.title, s.level) for s in sections] == [("Titel", 1), ("Under", 2)]
    assert markdown.plain(sections[0].body) == "Se sidan (https://example.com/a_b_c) och my_var_name nu."


def test_blocks_keep_list_items_and_table_rows_whole():
    text = ("Region Blekinge är medlem i:\n\n- Euroregion Baltic (ERB)\n- Erisa\n\n"
            "| Datum | Moment |\n|---|---|\n| 28 april | Regionstyrelse; beslut |\n")
    blocks = markdown.blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "item", "item", "row"]
    assert blocks[1].lead == "Region Blekinge är medlem i:"
    assert blocks[3].text == "Datum: 28 april — Moment: Regionstyrelse; beslut"


def test_swedish_abbreviations_do_not_end_a_sentence():
    text = ("Det gäller bl.a. ICT och bl. a. transporter. Även t.ex. miljö, m.fl. områden ingår. "
            "Projektet pågår t.o.m. år 2012. Nästa mening.")
    assert passages.sentences(text) == [
        "Det gäller bl.a. ICT och bl. a. transporter.",
        "Även t.ex. miljö, m.fl. områden ingår.",
        "Projektet pågår t.o.m. år 2012.",
        "Nästa mening.",
    ]


def test_passages_are_sentence_pairs_items_with_their_lead_and_rows():
    body = ("Första meningen här. Andra meningen där. Tredje meningen sist.\n\n"
            "Programmen är följande:\n\n- Interreg\n- Horisont 2020\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    _, sections = markdown.split_sections(f"## Avsnitt\n\n{body}", "doc", 1)
    doc = Document("doc", "Dok", "Org", "2020", "test", "doc.md", sections=sections)
    cut = passages.of_content(Content([doc], []))
    assert [(p.kind, p.text) for p in cut] == [
        ("sentence", "Första meningen här. Andra meningen där."),
        ("sentence", "Andra meningen där. Tredje meningen sist."),
        ("sentence", "Programmen är följande:"),
        ("item", "Interreg"),
        ("item", "Horisont 2020"),
        ("row", "A: 1 — B: 2"),
    ]
    assert cut[3].context == "Programmen är följande:" and cut[0].section == "doc#avsnitt"
    assert len({p.key for p in cut}) == len(cut)  # each passage text has its own vector key


def test_a_table_row_carries_the_sentence_that_introduces_its_table():
    # the row's cells name only the project and the sums; what the sums are stands before the table
    body = ("Regionen satsar på samarbete. Tabellen visar den regionala finansieringen per insats i kronor.\n\n"
            "| Insats | Totalt |\n|---|---|\n| Havsvind | 100 000 |\n| Skogsväg | 200 000 |\n\n"
            "- En punkt\n\n| C | D |\n|---|---|\n| 3 | 4 |\n")
    _, sections = markdown.split_sections(f"## Budget\n\n{body}", "doc", 1)
    doc = Document("doc", "Dok", "Org", "2020", "test", "doc.md", sections=sections)
    rows = [p for p in passages.of_content(Content([doc], [])) if p.kind == "row"]
    intro = "Tabellen visar den regionala finansieringen per insats i kronor."
    assert [(p.text, p.context) for p in rows] == [
        ("Insats: Havsvind — Totalt: 100 000", intro),
        ("Insats: Skogsväg — Totalt: 200 000", intro),
        ("C: 3 — D: 4", ""),  # a table after a list has no sentence introducing it
    ]
    assert "regionala finansieringen" in rows[0].embed_text  # found by meaning too
