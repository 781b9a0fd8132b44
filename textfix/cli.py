"""The command line: a thin click layer (parse -> Config -> run -> report)."""

from __future__ import annotations

import dataclasses
import inspect
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import click

from . import __version__, engine
from .batch import Pool, process_file, run_parallel, spreads
from .config import Config, check_ids, coerce_option, parse_option
from .errors import ConfigError, InputError, TextfixError
from .files import BinaryFileError, anchor_patterns, decode, discover, remove_stale_temporaries, write_atomic
from .formats import Document, Outcome, format_of, process_text
from .options import RunOptions
from .passes import PASSES
from .pipeline import Pipeline
from .report import Report


class TextfixGroup(click.Group):
    """A click group whose errors exit with 2, as ruff's do (click's own 1 never leaks)."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
        except click.exceptions.ClickException as error:
            error.show()
            code = 2
        except click.exceptions.Abort:
            click.echo("textfix: interrupted", err=True)
            code = 130
        except TextfixError as error:
            click.echo(f"textfix: error: {error}", err=True)
            code = 2
        except BrokenPipeError:
            code = 1  # the reader of our output went away (| head): nothing to report
        except Exception:  # an internal error: say so loudly, with the traceback, exit 2
            import traceback

            traceback.print_exc()
            click.echo("textfix: internal error (the traceback above); files already written are complete, the rest untouched", err=True)
            code = 2
        if standalone_mode:
            sys.exit(code)
        return code


def _split(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


def build_config(
    paths: Sequence[str],
    config_file: str | None,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    options: tuple[str, ...],
    rules: tuple[str, ...] = (),
) -> Config:
    """The configuration file (given or found upward from the inputs), then the options."""
    config = Config.load(config_file) if config_file else Config.discover(paths)
    overrides: dict[str, Any] = {}
    if select:
        overrides["select"] = _split(select)
    if extend_select:
        overrides["extend_select"] = config.extend_select + _split(extend_select)
    if ignore:
        overrides["ignore"] = config.ignore + _split(ignore)
    if include:  # globs with a "/" given here are relative to the working folder, as ruff's
        overrides["include"] = anchor_patterns(_split(include), os.getcwd())
    if exclude:
        overrides["exclude"] = config.exclude + anchor_patterns(_split(exclude), os.getcwd())
    if rules:
        overrides["rule_files"] = config.rule_files + tuple(str(Path(r).resolve()) for r in rules)
    rule_files = overrides.get("rule_files", config.rule_files)
    for flag, given in (("--select", select), ("--extend-select", extend_select), ("--ignore", ignore)):
        check_ids(_split(given), "command line", flag, rule_files)
    if overrides:
        values = {name: getattr(config, name) for name in ("select", "extend_select", "ignore", "include", "exclude", "rule_files", "options")}
        values.update(overrides)
        config = Config(**values, source=config.source)
    for assignment in options:
        pass_id, option, value = parse_option(assignment)
        name, value = coerce_option(pass_id, option, value, f"--option {assignment}")
        config = config.with_options(pass_id, where=f"--option {assignment}", **{name: value})
    return config


def config_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads a configuration."""
    decorators = [
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read this textfix.toml or pyproject.toml instead of searching upward from the inputs."),
        click.option("--select", multiple=True, help="Run only these passes or rules (comma-separated ids: whitespace, whitespace/tab)."),
        click.option("--extend-select", multiple=True, help="Also run these passes or rules (for rules that are off by default)."),
        click.option("--ignore", multiple=True, help="Do not run these passes or rules."),
        click.option("--include", multiple=True, help="Glob of files to take in folders (default: text, gzip text, JSON Lines, Parquet); with a /, relative to the working folder."),
        click.option("--exclude", multiple=True, help="Glob of files or folders to leave out (a name anywhere, or with a / a path relative to the working folder); adds to the configuration's."),
        click.option("--option", "-O", "options", multiple=True, metavar="PASS.OPTION=VALUE", help="Set a pass option, e.g. whitespace.max-blank-lines=2."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def run_options(func: Callable[..., Any]) -> Callable[..., Any]:
    decorators = [
        click.argument("paths", nargs=-1, required=True),
        config_options,
        click.option("--diff", is_flag=True, help="Print a unified diff of what would change; write nothing; exit 1 if anything would."),
        click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True, help="How findings are printed."),
        click.option("--statistics", is_flag=True, help="Print counts of edits per rule."),
        click.option("--quiet", "-q", is_flag=True, help="Print no findings and no summary; only errors."),
        click.option("--encoding", default="utf-8", show_default=True, help="Encoding of input files without a byte-order mark."),
        click.option("--skip-undecodable", is_flag=True, help="Warn about and pass over files that cannot be decoded, instead of failing."),
        click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0), help="Worker processes (0: one per CPU): files of a folder, or the records or pieces of one large file; output order is kept."),
        click.option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster (tcp://host:port), or 'local' to start one; needs textfix[dask]. Files must be reachable from the workers."),
        click.option("--text-key", default="text", show_default=True, help="In JSON Lines files (.jsonl, .jsonl.gz, .json.gz), the field to clean."),
        click.option("--title-key", metavar="NAME", help="In JSON Lines and Parquet files, the field or column holding each record's title (boilerplate keeps the first copy of the title line and drops repeats)."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Extra boilerplate rule file (such as one written by 'textfix learn'); repeatable."),
        click.option("--force-exclude", is_flag=True, help="Apply --exclude and the configuration's exclude to paths named on the command line too (as ruff's; the pre-commit hooks pass it)."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


@click.group(cls=TextfixGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="textfix", message=f"%(prog)s %(version)s, engine: {engine.description}")
def cli() -> None:
    """Repair scraping artifacts in text files and corpora.

    Exit codes: 0 nothing to change, 1 changes found (check, --diff), 2 usage,
    configuration or input error.
    """
    engine.check()


def _dask_client(scheduler: str, jobs: int) -> Any:
    from .dask import connect

    try:
        return connect(scheduler, jobs if jobs > 1 else 2)
    except ImportError as error:
        raise click.UsageError(f"--scheduler needs Dask's distributed scheduler ({error}): pip install 'textfix[dask]'") from None
    except (OSError, ValueError, TimeoutError) as error:
        raise click.UsageError(f"--scheduler {scheduler}: cannot connect: {error}") from None


def _with_progress(outcomes: Iterable[Outcome], paths: list[Path], report: Report, mode: str, quiet: bool) -> None:
    """A progress bar on stderr: files done, megabytes done of the total, and the ETA."""
    sizes = []
    for path in paths:
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            sizes.append(0)
    total_mb = sum(sizes) / 1e6
    done = {"files": 0, "bytes": 0}

    def describe(_: object) -> str:
        return f"{done['files']}/{len(paths)} files, {done['bytes'] / 1e6:.1f}/{total_mb:.1f} MB"

    with click.progressbar(length=max(1, sum(sizes)), label="textfix", file=sys.stderr, show_eta=True, show_percent=True, item_show_func=describe) as bar:
        for size, outcome in zip(sizes, outcomes):
            _collect(report, outcome, mode, quiet)
            done["files"] += 1
            done["bytes"] += size
            bar.update(size, outcome.path)


def _run(options: RunOptions) -> int:
    config, mode, quiet, jobs = options.config, options.mode, options.quiet, options.jobs
    pipeline = Pipeline(config)
    report = Report()
    if "-" in options.paths:
        if len(options.paths) > 1:
            raise click.UsageError("'-' (standard input) cannot be combined with other paths")
        return _run_stdin(pipeline, options, report)
    missing: list[str] = []  # reported, and the other paths still processed (as ruff does)
    project_root = Path(config.source).parent if config.source else Path.cwd()
    files = list(discover(options.paths, config.include, config.exclude, missing, options.force_exclude, project_root))
    for problem in missing:
        _collect(report, Outcome(problem.partition(":")[0], error=problem), mode, quiet)
    tasks = [options.task(path, root) for path, root in files]
    if mode == "fix":
        folders = {task.path.parent for task in tasks} | {task.output.parent for task in tasks if task.output is not None}
        for stale in remove_stale_temporaries(sorted(folders)):
            if not quiet:
                click.echo(f"textfix: removed {stale}, left by an interrupted run", err=True)
    client = _dask_client(options.scheduler, jobs) if options.scheduler else None
    if client is not None:
        from .dask import process_on_cluster

        outcomes = process_on_cluster(client, config, tasks)
    elif jobs > 1 and len(tasks) > 1:
        outcomes = run_parallel(config, tasks, jobs)
    elif jobs > 1 and tasks and spreads(tasks[0]):
        # one large file: its records or pieces go to the workers, in order
        pool = Pool(config, jobs)
        try:
            outcomes = iter([process_file(pipeline, tasks[0], pool)])
        finally:
            pool.close()
    else:
        outcomes = (process_file(pipeline, task) for task in tasks)
    if sys.stderr.isatty() and len(tasks) > 20 and not quiet:
        _with_progress(outcomes, [task.path for task in tasks], report, mode, quiet)
    else:
        for outcome in outcomes:
            _collect(report, outcome, mode, quiet)
    if client is not None:
        client.close()
    return _finish(report, options)


def _run_stdin(pipeline: Pipeline, options: RunOptions, report: Report) -> int:
    source = decode(sys.stdin.buffer.read(), Path("<stdin>"), options.encoding)
    outcome = Outcome("-")
    fixed = process_text(pipeline, "-", Document(source.text), options.mode, outcome)
    if options.mode == "fix":
        sys.stdout.buffer.write(source.encode(fixed))
        sys.stdout.flush()
    _collect(report, outcome, options.mode, options.quiet)
    return _finish(report, dataclasses.replace(options, quiet=options.quiet or options.mode == "fix", output=None))


def _collect(report: Report, outcome: Outcome, mode: str, quiet: bool) -> None:
    report.files_seen += 1
    if outcome.error:
        report.errors.append(outcome.error)
        click.echo(f"textfix: error: {outcome.error}", err=True)
        return
    for warning in outcome.warnings:
        report.warnings.append(warning)
        click.echo(f"textfix: warning: {warning}", err=True)
    for note in outcome.notes:
        report.warnings.append(note)
        if not quiet:
            click.echo(f"textfix: note: {note}", err=True)
    if outcome.changed:
        report.files_changed += 1
    report.statistics.update(outcome.statistics)
    if mode == "diff":
        if outcome.diff and not quiet:
            click.echo(outcome.diff, nl=False)
    elif mode == "check":
        report.findings.extend(outcome.findings)


def _finish(report: Report, options: RunOptions) -> int:
    mode, fmt, quiet, wrote_output = options.mode, options.fmt, options.quiet, options.output is not None
    if options.statistics:  # as ruff's --statistics: the table instead of the findings
        click.echo(report.render_statistics(fmt), nl=False)
    elif mode == "check" and (not quiet or fmt != "text"):
        click.echo(report.render_findings(fmt), nl=False)
    if not quiet:
        edits = sum(report.statistics.values())
        failed = len(report.errors)
        if mode == "fix":
            message = f"textfix: fixed {report.files_changed} of {report.files_seen} files ({edits} edits)"
            if wrote_output:
                message = f"textfix: wrote {report.files_seen - failed - len(report.warnings)} files, {report.files_changed} changed ({edits} edits)"
        elif report.files_changed:
            message = f"textfix: {report.files_changed} of {report.files_seen} files would change ({edits} edits)"
        elif failed:
            message = f"textfix: {report.files_seen} files, no changes found in the {report.files_seen - failed} processed"
        else:
            message = f"textfix: {report.files_seen} files, nothing to change"
        if failed:
            message += f"; {failed} could not be processed (errors above)"
        click.echo(message, err=True)
    return report.exit_code(changes_fail=mode in ("check", "diff"))


@cli.command()
@run_options
@click.option("--output", "-o", type=click.Path(file_okay=False), help="Write cleaned files into this folder (mirroring the input tree) instead of in place.")
def fix(**params: Any) -> int:
    """Clean files in place (atomically), into --output, or '-' from stdin to stdout."""
    config = _config_of(params)
    if params["diff"] and params["output"]:
        raise click.UsageError("--diff writes nothing; it cannot be combined with --output")
    return _run(RunOptions.from_params("fix", config, params))


@cli.command()
@run_options
def check(**params: Any) -> int:
    """Report what would change, as path:line:col: rule message. Never writes; exit 1 if anything would change."""
    return _run(RunOptions.from_params("check", _config_of(params), params))


def _config_of(params: dict[str, Any]) -> Config:
    keys = ("config_file", "select", "extend_select", "ignore", "include", "exclude", "options")
    return build_config(params["paths"], *(params[key] for key in keys), params.get("rule_files", ()))


@cli.command("config")
@click.argument("paths", nargs=-1)
@config_options
def show_config(**params: Any) -> int:
    """Print the effective configuration for PATHS (default: the current folder)."""
    config = _config_of({**params, "paths": params["paths"] or (".",)})
    click.echo(config.to_toml(), nl=False)
    return 0


@cli.command("rules")
def list_rules() -> int:
    """List the passes, in the order they run, and their rules."""
    for pass_id, cls in PASSES.items():
        click.echo(f"{pass_id}: {cls.describe()}")
        for rule, summary in cls.rules.items():
            off = " (off by default)" if rule in cls.default_off else ""
            click.echo(f"  {pass_id}/{rule}: {summary.removesuffix(' (off by default)')}{off}")
    return 0


@cli.command()
@click.argument("rule_id", metavar="RULE")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Also look in this boilerplate rule file.")
def explain(rule_id: str, rule_files: tuple[str, ...]) -> int:
    """Explain a pass (whitespace) or a rule (boilerplate/byline): what it does, why, and
    examples."""
    from .passes.boilerplate import BoilerplatePass

    pass_id, _, rule = rule_id.partition("/")
    cls = PASSES.get(pass_id)
    if cls is None:
        raise click.UsageError(f"unknown pass '{pass_id}' (passes: {', '.join(PASSES)})")
    files = tuple(str(Path(f).resolve()) for f in rule_files)
    if rule and rule not in cls.known_rules(files):
        raise click.UsageError(f"unknown rule '{rule_id}' (rules of {pass_id}: {', '.join(sorted(cls.known_rules(files)))})")
    doc = inspect.cleandoc(cls.__doc__ or "")
    if rule:
        state = "off by default (select it to use it)" if rule in cls.default_off else "on by default"
        found = next((r for r in _rules_of(files) if r.id == rule), None) if cls is BoilerplatePass else None
        if found is not None:  # a rule-file rule (the scorer's rules are not in a file)
            click.echo(f"{rule_id}: {found.message} ({state})")
            click.echo(f"  from {found.source}; position: {found.position}" + (f" (within {found.within} lines)" if found.position != "any" else ""))
            for example in found.examples:
                click.echo(f"  removes:  {example!r}")
            for counter in found.counterexamples:
                click.echo(f"  keeps:    {counter!r}")
        else:
            click.echo(f"{rule_id}: {cls.rules[rule]} ({state})")
        click.echo("")
    click.echo(f"{pass_id}: {doc}")
    click.echo(f"\nInvariant: {cls.invariant}.")
    return 0


def _rules_of(files: tuple[str, ...]) -> tuple[Any, ...]:
    from .rules import load_rules

    return load_rules(files)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="Where to write the rule file (TOML), e.g. rules/learned.toml.")
@click.option("--min-count", default=3, show_default=True, type=click.IntRange(min=2), help="A line must be in at least this many documents of its source.")
@click.option("--min-share", default=0.1, show_default=True, type=click.FloatRange(0, 1), help="...and in at least this share of its source's documents.")
@click.option("--max-lines", default=200, show_default=True, type=click.IntRange(min=1), help="At most this many lines per source.")
@click.option("--max-entries", default=2_000_000, show_default=True, type=click.IntRange(min=1000), help="Bound on distinct lines kept in memory (lines seen once are dropped past it).")
@click.option("--include", multiple=True, help="Glob of files to take in folders (default: text, gzip text, JSON Lines, Parquet); with a /, relative to the working folder.")
@click.option("--exclude", multiple=True, help="Glob of files or folders to leave out (a name anywhere, or with a / a path relative to the working folder).")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of input files without a byte-order mark.")
@click.option("--scheduler", metavar="ADDRESS", help="Count on a Dask cluster (map-reduce), or 'local' to start one.")
@click.option("--text-key", default="text", show_default=True, help="In JSON Lines and Parquet files, the field or column that holds each record's document.")
def learn(paths: tuple[str, ...], output: str, min_count: int, min_share: float, max_lines: int, max_entries: int, include: tuple[str, ...], exclude: tuple[str, ...], encoding: str, scheduler: str | None, text_key: str) -> int:
    """Find lines that recur across many documents of one source (a site's header, footer
    and promos) and write them as a reviewable boilerplate rule file.

    A document's source is its first folder below each PATH; each record of a JSON Lines
    or Parquet file is a document. Apply the result with 'textfix fix --rules FILE'.
    """
    from .learn import LineCounter, render_rules, source_of

    globs = _split(include) or Config().include
    missing: list[str] = []
    files = list(discover(paths, globs, _split(exclude), missing))
    for problem in missing:
        click.echo(f"textfix: error: {problem}", err=True)
    errors = len(missing)
    if scheduler:
        from .dask import learn_on_cluster

        client = _dask_client(scheduler, 2)
        try:
            counter = learn_on_cluster(client, files, encoding, max_entries, text_key=text_key)
        finally:
            client.close()
        for problem in counter.problems:
            is_binary = "binary file" in problem
            click.echo(f"textfix: {'warning' if is_binary else 'error'}: {problem}", err=True)
            errors += not is_binary
        paths_to_count: list[tuple[Path, Path]] = []
    else:
        counter = LineCounter(max_entries=max_entries)
        paths_to_count = files
    for path, root in paths_to_count:
        try:
            for document in format_of(path).documents(path, encoding, text_key):
                counter.add(source_of(path, root), document.where(path), document.text)
        except InputError as error:
            click.echo(f"textfix: {'warning' if isinstance(error, BinaryFileError) else 'error'}: {error}", err=True)
            errors += not isinstance(error, BinaryFileError)
    found = counter.frequent(min_count, min_share)
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_rules(found, counter.documents, paths, max_lines).encode("utf-8"))
    total = sum(len(items) for items in found.values())
    click.echo(f"textfix: {sum(counter.documents.values())} documents, {len(counter.documents)} sources; wrote {total} lines to {target}", err=True)
    return 2 if errors else 0


@cli.command()
@click.argument("paths", nargs=-1)
@config_options
@click.option("--sample", "-n", default=200, show_default=True, type=click.IntRange(min=1), help="How many edits to draw (every rule with edits gets at least one).")
@click.option("--seed", default=0, show_default=True, help="Seed of the random draw.")
@click.option("--per-rule", default=5, show_default=True, type=click.IntRange(min=1), help="Each rule gets at least this many edits (or all it has), the rest in proportion to its edits.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the review page (one self-contained HTML file) here.")
@click.option("--jsonl", type=click.Path(dir_okay=False), help="Write the sample as JSON Lines here (fill in each 'verdict' to score it).")
@click.option("--text-key", default="text", show_default=True, help="In JSON Lines and Parquet files, the field to clean.")
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of input files without a byte-order mark.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False), help="Extra boilerplate rule file; repeatable.")
@click.option("--score", "verdicts", type=click.Path(exists=True, dir_okay=False), help="Score a verdicts file (saved by the page, or the JSON Lines sample judged).")
@click.option("--min-precision", default=0.9, show_default=True, type=click.FloatRange(0, 1), help="With --score: rules under this precision go on the --ignore line.")
def audit(paths: tuple[str, ...], config_file: str | None, select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], include: tuple[str, ...], exclude: tuple[str, ...], options: tuple[str, ...], sample: int, seed: int, per_rule: int, output: str | None, jsonl: str | None, text_key: str, encoding: str, rule_files: tuple[str, ...], verdicts: str | None, min_precision: float) -> int:
    """Draw a random sample of the edits textfix would make on PATHS, stratified by rule,
    as a review page (-o) or JSON Lines (--jsonl); then score the verdicts (--score)."""
    from . import audit as auditing

    if verdicts:
        click.echo(auditing.score(Path(verdicts), min_precision), nl=False)
        return 0
    if not paths or not (output or jsonl):
        raise click.UsageError("give PATHS and -o PAGE.html or --jsonl FILE (or --score VERDICTS)")
    config = build_config(paths, config_file, select, extend_select, ignore, include, exclude, options, rule_files)
    return auditing.run(list(paths), config, sample=sample, seed=seed, per_rule=per_rule, page=output, jsonl=jsonl, encoding=encoding, text_key=text_key)


def main() -> None:
    cli.main(prog_name="textfix")


__all__ = ["cli", "main", "ConfigError", "InputError"]
