//! Code tables: the global period and body region of CPT/HCPCS codes, and NCCI
//! procedure-to-procedure (PTP) edits.
//!
//! Built-in tables live in `lexicons/codes/` (facts from the CMS Physician Fee
//! Schedule and the CMS NCCI practitioner PTP edits; no descriptor text) and are
//! embedded in the binary. A user can load the files CMS publishes:
//! [`CodeTables::load_fee_schedule`] reads the PPRRVU CSV and overrides built-in
//! globals; [`CodeTables::load_ncci`] reads the PTP edit file and replaces the
//! built-in pairs. An encounter's own `global_days` wins over both (see `facts`).

pub use crate::model::is_code_shape;
use crate::model::GlobalDays;
use jiff::civil::Date;
use std::collections::HashMap;
use std::path::Path;

const BUILTIN_GLOBALS: &str = include_str!("../lexicons/codes/global_days.tsv");
const BUILTIN_NCCI: &str = include_str!("../lexicons/codes/ncci_pairs.tsv");
const BUILTIN_RANGES: &str = include_str!("../lexicons/codes/global_ranges.tsv");
const BUILTIN_NCCI_RULES: &str = include_str!("../lexicons/codes/ncci_rules.tsv");

/// What the tables know about one code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeInfo {
    /// The fee schedule's global period.
    pub global: GlobalDays,
    /// Body region token, when known.
    pub region: Option<String>,
    /// Where the fact came from (`built-in` or the fee-schedule file).
    pub source: &'static str,
}

/// The source named for a global period taken from a range of
/// `global_ranges.tsv` rather than a table row.
pub const DIAGNOSTIC_TEST_RULE: &str = "rule: global_ranges.tsv (a run of codes no table lists: radiology, laboratory, visits, drugs)";

/// A run of codes the fee schedule gives one global period (radiology,
/// laboratory, visits, drugs: `XXX`), used for codes no table lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalRange {
    /// First code of the run.
    pub first: String,
    /// Last code of the run, inclusive.
    pub last: String,
    /// The global period every code of the run takes.
    pub global: GlobalDays,
}

impl GlobalRange {
    fn holds(&self, code: &str) -> bool {
        one_shape(&self.first, code) && (self.first.as_str()..=self.last.as_str()).contains(&code)
    }
}

/// Whether two codes can share a run: both five digits, or both the same
/// letter and four digits.
fn one_shape(a: &str, b: &str) -> bool {
    run_code(a) && run_code(b) && {
        let (x, y) = (a.as_bytes()[0], b.as_bytes()[0]);
        (x.is_ascii_digit() && y.is_ascii_digit()) || x == y
    }
}

/// A code a run can hold: five digits (CPT), or a letter and four digits
/// (HCPCS level II, such as the J drug codes).
fn run_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5 && (b[0].is_ascii_digit() || b[0].is_ascii_uppercase()) && b[1..].iter().all(u8::is_ascii_digit)
}

/// Parses the built-in `global_ranges.tsv` layout:
/// `first<TAB>last<TAB>global<TAB>section`, runs of five-digit codes or of
/// one HCPCS letter and four digits, in order, none overlapping the one
/// before.
pub fn parse_ranges_tsv(path: &str, text: &str) -> Result<Vec<GlobalRange>, CodeTableError> {
    let mut out: Vec<GlobalRange> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            if line.trim() != "first\tlast\tglobal\tsection" {
                return Err(format_err(path, 1, "header must be `first<TAB>last<TAB>global<TAB>section`"));
            }
            continue;
        }
        let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [first, last, global, _section] = cells[..] else {
            return Err(format_err(path, i + 1, format!("expected 4 tab-separated cells, found {}", cells.len())));
        };
        if !one_shape(first, last) || first > last {
            return Err(format_err(path, i + 1, format!("`{first}`-`{last}` is not a run of codes of one shape")));
        }
        if out.last().is_some_and(|prev| prev.last.as_str() >= first) {
            return Err(format_err(path, i + 1, format!("run `{first}`-`{last}` overlaps or precedes the one before")));
        }
        let global = GlobalDays::parse(global).ok_or_else(|| format_err(path, i + 1, format!("unknown global `{global}`")))?;
        out.push(GlobalRange { first: first.to_string(), last: last.to_string(), global });
    }
    Ok(out)
}

