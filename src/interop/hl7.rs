//! HL7 v2 input: `MDM^T02`/`T04` (and other MDM events carrying text) and
//! `ORU^R01` messages become encounters.
//!
//! A file holds one or many messages; MLLP framing (`0x0B` ... `0x1C 0x0D`),
//! a byte order mark and blank lines are tolerated, and segments may end in
//! `\r`, `\n` or `\r\n`. Encoding characters come from `MSH-1`/`MSH-2`.
//!
//! Mapping: the note is the text of the `OBX` segments of type TX, FT or ST
//! (each repetition of `OBX-5` a line, lines joined by `\n`, escapes
//! decoded); the date of service is `TXA-4`, else `OBR-7`; the provider is
//! `TXA-5`, else `OBR-16`; the id is `TXA-12`, else `MSH-10`. `PR1`
//! segments with a CPT/HCPCS code become procedure lines (same date, or no
//! date) or history (earlier date), with `PR1-11` (else `PR1-12`) as the
//! performer and `PR1-16` as billed modifiers.

use super::{NoteRecord, ReadError};
use crate::encounter::{Encounter, HistoryItem, ProcedureLine, Provider};

/// The delimiters a message declares in `MSH-1`/`MSH-2`.
#[derive(Debug, Clone, Copy)]
struct Delims {
    field: char,
    component: char,
    repetition: char,
    escape: Option<char>,
    subcomponent: char,
}

/// Coding systems of `PR1-3` taken as CPT/HCPCS.
const CPT_SYSTEMS: &[&str] = &["CPT", "C4", "CPT4", "CPT-4", "C5", "HCPCS", "HCPT", "HCPC"];

/// Whether text (after a byte order mark, MLLP start byte and whitespace)
/// starts with an `MSH` segment.
pub fn looks_like_hl7(text: &str) -> bool {
    let t = text.trim_start_matches(['\u{feff}', '\u{0b}', ' ', '\t', '\r', '\n']);
    t.starts_with("MSH") && t[3..].chars().next().is_some_and(|c| c.is_ascii_punctuation())
}

/// Splits a file into messages: (number of the `MSH` segment in the file,
/// counting segments from 1, and the message's segments).
fn messages(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    let segments = text
        .split(['\r', '\n', '\u{0b}', '\u{1c}'])
        .map(|s| s.trim_start_matches(['\u{feff}', ' ', '\t']))
        .filter(|s| !s.trim().is_empty());
    for (n, seg) in segments.enumerate() {
        if seg.starts_with("MSH") {
            out.push((n + 1, vec![seg]));
        } else if let Some((_, segs)) = out.last_mut() {
            segs.push(seg);
        }
    }
    out
}

/// Reads every message of an HL7 v2 file; each gives one record.
pub fn read(text: &str) -> Vec<NoteRecord> {
    let found = messages(text);
    if found.is_empty() {
        let problem = ReadError::new("invalid_hl7", "no MSH segment: not an HL7 v2 message");
        return vec![NoteRecord { id: "message:1".into(), line: None, encounter: Err(problem) }];
    }
    found
        .into_iter()
        .enumerate()
        .map(|(i, (line, segs))| {
            let fallback_id = format!("message:{}", i + 1);
            match Message::parse(&segs) {
                Err(e) => NoteRecord { id: fallback_id, line: Some(line), encounter: Err(e) },
                Ok(msg) => {
                    let id = msg.id().unwrap_or(fallback_id);
                    let encounter = msg.encounter(&id);
                    NoteRecord { id, line: Some(line), encounter }
                }
            }
        })
        .collect()
}

/// One message, split into segments and fields.
struct Message<'a> {
    delims: Delims,
    segments: Vec<(&'a str, Vec<&'a str>)>,
}

