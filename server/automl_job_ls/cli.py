"""Command line: `serve` (default), `check PATH...`, `schema`."""

from __future__ import annotations

import argparse
import gc
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import __version__
from .diagnostics.codes import Severity
from .schema import JOB_FILE, PIPELINE_FILE, export_text
from .settings import LEVEL_NAMES, level, not_a_level, parse_settings

if TYPE_CHECKING:
    from .diagnostics.model import Diagnostic

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# Written by report.py, imported only by `check`: `serve`, `schema` and `--version` stay instant.
FORMATS = ("text", "json", "github", "sarif")
YAML_SUFFIXES = (".yml", ".yaml")


class Problem(Exception):
    """A usage or I/O problem: reported in one line, exit code 2."""


def _files(paths: list[str]) -> tuple[list[tuple[Path, bool]], list[str]]:
    """(file, named explicitly) pairs, plus messages for paths that could not be used."""
    files: list[tuple[Path, bool]] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(f"{raw}: no .yml or .yaml files in this folder")
            files.extend((p, False) for p in found)
        elif path.is_file():
            files.append((path, True))
        elif path.exists():
            problems.append(f"{raw}: not a regular file")
        else:
            problems.append(f"{raw}: no such file or folder")
    return files, problems


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Problem(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise Problem(f"{path}: looks like a binary file, not YAML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Problem(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); the CLI reads job files as UTF-8") from None


def check(
    paths: list[str], fmt: str, out=sys.stdout, err=sys.stderr,
    severity: list[str] = (), disable: list[str] = (), fail_on: str = "error", data: bool = True,
) -> int:
    from .diagnostics.engine import analyze  # imported here: `schema` and `--version` stay instant
    from .report import finding, write

    settings, invalid = _settings(severity, disable)
    threshold = level(fail_on)
    if threshold is None:
        invalid.append(f"--fail-on {fail_on}: {not_a_level(fail_on)}.")
    if invalid:
        for message in invalid:
            print(f"automl-job-ls: {message}", file=err)
        return EXIT_USAGE

    files, problems = _files(paths)
    findings = []
    checked = 0
    reported: set[tuple] = set()  # data files shared by several jobs are reported once
    for path, explicit in files:
        try:
            text = read_text(path)
        except Problem as exc:
            problems.append(str(exc))
            continue
        analysis = analyze(text, str(path), named=explicit)
        if not analysis.document.is_ours and not analysis.diagnostics:
            if explicit:
                print(f"{path}: note: not an AutoML image instance segmentation job; skipped", file=err)
            continue
        checked += 1
        kept = _apply(settings, analysis.diagnostics)
        if data:
            kept += _data_diagnostics(analysis.document, path, settings, reported, err)
        findings.extend(finding(path, d) for d in kept)
    for message in problems:
        print(f"automl-job-ls: {message}", file=err)
    write(findings, fmt, out)
    counts = {s: sum(f.diagnostic.severity == s for f in findings) for s in Severity}
    print(
        f"{checked} job file(s) checked: {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFORMATION] + counts[Severity.HINT]} note(s)",
        file=err,
    )
    if problems:
        return EXIT_USAGE
    failing = any(f.diagnostic.severity <= threshold for f in findings)
    return EXIT_ERRORS if failing else EXIT_OK


def _apply(settings, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics at the levels the settings give them, without the disabled codes."""
    kept = []
    for d in diagnostics:
        level = settings.severity_of(d.code, d.severity)
        if level is not None:
            kept.append(d if level == d.severity else replace(d, severity=level))
    return kept


def _data_diagnostics(document, path: Path, settings, reported: set[tuple], err) -> list[Diagnostic]:
    """The job's data: problems in its MLTable and JSONL files, and one summary on each `path:`."""
    from .data.check import check_job_data
    from .data.summary import summary

    out: list[Diagnostic] = []
    for report in check_job_data(document, path.resolve(), [Path.cwd()]):
        if report.missing:
            start = report.ref.value.range.start
            print(f"{path}:{start.line + 1}:{start.character + 1}: note: {report.ref.text} does not exist here; its data is not checked",
                  file=err)
        kept = _apply(settings, report.diagnostics)
        total = summary(report, kept)
        if total is not None:
            kept += _apply(settings, [total])  # its level is the worst problem's, unless the user set AML500
        for d in kept:
            key = (d.file, d.range, d.code, d.message)
            if d.file is None or key not in reported:
                reported.add(key)
                out.append(d)
    return out


# The editor's settings that have a flag here, and the flag.
_FLAGS = {"severity": "--severity", "disabledCodes": "--disable"}


def _settings(severity: Iterable[str], disable: Iterable[str]):
    """The editor's settings, from flags: the same object and the same validator, but a bad flag
    stops the run. Returns the settings and one message for each bad flag, naming the flag."""
    overrides, malformed = {}, []
    for item in severity:
        key, equals, value = item.partition("=")
        if equals:
            overrides[key] = value
        else:
            malformed.append(f"--severity {item}: expected CODE=LEVEL, e.g. AML105=error.")
    settings, problems = parse_settings({"severity": overrides, "disabledCodes": list(disable)})
    messages = []
    for p in problems:
        given = f"{p.entry}={p.value}" if p.entry is not None else p.value
        messages.append(f"{_FLAGS[p.setting]} {given}: {p.reason}.")
    return settings, messages + malformed


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="automl-job-ls",
        description="Language server and checker for Azure ML AutoML image instance segmentation job YAML.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command")
    serve = sub.add_parser("serve", help="run the language server (default; stdio unless --tcp)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    chk = sub.add_parser("check", help="check job files or folders and print problems")
    chk.add_argument("paths", nargs="+", metavar="PATH", help="job files, or folders searched for *.yml/*.yaml")
    chk.add_argument("--format", choices=FORMATS, default="text",
                     help="text (path:line:col), json, github (workflow annotations) or sarif (2.1.0, for code scanning)")
    chk.add_argument("--severity", action="append", default=[], metavar="CODE=LEVEL",
                     help=f"change a code's level ({LEVEL_NAMES}), e.g. AML105=error; repeatable")
    chk.add_argument("--disable", action="append", default=[], metavar="CODE", help="leave a code out; repeatable")
    chk.add_argument("--no-data", action="store_true",
                     help="do not check the data the jobs point at (their MLTable folders and JSONL files)")
    chk.add_argument("--fail-on", default="error", metavar="LEVEL",
                     help=f"exit 1 when a problem of this level ({LEVEL_NAMES}) or worse is found (default: error)")
    schema = sub.add_parser("schema", help="print the JSON Schema of the job (for other YAML tools)")
    schema.add_argument("--pipeline", action="store_true", help="print the pipeline-job schema instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.paths, args.format, severity=args.severity, disable=args.disable, fail_on=args.fail_on,
                     data=not args.no_data)
    if args.command == "schema":
        sys.stdout.write(export_text(PIPELINE_FILE if args.pipeline else JOB_FILE))
        return EXIT_OK
    from .lsp import codegen_cache

    # The server never speaks TLS (stdio, or plain TCP on a local port), and asyncio imports
    # `ssl` only if it can: without it, OpenSSL is not loaded, about 4 MiB less memory.
    sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]
    # Fewer collections while ~600 classes are built (about 35 ms sooner, 1 MiB more); start-up's
    # garbage is collected once the first diagnostics are out (server.settle_memory).
    thresholds = gc.get_threshold()
    gc.set_threshold(5000, 20, 20)
    codegen_cache.start_up()  # until the first diagnostics: generated code compiled once per machine
    from .lsp.server import serve  # imported late: `check` must not pay for pygls

    gc.set_threshold(*thresholds)

    return serve(getattr(args, "tcp", None))


if __name__ == "__main__":
    sys.exit(main())