/// The NCCI modifier indicator of a PTP edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierIndicator {
    /// 0: no modifier can unbundle the pair.
    NotAllowed,
    /// 1: a modifier may unbundle the pair when the services are distinct.
    Allowed,
    /// 9: the edit was deleted; it does not apply.
    NotApplicable,
}

impl ModifierIndicator {
    fn parse(s: &str) -> Option<ModifierIndicator> {
        match s.trim() {
            "0" => Some(ModifierIndicator::NotAllowed),
            "1" => Some(ModifierIndicator::Allowed),
            "9" => Some(ModifierIndicator::NotApplicable),
            _ => None,
        }
    }

    /// The digit as CMS writes it.
    pub fn as_digit(self) -> u8 {
        match self {
            ModifierIndicator::NotAllowed => 0,
            ModifierIndicator::Allowed => 1,
            ModifierIndicator::NotApplicable => 9,
        }
    }
}

/// A family of PTP edits that the NCCI policy manual states as one rule
/// (`ncci_rules.tsv`): every code of a run of column-1 codes whose global
/// period is one of `column1_globals` bundles every code of a run of
/// column-2 codes ("closure of the operation's own incision is part of
/// it"). Rules speak only where `ncci_pairs.tsv` lists neither order of a
/// pair, and a loaded edit file (`--ncci`) replaces them with the pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtpRule {
    /// First and last column-1 code, inclusive.
    pub column1: (String, String),
    /// The global periods a column-1 code must have for the rule to hold.
    pub column1_globals: Vec<GlobalDays>,
    /// First and last column-2 code, inclusive.
    pub column2: (String, String),
    /// The modifier indicator of every edit of the family.
    pub indicator: ModifierIndicator,
}

fn in_run((first, last): &(String, String), code: &str) -> bool {
    one_shape(first, code) && (first.as_str()..=last.as_str()).contains(&code)
}

/// Parses `ncci_rules.tsv`: `column1_first<TAB>column1_last<TAB>column1_globals<TAB>column2_first<TAB>column2_last<TAB>indicator<TAB>note`,
/// where `column1_globals` is a comma-separated list of global periods.
pub fn parse_rules_tsv(path: &str, text: &str) -> Result<Vec<PtpRule>, CodeTableError> {
    const HEADER: &str = "column1_first\tcolumn1_last\tcolumn1_globals\tcolumn2_first\tcolumn2_last\tindicator\tnote";
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            if line.trim_end() != HEADER {
                return Err(format_err(path, 1, "header must be `column1_first<TAB>column1_last<TAB>column1_globals<TAB>column2_first<TAB>column2_last<TAB>indicator<TAB>note`"));
            }
            continue;
        }
        out.push(parse_rule_row(line).map_err(|message| format_err(path, i + 1, message))?);
    }
    Ok(out)
}

fn parse_rule_row(line: &str) -> Result<PtpRule, String> {
    let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [c1_first, c1_last, globals, c2_first, c2_last, indicator, _note] = cells[..] else {
        return Err(format!("expected 7 tab-separated cells, found {}", cells.len()));
    };
    let run = |first: &str, last: &str| {
        if one_shape(first, last) && first <= last {
            Ok((first.to_string(), last.to_string()))
        } else {
            Err(format!("`{first}`-`{last}` is not a run of codes of one shape"))
        }
    };
    let column1_globals = globals
        .split(',')
        .map(|g| GlobalDays::parse(g).ok_or_else(|| format!("unknown global `{}`", g.trim())))
        .collect::<Result<Vec<_>, _>>()?;
    let indicator = ModifierIndicator::parse(indicator).ok_or_else(|| format!("indicator must be 0, 1 or 9, not `{indicator}`"))?;
    Ok(PtpRule { column1: run(c1_first, c1_last)?, column1_globals, column2: run(c2_first, c2_last)?, indicator })
}

