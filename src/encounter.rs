//! The input contract: encounters as `../shared/spec/records.md` defines them,
//! read from JSON, and checked into typed context (dates parsed, codes trimmed).
//!
//! Reading is lenient where the contract is (every field but `note` may be
//! missing; unknown fields are ignored) and strict where a wrong value would
//! give a wrong answer (an impossible date is an error naming the field).

use crate::model::GlobalDays;
use jiff::civil::Date;
use serde::{Deserialize, Deserializer};

/// Who performed a service. In JSON, an object or a plain string (its `id`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provider {
    /// Individual identifier (e.g. NPI).
    pub id: Option<String>,
    /// Group or practice.
    pub group: Option<String>,
    /// Specialty.
    pub specialty: Option<String>,
}

impl<'de> Deserialize<'de> for Provider {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Obj {
            #[serde(default, deserialize_with = "lenient_string")]
            id: Option<String>,
            #[serde(default, deserialize_with = "lenient_string")]
            group: Option<String>,
            #[serde(default, deserialize_with = "lenient_string")]
            specialty: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Id(String),
            Num(u64),
            Obj(Obj),
        }
        Ok(match Either::deserialize(d)? {
            Either::Id(id) => Provider { id: Some(id), ..Provider::default() },
            Either::Num(n) => Provider { id: Some(n.to_string()), ..Provider::default() },
            Either::Obj(o) => Provider { id: o.id, group: o.group, specialty: o.specialty },
        })
    }
}

/// Accepts a string or a number where the contract has an identifier.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum S {
        S(String),
        I(i64),
        U(u64),
        F(f64),
    }
    Ok(match Option::<S>::deserialize(d)? {
        None => None,
        Some(S::S(s)) => Some(s),
        Some(S::I(i)) => Some(i.to_string()),
        Some(S::U(u)) => Some(u.to_string()),
        Some(S::F(f)) => Some(f.to_string()),
    })
}

/// A `global_days` value: a number (0, 10, 90) or a string (`"XXX"`, `"090"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum GlobalDaysValue {
    /// 0, 10 or 90.
    Number(i64),
    /// `"XXX"`, `"ZZZ"`, `"YYY"`, `"MMM"` or a zero-padded day count.
    Text(String),
}

/// One CPT/HCPCS line of the encounter.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProcedureLine {
    /// The code; missing or null when unknown.
    #[serde(default, deserialize_with = "lenient_string")]
    pub code: Option<String>,
    /// `left`, `right`, `bilateral`, or free text.
    #[serde(default)]
    pub laterality: Option<String>,
    /// ICD-10-CM codes.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// Modifiers on the claim line (audit only); missing means "not known".
    #[serde(default)]
    pub billed_modifiers: Option<Vec<String>>,
}

/// An earlier procedure of the same patient.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HistoryItem {
    /// The code.
    #[serde(default, deserialize_with = "lenient_string")]
    pub code: Option<String>,
    /// Its date of service.
    #[serde(default)]
    pub date: Option<String>,
    /// Side.
    #[serde(default)]
    pub laterality: Option<String>,
    /// ICD-10-CM codes.
    #[serde(default)]
    pub diagnoses: Vec<String>,
    /// Who performed it; missing means the same physician.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// Overrides any fee-schedule lookup.
    #[serde(default)]
    pub global_days: Option<GlobalDaysValue>,
}

/// An encounter as read from JSON.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Encounter {
    /// Caller's identifier, echoed back.
    #[serde(default, deserialize_with = "lenient_string")]
    pub id: Option<String>,
    /// Date of this encounter's procedures, `YYYY-MM-DD`.
    #[serde(default)]
    pub date_of_service: Option<String>,
    /// `medicare`, `medicaid`, `commercial` or a payer name.
    #[serde(default)]
    pub payer: Option<String>,
    /// `operating_room`, `procedure_room`, `office`, `bedside`, `asc`, `hopd`, `other`.
    #[serde(default)]
    pub setting: Option<String>,
    /// Who performed this encounter's procedures.
    #[serde(default)]
    pub provider: Option<Provider>,
    /// The claim lines.
    #[serde(default)]
    pub procedures: Option<Vec<ProcedureLine>>,
    /// Earlier procedures.
    #[serde(default)]
    pub history: Option<Vec<HistoryItem>>,
    /// The note text.
    #[serde(default)]
    pub note: Option<String>,
    /// Problems met while reading the encounter from another format (an
    /// unresolved FHIR reference, an HL7 date that is not one); the result
    /// lists them first among its `warnings`. Never read from JSON.
    #[serde(skip)]
    pub input_warnings: Vec<String>,
}

