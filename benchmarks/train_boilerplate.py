"""Train the boilerplate-line scorer and write rules/models/boilerplate.json (one command):

    python benchmarks/train_boilerplate.py            # the shipped model: permitted sources only
    python benchmarks/train_boilerplate.py --report   # + validation per source, learning curve

The shipped model is trained only on sources whose licence allows it (readability and
trafilatura-eval of boilerplate-train, Apache-2.0; boilerplate-dev, MIT). ``--dev-pages tune``
trains the same recipe on boilerplate-dev's tuning half only, so that its other half
validates it (benchmarks/boilerplate.py --pages --model FILE).
Lines that are the page title are left out (headlines are neutral: the pass keeps the first
and duplicate-lines removes a repeat), and so are "mixed" lines (boilerplate by the label
rule but mostly content). The crude extraction's lines are weighted down so that the noisy
extraction, the kind the pass sees, dominates. The threshold is chosen on out-of-fold
predictions (folds grouped by site) of the training pages: the lowest at which at most
``--max-lost`` of their noisy content lines would be removed. The other sources (licence
unclear) validate, grouped by source.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from boilerplate_data import PERMITTED, documents, site_half  # noqa: E402

from textfix.passes.line_scorer import FEATURES, LineFeatures, document_features  # noqa: E402

#: Words of links and widgets (navigation, sharing, comments, subscriptions), as a feature:
#: the model learns how much they count; a line is never removed for one of them alone.
LINK_WORDS = sorted(
    """
    share shares shared tweet tweets facebook twitter instagram linkedin pinterest whatsapp youtube
    reddit tumblr email print comment comments reply replies subscribe subscribed subscription
    newsletter newsletters sign signup login logout log register follow followers like likes read
    more related click here privacy policy terms cookie cookies copyright rights reserved
    advertisement advertise advertising ad ads sponsored menu home contact about search skip
    navigation next previous prev back top page posted tags tagged category categories archive
    archives permalink view views photo photos image images video videos credit credits getty
    reuters ap afp download app free trending popular latest recommended also see watch
    teilen kommentar kommentare anmelden abonnieren mehr lesen weiterlesen impressum datenschutz
    startseite suche zurück foto bild anzeige werbung partager commentaires abonnez lire suite
    accueil publicité compartir comentarios suscríbete leer más inicio publicidad
    """.split()
)
#: Weights of a line: the crude extraction's lines (boilerplate-heavy, another extractor's
#: habits) count little; boilerplate-dev's (the kind of page the pass is measured on) more.
CRUDE_WEIGHT = 0.05
DEV_WEIGHT = 5.0
MODEL = HERE.parent / "rules" / "models" / "boilerplate.json"
CACHE = Path("/tmp/bp16_features.pkl")


def table(rebuild: bool = False) -> pd.DataFrame:
    """One row per labelled line, with meta columns and the features (cached in /tmp)."""
    if CACHE.exists() and not rebuild:
        return pd.read_pickle(CACHE)
    feats = LineFeatures(LINK_WORDS)
    rows = []
    start = time.perf_counter()
    for doc in documents():
        texts = [t for _, t in doc["lines"]]
        vectors = document_features(texts, feats, doc["title"])
        untitled = document_features(texts, feats, None) if doc["title"] else vectors
        for (n, text), x, x0 in zip(doc["lines"], vectors, untitled):
            if n not in doc["labels"]:
                continue
            label, mixed, title = doc["labels"][n]
            rows.append((doc["source"], doc["id"], doc["variant"], doc["site"], doc.get("half", ""), n, text[:300],
                         label, mixed, title, *x, x0[FEATURES.index("title_likeness")]))
    columns = ["source", "id", "variant", "site", "half", "line_no", "text", "label", "mixed", "title",
               *FEATURES, "title_likeness_none"]
    df = pd.DataFrame(rows, columns=columns)
    print(f"features of {len(df)} lines in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    df.to_pickle(CACHE)
    return df


def untitled_share(df: pd.DataFrame, share: float = 0.5) -> pd.DataFrame:
    """The title is unknown for most text the pass sees: hide it on a fixed half of the pages."""
    hide = df["id"].map(lambda i: hashlib.sha1(f"t16:{i}".encode()).digest()[0] < 256 * share)
    df = df.copy()
    df.loc[hide, "title_likeness"] = df.loc[hide, "title_likeness_none"]
    return df


def training_rows(df: pd.DataFrame) -> pd.DataFrame:
    return df[(df.title == 0) & (df.mixed == 0)]


def fit(df: pd.DataFrame, rounds: int = 100, leaves: int = 6, seed: int = 16, rate: float = 0.2):
    import lightgbm as lgb

    weight = np.where(df.variant == "noisy-crude", CRUDE_WEIGHT, 1.0) * np.where(df.source == "boilerplate-dev", DEV_WEIGHT, 1.0)
    params = dict(objective="binary", num_leaves=leaves, learning_rate=rate, min_data_in_leaf=20,
                  feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
                  seed=seed, verbose=-1, num_threads=1)
    data = lgb.Dataset(df[list(FEATURES)].to_numpy(np.float64), df.label.to_numpy(), weight=weight,
                       feature_name=list(FEATURES), free_raw_data=False)
    return lgb.train(params, data, num_boost_round=rounds)


def export_trees(booster) -> list:
    """LightGBM's trees as nested [feature, threshold, left, right] lists (leaf: a value)."""
    dump = booster.dump_model()

    def node(n: dict):
        if "leaf_value" in n:
            return round(n["leaf_value"], 6)
        assert n["decision_type"] == "<=", n["decision_type"]  # no missing values in the features
        return [n["split_feature"], float(n["threshold"]), node(n["left_child"]), node(n["right_child"])]

    return [node(t["tree_structure"]) for t in dump["tree_info"]]