impl PtpRule {
    /// The edit this rule makes of `column1` over `column2`, when both fall in
    /// its runs and `column1_global` is one it names.
    fn edit(&self, column1: &str, column1_global: Option<GlobalDays>, column2: &str) -> Option<PtpEdit> {
        let holds = in_run(&self.column1, column1)
            && column1_global.is_some_and(|g| self.column1_globals.contains(&g))
            && in_run(&self.column2, column2)
            && !in_run(&self.column2, column1);
        holds.then(|| PtpEdit {
            column1: column1.to_string(),
            column2: column2.to_string(),
            indicator: self.indicator,
            effective: None,
            deleted: None,
        })
    }
}

/// One PTP edit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtpEdit {
    /// The column-1 (comprehensive) code.
    pub column1: String,
    /// The column-2 (component) code: the line a 59/X modifier goes on.
    pub column2: String,
    /// Whether a modifier can unbundle the pair.
    pub indicator: ModifierIndicator,
    /// First date the edit applies, if known.
    pub effective: Option<Date>,
    /// Date from which the edit no longer applies, if deleted.
    pub deleted: Option<Date>,
}

impl PtpEdit {
    /// Whether the edit is in force on `dos` (always, when the date is unknown).
    pub fn active_on(&self, dos: Option<Date>) -> bool {
        let Some(dos) = dos else { return true };
        self.effective.is_none_or(|e| e <= dos) && self.deleted.is_none_or(|d| dos < d)
    }
}

/// Why a code table file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CodeTableError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file's content is not in the expected layout.
    #[error("{path}:{line}: {message}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line (0 for the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Global periods, regions and PTP edits.
#[derive(Debug, Clone, Default)]
pub struct CodeTables {
    /// Runs of codes with one global period, for codes no table lists.
    ranges: Vec<GlobalRange>,
    /// Global periods loaded from fee-schedule files, over `builtin_globals`.
    globals: HashMap<String, CodeInfo>,
    /// The built-in `global_days.tsv`, searched in place.
    builtin_globals: Option<SortedRows>,
    /// PTP edits by (column 1, column 2); the built-in ones are parsed on
    /// the first lookup (a one-line note never needs them).
    ptp: std::sync::OnceLock<PtpMap>,
    /// Whether `ptp`, when first needed, holds the built-in pairs.
    builtin_ncci: bool,
    /// Families of edits stated as one rule (built-in only; an edit file
    /// loaded with `--ncci` clears them).
    ptp_rules: Vec<PtpRule>,
    /// The files loaded over the built-in tables.
    pub loaded: Vec<String>,
    /// Where the global periods in force come from, newest layer last.
    pub global_sources: Vec<String>,
    /// Where the NCCI edits in force come from.
    pub ncci_sources: Vec<String>,
}

/// An embedded tab-separated table whose rows are sorted by their first cell,
/// searched in place: start-up only finds where the rows begin, instead of
/// parsing six thousand of them into a map (tests check the order).
#[derive(Debug, Clone)]
struct SortedRows {
    text: &'static str,
    /// Byte offset of each data row (the header row excluded).
    starts: Vec<u32>,
}

impl SortedRows {
    fn new(text: &'static str) -> SortedRows {
        // Every row after the header begins one byte past a line feed.
        let starts = memchr::memchr_iter(b'\n', text.as_bytes())
            .map(|i| i + 1)
            .filter(|&start| start < text.len())
            .map(|start| start as u32)
            .collect();
        SortedRows { text, starts }
    }

    fn row(&self, i: usize) -> &'static str {
        let start = self.starts[i] as usize;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |&e| e as usize);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The row whose first cell is `key`.
    fn find(&self, key: &str) -> Option<&'static str> {
        let text = self.text;
        let first_cell = |start: &u32| text[*start as usize..].split(['\t', '\n', '\r']).next().unwrap_or("");
        self.starts.binary_search_by(|start| first_cell(start).cmp(key)).ok().map(|i| self.row(i))
    }

    fn len(&self) -> usize {
        self.starts.len()
    }
}

