//! Batch input: turns JSON Lines files, CSV exports, folders of `.txt` notes
//! (with optional `.json` sidecars) and stdin into a stream of numbered
//! records, and runs the analyzer over them in parallel, in bounded chunks,
//! keeping input order.
//!
//! Every input record yields exactly one [`Outcome`]: a result, or an error
//! naming the record and the problem (never quoting note text). Memory stays
//! flat: at most a few chunks per worker are in flight.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::analyze::{Analyzer, Options};
use crate::encounter::{Encounter, ProcedureLine};
use crate::result::EncounterResult;

/// What went wrong with one input record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// Machine-readable kind (`invalid_json`, `invalid_utf8`, `empty_line`, ...).
    pub kind: &'static str,
    /// A message naming the problem (no note text).
    pub message: String,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The input file (`-` for stdin).
    pub source: String,
    /// 1-based line (JSON Lines), record line (CSV), or none (a `.txt` file).
    pub line: Option<usize>,
    /// The id to use when the record has none.
    pub default_id: String,
}

impl Origin {
    /// Line `line` of `source`; its default id is `line:N`, or `SOURCE:line:N`
    /// when several inputs are read (`prefix_ids`).
    pub fn at_line(source: &str, line: usize, prefix_ids: bool) -> Origin {
        let default_id = if prefix_ids { format!("{source}:line:{line}") } else { format!("line:{line}") };
        Origin { source: source.to_string(), line: Some(line), default_id }
    }
}

/// One input record, read but not yet analyzed.
#[derive(Debug)]
pub struct RawRecord {
    /// Where it came from.
    pub origin: Origin,
    /// The record as read.
    pub input: RecordInput,
}

/// A record as a source read it: parsed already (CSV rows, text notes), or
/// a JSON line left for a worker thread to parse.
#[derive(Debug)]
pub enum RecordInput {
    /// The encounter, or why it could not be read.
    Read(Result<Encounter, RecordError>),
    /// One JSON Lines line (without its line end).
    JsonLine(Vec<u8>),
}

impl RawRecord {
    fn read(origin: Origin, encounter: Result<Encounter, RecordError>) -> RawRecord {
        RawRecord { origin, input: RecordInput::Read(encounter) }
    }

    /// The encounter, or why it could not be read (parsing a JSON line here).
    pub fn encounter(self) -> Result<Encounter, RecordError> {
        self.input.into_encounter()
    }
}

impl RecordInput {
    /// The encounter, or why it could not be read (parsing a JSON line here).
    pub fn into_encounter(self) -> Result<Encounter, RecordError> {
        match self {
            RecordInput::Read(r) => r,
            RecordInput::JsonLine(bytes) => parse_json_line(&bytes),
        }
    }
}

/// One output record.
#[derive(Debug)]
pub struct Outcome {
    /// Where it came from.
    pub origin: Origin,
    /// The note text (for reports), when the record was read.
    pub note: Option<String>,
    /// The analysis, or why there is none.
    pub result: Result<EncounterResult, RecordError>,
    /// The outcome as it will be written, when [`run`]'s `prepare` step
    /// rendered it on a worker thread.
    pub rendered: Option<crate::output::Rendered>,
}

/// The kinds of input `batch` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One JSON encounter per line.
    JsonLines,
    /// A CSV export with a header row.
    Csv,
    /// A folder of `.txt` notes, or a single `.txt` note.
    Text,
    /// A FHIR R4 Bundle file (or a JSON Lines file of Bundles).
    FhirBundle,
    /// A file of HL7 v2 messages.
    Hl7,
    /// A FHIR Bulk Data export folder (holding `DocumentReference.ndjson`).
    FhirExport,
}

/// CSV column names.
#[derive(Debug, Clone)]
pub struct CsvColumns {
    /// Column holding the record id.
    pub id: String,
    /// Column holding the note text.
    pub note: String,
    /// Column holding the date of service.
    pub dos: String,
    /// Column holding procedure codes (separated by `;`, `,` or spaces).
    pub codes: String,
}

