//! `modcite._modcite`: the Python extension module (PyO3).
//!
//! It owns the edge between Python and the library, nothing else: an
//! [`Analyzer`] built once from the same data files as the CLI
//! ([`DataFiles::load`]), single encounters analyzed and printed as
//! `modcite suggest --format json` does, and many records analyzed as
//! `modcite batch` does ([`batch::analyze_record`], [`output::render`]), on a
//! rayon pool with the GIL released. The Python package (`modcite/`) turns
//! dicts into JSON text and the JSON results into dicts.

use std::path::PathBuf;

use modcite::analyze::{self, DataFiles, LoadError, Options, Tuning};
use modcite::batch::{self, Origin, RawRecord, RecordInput};
use modcite::encounter::{looks_like_json_object, Encounter};
use modcite::output::{self, BatchFormat, Rendered};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedBytes;
use pyo3::types::PyString;
use rayon::prelude::*;

create_exception!(_modcite, ModciteError, PyException, "Base class of every error modcite raises.");
create_exception!(
    _modcite,
    LexiconError,
    ModciteError,
    "A lexicon file or folder does not parse or check; the message lists every problem as `file:line: message`, one per line."
);
create_exception!(
    _modcite,
    DataFileError,
    ModciteError,
    "A fee schedule or NCCI file cannot be read or is not in the expected layout."
);
create_exception!(
    _modcite,
    InputError,
    ModciteError,
    "A single encounter given to `suggest` cannot be read or analyzed (invalid JSON, no note, a malformed date)."
);

/// The message the CLI prints for an error: the error and its causes joined by ": ".
fn chain_message(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    message
}

fn load_error(e: LoadError) -> PyErr {
    let message = chain_message(&e);
    match e {
        LoadError::Lexicon(_) => LexiconError::new_err(message),
        LoadError::FeeSchedule { .. } | LoadError::Ncci { .. } => DataFileError::new_err(message),
    }
}

/// How `analyze_records` reads each item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// An encounter when the text opens like a JSON object, otherwise a note.
    Auto,
    /// Always an encounter JSON (as a line of a JSON Lines file).
    Json,
    /// Always a plain note.
    Note,
}

impl Mode {
    fn parse(s: &str) -> PyResult<Mode> {
        match s {
            "auto" => Ok(Mode::Auto),
            "json" => Ok(Mode::Json),
            "note" => Ok(Mode::Note),
            _ => Err(PyValueError::new_err(format!("mode {s:?}: expected \"auto\", \"json\" or \"note\""))),
        }
    }

    /// The raw record for one item, read as `batch` reads a JSON Lines line
    /// (a JSON item) or a `.txt` note (a note item).
    fn input(self, mut bytes: Vec<u8>) -> RecordInput {
        let json = match self {
            Mode::Json => true,
            Mode::Note => false,
            Mode::Auto => match std::str::from_utf8(&bytes) {
                Ok(text) => looks_like_json_object(text.strip_prefix('\u{feff}').unwrap_or(text)),
                // Not text: parsing it as a JSON line reports where the bad byte is.
                Err(_) => true,
            },
        };
        if json {
            // The JSON Lines reader drops a line's `\r\n` ending likewise.
            if bytes.ends_with(b"\r") {
                bytes.pop();
            }
            return RecordInput::JsonLine(bytes);
        }
        RecordInput::Read(String::from_utf8(bytes).map(Encounter::from_note).map_err(|e| batch::RecordError {
            kind: "invalid_utf8",
            message: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        }))
    }
}

/// An item handed over from Python as UTF-8 bytes: a `str` (a lone
/// surrogate, which UTF-8 cannot hold, is kept as the bytes
/// `surrogatepass` gives, so that the record becomes an `invalid_utf8` error
/// record instead of failing the call) or a `bytes`-like object.
struct Item(Vec<u8>);

impl<'py> FromPyObject<'py> for Item {
    fn extract_bound(ob: &Bound<'py, PyAny>) -> PyResult<Self> {
        if let Ok(s) = ob.downcast::<PyString>() {
            return match s.to_cow() {
                Ok(text) => Ok(Item(text.into_owned().into_bytes())),
                Err(_) => Ok(Item(s.call_method1("encode", ("utf-8", "surrogatepass"))?.extract::<PyBackedBytes>()?.to_vec())),
            };
        }
        Ok(Item(ob.extract::<PyBackedBytes>()?.to_vec()))
    }
}

/// The modcite analyzer (native). Use `modcite.Analyzer`, which wraps it.
#[pyclass(frozen, module = "modcite._modcite", name = "Analyzer")]
struct PyAnalyzer {
    analyzer: analyze::Analyzer,
}

