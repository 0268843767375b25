"""Bounded work (issue 26): pieces of a text too large to hold whole, bisected look-backs, DOCX limits."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import InputError
from extractor.model import Mention
from extractor.pipeline import Extractor
from extractor.read.docx_text import MAX_XML_BYTES, docx_to_text
from extractor.run import task
from extractor.run.task import Task, process_task
from extractor.text.pieces import (FIGURE, PIECE_CHARS, bounded_pieces, has_long_clause, many_figures, needs_pieces,
                                   text_pieces)

from .format_fixtures import docx_bytes

NAMES = ["华信", "远达", "恒通", "金桥", "瑞丰", "博远", "广汇", "启明"]
# A made-up list of the genre: one sentence, a company and its amount per clause.
LIST_SENTENCE = "本市重点项目中，" + "".join(f"{name}电子科技有限公司总投资{i + 1}亿元，" for i, name in enumerate(NAMES)) + "共计36亿元。"
GENRE = ("2023年，全区规模以上工业企业达到579家，比上年增加12家；实现工业总产值1186.4亿元，同比增长7.6%。\n"
         "其中，华信电子科技有限公司总投资15亿元，建成后年产值约30亿元。三次产业结构调整为3.9:33.1:63.0。\n"
         "全区新增高新技术企业101家、科技型中小企业300余家，分别增长10%和12%。")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="1.亿元约，。、\n甲乙", max_size=300), st.integers(1, 40), st.integers(1, 9))
def test_pieces_add_up_and_respect_their_bounds(text: str, chars: int, figures: int) -> None:
    pieces = list(text_pieces(text, chars, figures))
    assert "".join(pieces) == text and all(pieces)
    assert all(len(piece) <= chars for piece in pieces)
    assert all(sum(1 for _ in FIGURE.finditer(piece)) <= figures for piece in pieces)


def test_a_piece_ends_at_a_clause_mark_or_before_a_figure_never_inside_one() -> None:
    assert list(text_pieces("1、" * 10, 100, 3)) == ["1、1、1、"] * 3 + ["1、"]
    pieces = list(text_pieces("约1.5亿元" * 10, 13, 9))
    assert all(piece.startswith("1.5亿元") or piece.startswith("约1.5亿元") for piece in pieces)
    assert list(text_pieces("上半年增长5%。\n下半年增长6%。", 100, 1)) == ["上半年增长5%。\n", "下半年增长6%。"]


def test_which_texts_are_extracted_in_pieces() -> None:
    assert many_figures("1、" * 50_001) and not many_figures("1、" * 40_000)
    assert has_long_clause("甲" * 300_000) and not has_long_clause(("甲" * 1_000 + "\n") * 300)
    assert has_long_clause("甲，" + "甲" * 300_000 + "。") and not has_long_clause("某某公司投资1亿元，" * 30_000)
    assert not needs_pieces(GENRE * 100)
    paragraph = "全区规模以上工业企业实现营业收入增长，新建项目进展顺利。\n"  # no figure, short lines
    assert needs_pieces(paragraph * (1_000_000 // len(paragraph) + 1)) and not needs_pieces(paragraph * 30_000)


def test_pieces_give_the_mentions_of_the_whole_text(extractor: Extractor) -> None:
    """Cut at clause marks, a text gives the same mentions, offsets and sentence numbers in
    pieces as whole: a piece that ends inside a sentence continues its sentence number."""
    text = GENRE + "\n" + LIST_SENTENCE
    whole, _ = extractor.extract_document(text, "d")
    in_pieces = [item for kind, item in extractor.extract_chunks(lambda: text_pieces(text, 40, 6), "d")
                 if kind == "mentions"]
    numbers = [m for m in whole if m.type in ("number", "ratio")]
    assert [m for m in in_pieces if m.type in ("number", "ratio")] == numbers
    assert all(text[m.start:m.end] == m.text for m in in_pieces)


def test_owner_is_the_company_right_before_each_amount_of_a_long_list(extractor: Extractor) -> None:
    text = LIST_SENTENCE * 3
    mentions, facts = extractor.extract_document(text)
    orgs = [m for m in mentions if m.type == "org" and m.canonical is None]
    by_id = {m.id: m for m in mentions}
    checked = 0
    for fact in facts:
        number = by_id[fact.mention_id]
        before = [o for o in orgs if o.end <= number.start and o.sentence == number.sentence]
        if before and text[before[-1].end:number.start] == "总投资":
            assert fact.owner == before[-1].name and fact.subject == "总投资"
            checked += 1
    assert checked >= 3 * (len(NAMES) - 1)


def _docx_with_document_xml(document: bytes) -> bytes:
    """A small real DOCX with its word/document.xml replaced."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(["全区共有12家企业。"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, document if member.filename == "word/document.xml" else source.read(member))
    return out.getvalue()