impl Default for CsvColumns {
    fn default() -> Self {
        CsvColumns { id: "id".into(), note: "note".into(), dos: "date_of_service".into(), codes: "codes".into() }
    }
}

/// Guesses the input kind of a path: a folder holding `DocumentReference.ndjson`
/// is a FHIR export, other folders text; `.csv`/`.tsv` are CSV, `.txt` text,
/// `.hl7` HL7 v2; any other file is HL7 v2 when it opens with `MSH`, FHIR
/// (Bundles) when a `"resourceType"` key shows in its first 4 KB, and JSON
/// Lines otherwise.
pub fn guess_kind(path: &Path) -> InputKind {
    if path.is_dir() {
        return if crate::interop::sources::is_fhir_export(path) { InputKind::FhirExport } else { InputKind::Text };
    }
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("csv") | Some("tsv") => InputKind::Csv,
        Some("txt") | Some("text") => InputKind::Text,
        Some("hl7") => InputKind::Hl7,
        _ => sniff(path).unwrap_or(InputKind::JsonLines),
    }
}

/// HL7 v2 or a FHIR Bundle, judged from the first bytes of a file.
fn sniff(path: &Path) -> Option<InputKind> {
    let mut head = Vec::with_capacity(4096);
    File::open(path).ok()?.take(4096).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    if crate::interop::hl7::looks_like_hl7(&text) {
        return Some(InputKind::Hl7);
    }
    // Records.md encounters have no `resourceType`; a Bundle names one in its
    // first bytes (its own, or its first entry's when keys are sorted).
    let first = text.trim_start_matches('\u{feff}').trim_start();
    let compact: String = first.chars().filter(|c| !c.is_whitespace()).collect();
    (first.starts_with('{') && compact.contains("\"resourceType\":")).then_some(InputKind::FhirBundle)
}

fn err(kind: &'static str, message: impl Into<String>) -> RecordError {
    RecordError { kind, message: message.into() }
}

/// Parses one JSON Lines line (or a sidecar file) into a record; a leading
/// byte order mark is skipped.
pub fn parse_json_line(bytes: &[u8]) -> Result<Encounter, RecordError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|e| err("invalid_utf8", format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(err("empty_line", "empty line: no encounter"));
    }
    Encounter::from_json(text).map_err(|e| err(e.kind(), e.to_string()))
}

/// A source of raw records.
pub trait RecordSource: Send {
    /// The next record, `None` at the end, or an I/O failure.
    fn next_record(&mut self) -> io::Result<Option<RawRecord>>;
    /// Bytes consumed so far (for progress).
    fn bytes_read(&self) -> u64;
}

/// JSON Lines from any reader.
pub struct JsonLinesSource<R: BufRead> {
    reader: R,
    name: String,
    line: usize,
    bytes: u64,
    /// The longest line so far: the capacity given to the next line's buffer.
    longest: usize,
    prefix_ids: bool,
}

impl<R: BufRead + Send> JsonLinesSource<R> {
    /// Reads from `reader`; `name` labels errors; `prefix_ids` makes default ids `name:line:N`.
    pub fn new(reader: R, name: impl Into<String>, prefix_ids: bool) -> Self {
        JsonLinesSource { reader, name: name.into(), line: 0, bytes: 0, longest: 256, prefix_ids }
    }
}

