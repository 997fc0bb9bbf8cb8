"""How often the reader picks the right encoding, on the shared corpus, against charset-normalizer.

Every corpus article (`../shared/corpus/articles/` beside the repository), and every one of
its sentences, is encoded in UTF-8, Windows-1251, KOI8-R, ISO-8859-5, CP866 and MacCyrillic
(a character a code page lacks becomes `?`) and decoded by `decode_text`; a text counts as
right when the decoded text is the original. Noise (random bytes 0x80-0xFF) must be rejected.
charset-normalizer (installed with requests) is scored on the same articles and on the first
six sentences of each.

Run:  .venv/bin/python -m benchmarks.encoding_choice   (print; update docs/reliability.md)
"""

from __future__ import annotations

import random
from collections import Counter

import charset_normalizer

from benchmarks.bench_large_file import update_section
from benchmarks.paths import ARTICLES
from pipeline.extract.article import decode_article_bytes, parse_article
from pipeline.extract.encoding import EncodingError, decode_text
from pipeline.extract.sentences import split_sentences

BEGIN = "<!-- encoding_choice: begin -->"
END = "<!-- encoding_choice: end -->"
CODECS = ("utf-8", "cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic")


def texts() -> tuple[list[str], list[str], list[str]]:
    """(article bodies, all sentences, the first six sentences of each article)."""
    bodies: list[str] = []
    sentences: list[str] = []
    first: list[str] = []
    for path in sorted(ARTICLES.glob("*.txt")):
        article = parse_article(decode_article_bytes(path.read_bytes()), path.name)
        bodies.append(article.body)
        own = [s.text for s in split_sentences(article.body, article.paragraphs)]
        sentences += own
        first += own[:6]
    return bodies, sentences, first


def ours(samples: list[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    right: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in samples:
        for codec in CODECS:
            data = text.encode(codec, errors="replace")
            total[codec] += 1
            try:
                decoded = decode_text(data).text
            except EncodingError:
                rejected[codec] += 1
                continue
            right[codec] += decoded == data.decode(codec)
    return right, rejected, total


def theirs(samples: list[str]) -> tuple[Counter[str], Counter[str]]:
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for text in samples:
        for codec in CODECS:
            data = text.encode(codec, errors="replace")
            total[codec] += 1
            best = charset_normalizer.from_bytes(data).best()
            right[codec] += best is not None and str(best) == data.decode(codec)
    return right, total


def cells(right: Counter[str], total: Counter[str]) -> str:
    return " | ".join(f"{right[c]}/{total[c]}" for c in CODECS)


def report() -> str:
    bodies, sentences, first = texts()
    lines = ["| decoder | texts | " + " | ".join(CODECS) + " | rejected |"]
    lines.append("|---|---|" + "---:|" * (len(CODECS) + 1))
    for name, samples in (("articles", bodies), ("sentences", sentences), ("first six", first)):
        right, rejected, total = ours(samples)
        lines.append(f"| ours | {name} | {cells(right, total)} | {sum(rejected.values())} |")
    for name, samples in (("articles", bodies), ("first six", first)):
        right, total = theirs(samples)
        version = charset_normalizer.__version__
        lines.append(f"| charset-normalizer {version} | {name} | {cells(right, total)} | |")
    generator = random.Random(16)
    rejected_noise = 0
    for size in (100, 1000, 10000):
        for _ in range(50):
            noise = bytes(generator.randrange(0x80, 0x100) for _ in range(size))
            try:
                decode_text(noise)
            except EncodingError:
                rejected_noise += 1
    lines.append("")
    lines.append(f"Noise of 100, 1,000 and 10,000 random bytes: {rejected_noise} of 150 rejected.")
    return "\n".join(lines)


def main() -> int:
    section = report()
    print(section)
    if update_section(BEGIN, END, section):
        print("Updated docs/reliability.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
