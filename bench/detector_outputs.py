"""Dump what every text check says about a fixed corpus, for before/after comparisons.

``python bench/detector_outputs.py out.json`` writes, for every line of the evaluation and
tuning sets, paragraphs and whole files made of them, demo stories and replies, the
benchmark story and a few hostile texts, the full output of the crisis, tone (both answer
modes) and identifying checks. Run it before and after a speed change and ``diff`` the two
files: a change that only makes the checks faster leaves them identical.
"""

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from bench.detectors import hostile_texts, story  # noqa: E402
from forum.checks.crisis import detect_crisis  # noqa: E402
from forum.checks.evaluation import DATA, read_set  # noqa: E402
from forum.checks.identifying import find_identifying_details  # noqa: E402
from forum.checks.tone import check_tone  # noqa: E402
from forum.demo.phrases import generate_reply, generate_story  # noqa: E402


def corpus() -> list[str]:
    texts: list[str] = []
    for kind in ("eval", "tune"):
        for path in sorted((DATA / kind).glob("*.txt")):
            lines = read_set(path.stem, kind=kind)
            texts += lines
            texts += [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
            texts += ["\n".join(lines[i : i + 7]) for i in range(0, len(lines), 7)]
            texts.append("\n\n".join(lines))
    for seed in range(40):
        texts.append(generate_story(random.Random(seed))["body"])
        for mode in ("advice", "listen"):
            texts.append(generate_reply(random.Random(seed), answer_mode=mode))
    texts.append(story())
    texts += [text for _name, text in hostile_texts()]
    return texts


def outputs(text: str) -> dict:
    crisis = detect_crisis(text)
    return {
        "crisis": [
            crisis.fired,
            list(crisis.matches),
            crisis.about_self,
            crisis.about_other,
            crisis.partner_danger,
        ],
        "tone": [
            [r.fired, list(r.reasons), list(r.matches)]
            for r in (check_tone(text), check_tone(text, answer_mode="listen"))
        ],
        "identifying": [
            [f.kind, f.text, f.start, f.end, f.suggestion, *f.replace_span]
            for f in find_identifying_details(text)
        ],
    }


def main() -> None:
    result = [{"text": text[:80], **outputs(text)} for text in corpus()]
    out = sys.argv[1] if len(sys.argv) > 1 else "-"
    data = json.dumps(result, indent=1, ensure_ascii=False)
    if out == "-":
        print(data)
    else:
        Path(out).write_text(data, encoding="utf-8")
        print(f"{len(result)} texts written to {out}")


if __name__ == "__main__":
    main()