impl<R: BufRead + Send> RecordSource for JsonLinesSource<R> {
    fn next_record(&mut self) -> io::Result<Option<RawRecord>> {
        // Each line is read into its own buffer, handed over without a copy.
        let mut line = Vec::with_capacity(self.longest.min(1 << 20));
        let n = self.reader.read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        self.bytes += n as u64;
        self.line += 1;
        if line.ends_with(b"\n") {
            line.pop();
        }
        if line.ends_with(b"\r") {
            line.pop();
        }
        // A byte order mark is dropped where the line is parsed (`parse_json_line`).
        self.longest = self.longest.max(n);
        // Parsed by a worker thread (see `analyze_record`), not by the reader.
        Ok(Some(RawRecord {
            origin: Origin::at_line(&self.name, self.line, self.prefix_ids),
            input: RecordInput::JsonLine(line),
        }))
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// A reader that counts bytes.
struct Counting<R> {
    inner: R,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// CSV rows (header row first); quoted multi-line notes work.
pub struct CsvSource {
    reader: csv::Reader<Counting<Box<dyn Read + Send>>>,
    name: String,
    columns: Option<(Option<usize>, Option<usize>, Option<usize>, Option<usize>)>,
    wanted: CsvColumns,
    record: csv::ByteRecord,
    count: std::sync::Arc<std::sync::atomic::AtomicU64>,
    prefix_ids: bool,
    header_len: usize,
}

impl CsvSource {
    /// Reads CSV from `reader` (comma-delimited, or tab when `name` ends in `.tsv`).
    pub fn new(reader: Box<dyn Read + Send>, name: impl Into<String>, wanted: CsvColumns, prefix_ids: bool) -> Self {
        let name = name.into();
        let count = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let delimiter = if name.ends_with(".tsv") { b'\t' } else { b',' };
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            // Rows end at `\n` only, so that line numbers count CRLF files
            // right; the `\r` left at the end of a row's last cell is trimmed.
            .terminator(csv::Terminator::Any(b'\n'))
            .from_reader(Counting { inner: reader, count: count.clone() });
        CsvSource {
            reader,
            name,
            columns: None,
            wanted,
            record: csv::ByteRecord::new(),
            count,
            prefix_ids,
            header_len: 0,
        }
    }

    fn cell(&self, i: Option<usize>) -> Result<Option<String>, RecordError> {
        let last = self.record.len().saturating_sub(1);
        match i.and_then(|i| self.record.get(i).map(|b| (i, b))) {
            None => Ok(None),
            Some((i, b)) => std::str::from_utf8(if i == last { b.strip_suffix(b"\r").unwrap_or(b) } else { b })
                .map(|s| Some(s.to_string()))
                .map_err(|e| err("invalid_utf8", format!("invalid UTF-8 at byte {} of a cell", e.valid_up_to()))),
        }
    }
}

impl RecordSource for CsvSource {
    fn next_record(&mut self) -> io::Result<Option<RawRecord>> {
        loop {
            let more = match self.reader.read_byte_record(&mut self.record) {
                Ok(m) => m,
                Err(e) => match e.kind() {
                    csv::ErrorKind::Io(_) => return Err(io::Error::other(format!("{}: {e}", self.name))),
                    _ => {
                        let line = e.position().map(|p| p.line() as usize);
                        let origin = Origin {
                            source: self.name.clone(),
                            line,
                            default_id: format!("line:{}", line.unwrap_or(0)),
                        };
                        let problem = err("invalid_csv", format!("unreadable CSV row: {}", csv_error_kind(&e)));
                        return Ok(Some(RawRecord::read(origin, Err(problem))));
                    }
                },
            };
            if !more {
                return Ok(None);
            }
            let line = self.record.position().map(|p| p.line() as usize).unwrap_or(0);
            if self.columns.is_none() {
                let names: Vec<String> = self
                    .record
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
                    .collect();
                let find = |n: &str| names.iter().position(|c| c == &n.to_ascii_lowercase());
                let cols = (find(&self.wanted.id), find(&self.wanted.note), find(&self.wanted.dos), find(&self.wanted.codes));
                if cols.1.is_none() {
                    // A usage error, not a bad record: no row could be read.
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!(
                            "{}: no `{}` column in the header row (columns: {}); name the note column with --note-column",
                            self.name,
                            self.wanted.note,
                            names.join(", ")
                        ),
                    ));
                }
                self.header_len = self.record.len();
                self.columns = Some(cols);
                continue;
            }
            let (id_c, note_c, dos_c, codes_c) = self.columns.unwrap_or_default();
            let origin = Origin::at_line(&self.name, line, self.prefix_ids);
            if self.record.len() != self.header_len {
                let message = format!("row has {} cells; the header has {} (ragged row)", self.record.len(), self.header_len);
                return Ok(Some(RawRecord::read(origin, Err(err("ragged_row", message)))));
            }
            let encounter = (|| {
                let note = self.cell(note_c)?.ok_or_else(|| err("missing_note", "row has no note cell (ragged row)"))?;
                let mut enc = Encounter::from_note(note);
                enc.id = self.cell(id_c)?.filter(|s| !s.trim().is_empty());
                enc.date_of_service = self.cell(dos_c)?.filter(|s| !s.trim().is_empty());
                if let Some(codes) = self.cell(codes_c)? {
                    let lines: Vec<ProcedureLine> = codes
                        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
                        .filter(|c| !c.is_empty())
                        .map(|c| {
                            let mut parts = c.splitn(2, ':');
                            ProcedureLine {
                                code: parts.next().map(str::to_string),
                                laterality: parts.next().map(str::to_string),
                                ..Default::default()
                            }
                        })
                        .collect();
                    if !lines.is_empty() {
                        enc.procedures = Some(lines);
                    }
                }
                Ok(enc)
            })();
            return Ok(Some(RawRecord::read(origin, encounter)));
        }
    }

    fn bytes_read(&self) -> u64 {
        self.count.load(std::sync::atomic::Ordering::Relaxed)
    }
}

fn csv_error_kind(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => format!("{len} fields where {expected_len} were expected"),
        csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".into(),
        _ => "malformed row".into(),
    }
}