#[pymethods]
impl PyAnalyzer {
    /// Loads the built-in lexicons and code tables, with `lexicons` (files or
    /// folders) layered over them and the fee schedule / NCCI files in force.
    #[new]
    #[pyo3(signature = (lexicons = Vec::new(), fee_schedule = None, ncci = None))]
    fn new(py: Python<'_>, lexicons: Vec<PathBuf>, fee_schedule: Option<PathBuf>, ncci: Option<PathBuf>) -> PyResult<Self> {
        let files = DataFiles { lexicons, fee_schedule, ncci };
        let loaded = py.allow_threads(|| files.load(Tuning::ManyNotes)).map_err(load_error)?;
        Ok(PyAnalyzer { analyzer: loaded.analyzer })
    }

    /// Analyzes one encounter JSON (`is_json`) or note and returns the result
    /// as `modcite suggest --format json` prints it (pretty JSON, no final
    /// newline). With `is_json=None` the text is an encounter when it opens
    /// like a JSON object. Raises InputError when it cannot be analyzed.
    #[pyo3(signature = (text, is_json = None, explain = false))]
    fn suggest_json(&self, py: Python<'_>, text: String, is_json: Option<bool>, explain: bool) -> PyResult<String> {
        py.allow_threads(|| {
            let json_text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let encounter = if is_json.unwrap_or_else(|| looks_like_json_object(json_text)) {
                Encounter::from_json(json_text).map_err(|e| InputError::new_err(e.to_string()))?
            } else {
                Encounter::from_note(text.clone())
            };
            let result = self
                .analyzer
                .analyze(encounter, Options { explain })
                .map_err(|e| InputError::new_err(e.to_string()))?;
            Ok(output::to_json_pretty(&result))
        })
    }

    /// Analyzes many records as `modcite batch` does and returns one compact
    /// JSON line per record, in order: the result, or the error record
    /// (`{"id": null, "line": N, "source": ..., "error": {...}}`).
    ///
    /// Record `i` is line `lines[i]` (default `first_line + i`) of `source`;
    /// a record without an id gets `ids[i]` when given, else `line:N`.
    /// Items whose index is in `json_items` (sorted) are read as JSON
    /// whatever `mode` says. Runs on `jobs` threads (default: all cores)
    /// with the GIL released.
    #[pyo3(signature = (items, mode = "auto", source = "-", first_line = 1, lines = None, ids = None, json_items = Vec::new(), jobs = None))]
    #[allow(clippy::too_many_arguments)]
    fn analyze_records(
        &self,
        py: Python<'_>,
        items: Vec<Item>,
        mode: &str,
        source: &str,
        first_line: usize,
        lines: Option<Vec<usize>>,
        ids: Option<Vec<Option<String>>>,
        json_items: Vec<usize>,
        jobs: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let mode = Mode::parse(mode)?;
        if lines.as_ref().is_some_and(|l| l.len() != items.len()) || ids.as_ref().is_some_and(|i| i.len() != items.len()) {
            return Err(PyValueError::new_err("`lines` and `ids` must have one entry per item"));
        }
        if jobs == Some(0) {
            return Err(PyValueError::new_err("jobs must be at least 1 (or None for all cores)"));
        }
        let mut ids = ids.map(Vec::into_iter);
        let raws: Vec<RawRecord> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let line = lines.as_ref().map_or(first_line + i, |l| l[i]);
                let mut origin = Origin::at_line(source, line, false);
                if let Some(id) = ids.as_mut().and_then(Iterator::next).flatten() {
                    origin.default_id = id;
                }
                let mode = if json_items.binary_search(&i).is_ok() { Mode::Json } else { mode };
                RawRecord { origin, input: mode.input(item.0) }
            })
            .collect();
        py.allow_threads(|| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.unwrap_or(0))
                .build()
                .map_err(|e| ModciteError::new_err(format!("starting worker threads: {e}")))?;
            Ok(pool.install(|| raws.into_par_iter().map(|raw| self.render(raw)).collect()))
        })
    }
}

impl PyAnalyzer {
    /// One record's output line, exactly as `modcite batch` writes it.
    fn render(&self, raw: RawRecord) -> String {
        let outcome = batch::analyze_record(&self.analyzer, raw, false);
        match output::render(&outcome, BatchFormat::JsonLines, false) {
            Rendered::Json(items) => items.concat(),
            // Not produced for JSON Lines; kept total all the same.
            Rendered::Csv(rows) => String::from_utf8_lossy(&rows).into_owned(),
        }
    }
}

/// The native part of the `modcite` package.
#[pymodule]
fn _modcite(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyAnalyzer>()?;
    m.add("ModciteError", py.get_type::<ModciteError>())?;
    m.add("LexiconError", py.get_type::<LexiconError>())?;
    m.add("DataFileError", py.get_type::<DataFileError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