/// PTP edits by (column 1, column 2), oldest first.
type PtpMap = HashMap<(String, String), Vec<PtpEdit>>;

fn pair_map(edits: Vec<PtpEdit>) -> PtpMap {
    let mut map = PtpMap::new();
    for edit in edits {
        map.entry((edit.column1.clone(), edit.column2.clone())).or_default().push(edit);
    }
    map
}

/// The release behind the built-in global periods (see `lexicons/codes/README.md`).
pub const BUILTIN_GLOBALS_SOURCE: &str =
    "built-in global_days.tsv: CMS Physician Fee Schedule Relative Value File RVU25D (2025 October release), GLOB DAYS";
/// What the built-in NCCI pairs are (see `lexicons/codes/README.md`).
pub const BUILTIN_NCCI_SOURCE: &str =
    "built-in ncci_pairs.tsv: a curated subset of CMS NCCI practitioner PTP edits (not one quarterly release; load the quarter's files with --ncci)";
/// What the built-in NCCI rules are (see `lexicons/codes/README.md`).
pub const BUILTIN_NCCI_RULES_SOURCE: &str =
    "built-in ncci_rules.tsv: families of PTP edits compiled from the NCCI Policy Manual's general rules (biopsy, debridement, wound closure and joint injection at the site of an operation)";

fn format_err(path: &str, line: usize, message: impl Into<String>) -> CodeTableError {
    CodeTableError::Format { path: path.to_string(), line, message: message.into() }
}

/// Parses the built-in `global_days.tsv` layout: `code<TAB>global<TAB>region`.
pub fn parse_globals_tsv(path: &str, text: &str) -> Result<Vec<(String, CodeInfo)>, CodeTableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            if line.trim() != "code\tglobal\tregion" {
                return Err(format_err(path, 1, "header must be `code<TAB>global<TAB>region`"));
            }
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (code, info) = parse_global_row(line).map_err(|message| format_err(path, i + 1, message))?;
        out.push((code.to_string(), info));
    }
    Ok(out)
}

/// One `code<TAB>global<TAB>region` row.
fn parse_global_row(line: &str) -> Result<(&str, CodeInfo), String> {
    let cells: Vec<&str> = line.split('\t').collect();
    if cells.len() != 3 {
        return Err(format!("expected 3 tab-separated cells, found {}", cells.len()));
    }
    let code = cells[0].trim();
    if !is_code_shape(code) {
        return Err(format!("`{code}` is not a CPT/HCPCS code"));
    }
    let global = GlobalDays::parse(cells[1]).ok_or_else(|| format!("unknown global `{}`", cells[1].trim()))?;
    let region = Some(cells[2].trim()).filter(|r| !r.is_empty()).map(str::to_string);
    Ok((code, CodeInfo { global, region, source: "built-in" }))
}

/// Parses the built-in `ncci_pairs.tsv` layout: `column1<TAB>column2<TAB>indicator<TAB>note`.
pub fn parse_pairs_tsv(path: &str, text: &str) -> Result<Vec<PtpEdit>, CodeTableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            if !line.starts_with("column1\tcolumn2\tindicator") {
                return Err(format_err(path, 1, "header must start `column1<TAB>column2<TAB>indicator`"));
            }
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() < 3 {
            return Err(format_err(path, i + 1, "expected column1, column2 and indicator"));
        }
        let (c1, c2) = (cells[0].trim(), cells[1].trim());
        if !is_code_shape(c1) || !is_code_shape(c2) {
            return Err(format_err(path, i + 1, "column1 and column2 must be CPT/HCPCS codes"));
        }
        let indicator = ModifierIndicator::parse(cells[2])
            .ok_or_else(|| format_err(path, i + 1, format!("indicator must be 0, 1 or 9, not `{}`", cells[2].trim())))?;
        out.push(PtpEdit { column1: c1.into(), column2: c2.into(), indicator, effective: None, deleted: None });
    }
    Ok(out)
}

