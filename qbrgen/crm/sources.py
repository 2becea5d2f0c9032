"""Read the exports with DuckDB: one view per source, then one query per target, streamed in batches.

DuckDB runs in-process with its extension downloads turned off. Once the views are made, the
connection's file access is limited to the named export files themselves and its configuration is
locked; a mapping's SQL must parse (by DuckDB's own parser) as exactly one SELECT, so it can join,
filter and aggregate the exports but cannot write a file, attach a database or read anything else.
CSV files are sniffed here (byte-order mark, delimiter) because exports vary more than a sniffer
expects: ragged rows (a report row without a contact) and encodings other than UTF-8.
"""

from __future__ import annotations

import codecs
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

from qbrgen.crm.mapping import COLUMNS, REQUIRED, Mapping, Source, Target
from qbrgen.errors import InputError, Problem

BATCH = 20_000
TIME_LIMIT = 600.0  # seconds one mapping query may run; QBRGEN_IMPORT_TIME_LIMIT overrides
MEMORY_LIMIT = "1GB"  # DuckDB's own ceiling for the query (it spills to a private temporary folder first);
# QBRGEN_IMPORT_MEMORY_LIMIT overrides (a size such as 512MB or 4GB)
_SIZE = re.compile(r"\d{1,6}(\.\d{1,3})?\s?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)
TMP_PREFIX = "qbrgen-import-"  # then the process id: a folder whose process is gone is an interrupted import's
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
ROW = "_row"


class Exports:
    """A DuckDB connection with one view per source of ``mapping``; use as a context manager."""

    def __init__(self, mapping: Mapping):
        self.mapping = mapping
        remove_stale_folders()
        self._tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-"))
        self.con = duckdb.connect(":memory:", config={
            "threads": 2, "autoinstall_known_extensions": False, "autoload_known_extensions": False,
            "memory_limit": _memory_limit(), "temp_directory": str(self._tmp / "spill")})
        problems: list[Problem] = []
        files: set[str] = set()
        for source in mapping.sources.values():
            try:
                files.add(str(self._register(source)))
            except _SourceError as exc:
                problems.append(Problem(source.display, exc.line, "", str(exc)))
            except (duckdb.Error, MemoryError) as exc:
                problems.append(Problem(source.display, None, "", _out_of_memory(exc, "reading this export") if
                                        _is_out_of_memory(exc) else f"cannot be read: {_first_line(exc)}"))
        if problems:
            self.close()
            raise InputError(problems)
        self.con.execute(f"SET allowed_paths = {sorted(files)!r}")
        self.con.execute(f"SET allowed_directories = {[str(self._tmp / 'spill') + '/']!r}")
        self.con.execute("SET enable_external_access = false")
        self.con.execute("SET lock_configuration = true")

    def __enter__(self) -> Exports:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and remove the temporary copies of re-encoded exports."""
        self.con.close()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def _register(self, source: Source) -> Path:
        """Create the view named after ``source``; return the file DuckDB must be allowed to read."""
        path, view = source.path, _quote(source.name)
        if source.kind == "csv":
            path, delimiter = self._csv(source)
            self.con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_csv({_literal(str(path))}, header = true, "
                             f"all_varchar = true, null_padding = true, delim = {_literal(delimiter)}, quote = '\"')")
        elif source.kind == "parquet":
            self.con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({_literal(str(path))})")
        elif source.kind == "json":
            if source.records:
                self.con.execute(f"CREATE VIEW {view} AS SELECT unnest({_quote(source.records)}, recursive := true) "
                                 f"FROM read_json({_literal(str(path))})")
            else:
                self.con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_json({_literal(str(path))})")
        else:
            self._xlsx(source, view)
        return path

    def _csv(self, source: Source) -> tuple[Path, str]:
        with open(source.path, "rb") as fh:
            head = fh.read(65536)
        encoding = source.encoding
        if encoding is None:
            encoding = next((name for bom, name in _BOMS if head.startswith(bom)), None)
        if encoding is None:
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                    line = head[: exc.start].count(b"\n") + 1
                    raise _SourceError("is not UTF-8 text; save it as UTF-8 or name its encoding "
                                       "(like 'encoding: cp1252') in the mapping", line) from None
            encoding = "utf-8"
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _SourceError(f"'{encoding}' is not a known text encoding") from None
        path = source.path
        if codecs.lookup(encoding).name not in {"utf-8", "utf-8-sig"}:
            path = self._tmp / f"{len(list(self._tmp.iterdir()))}-{source.path.name}"
            with open(source.path, encoding=encoding, newline="") as src, open(path, "w", encoding="utf-8",
                                                                                 newline="") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
        sample = head.decode(encoding, errors="ignore").lstrip("\ufeff")
        delimiter = (source.delimiter or "").replace("\\t", "\t") or _sniff_delimiter(sample)
        return path, delimiter

    def _xlsx(self, source: Source, view: str) -> None:
        import openpyxl

        _check_xlsx(source.path)
        try:
            book = openpyxl.load_workbook(source.path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
            raise _SourceError(f"is not a readable .xlsx workbook ({type(exc).__name__})") from None
        try:
            self._load_rows(source, view, book)
        except (_SourceError, duckdb.Error, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is read
            raise _SourceError(f"is not a readable .xlsx workbook ({type(exc).__name__}: {_first_line(exc)})") \
                from None
        finally:
            book.close()

    def _load_rows(self, source: Source, view: str, book) -> None:
        if source.sheet and source.sheet not in book.sheetnames:
            raise _SourceError(f"has no sheet '{source.sheet}' (sheets: {', '.join(book.sheetnames)})")
        rows = book[source.sheet] if source.sheet else book.worksheets[0]
        it = rows.iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else f"column {i + 1}" for i, c in enumerate(next(it, ()))]
        if not header:
            raise _SourceError("has an empty first sheet")
        table = _quote(f"__xlsx_{source.name}")
        self.con.execute(f"CREATE TABLE {table} ({', '.join(_quote(h) + ' VARCHAR' for h in header)})")
        marks = ", ".join("?" * len(header))
        batch = []
        for row in it:
            cells = [_cell(c) for c in row[: len(header)]] + [None] * (len(header) - len(row))
            batch.append(cells)
            if len(batch) >= 5000:
                self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
                batch = []
        if batch:
            self.con.executemany(f"INSERT INTO {table} VALUES ({marks})", batch)
        self.con.execute(f"CREATE VIEW {view} AS SELECT * FROM {table}")

    def columns(self, source: str) -> list[str]:
        """Return the column names of a source."""
        return list(self.con.sql(f"SELECT * FROM {_quote(source)} LIMIT 0").columns)

    def rows(self, target: Target) -> Iterator[tuple[tuple[str, int] | None, dict[str, object]]]:
        """Yield ``((file, row) or None, {qbrgen column: cell})`` for every row the target returns."""
        sql = self._sql(target)
        where = self.mapping.sources[target.source].display if target.source else None
        cursor = self.con.cursor()
        limit = _time_limit()
        timer = threading.Timer(limit, cursor.interrupt)
        timer.daemon = True
        timer.start()
        try:
            cursor.execute(sql)
            names = [d[0] for d in cursor.description]
            while batch := cursor.fetchmany(BATCH):
                for row in batch:
                    values = dict(zip(names, row, strict=True))
                    ref = values.pop(ROW, None)
                    yield ((where, int(ref)) if where and ref is not None else None), values
        except duckdb.InterruptException:
            raise InputError([Problem(self.mapping.file, target.line, f"{target.name}.sql",
                                      f"the query ran longer than the import's limit of {limit:g} seconds and was "
                                      "stopped; nothing was written (simplify it, or set QBRGEN_IMPORT_TIME_LIMIT)")]) \
                from None
        except (duckdb.Error, MemoryError) as exc:
            if _is_out_of_memory(exc):
                raise InputError([Problem(self.mapping.file, target.line, f"{target.name}.sql",
                                          _out_of_memory(exc, "the query"))]) from None
            raise InputError([Problem(self.mapping.file, target.line, f"{target.name}.sql",
                                      f"the query fails: {_first_line(exc)}")]) from None
        finally:
            timer.cancel()
            cursor.close()

    def output_columns(self, target: Target) -> list[str]:
        """Return the qbrgen columns ``target`` returns; raise InputError on a mapping error."""
        return [n for n in self.con.sql(self._sql(target)).columns if n != ROW]

    def _sql(self, target: Target) -> str:
        problem = None
        if target.sql is not None:
            sql, problem = _one_select(target)
        else:
            source = self.mapping.sources[target.source]
            available = self.columns(source.name)
            missing = [c for c in target.columns.values() if c not in available]
            if missing:
                hint = ", ".join(available[:12]) + (" ..." if len(available) > 12 else "")
                problem = (f"{target.name}.columns",
                           f"{source.display} has no column {', '.join(repr(m) for m in missing)} (it has: {hint})")
                sql = ""
            else:
                offset = 1 if source.kind in {"csv", "xlsx"} else 0
                picks = ", ".join(f"{_quote(col)} AS {_quote(key)}" for key, col in target.columns.items())
                sql = f"SELECT row_number() OVER () + {offset} AS {ROW}, {picks} FROM {_quote(source.name)}"
                missing = [c for c, _ in target.where if c not in available]
                if missing:
                    problem = (f"{target.name}.where", f"{source.display} has no column "
                               f"{', '.join(repr(m) for m in missing)}")
                elif target.where:  # numbered before filtering, so a problem still names the export's own line
                    keep = " AND ".join(
                        f"lower(trim(CAST({_quote(c)} AS VARCHAR))) IN "
                        f"({', '.join(_literal(v.strip().lower()) for v in values)})" for c, values in target.where)
                    sql = (f"SELECT {ROW}, {picks} FROM (SELECT row_number() OVER () + {offset} AS {ROW}, * "
                           f"FROM {_quote(source.name)}) AS numbered WHERE {keep}")
        if problem is None:
            try:  # binds the statement (names and types) without running it
                names = self.con.sql(sql).columns
            except duckdb.Error as exc:
                problem = (f"{target.name}.sql", f"the query fails: {_first_line(exc)}")
            else:
                problem = _check_columns(target, names)
        if problem:
            raise InputError([Problem(self.mapping.file, target.line, *problem)])
        return sql


def _one_select(target: Target) -> tuple[str, tuple[str, str] | None]:
    """Return the mapping's query as one SELECT statement, or a problem saying why it is not one.

    DuckDB's own parser splits the text into statements, so a second statement hidden after a ';',
    inside a comment's end or after a closing parenthesis is seen, and refused, before anything runs.
    """
    where = f"{target.name}.sql"
    try:
        statements = duckdb.extract_statements(target.sql)
    except duckdb.Error as exc:
        return "", (where, f"the query fails: {_first_line(exc)}")
    if len(statements) != 1:
        return "", (where, f"must be exactly one SELECT statement; it has {len(statements)}: "
                           f"a mapping's query may only read the exports")
    kind = statements[0].type.name
    if kind != "SELECT":
        word = kind.replace("_", " ")
        return "", (where, f"is a {word} statement; a mapping's query may only read the exports with one SELECT "
                           f"(no COPY, ATTACH, EXPORT, INSERT, SET or other statement)")
    return statements[0].query.strip().rstrip(";"), None


XLSX_MAX_PART = 1024 * 1024 * 1024  # one part of a workbook, inflated
XLSX_MAX_TOTAL = 2 * 1024 * 1024 * 1024
XLSX_MAX_RATIO = 200  # inflated / stored, for parts over a megabyte: a sheet compresses well, a bomb better


def _check_xlsx(path: Path) -> None:
    """Refuse a workbook whose zip could exhaust memory or whose XML declares a DTD, before openpyxl reads it."""
    import zipfile

    from qbrgen.brandkit.safety import check_xml_part
    from qbrgen.errors import TemplateError

    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > XLSX_MAX_PART or total > XLSX_MAX_TOTAL:
                    raise _SourceError(f"inflates to more than {XLSX_MAX_PART >> 30} GB; export fewer rows or as CSV")
                if info.file_size > 1 << 20 and info.file_size > XLSX_MAX_RATIO * max(info.compress_size, 1):
                    raise _SourceError(f"has a part ('{info.filename}') compressed more than {XLSX_MAX_RATIO} to 1 "
                                       "(a zip bomb?); export it again")
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with book.open(info) as fh:
                        check_xml_part(fh, info.filename, path.name)
    except TemplateError as exc:
        raise _SourceError(str(exc).removeprefix(f"{path.name}: ")) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _SourceError(f"is not a readable .xlsx workbook ({_first_line(exc)})") from None


def _is_out_of_memory(exc: BaseException) -> bool:
    """Return whether ``exc`` says the import ran out of memory (DuckDB's ceiling, or Python's own)."""
    if isinstance(exc, MemoryError | duckdb.OutOfMemoryException):
        return True
    text = str(exc).lower()  # a commit that cannot allocate a block is a TransactionException
    return "could not allocate" in text or "out of memory" in text


def _out_of_memory(exc: BaseException, what: str) -> str:
    """Return the message for ``what`` (the query, or reading an export) running out of memory."""
    if isinstance(exc, MemoryError):
        return (f"{what} ran out of the machine's memory and was stopped; nothing was written (export fewer rows "
                f"or columns; QBRGEN_IMPORT_MEMORY_LIMIT, now {_memory_limit()}, is DuckDB's share: a smaller value "
                "leaves more to the rest of the import)")
    return (f"{what} needs more than the import's {_memory_limit()} of memory and was stopped; nothing was written "
            "(aggregate earlier, export fewer rows, or raise QBRGEN_IMPORT_MEMORY_LIMIT, like "
            "QBRGEN_IMPORT_MEMORY_LIMIT=4GB)")


def _memory_limit() -> str:
    value = os.environ.get("QBRGEN_IMPORT_MEMORY_LIMIT", "").strip()
    return value if _SIZE.fullmatch(value) else MEMORY_LIMIT


def _time_limit() -> float:
    try:
        value = float(os.environ.get("QBRGEN_IMPORT_TIME_LIMIT", TIME_LIMIT))
    except ValueError:
        return TIME_LIMIT
    return value if value > 0 else TIME_LIMIT


def remove_stale_folders() -> None:
    """Remove the temporary folders of imports that were killed (their process no longer exists)."""
    root = Path(tempfile.gettempdir())
    try:
        entries = list(root.glob(f"{TMP_PREFIX}*-*"))
    except OSError:
        return
    for folder in entries:
        pid = folder.name[len(TMP_PREFIX):].split("-", 1)[0]
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        if not pid.isdigit() or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (PermissionError, OverflowError, OSError):
            continue


def _check_columns(target: Target, names: list[str]) -> tuple[str, str] | None:
    known = COLUMNS[target.name]
    unknown = [n for n in names if n not in known and n != ROW]
    if unknown:
        return (f"{target.name}.sql", f"the query returns column(s) qbrgen does not know: {', '.join(unknown)} "
                f"(known: {', '.join(known)})")
    for options in REQUIRED[target.name]:
        if not any(o in names for o in options):
            return (f"{target.name}.sql", f"the query must return a '{options[0]}' column")
    return None


class _SourceError(Exception):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _sniff_delimiter(sample: str) -> str:
    """Return the delimiter that splits the header line into the most fields, ignoring quoted text."""
    header = sample.splitlines()[0] if sample else ""
    counts = {d: 0 for d in (",", ";", "\t", "|")}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell(value: object) -> str | None:
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _first_line(exc: Exception) -> str:
    """Return DuckDB's whole message on one line: its first line names the problem, the next ones the column,
    the value and the line of the export, which the user needs to fix it."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    return " | ".join(lines) if lines else type(exc).__name__
