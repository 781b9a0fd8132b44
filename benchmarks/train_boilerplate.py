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
extraction, the kind the pass sees, dominates. The threshold (the operating point) is the
lowest at which each validation source (licence unclear, so never trained on) loses at most
``--max-lost`` (0.2%) of the content lines of its site half 'a', checked by running the pass
itself on those pages; half 'b' is left to report on (benchmarks/boilerplate.py --pages
--halves). ``--operating-point out-of-fold`` takes the threshold from out-of-fold predictions
of the training pages instead (folds grouped by site). Screens after 10, 20 and 40 trees stop
lines far below the threshold (``--screens-only`` recomputes them for the model file).
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
#: The feature table, cached per version of the feature code.
CACHE = Path(f"/tmp/bp16_features_{hashlib.sha1((HERE.parent / 'textfix/passes/line_scorer.py').read_bytes()).hexdigest()[:10]}.pkl")


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


def fit(df: pd.DataFrame, rounds: int = 60, leaves: int = 6, seed: int = 16, rate: float = 0.3):
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


#: The screens: after this many trees a line far below the threshold stops (more screens, fewer
#: trees walked: 51 of 100 per noisy candidate line with one screen at 20, 35 with these).
SCREENS = (10, 20, 40, 60, 80)


def in_scope_rows(df: pd.DataFrame) -> np.ndarray:
    """textfix.passes.line_scorer.in_scope, read off the feature table."""
    body = (df.doc_short_share <= 0.49) & (df.from_top >= 3) & (df.from_bottom >= 18) & (df.short_run <= 3)
    return ~body.to_numpy()


def partial_scores(trees: list, x: np.ndarray, at: tuple[int, ...]) -> dict[int, np.ndarray]:
    """The sum of the first k exported trees for each row of x, for each k in ``at`` and for all."""
    total = np.zeros(len(x))

    def walk(node, rows: np.ndarray) -> None:
        if not isinstance(node, list):
            total[rows] += node
            return
        left = x[rows, node[0]] <= node[1]
        walk(node[2], rows[left])
        walk(node[3], rows[~left])

    sums = {}
    for k, tree in enumerate(trees, 1):
        walk(tree, np.arange(len(x)))
        if k in at:
            sums[k] = total.copy()
    sums[len(trees)] = total.copy()
    return sums


def choose_screens(trees: list, df: pd.DataFrame, threshold: float, at: tuple[int, ...] = SCREENS, margin: float = 0.5) -> list:
    """The screens: after the first k trees (k in ``at``), a line whose partial score is below
    every partial score of a line that ends within ``margin`` (logit) of the threshold, less
    another ``margin``, stops early. Measured on every line of the table the scorer would see
    (no labels are used), so that it costs speed only, not decisions, on those lines."""
    from textfix.passes.line_scorer import candidate

    at = tuple(k for k in at if k < len(trees))
    seen = df[in_scope_rows(df) & np.array([candidate(text.strip()) for text in df.text])]
    sums = partial_scores(trees, seen[list(FEATURES)].to_numpy(np.float64), at)
    near = sums[len(trees)] >= np.log(threshold / (1 - threshold)) - margin
    screens, stopped = [], np.zeros(len(seen), bool)
    for k in at:
        below = float(sums[k][near].min() - margin)
        stopped |= sums[k] < below
        screens.append({"trees": k, "below": round(below, 6), "stopped_by_then": round(float(stopped.mean()), 3)})
        print(f"screen: after {k} trees, below {below:.3f} stops; {stopped.mean():.0%} of the candidate lines stopped by then")
    return screens


def out_of_fold(df: pd.DataFrame, folds: int = 4, **kw) -> np.ndarray:
    fold = df.site.map(lambda s: hashlib.sha1(f"f16:{s}".encode()).digest()[0] % folds).to_numpy()
    p = np.zeros(len(df))
    for k in range(folds):
        train = training_rows(df[fold != k])
        booster = fit(train, **kw)
        p[fold == k] = booster.predict(df[fold == k][list(FEATURES)].to_numpy(np.float64))
    return p


def validation_threshold(df: pd.DataFrame, trees: list, max_lost: float = 0.002) -> float:
    """The lowest threshold (in steps of 0.0025 from 0.99 down) at which every validation
    source (the sources that do not train the model) loses at most ``max_lost`` of the
    content lines of its site half 'a' (boilerplate-train's noisy lines, title lines left out,
    the lines the pass scores: the gate, no body headings, no title known); half 'b' is left
    to report on."""
    from textfix.passes.line_scorer import body_heading, candidate

    val = df[(df.variant == "noisy") & (df.title == 0) & ~df.source.isin(PERMITTED)]
    val = val[(val.site.map(site_half) == "a").to_numpy()].copy()
    val["title_likeness"] = val["title_likeness_none"]
    x = val[list(FEATURES)].to_numpy(np.float64)
    scored = in_scope_rows(val) & np.array([candidate(t.strip()) and not body_heading(row) for t, row in zip(val.text, x.tolist())])
    p = 1 / (1 + np.exp(-partial_scores(trees, x, ())[len(trees)]))
    content = (val.label == 0).to_numpy()
    masks = [(val.source == source).to_numpy() for source in sorted(set(val.source))]
    chosen = 0.99
    for threshold in np.arange(0.99, 0.5, -0.0025):
        removed = scored & (p >= threshold) & content
        if not all(removed[m].sum() <= max_lost * content[m].sum() for m in masks):
            break
        chosen = float(threshold)
    return round(chosen, 4)


