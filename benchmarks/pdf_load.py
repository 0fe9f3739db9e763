"""How long a 100-page PDF report takes to load (read, lay out, parse into a Report).

Typesets a report with fpdf2: a title page, then pages of body text (about 600 words,
one heading and a footnote each, a running header and a page number), half of them in
two columns. Loads it a few times and prints the best and median wall time.

Run: ``.venv/bin/python -m benchmarks.pdf_load [--pages 100] [--runs 3]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fpdf import FPDF

from retrieval import load_report

WORDS = (
    "europe bought most of its gas from russia until the war made that trade a political "
    "risk and imports fell by four fifths within a year while norway and the united states "
    "took the largest share of the new trade with liquefied gas arriving by ship at new "
    "terminals on the coast prices rose fivefold in one summer and households paid the most"
).split()


def sentence(seed: int, length: int = 14) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return " ".join(words).capitalize() + "."


def build(pages: int) -> bytes:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=24)
    pdf.text(56, 120, "A Long Report on European Gas")
    seed = 0
    for page in range(2, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(56, 30, "A Long Report on European Gas - Institute of Energy")
        pdf.text(290, 810, str(page))
        pdf.set_font("Helvetica", style="B", size=14)
        pdf.text(56, 70, f"Part {page - 1}")
        columns = [(56, 250), (310, 250)] if page % 2 else [(56, 480)]
        for x, width in columns:
            pdf.set_font("Helvetica", size=10)
            y = 100.0
            while y < 690:
                seed += 1
                for line in _wrap(" ".join(sentence(seed + k) for k in range(4)), width, pdf):
                    pdf.text(x, y, line)
                    y += 13
                y += 8
        pdf.set_font("Helvetica", size=7)
        pdf.text(56, 740 + 20 * (page % 2), f"1 {sentence(page * 13, 8 + page % 5)}")
    return bytes(pdf.output())


def _wrap(text: str, width: float, pdf: FPDF) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if pdf.get_string_width(candidate) > width and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "long.pdf"
        file.write_bytes(build(args.pages))
        times: list[float] = []
        for _ in range(args.runs):
            start = time.perf_counter()
            report = load_report(file)
            times.append(time.perf_counter() - start)
        size = file.stat().st_size / 1e6
    print(
        f"{args.pages} pages ({size:.1f} MB): {len(report.paragraphs)} paragraphs, "
        f"{len(report.sections)} sections; load best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