/// `.txt` notes: a folder (recursively, sorted by path) or single files. A
/// `.json` file with the same stem beside a note gives its encounter context.
pub struct TextSource {
    files: std::vec::IntoIter<PathBuf>,
    bytes: u64,
}

impl TextSource {
    /// Lists the notes under `path`.
    pub fn new(path: &Path) -> io::Result<Self> {
        let mut files = Vec::new();
        if path.is_dir() {
            collect_txt(path, &mut files)?;
        } else {
            files.push(path.to_path_buf());
        }
        files.sort();
        Ok(TextSource { files: files.into_iter(), bytes: 0 })
    }
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
            out.push(path);
        }
    }
    Ok(())
}

impl RecordSource for TextSource {
    fn next_record(&mut self) -> io::Result<Option<RawRecord>> {
        let Some(path) = self.files.next() else { return Ok(None) };
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let origin = Origin { source: path.display().to_string(), line: None, default_id: name };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => return Ok(Some(RawRecord::read(origin, Err(err("io", format!("cannot read: {e}")))))),
        };
        self.bytes += bytes.len() as u64;
        let encounter = (|| {
            let note = String::from_utf8(bytes)
                .map_err(|e| err("invalid_utf8", format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to())))?;
            let sidecar = path.with_extension("json");
            let enc = if sidecar.is_file() {
                let text = std::fs::read(&sidecar).map_err(|e| err("io", format!("sidecar {}: {e}", sidecar.display())))?;
                let mut enc = parse_json_line(&text).map_err(|e| RecordError {
                    kind: e.kind,
                    message: format!("sidecar {}: {}", sidecar.display(), e.message),
                })?;
                enc.note = Some(note);
                enc
            } else {
                Encounter::from_note(note)
            };
            Ok(enc)
        })();
        Ok(Some(RawRecord::read(origin, encounter)))
    }

    fn bytes_read(&self) -> u64 {
        self.bytes
    }
}