def measure(df: pd.DataFrame, p: np.ndarray, threshold: float) -> dict:
    """P, R and content lost on noisy lines, headlines neutral (the label rule, mixed lines
    counted as boilerplate as the eval counts them)."""
    d = df[(df.title == 0)]
    p = p[(df.title == 0).to_numpy()]
    removed = p >= threshold
    bp = d.label.to_numpy() == 1
    tp = int((removed & bp).sum())
    fp = int((removed & ~bp).sum())
    return {"lines": len(d), "boilerplate": int(bp.sum()), "removed": tp + fp,
            "P": tp / (tp + fp) if tp + fp else float("nan"), "R": tp / bp.sum() if bp.sum() else float("nan"),
            "lost": fp / (~bp).sum() if (~bp).sum() else 0.0}


def choose_threshold(df: pd.DataFrame, p: np.ndarray, max_lost: float) -> float:
    """The lowest threshold at which at most max_lost of the content lines are removed."""
    content = np.sort(p[((df.label == 0) & (df.title == 0)).to_numpy()])[::-1]
    allowed = int(max_lost * len(content))
    return float(content[allowed] + 1e-6) if allowed < len(content) else 0.5


def choose_screen(booster, df: pd.DataFrame, threshold: float, trees: int = 20, margin: float = 0.5) -> dict:
    """The screen: after the first ``trees`` trees, lines whose partial score is below every
    partial score of a line that ends within ``margin`` (logit) of the threshold, less another
    ``margin``, stop early. Measured on every line of the table the scorer would see (no
    labels are used), so that it costs speed only, not decisions."""
    from textfix.passes.line_scorer import candidate

    seen = df[[candidate(text.strip()) for text in df.text]]
    x = seen[list(FEATURES)].to_numpy(np.float64)
    full = booster.predict(x, raw_score=True)
    partial = booster.predict(x, raw_score=True, num_iteration=trees)
    near = full >= np.log(threshold / (1 - threshold)) - margin
    below = float(partial[near].min() - margin)
    share = float((partial < below).mean())
    print(f"screen: after {trees} trees, below {below:.3f} stops ({share:.0%} of the candidate lines)")
    return {"trees": trees, "below": round(below, 6), "stops_share": round(share, 3)}