def test_a_docx_whose_xml_inflates_like_a_bomb_is_refused_before_parsing() -> None:
    paragraph = "<w:p><w:r><w:t>全区共有12家企业。</w:t></w:r></w:p>".encode("utf-8")
    namespace = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = paragraph * (2 * 2**20 // len(paragraph))
    bomb = _docx_with_document_xml(b"<w:document " + namespace + b"><w:body>" + body + b"</w:body></w:document>")
    with pytest.raises(InputError, match="inflates .* times"):
        docx_to_text(bomb)
    big = _docx_with_document_xml(b"<w:document " + namespace + b"><w:body>"
                                  + body * (MAX_XML_BYTES // len(body) + 1) + b"</w:body></w:document>")
    with pytest.raises(InputError, match="XML"):
        docx_to_text(big)
    assert "12家" in docx_to_text(docx_bytes(["全区共有12家企业。"]))


def test_a_document_extracted_in_pieces_gives_the_rows_of_the_whole(tmp_path: Path, extractor: Extractor,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "genre.txt"
    path.write_text(GENRE, encoding="utf-8")
    whole = process_task(Task(str(path), "genre", None), extractor)
    monkeypatch.setattr(task, "needs_pieces", lambda text: True)
    pieces = process_task(Task(str(path), "genre", None), extractor)
    assert pieces.document == whole.document
    assert pieces.texts == whole.texts


def test_mention_fields_survive_the_pieces_path(extractor: Extractor) -> None:
    """Sentence numbers stay those of the whole text when a piece ends mid-sentence."""
    text = "甲" * 10 + "，" + "共有12家企业，3个项目。下一句有5家。"
    found = [item for kind, item in extractor.extract_chunks(lambda: text_pieces(text, 12, 9), "d") if kind == "mentions"]
    whole = extractor.extract(text, "d")
    assert [(m.text, m.sentence) for m in found if isinstance(m, Mention)] == [(m.text, m.sentence) for m in whole]


def test_a_file_chunk_holding_a_line_too_long_is_cut_to_pieces_of_a_held_text() -> None:
    """A file's line that runs on for megabytes reaches the pieces in chunks of a million characters;
    its words would be held at once for the whole chunk."""
    line = "新建厂房项目总投资1亿元" * 60_000
    pieces = list(bounded_pieces([line, "全区共有12家企业。\n"]))
    assert "".join(pieces) == line + "全区共有12家企业。\n"
    assert len(pieces) > 2 and max(map(len, pieces)) <= PIECE_CHARS
    assert pieces[-1] == "全区共有12家企业。\n"


def test_the_facts_stage_tags_bounded_windows_of_a_clause_without_marks(extractor: Extractor, monkeypatch) -> None:
    # A page read as one sentence: each count's look-back once tagged the whole text before it (O(n^2) memory in the tag cache)
    from extractor.facts.context import LOOKBACK
    from extractor.text.segment import Segmenter

    lengths: list[int] = []
    tag = Segmenter.tag
    monkeypatch.setattr(Segmenter, "tag", lambda self, window: lengths.append(len(window)) or tag(self, window))
    clause = "全区新建3个标准厂房并启动园区道路改造工程" * 300  # about 6,600 characters and 300 counts, no mark
    facts = extractor.extract_document(clause + "。")[1]
    assert len(facts) >= 300 and lengths
    assert max(lengths) <= LOOKBACK + 40