fn read_text(path: &Path) -> Result<String, CodeTableError> {
    let bytes = std::fs::read(path).map_err(|source| CodeTableError::Io { path: path.display().to_string(), source })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Parses `yyyymmdd` (NCCI) or `yyyy-mm-dd`.
fn parse_compact_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y: i16 = s[..4].parse().ok()?;
        let m: i8 = s[4..6].parse().ok()?;
        let d: i8 = s[6..].parse().ok()?;
        return Date::new(y, m, d).ok();
    }
    s.parse().ok()
}

impl CodeTables {
    /// The tables embedded in the binary.
    pub fn builtin() -> CodeTables {
        let mut t = CodeTables {
            global_sources: vec![BUILTIN_GLOBALS_SOURCE.to_string()],
            ncci_sources: vec![BUILTIN_NCCI_SOURCE.to_string(), BUILTIN_NCCI_RULES_SOURCE.to_string()],
            ..CodeTables::default()
        };
        t.ptp_rules = parse_rules_tsv("lexicons/codes/ncci_rules.tsv", BUILTIN_NCCI_RULES).expect("built-in ncci_rules.tsv is checked by tests");
        t.builtin_globals = Some(SortedRows::new(BUILTIN_GLOBALS));
        t.ranges = parse_ranges_tsv("lexicons/codes/global_ranges.tsv", BUILTIN_RANGES).expect("built-in global_ranges.tsv is checked by tests");
        t.builtin_ncci = true;
        t
    }

    fn ptp_map(&self) -> &PtpMap {
        self.ptp.get_or_init(|| {
            let edits = if self.builtin_ncci {
                parse_pairs_tsv("lexicons/codes/ncci_pairs.tsv", BUILTIN_NCCI).expect("built-in ncci_pairs.tsv is checked by tests")
            } else {
                Vec::new()
            };
            pair_map(edits)
        })
    }

    /// Number of codes with a known global period.
    pub fn global_count(&self) -> usize {
        let builtin = self.builtin_globals.as_ref();
        let added = self.globals.keys().filter(|k| builtin.and_then(|b| b.find(k)).is_none()).count();
        builtin.map_or(0, SortedRows::len) + added
    }

    /// Number of PTP edit rows.
    pub fn ptp_count(&self) -> usize {
        self.ptp_map().values().map(Vec::len).sum()
    }

    /// What is known about `code`. A radiology, laboratory, visit or J drug
    /// code that no table lists takes its run's global period (`XXX`), as the
    /// fee schedule gives nearly all of them: a test, a visit or a drug takes
    /// no 58/78/79 (the runs of `lexicons/codes/global_ranges.tsv`).
    pub fn code(&self, code: &str) -> Option<CodeInfo> {
        let code = code.trim();
        if let Some(info) = self.globals.get(code) {
            return Some(info.clone());
        }
        let listed = self.builtin_globals.as_ref().and_then(|t| t.find(code)).and_then(|row| parse_global_row(row).ok());
        listed.map(|(_, info)| info).or_else(|| {
            let range = self.ranges.iter().find(|r| r.holds(code))?;
            Some(CodeInfo { global: range.global, region: None, source: DIAGNOSTIC_TEST_RULE })
        })
    }

    /// The PTP edit in force on `dos` between two codes billed together, in
    /// either order (the edit names which is column 2): a listed pair first,
    /// else one of the rules' families.
    pub fn ptp(&self, a: &str, b: &str, dos: Option<Date>) -> Option<PtpEdit> {
        let find = |c1: &str, c2: &str| {
            self.ptp_map()
                .get(&(c1.to_string(), c2.to_string()))
                .and_then(|edits| edits.iter().rev().find(|e| e.active_on(dos)))
                .cloned()
        };
        find(a, b).or_else(|| find(b, a)).or_else(|| self.ptp_by_rule(a, b)).or_else(|| self.ptp_by_rule(b, a))
    }

