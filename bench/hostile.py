"""Hostile inputs (issues 16 and 26): time and peak memory of the whole `extract` command.

Run from the repo root:  .venv/bin/python bench/hostile.py [--only NAME] [--chars N] [--source DIR]

Part one (issue 16): chars/s on one-line pathological files of `--chars` characters.
Part two (issue 26): inputs that grow, each at several sizes that double, so that growth shows as
a ratio: time per character and peak RSS per mention, and the time ratio of each size to the one
before (linear is 2.0; the target is <= 2.3). Each run is one `extract FILE -q --jobs 1
--doc-timeout 0` child process; its CPU time (user + system) and peak RSS come from os.wait4 (that
child alone, forked from a small launcher). CPU time, not wall time, makes the ratios: on a shared machine wall time moves with
the load. `--ten-mb` adds the 10 MB one-sentence text and the same text with its line breaks (the
target: within 2x of each other). The one-sentence text is `--source`'s reports with every space
and punctuation mark removed (default corpus/, one short article repeated; a folder of real
reports such as ../shared/corpus/gwr2026 gives varied text).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Callable, Optional
from xml.sax.saxutils import escape

import regex

PUNCTUATION = regex.compile(r"[\s\p{P}]+")  # what turns a report into one unbroken sentence


def texts(chars: int) -> dict[str, str]:
    return {
        "tiny file (start-up)": "全区共有12家企业。",
        "'1' x N": "1" * chars,
        "'1' x 2,000,000": "1" * 2_000_000,
        "'一' x N": "一" * chars,
        "'1:' x N/2": "1:" * (chars // 2),
        "'一亿' x N/2": "一亿" * (chars // 2),
        "'（' x N": "（" * chars,
        "64 digits + 'x', repeated to N": ("1" * 64 + "x") * (chars // 65),
        # one sentence dense with real figures: each figure's look-backs must stay bounded
        "'1家' x N/2 (one sentence)": "1家" * (chars // 2),
        "'分别1家、' x N/5 (one 分别 list)": "分别1家、" * (chars // 5),
        "'2020年1家' x N/7 (one dated sentence)": "2020年1家" * (chars // 7),
    }


def report_text(source: Path) -> str:
    """The source folder's .txt files joined: a real report's words, figures and names."""
    parts = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.txt"))]
    if not parts:
        raise SystemExit(f"no .txt file in {source}")
    return "\n".join(parts)


def to_bytes(text: str, size: int) -> str:
    """`text` repeated and cut to about `size` UTF-8 bytes (at a character)."""
    encoded = text.encode("utf-8")
    whole = (encoded * (size // len(encoded) + 1))[:size]
    return whole.decode("utf-8", "ignore")


def html_table(size: int) -> str:
    """A page whose main text is one table of company rows, about `size` bytes."""
    row = "<tr><td>某某（天津）有限公司</td><td>新建厂房项目</td><td>投资1亿元</td><td>2023年</td></tr>\n"
    rows = max(1, size // len(row.encode("utf-8")))
    return ("<html><head><meta charset=\"utf-8\"><title>重大项目表</title></head><body>"
            "<h1>2023年重大项目</h1><p>全市重大项目如下。</p><table>" + row * rows + "</table></body></html>")


WORD_NAMESPACE = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bomb(inflated: int) -> bytes:
    """A small DOCX whose word/document.xml inflates to about `inflated` bytes of paragraphs."""
    paragraph = b"<w:p><w:r><w:t>" + "全区共有12家企业。".encode("utf-8") + b"</w:t></w:r></w:p>"
    return docx_package(paragraph * (inflated // len(paragraph)))


def report_docx(report: str, xml_bytes: int) -> bytes:
    """A DOCX whose body is the report's lines as paragraphs (indented, a CJK font size, as Word
    writes them), about `xml_bytes` of document.xml."""
    paragraphs = "".join('<w:p><w:pPr><w:ind w:firstLine="640"/></w:pPr><w:r><w:rPr><w:sz w:val="32"/></w:rPr>'
                         f"<w:t>{escape(line)}</w:t></w:r></w:p>" for line in report.splitlines() if line.strip())
    return docx_package(to_bytes(paragraphs, xml_bytes).rsplit("</w:p>", 1)[0].encode("utf-8") + b"</w:p>")


def docx_package(body: bytes) -> bytes:
    """A DOCX package whose document.xml holds `body` (paragraphs)."""
    document = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + WORD_NAMESPACE \
               + b"><w:body>" + body + b"</w:body></w:document>"
    content_types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                     b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                     b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                     b'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                     b'wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def report_page(report: str, size: int) -> str:
    """A portal's page of about `size` bytes whose article is the report's lines as paragraphs."""
    head = ('<html><head><meta charset="utf-8"><title>政府工作报告</title></head><body><nav><a href="/">首页</a>'
            '<a href="/zw">政务公开</a></nav><div class="article">')
    tail = '</div><footer>主办单位：某某市人民政府办公室 访问量：123456</footer></body></html>'
    paragraphs = "".join(f"<p>{line}</p>\n" for line in report.splitlines() if line.strip())
    return head + to_bytes(paragraphs, size - len((head + tail).encode("utf-8"))) + tail


# name -> (suffix, sizes, make(size, report) -> str or bytes); each size is twice the one before
GROWING: dict[str, tuple[str, tuple[int, ...], Callable]] = {
    "report as one sentence (bytes)": (".txt", (256 * 2**10, 512 * 2**10, 2**20, 2 * 2**20),
                                       lambda size, report: to_bytes(PUNCTUATION.sub("", report), size)),
    "report (bytes)": (".txt", (2_500_000, 5_000_000, 10_000_000), lambda size, report: to_bytes(report, size)),
    "report as an HTML page (bytes)": (".html", (2_500_000, 5_000_000, 10_000_000), lambda size, report: report_page(report, size)),
    "report as a DOCX (bytes of document.xml)": (".docx", (4_000_000, 8_000_000, 16_000_000),
                                                 lambda size, report: report_docx(report, size)),
    "'某某（天津）有限公司投资1亿元，' x N": (".txt", (2_500, 5_000, 10_000, 20_000),
                                      lambda n, _: "某某（天津）有限公司投资1亿元，" * n),
    # a list of companies and their projects: every org and every project of the text at once
    "'某某（天津）有限公司建设江城科技产业园项目，' x N": (".txt", (2_500, 5_000, 10_000, 20_000),
                                          lambda n, _: "某某（天津）有限公司建设江城科技产业园项目，" * n),
    # companies and the works they build, and lists of projects closed by 等 with an org inside each item
    "'华信电子有限公司建设江城电厂，' x N": (".txt", (2_500, 5_000, 10_000, 20_000), lambda n, _: "华信电子有限公司建设江城电厂，" * n),
    "'推进远达物流有限公司研发大楼、博远科技有限公司厂房改造等重点项目建设，' x N": (
        ".txt", (1_250, 2_500, 5_000, 10_000), lambda n, _: "推进远达物流有限公司研发大楼、博远科技有限公司厂房改造等重点项目建设，" * n),
    # companies with their short names, and one zone named again and again (document-wide word tests)
    "'华信电子科技有限公司（以下简称华信电子）投资1亿元，华信电子表示，' x N": (
        ".txt", (1_000, 2_000, 4_000, 8_000), lambda n, _: "华信电子科技有限公司（以下简称华信电子）投资1亿元，华信电子表示，" * n),
    "'国家级江城经济技术开发区、' x N": (".txt", (4_000, 8_000, 16_000, 32_000), lambda n, _: "国家级江城经济技术开发区、" * n),
    "'1、' x N": (".txt", (125_000, 250_000, 500_000, 1_000_000), lambda n, _: "1、" * n),
    "'1亿元' x N": (".txt", (100_000, 200_000, 400_000), lambda n, _: "1亿元" * n),
    # a count announcing a list of its items, each list read to its end (facts/outline.py), in two marker kinds
    "'抓好2个方面：（一）…一是…二是…' x N": (".txt", (10_000, 20_000, 40_000),
                                       lambda n, _: "抓好2个方面：（一）甲方面，一是乙项，二是丙项。" * n),
    # a number naming a class of the noun after it, tagged after its 级 (facts.py `_grade`), one sentence
    "'建成30万吨级泊位2个，' x N": (".txt", (10_000, 20_000, 40_000), lambda n, _: "建成30万吨级泊位2个，" * n),
    "HTML page, one table (bytes)": (".html", (2_500_000, 5_000_000, 10_000_000), lambda size, _: html_table(size)),
    "DOCX, document.xml inflating to (bytes)": (".docx", (200_000_000,), lambda size, _: docx_bomb(size)),
}


# Runs `extract` and prints its CPU time and peak RSS. A child's peak RSS counts the memory of the
# process it was forked from (Linux keeps the high-water mark across exec), so the measured run is
# forked from this small launcher, not from the bench holding the inputs it built.
LAUNCHER = """
import json, os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))
"""


def run_extract(command: list[str], path: Path, out: Path, guard: float) -> tuple[float, float, float, dict]:
    """CPU seconds (user + system), wall seconds, peak RSS (MB) and the documents.jsonl row of one
    `extract PATH -q --jobs 1 --doc-timeout 0` child process."""
    started = time.perf_counter()
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, *command, str(path), "--out", str(out), "-q",
                                 "--jobs", "1", "--doc-timeout", "0"], stdout=subprocess.PIPE, text=True,
                                start_new_session=True)
    try:
        printed, _ = launcher.communicate(timeout=guard)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, 9)  # the launcher and the run it started
        launcher.communicate()
        return 0.0, time.perf_counter() - started, 0.0, {"status": f"killed after {guard:.0f} s"}
    seconds = time.perf_counter() - started
    usage = json.loads(printed)
    documents = out / "documents.jsonl"
    row = json.loads(documents.read_text(encoding="utf-8").splitlines()[0]) if documents.exists() else {}
    return usage["cpu"], seconds, usage["peak_mb"], row


def start_up(command: list[str], work: Path, guard: float) -> float:
    """CPU seconds of a tiny file's run (start-up and writing), the fastest of three."""
    path = work / "tiny.txt"
    path.write_text("全区共有12家企业。", encoding="utf-8")
    return min(run_extract(command, path, work / "out", guard)[0] for _ in range(3))