impl<'a> Message<'a> {
    fn parse(segs: &[&'a str]) -> Result<Message<'a>, ReadError> {
        let msh = segs[0];
        let mut chars = msh[3..].chars();
        let field = chars.next().filter(|c| c.is_ascii_punctuation()).ok_or_else(|| {
            ReadError::new("invalid_hl7", "MSH segment without a field separator")
        })?;
        let declared: Vec<char> = chars.take_while(|c| *c != field).collect();
        let at = |i: usize, default: char| declared.get(i).copied().unwrap_or(default);
        let delims = Delims {
            field,
            component: at(0, '^'),
            repetition: at(1, '~'),
            escape: declared.get(2).copied().or(if declared.len() < 3 { Some('\\') } else { None }),
            subcomponent: at(3, '&'),
        };
        let segments = segs
            .iter()
            .map(|s| {
                let name = s.get(..3).unwrap_or(s);
                let mut fields: Vec<&str> = s.split(field).collect();
                if name == "MSH" {
                    // MSH-1 is the separator itself: shift so that fields[n] is MSH-n.
                    fields.insert(1, "");
                }
                (name, fields)
            })
            .collect();
        Ok(Message { delims, segments })
    }

    /// Field `n` of the first segment named `name`.
    fn field(&self, name: &str, n: usize) -> Option<&'a str> {
        self.segments.iter().find(|(s, _)| *s == name).and_then(|(_, f)| f.get(n).copied()).filter(|f| !f.is_empty())
    }

    /// The components of a field's first repetition.
    fn components(&self, field: &'a str) -> Vec<&'a str> {
        field.split(self.delims.repetition).next().unwrap_or("").split(self.delims.component).collect()
    }

    fn id(&self) -> Option<String> {
        let txa12 = self.field("TXA", 12).and_then(|f| self.components(f).first().map(|c| self.decode(c)));
        txa12.filter(|s| !s.trim().is_empty()).or_else(|| self.field("MSH", 10).map(|f| self.decode(f)))
    }

    fn encounter(&self, id: &str) -> Result<Encounter, ReadError> {
        let kind = self.field("MSH", 9).map(|f| self.components(f)).unwrap_or_default();
        let (event, trigger) = (kind.first().copied().unwrap_or(""), kind.get(1).copied().unwrap_or(""));
        if !(event == "MDM" || (event == "ORU" && trigger == "R01")) {
            return Err(ReadError::new(
                "unsupported_message",
                format!("message {id}: {event}^{trigger} is not MDM or ORU^R01: no note to read"),
            ));
        }
        let note = self.note_text();
        if note.trim().is_empty() {
            return Err(ReadError::new("missing_note", format!("message {id}: no OBX segment of type TX, FT or ST holds note text")));
        }
        let mut enc = Encounter::from_note(note);
        enc.id = Some(id.to_string());
        let date_field = self.field("TXA", 4).map(|f| ("TXA-4", f)).or_else(|| self.field("OBR", 7).map(|f| ("OBR-7", f)));
        if let Some((name, f)) = date_field {
            match hl7_date(self.components(f).first().copied().unwrap_or("")) {
                Some(d) => enc.date_of_service = Some(d),
                None => enc.input_warnings.push(format!("message {id}: {name} is not a date; date of service unknown")),
            }
        }
        enc.provider = self.field("TXA", 5).or_else(|| self.field("OBR", 16)).and_then(|f| self.provider(f));
        self.procedures(&mut enc);
        Ok(enc)
    }

    /// The OBX text lines, escapes decoded, joined by newlines.
    fn note_text(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for (name, fields) in &self.segments {
            if *name != "OBX" {
                continue;
            }
            let kind = fields.get(2).copied().unwrap_or("");
            if !matches!(kind, "TX" | "FT" | "ST") {
                continue;
            }
            let value = fields.get(5).copied().unwrap_or("");
            for rep in value.split(self.delims.repetition) {
                lines.push(self.decode(rep));
            }
        }
        lines.join("\n")
    }

    /// Decodes HL7 escapes (`\F\ \S\ \T\ \R\ \E\ \.br\ \Xhh\`); formatting
    /// commands other than line breaks are dropped; an unterminated or
    /// unknown escape is kept as written.
    fn decode(&self, s: &str) -> String {
        let Some(esc) = self.delims.escape else { return s.to_string() };
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(at) = rest.find(esc) {
            out.push_str(&rest[..at]);
            let after = &rest[at + esc.len_utf8()..];
            let Some(end) = after.find(esc) else {
                out.push_str(&rest[at..]);
                return out;
            };
            let seq = &after[..end];
            match seq {
                "F" => out.push(self.delims.field),
                "S" => out.push(self.delims.component),
                "T" => out.push(self.delims.subcomponent),
                "R" => out.push(self.delims.repetition),
                "E" => out.push(esc),
                "H" | "N" => {}
                ".br" => out.push('\n'),
                s if s.starts_with(".sp") => out.push('\n'),
                s if s.starts_with('.') || s.starts_with('C') || s.starts_with('M') || s.starts_with('Z') => {}
                s if s.starts_with('X') && s.len() % 2 == 1 && s[1..].bytes().all(|b| b.is_ascii_hexdigit()) => {
                    let bytes: Vec<u8> = (1..s.len()).step_by(2).filter_map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok()).collect();
                    match String::from_utf8(bytes) {
                        Ok(t) => out.push_str(&t.replace('\0', "")),
                        Err(e) => out.extend(e.into_bytes().into_iter().filter(|b| *b != 0).map(char::from)),
                    }
                }
                _ => {
                    out.push(esc);
                    out.push_str(seq);
                    out.push(esc);
                }
            }
            rest = &after[end + esc.len_utf8()..];
        }
        out.push_str(rest);
        out
    }

    /// An XCN field's person: its id (an NPI when it is one) and nothing else.
    fn provider(&self, field: &str) -> Option<Provider> {
        let id = self.decode(self.components(field).first().copied().unwrap_or("")).trim().to_string();
        (!id.is_empty()).then(|| Provider { id: Some(id), ..Provider::default() })
    }

    /// `PR1` segments: lines on the date of service (or undated), history before it.
    fn procedures(&self, enc: &mut Encounter) {
        let mut lines = Vec::new();
        let mut history = Vec::new();
        for (name, fields) in &self.segments {
            if *name != "PR1" {
                continue;
            }
            let get = |n: usize| fields.get(n).copied().unwrap_or("");
            let code = self.components(get(3));
            let system = code.get(2).copied().unwrap_or("").trim().to_ascii_uppercase();
            let value = self.decode(code.first().copied().unwrap_or("")).trim().to_string();
            let cpt_like = value.len() == 5 && value.bytes().all(|b| b.is_ascii_alphanumeric());
            if value.is_empty() || !(CPT_SYSTEMS.contains(&system.as_str()) || (system.is_empty() && cpt_like)) {
                continue;
            }
            let text = self.decode(code.get(1).copied().unwrap_or(""));
            let laterality = super::laterality_in(&text);
            let diagnoses: Vec<String> =
                get(15).split(self.delims.repetition).filter_map(|r| r.split(self.delims.component).next()).filter(|c| !c.is_empty()).map(|c| self.decode(c)).collect();
            let date = hl7_date(self.components(get(5)).first().copied().unwrap_or(""));
            let surgeon = [11, 12].iter().find_map(|n| (!get(*n).is_empty()).then(|| self.provider(get(*n))).flatten());
            let earlier = matches!((&date, &enc.date_of_service), (Some(d), Some(dos)) if d < dos);
            let later = matches!((&date, &enc.date_of_service), (Some(d), Some(dos)) if d > dos);
            if earlier {
                history.push(HistoryItem { code: Some(value), date, laterality, diagnoses, provider: surgeon, global_days: None });
            } else if !later {
                let modifiers: Vec<String> = get(16)
                    .split(self.delims.repetition)
                    .filter_map(|r| r.split(self.delims.component).next())
                    .map(|m| self.decode(m).trim().to_string())
                    .filter(|m| !m.is_empty())
                    .collect();
                if enc.provider.is_none() {
                    enc.provider = surgeon;
                }
                lines.push(ProcedureLine { code: Some(value), laterality, diagnoses, billed_modifiers: (!modifiers.is_empty()).then_some(modifiers) });
            }
        }
        if !lines.is_empty() {
            enc.procedures = Some(lines);
        }
        if !history.is_empty() {
            enc.history = Some(history);
        }
    }
}

/// An HL7 TS/DTM value's calendar date (`20260120083000-0500` -> `2026-01-20`).
fn hl7_date(ts: &str) -> Option<String> {
    let ts = ts.trim();
    let digits = ts.get(..8).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
    let date = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..8]);
    crate::encounter::parse_date(&date).map(|_| date)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T02: &str = "MSH|^~\\&|DICT|HOSP|EHR|HOSP|20260120101500||MDM^T02^MDM_T02|MSG0001|P|2.5.1\r\
PID|1||PAT123^^^HOSP^MR||DOE^JANE\r\
TXA|1|OP|TX|20260120083000|1609384721^BRECK^CALLUM^^^^^^NPI^^^^NPI|||||||DOC-778|||||AU\r\
OBX|1|TX|11504-8^Surgical operation note^LN||OPERATIVE REPORT~~Hematoma \\T\\ drainage\\.br\\left knee \\F\\ POD 6\r\
OBX|2|FT|11504-8^Surgical operation note^LN||Returned to the \\E\\OR\\E\\ today. \\H\\Bold\\N\\ \\X4F4B\\\r";

    #[test]
    fn reads_an_mdm_t02() {
        let recs = read(T02);
        assert_eq!(recs.len(), 1);
        let enc = recs[0].encounter.as_ref().unwrap();
        assert_eq!(recs[0].id, "DOC-778");
        assert_eq!(enc.date_of_service.as_deref(), Some("2026-01-20"));
        assert_eq!(enc.provider.as_ref().unwrap().id.as_deref(), Some("1609384721"));
        assert_eq!(
            enc.note.as_deref(),
            Some("OPERATIVE REPORT\n\nHematoma & drainage\nleft knee | POD 6\nReturned to the \\OR\\ today. Bold OK")
        );
    }

    #[test]
    fn declared_delimiters_are_used() {
        let msg = "MSH#*!@%#DICT####20260120##MDM*T02#42#P#2.5.1\nTXA#1#OP#TX#20260121\nOBX#1#TX###a @F@ b@.br@c!d\n";
        let recs = read(msg);
        let enc = recs[0].encounter.as_ref().unwrap();
        assert_eq!(recs[0].id, "42");
        assert_eq!(enc.note.as_deref(), Some("a # b\nc\nd"));
        assert_eq!(enc.date_of_service.as_deref(), Some("2026-01-21"));
    }

    #[test]
    fn mllp_framed_messages_split_and_number() {
        let framed = format!("\u{0b}{T02}\u{1c}\r\u{0b}{}\u{1c}\r", T02.replace("MSG0001", "MSG0002").replace("DOC-778", ""));
        let recs = read(&framed);
        assert_eq!(recs.len(), 2);
        assert_eq!(recs[0].id, "DOC-778");
        assert_eq!(recs[1].id, "MSG0002", "no TXA-12: MSH-10");
        assert_eq!(recs[1].line, Some(6), "the second MSH is the sixth segment");
        assert!(looks_like_hl7(&framed));
        assert!(!looks_like_hl7("MSHAL is a name"));
    }

    proptest::proptest! {
        /// Text escaped as a sender would (`\E\ \F\ \S\ \T\ \R\`, lines as
        /// repetitions) reads back as itself.
        #[test]
        fn escaped_text_reads_back(lines in proptest::collection::vec("[^\r\n\u{0b}\u{1c}]{0,40}", 1..5)) {
            let escape = |l: &str| l.replace('\\', "\\E\\").replace('|', "\\F\\").replace('^', "\\S\\").replace('&', "\\T\\").replace('~', "\\R\\");
            let value: Vec<String> = lines.iter().map(|l| escape(l)).collect();
            let msg = format!("MSH|^~\\&|A|B|C|D|20260101||MDM^T02|1|P|2.5.1\rTXA|1|OP|TX|20260101\rOBX|1|TX|||{}\r", value.join("~"));
            let rec = read(&msg).remove(0);
            let expected = lines.join("\n");
            match rec.encounter {
                Ok(enc) => proptest::prop_assert_eq!(enc.note.as_deref(), Some(expected.as_str())),
                Err(e) => proptest::prop_assert!(expected.trim().is_empty() && e.kind == "missing_note"),
            }
        }
    }

    #[test]
    fn text_without_msh_is_one_error() {
        let recs = read("PID|1\rOBX|1|TX|||text\r");
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].encounter.as_ref().unwrap_err().kind, "invalid_hl7");
    }

    #[test]
    fn other_messages_and_empty_text_are_errors_naming_the_message() {
        let adt = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|CTRL9|P|2.5.1\rPID|1\r";
        let e = read(adt).remove(0).encounter.unwrap_err();
        assert_eq!(e.kind, "unsupported_message");
        assert!(e.message.contains("CTRL9"));
        let empty = "MSH|^~\\&|A|B|C|D|20260101||ORU^R01|CTRL10|P|2.5.1\rOBR|1|||||20260102\r";
        assert_eq!(read(empty).remove(0).encounter.unwrap_err().kind, "missing_note");
    }

    #[test]
    fn pr1_segments_become_lines_and_history() {
        let msg = format!(
            "{T02}PR1|1||27310^Arthrotomy left knee^C4||20260120|||||||1609384721||||78\r\
PR1|2||27447^Total knee arthroplasty left^CPT||20260114||||||1609384721^BRECK\r\
PR1|3||0SRD0J9^TKA^I10P||20260114\r"
        );
        let enc = read(&msg).remove(0).encounter.unwrap();
        let lines = enc.procedures.unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].code.as_deref(), Some("27310"));
        assert_eq!(lines[0].laterality.as_deref(), Some("left"));
        assert_eq!(lines[0].billed_modifiers, Some(vec!["78".to_string()]));
        let history = enc.history.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].date.as_deref(), Some("2026-01-14"));
        assert_eq!(history[0].provider.as_ref().unwrap().id.as_deref(), Some("1609384721"));
    }
}