    /// The edit a rule makes of `column1` over `column2`, when the pair is
    /// listed in neither order.
    fn ptp_by_rule(&self, column1: &str, column2: &str) -> Option<PtpEdit> {
        if self.ptp_rules.is_empty() {
            return None;
        }
        let global = self.code(column1).map(|i| i.global);
        self.ptp_rules.iter().find_map(|rule| rule.edit(column1, global, column2))
    }

    /// Loads a CMS PPRRVU file (CSV as CMS publishes it: title rows, then a header
    /// row naming `HCPCS`, `MOD`, ... `GLOB DAYS`, then one row per code and
    /// modifier). Rows without a modifier set the code's global period, taking
    /// precedence over the built-in table. Returns the number of codes read.
    pub fn load_fee_schedule(&mut self, path: &Path) -> Result<usize, CodeTableError> {
        let name = path.display().to_string();
        let text = read_text(path)?;
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let mut header_rows: Vec<Vec<String>> = Vec::new();
        let mut columns: Option<(usize, Option<usize>, usize)> = None;
        let mut count = 0;
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| format_err(&name, i + 1, format!("CSV: {e}")))?;
            let cells: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
            let Some((hcpcs, modc, glob)) = columns else {
                if cells.iter().any(|c| c.eq_ignore_ascii_case("HCPCS")) {
                    header_rows.push(cells);
                    let start = header_rows.len().saturating_sub(3);
                    let width = header_rows.iter().map(Vec::len).max().unwrap_or(0);
                    let names: Vec<String> = (0..width)
                        .map(|j| {
                            header_rows[start..]
                                .iter()
                                .filter_map(|r| r.get(j))
                                .map(|c| c.to_ascii_uppercase())
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .collect();
                    let find = |pred: &dyn Fn(&str) -> bool| names.iter().position(|n| pred(n));
                    let hcpcs = find(&|n| n.split_whitespace().any(|w| w == "HCPCS"));
                    let glob = find(&|n| n.contains("GLOB"));
                    let modc = find(&|n| n.split_whitespace().last() == Some("MOD"));
                    match (hcpcs, glob) {
                        (Some(h), Some(g)) => columns = Some((h, modc, g)),
                        _ => {
                            return Err(format_err(&name, i + 1, "header row names HCPCS but no GLOB DAYS column"));
                        }
                    }
                } else {
                    header_rows.push(cells);
                }
                continue;
            };
            let code = cells.get(hcpcs).map(String::as_str).unwrap_or("");
            if !is_code_shape(code) {
                continue;
            }
            if modc.and_then(|m| cells.get(m)).is_some_and(|m| !m.is_empty()) {
                continue;
            }
            let Some(global) = cells.get(glob).and_then(|g| GlobalDays::parse(g)) else {
                continue;
            };
            let region = self.code(code).and_then(|c| c.region);
            self.globals.insert(code.to_string(), CodeInfo { global, region, source: "fee schedule" });
            count += 1;
        }
        if columns.is_none() {
            return Err(format_err(&name, 0, "no header row with HCPCS and GLOB DAYS columns: not a PPRRVU file"));
        }
        self.global_sources.push(format!("fee schedule file {name} (its GLOB DAYS win over the built-in table)"));
        self.loaded.push(name);
        Ok(count)
    }