def out_of_fold(df: pd.DataFrame, folds: int = 4, **kw) -> np.ndarray:
    fold = df.site.map(lambda s: hashlib.sha1(f"f16:{s}".encode()).digest()[0] % folds).to_numpy()
    p = np.zeros(len(df))
    for k in range(folds):
        train = training_rows(df[fold != k])
        booster = fit(train, **kw)
        p[fold == k] = booster.predict(df[fold == k][list(FEATURES)].to_numpy(np.float64))
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="recompute the feature table")
    parser.add_argument("--max-lost", type=float, default=0.001)
    parser.add_argument("--rounds", type=int, default=100, help="trees (each costs time at run time)")
    parser.add_argument("--leaves", type=int, default=6)
    parser.add_argument("--output", type=Path, default=MODEL)
    parser.add_argument("--report", action="store_true", help="validate per source and print a learning curve")
    parser.add_argument("--dev-pages", choices=("all", "tune"), default="all",
                        help="boilerplate-dev pages to train on: all 88 (the shipped model) or the tuning half "
                             "(to validate the recipe on the other half)")
    args = parser.parse_args()
    df = untitled_share(table(args.rebuild))
    dev = (df.source != "boilerplate-dev") | (df.half == "tune") if args.dev_pages == "tune" else True
    permitted = df[df.source.isin(PERMITTED) & dev]
    permitted = permitted.reset_index(drop=True)
    oof = out_of_fold(permitted, rounds=args.rounds, leaves=args.leaves)
    noisy = (permitted.variant == "noisy").to_numpy()
    threshold = choose_threshold(permitted[noisy], oof[noisy], args.max_lost)
    print(f"threshold {threshold:.4f} (out-of-fold on {noisy.sum()} noisy training lines: "
          f"{measure(permitted[noisy], oof[noisy], threshold)})")
    booster = fit(training_rows(permitted), rounds=args.rounds, leaves=args.leaves)
    trees = export_trees(booster)
    screen = choose_screen(booster, df, threshold)
    pages = permitted.groupby(["source", "variant"]).id.nunique().to_dict()
    model = {
        "about": "Boilerplate-line scorer of textfix (textfix/passes/line_scorer.py). Trees: "
                 "[feature index, threshold, left (x <= threshold), right]; a leaf is a value; "
                 "p = sigmoid(bias + sum of leaves).",
        "trained_on": "boilerplate-train readability (Apache-2.0), boilerplate-train trafilatura-eval "
                      f"(Apache-2.0, partial labels), boilerplate-dev {'all 88 pages' if args.dev_pages == 'all' else 'tuning half'} (MIT)",
        "pages": {f"{s} {v}": int(n) for (s, v), n in sorted(pages.items())},
        "command": "python benchmarks/train_boilerplate.py" + (" --dev-pages tune" if args.dev_pages == "tune" else ""),
        "params": {"rounds": args.rounds, "learning_rate": 0.2, "leaves": args.leaves, "crude_weight": CRUDE_WEIGHT, "dev_weight": DEV_WEIGHT,
                   "max_lost": args.max_lost},
        "threshold": round(threshold, 6),
        "bias": 0.0,
        "screen": screen,
        "features": list(FEATURES),
        "link_words": LINK_WORDS,
        "trees": trees,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KB, {len(trees)} trees)")
    if args.report:
        report(df, args.output, args.rounds, args.leaves)



def report(df: pd.DataFrame, model_path: Path, rounds: int, leaves: int) -> None:
    """Validation per source of the shipped model, and a learning curve: models trained on the
    permitted pages plus a growing number of pages of the other sources (sites of half 'a'),
    measured on the other sources' sites of half 'b' (noisy lines), each at its threshold
    read off the model file and at the threshold that loses 0.2% of that source's content."""
    from textfix.passes.line_scorer import TreeModel

    model = TreeModel.load(model_path)
    X = list(FEATURES)
    val = df[(df.variant == "noisy") & (~df.source.isin(PERMITTED) | (df.half == "validate"))].reset_index(drop=True)
    p = np.array([model.probability(row) for row in val[X].to_numpy(np.float64).tolist()])
    print(f"\n## shipped model on validation sources (noisy, headlines neutral), threshold {model.threshold:.3f}")
    print("| source | lines | boilerplate | removed | P | R | content lost |\n| --- | --- | --- | --- | --- | --- | --- |")
    for source, g in val.groupby("source"):
        m = measure(g.reset_index(drop=True), p[g.index.to_numpy()], model.threshold)
        print(f"| {source} | {m['lines']} | {m['boilerplate']} | {m['removed']} | {m['P']:.3f} | {m['R']:.3f} | {100 * m['lost']:.2f}% |")
    others = df[~df.source.isin(PERMITTED)]
    half = others.site.map(site_half)
    permitted = df[df.source.isin(PERMITTED) & ((df.source != "boilerplate-dev") | (df.half == "tune"))]
    pool = others[half == "a"]
    target = others[(half == "b") & (others.variant == "noisy")].reset_index(drop=True)
    target = pd.concat([target, df[(df.source == "boilerplate-dev") & (df.half == "validate")]], ignore_index=True)
    page_ids = sorted(set(zip(pool.source, pool.id)), key=lambda k: hashlib.sha1(f"lc16:{k}".encode()).digest())
    print("\n## learning curve: permitted pages + N pages of other sources (site half a) -> site half b")
    print("(P/R at the threshold where each source loses 0.2% of its content lines)")
    for n in (0, 100, 300, 1000, len(page_ids)):
        chosen = set(page_ids[:n])
        extra = pool[[k in chosen for k in zip(pool.source, pool.id)]]
        booster = fit(training_rows(pd.concat([permitted, extra])), rounds=rounds, leaves=leaves)
        q = booster.predict(target[X].to_numpy(np.float64))
        cells = []
        for source, g in target.groupby("source"):
            gg = g.reset_index(drop=True)
            qq = q[g.index.to_numpy()]
            m = measure(gg, qq, choose_threshold(gg, qq, 0.002))
            cells.append(f"{source} P {m['P']:.2f} R {m['R']:.2f}")
        print(f"- +{n} pages: " + "; ".join(cells), flush=True)


if __name__ == "__main__":
    main()