def pass_lost(model: dict, half: str = "a") -> dict[str, tuple[int, int, int, int]]:
    """The boilerplate pass alone, with this model (no screens), over the noisy pages of the
    validation sources' site half ``half``: per source (boilerplate removed, content removed,
    boilerplate lines, content lines), title lines left out."""
    import tempfile

    from boilerplate import _page_path, removed_lines

    from textfix.passes import line_scorer
    from textfix.passes.boilerplate import BoilerplatePass

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({**model, "screens": []}, f)
    line_scorer.model_path = lambda: Path(f.name)
    line_scorer.load_model.cache_clear()
    step = BoilerplatePass()
    out: dict[str, list[int]] = {}
    for doc in documents():
        if doc["variant"] != "noisy" or doc["source"] in PERMITTED or site_half(doc["site"]) != half:
            continue
        text = _page_path(doc).read_text("utf-8")
        gone = removed_lines(text.split("\n"), step.run(text, record=False).text)
        row = out.setdefault(doc["source"], [0, 0, 0, 0])
        for n, (label, _mixed, title) in doc["labels"].items():
            if not title:
                row[0 if label else 1] += gone[n - 1]
                row[2 if label else 3] += 1
    Path(f.name).unlink()
    line_scorer.load_model.cache_clear()
    return {source: tuple(row) for source, row in out.items()}


def checked_threshold(model: dict, max_lost: float) -> float:
    """Raise the threshold in steps of 0.0025 until the pass itself (which judges lines again
    once others went) loses at most ``max_lost`` of each validation source's site half a."""
    threshold = model["threshold"]
    while True:
        lost = pass_lost({**model, "threshold": threshold})
        worst = max(fp / content for _, fp, _, content in lost.values())
        print(f"  pass at {threshold:.4f}: worst content lost on half a {worst:.2%}")
        if worst <= max_lost or threshold >= 0.99:
            return round(threshold, 4)
        threshold += 0.0025


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="recompute the feature table")
    parser.add_argument("--max-lost", type=float, default=0.002, help="content lines a validation source may lose")
    parser.add_argument("--operating-point", choices=("validation", "out-of-fold"), default="validation",
                        help="threshold: the lowest at which each validation source's site half a loses at most "
                             "--max-lost of its content lines (default), or at which the training pages lose it out of fold")
    parser.add_argument("--rounds", type=int, default=60, help="trees (each costs time at run time)")
    parser.add_argument("--leaves", type=int, default=6)
    parser.add_argument("--rate", type=float, default=0.3, help="learning rate")
    parser.add_argument("--output", type=Path, default=MODEL)
    parser.add_argument("--report", action="store_true", help="validate per source and print a learning curve")
    parser.add_argument("--dev-pages", choices=("all", "tune"), default="all",
                        help="boilerplate-dev pages to train on: all 88 (the shipped model) or the tuning half "
                             "(to validate the recipe on the other half)")
    parser.add_argument("--screens-only", action="store_true",
                        help="recompute only the screens of the model file at --output (same trees and threshold)")
    args = parser.parse_args()
    df = untitled_share(table(args.rebuild))
    if args.screens_only:
        model = json.loads(args.output.read_text("utf-8"))
        model["screens"] = choose_screens(model["trees"], df, model["threshold"])
        model.pop("screen", None)
        args.output.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote the screens of {args.output}")
        return
    dev = (df.source != "boilerplate-dev") | (df.half == "tune") if args.dev_pages == "tune" else True
    permitted = df[df.source.isin(PERMITTED) & dev]
    permitted = permitted.reset_index(drop=True)
    oof = out_of_fold(permitted, rounds=args.rounds, leaves=args.leaves, rate=args.rate)
    noisy = (permitted.variant == "noisy").to_numpy()
    threshold = choose_threshold(permitted[noisy], oof[noisy], args.max_lost)
    print(f"threshold {threshold:.4f} (out-of-fold on {noisy.sum()} noisy training lines: "
          f"{measure(permitted[noisy], oof[noisy], threshold)})")
    booster = fit(training_rows(permitted), rounds=args.rounds, leaves=args.leaves, rate=args.rate)
    trees = export_trees(booster)
    if args.operating_point == "validation":
        threshold = validation_threshold(df, trees, args.max_lost)
        print(f"threshold {threshold:.4f} (each validation source's site half a loses at most {args.max_lost:.1%} of the lines scored)")
        threshold = checked_threshold({"features": list(FEATURES), "link_words": LINK_WORDS, "trees": trees,
                                       "threshold": threshold, "bias": 0.0}, args.max_lost)
    screens = choose_screens(trees, df, threshold)
    pages = permitted.groupby(["source", "variant"]).id.nunique().to_dict()
    model = {
        "about": "Boilerplate-line scorer of textfix (textfix/passes/line_scorer.py). Trees: "
                 "[feature index, threshold, left (x <= threshold), right]; a leaf is a value; "
                 "p = sigmoid(bias + sum of leaves).",
        "trained_on": "boilerplate-train readability (Apache-2.0), boilerplate-train trafilatura-eval "
                      f"(Apache-2.0, partial labels), boilerplate-dev {'all 88 pages' if args.dev_pages == 'all' else 'tuning half'} (MIT)",
        "pages": {f"{s} {v}": int(n) for (s, v), n in sorted(pages.items())},
        "command": "python benchmarks/train_boilerplate.py" + (" --dev-pages tune" if args.dev_pages == "tune" else ""),
        "params": {"rounds": args.rounds, "learning_rate": args.rate, "leaves": args.leaves, "crude_weight": CRUDE_WEIGHT, "dev_weight": DEV_WEIGHT,
                   "max_lost": args.max_lost, "operating_point": args.operating_point},
        "threshold": round(threshold, 6),
        "bias": 0.0,
        "screens": screens,
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
