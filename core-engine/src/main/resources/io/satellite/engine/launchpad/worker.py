# Satellite Python worker. Runs one job per process: reads the job (script, parameters,
# input rows) as binary frames, runs the script, writes the result frames. Modes (see
# PROTOCOL.md next to this file):
#   worker.py job <results-pipe>   job on stdin, printed output on stdout/stderr (cold start)
#   worker.py zygote               imports pandas once, then forks one child per "FORK <slot> [<uid>]"
#
# What the script sees: a fresh __main__ module (its globals) holding InputDataSet (a pandas
# DataFrame, columns named as sent, default RangeIndex) and one variable per parameter. It
# imports what it uses itself (import pandas as pd). Input column dtypes:
#   INT -> Int32 (nullable)        DOUBLE -> float64 (NULL is NaN)   STRING -> object (str/None)
#   LOGICAL -> boolean (nullable)  TIMESTAMP -> datetime64[ns] (NULL is NaT)
#   DATE -> datetime64[ns] at midnight: what pandas' own readers give and what a pandas user
#           expects (.dt works). It goes back as TIMESTAMP unless WITH RESULT SETS declares a
#           DATE column (the engine converts) or the column holds datetime.date (df.d.dt.date).
#   BINARY -> object (bytes/None)
#   A DATE/TIMESTAMP column with a value outside datetime64[ns]'s range (1677..2262, e.g.
#   9999-12-31) arrives as object of datetime.date / datetime.datetime instead.
# Parameters are plain Python values: int, float, str, bool, datetime.date,
# datetime.datetime, bytes, or None for NULL.
#
# Errors of the script (status 1, SQLState 38S01): "Type: message (at line N of the script)",
# N the last traceback line in the script; the traceback goes to stderr, so the caller sees it
# too. An output that cannot be returned (not a DataFrame, a column or OUTPUT parameter of no
# SQL type) is status 2 (38S04), its message naming the culprit.
# exit()/sys.exit(0) ends the script normally. Python warnings are printed as messages.
# numexpr/BLAS/OpenMP run one thread per worker unless the environment says otherwise.
#
# What goes back: the script's OutputDataSet (None or unset: no result set; anything but a
# DataFrame is an error). Its index is ignored (call reset_index() to keep group keys).
# Column types follow the dtypes: integers -> INT, or DOUBLE if a value is outside int32;
# floats -> DOUBLE (NaN -> NULL); bool/boolean -> LOGICAL; datetime64 -> TIMESTAMP (UTC wall
# clock for tz-aware); category -> as its values; object/string columns by their values: str
# -> STRING, bytes -> BINARY, datetime.date -> DATE, datetime -> TIMESTAMP, numbers and bools
# as above, all NULL -> STRING. Anything else is an error naming the column. OUTPUT
# parameters are read back from the namespace and coerced to their declared type (BINARY
# wants bytes, e.g. pickle.dumps(model)). Everything is validated before "SATR" is written.
# After its result a worker waits to be ended by the engine, with its whole process tree.
import builtins
import ctypes
import datetime as dt
import gc
import io
import linecache
import os
import signal
import struct
import sys
import tempfile
import time
import traceback
import types
import warnings