/// Lists the inputs inside a folder, recursively and sorted by path, with the
/// kind of each: `.txt` notes, `.jsonl`/`.ndjson` JSON Lines, `.csv`/`.tsv`
/// exports, `.hl7` HL7 v2 files, `.json` FHIR Bundles. Other `.json` files are
/// sidecars of same-stem notes and are not inputs.
pub fn expand_folder(dir: &Path) -> io::Result<Vec<(PathBuf, InputKind)>> {
    let mut files = Vec::new();
    collect_files(dir, &mut files)?;
    files.sort();
    Ok(files
        .into_iter()
        .filter_map(|p| {
            let ext = p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase)?;
            let kind = match ext.as_str() {
                "txt" | "text" => InputKind::Text,
                "jsonl" | "ndjson" => InputKind::JsonLines,
                "csv" | "tsv" => InputKind::Csv,
                "hl7" => InputKind::Hl7,
                // A `.json` beside a same-stem note is its sidecar; a Bundle is an input.
                "json" if !p.with_extension("txt").exists() && sniff(&p) == Some(InputKind::FhirBundle) => InputKind::FhirBundle,
                _ => return None,
            };
            Some((p, kind))
        })
        .collect())
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Opens a path (`-` for stdin) as a record source of the given kind.
pub fn open_source(path: &Path, kind: InputKind, columns: &CsvColumns, prefix_ids: bool) -> io::Result<Box<dyn RecordSource>> {
    let name = path.display().to_string();
    let is_stdin = path == Path::new("-");
    Ok(match kind {
        InputKind::JsonLines => {
            if is_stdin {
                Box::new(JsonLinesSource::new(BufReader::with_capacity(1 << 16, io::stdin()), name, prefix_ids))
            } else {
                let f = File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
                Box::new(JsonLinesSource::new(BufReader::with_capacity(1 << 16, f), name, prefix_ids))
            }
        }
        InputKind::Csv => {
            let reader: Box<dyn Read + Send> = if is_stdin {
                Box::new(io::stdin())
            } else {
                Box::new(File::open(path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?)
            };
            Box::new(CsvSource::new(reader, name, columns.clone(), prefix_ids))
        }
        InputKind::Text => {
            if is_stdin {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, "stdin cannot be read as a folder of .txt notes"));
            }
            Box::new(TextSource::new(path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?)
        }
        InputKind::FhirBundle | InputKind::Hl7 if is_stdin => {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "batch reads FHIR Bundles and HL7 v2 from files, not stdin"));
        }
        InputKind::FhirBundle => Box::new(crate::interop::sources::FileSource::new(path, crate::interop::Format::FhirBundle)),
        InputKind::Hl7 => Box::new(crate::interop::sources::FileSource::new(path, crate::interop::Format::Hl7v2)),
        InputKind::FhirExport => {
            Box::new(crate::interop::sources::ExportSource::open(path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?)
        }
    })
}

/// Analyzes one raw record.
pub fn analyze_record(analyzer: &Analyzer, raw: RawRecord, keep_note: bool) -> Outcome {
    let RawRecord { origin, input } = raw;
    match input.into_encounter() {
        Err(e) => Outcome { origin, note: None, result: Err(e), rendered: None },
        Ok(mut enc) => {
            if enc.id.is_none() {
                enc.id = Some(origin.default_id.clone());
            }
            let note = if keep_note { enc.note.clone() } else { None };
            // A fault in the analysis of one record is that record's error:
            // the others still get their results, in order.
            let analyzed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyzer.analyze(enc, Options::default())));
            let result = match analyzed {
                Ok(result) => result.map_err(|e| err(e.kind(), e.to_string())),
                Err(_) => Err(err("internal_error", "the analysis failed on this record (an internal error; please report it with the record's id)")),
            };
            Outcome { origin, note, result, rendered: None }
        }
    }
}