/// What is wrong with an encounter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// Not JSON, or JSON of the wrong shape.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The `note` field is missing or not a string.
    #[error("missing `note`: every encounter needs the note text")]
    MissingNote,
    /// A date that is not a real `YYYY-MM-DD` calendar date. `value` is shown
    /// only when it looks like a date (see `shown_value`).
    #[error("`{field}`: `{value}` is not a valid YYYY-MM-DD date")]
    BadDate {
        /// The field path (`history[0].date`).
        field: String,
        /// The value given.
        value: String,
    },
    /// A `global_days` value outside the contract.
    #[error("`{field}`: `{value}` is not a global period (0, 10, 90, XXX, ZZZ, YYY, MMM)")]
    BadGlobal {
        /// The field path.
        field: String,
        /// The value given.
        value: String,
    },
    /// The note is larger than the analyzer can map.
    #[error("{0}")]
    Note(#[from] crate::note::NoteError),
}

impl InputError {
    /// A short machine-readable kind for error records.
    pub fn kind(&self) -> &'static str {
        match self {
            InputError::Json(_) => "invalid_json",
            InputError::MissingNote => "missing_note",
            InputError::BadDate { .. } => "invalid_date",
            InputError::BadGlobal { .. } => "invalid_global_days",
            InputError::Note(_) => "note_too_large",
        }
    }
}

/// A history item with its date and global period checked.
#[derive(Debug, Clone)]
pub struct CheckedHistory {
    /// The item as given.
    pub item: HistoryItem,
    /// Its parsed date.
    pub date: Option<Date>,
    /// Its `global_days`, when given.
    pub global: Option<GlobalDays>,
}

/// An encounter whose dates and values have been checked.
#[derive(Debug, Clone)]
pub struct CheckedEncounter {
    /// The encounter as read (note moved out).
    pub encounter: Encounter,
    /// The note text.
    pub note: String,
    /// Parsed date of service.
    pub date_of_service: Option<Date>,
    /// Checked history.
    pub history: Vec<CheckedHistory>,
}

/// Parses a `YYYY-MM-DD` date strictly (the calendar must have that day).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    // Only ASCII digits: `str::parse` alone would take "+202" or "-001" as years.
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return None;
    }
    let y: i16 = s[..4].parse().ok()?;
    let m: i8 = s[5..7].parse().ok()?;
    let d: i8 = s[8..].parse().ok()?;
    Date::new(y, m, d).ok()
}

/// A rejected value as error messages show it: quoted when it is short and
/// made of date-like characters only (`2026-02-30`, `45`), otherwise only its
/// length, since a misplaced value may be note text (PHI).
fn shown_value(v: &str) -> String {
    let date_like = |c: char| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | ':' | ' ' | '+');
    if v.chars().count() <= 16 && v.chars().all(date_like) {
        v.to_string()
    } else {
        format!("<{} characters>", v.chars().count())
    }
}

fn check_global(field: String, v: &GlobalDaysValue) -> Result<GlobalDays, InputError> {
    let text = match v {
        GlobalDaysValue::Number(n) => n.to_string(),
        GlobalDaysValue::Text(t) => t.clone(),
    };
    GlobalDays::parse(&text).ok_or_else(|| InputError::BadGlobal { field, value: shown_value(&text) })
}

/// Whether text starts like a JSON object (`{` then a key or `}`), as opposed
/// to a note that merely opens with a brace ("{Dictated} OPERATIVE NOTE").
/// This is how `modcite suggest` and the Python bindings tell an encounter
/// from a plain note when nothing else (a file extension) says which.
pub fn looks_like_json_object(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('{')
        .map(|rest| rest.trim_start())
        .is_some_and(|rest| rest.starts_with('"') || rest.starts_with('}'))
}