def growing(command: list[str], work: Path, source: Path, only: Optional[str], guard: float, repeat: int) -> None:
    fixed = start_up(command, work, guard)
    print(f"[growing] start-up (a tiny file's run): {fixed:.2f} CPU s. Times are CPU seconds (user + system) of the "
          f"child, the fastest of {repeat} run(s): on a shared machine wall time moves with the load. 'ratio' is "
          "of the CPU time less start-up, to the size before")
    print("[growing] input | size | chars | CPU s | wall s | CPU us/char | ratio | ratio with start-up | peak MB | "
          "mentions | KB/mention | status")
    report = report_text(source)
    for name, (suffix, sizes, make) in GROWING.items():
        if only and only not in name:
            continue
        before: Optional[float] = None
        for size in sizes:
            content = make(size, report)
            path = work / f"hostile{suffix}"
            (path.write_bytes if isinstance(content, bytes) else lambda t: path.write_text(t, encoding="utf-8"))(content)
            chars = len(content)
            seconds, wall, peak, row = min((run_extract(command, path, work / "out", guard) for _ in range(repeat)),
                                           key=lambda run: run[0])
            mentions = row.get("mention_count") or 0
            ratio = f"{(seconds - fixed) / (before - fixed):.2f}" if before else "-"
            whole = f"{seconds / before:.2f}" if before else "-"
            per_mention = f"{peak * 1024 / mentions:.2f}" if mentions else "-"
            print(f"[growing] {name} | {size:,} | {chars:,} | {seconds:.2f} | {wall:.2f} | {seconds / chars * 1e6:.2f} | {ratio} | "
                  f"{whole} | {peak:.0f} | {mentions:,} | {per_mention} | {row.get('status')} {row.get('reason') or ''}",
                  flush=True)
            before = seconds


