"""Accuracy of the upskill-or-reskill decision (bot/advice/decision.py) on a labelled set of
moves (tests/bot/advice/decision_pairs.yaml), on the sample catalog and on the sample catalog
with an O*NET release imported over it.

Prints, per catalog: the accuracy, the confusion matrix, the misclassified pairs and the pairs
skipped because a role is missing. A move to a role that needs a credential the current role
lacks is never "upskill" (``decision.needs_new_credential``); the fit knows that rule and does
not weigh it. With ``--fit`` it also fits the move score's weights and thresholds on both
catalogs together (one set of constants for both), prints the training
accuracy and the leave-one-pair-out accuracy (each pair's two rows are held out together and
the whole fit is redone without them), and the constants to paste into decision.py. Asserts
nothing (``make eval``).

    python eval/decision_accuracy.py [--onet-dir ../shared/data/onet-29.3] [--fit]
        [--without-credentials]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import yaml
from sqlalchemy.engine import Engine

from bot.advice import decision as rules
from bot.catalog.onet_import import import_onet
from bot.catalog.role_profiles import RoleProfile, load_all_roles
from bot.catalog.seeding import seed_sample_catalog
from bot.storage import migrate
from bot.storage.db import create_catalog_engine

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "bot" / "advice" / "decision_pairs.yaml"
LABELS = ("reskill", "both", "upskill")


@dataclass(frozen=True)
class Pair:
    current: str
    target: str
    label: str
    reason: str


@dataclass(frozen=True)
class Row:
    """One labelled move on one catalog, with its evidence."""

    pair: Pair
    catalog: str
    features: tuple[float, ...]
    #: The target needs a curated credential the current role lacks: decided "both" at most.
    new_credential: bool = False


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["pairs"] if isinstance(data, dict) else data
    return [
        Pair(str(item["from"]), str(item["to"]), str(item["label"]), str(item.get("reason", "")))
        for item in items
    ]


def catalog_engine(directory: Path, onet_dir: Path | None) -> Engine:
    engine = create_catalog_engine(f"sqlite:///{directory / 'catalog.db'}")
    migrate.upgrade(engine)
    seed_sample_catalog(engine)
    if onet_dir is not None:
        import_onet(engine, onet_dir)
    return engine


def reuse_engine(directory: Path) -> Engine:
    return create_catalog_engine(f"sqlite:///{directory / 'catalog.db'}")


def roles_by_code(engine: Engine) -> dict[str, RoleProfile]:
    with engine.connect() as connection:
        return {role.code: role for role in load_all_roles(connection)}


def rows_for(
    pairs: list[Pair], roles: dict[str, RoleProfile], catalog: str, credentials: bool = True
) -> tuple[list[Row], list[Pair]]:
    """(rows of the pairs whose roles are both in the catalog, the skipped pairs); without
    ``credentials`` no row is taken to need a new credential (for comparison)."""
    rows, skipped = [], []
    for pair in pairs:
        current, target = roles.get(pair.current), roles.get(pair.target)
        if current is None or target is None:
            skipped.append(pair)
            continue
        features = rules.move_features(current, target)
        rows.append(
            Row(
                pair,
                catalog,
                tuple(features[name] for name in rules.FEATURES),
                credentials and bool(features[rules.NEW_CREDENTIAL]),
            )
        )
    return rows, skipped


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]
    upskill_from: float
    reskill_below: float

    def predict(self, row: Row) -> str:
        score = sum(w * x for w, x in zip(self.weights, row.features, strict=True))
        if score >= self.upskill_from:
            return "both" if row.new_credential else "upskill"
        if score < self.reskill_below:
            return "reskill"
        return "both"


def current_model() -> Model:
    return Model(
        tuple(rules.WEIGHTS[name] for name in rules.FEATURES), rules.UPSKILL_FROM, rules.RESKILL_BELOW
    )


def accuracy(model: Model, rows: list[Row]) -> float:
    return sum(model.predict(row) == row.pair.label for row in rows) / len(rows) if rows else 0.0


def fit(rows: list[Row]) -> Model:
    """An ordinal linear score fitted by logistic regression on the two cuts (reskill | rest,
    upskill | rest) with shared weights, then thresholds tuned for accuracy on the same rows,
    counting a row that needs a new credential as "both" wherever its score says upskill."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.array([row.features for row in rows])
    rank = np.array([LABELS.index(row.pair.label) for row in rows])
    capped = np.array([row.new_credential for row in rows])
    stacked = np.vstack([np.hstack([x, np.zeros((len(x), 1))]), np.hstack([x, np.ones((len(x), 1))])])
    above = np.concatenate([rank >= 1, rank >= 2]).astype(int)
    model = LogisticRegression(C=10.0, max_iter=5000).fit(stacked, above)
    weights = model.coef_[0][:-1]
    low = -model.intercept_[0]
    high = low - model.coef_[0][-1]
    # Scale so the thresholds read on a familiar range, then tune them for accuracy.
    scale = max(abs(high), 1e-9)
    weights, low, high = weights / scale, low / scale, high / scale
    scores = x @ weights
    ordered = np.unique(scores)
    cuts = np.concatenate([[low, high], (ordered[:-1] + ordered[1:]) / 2])
    # Every (reskill_below, upskill_from) pair of cuts at once: rows x lows x highs.
    is_reskill = scores[:, None] < cuts[None, :]
    is_upskill = scores[:, None] >= cuts[None, :]
    right = (
        (is_reskill & (rank == 0)[:, None]).sum(axis=0)[:, None]
        + (is_upskill & ((rank == 2) & ~capped)[:, None]).sum(axis=0)[None, :]
        + (
            (~is_reskill[:, :, None])
            & ((~is_upskill) | capped[:, None])[:, None, :]
            & (rank == 1)[:, None, None]
        ).sum(axis=0)
    )
    valid = cuts[None, :] >= cuts[:, None]
    # Most right first; among equals, the cuts closest to the logistic fit's own.
    distance = np.abs(cuts[:, None] - low) + np.abs(cuts[None, :] - high)
    objective = np.where(valid, right - distance / (1 + distance.max()), -1)
    best_low, best_high = np.unravel_index(int(np.argmax(objective)), objective.shape)
    best = Model(tuple(float(w) for w in weights), float(cuts[best_high]), float(cuts[best_low]))
    return best