impl Encounter {
    /// Reads an encounter from JSON text.
    ///
    /// A leading byte order mark is skipped. A value of the wrong type is
    /// reported with its field path (`history[0].date`), never its text.
    pub fn from_json(text: &str) -> Result<Encounter, InputError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        serde_json::from_str(text).map_err(|e| {
            let mut message = describe_json_error(&e);
            if e.classify() == serde_json::error::Category::Data {
                if let Some(path) = serde_json::from_str::<serde_json::Value>(text).ok().and_then(|v| wrong_type_path(&v)) {
                    message = match message.split_once(": ") {
                        Some((at, detail)) => format!("{at}: `{path}`: {detail}"),
                        None => format!("{message}: `{path}`"),
                    };
                }
            }
            InputError::Json(message)
        })
    }

    /// An encounter holding only a note (a pasted dictation or a `.txt` file).
    pub fn from_note(note: impl Into<String>) -> Encounter {
        Encounter { note: Some(note.into()), ..Encounter::default() }
    }

    /// Checks dates and values, moving the note out.
    pub fn check(mut self) -> Result<CheckedEncounter, InputError> {
        let note = self.note.take().ok_or(InputError::MissingNote)?;
        let date_of_service = match self.date_of_service.as_deref() {
            None => None,
            Some(s) if s.trim().is_empty() => None,
            Some(s) => Some(parse_date(s).ok_or_else(|| InputError::BadDate {
                field: "date_of_service".into(),
                value: shown_value(s),
            })?),
        };
        let mut history = Vec::new();
        for (i, item) in self.history.clone().unwrap_or_default().into_iter().enumerate() {
            let date = match item.date.as_deref() {
                None => None,
                Some(s) if s.trim().is_empty() => None,
                Some(s) => Some(parse_date(s).ok_or_else(|| InputError::BadDate {
                    field: format!("history[{i}].date"),
                    value: shown_value(s),
                })?),
            };
            let global = match &item.global_days {
                None => None,
                Some(v) => Some(check_global(format!("history[{i}].global_days"), v)?),
            };
            history.push(CheckedHistory { item, date, global });
        }
        Ok(CheckedEncounter { encounter: self, note, date_of_service, history })
    }
}

/// The shape a contract field must have, for locating wrong-type errors.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Id,
    TextList,
    OptTextList,
    Provider,
    Global,
    Lines,
    History,
}

const ENCOUNTER_FIELDS: &[(&str, Shape)] = &[
    ("id", Shape::Id),
    ("date_of_service", Shape::Text),
    ("payer", Shape::Text),
    ("setting", Shape::Text),
    ("provider", Shape::Provider),
    ("procedures", Shape::Lines),
    ("history", Shape::History),
    ("note", Shape::Text),
];
const LINE_FIELDS: &[(&str, Shape)] = &[
    ("code", Shape::Id),
    ("laterality", Shape::Text),
    ("diagnoses", Shape::TextList),
    ("billed_modifiers", Shape::OptTextList),
];
const HISTORY_FIELDS: &[(&str, Shape)] = &[
    ("code", Shape::Id),
    ("date", Shape::Text),
    ("laterality", Shape::Text),
    ("diagnoses", Shape::TextList),
    ("provider", Shape::Provider),
    ("global_days", Shape::Global),
];
const PROVIDER_FIELDS: &[(&str, Shape)] = &[("id", Shape::Id), ("group", Shape::Id), ("specialty", Shape::Id)];

/// The path of the first field of an encounter whose value has the wrong
/// type (`procedures[0].diagnoses`), or `None` when every field fits.
fn wrong_type_path(v: &serde_json::Value) -> Option<String> {
    if !v.is_object() {
        return None;
    }
    bad_field(v, ENCOUNTER_FIELDS, "")
}

fn bad_field(v: &serde_json::Value, fields: &[(&str, Shape)], path: &str) -> Option<String> {
    let obj = v.as_object()?;
    fields.iter().find_map(|(name, shape)| {
        let value = obj.get(*name)?;
        let here = if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
        bad_value(value, *shape, here)
    })
}

