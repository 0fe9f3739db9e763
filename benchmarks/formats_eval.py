"""The evaluation collection in every format: outline errors, text kept, Hit@1 / Hit@3.

Writes each report of ``eval/manifest.json`` (the seed and five public reports) out as
Markdown, a saved web page with boilerplate around the article, a Word file and a typeset
PDF (running header, page numbers, wrapped lines, headings by size), reads each back with
``load_report`` and compares it with the text version:

* outline errors: headings missing, extra or at another level than in the text version
  (one variant of the text adds a byline, key points, a caption and a source line);
* paragraphs kept: seed paragraphs found word for word among the format's paragraphs;
* Hit@1 / Hit@3 over the answerable English questions of each report (multilingual and
  translated files left out), a hit counting when its paragraph's text is a gold
  paragraph's text (formats number lines differently, so gold lines are matched by text);
  BM25 ranker.

Run: ``.venv/bin/python -m benchmarks.formats_eval``. To see the figures before this
branch, run it with ``PYTHONPATH`` set to a checkout of the earlier code: formats it
cannot read show as "not read". The PDF needs the DejaVu Sans font (Debian's
fonts-dejavu-core) for the report's typographic quotes; without it the PDF row is skipped.
"""

from __future__ import annotations

import difflib
import html
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from retrieval import Index, QuestionError, Report, load_report

PROJECT = Path(__file__).resolve().parents[1]
MANIFEST = PROJECT / "eval" / "manifest.json"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _items(seed: Report) -> list[tuple[int, str]]:
    """The seed in reading order: (level, heading) or (0, paragraph)."""
    items: list[tuple[int, str]] = []
    path: tuple[str, ...] = ()
    written = {line.strip() for line in Path(seed.source).read_text(encoding="utf-8").split("\n")}
    invented = seed.sections[0].title if seed.sections[0].title not in written else None
    for paragraph in seed.paragraphs:
        if paragraph.section != path:
            shared = 0
            while shared < min(len(path), len(paragraph.section)) and (
                path[shared] == paragraph.section[shared]
            ):
                shared += 1
            for depth in range(shared, len(paragraph.section)):
                title = paragraph.section[depth]
                if not (depth == 0 and title == invented):
                    items.append((depth + 1, title))
            path = paragraph.section
        items.append((0, paragraph.text))
    return items


def write_copied_text(seed: Report, folder: Path) -> Path:
    """The report as copied from a publisher's page: byline, figure caption, source line
    and a bullet list of key points added around the same paragraphs."""
    lines = Path(seed.source).read_text(encoding="utf-8").split("\n")
    extra = [
        "Jane Doe | July 6, 2025",
        "Key points:",
        "• What changed and why it matters",
        "• What comes next",
        "Figure 1: The main trend in one chart",
        "Source: the publisher",
    ]
    file = folder / "copied.txt"
    file.write_text("\n".join([lines[0], *extra[:4], *lines[1:3], *extra[4:], *lines[3:]]))
    return file


def write_markdown(seed: Report, folder: Path) -> Path:
    lines = [f"# {seed.title}", ""]
    for level, text in _items(seed):
        lines += [f"{'#' * (level + 1)} {text}" if level else text, ""]
    file = folder / "report.md"
    file.write_text("\n".join(lines), encoding="utf-8")
    return file


def write_html(seed: Report, folder: Path) -> Path:
    body = [f"<h1>{html.escape(seed.title)}</h1>"]
    for level, text in _items(seed):
        tag = f"h{level + 1}" if level else "p"
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    page = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(seed.title)}"
        " | Publisher</title></head><body>"
        "<div class='cookie-banner'><p>We use cookies to give you the best experience.</p></div>"
        "<nav><ul><li><a href='/'>Home</a></li><li><a href='/research'>Research</a></li></ul>"
        f"</nav><main><article>{''.join(body)}</article>"
        "<aside class='related'><h2>Related</h2><p><a href='/x'>Another report on a"
        " neighbouring subject</a></p></aside></main>"
        "<footer><p>Subscribe to our newsletter for weekly analysis.</p></footer></body></html>"
    )
    file = folder / "report.html"
    file.write_text(page, encoding="utf-8")
    return file


def write_docx(seed: Report, folder: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph(seed.title, style="Title")
    for level, text in _items(seed):
        if level:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text)
    file = folder / "report.docx"
    document.save(str(file))
    return file