/// Runs the analyzer over every source in order, calling `sink` with each
/// chunk of outcomes in input order.
///
/// A reader thread cuts the input into chunks of `chunk` records (it only
/// splits records: parsing is the workers' job) and spawns each chunk as a
/// task on `pool`, where its records are parsed, analyzed and passed to
/// `prepare` (say, rendered for output). Finished chunks come back tagged
/// with their sequence number and this thread hands them to `sink` in input
/// order. There is no barrier between chunks: while one chunk's last record
/// is analyzed, the other workers are already on the next chunks. At most
/// [`chunks_in_flight`] chunks are read and not yet written, so memory stays
/// flat; `sink` itself never has to be `Send`.
#[allow(clippy::too_many_arguments)]
pub fn run(
    analyzer: &Analyzer,
    sources: &mut [Box<dyn RecordSource>],
    pool: &rayon::ThreadPool,
    chunk: usize,
    keep_note: bool,
    prepare: &(dyn Fn(&mut Outcome) + Sync),
    mut sink: impl FnMut(Vec<Outcome>, u64) -> io::Result<()>,
) -> io::Result<()> {
    let chunk = chunk.max(1);
    let in_flight = chunks_in_flight(pool.current_num_threads());
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, io::Result<(Vec<Outcome>, u64)>)>();
        // A slot is taken before a chunk is read and given back once it is
        // written: the reader never runs more than `in_flight` chunks ahead.
        let (slot_tx, slot_rx) = std::sync::mpsc::sync_channel::<()>(in_flight);
        for _ in 0..in_flight {
            let _ = slot_tx.send(());
        }
        scope.spawn(move || {
            pool.in_place_scope(|tasks| {
                let mut chunks = Chunks { sources, chunk, source: 0, done_bytes: 0 };
                for seq in 0u64.. {
                    if slot_rx.recv().is_err() {
                        return; // the writer stopped (an output error)
                    }
                    let done_tx = done_tx.clone();
                    match chunks.next() {
                        None => return,
                        Some(Err(e)) => {
                            let _ = done_tx.send((seq, Err(e)));
                            return;
                        }
                        Some(Ok((raws, bytes))) => tasks.spawn(move |_| {
                            let outcomes = analyze_chunk(analyzer, raws, keep_note, prepare);
                            let _ = done_tx.send((seq, Ok((outcomes, bytes))));
                        }),
                    }
                }
            });
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut next = 0u64;
        for (seq, message) in done_rx {
            waiting.insert(seq, message);
            while let Some(message) = waiting.remove(&next) {
                let (outcomes, bytes) = message?;
                sink(outcomes, bytes)?;
                next += 1;
                let _ = slot_tx.send(());
            }
        }
        Ok(())
    })
}

/// How many chunks may be read and not yet written: enough that every
/// worker has the next chunk at hand while one slow chunk holds the writer.
pub fn chunks_in_flight(workers: usize) -> usize {
    4 * workers.max(1) + 2
}

/// The input as chunks of records, source after source, each with the
/// bytes read up to its end (for progress).
struct Chunks<'a> {
    sources: &'a mut [Box<dyn RecordSource>],
    chunk: usize,
    source: usize,
    done_bytes: u64,
}

impl Iterator for Chunks<'_> {
    type Item = io::Result<(Vec<RawRecord>, u64)>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut raws = Vec::with_capacity(self.chunk);
        while let Some(source) = self.sources.get_mut(self.source) {
            while raws.len() < self.chunk {
                match source.next_record() {
                    Ok(Some(r)) => raws.push(r),
                    Ok(None) => break,
                    Err(e) => return Some(Err(e)),
                }
            }
            let read = self.done_bytes + source.bytes_read();
            if raws.len() == self.chunk {
                return Some(Ok((raws, read)));
            }
            self.done_bytes = read;
            self.source += 1;
            if !raws.is_empty() {
                return Some(Ok((raws, read)));
            }
        }
        None
    }
}