fn bad_value(v: &serde_json::Value, shape: Shape, path: String) -> Option<String> {
    #[derive(Deserialize)]
    struct Id(#[serde(deserialize_with = "lenient_string")] #[allow(dead_code)] Option<String>);
    let fits = match shape {
        Shape::Text => Option::<String>::deserialize(v).is_ok(),
        Shape::Id => Id::deserialize(v).is_ok(),
        Shape::TextList => Vec::<String>::deserialize(v).is_ok(),
        Shape::OptTextList => Option::<Vec<String>>::deserialize(v).is_ok(),
        Shape::Provider => Option::<Provider>::deserialize(v).is_ok(),
        Shape::Global => Option::<GlobalDaysValue>::deserialize(v).is_ok(),
        Shape::Lines => Option::<Vec<ProcedureLine>>::deserialize(v).is_ok(),
        Shape::History => Option::<Vec<HistoryItem>>::deserialize(v).is_ok(),
    };
    if fits {
        return None;
    }
    let inner = match (shape, v) {
        (Shape::TextList | Shape::OptTextList | Shape::Lines | Shape::History, serde_json::Value::Array(items)) => {
            items.iter().enumerate().find_map(|(i, item)| {
                let at = format!("{path}[{i}]");
                match shape {
                    Shape::Lines => bad_field(item, LINE_FIELDS, &at).or_else(|| (!item.is_object()).then_some(at)),
                    Shape::History => bad_field(item, HISTORY_FIELDS, &at).or_else(|| (!item.is_object()).then_some(at)),
                    _ => (!item.is_string()).then_some(at),
                }
            })
        }
        (Shape::Provider, serde_json::Value::Object(_)) => bad_field(v, PROVIDER_FIELDS, &path),
        _ => None,
    };
    Some(inner.unwrap_or(path))
}

/// Describes a serde_json error without quoting input text (which may be PHI).
pub fn describe_json_error(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Io => "I/O error",
        Category::Syntax => "syntax error",
        Category::Data => "wrong type or shape",
        Category::Eof => "unexpected end of input",
    };
    // serde_json data errors name the expected type and field, never the value
    // text beyond a type name (quoted values are redacted all the same);
    // syntax errors are fixed phrases ("expected value", "recursion limit
    // exceeded") plus a position.
    let detail = match e.classify() {
        Category::Data | Category::Syntax => {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or("").to_string();
            redact_quoted(&msg)
        }
        _ => String::new(),
    };
    if detail.is_empty() {
        format!("{what} at line {} column {}", e.line(), e.column())
    } else {
        format!("{what} at line {} column {}: {detail}", e.line(), e.column())
    }
}

/// Replaces quoted values in a serde message (`invalid type: string "..."`) so
/// that no input text is echoed; field names in backticks are kept.
fn redact_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut in_quote = false;
    for c in msg.chars() {
        if c == '"' {
            if !in_quote {
                out.push_str("\"…");
            } else {
                out.push('"');
            }
            in_quote = !in_quote;
            continue;
        }
        if !in_quote {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_objects_are_told_from_notes_that_open_with_a_brace() {
        assert!(looks_like_json_object("{\"note\": \"x\"}"));
        assert!(looks_like_json_object("  {\n  }"));
        assert!(!looks_like_json_object("{Dictated} OPERATIVE NOTE"));
        assert!(!looks_like_json_object("OPERATIVE NOTE {\"a\"}"));
        assert!(!looks_like_json_object(""));
    }

    #[test]
    fn reads_the_contract_example_shape() {
        let enc = Encounter::from_json(
            r#"{"id":"enc-0042","date_of_service":"2026-03-14","payer":"medicare","setting":"operating_room",
            "provider":{"id":"1234567890","group":"ortho-west","specialty":"orthopaedic surgery"},
            "procedures":[{"code":"27447","laterality":"left","diagnoses":["M17.12"],"billed_modifiers":["58"]}],
            "history":[{"code":"27447","date":"2026-01-10","laterality":"right","diagnoses":["M17.11"],
            "provider":"1234567890","global_days":90}],"note":"OPERATIVE REPORT","expected":{"x":1}}"#,
        )
        .unwrap();
        let checked = enc.check().unwrap();
        assert_eq!(checked.date_of_service, Date::new(2026, 3, 14).ok());
        assert_eq!(checked.history[0].global, Some(GlobalDays::D090));
        assert_eq!(checked.history[0].item.provider.as_ref().unwrap().id.as_deref(), Some("1234567890"));
        assert_eq!(checked.note, "OPERATIVE REPORT");
    }

    #[test]
    fn impossible_dates_and_globals_name_the_field() {
        let e = Encounter::from_json(r#"{"note":"x","date_of_service":"2026-02-30"}"#).unwrap().check().unwrap_err();
        assert_eq!(e.kind(), "invalid_date");
        assert!(e.to_string().contains("date_of_service"));
        let e = Encounter::from_json(r#"{"note":"x","history":[{"date":"2026-01-01","global_days":45}]}"#)
            .unwrap()
            .check()
            .unwrap_err();
        assert!(e.to_string().contains("history[0].global_days"), "{e}");
    }

    #[test]
    fn json_errors_do_not_echo_values() {
        let e = Encounter::from_json(r#"{"note": 12, "id": "SECRET-PHI"}"#);
        assert!(e.is_err() || e.unwrap().check().is_err());
        let e = Encounter::from_json(r#"{"note": ["SECRET-PHI"]}"#).unwrap_err();
        assert!(!e.to_string().contains("SECRET"), "{e}");
    }
}