def ten_mb(command: list[str], work: Path, source: Path, guard: float) -> None:
    """The 10 MB report as one sentence against the same text with its line breaks."""
    text = report_text(source)
    lines = to_bytes(text, 10 * 2**20)
    flat = to_bytes(PUNCTUATION.sub("", text), 10 * 2**20)
    times = []
    for name, content in (("with line breaks", lines), ("one sentence", flat)):
        path = work / "ten.txt"
        path.write_text(content, encoding="utf-8")
        seconds, wall, peak, row = run_extract(command, path, work / "out", guard)
        times.append(seconds)
        print(f"[10 MB] {name} | {len(content):,} chars | {seconds:.2f} CPU s | {wall:.2f} s | {peak:.0f} MB | "
              f"{row.get('mention_count')} mentions | {row.get('status')}", flush=True)
    print(f"[10 MB] one sentence / with line breaks, CPU time: {times[1] / times[0]:.2f} (target <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=1_000_000, help="characters per one-line text (default 1,000,000)")
    parser.add_argument("--source", type=Path, default=Path("corpus"), help="folder of .txt reports (default corpus/)")
    parser.add_argument("--only", help="run only the growing inputs whose name holds this")
    parser.add_argument("--skip-lines", action="store_true", help="skip part one (issue 16's one-line files)")
    parser.add_argument("--ten-mb", action="store_true", help="add the 10 MB one-sentence comparison")
    parser.add_argument("--guard", type=float, default=600, help="seconds before a run is killed (default 600)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each growing input, the fastest kept (default 1)")
    args = parser.parse_args()
    script = Path(sys.executable).parent / "extract"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "extractor"]
    with tempfile.TemporaryDirectory(prefix="extract-hostile-") as folder:
        work = Path(folder)
        if not args.skip_lines and not args.only:
            for name, text in texts(args.chars).items():
                path = work / "hostile.txt"
                path.write_text(text, encoding="utf-8")
                _, seconds, peak, row = run_extract(command, path, work / "out", args.guard)
                print(f"[hostile] {name:<34} {len(text):>10,} chars {seconds:7.2f} s "
                      f"{len(text) / seconds:>12,.0f} chars/s {peak:6.0f} MB  {row.get('status')}", flush=True)
        growing(command, work, args.source, args.only, args.guard, args.repeat)
        if args.ten_mb:
            ten_mb(command, work, args.source, args.guard)


if __name__ == "__main__":
    main()