def leave_one_pair_out(rows: list[Row]) -> tuple[float, list[Row]]:
    """Accuracy with each pair held out of its own fit (its rows on every catalog together)."""
    keys = sorted({(row.pair.current, row.pair.target) for row in rows})
    right, wrong = 0, []
    for key in keys:
        held = [row for row in rows if (row.pair.current, row.pair.target) == key]
        model = fit([row for row in rows if (row.pair.current, row.pair.target) != key])
        for row in held:
            if model.predict(row) == row.pair.label:
                right += 1
            else:
                wrong.append(row)
    return right / len(rows), wrong


def report(name: str, model: Model, rows: list[Row], skipped: list[Pair], titles: dict[str, str]) -> None:
    print(f"\n== {name}: {len(rows)} pairs scored, {len(skipped)} skipped (role missing)")
    for pair in skipped:
        print(f"   skipped {pair.current} -> {pair.target}")
    print(f"accuracy {accuracy(model, rows):.3f}")
    clear = [row for row in rows if row.pair.label != "both"]
    reskill_right = sum((model.predict(row) == "reskill") == (row.pair.label == "reskill") for row in rows)
    print(
        f"  on the {len(clear)} pairs labelled upskill or reskill: {accuracy(model, clear):.3f}; "
        f"reskill or not: {reskill_right / len(rows):.3f}"
    )
    confusion = Counter((row.pair.label, model.predict(row)) for row in rows)
    print("confusion (rows: label, columns: decided)")
    print("            " + "".join(f"{label:>9}" for label in LABELS))
    for label in LABELS:
        print(f"  {label:<10}" + "".join(f"{confusion[(label, decided)]:>9}" for decided in LABELS))
    for row in rows:
        decided = model.predict(row)
        if decided != row.pair.label:
            pair = row.pair
            score = sum(w * x for w, x in zip(model.weights, row.features, strict=True))
            credential = ", new credential" if row.new_credential else ""
            print(
                f"  MISS {titles.get(pair.current, pair.current)} -> {titles.get(pair.target, pair.target)}: "
                f"label {pair.label}, decided {decided} (score {score:.2f}{credential}) - {pair.reason}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--onet-dir", type=Path, help="an O*NET 29.x release to import over the sample catalog"
    )
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument(
        "--fit", action="store_true", help="fit the weights and thresholds, with leave-one-out"
    )
    parser.add_argument(
        "--without-credentials",
        action="store_true",
        help="ignore the credential rule (to compare with the skills-only decision)",
    )
    parser.add_argument(
        "--keep-dir", type=Path, help="build the catalogs here and reuse them on the next run"
    )
    args = parser.parse_args()
    pairs = load_pairs(args.pairs)
    labels = Counter(pair.label for pair in pairs)
    print(
        f"{len(pairs)} labelled pairs from {args.pairs.name}: "
        + ", ".join(f"{labels[k]} {k}" for k in LABELS)
    )
    catalogs = [("sample catalog", None)] + ([("sample + O*NET", args.onet_dir)] if args.onet_dir else [])
    all_rows, results = [], []
    with tempfile.TemporaryDirectory() as temporary:
        for index, (name, onet_dir) in enumerate(catalogs):
            directory = (args.keep_dir or Path(temporary)) / str(index)
            built = (directory / "catalog.db").exists()
            directory.mkdir(parents=True, exist_ok=True)
            engine = reuse_engine(directory) if built else catalog_engine(directory, onet_dir)
            roles = roles_by_code(engine)
            engine.dispose()
            rows, skipped = rows_for(pairs, roles, name, credentials=not args.without_credentials)
            all_rows += rows
            results.append((name, rows, skipped, {code: role.title for code, role in roles.items()}))
    model = current_model()
    print(
        f"\nconstants in decision.py: weights {dict(zip(rules.FEATURES, model.weights, strict=True))}, "
        f"upskill from {model.upskill_from}, reskill below {model.reskill_below}"
    )
    for name, rows, skipped, titles in results:
        report(name, model, rows, skipped, titles)
    if args.fit:
        fitted = fit(all_rows)
        print(f"\n== fitted on all {len(all_rows)} rows: training accuracy {accuracy(fitted, all_rows):.3f}")
        for name, rows, _, _ in results:
            print(f"   {name}: {accuracy(fitted, rows):.3f}")
        loo, wrong = leave_one_pair_out(all_rows)
        print(f"leave-one-pair-out accuracy {loo:.3f} ({len(wrong)} of {len(all_rows)} rows wrong)")
        for name, rows, _, _ in results:
            missed = sum(row.catalog == name for row in wrong)
            print(f"   {name}: {1 - missed / len(rows):.3f}" if rows else f"   {name}: no rows")
        for row in wrong:
            print(
                f"   LOO MISS [{row.catalog}] {row.pair.current} -> {row.pair.target} "
                f"(label {row.pair.label})"
            )
        print("\nWEIGHTS = {")
        for name, weight in zip(rules.FEATURES, fitted.weights, strict=True):
            print(f'    "{name}": {weight:.3f},')
        print("}")
        print(f"UPSKILL_FROM = {fitted.upskill_from:.3f}\nRESKILL_BELOW = {fitted.reskill_below:.3f}")


if __name__ == "__main__":
    main()