# One thread per worker unless the environment says otherwise: the sandbox's process limit
# (RLIMIT_NPROC) counts threads, per uid, across all workers; numexpr (which pandas imports)
# would start a pool of one thread per core in every worker, and exits if it cannot.
for _var in ("NUMEXPR_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402 (after the thread settings)
import pandas as pd  # noqa: E402

INT, DOUBLE, STRING, LOGICAL, DATE, TIMESTAMP, BINARY = range(1, 8)
TYPE_NAMES = {INT: "INT", DOUBLE: "DOUBLE", STRING: "STRING", LOGICAL: "LOGICAL", DATE: "DATE",
              TIMESTAMP: "TIMESTAMP", BINARY: "BINARY"}
INT_MIN = -2 ** 31
NA_REAL_BITS = 0x7FF00000000007A2          # R's NA_real_
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
EPOCH = dt.datetime(1970, 1, 1)
NS_DAYS = 106_751                          # datetime64[ns] spans about +-106,751 days
CHUNK_ROWS = 10_000
READ_SIZE = 1 << 16
SCRIPT_FILE = "<script>"
SENTINEL = "\x01SATELLITE-END\n"
SCRIPT_FAILED, OUTPUT_FAILED = 1, 2        # result statuses: SQLState 38S01, 38S04


class ProtocolError(Exception):
    pass


class OutputError(Exception):
    """The script's output cannot be returned (reported as a status-1 result)."""


# ---------------------------------------------------------------- reading frames

class Reader:
    """Little-endian frames from a raw stream whose read(n) returns what is available."""

    def __init__(self, raw):
        self.raw, self.buf, self.pos = raw, b"", 0

    def _read(self, n):
        chunk = self.raw.read(min(max(READ_SIZE, n), 1 << 20))
        if not chunk:
            raise ProtocolError("protocol: input ended in the middle of a frame")
        return chunk

    def _fill(self, need):
        have = len(self.buf) - self.pos
        parts = [self.buf[self.pos:]]
        while have < need:
            parts.append(self._read(need - have))
            have += len(parts[-1])
        self.buf, self.pos = b"".join(parts), 0

    def take(self, n):
        if len(self.buf) - self.pos < n:
            self._fill(n)
        b = self.buf[self.pos:self.pos + n]
        self.pos += n
        return b

    def int(self):
        return struct.unpack("<i", self.take(4))[0]

    def array(self, dtype, n):
        return np.frombuffer(self.take(n * np.dtype(dtype).itemsize), dtype=dtype)

    def string(self):
        return self.take(self.int()).decode("utf-8")

    def cstrings(self, n):
        """n NUL-terminated UTF-8 strings."""
        if n == 0:
            return []
        found, more = self.buf.count(b"\0", self.pos), [self.buf[self.pos:]]
        while found < n:                      # linear: each new byte is scanned once
            more.append(self._read(READ_SIZE))
            found += more[-1].count(b"\0")
        parts = b"".join(more).split(b"\0", n)
        self.buf, self.pos = parts.pop(), 0
        return [p.decode("utf-8") for p in parts]


def read_part(r, wtype, n):
    """One column block of n rows as numpy arrays (joined into a column by finish_column)."""
    if wtype in (INT, LOGICAL):
        return r.array("<i4", n)
    if wtype in (DOUBLE, DATE, TIMESTAMP):
        return r.array("<f8", n)
    if wtype == STRING:
        na = r.array("u1", n) != 0
        values = np.array(r.cstrings(n), dtype=object)
        values[na] = None
        return values
    if wtype == BINARY:
        lens = r.array("<i4", n)
        return np.array([None if k < 0 else r.take(k) for k in lens], dtype=object)
    raise ProtocolError("protocol: unknown column type %d" % wtype)


def finish_column(wtype, parts):
    """The pandas column of the given wire type made of the blocks read."""
    empty = np.empty(0, dtype="<i4" if wtype in (INT, LOGICAL) else "<f8" if wtype in
                     (DOUBLE, DATE, TIMESTAMP) else object)
    v = np.concatenate(parts) if parts else empty
    if wtype == INT:
        return pd.Series(pd.arrays.IntegerArray(v.astype("int32"), v == INT_MIN))
    if wtype == LOGICAL:
        return pd.Series(pd.arrays.BooleanArray(v != 0, v == INT_MIN))
    if wtype in (DOUBLE, DATE, TIMESTAMP):
        v = np.where(np.isnan(v), np.nan, v)  # R's NA is a signalling NaN: make it a quiet one
        return pd.Series(v if wtype == DOUBLE else moments(wtype, v))
    return pd.Series(v, dtype=object)


def moments(wtype, v):
    """Days (DATE) or seconds (TIMESTAMP) since the epoch as datetime64[ns], or as Python
    date/datetime objects if a value does not fit datetime64[ns]."""
    na = np.isnan(v)
    days = np.floor(v) if wtype == DATE else v / 86400.0
    if not (np.abs(days[~na]) < NS_DAYS).all():
        return np.array([None if m else as_python_moment(wtype, x) for m, x in zip(na, v)], dtype=object)
    if wtype == DATE:
        ns = np.where(na, 0, days).astype("int64") * (86400 * 10 ** 9)
    else:
        ns = np.round(np.where(na, 0, v) * 1e6).astype("int64") * 1000
    ns[na] = np.iinfo("int64").min            # NaT
    return ns.view("datetime64[ns]")


def as_python_moment(wtype, x):
    if wtype == DATE:
        return dt.date.fromordinal(int(np.floor(x)) + EPOCH_ORDINAL)
    return EPOCH + dt.timedelta(microseconds=round(x * 1e6))


def read_scalar(r, wtype):
    """A parameter value (a column block of one row) as a plain Python value."""
    if wtype == INT:
        x = r.int()
        return None if x == INT_MIN else x
    if wtype == LOGICAL:
        x = r.int()
        return None if x == INT_MIN else x != 0
    if wtype in (DOUBLE, DATE, TIMESTAMP):
        x = struct.unpack("<d", r.take(8))[0]
        if x != x:
            return None
        return x if wtype == DOUBLE else as_python_moment(wtype, x)
    if wtype == STRING:
        na = r.take(1) != b"\0"
        s = r.cstrings(1)[0]
        return None if na else s
    if wtype == BINARY:
        n = r.int()
        return None if n < 0 else r.take(n)
    raise ProtocolError("protocol: unknown parameter type %d" % wtype)


def read_job(r):
    """The job frame: returns (script, output name, [(name, type, is_output)], namespace)."""
    if r.take(4) != b"SATJ":
        raise ProtocolError("protocol: bad job frame")
    version = r.int()
    script, input_name, output_name = r.string(), r.string(), r.string()
    if version >= 2:
        sys.path[:0] = [p for p in r.string().split("\n") if p]   # package libraries, first
    # The script's globals are a fresh __main__ module's: what it defines pickles by name, so
    # multiprocessing can hand its functions to its (forked) processes.
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    ns = main.__dict__
    ns["__builtins__"] = builtins
    params = []
    for _ in range(r.int()):
        name, wtype, is_output = r.string(), r.int(), r.int() == 1
        ns[name] = read_scalar(r, wtype)
        params.append((name, wtype, is_output))
    ns[input_name] = read_input(r)
    return script, output_name, params, ns


def read_input(r):
    """The input schema and chunks as a DataFrame (duplicate column names are kept)."""
    columns = [(r.string(), r.int()) for _ in range(r.int())]
    parts = [[] for _ in columns]
    while True:
        n = r.int()
        if n == 0:
            break
        for j, (_, wtype) in enumerate(columns):
            parts[j].append(read_part(r, wtype, n))
    cols = {j: finish_column(wtype, parts[j]) for j, (_, wtype) in enumerate(columns)}
    df = pd.DataFrame(cols)
    df.columns = [name for name, _ in columns]
    return df


# ---------------------------------------------------------------- running the script

def run_script(script, ns):
    """Runs the script in ns; returns None or the error message (status 1)."""
    linecache.cache[SCRIPT_FILE] = (len(script), None, script.splitlines(True), SCRIPT_FILE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")        # fresh "shown once" state per job
            warnings.showwarning = show_warning
            exec(compile(script, SCRIPT_FILE, "exec"), ns)
        return None
    except SystemExit as e:
        return None if e.code in (None, 0) else "SystemExit: the script called exit(%r)" % (e.code,)
    except BaseException as e:
        tb = e.__traceback__.tb_next                # drop this function's frame
        traceback.print_exception(type(e), e, tb, file=sys.stderr)
        return describe_error(e, tb)


def describe_error(e, tb):
    """'Type: message (at line N of the script)', N the last traceback line in the script."""
    line = None
    if isinstance(e, SyntaxError) and e.filename == SCRIPT_FILE:
        text, line = e.msg, e.lineno
    else:
        text = str(e)
        for frame in traceback.extract_tb(tb):
            if frame.filename == SCRIPT_FILE:
                line = frame.lineno
    message = type(e).__name__ + (": " + text if text else "")
    return message + (" (at line %d of the script)" % line if line else "")


def show_warning(message, category, filename, lineno, file=None, line=None):
    where = " (at line %d of the script)" % lineno if filename == SCRIPT_FILE else ""
    print("%s: %s%s" % (category.__name__, message, where), file=sys.stderr)


# ---------------------------------------------------------------- encoding the output

class Fixed:
    """A column of fixed-width little-endian values."""

    def __init__(self, values):
        self.values = values

    def block(self, start, end):
        return self.values[start:end].tobytes()


class Strings:
    def __init__(self, na, encoded):
        self.na, self.encoded = na.astype("u1"), encoded

    def block(self, start, end):
        return self.na[start:end].tobytes() + b"\0".join(self.encoded[start:end]) + b"\0"


class Binaries:
    def __init__(self, lengths, items):
        self.lengths, self.items = lengths, items

    def block(self, start, end):
        return self.lengths[start:end].tobytes() + b"".join(self.items[start:end])


def encode_column(col, what):
    """(wire type, encoded column) for a pandas column, by its dtype."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return encode_column(col.astype(object), what)
    if pd.api.types.is_bool_dtype(dtype):
        return LOGICAL, encode_logical(col)
    if pd.api.types.is_integer_dtype(dtype):
        return encode_numbers(col.to_numpy(dtype="float64", na_value=np.nan), integers=True)
    if pd.api.types.is_float_dtype(dtype):
        return encode_numbers(col.to_numpy(dtype="float64", na_value=np.nan), integers=False)
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return TIMESTAMP, encode_datetime64(col)
    if dtype == object or pd.api.types.is_string_dtype(dtype):
        return encode_objects(col.to_numpy(dtype=object), what)
    raise OutputError("%s has dtype %s, which has no SQL type" % (what, dtype))


def encode_numbers(f, integers):
    """INT if integers that all fit int32 (INT_MIN is NA on the wire), else DOUBLE."""
    na = np.isnan(f)
    if integers and (np.abs(f[~na]) <= 2 ** 31 - 1).all():
        return INT, Fixed(np.where(na, INT_MIN, f).astype("<i4"))
    bits = f.astype("<f8").view("<i8")
    bits[na] = NA_REAL_BITS
    return DOUBLE, Fixed(bits)


def encode_logical(col):
    na = col.isna().to_numpy()
    v = col.to_numpy(dtype=bool, na_value=False).astype("<i4")
    v[na] = INT_MIN
    return Fixed(v)


def encode_datetime64(col):
    if getattr(col.dtype, "tz", None) is not None:
        col = col.dt.tz_convert("UTC").dt.tz_localize(None)
    ns = col.to_numpy(dtype="datetime64[ns]").view("int64")
    secs = (ns // 1000) / 1e6                 # whole microseconds divide exactly
    bits = secs.view("<i8")
    bits[col.isna().to_numpy()] = NA_REAL_BITS
    return Fixed(bits)


def encode_objects(values, what):
    """An object column, typed by the Python values it holds (NULLs skipped)."""
    na = pd.isna(values).astype(bool)
    present = values[~na]
    kind = pd.api.types.infer_dtype(present, skipna=False)
    if kind in ("string", "empty"):
        return STRING, encode_strings(values, na, what)
    if kind == "bytes" or all(isinstance(v, (bytes, bytearray, memoryview)) for v in present):
        items = [b"" if m else bytes(v) for m, v in zip(na, values)]
        lens = np.array([-1 if m else len(b) for m, b in zip(na, items)], dtype="<i4")
        return BINARY, Binaries(lens, items)
    if kind == "date":
        return DATE, encode_python_moments(values, na, DATE)
    if kind == "datetime":
        return TIMESTAMP, encode_python_moments(values, na, TIMESTAMP)
    if kind == "boolean":
        return LOGICAL, encode_logical(pd.Series(values).astype("boolean"))
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        f = np.array([np.nan if m else float(v) for m, v in zip(na, values)], dtype="float64")
        return encode_numbers(f, integers=kind == "integer")
    odd = next((v for v in present if not isinstance(v, str)), present[0] if len(present) else None)
    raise OutputError("%s holds Python values of type %s, which have no SQL type (return str, bytes,"
                      " numbers, bools, dates or datetimes)" % (what, type(odd).__name__))


def encode_strings(values, na, what):
    encoded = [b"" if m else v.encode("utf-8", "backslashreplace") for m, v in zip(na, values)]
    if b"\0" in b"".join(encoded):
        raise OutputError("%s holds a string with a NUL character, which SQL text cannot hold" % what)
    return Strings(na, encoded)


def encode_python_moments(values, na, wtype):
    out = np.empty(len(values), dtype="<f8")
    for i, (m, v) in enumerate(zip(na, values)):
        out[i] = np.nan if m else moment_number(wtype, v)
    bits = out.view("<i8")
    bits[na] = NA_REAL_BITS
    return Fixed(bits)


def moment_number(wtype, v):
    """Days since the epoch of a date, seconds since the epoch (UTC wall clock) of a datetime."""
    if wtype == DATE:
        return float(v.toordinal() - EPOCH_ORDINAL)
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if v.tzinfo is not None:
        v = v.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return (v - EPOCH) / dt.timedelta(seconds=1)


# ---------------------------------------------------------------- OUTPUT parameters

def is_missing(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return bool(np.isnan(v))
    return isinstance(v, np.datetime64) and bool(np.isnat(v))


def coerce_param(name, wtype, v):
    """The value of an OUTPUT parameter as a Python value of its declared type (None = NULL)."""
    if isinstance(v, (np.ndarray, pd.Series, pd.Index)) and v.size == 1:
        v = np.asarray(v, dtype=object).reshape(-1)[0]      # a length-1 vector, as R allows
    if is_missing(v):
        return None
    what = "OUTPUT parameter @%s (%s)" % (name, TYPE_NAMES[wtype])
    if wtype == BINARY:
        if isinstance(v, (bytes, bytearray, memoryview)):
            return bytes(v)
        raise OutputError("%s must be set to bytes (for example pickle.dumps(model)), not a %s"
                          % (what, type(v).__name__))
    if isinstance(v, (list, tuple, dict, set, np.ndarray, pd.Series, pd.DataFrame, pd.Index)):
        raise OutputError("%s must be a single value, not a %s" % (what, type(v).__name__))
    try:
        return SCALAR_COERCIONS[wtype](v)
    except (TypeError, ValueError, OverflowError, AttributeError) as e:
        raise OutputError("%s cannot take the %s value %r: %s" % (what, type(v).__name__, v, e)) from None


def to_int32(v):
    i = int(v)
    if not INT_MIN < i <= 2 ** 31 - 1:
        raise ValueError("out of range for INT")
    return i


def to_bool(v):
    if isinstance(v, str):
        if v.strip().lower() in ("true", "1", "false", "0"):
            return v.strip().lower() in ("true", "1")
        raise ValueError("not a boolean")
    return bool(v)


def to_date(v):
    if isinstance(v, str):
        return dt.datetime.fromisoformat(v.strip()).date()
    if isinstance(v, np.datetime64):
        v = pd.Timestamp(v)
    return v.date() if isinstance(v, dt.datetime) else dt.date(v.year, v.month, v.day)


def to_datetime(v):
    if isinstance(v, str):
        return dt.datetime.fromisoformat(v.strip())
    if isinstance(v, (np.datetime64, pd.Timestamp)):
        return pd.Timestamp(v).to_pydatetime()
    if isinstance(v, dt.datetime):
        return v
    return dt.datetime(v.year, v.month, v.day)


SCALAR_COERCIONS = {INT: to_int32, DOUBLE: float, LOGICAL: to_bool, DATE: to_date, TIMESTAMP: to_datetime,
                    STRING: lambda v: v.decode("utf-8", "backslashreplace") if isinstance(v, bytes) else str(v)}


def scalar_block(wtype, v):
    """A one-row column block for an OUTPUT parameter value."""
    if wtype in (INT, LOGICAL):
        return struct.pack("<i", INT_MIN if v is None else int(v))
    if wtype in (DOUBLE, DATE, TIMESTAMP):
        if v is None:
            return struct.pack("<q", NA_REAL_BITS)
        return struct.pack("<d", v if wtype == DOUBLE else moment_number(wtype, v))
    if wtype == STRING:
        if v is not None and "\0" in v:
            raise OutputError("a string OUTPUT parameter holds a NUL character")
        return (b"\1\0" if v is None else b"\0" + v.encode("utf-8", "backslashreplace") + b"\0")
    return struct.pack("<i", -1) if v is None else struct.pack("<i", len(v)) + v


# ---------------------------------------------------------------- the result

def collect_output(ns, output_name, params):
    """Validates and encodes what goes back: ([(name, type, block)], columns or None)."""
    out_params = [(name, wtype, scalar_block(wtype, coerce_param(name, wtype, ns.get(name))))
                  for name, wtype, is_output in params if is_output]
    out = ns.get(output_name)
    if out is None:
        return out_params, None
    if not isinstance(out, pd.DataFrame):
        raise OutputError("%s must be a pandas DataFrame, but the script set it to a value of type %s"
                          % (output_name, type(out).__name__))
    columns = []
    for j, name in enumerate(out.columns):
        what = "column '%s' of %s" % (name, output_name)
        wtype, encoded = encode_column(out.iloc[:, j], what)
        columns.append((str(name), wtype, encoded))
    return out_params, (columns, len(out))


def write_result(w, status, failure, out_params, output):
    def wint(x):
        w.write(struct.pack("<i", x))

    def wstr(s):
        b = s.encode("utf-8", "backslashreplace")
        wint(len(b))
        w.write(b)
    w.write(b"SATR")
    if failure is not None:
        wint(status)
        wstr(failure)
        return
    wint(0)
    wint(len(out_params))
    for name, wtype, block in out_params:
        wstr(name)
        wint(wtype)
        w.write(block)
    if output is None:
        wint(-1)
        return
    columns, rows = output
    wint(len(columns))
    for name, wtype, _ in columns:
        wstr(name)
        wint(wtype)
    for start in range(0, rows if columns else 0, CHUNK_ROWS):
        end = min(rows, start + CHUNK_ROWS)
        wint(end - start)
        for _, _, encoded in columns:
            w.write(encoded.block(start, end))
    wint(0)


def run_job(reader, open_results, after_script):
    """Reads one job, runs it, and writes its result to the stream open_results() opens."""
    script, output_name, params, ns = read_job(reader)
    failure, status = run_script(script, ns), SCRIPT_FAILED
    out_params, output = [], None
    if failure is None:
        status = OUTPUT_FAILED                # a failure from here on is the output's
        try:
            out_params, output = collect_output(ns, output_name, params)
        except OutputError as e:
            failure = str(e)
        except Exception as e:
            failure = "%s: %s (while returning the output)" % (type(e).__name__, e)
    # Everything the script printed reaches the engine before the result does.
    after_script()
    with open_results() as w:
        write_result(w, status, failure, out_params, output)
        w.flush()


def await_end():
    """The engine ends a worker together with whatever its script left running in the
    background (it lists the process tree before it kills): wait for that, not forever."""
    time.sleep(60)


# ---------------------------------------------------------------- modes

class PrintedText(io.TextIOWrapper):
    """Unbuffered UTF-8 text on a file descriptor that knows if its last line is complete."""

    def __init__(self, fd):
        super().__init__(io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                         write_through=True)
        self.line_open = False

    def write(self, text):
        if text:
            self.line_open = not text.endswith("\n")
        return super().write(text)


def utf8_streams():
    """sys.stdout/sys.stderr on file descriptors 1 and 2; returns them (the script may rebind
    sys.stdout, the worker keeps writing to these)."""
    sys.stdout, sys.stderr = PrintedText(1), PrintedText(2)
    return sys.stdout, sys.stderr


def job_mode(results_path, streams):
    def after_script():
        for stream in streams:
            # the sentinel must be a line of its own, even after print(..., end='')
            stream.write(("\n" if stream.line_open else "") + SENTINEL)
            stream.flush()
    run_job(Reader(io.FileIO(0, "r", closefd=False)), lambda: open(results_path, "wb"), after_script)
    await_end()


def warm_job():
    """A small job of every type, run once in the zygote (lazy imports) and once in each
    child before it waits: a fresh fork pays for copying every page it touches (slow on
    these machines), so the child touches them while it idles in the pool, not on a job."""
    script = ("k = InputDataSet.groupby('s', dropna=False)['x'].sum().reset_index()\n"
              "k = InputDataSet.groupby('s', as_index=False).agg(n=('x', 'count'), m=('x', 'mean'))\n"
              "k = repr(k.merge(InputDataSet, on='s').sort_values('x').describe())\n"
              "OutputDataSet = InputDataSet.assign(i=InputDataSet['i'] * n)\n")
    columns = [("i", INT, struct.pack("<2i", 1, INT_MIN)), ("x", DOUBLE, struct.pack("<2d", 1.5, 2.5)),
               ("s", STRING, b"\0\1x\0\0"), ("l", LOGICAL, struct.pack("<2i", 1, 0)),
               ("d", DATE, struct.pack("<2d", 19000.0, 0.0)), ("t", TIMESTAMP, struct.pack("<2d", 1.6e9, 0.5)),
               ("b", BINARY, struct.pack("<2i", 1, -1) + b"z")]

    def string(text):
        return struct.pack("<i", len(text.encode())) + text.encode()
    frame = [b"SATJ", struct.pack("<i", 1), string(script), string("InputDataSet"), string("OutputDataSet"),
             struct.pack("<i", 1), string("n"), struct.pack("<3i", INT, 1, 2),          # @n INT = 2 OUTPUT
             struct.pack("<i", len(columns))]
    frame += [string(name) + struct.pack("<i", wtype) for name, wtype, _ in columns]
    frame += [struct.pack("<i", 2)] + [block for _, _, block in columns] + [struct.pack("<i", 0)]
    return b"".join(frame)


def warm_up(job):
    run_job(Reader(io.BytesIO(job)), io.BytesIO, lambda: None)


def serve_one_job(slot, job):
    """In a forked child: the one job of this slot, printed output to output.txt."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    own_temp_dir(slot)
    os.chdir(slot)
    own_stdio(slot)
    warm_up(job)
    streams = utf8_streams()

    def close_output():
        for stream in streams:
            stream.flush()
    with open(os.path.join(slot, "job.pipe"), "rb", buffering=0) as job_pipe:
        run_job(Reader(job_pipe), lambda: open(os.path.join(slot, "results.pipe"), "wb"), close_output)
    await_end()


def own_stdio(slot):
    """fd 0 becomes /dev/null, fd 1 and fd 2 the slot's output.txt (appended to, never through a
    symlink). A child inherits its zygote's control pipe on fd 0, its answer pipe on fd 1 and its
    log on fd 2: a job (or whatever it starts) must neither read the engine's FORK lines, nor
    answer in the zygote's name, nor write into the log that other jobs' errors quote."""
    null = os.open(os.devnull, os.O_RDWR)
    printed = os.open(os.path.join(slot, "output.txt"), os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    os.dup2(null, 0)
    os.dup2(printed, 1)
    os.dup2(printed, 2)
    os.close(null)
    os.close(printed)


def own_temp_dir(slot):
    """The child's temporary files go to <slot>/tmp, which the engine removes with the slot
    (the sandbox's /tmp takes no files): tempfile's default, and TMPDIR for what the job starts.
    HOME is the slot (the zygote's is the jobs directory)."""
    tempfile.tempdir = os.path.join(slot, "tmp")
    os.environ["TMPDIR"] = tempfile.tempdir
    os.environ["HOME"] = slot


def load_confinement():
    """satellite-become.so next to this script (built from core-engine/src/main/c), or None."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "satellite-become.so")
    return ctypes.CDLL(path) if os.path.exists(path) else None


def confine(library, slot):
    """Without a uid of its own (an engine that is not root) a child shares its uid with its
    siblings: it puts itself in a Landlock domain of its own instead (see satellite-become.c)."""
    if library is None:
        raise OSError("satellite-become.so is not next to worker.py")
    message = ctypes.create_string_buffer(b" " * 300)
    nproc = ctypes.c_int(int(os.environ.get("SATELLITE_WORKER_NPROC", "0")))
    network = ctypes.c_int(int(os.environ.get("SATELLITE_OWN_NETWORK", "0")))
    abi, result = ctypes.c_int(0), ctypes.c_int(0)
    library.satellite_confine((ctypes.c_char_p * 1)(slot.encode()),
                              (ctypes.c_char_p * 1)(os.environ.get("SATELLITE_READ_ONLY", "").encode()),
                              ctypes.byref(nproc), ctypes.byref(network), ctypes.byref(abi), ctypes.byref(result),
                              (ctypes.c_char_p * 1)(ctypes.cast(message, ctypes.c_char_p)))
    if result.value != 0:
        raise OSError(message.value.decode(errors="replace").strip())


def private_view(library, slot):
    """With a uid of its own, a child still takes a /dev/shm, IPC and loopback of its own (see
    satellite-become.c). Without satellite-become.so (a root engine built without gcc) it shares
    its zygote's."""
    if library is None:
        return
    message = ctypes.create_string_buffer(b" " * 300)
    network, result = ctypes.c_int(int(os.environ.get("SATELLITE_OWN_NETWORK", "0"))), ctypes.c_int(0)
    library.satellite_private_view((ctypes.c_char_p * 1)(slot.encode()), ctypes.byref(network), ctypes.byref(result),
                                   (ctypes.c_char_p * 1)(ctypes.cast(message, ctypes.c_char_p)))
    if result.value != 0:
        raise OSError(message.value.decode(errors="replace").strip())


def own_keyring(library):
    """A new, empty session keyring, not the engine's (whose keys every worker would possess).
    Without satellite-become.so (a root engine built without gcc) the worker keeps the engine's."""
    if library is None:
        return
    result = ctypes.c_int(0)
    library.satellite_own_keyring(ctypes.byref(result))
    # 38 ENOSYS: the kernel keeps no keyrings; 1 EPERM: a seccomp filter (a container's) refuses them, to the job too
    if result.value not in (0, 1, 38):
        raise OSError("cannot leave the engine's session keyring (errno %d)" % result.value)


def die_with(parent):
    """A child must not outlive its zygote: an engine that died hard leaves no warm workers."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)        # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def become(uid):
    """Takes uid as real, effective and saved uid and gid, with no other group, and checks
    that root cannot come back. Then the process is dumpable again (a uid change clears it,
    which would leave its /proc files root's); die_with must follow (it clears pdeathsig)."""
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups():
        raise OSError("the uid did not change: %s %s" % (os.getresuid(), os.getresgid()))
    try:
        os.setuid(0)
    except PermissionError:
        pass
    else:
        raise OSError("root could be regained")
    ctypes.CDLL(None).prctl(4, 1)                      # PR_SET_DUMPABLE


def fork_child(slot, job, uid=None, library=None):
    """Forks a child for slot, which first takes uid if given, else confines itself with the
    library (satellite-become.so); the child never returns to the zygote loop."""
    parent = os.getpid()
    pid = os.fork()
    if pid != 0:
        return pid
    status = 1
    try:
        try:
            if uid is not None:
                become(uid)
                private_view(library, slot)
            else:
                confine(library, slot)
            own_keyring(library)
        except BaseException as e:
            os.write(2, ("worker for %s exits: %s: %s\n" % (
                slot, "cannot take uid %d" % uid if uid is not None else "cannot confine the worker", e)).encode())
            os._exit(1)
        die_with(parent)
        serve_one_job(slot, job)
        status = 0
    except BaseException:
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except BaseException:
            pass
    finally:
        os._exit(status)


def reap_children(signum=None, frame=None):
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def zygote_mode():
    job = warm_job()
    warm_up(job)                         # lazy imports happen once, here
    sys.modules["__main__"] = types.ModuleType("__main__")   # no child inherits the warm-up's globals
    gc.collect()
    gc.freeze()                          # children's GC leaves the zygote's objects untouched
    signal.signal(signal.SIGCHLD, reap_children)
    library = load_confinement()
    # unbuffered, a byte at a time: a child must not inherit FORK lines read ahead (other slots' names)
    control = io.FileIO(0, "r", closefd=False)
    for raw in iter(control.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\n")
        if not line.startswith("FORK "):
            continue
        slot, uid = line[len("FORK "):], None
        head, _, tail = slot.rpartition(" ")
        if head and tail.isdigit():
            slot, uid = head, int(tail)
        try:
            pid = fork_child(slot, job, uid, library)
        except OSError as e:                 # process limit, memory: answered, not fatal
            sys.stdout.write("NOFORK %s\t%s\n" % (slot, " ".join(str(e).split())))
            sys.stdout.flush()
            continue
        sys.stdout.write("FORKED %s %d\n" % (slot, pid))
        sys.stdout.flush()


def main(args):
    streams = utf8_streams()
    mode = args[0] if args else "job"
    if mode == "job" and len(args) == 2:
        own_keyring(load_confinement())
        job_mode(args[1], streams)
    elif mode == "zygote":
        zygote_mode()
    else:
        sys.exit("usage: worker.py job <results-pipe> | worker.py zygote")


if __name__ == "__main__":
    main(sys.argv[1:])