    /// Loads a CMS NCCI practitioner PTP edit file (tab-delimited text, or CSV),
    /// whose rows are: column 1, column 2, prior-to-1996 flag, effective date
    /// (yyyymmdd), deletion date (yyyymmdd or `*`), modifier indicator (0/1/9),
    /// rationale. Header and notice rows are skipped. The file replaces the
    /// built-in pairs and rules. Returns the number of edits read.
    pub fn load_ncci(&mut self, path: &Path) -> Result<usize, CodeTableError> {
        let name = path.display().to_string();
        let text = read_text(path)?;
        let mut edits = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let cells: Vec<&str> = if line.contains('\t') {
                line.split('\t').collect()
            } else {
                line.split(',').map(|c| c.trim_matches('"')).collect()
            };
            if cells.len() < 6 || !is_code_shape(cells[0].trim()) || !is_code_shape(cells[1].trim()) {
                continue;
            }
            let indicator = ModifierIndicator::parse(cells[5])
                .ok_or_else(|| format_err(&name, i + 1, format!("modifier indicator `{}` is not 0, 1 or 9", cells[5].trim())))?;
            let effective = parse_compact_date(cells[3]);
            if effective.is_none() && !cells[3].trim().is_empty() {
                return Err(format_err(&name, i + 1, format!("effective date `{}` is not yyyymmdd", cells[3].trim())));
            }
            let deleted = match cells[4].trim() {
                "" | "*" => None,
                d => Some(parse_compact_date(d).ok_or_else(|| {
                    format_err(&name, i + 1, format!("deletion date `{d}` is not yyyymmdd or *"))
                })?),
            };
            edits.push(PtpEdit {
                column1: cells[0].trim().to_string(),
                column2: cells[1].trim().to_string(),
                indicator,
                effective,
                deleted,
            });
        }
        if edits.is_empty() {
            return Err(format_err(&name, 0, "no PTP edit rows found: not an NCCI PTP file"));
        }
        let n = edits.len();
        self.ptp = std::sync::OnceLock::from(pair_map(edits));
        self.ptp_rules.clear();
        self.ncci_sources = vec![format!("NCCI PTP edit file {name} (replaces the built-in pairs)")];
        self.loaded.push(name);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlisted_radiology_and_laboratory_codes_are_xxx() {
        let t = CodeTables::builtin();
        let us = t.code("76870").expect("a radiology code is known by rule");
        assert_eq!((us.global, us.source), (GlobalDays::Xxx, DIAGNOSTIC_TEST_RULE));
        assert_eq!(t.code("76937").unwrap().global, GlobalDays::Zzz, "a listed code keeps its row");
        assert!(t.code("69999").is_none_or(|i| i.source != DIAGNOSTIC_TEST_RULE));
        assert!(t.code("8939X").is_none());
        assert!(t.code("77778").is_none_or(|i| i.source != DIAGNOSTIC_TEST_RULE), "brachytherapy has its own globals");
        assert_eq!(t.code("99024").unwrap().global, GlobalDays::Xxx, "the post-operative visit");
        assert_eq!(t.code("J3301").unwrap().global, GlobalDays::Xxx, "a drug");
        assert!(t.code("K0001").is_none());
    }

    #[test]
    fn builtin_tables_parse_and_hold_the_common_codes() {
        parse_globals_tsv("g", BUILTIN_GLOBALS).unwrap();
        parse_pairs_tsv("p", BUILTIN_NCCI).unwrap();
        parse_ranges_tsv("r", BUILTIN_RANGES).unwrap();
        let t = CodeTables::builtin();
        assert!(t.global_count() >= 400, "only {} codes", t.global_count());
        assert_eq!(t.code("27447").unwrap().global, GlobalDays::D090);
        assert_eq!(t.code("27358").unwrap().global, GlobalDays::Zzz);
        assert_eq!(t.code("97140").unwrap().global, GlobalDays::Xxx);
        let e = t.ptp("45380", "45385", None).unwrap();
        assert_eq!(e.column2, "45380");
        assert_eq!(e.indicator, ModifierIndicator::Allowed);
    }

    #[test]
    fn the_builtin_global_table_is_sorted_so_lookups_find_every_row() {
        let parsed = parse_globals_tsv("g", BUILTIN_GLOBALS).unwrap();
        let codes: Vec<&str> = parsed.iter().map(|(c, _)| c.as_str()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "global_days.tsv must be sorted by code, without repeats");
        let t = CodeTables::builtin();
        assert_eq!(t.global_count(), parsed.len());
        for (code, info) in &parsed {
            assert_eq!(t.code(code).as_ref(), Some(info), "{code}");
        }
        assert_eq!(t.code("00000"), None);
        assert_eq!(t.code(" 27447 ").map(|i| i.global), Some(GlobalDays::D090));
    }

