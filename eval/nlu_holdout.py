"""Held-out NLU evaluation: intent macro-F1 and FAQ response-selection accuracy.

Runs ``rasa test nlu`` on the held-out set (tests/nlu_holdout.yml, never trained on) with
a trained model, then prints the figures from the JSON reports Rasa writes. Optionally
also runs Rasa's cross-validation on data/nlu (``--folds N``; it trains N models, slow).
Prints numbers, asserts nothing (``make eval``).

    python eval/nlu_holdout.py --model /tmp/faq-models/faq.tar.gz [--folds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RASA = [sys.executable, "-m", "rasa"]
NOT_INTENTS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def _examples(path: Path) -> dict[str, list[str]]:
    """{intent (with /topic for retrieval intents): [example, ...]} of a Rasa NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: dict[str, list[str]] = {}
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        lines = str(item.get("examples") or "").splitlines()
        texts = [line.strip()[2:].strip() for line in lines if line.strip().startswith("- ")]
        found.setdefault(str(item["intent"]), []).extend(texts)
    return found


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def leaked_sentences(holdout: Path, data_dir: Path) -> list[str]:
    """Held-out sentences that also appear in the training data (should be none)."""
    training = {
        _normalise(text)
        for path in sorted(data_dir.rglob("*.yml"))
        for texts in _examples(path).values()
        for text in texts
    }
    return [text for texts in _examples(holdout).values() for text in texts if _normalise(text) in training]


def _run(command: list[str]) -> float:
    env = dict(os.environ)  # the whole environment, with TensorFlow's log level defaulted
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"command failed ({result.returncode}): {' '.join(command)}")
    return time.perf_counter() - started


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _intent_figures(report: dict[str, Any]) -> tuple[float, float, list[tuple[str, float, int]]]:
    macro = float(report.get("macro avg", {}).get("f1-score", float("nan")))
    accuracy = float(report.get("accuracy", float("nan")))
    per_intent = sorted(
        (
            (name, float(values.get("f1-score", 0.0)), int(values.get("support", 0)))
            for name, values in report.items()
            if name not in NOT_INTENTS and isinstance(values, dict) and values.get("support")
        ),
        key=lambda item: item[1],
    )
    return macro, accuracy, per_intent


def report_holdout(model: Path, holdout: Path, out_dir: Path) -> None:
    seconds = _run(
        [*RASA, "test", "nlu", "--nlu", str(holdout), "--model", str(model), "--out", str(out_dir)]
    )
    intents = _load(out_dir / "intent_report.json")
    responses = _load(out_dir / "response_selection_report.json")
    macro, accuracy, per_intent = _intent_figures(intents)
    support = sum(count for _, _, count in per_intent)
    print(f"Held-out NLU set {holdout.relative_to(PROJECT_ROOT)}: {support} sentences ({seconds:.0f} s)")
    print(f"  intent macro-F1            {macro:.3f}   (target >= 0.93)")
    print(f"  intent accuracy            {accuracy:.3f}")
    weak = [f"{name} {f1:.2f}" for name, f1, _ in per_intent if f1 < 0.9]
    print(f"  intents with F1 < 0.90     {', '.join(weak) if weak else 'none'}")
    if responses:
        rs_macro, rs_accuracy, per_topic = _intent_figures(responses)
        print(f"  FAQ response accuracy      {rs_accuracy:.3f}   (target >= 0.90; macro-F1 {rs_macro:.3f})")
        weak_topics = [f"{name} {f1:.2f}" for name, f1, _ in per_topic if f1 < 0.8]
        print(f"  FAQ topics with F1 < 0.80  {', '.join(weak_topics) if weak_topics else 'none'}")
    print(f"  reports                    {out_dir}")


def report_cross_validation(folds: int, out_dir: Path) -> None:
    seconds = _run(
        [*RASA, "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
         "--cross-validation", "--folds", str(folds), "--out", str(out_dir)]
    )  # fmt: skip
    intents = _load(out_dir / "intent_report.json")
    responses = _load(out_dir / "response_selection_report.json")
    macro, accuracy, _ = _intent_figures(intents)
    print(f"Cross-validation on data/nlu, {folds} folds ({seconds:.0f} s)")
    print(f"  intent macro-F1            {macro:.3f}   accuracy {accuracy:.3f}")
    if responses:
        rs_macro, rs_accuracy, _ = _intent_figures(responses)
        print(f"  FAQ response accuracy      {rs_accuracy:.3f}   macro-F1 {rs_macro:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True, help="trained model archive (.tar.gz)")
    parser.add_argument("--holdout", type=Path, default=PROJECT_ROOT / "tests" / "nlu_holdout.yml")
    parser.add_argument("--folds", type=int, default=0, help="also cross-validate with N folds (0: skip)")
    parser.add_argument("--out", type=Path, default=None, help="where Rasa writes its reports")
    args = parser.parse_args(argv)

    holdout = args.holdout.resolve()
    leaks = leaked_sentences(holdout, PROJECT_ROOT / "data")
    print(f"Held-out sentences also in data/: {len(leaks)}" + (f" {leaks[:5]}" if leaks else ""))
    out_root = args.out or Path(tempfile.mkdtemp(prefix="careerbot-eval-"))
    report_holdout(args.model.resolve(), holdout, out_root / "holdout")
    if args.folds > 1:
        report_cross_validation(args.folds, out_root / "cross-validation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