/// Parses, analyzes and prepares one chunk's records, in order.
fn analyze_chunk(analyzer: &Analyzer, raws: Vec<RawRecord>, keep_note: bool, prepare: &(dyn Fn(&mut Outcome) + Sync)) -> Vec<Outcome> {
    raws.into_iter()
        .map(|r| {
            let mut outcome = analyze_record(analyzer, r, keep_note);
            prepare(&mut outcome);
            outcome
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_lines(text: &'static str, name: &str) -> Box<dyn RecordSource> {
        Box::new(JsonLinesSource::new(text.as_bytes(), name, false))
    }

    #[test]
    fn chunks_stay_within_a_source_and_count_bytes_across_sources() {
        let mut sources = [json_lines("{}\n{}\n{}\n", "a"), json_lines("", "empty"), json_lines("{}\n{}\n", "b")];
        let chunks: Vec<(Vec<String>, u64)> = Chunks { sources: &mut sources, chunk: 2, source: 0, done_bytes: 0 }
            .map(|c| {
                let (raws, bytes) = c.unwrap();
                (raws.iter().map(|r| format!("{}:{}", r.origin.source, r.origin.line.unwrap())).collect(), bytes)
            })
            .collect();
        let expected = [(vec!["a:1", "a:2"], 6), (vec!["a:3"], 9), (vec!["b:1", "b:2"], 15)];
        assert_eq!(chunks.len(), expected.len());
        for ((got, bytes), (want, want_bytes)) in chunks.iter().zip(expected) {
            assert_eq!(got, &want);
            assert_eq!(*bytes, want_bytes);
        }
    }

    #[test]
    fn json_lines_errors_name_the_problem() {
        assert_eq!(parse_json_line(b"").unwrap_err().kind, "empty_line");
        assert_eq!(parse_json_line(b"{\"note\":\"x\xff\"}").unwrap_err().kind, "invalid_utf8");
        assert_eq!(parse_json_line(b"{not json").unwrap_err().kind, "invalid_json");
        assert!(parse_json_line(br#"{"note":"ok"}"#).is_ok());
    }

    #[test]
    fn csv_source_reads_quoted_multiline_notes_and_ragged_rows() {
        let data = "id,note,date_of_service,codes\n\
                    a,\"LINE ONE\nLINE TWO, with comma\",2026-01-02,27447;20610\n\
                    b\n\
                    c,plain,,\n";
        let mut src = CsvSource::new(Box::new(io::Cursor::new(data.to_string())), "t.csv", CsvColumns::default(), false);
        let a = src.next_record().unwrap().unwrap();
        let enc = a.encounter().unwrap();
        assert_eq!(enc.id.as_deref(), Some("a"));
        assert_eq!(enc.note.as_deref(), Some("LINE ONE\nLINE TWO, with comma"));
        assert_eq!(enc.procedures.unwrap().len(), 2);
        let b = src.next_record().unwrap().unwrap();
        assert_eq!(b.encounter().unwrap_err().kind, "ragged_row");
        let c = src.next_record().unwrap().unwrap();
        assert_eq!(c.origin.line, Some(5));
        assert!(src.next_record().unwrap().is_none());
    }

    #[test]
    fn csv_with_crlf_line_ends_numbers_rows_like_lf() {
        let lf = "id,note,date_of_service\na,\"two\nlines\",2026-01-02\nb,plain,2026-01-03\n";
        let crlf = lf.replace('\n', "\r\n");
        for data in [lf.to_string(), crlf] {
            let mut src = CsvSource::new(Box::new(io::Cursor::new(data.clone())), "t.csv", CsvColumns::default(), false);
            let a = src.next_record().unwrap().unwrap();
            assert_eq!(a.origin.line, Some(2), "{data:?}");
            let b = src.next_record().unwrap().unwrap();
            assert_eq!(b.origin.line, Some(4), "{data:?}");
            let enc = b.encounter().unwrap();
            assert_eq!(enc.note.as_deref(), Some("plain"));
            assert_eq!(enc.date_of_service.as_deref(), Some("2026-01-03"), "no carriage return left in the last cell");
        }
    }

    #[test]
    fn csv_without_the_note_column_is_an_input_error() {
        let data = "id,text\na,hello\n";
        let mut src = CsvSource::new(Box::new(io::Cursor::new(data.to_string())), "t.csv", CsvColumns::default(), false);
        let e = src.next_record().unwrap_err();
        assert!(e.to_string().contains("no `note` column") && e.to_string().contains("id, text"), "{e}");
    }
}