def write_pdf(seed: Report, folder: Path) -> Path | None:
    from fpdf import FPDF

    if not FONT.exists() or not BOLD_FONT.exists():
        return None
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD_FONT))
    y = 1000.0

    def new_page() -> float:
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.text(56, 30, "Publisher Reports Series")
        pdf.text(290, 810, str(pdf.page_no()))
        return 80.0

    def put(text: str, size: float, style: str, gap: float) -> None:
        nonlocal y
        pdf.set_font("DejaVu", style=style, size=size)
        if style and y + 2 * size * 1.4 + 30 > 760:
            y = new_page()  # keep a heading with what follows, as typesetters do
            pdf.set_font("DejaVu", style=style, size=size)
        for line in _wrap(text, 480, pdf):
            if y > 760:
                y = new_page()
                pdf.set_font("DejaVu", style=style, size=size)
            pdf.text(56, y, line)
            y += size * 1.4
        y += gap

    y = new_page()
    put(seed.title, 20, "B", 12)
    for level, text in _items(seed):
        if level:
            put(text, {1: 16, 2: 14, 3: 12.5}.get(level, 11.5), "B", 4)
        else:
            put(text, 10, "", 8)
    file = folder / "report.pdf"
    file.write_bytes(bytes(pdf.output()))
    return file


def _wrap(text: str, width: float, pdf: object) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if pdf.get_string_width(candidate) > width and current:  # type: ignore[attr-defined]
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


OPENING = ("Introduction", "Overview", "Opening", "Preamble", "Full text")
"""Names the parsers give the text before a report's first heading."""


def outline_errors(seed: Report, report: Report) -> int:
    """Headings missing, extra or at another level, against the text version's outline.

    The section the parser invents for text before the first heading is not a heading of
    the report, so it is left out on both sides.
    """
    written = {line.strip() for line in Path(seed.source).read_text(encoding="utf-8").split("\n")}
    want = [(s.level, s.title) for s in seed.sections]
    if want and want[0][1] not in written:
        want = want[1:]
    got = [(s.level, s.title) for s in report.sections]
    if got and got[0][1] in OPENING and got[:1] != want[:1]:
        got = got[1:]
    matcher = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"
    )


def hits(seed: Report, report: Report, questions: list[Path]) -> tuple[int, int, int]:
    """Hits at 1 and at 3 and the answerable questions, gold matched by paragraph text."""
    line_of = {" ".join(p.text.split()): p.line for p in seed.paragraphs}
    index = Index.build(report)
    at1 = at3 = total = 0
    for file in questions:
        for raw in file.read_text(encoding="utf-8").splitlines():
            question = json.loads(raw)
            if not question["gold"]:
                continue
            total += 1
            try:
                found = index.search(question["question"], 3).hits
            except QuestionError:
                continue
            lines = [line_of.get(" ".join(h.paragraph.text.split())) for h in found]
            at1 += bool(lines[:1]) and lines[0] in question["gold"]
            at3 += any(line in question["gold"] for line in lines[:3])
    return at1, at3, total


WRITERS: dict[str, Callable[[Report, Path], Path | None]] = {
    "text": lambda seed, _folder: Path(seed.source),
    "text copied from a web page": write_copied_text,
    "markdown": write_markdown,
    "html": write_html,
    "docx": write_docx,
    "pdf": write_pdf,
}


def main() -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    rows: dict[str, list[int]] = {name: [0, 0, 0, 0, 0, 0] for name in WRITERS}
    unread: dict[str, str] = {}
    for entry in manifest["reports"]:
        seed = load_report((MANIFEST.parent / entry["report"]).resolve())
        questions = [
            MANIFEST.parent / q
            for q in entry["questions"]
            if "multilingual" not in q and "translated" not in q  # English questions only
        ]
        for name, write in WRITERS.items():
            with tempfile.TemporaryDirectory() as folder:
                file = write(seed, Path(folder))
                if file is None:
                    unread[name] = "skipped: no DejaVu font"
                    continue
                try:
                    report = load_report(file)
                except Exception as error:  # the earlier code fails in many ways here
                    unread[name] = f"not read ({type(error).__name__})"
                    continue
            texts = {" ".join(p.text.split()) for p in report.paragraphs}
            kept = sum(" ".join(p.text.split()) in texts for p in seed.paragraphs)
            at1, at3, total = hits(seed, report, questions)
            row = rows[name]
            for position, value in enumerate(
                [outline_errors(seed, report), kept, len(seed.paragraphs), at1, at3, total]
            ):
                row[position] += value
    reports = len(manifest["reports"])
    print(f"{reports} reports of eval/manifest.json; BM25 ranker; answerable English questions")
    print("| format | outline errors | paragraphs kept | Hit@1 | Hit@3 |")
    print("|---|---|---|---|---|")
    for name, (errors, kept, paragraphs, at1, at3, total) in rows.items():
        if name in unread:
            print(f"| {name} | {unread[name]} | | | |")
        else:
            print(
                f"| {name} | {errors} | {kept}/{paragraphs} | {at1 / total:.3f} "
                f"| {at3 / total:.3f} |"
            )
    print(f"\n({rows['text'][5]} questions)")


if __name__ == "__main__":
    main()