    #[test]
    fn range_rows_must_be_ordered_runs_of_codes() {
        let head = "first\tlast\tglobal\tsection\n";
        let bad = |rows: &str| parse_ranges_tsv("r", &format!("{head}{rows}")).unwrap_err().to_string();
        assert!(bad("70010\t77749\tXXX\tradiology\n70500\t70600\tXXX\tagain\n").contains("r:3:"));
        assert!(bad("77749\t70010\tXXX\tbackwards\n").contains("one shape"));
        assert!(bad("J0120\tK9999\tXXX\ttwo letters\n").contains("one shape"));
        assert!(bad("70010\tJ0000\tXXX\tdigits to a letter\n").contains("one shape"));
        assert!(bad("70010\t77749\tXYZ\tradiology\n").contains("unknown global"));
        assert!(bad("70010\t77749\tXXX\n").contains("4 tab-separated"));
    }

    #[test]
    fn rules_bundle_a_family_only_under_operations_with_the_named_global() {
        parse_rules_tsv("r", BUILTIN_NCCI_RULES).unwrap();
        let t = CodeTables::builtin();
        let e = t.ptp("12032", "27759", None).expect("wound repair under a 090 operation");
        assert_eq!((e.column1.as_str(), e.column2.as_str(), e.indicator), ("27759", "12032", ModifierIndicator::Allowed));
        assert_eq!(t.ptp("27535", "20610", None).unwrap().column2, "20610");
        assert!(t.ptp("20610", "12002", None).is_none(), "an injection (000) is no operation to bundle a repair into");
        assert!(t.ptp("43239", "12032", None).is_none(), "an endoscopy (000) bundles no repair by rule");
        assert_eq!(t.ptp("11402", "11102", None).unwrap().column2, "11102", "a listed pair still answers");
        assert!(t.ncci_sources.iter().any(|s| s.contains("ncci_rules.tsv")));
    }

    #[test]
    fn a_loaded_edit_file_replaces_the_rules_too() {
        let dir = std::env::temp_dir().join(format!("modcite-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ptp.txt");
        std::fs::write(&file, "45385\t45380\t*\t20200101\t*\t1\tx\n").unwrap();
        let mut t = CodeTables::builtin();
        t.load_ncci(&file).unwrap();
        assert!(t.ptp("27759", "12032", None).is_none());
        assert!(t.ncci_sources.iter().all(|s| !s.contains("ncci_rules.tsv")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn rule_rows_must_name_runs_globals_and_an_indicator() {
        let head = "column1_first\tcolumn1_last\tcolumn1_globals\tcolumn2_first\tcolumn2_last\tindicator\tnote\n";
        let bad = |rows: &str| parse_rules_tsv("r", &format!("{head}{rows}")).unwrap_err().to_string();
        assert!(bad("20100\t29999\t090\t20600\t20611\t1\n").contains("r:2: expected 7"));
        assert!(bad("29999\t20100\t090\t20600\t20611\t1\tn\n").contains("one shape"));
        assert!(bad("20100\t29999\t090,9O\t20600\t20611\t1\tn\n").contains("unknown global"));
        assert!(bad("20100\t29999\t090\t20600\t20611\t2\tn\n").contains("indicator"));
        assert!(parse_rules_tsv("r", "column1\tcolumn2\n").unwrap_err().to_string().contains("r:1: header"));
    }

    #[test]
    fn code_shapes() {
        assert!(is_code_shape("27447"));
        assert!(is_code_shape("0446T"));
        assert!(is_code_shape("G0289"));
        assert!(!is_code_shape("2744"));
        assert!(!is_code_shape("ABCDE"));
    }

    #[test]
    fn edits_honour_effective_and_deletion_dates() {
        let e = PtpEdit {
            column1: "11111".into(),
            column2: "22222".into(),
            indicator: ModifierIndicator::Allowed,
            effective: Date::new(2020, 1, 1).ok(),
            deleted: Date::new(2026, 1, 1).ok(),
        };
        assert!(e.active_on(Date::new(2025, 12, 31).ok()));
        assert!(!e.active_on(Date::new(2026, 1, 1).ok()));
        assert!(!e.active_on(Date::new(2019, 12, 31).ok()));
        assert!(e.active_on(None));
    }
}
